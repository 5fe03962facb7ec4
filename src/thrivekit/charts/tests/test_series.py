import json

from thrivekit.charts import category_bars, monthly_lines, to_svg


def test_monthly_lines_render_and_leave_hidden_values_out():
    # Given two series over three months, one value hidden by disclosure control
    rows = [
        {"month": "2024-01", "series": "Referrals", "value": 120},
        {"month": "2024-02", "series": "Referrals", "value": "*"},
        {"month": "2024-03", "series": "Referrals", "value": 95},
        {"month": "2024-01", "series": "Waiting list", "value": 300},
    ]
    spec = monthly_lines(rows, title="Demand", y_title="Referrals")
    # Then the hidden value is not drawn and the subtitle says why
    drawn = json.dumps(spec)
    assert '"value": "*"' not in drawn and '"value": 95' in drawn
    assert "hidden" in str(spec["title"])
    assert "<svg" in to_svg(spec)


def test_category_bars_draw_reference_ranges_behind_the_bars():
    rows = [{"category": "Getting Help", "value": 55.0}, {"category": "Thriving", "value": "*"}]
    reference = [{"category": "Getting Help", "low": 55, "high": 65}]
    spec = category_bars(rows, title="Mix", x_title="Share of referrals (%)", reference=reference)
    assert "reference range, not a target" in str(spec["title"])
    assert "<svg" in to_svg(spec)


def test_nothing_to_draw_says_so():
    spec = category_bars([], title="Empty", x_title="Count")
    assert "No answers yet" in str(spec)


def test_a_single_reference_value_is_drawn_as_a_mark_not_a_zero_width_bar():
    # Given one grouping with a reference range and one with a single reference value
    rows = [
        {"category": "Getting Help", "value": 55.0},
        {"category": "Getting More Help", "value": 7.0},
    ]
    reference = [
        {"category": "Getting Help", "low": 55, "high": 65},
        {"category": "Getting More Help", "low": 5, "high": 5},
    ]
    spec = category_bars(rows, title="Mix", x_title="Share of referrals (%)", reference=reference)
    # Then the range is a bar behind the bars and the single value a tick mark in front
    layers = spec["layer"]
    marks = [
        layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
        for layer in layers
    ]
    assert marks == ["bar", "bar", "tick"]
    assert layers[-1]["data"]["values"] == [{"category": "Getting More Help", "low": 5, "high": 5}]
    assert "grey: reference range and mark, not a target" in str(spec["title"])
    assert "<svg" in to_svg(spec)
