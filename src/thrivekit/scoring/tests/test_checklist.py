"""Implementation Checklist: statuses, modal status, agreement, common and conflicting."""

import json
from collections import Counter
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thrivekit.scoring import ChecklistResponse, summarise_checklist

from .strategies import PROPERTY, checklist_answers

C = ChecklistResponse


def answers(action, statuses_by_area):
    """{area: [status, ...]} -> responses, one person per status."""
    responses = []
    for area, statuses in statuses_by_area.items():
        for i, status in enumerate(statuses):
            responses.append(C(f"{area}-{action}-{i}", action, status, local_area=area))
    return responses


def test_counts_modal_status_and_agreement_by_hand():
    # Given 3 "in place", 1 "in progress" and 2 "don't know"
    responses = answers(
        "A1", {"North": ["in_place", "in_place", "in_place", "in_progress", "dont_know",
                         "dont_know"]}
    )  # fmt: skip
    action = summarise_checklist(responses).action("A1")
    # Then "don't know" is counted but is not a status: agreement is 3 of 4, not 3 of 6
    assert action.counts == {"in_place": 3, "in_progress": 1, "not_started": 0, "dont_know": 2}
    assert (action.n_responses, action.n_with_status) == (6, 4)
    assert action.modal_statuses == ("in_place",)
    assert action.modal_status == "in_place"
    assert (action.agreement, action.agreement_percentage) == (0.75, 75.0)


def test_tied_statuses_are_all_reported_and_the_mode_is_ambiguous():
    responses = answers("A1", {"North": ["in_place", "in_place", "not_started", "not_started"]})
    action = summarise_checklist(responses).action("A1")
    assert action.modal_statuses == ("in_place", "not_started")
    assert action.modal_status is None
    assert action.agreement == 0.5  # each tied status is given by half
    assert not action.common and not action.conflicting
    assert action.reasons == ("statuses tie: already in place / not in place, no work yet",)


def test_common_response_same_everywhere_and_at_least_75_percent():
    # Given every area mostly "in place", 10 of 12 overall (83%)
    responses = answers(
        "A1",
        {
            "North": ["in_place"] * 4,
            "South": ["in_place", "in_place", "in_place", "not_started"],
            "East": ["in_place", "in_place", "in_place", "in_progress"],
        },
    )
    summary = summarise_checklist(responses)
    action = summary.action("A1")
    assert action.common and not action.conflicting
    assert summary.common_actions == ("A1",)
    assert [a.modal_status for a in action.areas] == ["in_place"] * 3
    assert action.reasons == ("every local area says already in place, with 83% agreement",)


def test_one_person_s_answer_is_never_a_common_response():
    # Given a single person saying "in place" (100% of one)
    action = summarise_checklist([C("p1", "A1", "in_place", local_area="North")]).action("A1")
    # Then it is neither common nor conflicting, and the reason says why
    assert not action.common and not action.conflicting
    assert action.reasons == (
        "only 1 person gave a status: too few for a common response (it takes 3)",
    )


def test_two_people_who_agree_are_not_yet_a_common_response_but_three_are():
    two = [C(f"p{i}", "A1", "in_place") for i in range(2)]
    three = [*two, C("p2", "A1", "in_place")]
    assert not summarise_checklist(two).action("A1").common
    assert summarise_checklist(three).action("A1").common


def test_just_under_75_percent_is_not_common():
    # 5 of 7 = 71%
    responses = answers("A1", {"North": ["in_place"] * 5 + ["not_started"] * 2})
    action = summarise_checklist(responses).action("A1")
    assert not action.common and not action.conflicting
    assert action.reasons == ("already in place has 71% agreement, below 75%",)


def test_exactly_75_percent_is_common():
    responses = answers("A1", {"North": ["in_place"] * 3 + ["not_started"]})
    assert summarise_checklist(responses).action("A1").common


def test_conflicting_when_local_areas_differ():
    # Given North says "in place" and South "not started", 75%+ would not matter
    responses = answers("A1", {"North": ["in_place"] * 6, "South": ["not_started"] * 3})
    action = summarise_checklist(responses).action("A1")
    assert action.conflicting and not action.common
    assert action.reasons == (
        "local areas differ: North: already in place; South: not in place, no work yet",
    )


def test_conflicting_when_no_status_reaches_half():
    # 4, 4, 3 of 11: the highest is 36%
    responses = answers(
        "A1", {"North": ["in_place"] * 4 + ["in_progress"] * 4 + ["not_started"] * 3}
    )
    action = summarise_checklist(responses).action("A1")
    assert action.conflicting
    assert action.modal_statuses == ("in_place", "in_progress")
    assert action.reasons == ("no status reaches 50% (highest 36%)",)


def test_a_small_local_area_that_differs_makes_the_action_conflicting_without_being_shown():
    # Given North (4 people, all "in place") and South (2 people, "not started")
    responses = answers("A1", {"North": ["in_place"] * 4, "South": ["not_started"] * 2})
    action = summarise_checklist(responses).action("A1")
    # Then the local areas' modal statuses differ, so the action is conflicting ...
    assert action.conflicting and not action.common
    assert action.n_areas_compared == 2
    # ... but South, under 3 people, is not shown with its own status
    assert [a.local_area for a in action.areas] == ["North"]
    assert action.hidden_areas == ("South",)
    assert action.reasons == (
        "local areas differ: North: already in place; "
        "1 smaller local area (fewer than 3 people, not shown separately)",
    )
    # And its answers count overall: 4 of 6 = 67%
    assert action.counts["not_started"] == 2
    assert action.agreement == pytest.approx(4 / 6)


def test_two_small_areas_that_differ_are_conflicting_even_when_none_is_shown():
    responses = answers("A1", {"North": ["in_place"] * 2, "South": ["not_started"] * 2})
    action = summarise_checklist(responses).action("A1")
    assert action.conflicting
    assert action.areas == () and action.hidden_areas == ("North", "South")
    assert action.reasons == (
        "local areas differ: 2 smaller local areas (fewer than 3 people, not shown separately)",
    )


def test_a_small_area_that_agrees_does_not_stop_a_common_response():
    responses = answers("A1", {"North": ["in_place"] * 5, "South": ["in_place"]})
    action = summarise_checklist(responses).action("A1")
    assert action.common and action.hidden_areas == ("South",)
    assert action.reasons == ("every local area says already in place, with 100% agreement",)


def test_75_percent_overall_is_not_common_when_one_area_says_otherwise():
    # Given 8 of 10 "in place" (80%), but every one of East's two people "not started"
    responses = answers("A1", {"North": ["in_place"] * 4, "South": ["in_place"] * 4,
                               "East": ["not_started"] * 2})  # fmt: skip
    action = summarise_checklist(responses).action("A1")
    assert action.agreement == 0.8
    assert not action.common and action.conflicting


def test_an_area_tied_between_two_statuses_differs_from_an_area_with_one():
    responses = answers(
        "A1", {"North": ["in_place"] * 4, "South": ["in_place", "in_place", "in_progress",
                                                     "in_progress"]}
    )  # fmt: skip
    action = summarise_checklist(responses).action("A1")
    assert action.conflicting and not action.common


def test_an_area_with_only_dont_know_has_no_modal_status_to_compare():
    responses = answers(
        "A1", {"North": ["in_place"] * 3, "South": ["dont_know", "dont_know", "dont_know"]}
    )
    action = summarise_checklist(responses).action("A1")
    assert action.n_areas_compared == 1
    assert action.common and not action.conflicting


def test_people_without_a_local_area_count_overall_but_are_not_an_area():
    responses = answers("A1", {"North": ["in_place"] * 3}) + [
        C("x1", "A1", "not_started"),
    ]
    action = summarise_checklist(responses).action("A1")
    assert action.n_areas_compared == 1
    assert action.counts["not_started"] == 1
    assert action.common  # 3 of 4 = 75%, and North, the only area, says "in place"


def test_with_no_local_areas_the_overall_figures_decide():
    responses = [C(f"p{i}", "A1", "in_place") for i in range(4)]
    action = summarise_checklist(responses).action("A1")
    assert action.areas == () and action.n_areas_compared == 0
    assert action.common
    assert action.reasons == ("overall says already in place, with 100% agreement",)


def test_an_action_with_only_dont_know_is_neither():
    responses = answers("A1", {"North": ["dont_know"] * 5})
    action = summarise_checklist(responses).action("A1")
    assert action.modal_statuses == () and action.modal_status is None
    assert action.agreement is None
    assert not action.common and not action.conflicting
    assert action.reasons == ("nobody gave a status",)


def test_comments_per_action_and_tagged_comments_in_one_list():
    responses = [
        C("p1", "A2", "in_progress", comment="Need help with data sharing", tag="support"),
        C("p2", "A1", "in_place", comment="Joint panel works well", tag="good_practice"),
        C("p3", "A1", "in_place", comment="  "),  # blank: no comment
        C("p4", "A1", "not_started", comment="Not sure who owns this"),
        C("p5", "A1", "not_started", tag="support"),  # a tag without words still counts
    ]
    summary = summarise_checklist(responses)
    assert [(c.respondent, c.text, c.tag) for c in summary.action("A1").comments] == [
        ("p2", "Joint panel works well", "good_practice"),
        ("p4", "Not sure who owns this", None),
        ("p5", None, "support"),
    ]
    # Support requests first, then good practice, each by action
    assert [(c.action, c.respondent, c.tag) for c in summary.tagged_comments] == [
        ("A1", "p5", "support"),
        ("A2", "p1", "support"),
        ("A1", "p2", "good_practice"),
    ]
    assert [c.respondent for c in summary.support_requests] == ["p5", "p1"]
    assert [c.respondent for c in summary.good_practice] == ["p2"]


def test_actions_from_the_instrument_fix_order_and_show_unanswered_actions():
    responses = [C("p1", "A10", "in_place"), C("p1", "A2", "in_place")]
    assert [a.action for a in summarise_checklist(responses).actions] == ["A2", "A10"]
    summary = summarise_checklist(responses, actions=["A10", "A3", "A2"])
    assert [a.action for a in summary.actions] == ["A10", "A3", "A2"]
    assert summary.action("A3").n_responses == 0


def test_an_answer_to_an_unknown_action_is_refused():
    with pytest.raises(ValueError, match="respondent 'p1', action 'A99': unknown action"):
        summarise_checklist([C("p1", "A99", "in_place")], actions=["A1"])


def test_an_unknown_status_names_the_respondent_and_action():
    with pytest.raises(ValueError, match="respondent 'p1', action 'A1': unknown status 'done'"):
        C("p1", "A1", "done")


def test_an_unknown_tag_is_refused():
    with pytest.raises(ValueError, match="respondent 'p1', action 'A1': unknown tag 'urgent'"):
        C("p1", "A1", "in_place", comment="x", tag="urgent")


def test_answering_an_action_twice_is_refused():
    with pytest.raises(ValueError, match="respondent 'p1', action 'A1': answered more than once"):
        summarise_checklist([C("p1", "A1", "in_place"), C("p1", "A1", "not_started")])


def test_checklist_summary_is_plain_json_and_states_the_rule():
    summary = summarise_checklist(answers("A1", {"North": ["in_place"] * 3}))
    data = json.loads(json.dumps(summary.to_dict()))
    assert data["actions"][0]["counts"]["in_place"] == 3
    assert data["rule"].startswith(
        "Local areas where fewer than 3 people gave a status for an action are not shown"
    )


# Properties ----------------------------------------------------------------------------------


@PROPERTY
@given(checklist_answers())
def test_agreement_is_between_a_quarter_and_one_when_defined(responses):
    for action in summarise_checklist(responses).actions:
        if action.n_with_status:
            assert 0.25 <= 1 / 3 <= action.agreement <= 1
        else:
            assert action.agreement is None


@PROPERTY
@given(checklist_answers(), st.integers(1, 4))
def test_common_and_conflicting_are_never_both(responses, min_group):
    summary = summarise_checklist(responses, min_group=min_group)
    for action in summary.actions:
        assert not (action.common and action.conflicting)
    assert not set(summary.common_actions) & set(summary.conflicting_actions)


@PROPERTY
@given(checklist_answers(), st.integers(1, 4))
def test_only_big_enough_areas_are_shown(responses, min_group):
    for action in summarise_checklist(responses, min_group=min_group).actions:
        for area in action.areas:
            assert area.n_with_status >= min_group
        shown = {a.local_area for a in action.areas}
        assert not shown & set(action.hidden_areas)
        assert len(shown) + len(action.hidden_areas) == action.n_areas_compared


def _modes(statuses):
    counts = Counter(s for s in statuses if s != "dont_know")
    top = max(counts.values(), default=0)
    return frozenset(s for s, n in counts.items() if n == top and top)


@PROPERTY
@given(checklist_answers(), st.integers(1, 4))
def test_common_and_conflicting_follow_the_stated_rule(responses, min_group):
    # The rule, computed here from the raw answers: common = the same single modal status in
    # every local area, at least 75% agreement and at least 3 people; conflicting = the local areas' modal
    # statuses differ, or no status reaches 50%. The anonymity threshold changes neither.
    for action in summarise_checklist(responses, min_group=min_group).actions:
        mine = [r for r in responses if r.action == action.action]
        given = [r.status for r in mine if r.status != "dont_know"]
        if not given:
            assert not action.common and not action.conflicting
            continue
        overall = _modes(given)
        top_share = Fraction(Counter(given).most_common(1)[0][1], len(given))
        area_modes = {
            _modes(r.status for r in mine if r.local_area == area)
            for area in {r.local_area for r in mine if r.local_area is not None}
        } - {frozenset()}
        differ = len(area_modes) > 1
        assert action.conflicting == (differ or top_share < Fraction(1, 2))
        same_everywhere = all(m == overall for m in area_modes)
        assert action.common == (
            len(overall) == 1
            and same_everywhere
            and top_share >= Fraction(3, 4)
            and len(given) >= 3
        )


@PROPERTY
@given(checklist_answers())
def test_counts_add_up_and_the_mode_is_the_most_given_status(responses):
    for action in summarise_checklist(responses).actions:
        mine = [r for r in responses if r.action == action.action]
        assert sum(action.counts.values()) == action.n_responses == len(mine)
        for status in action.modal_statuses:
            assert action.counts[status] == max(
                action.counts[s] for s in ("in_place", "in_progress", "not_started")
            )


@PROPERTY
@given(checklist_answers(), st.randoms(use_true_random=False))
def test_the_order_of_answers_never_matters(responses, rnd):
    shuffled = list(responses)
    rnd.shuffle(shuffled)
    assert summarise_checklist(shuffled) == summarise_checklist(responses)
