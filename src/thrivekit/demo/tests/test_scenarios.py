"""The demo's "Current system" scenario carries on the extract's last year, and its page sets
the two side by side."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from thrivekit.demo.activity import seed_extract
from thrivekit.demo.scenarios import CURRENT, seed_scenarios
from thrivekit.extracts.selectors import extracts_for_site
from thrivekit.scenarios.selectors import scenarios_for_site
from thrivekit.sites.models import Role


def within(model: float, actual: float, share: float) -> bool:
    return abs(model - actual) <= share * abs(actual)


def table(soup, testid: str) -> dict[str, list[str]]:
    return {
        row.th.text.strip(): [td.text.strip() for td in row.select("td")]
        for row in soup.select(f"[data-testid={testid}] tbody tr")
    }


@pytest.mark.django_db
def test_the_current_system_carries_on_the_extract_s_last_year(client, member, signed_in, site):
    # Given the demo extract, whose waiting list grew by about 30% over its last year
    seed_extract(site)
    analysis = extracts_for_site(site=site).get().analysis
    lists = [month["waiting_list"] for month in analysis["monthly"]]
    year_ago, now = lists[-13], lists[-1]
    last_year_mean = sum(lists[-12:]) / 12
    # When the demo's scenarios are calibrated from it and simulated
    seed_scenarios(site)
    current = scenarios_for_site(site=site).get(name=CURRENT)
    overall = current.result["overall"]
    # Then the Current system starts from the dashboard's waiting list
    starting = sum(
        len(s.get("initial_waiting_list", [])) + len(s.get("initial_unseen_list", []))
        for s in current.definition["services"]
    )
    assert starting == analysis["waits"]["still_waiting"] == now
    # and its list grows over its year at last year's pace: the mean and the end of the year
    # against the start within a quarter of last year's, so it neither empties nor explodes
    model_mean = overall["queue_length"]["mean"]
    model_end = overall["queue_length_over_time"]["median"][-1]
    assert within(model_mean / now, last_year_mean / year_ago, 0.25)
    assert within(model_end / now, now / year_ago, 0.25)
    # and new referrals wait as long for a first contact as last year's did, within a quarter
    check = current.result["last_year"]["overall"]
    median_wait = check["actual_median_wait_days"]
    assert within(overall["first_contact_wait_days"]["median"], median_wait, 0.25)
    # and the same calibration made a year earlier reproduces that year as the activity
    # engine reports it: mean waiting list and median wait within 15% (the back-test contract)
    assert check["actual_waiting_list"] == pytest.approx(last_year_mean)
    assert within(check["simulated_waiting_list"], last_year_mean, 0.15)
    assert within(check["simulated_median_wait_days"], median_wait, 0.15)
    assert "inferred from the first contacts" in current.description

    # When an analyst opens the scenario
    signed_in(member(Role.ANALYST))
    page = client.get(
        reverse("scenarios:detail", kwargs={"site_slug": site.slug, "scenario_id": current.id})
    )
    soup = BeautifulSoup(page.text, "html.parser")
    # Then the extract's last year stands beside the scenario's year, a year ago and today
    year = table(soup, "last-year")
    assert year["Waiting list at the start"] == [str(year_ago), str(now)]
    assert year["Waiting list at the end (the model: median of the runs)"][0] == str(now)
    # and the back-test, for the whole system first and then each team
    checked = table(soup, "calibration-check")
    assert list(checked)[0] == "Whole system"
    assert checked["Whole system"][1] == f"{last_year_mean:.1f}"
    assert "Single Point of Access" in checked
    # and "Waiting now" in the instant answers adds up to the dashboard's list
    waiting = table(soup, "instant-answers")
    assert sum(int(cells[-1]) for cells in waiting.values()) == now
