import pytest

from thrivekit.charts import snapshot_change, to_svg
from thrivekit.charts.colours import BASELINE_COLOUR, LATER_COLOUR
from thrivekit.charts.tests.scene import Scene


def row(principle, level, baseline, later):
    return {
        "principle_name": principle,
        "level_name": level,
        "baseline_median": baseline,
        "later_median": later,
    }


ROWS = [
    row("Needs-led", "Macro", 2, 3.5),
    row("Needs-led", "Meso", 3, 2),
    row("Shared decision making", "Micro", 2.5, 2.5),
    row("Proactive prevention", "Macro", None, 3),
    row("Partnership working", "Meso", None, "*"),
]


@pytest.fixture(scope="module")
def scene():
    return Scene(snapshot_change(ROWS))


def points(scene):
    """{row y: {colour: x}} of the drawn points."""
    by_row = {}
    for point in scene.marks("symbol"):
        by_row.setdefault(round(point["y"]), {})[point["fill"]] = point["x"]
    return [by_row[y] for y in sorted(by_row)]


def test_rows_keep_the_given_order_and_drop_rows_with_no_score(scene):
    assert scene.row_labels() == [
        "Needs-led (Macro)",
        "Needs-led (Meso)",
        "Shared decision making (Micro)",
        "Proactive prevention (Macro)",
    ]


def test_points_sit_where_the_medians_are(scene):
    # Given a rise, a fall, no change and a baseline with no score
    rise, fall, same, later_only = points(scene)
    # then the later point is right of the baseline for a rise and left of it for a fall
    assert rise[LATER_COLOUR] > rise[BASELINE_COLOUR]
    assert fall[LATER_COLOUR] < fall[BASELINE_COLOUR]
    assert same[LATER_COLOUR] == pytest.approx(same[BASELINE_COLOUR])
    # and a row scored on one side only shows that one point
    assert set(later_only) == {LATER_COLOUR}


def test_lines_join_baseline_and_later_where_both_exist(scene):
    rules = scene.marks("rule")
    assert len(rules) == 3
    rise = points(scene)[0]
    assert {round(rules[0]["x"]), round(rules[0]["x2"])} == {
        round(rise[BASELINE_COLOUR]),
        round(rise[LATER_COLOUR]),
    }


def test_scale_always_runs_from_1_to_4(scene):
    # Given medians between 2 and 3.5 only, then the axis still shows the whole 1..4 scale
    assert scene.column_labels() == ["1", "2", "3", "4"]


def test_description_sums_up_the_change():
    spec = snapshot_change(ROWS)
    assert "1 went up, 1 went down, 1 stayed the same" in spec["description"]
    assert "1 scored on one side only" in spec["description"]
    changes = {v["row"]: v["change"] for v in spec["layer"][1]["data"]["values"]}
    assert changes["Needs-led (Macro)"] == "+1.5"
    assert changes["Needs-led (Meso)"] == "-1"


@pytest.mark.parametrize("rows", [[], [row("Needs-led", "Macro", None, None)]])
def test_nothing_to_compare_says_no_answers_yet(rows):
    assert "No answers yet" in to_svg(snapshot_change(rows))
