import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thrivekit.charts import checklist_statuses, item_distribution, to_svg
from thrivekit.charts.colours import ANSWER_COLOURS, STATUS_COLOURS
from thrivekit.charts.tests.scene import Scene, walk_keys

ANSWERS = ["1", "2", "3", "4", "Don't know"]
STATUSES = ["in_place", "in_progress", "not_started", "dont_know"]


def answer_rows(item, label, counts):
    return [
        {"item": item, "label": label, "answer": answer, "count": count}
        for answer, count in counts.items()
    ]


def bars_by_row(scene):
    """{y: [(fill, x, width), ...] left to right} for the bars of a stacked chart."""
    rows = {}
    for bar in scene.marks("rect"):
        rows.setdefault(round(bar["y"]), []).append((bar["fill"], bar["x"], bar["width"]))
    return {y: sorted(bars, key=lambda bar: bar[1]) for y, bars in sorted(rows.items())}


# -- item_distribution -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def items_scene():
    # Answers given in a scrambled order, two items, one with no "Don't know"
    rows = answer_rows("q2", "Second item", {"Don't know": 10, "4": 20, "1": 10, "3": 40, "2": 20})
    rows += answer_rows("q1", "First item", {"2": 15, "1": 5})
    return Scene(item_distribution(rows))


def test_items_keep_the_given_order(items_scene):
    assert items_scene.row_labels() == ["Second item", "First item"]


def test_answers_stack_from_1_to_4_then_dont_know(items_scene):
    # Given answers listed out of order, when drawn, then each bar reads 1, 2, 3, 4, Don't know
    second, first = bars_by_row(items_scene).values()
    assert [fill for fill, _, _ in second] == [ANSWER_COLOURS[a] for a in ANSWERS]
    assert [fill for fill, _, _ in first] == [ANSWER_COLOURS["1"], ANSWER_COLOURS["2"]]


def test_bars_show_the_share_of_answers(items_scene):
    # Given 10, 20, 40, 20, 10 answers, then the segments take 10%, 20%, 40%, 20%, 10% of the bar
    second, first = bars_by_row(items_scene).values()
    total = sum(width for _, _, width in second)
    assert [round(width / total, 3) for _, _, width in second] == [0.1, 0.2, 0.4, 0.2, 0.1]
    # and every bar is the full width, whatever its number of answers
    assert sum(width for _, _, width in first) == pytest.approx(total)


def test_item_spec_carries_counts_and_shares():
    spec = item_distribution(answer_rows("q1", "First item", {1: 5, "2": 15}))
    # Given numeric answer 1 and string "2", then both are read as answers, with shares
    values = spec["data"]["values"]
    assert [(v["answer"], v["count"], v["share_label"]) for v in values] == [
        ("1", 5, "25%"),
        ("2", 15, "75%"),
    ]
    assert "url" not in set(walk_keys(spec))
    assert spec["width"] == "container" and spec["description"] and spec["title"]["text"]


def test_hidden_counts_are_left_out_and_said_so():
    # Given a count hidden by disclosure control
    spec = item_distribution(answer_rows("q1", "First item", {"1": "*", "2": 15}))
    # then it is not drawn, and the subtitle and description say small counts are hidden
    assert [v["answer"] for v in spec["data"]["values"]] == ["2"]
    assert "hidden" in spec["title"]["subtitle"]
    assert "hidden" in spec["description"]


@pytest.mark.parametrize("rows", [[], answer_rows("q1", "First item", {"1": 0, "2": 0})])
def test_items_without_answers_say_no_answers_yet(rows):
    assert "No answers yet" in to_svg(item_distribution(rows))


def test_an_unknown_answer_is_refused():
    with pytest.raises(ValueError, match="5"):
        item_distribution(answer_rows("q1", "First item", {"5": 3}))


# -- checklist_statuses ------------------------------------------------------------------------


def status_rows(action, number, counts, *, labels=True):
    return [
        {
            "action": action,
            "number": number,
            "label": f"Action {number}",
            "status": status,
            "status_label": status.replace("_", " ").capitalize() if labels else "",
            "count": count,
        }
        for status, count in counts.items()
    ]


@pytest.fixture(scope="module")
def checklist_scene():
    rows = status_rows("a3", 3, {"dont_know": 5, "in_place": 10, "not_started": 5})
    rows += status_rows("a1", 1, {"not_started": 20})
    rows += status_rows(
        "a2", 2, {"in_progress": 5, "in_place": 5, "not_started": 5, "dont_know": 5}
    )
    return Scene(checklist_statuses(rows))


def test_actions_read_in_number_order(checklist_scene):
    assert checklist_scene.row_labels() == ["1. Action 1", "2. Action 2", "3. Action 3"]


def test_a_long_action_is_cut_at_a_word_on_the_axis_and_kept_whole_in_its_tooltip():
    # Given an action whose title is longer than the axis has room for
    title = "Agree a shared language of needs-based groupings across every partner agency"
    rows = status_rows("a1", 1, {"in_place": 10})
    for row in rows:
        row["label"] = title
    spec = checklist_statuses(rows)
    # Then the axis shows it cut at a word with an ellipsis, and the tooltip has it whole
    (value,) = spec["data"]["values"]
    assert value["action_label"] == "1. Agree a shared language of…"
    assert value["action_title"] == f"1. {title}"


def test_statuses_stack_in_order_with_fixed_colours(checklist_scene):
    # Given statuses listed in any order, then each bar reads in place, in progress, not started,
    # don't know; and "not started" has the same colour even when it is an action's only status
    one, two, three = bars_by_row(checklist_scene).values()
    assert [fill for fill, _, _ in one] == [STATUS_COLOURS["not_started"]]
    assert [fill for fill, _, _ in two] == [STATUS_COLOURS[s] for s in STATUSES]
    assert [fill for fill, _, _ in three] == [
        STATUS_COLOURS["in_place"],
        STATUS_COLOURS["not_started"],
        STATUS_COLOURS["dont_know"],
    ]
    # and each bar is 100%
    widths = {round(sum(width for _, _, width in bar), 6) for bar in (one, two, three)}
    assert len(widths) == 1


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=31), min_size=1, max_size=8, unique=True))
def test_actions_are_always_sorted_by_number(numbers):
    # Given actions in any order, when the spec is built, then the rows are in number order
    rows = [row for n in numbers for row in status_rows(f"a{n}", n, {"in_place": 3})]
    spec = checklist_statuses(rows)
    expected = [f"{n}. Action {n}" for n in sorted(numbers)]
    assert spec["encoding"]["y"]["sort"] == expected


def test_legend_lists_every_status_with_the_default_wording_when_none_given():
    spec = checklist_statuses(status_rows("a1", 1, {"in_place": 3}, labels=False))
    assert spec["encoding"]["color"]["scale"]["domain"] == [
        "Already in place",
        "Work in progress",
        "Not in place, no work yet",
        "Don't know",
    ]
    assert spec["encoding"]["color"]["scale"]["range"] == list(STATUS_COLOURS.values())


def test_checklist_without_answers_says_no_answers_yet():
    assert "No answers yet" in to_svg(checklist_statuses([]))


def test_an_unknown_status_is_refused():
    with pytest.raises(ValueError, match="finished"):
        checklist_statuses(status_rows("a1", 1, {"finished": 3}))
