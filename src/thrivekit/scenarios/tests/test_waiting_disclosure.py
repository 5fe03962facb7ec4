"""Today's waiting lists on scenario pages are real young people (issue 13 item 7)."""

import copy

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from thrivekit.scenarios import services
from thrivekit.scenarios.tests.test_scenarios import SMALL
from thrivekit.sites.models import Role


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
    page = client.get(
        reverse(
            "scenarios:detail",
            kwargs={"site_slug": scenario.site.slug, "scenario_id": scenario.id},
        )
    )
    # Then 9 is shown as 10 and 3 as *
    assert waiting_column(page) == ["10", "*"]


@pytest.mark.django_db
def test_an_analyst_sees_the_exact_waiting_lists(client, member, signed_in, scenario):
    signed_in(member(Role.ANALYST))
    page = client.get(
        reverse(
            "scenarios:detail",
            kwargs={"site_slug": scenario.site.slug, "scenario_id": scenario.id},
        )
    )
    assert waiting_column(page) == ["9", "3"]
