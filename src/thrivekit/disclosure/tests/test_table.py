"""Whole tables: every count, percentage and statistic goes through the same rules."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thrivekit.disclosure import SUPPRESSED, DisclosurePolicy, safe_count, safe_table

PROPERTY = settings(deadline=None, max_examples=150)


def area_table():
    return [
        {"area": "North", "thrive_like": 8, "answered": 13, "mean_score": 2.345, "year": 2025},
        {"area": "South", "thrive_like": 3, "answered": 20, "mean_score": 3.1, "year": 2025},
        {"area": "East", "thrive_like": 0, "answered": 5, "mean_score": 1.8, "year": 2025},
        {"area": "West", "thrive_like": 0, "answered": 0, "mean_score": None, "year": 2025},
    ]


def publish(rows, **kwargs):
    return safe_table(
        rows,
        percentage_fields={"pct_thrive_like": ("thrive_like", "answered")},
        statistic_fields={"mean_score": "answered"},
        keep_fields=("year",),
        **kwargs,
    )


def test_a_table_is_published_cell_by_cell():
    # Given a table of areas, when it is published
    published = publish(area_table())
    # Then counts are rounded or suppressed, rates follow them, and labels are untouched
    assert published == [
        {"area": "North", "thrive_like": 10, "answered": 15, "mean_score": 2.35, "year": 2025,
         "pct_thrive_like": 66.7},
        {"area": "South", "thrive_like": SUPPRESSED, "answered": 20, "mean_score": 3.1,
         "year": 2025, "pct_thrive_like": SUPPRESSED},
        {"area": "East", "thrive_like": 0, "answered": SUPPRESSED, "mean_score": SUPPRESSED,
         "year": 2025, "pct_thrive_like": SUPPRESSED},
        {"area": "West", "thrive_like": 0, "answered": 0, "mean_score": None, "year": 2025,
         "pct_thrive_like": None},
    ]  # fmt: skip


def test_the_input_table_is_not_changed():
    rows = area_table()
    publish(rows)
    assert rows == area_table()


def test_a_forgotten_count_cannot_slip_through():
    # Given a numeric column nobody declared (here a raw count of referrals)
    rows = [{"area": "North", "referrals": 3}]
    # When published, then it is refused rather than shown raw
    with pytest.raises(ValueError, match="'referrals' holds a number"):
        safe_table(rows)


def test_a_nested_value_that_could_hide_counts_is_refused():
    with pytest.raises(ValueError, match="'by_age' holds dict"):
        safe_table([{"area": "North", "by_age": {"0-4": 3}}])


def test_dates_and_kept_numbers_pass_through():
    rows = [{"week": date(2025, 3, 3), "rank": 1, "people": 40}]
    assert safe_table(rows, count_fields=("people",), keep_fields=("rank",)) == [
        {"week": date(2025, 3, 3), "rank": 1, "people": 40}
    ]


def test_a_missing_column_is_named():
    with pytest.raises(ValueError, match="row 0 has no field 'answered'"):
        safe_table([{"thrive_like": 3}], percentage_fields={"pct": ("thrive_like", "answered")})


def test_a_field_cannot_have_two_roles():
    with pytest.raises(ValueError, match="more than one role"):
        safe_table([{"n": 10}], count_fields=("n",), keep_fields=("n",))


def test_a_table_with_a_different_threshold():
    rows = [{"area": "North", "people": 6}]
    assert safe_table(rows, count_fields=("people",), policy=DisclosurePolicy(threshold=5)) == [
        {"area": "North", "people": 5}
    ]
    assert safe_table(rows, count_fields=("people",)) == [{"area": "North", "people": SUPPRESSED}]


small_and_large = st.one_of(st.integers(0, 15), st.integers(0, 10_000))


@st.composite
def tables(draw):
    rows = []
    for index in range(draw(st.integers(0, 12))):
        denominator = draw(small_and_large)
        numerator = draw(st.integers(0, denominator))
        rows.append(
            {
                "label": f"group {index}",
                "yes": numerator,
                "total": denominator,
                "other_count": draw(small_and_large),
                "median": draw(st.floats(1, 4)) if denominator else None,
            }
        )
    return rows


@PROPERTY
@given(tables())
def test_every_published_table_obeys_the_rules(rows):
    published = safe_table(
        rows,
        count_fields=("other_count",),
        percentage_fields={"pct_yes": ("yes", "total")},
        statistic_fields={"median": "total"},
    )
    assert len(published) == len(rows)
    for raw, out in zip(rows, published, strict=True):
        # P1: every count cell is 0, * or a multiple of 5 that is at least 10
        for name in ("yes", "total", "other_count"):
            cell = out[name]
            assert cell == 0 or cell == SUPPRESSED or (cell % 5 == 0 and cell >= 10)
            assert cell == safe_count(raw[name])
        # P3: the rate is * if either published count is *, else recomputable from them
        if out["total"] == 0:
            assert out["pct_yes"] is None
        elif SUPPRESSED in (out["yes"], out["total"]):
            assert out["pct_yes"] == SUPPRESSED
        else:
            exact = Decimal(out["yes"]) * 100 / Decimal(out["total"])
            assert out["pct_yes"] == float(exact.quantize(Decimal("0.1"), ROUND_HALF_UP))
        # P6: no statistic over 7 people or fewer
        if 1 <= raw["total"] <= 7:
            assert out["median"] == SUPPRESSED
        assert out["label"] == raw["label"]
