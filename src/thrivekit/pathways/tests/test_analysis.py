"""The analysis of small hand-built maps, one finding type at a time, with the expected answers."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thrivekit.disclosure import DisclosurePolicy
from thrivekit.pathways import (
    FINDING_KINDS,
    ROUTE_KINDS,
    SEVERITIES,
    EntryPoint,
    PathwayMap,
    Route,
    Service,
    analyse,
    door_reach,
)
from thrivekit.pathways.tests.maps import northbridge, pathway_maps


def of_kind(findings, kind):
    return [f for f in findings if f.kind == kind]


# --- no wrong door ---------------------------------------------------------------------------


def test_door_reach_counts_the_fewest_steps_to_each_grouping():
    # Given the Northbridge map, when the doors are analysed
    reach = door_reach(northbridge())

    # Then from the GP: CAMHS in one step, the MHST after a step down, crisis after a referral
    def steps(door):
        return {g: (r.steps if r else None) for g, r in reach[door].items()}

    assert steps("gp") == {
        "thriving": None,
        "getting-advice": 2,
        "getting-help": 1,
        "getting-more-help": 1,
        "getting-risk-support": 2,
    }
    # And from the police, only through the youth hub's signpost back to the GP
    assert steps("police") == {
        "thriving": None,
        "getting-advice": 1,
        "getting-help": 3,
        "getting-more-help": 3,
        "getting-risk-support": 4,
    }
    assert reach["police"]["getting-risk-support"].path == (
        "police",
        "youth-hub",
        "gp",
        "camhs",
        "crisis",
    )
    # And schools reach every grouping
    assert all(r is not None for r in reach["school"].values())


def test_a_door_that_misses_groupings_is_flagged_as_a_wrong_door():
    # Given the Northbridge map, when it is analysed
    wrong = of_kind(analyse(northbridge()), "wrong-door")
    # Then GPs and police cannot reach Thriving (medium), schools are not flagged
    assert [(f.entry_point_ids, f.details["groupings"], f.severity) for f in wrong] == [
        (("gp",), ["thriving"], "medium"),
        (("police",), ["thriving"], "medium"),
    ]
    assert wrong[0].message == "Wrong door: from GP practices there is no way to Thriving."


def test_a_door_with_no_routes_is_a_high_severity_wrong_door():
    # Given an A&E entry point nothing leads from
    pathway_map = PathwayMap(
        services=[Service("camhs", "CAMHS", groupings=("getting-help",))],
        entry_points=[EntryPoint("ae", "A&E", "a-and-e")],
    )
    # When the map is analysed, then A&E is flagged for every grouping, saying why
    [finding] = of_kind(analyse(pathway_map), "wrong-door")
    assert finding.severity == "high"
    assert finding.details["groupings"] == [
        "thriving",
        "getting-advice",
        "getting-help",
        "getting-more-help",
        "getting-risk-support",
    ]
    assert finding.message.endswith("No route leads from it.")
    assert of_kind(analyse(pathway_map), "door-reach") == []


def test_signposts_count_as_a_way_through_unless_told_otherwise():
    # Given a school whose only way to advice is a signpost
    pathway_map = PathwayMap(
        services=[Service("kooth", "Online counselling", groupings=("getting-advice",))],
        entry_points=[EntryPoint("school", "School", "school")],
        routes=[Route("school", "kooth", "signpost")],
    )
    # Then by default advice is reached in one step
    assert door_reach(pathway_map)["school"]["getting-advice"].steps == 1
    # But counting referrals only, the school is a wrong door for advice
    findings = analyse(pathway_map, door_route_kinds=("referral", "step-up"))
    assert "getting-advice" in of_kind(findings, "wrong-door")[0].details["groupings"]


def test_door_reach_findings_name_the_nearest_services():
    [gp] = [
        f for f in of_kind(analyse(northbridge()), "door-reach") if f.entry_point_ids == ("gp",)
    ]
    assert gp.severity == "info"
    assert gp.service_ids == ("mhst", "camhs", "crisis")
    assert "Getting Help in 1 step" in gp.message
    assert "Getting Risk Support in 2 steps" in gp.message


# --- gaps per area and age band --------------------------------------------------------------


def gap_map() -> PathwayMap:
    return PathwayMap(
        services=[
            Service("a", "Riverside help", groupings=("getting-help",), age_min=5, age_max=17,
                    local_areas=("Riverside",)),
            Service("b", "Eastmoor help", groupings=("getting-help",), age_min=11, age_max=15,
                    local_areas=("Eastmoor",)),
        ]
    )  # fmt: skip


def test_a_grouping_with_no_service_for_an_age_band_in_an_area_is_a_gap():
    # Given help for 5–17s in Riverside but only 11–15s in Eastmoor
    findings = analyse(gap_map(), age_bands=((5, 10), (11, 15), (11, 17)))
    gaps = [f for f in of_kind(findings, "grouping-gap") if f.details["grouping"] == "getting-help"]
    # Then Eastmoor has no help for 5–10s, and 16–17s are left out of the 11–17 band
    assert [(f.message, f.severity, f.service_ids) for f in gaps] == [
        ("No Getting Help service for ages 5–10 in Eastmoor.", "high", ("b",)),
        ("Getting Help for ages 11–17 in Eastmoor leaves out ages 16–17.", "medium", ("b",)),
    ]
    assert gaps[1].details["uncovered_ages"] == [[16, 17]]


def test_the_sites_own_areas_are_checked_even_when_no_service_names_them():
    # Given a site with a third area no service names
    findings = analyse(gap_map(), local_areas=["Northbridge Central"], age_bands=((11, 15),))
    gaps = [f for f in of_kind(findings, "grouping-gap") if f.details["grouping"] == "getting-help"]
    # Then the third area has no help at all; the services' own areas are still checked
    assert [f.details["local_area"] for f in gaps] == ["Northbridge Central"]
    assert gaps[0].service_ids == ()


def test_a_service_for_all_areas_and_ages_closes_every_gap_for_its_grouping():
    # Given one all-ages, all-areas service per grouping, then there is no gap
    pathway_map = PathwayMap(
        services=[
            Service(g, g, groupings=(g,))
            for g in ("thriving", "getting-advice", "getting-help", "getting-more-help")
        ]
    )
    gaps = of_kind(analyse(pathway_map), "grouping-gap")
    # Only Getting Risk Support is missing: one finding per default age band, whole footprint
    assert [f.details["age_band"] for f in gaps] == [[0, 4], [5, 10], [11, 15], [16, 17], [18, 25]]
    assert {f.details["grouping"] for f in gaps} == {"getting-risk-support"}
    assert {f.details["local_area"] for f in gaps} == {None}
    assert gaps[0].message == "No Getting Risk Support service for ages 0–4."


# --- dead ends -------------------------------------------------------------------------------


def test_services_with_no_route_in_or_out_are_flagged():
    # Given the Northbridge map plus a service nothing refers to
    base = northbridge()
    orphan = Service("ed", "Eating disorders", groupings=("getting-more-help",))
    pathway_map = PathwayMap(
        services=(*base.services, orphan),
        entry_points=base.entry_points,
        routes=(*base.routes, Route("ed", "camhs", "step-down")),
    )
    findings = analyse(pathway_map)
    # Then the orphan cannot be reached; wellbeing and crisis lead nowhere
    assert [f.service_ids for f in of_kind(findings, "no-route-in")] == [("ed",)]
    assert [f.service_ids for f in of_kind(findings, "no-route-out")] == [
        ("wellbeing",),
        ("crisis",),
    ]
    assert of_kind(findings, "no-route-in")[0].message == (
        "Nothing leads to Eating disorders: no entry point or service has a route to it."
    )


# --- loops -----------------------------------------------------------------------------------


def loop_map(*routes: Route) -> PathwayMap:
    return PathwayMap(
        services=[Service(i, i.upper(), groupings=("getting-help",)) for i in "abcde"],
        entry_points=[EntryPoint("gp", "GP", "gp")],
        routes=routes,
    )


def test_being_passed_back_and_forth_is_a_loop_reported_once():
    # Given two services referring to each other, and a three-service loop
    pathway_map = loop_map(
        Route("a", "b"),
        Route("b", "a"),
        Route("b", "a", "signpost"),
        Route("c", "d"),
        Route("d", "e"),
        Route("e", "c"),
    )
    loops = of_kind(analyse(pathway_map), "loop")
    # Then each loop is reported once, starting from its smallest id, shortest first
    assert [(f.details["cycle"], f.severity) for f in loops] == [
        (["a", "b"], "medium"),
        (["c", "d", "e"], "medium"),
    ]
    assert loops[0].message == "A young person can be passed back and forth between A and B."
    assert loops[1].message == "A young person can be passed round a loop: C → D → E → C."


def test_a_step_up_and_step_down_pair_is_a_low_severity_loop():
    loops = of_kind(analyse(northbridge()), "loop")
    assert [(f.service_ids, f.severity) for f in loops] == [(("camhs", "mhst"), "low")]
    assert loops[0].message.endswith("(the loop includes a step down).")


def test_loops_through_an_entry_point_and_longer_than_the_bound():
    # Given a GP loop of two and a loop of five services
    pathway_map = loop_map(
        Route("gp", "a"),
        Route("a", "gp", "step-down"),
        *(Route(x, y) for x, y in zip("abcde", "bcdea", strict=True)),
    )
    # Then the five-service loop is only found when the bound allows it
    assert [f.details["cycle"] for f in of_kind(analyse(pathway_map), "loop")] == [["a", "gp"]]
    found = of_kind(analyse(pathway_map, max_loop_length=5), "loop")
    assert [f.details["cycle"] for f in found] == [["a", "gp"], ["a", "b", "c", "d", "e"]]
    assert found[0].entry_point_ids == ("gp",) and found[0].service_ids == ("a",)


def test_consultations_do_not_make_a_loop():
    pathway_map = loop_map(Route("a", "b", "consultation"), Route("b", "a", "consultation"))
    assert of_kind(analyse(pathway_map), "loop") == []


# --- possible duplication --------------------------------------------------------------------


def test_services_offering_a_grouping_to_overlapping_ages_in_an_area_may_duplicate():
    # Given the Northbridge map: MHST (5–17, Riverside) and CAMHS (0–17, everywhere) both help
    [finding] = of_kind(analyse(northbridge()), "possible-duplication")
    # Then they are flagged together, with the ages and area they share
    assert finding.service_ids == ("mhst", "camhs")
    assert finding.details == {
        "grouping": "getting-help",
        "overlaps": [
            {"services": ["mhst", "camhs"], "ages": [5, 17], "local_areas": ["Riverside"]}
        ],
    }
    assert finding.message.startswith("Possible duplication: 2 services offer Getting Help")


def test_overlapping_services_are_reported_as_one_group_and_others_are_not():
    # Given a chain of overlapping age ranges, a separate age range and a separate area
    pathway_map = PathwayMap(
        services=[
            Service("a", "A", groupings=("getting-advice",), age_min=0, age_max=10),
            Service("b", "B", groupings=("getting-advice",), age_min=8, age_max=15),
            Service("c", "C", groupings=("getting-advice",), age_min=14, age_max=17),
            Service("d", "D", groupings=("getting-advice",), age_min=18, age_max=25),
            Service("e", "E", groupings=("getting-advice",), local_areas=("Eastmoor",)),
            Service("f", "F", groupings=("getting-advice",), local_areas=("Riverside",)),
        ]
    )
    findings = of_kind(analyse(pathway_map), "possible-duplication")
    # Then A, B and C (and E and F, which overlap everyone but not each other) form one group
    assert [set(f.service_ids) for f in findings] == [set("abcdef")]
    pairs = {tuple(o["services"]) for o in findings[0].details["overlaps"]}
    assert ("e", "f") not in pairs and ("a", "c") not in pairs and ("a", "b") in pairs


# --- activity data ---------------------------------------------------------------------------


FLOWS = [
    ("mhst", "camhs", 52),
    ("crisis", "camhs", 12),
    {"source": "camhs", "target": "crisis", "count": 3},
    {"from": "team-x", "to": "camhs", "count": 9},
    ("mhst", "camhs", 1),  # the same pair again is added up
]


def test_moves_in_the_data_that_are_not_on_the_map():
    findings = analyse(northbridge(), flows=FLOWS)
    [unmapped] = of_kind(findings, "route-not-on-map")
    assert unmapped.service_ids == ("crisis", "camhs")
    # Counts are published under the disclosure rules: 12 is shown as about 10
    assert unmapped.message == (
        "The activity data show about 10 moves from Crisis and home treatment to Community "
        "CAMHS, but the map has no route between them."
    )
    assert unmapped.details["count"] == 10
    [unknown] = of_kind(findings, "unknown-in-activity-data")
    assert unknown.details["ids"] == ["team-x"]


def test_routes_on_the_map_the_data_never_use():
    # Given data covering the MHST, CAMHS and crisis teams
    findings = analyse(northbridge(), flows=FLOWS)
    # Then only the step down from CAMHS to the MHST is unused: routes from entry points and to
    # services outside the data say nothing
    assert [f.service_ids for f in of_kind(findings, "route-not-used")] == [("camhs", "mhst")]


def test_the_busiest_routes_in_order_with_small_counts_suppressed():
    findings = analyse(northbridge(), flows=FLOWS, busiest=2)
    busiest = of_kind(findings, "busiest-route")
    assert [(f.details["rank"], f.service_ids, f.details["count"]) for f in busiest] == [
        (1, ("mhst", "camhs"), 55),
        (2, ("crisis", "camhs"), 10),
    ]
    assert "(on the map as step-up)" in busiest[0].message
    everything = of_kind(analyse(northbridge(), flows=FLOWS), "busiest-route")
    assert everything[-1].details["count"] == "*"
    assert "fewer than 8 moves" in everything[-1].message
    # A site's own threshold is used
    lenient = DisclosurePolicy(threshold=2)
    low = of_kind(analyse(northbridge(), flows=FLOWS, policy=lenient), "busiest-route")
    assert low[-1].details["count"] == 5


def test_no_activity_findings_without_data_and_bad_flows_are_refused():
    assert not [f for f in analyse(northbridge()) if "route-not" in f.kind or "busiest" in f.kind]
    with pytest.raises(ValueError, match="whole number"):
        analyse(northbridge(), flows=[("mhst", "camhs", -1)])


# --- every finding ---------------------------------------------------------------------------


def test_findings_are_ready_for_the_app_and_the_gap_analysis():
    findings = analyse(northbridge(), flows=FLOWS)
    kinds = {f.kind for f in findings}
    assert kinds == set(FINDING_KINDS) - {"no-route-in"}
    for finding in findings:
        data = finding.to_dict()
        assert json.loads(json.dumps(data)) == data
        assert data["severity"] in SEVERITIES and data["message"]


@settings(max_examples=40, deadline=None)
@given(pathway_maps(), st.data())
def test_every_finding_names_only_things_on_the_map(pathway_map, data):
    findings = analyse(pathway_map)
    services = {s.id for s in pathway_map.services}
    doors = {e.id for e in pathway_map.entry_points}
    for finding in findings:
        assert finding.kind in FINDING_KINDS and finding.severity in SEVERITIES
        assert set(finding.service_ids) <= services
        assert set(finding.entry_point_ids) <= doors
    # Each loop is real (a moving route joins each node to the next) and reported once
    moves = {(r.from_id, r.to_id) for r in pathway_map.routes if r.kind != "consultation"}
    seen: set[tuple[str, ...]] = set()
    for finding in of_kind(findings, "loop"):
        cycle = finding.details["cycle"]
        assert all((a, b) in moves for a, b in zip(cycle, cycle[1:] + cycle[:1], strict=True))
        rotations = {tuple(cycle[i:] + cycle[:i]) for i in range(len(cycle))}
        assert not rotations & seen
        seen |= rotations


@settings(max_examples=40, deadline=None)
@given(pathway_maps(), st.data())
def test_adding_a_route_never_makes_a_door_worse(pathway_map, data):
    # Given any map and one more route between two of its nodes
    ids = [s.id for s in pathway_map.services] + [e.id for e in pathway_map.entry_points]
    source = data.draw(st.sampled_from(ids))
    target = data.draw(st.sampled_from(ids))
    kind = data.draw(st.sampled_from(ROUTE_KINDS))
    if source == target or any(
        (r.from_id, r.to_id, r.kind) == (source, target, kind) for r in pathway_map.routes
    ):
        return
    wider = PathwayMap(
        services=pathway_map.services,
        entry_points=pathway_map.entry_points,
        routes=(*pathway_map.routes, Route(source, target, kind)),
    )
    # Then every grouping reachable before is still reachable, in no more steps
    before, after = door_reach(pathway_map), door_reach(wider)
    for door, reach in before.items():
        for grouping, way in reach.items():
            if way is not None:
                assert after[door][grouping] is not None
                assert after[door][grouping].steps <= way.steps
