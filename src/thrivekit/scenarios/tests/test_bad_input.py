"""What-if numbers that are not numbers are named on the page, never a server error."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from thrivekit.scenarios import services
from thrivekit.scenarios.models import Scenario
from thrivekit.scenarios.tests.test_scenarios import SMALL
from thrivekit.sites.models import Role

NOT_NUMBERS = ["inf", "-inf", "nan", "1e309", "Infinity", "x" * 5000]


def url(name, scenario):
    return reverse(name, kwargs={"site_slug": scenario.site.slug, "scenario_id": scenario.id})


def _answers(response) -> str:
    return BeautifulSoup(response.text, "html.parser").select_one("[data-testid=instant-answers]")


@pytest.mark.django_db
@pytest.mark.parametrize("value", NOT_NUMBERS)
@pytest.mark.parametrize("parameter", ["cap-help", "dem-advice", "dna-help", "shift_pct"])
def test_a_what_if_number_that_is_not_a_number_is_named_and_today_is_shown(
    client, site, member, signed_in, parameter, value
):
    # Given a scenario
    scenario = services.scenario_create(site=site, name="Today", definition=SMALL)
    signed_in(member(Role.VIEWER))
    today = client.get(url("scenarios:detail", scenario))
    # When a what-if asks for a number that is not one
    shift = "&shift_from=help&shift_to=advice" if parameter == "shift_pct" else ""
    response = client.get(url("scenarios:detail", scenario) + f"?{parameter}={value}{shift}")
    # Then the page says which number it could not use
    assert response.status_code == 200
    problem = BeautifulSoup(response.text, "html.parser").select_one(".nhsuk-error-message")
    assert problem is not None and "as a number of per cent" in problem.text
    # And the answers are today's
    if parameter != "shift_pct":
        assert _answers(response) == _answers(today)


@pytest.mark.django_db
def test_capacity_of_infinity_names_the_service(client, site, member, signed_in):
    scenario = services.scenario_create(site=site, name="Today", definition=SMALL)
    signed_in(member(Role.ANALYST))
    response = client.get(url("scenarios:detail", scenario) + "?cap-help=inf")
    assert response.status_code == 200
    assert "Enter capacity for Getting Help as a number of per cent" in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["inf", "nan", "1e309"])
def test_a_what_if_saved_with_a_number_that_is_not_one_saves_nothing(
    client, site, member, signed_in, value
):
    scenario = services.scenario_create(site=site, name="Today", definition=SMALL)
    signed_in(member(Role.ANALYST))
    response = client.post(
        url("scenarios:variant", scenario), {"name": "Endless", "cap-help": value}, follow=True
    )
    assert response.status_code == 200
    assert "Nothing was saved." in response.text
    assert not Scenario.objects.filter(name="Endless").exists()
