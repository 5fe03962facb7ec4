"""Scenario comparison: differences from the first scenario with 95% intervals, the number of
replications, and slider values shown as they move (issue 15 item 8)."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from thrivekit.modelling.runner import mean_ci95
from thrivekit.scenarios import presenters, services
from thrivekit.scenarios.tests.test_scenarios import SMALL
from thrivekit.sites.models import Role

# Two scenarios' mean waits in each replication (days).
TODAY_RUNS = [10.0, 12.0, 11.0, 13.0, 9.0]
MORE_DEMAND_RUNS = [15.0, 14.0, 18.0, 16.0, 17.0, 15.0]


def summary(runs):
    mean, ci = mean_ci95(runs)
    return mean, ci, len(runs)


def test_the_difference_interval_is_welchs_from_the_stored_intervals():
    # Given only what the results JSON keeps: each scenario's mean, 95% interval and runs
    # When the difference from the first scenario is worked out
    difference, (low, high) = presenters.welch_difference(
        summary(TODAY_RUNS), summary(MORE_DEMAND_RUNS)
    )
    # Then it is the difference of the means
    assert difference == pytest.approx(15.8333 - 11, abs=1e-3)
    # And its interval matches Welch's from the raw runs (2.71 to 6.96 with the exact t; the
    # t table's whole degrees of freedom make it a hair wider, never narrower)
    assert 2.65 < low <= 2.7099 and 6.9568 <= high < 7.01


def test_a_single_replication_gives_a_difference_without_an_interval():
    assert presenters.welch_difference((10.0, None, 1), summary(MORE_DEMAND_RUNS)) == (
        pytest.approx(5.8333, abs=1e-3),
        None,
    )


def url(name, site, scenario=None):
    kwargs = {"site_slug": site.slug}
    if scenario is not None:
        kwargs["scenario_id"] = scenario.id
    return reverse(name, kwargs=kwargs)


@pytest.mark.django_db
def test_the_comparison_shows_each_difference_from_the_first_with_its_interval(
    client, site, member, signed_in
):
    # Given today's system and a what-if with half the help, both simulated
    first = services.scenario_create(site=site, name="Today", definition=SMALL)
    second = services.scenario_create(
        site=site,
        name="Half the help",
        definition=services.apply_changes(SMALL, {"services": {"help": {"capacity_pct": 20}}}),
    )
    for scenario in (first, second):
        services.scenario_simulate(scenario=scenario, run_now=True)
    signed_in(member(Role.VIEWER))
    # When a viewer compares them, naming the what-if first
    page = client.get(url("scenarios:compare", site) + f"?scenario={second.id}&scenario={first.id}")
    soup = BeautifulSoup(page.text, "html.parser")
    table = soup.select_one("[data-testid=comparison]")
    headings = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    # Then the difference column is taken from the first one asked for
    assert headings[1].startswith("Half the help") and headings[2].startswith("Today")
    assert headings[3] == "Difference: Today minus Half the help"
    # And the number of replications is shown for each
    assert "2 replications" in headings[1] and "2 replications" in headings[2]
    assert "Today: 2 replications" in soup.select_one("[data-testid=replications]").text
    # And the mean wait's difference is negative (more help, shorter wait), with its interval
    wait = next(r for r in table.select("tbody tr") if "Mean wait" in r.th.text)
    difference = wait.select_one("[data-testid=difference]").get_text(" ", strip=True)
    assert difference.startswith("-") and "95% CI" in difference
    # And the method is named
    assert "Welch" in soup.select_one("[data-testid=method]").text


@pytest.mark.django_db
def test_each_slider_shows_its_value(client, site, member, signed_in):
    # Given a scenario opened with Getting Help's capacity at 150%
    scenario = services.scenario_create(site=site, name="Today", definition=SMALL)
    signed_in(member(Role.VIEWER))
    page = client.get(url("scenarios:detail", site, scenario) + "?cap-help=150")
    soup = BeautifulSoup(page.text, "html.parser")
    # Then its value is written beside the slider and given to screen readers
    assert soup.select_one("output[for=cap-help]").text == "150%"
    assert soup.select_one("#cap-help")["aria-valuetext"] == "150%"
    assert soup.select_one("output[for=dem-help]").text == "100%"
    # And the script that keeps the value in step as it moves is loaded
    assert soup.select_one("script[src$='thrivekit/what_if.js']") is not None
