import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thrivekit.charts import assessment_heatmap, to_svg
from thrivekit.charts.colours import NO_ANSWERS_GREY, contrast_ratio, score_colour
from thrivekit.charts.tests.scene import Scene, rgb_hex, walk_keys

PRINCIPLES = [
    ("needs-led", "Needs-led"),
    ("shared-decisions", "Shared decision making"),
    ("proactive", "Proactive prevention and promotion"),
]
LEVELS = [("macro", "Macro"), ("meso", "Meso"), ("micro", "Micro")]
MEDIANS = {
    ("needs-led", "macro"): 3,
    ("needs-led", "meso"): 1.5,
    ("needs-led", "micro"): 4,
    ("shared-decisions", "macro"): 1,
    ("shared-decisions", "meso"): 2.5,
    ("shared-decisions", "micro"): None,
    ("proactive", "macro"): 2,
    ("proactive", "micro"): "*",
}


def cell(principle, level, median, *, n=12, pct=58.3):
    return {
        "principle": principle,
        "principle_name": dict(PRINCIPLES)[principle],
        "level": level,
        "level_name": dict(LEVELS)[level],
        "median": median,
        "n": n if median is not None else 0,
        "thrive_like_pct": pct if median is not None else None,
    }


def workshop_cells():
    # Levels deliberately given micro first; proactive/meso is missing altogether.
    return [
        cell(principle, level, MEDIANS[(principle, level)])
        for principle, _ in PRINCIPLES
        for level in ("micro", "macro", "meso")
        if (principle, level) in MEDIANS
    ]


@pytest.fixture(scope="module")
def scene():
    return Scene(assessment_heatmap(workshop_cells()))


def test_levels_read_macro_meso_micro_from_left_to_right(scene):
    # Given cells listed micro, macro, meso; when drawn; then the columns are in the THRIVE order
    assert scene.column_labels() == ["Macro", "Meso", "Micro"]


def test_principles_keep_the_given_order_from_top_to_bottom(scene):
    assert scene.row_labels() == [name for _, name in PRINCIPLES]


@settings(max_examples=25, deadline=None)
@given(st.permutations(workshop_cells()))
def test_level_and_principle_order_never_depend_on_row_order(cells):
    # Given the same cells in any order, when the spec is built, then levels keep the THRIVE order
    spec = assessment_heatmap(cells)
    x = spec["layer"][0]["encoding"]["x"]
    assert x["sort"] == ["Macro", "Meso", "Micro"]
    # and principles appear in the order they first occur
    first_seen = list(dict.fromkeys(c["principle_name"] for c in cells))
    assert spec["layer"][0]["encoding"]["y"]["sort"] == first_seen


def test_each_scored_cell_has_its_median_colour_and_readable_text(scene):
    # Given the drawn heatmap, then every coloured cell has the fixed-scale colour of its median
    coloured = scene.marks("rect", "layer_1_marks")
    labels = {(round(t["x"]), round(t["y"])): t for t in scene.marks("text")}
    scored = {k: v for k, v in MEDIANS.items() if isinstance(v, int | float)}
    assert sorted(rgb_hex(r["fill"]) for r in coloured) == sorted(
        score_colour(m) for m in scored.values()
    )
    for rect in coloured:
        centre = (round(rect["x"] + rect["width"] / 2), round(rect["y"] + rect["height"] / 2))
        label = labels[centre]
        # and its median is written in it, in a colour with at least 4.5:1 contrast
        assert label["text"] in {"3", "1.5", "4", "1", "2.5", "2"}
        assert contrast_ratio(label["fill"], rgb_hex(rect["fill"])) >= 4.5


def test_cells_without_a_score_are_grey_and_say_so(scene):
    # Given a cell with no answers, a hidden cell and a cell missing from the input,
    texts = [t["text"] for t in scene.marks("text")]
    # then all nine cells are drawn on grey, the empty ones labelled, the hidden one "*"
    background = scene.marks("rect", "layer_0_marks")
    assert len(background) == 9
    assert {r["fill"] for r in background} == {NO_ANSWERS_GREY}
    assert texts.count("No answers") == 2
    assert texts.count("*") == 1


def test_tooltip_gives_the_number_of_answers_and_share_thrive_like():
    # Given a cell answered by 12 people, 58.3% THRIVE-like
    spec = assessment_heatmap([cell("needs-led", "macro", 3)])
    # then the tooltip lists both, and the data carries them as shown
    titles = [t["title"] for t in spec["layer"][0]["encoding"]["tooltip"]]
    assert "Answers (n)" in titles and "THRIVE-like (3 or more)" in titles
    (row,) = spec["data"]["values"]
    assert row["answers"] == "12" and row["thrive_like"] == "58.3%"
    assert row["median_label"] == "3"


def test_spec_is_self_contained_accessible_and_page_wide():
    spec = assessment_heatmap(workshop_cells())
    # Given the spec, then the data is inlined and nothing is loaded from a URL
    assert "url" not in set(walk_keys(spec))
    names = {row["principle_name"] for row in spec["data"]["values"]}
    assert names == {name for _, name in PRINCIPLES}
    # and screen readers get a description; the chart has a title and fills the page width
    assert "3 principles at Macro, Meso, Micro level" in spec["description"]
    assert spec["title"]["text"]
    assert spec["width"] == "container"
    assert spec["config"]["font"].startswith("Arial")


def test_no_answers_yet_renders_a_message_not_an_error():
    # Given no cells, when the chart is built and rendered, then it says so
    spec = assessment_heatmap([])
    svg = to_svg(spec)
    assert "No answers yet" in svg
    assert "no answers yet" in spec["description"]


def test_unknown_level_is_refused():
    bad = cell("needs-led", "macro", 3) | {"level": "mega"}
    with pytest.raises(ValueError, match="mega"):
        assessment_heatmap([bad])
