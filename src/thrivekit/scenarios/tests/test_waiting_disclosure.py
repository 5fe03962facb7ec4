"""Today's waiting lists on scenario pages are real young people (issue 13 item 7)."""

import copy

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from thrivekit.scenarios import services
from thrivekit.scenarios.presenters import instant_rows, result_view
from thrivekit.scenarios.tests.test_scenarios import SMALL
from thrivekit.sites.models import Role


def detail_url(scenario) -> str:
    return reverse(
        "scenarios:detail", kwargs={"site_slug": scenario.site.slug, "scenario_id": scenario.id}
    )


def waiting_column(page):
    table = BeautifulSoup(page.text, "html.parser").select_one("[data-testid=instant-answers]")
    return [row.select("td")[-1].text.strip() for row in table.select("tbody tr")]


@pytest.fixture
def scenario(site):
    definition = copy.deepcopy(SMALL)
    definition["services"][0]["initial_waiting_list"] = 9
    definition["services"][1]["initial_waiting_list"] = 3
    return services.scenario_create(site=site, name="Waiting now", definition=definition)


@pytest.mark.django_db
def test_a_viewer_sees_todays_waiting_lists_rounded_or_hidden(client, member, signed_in, scenario):
    # Given services with 9 and 3 young people waiting today, and a viewer
    signed_in(member(Role.VIEWER))
    # When they open the scenario
    page = client.get(detail_url(scenario))
    # Then 9 is shown as 10 and 3 as *
    assert waiting_column(page) == ["10", "*"]


@pytest.mark.django_db
def test_an_analyst_sees_the_exact_waiting_lists(client, member, signed_in, scenario):
    signed_in(member(Role.ANALYST))
    page = client.get(detail_url(scenario))
    assert waiting_column(page) == ["9", "3"]


def backlog(waiting: int, arrivals_per_day: float = 0.02) -> dict:
    """One small service whose capacity to clear the backlog depends on its waiting list."""
    definition = copy.deepcopy(SMALL)
    definition["services"] = [
        {**definition["services"][1], "arrivals_per_day": arrivals_per_day, "servers": 1}
    ]
    definition["services"][0]["initial_waiting_list"] = waiting
    return definition


def test_capacity_to_clear_a_small_hidden_backlog_is_hidden_too():
    # Given a service with 7 waiting, where clearing the list needs more than the standard
    exact = instant_rows(backlog(7), exact=True)[0]
    assert exact["relief"] != exact["needed"]
    # When a viewer sees it, then the list and what it takes to clear it are both *
    shown = instant_rows(backlog(7))[0]
    assert (shown["waiting"], shown["relief"]) == ("*", "*")


def test_capacity_to_clear_a_larger_backlog_follows_the_published_list():
    # Given 43 waiting, published as 45
    shown = instant_rows(backlog(43))[0]
    # Then the capacity to clear it is worked out from 45, not 43
    assert shown["waiting"] == 45
    assert shown["relief"] == instant_rows(backlog(45), exact=True)[0]["relief"]
    assert shown["relief"] != instant_rows(backlog(43), exact=True)[0]["relief"]


def test_capacity_to_clear_is_shown_when_a_small_list_makes_no_difference():
    # Given a busy service whose target list is far above 7 people
    shown = instant_rows(backlog(3, arrivals_per_day=2.0))[0]
    assert shown["waiting"] == "*"
    assert shown["relief"] == shown["needed"]


def simulated(day0: float) -> dict:
    return {
        "start_date": "2026-04-01",
        "replications": 2,
        "horizon_days": 14,
        "services": [],
        "overall": {
            "queue_length_over_time": {
                "day": [0, 7],
                "p10": [day0, 585.0],
                "median": [day0, 597.0],
                "p90": [day0, 601.0],
            }
        },
    }


def test_the_simulated_waiting_list_starts_from_the_published_list():
    # Given a simulation that starts from today's 588 young people waiting
    view = result_view(simulated(588.0))
    # Then day 0 is published as 590, and the simulated weeks after it as they are
    assert view["queue_table"][0] == {
        "when": "01/04/2026",
        "p10": "590",
        "median": "590",
        "p90": "590",
    }
    day0 = [
        row["value"]
        for row in view["queue_chart"]["data"]["values"]
        if row["month"] == "2026-04-01"
    ]
    assert day0 and set(day0) == {590}
    # And a list of 3 today is *
    assert result_view(simulated(3.0))["queue_table"][0]["median"] == "*"
