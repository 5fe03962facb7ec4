"""A pathway map checks itself: a bad map is refused with every problem, never half-made."""

import dataclasses

import pytest

from thrivekit.pathways import EntryPoint, PathwayMap, PathwayMapError, Route, Service
from thrivekit.pathways.tests.maps import northbridge


def problems_of(**parts) -> list[str]:
    with pytest.raises(PathwayMapError) as caught:
        PathwayMap(**parts)
    return [str(p) for p in caught.value.problems]


def test_a_good_map_is_built_and_frozen():
    # Given a valid small map, when it is built
    pathway_map = northbridge()
    # Then its parts can be looked up, and nothing can be changed behind the map's back
    assert pathway_map.service("camhs").name == "Community CAMHS"
    assert pathway_map.name_of("gp") == "GP practices"
    assert pathway_map.local_areas() == ["Riverside", "Eastmoor"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        pathway_map.services[0].name = "Changed"  # type: ignore[misc]


def test_lists_are_accepted_and_stored_as_tuples():
    # Given a service made with lists, then it holds tuples (so it can be compared and hashed)
    service = Service("s", "S", groupings=["getting-help"], local_areas=["Riverside"])
    assert service.groupings == ("getting-help",) and service.local_areas == ("Riverside",)
    assert hash(service) == hash(
        Service("s", "S", groupings=("getting-help",), local_areas=("Riverside",))
    )


def test_every_problem_is_reported_at_once_with_where_it_is():
    # Given a map with many different mistakes
    problems = problems_of(
        services=[
            Service("camhs", "CAMHS", groupings=("getting-halp",), age_min=12, age_max=9),
            Service("camhs", "CAMHS again", age_min=-1),
            Service("has space", "", sector="nhs"),
        ],
        entry_points=[EntryPoint("gp", "GP", "doctor")],
        routes=[
            Route("gp", "camhs", "referal"),
            Route("gp", "cahms"),
            Route("camhs", "camhs", "step-up"),
            Route("gp", "camhs", "referral"),
            Route("gp", "camhs", "referral"),
        ],
    )
    # When the map is built, then each mistake is named with its table, position and field
    expected = [
        "services[0].groupings: unknown needs-based grouping 'getting-halp' "
        "(did you mean 'getting-help'?)",
        "services[0].age_max: the youngest age (12) is above the oldest (9)",
        "services[1].age_min: must be a whole number of years from 0 to 120",
        "services[1].id: the id 'camhs' is already used (by services[0])",
        "services[2].id: an id cannot contain spaces: 'has space'",
        "services[2].name: a name is required",
        "services[2].sector: unknown sector 'nhs'",
        "entry_points[0].kind: unknown kind of entry point 'doctor'",
        "routes[0].kind: unknown kind of route 'referal' (did you mean 'referral'?)",
        "routes[1].to_id: no service or entry point has the id 'cahms' (did you mean 'camhs'?)",
        "routes[2].to_id: a route cannot lead from 'camhs' to itself",
        "routes[4]: the same referral route from 'gp' to 'camhs' is listed twice (by routes[3])",
    ]
    for text in expected:
        assert any(p.startswith(text) for p in problems), (text, problems)
    assert len(problems) == len(expected)


def test_an_id_is_unique_across_services_and_entry_points():
    # Given a service and an entry point sharing an id, then the map is refused
    problems = problems_of(
        services=[Service("gp", "GP counselling")], entry_points=[EntryPoint("gp", "GP", "gp")]
    )
    assert problems == ["entry_points[0].id: the id 'gp' is already used (by services[0])"]


@pytest.mark.parametrize(
    ("service", "field"),
    [
        (Service("s", "S", age_min=3.5), "age_min"),  # type: ignore[arg-type]
        (Service("s", "S", age_max=121), "age_max"),
        (Service("s", "S", capacity_wte=-1), "capacity_wte"),
        (Service("s", "S", typical_wait_weeks=float("nan")), "typical_wait_weeks"),
        (Service("s", "S", local_areas=("River;side",)), "local_areas"),
        (Service("s", "S", groupings=("thriving", "thriving")), "groupings"),
    ],
)
def test_impossible_values_are_refused(service, field):
    problems = problems_of(services=[service])
    assert len(problems) == 1 and problems[0].startswith(f"services[0].{field}:")


def test_a_route_volume_must_be_a_whole_number():
    problems = problems_of(
        services=[Service("a", "A"), Service("b", "B")],
        routes=[Route("a", "b", volume_per_year=-3)],
    )
    assert problems == ["routes[0].volume_per_year: must be a whole number, 0 or more"]


def test_the_error_message_lists_the_problems_for_a_person():
    # Given a bad map, when its error is shown, then it reads as a list of problems
    with pytest.raises(PathwayMapError) as caught:
        PathwayMap(services=[Service("a", "")])
    assert "1 problem(s)" in str(caught.value) and "- services[0].name" in str(caught.value)
