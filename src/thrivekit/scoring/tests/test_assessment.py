"""THRIVE Assessment: per-item measures, most disputed, heatmap, breakdowns."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thrivekit.scoring import (
    AssessmentResponse,
    assessment_breakdown,
    summarise_assessment,
)

from .strategies import ITEMS, PROPERTY, assessment_answers

R = AssessmentResponse


def room():
    """Five people; p5 says "don't know" to needs-led.meso."""
    return [
        R("p1", "needs-led.meso", 1, local_area="North", table="T1"),
        R("p2", "needs-led.meso", 3, local_area="North", table="T1"),
        R("p3", "needs-led.meso", 4, local_area="North", table="T2"),
        R("p4", "needs-led.meso", 4, local_area="South", table="T2"),
        R("p5", "needs-led.meso", None, local_area="South", table="T2"),
        R("p1", "needs-led.macro", 2, local_area="North", table="T1"),
        R("p2", "needs-led.macro", 3, local_area="North", table="T1"),
        R("p1", "shared.micro", 2, local_area="North", table="T1"),
        R("p2", "shared.micro", 2, local_area="North", table="T1"),
        R("p3", "shared.micro", 2, local_area="North", table="T2"),
    ]


def test_every_measure_for_one_item_by_hand():
    # Given scores 1, 3, 4, 4 and one "don't know" for needs-led.meso
    item = summarise_assessment(room()).item("needs-led.meso")
    # Then "don't know" is counted but left out of every measure
    assert (item.n, item.dont_know, item.answered) == (4, 1, 5)
    assert item.distribution == {1: 1, 2: 0, 3: 1, 4: 2}
    assert item.median == 3.5  # (3 + 4) / 2
    assert item.mean == 3.0  # 12 / 4
    assert item.thrive_like_count == 3  # 3, 4, 4
    assert item.thrive_like_share == 0.75
    assert item.thrive_like_percentage == 75.0
    # inclusive quartiles of 1,3,4,4: 1 + 0.75 * (3 - 1) = 2.5 and 4 + 0.25 * 0 = 4
    assert (item.lower_quartile, item.upper_quartile, item.iqr) == (2.5, 4.0, 1.5)
    # p = 1/4, 1/4, 1/2 -> H = 1.5 ln 2; / ln 4 = 0.75
    assert item.normalised_entropy == pytest.approx(0.75)
    assert (item.principle, item.level) == ("needs-led", "meso")


def test_median_can_fall_between_two_scores():
    item = summarise_assessment(room()).item("needs-led.macro")  # 2 and 3
    assert item.median == 2.5
    assert item.thrive_like_share == 0.5


def test_an_item_everyone_agrees_on():
    item = summarise_assessment(room()).item("shared.micro")  # 2, 2, 2
    assert (item.median, item.iqr, item.normalised_entropy) == (2.0, 0.0, 0.0)
    assert item.thrive_like_share == 0.0


def test_an_item_only_answered_dont_know_has_no_measures():
    item = summarise_assessment([R("p1", "shared.meso", None)]).item("shared.meso")
    assert (item.n, item.dont_know) == (0, 1)
    assert item.median is item.mean is item.iqr is item.normalised_entropy is None
    assert item.thrive_like_share is None


def test_most_disputed_first_with_ties_broken_by_iqr_then_id():
    # Given two items with the same entropy (two scores, two people each) but different IQRs,
    # and a third identical to the second
    responses = [R(f"p{i}", "b.meso", s) for i, s in enumerate([2, 2, 3, 3])]
    responses += [R(f"p{i}", "a.meso", s) for i, s in enumerate([2, 2, 3, 3])]
    responses += [R(f"p{i}", "c.meso", s) for i, s in enumerate([1, 1, 4, 4])]
    responses += [R(f"p{i}", "d.meso", s) for i, s in enumerate([1, 2, 3, 4])]
    responses += [R("p0", "e.meso", None)]
    summary = summarise_assessment(responses)
    # Then: evenly spread first; then the wider IQR; then by id; unscored items left out
    assert summary.most_disputed == ("d.meso", "c.meso", "a.meso", "b.meso")


def test_heatmap_of_median_scores():
    summary = summarise_assessment(room())
    heatmap = summary.heatmap
    # Principles alphabetically, levels in THRIVE order, only the levels used
    assert heatmap.principles == ("needs-led", "shared")
    assert heatmap.levels == ("macro", "meso", "micro")
    assert heatmap.medians == ((2.5, 3.5, None), (None, None, 2.0))
    assert heatmap.counts == ((2, 4, None), (None, None, 3))
    assert heatmap.median("shared", "micro") == 2.0


def test_instrument_items_fix_the_order_and_show_unanswered_items():
    # Given the instrument's items, principles and levels
    summary = summarise_assessment(
        room(),
        items=["shared.micro", "shared.macro", "needs-led.macro", "needs-led.meso"],
        principles=["shared", "needs-led"],
        levels=["macro", "meso", "micro"],
    )
    # Then items keep the instrument order and an unanswered item is there with n = 0
    assert [s.item for s in summary.items] == [
        "shared.micro", "shared.macro", "needs-led.macro", "needs-led.meso",
    ]  # fmt: skip
    assert summary.item("shared.macro").n == 0
    assert summary.heatmap.principles == ("shared", "needs-led")
    assert summary.heatmap.medians[0] == (None, None, 2.0)


def test_an_answer_to_an_item_not_in_the_instrument_is_refused():
    with pytest.raises(ValueError, match="respondent 'p1', item 'shared.micro': unknown item"):
        summarise_assessment(room(), items=["needs-led.meso", "needs-led.macro"])


def test_an_item_with_an_unknown_level_is_refused():
    with pytest.raises(ValueError, match="unknown level 'micro'"):
        summarise_assessment(room(), levels=["macro", "meso"])


@pytest.mark.parametrize("bad_score", [0, 5, -1, 2.5, True, "3"])
def test_a_score_outside_1_to_4_names_the_respondent_and_item(bad_score):
    with pytest.raises(ValueError, match=r"respondent 'p7', item 'needs-led.meso': score must be"):
        R("p7", "needs-led.meso", bad_score)


def test_an_item_id_must_name_principle_and_level():
    with pytest.raises(ValueError, match="respondent 'p1', item 'needs-led'"):
        R("p1", "needs-led", 3)


def test_answering_an_item_twice_is_refused():
    with pytest.raises(ValueError, match="respondent 'p1', item 'shared.micro': answered more"):
        summarise_assessment([*room(), R("p1", "shared.micro", 4)])


def test_summary_is_plain_json():
    summary = summarise_assessment(room())
    data = json.loads(json.dumps(summary.to_dict()))
    assert data["items"][1]["distribution"] == {"1": 1, "2": 0, "3": 1, "4": 2}
    assert data["heatmap"]["cells"][0] == {
        "principle": "needs-led", "level": "macro", "item": "needs-led.macro",
        "median": 2.5, "n": 2,
    }  # fmt: skip
    assert data["breakdowns"][0]["by"] == "local_area"


# Breakdowns ----------------------------------------------------------------------------------


def test_breakdown_hides_groups_under_3_and_says_so():
    # Given North has 3 respondents and South 2
    breakdown = assessment_breakdown(room(), by="local_area")
    # Then only North is shown, South is named as hidden, and the rule is stated
    assert [g.group for g in breakdown.groups] == ["North"]
    assert breakdown.hidden_groups == ("South",)
    assert breakdown.rule == (
        "Groups with fewer than 3 respondents are not shown separately; "
        "their answers are still counted in the overall figures."
    )
    north = breakdown.group("North").summary
    assert north.item("needs-led.meso").distribution == {1: 1, 2: 0, 3: 1, 4: 1}


def test_hidden_groups_still_count_overall():
    # South's 4 on needs-led.meso is in the overall figures
    assert summarise_assessment(room()).item("needs-led.meso").distribution[4] == 2


def test_breakdown_by_table_with_a_different_minimum():
    breakdown = assessment_breakdown(room(), by="table", min_group=2)
    assert [(g.group, g.n_respondents) for g in breakdown.groups] == [("T1", 2), ("T2", 3)]
    assert breakdown.hidden_groups == ()
    assert "fewer than 2 respondents" in breakdown.rule


def test_people_who_did_not_give_a_group_form_their_own_group():
    responses = [R(f"p{i}", "shared.meso", 3, sector=None) for i in range(3)]
    responses.append(R("p9", "shared.meso", 1, sector="health"))
    breakdown = assessment_breakdown(responses, by="sector")
    assert [g.group for g in breakdown.groups] == [None]
    assert breakdown.hidden_groups == ("health",)


def test_summary_includes_breakdowns_only_for_groupings_given():
    summary = summarise_assessment(room())
    assert [b.by for b in summary.breakdowns] == ["local_area", "table"]
    assert summary.breakdown("sector") is None
    assert summary.breakdown("table").hidden_groups == ("T1",)


def test_unknown_grouping_is_refused():
    with pytest.raises(ValueError, match="cannot break down by 'role'"):
        assessment_breakdown(room(), by="role")


def test_min_group_must_be_positive():
    with pytest.raises(ValueError, match="min_group"):
        summarise_assessment(room(), min_group=0)


# Properties ----------------------------------------------------------------------------------


@PROPERTY
@given(assessment_answers(), st.randoms(use_true_random=False))
def test_the_order_of_answers_never_matters(responses, rnd):
    shuffled = list(responses)
    rnd.shuffle(shuffled)
    assert summarise_assessment(shuffled) == summarise_assessment(responses)


@PROPERTY
@given(assessment_answers())
def test_item_measures_are_consistent(responses):
    for item in summarise_assessment(responses).items:
        scores = [r.score for r in responses if r.item == item.item and r.score is not None]
        assert item.n == len(scores) == sum(item.distribution.values())
        assert item.thrive_like_count == sum(1 for s in scores if s >= 3)
        if scores:
            assert item.thrive_like_share == item.thrive_like_count / item.n
            assert item.iqr >= 0
            assert 0 <= item.normalised_entropy <= 1
            assert 1 <= item.median <= 4


@PROPERTY
@given(assessment_answers(), st.integers(1, 5))
def test_groups_under_the_minimum_never_appear(responses, min_group):
    summary = summarise_assessment(responses, min_group=min_group)
    for breakdown in summary.breakdowns:
        for group in breakdown.groups:
            people = {r.respondent for r in responses if getattr(r, breakdown.by) == group.group}
            assert group.n_respondents == len(people) >= min_group
        for hidden in breakdown.hidden_groups:
            people = {r.respondent for r in responses if getattr(r, breakdown.by) == hidden}
            assert 0 < len(people) < min_group


@PROPERTY
@given(assessment_answers())
def test_breakdown_groups_have_the_same_shape_as_the_whole(responses):
    summary = summarise_assessment(responses, items=ITEMS)
    for breakdown in summary.breakdowns:
        for group in breakdown.groups:
            assert [i.item for i in group.summary.items] == list(ITEMS)
            assert group.summary.heatmap.principles == summary.heatmap.principles
