"""A calibrated scenario's page sets the model beside the extract's last year, and checks the
calibration against that year (a back-test), within disclosure control."""

import copy
import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core.files import File
from django.urls import reverse

from thrivekit.activity import write_extract
from thrivekit.extracts.services import extract_upload
from thrivekit.scenarios import services
from thrivekit.scenarios.presenters import instant_rows
from thrivekit.scenarios.tests.test_scenarios import SMALL
from thrivekit.sites.models import Role


def page_tables(client, scenario) -> dict[str, dict[str, list[str]]]:
    page = client.get(
        reverse(
            "scenarios:detail",
            kwargs={"site_slug": scenario.site.slug, "scenario_id": scenario.id},
        )
    )
    soup = BeautifulSoup(page.text, "html.parser")
    return {
        testid: {
            row.th.text.strip(): [td.text.strip() for td in row.select("td")]
            for row in soup.select(f"[data-testid={testid}] tbody tr")
        }
        for testid in ("last-year", "calibration-check")
    }


def calibrated(site, tmp_path, *, as_of=dt.date(2025, 12, 31)):
    # Three years of referrals, to 31/12/2025.
    paths = write_extract(tmp_path / "x", referrals=800, seed=4, end=dt.date(2025, 12, 31))
    with open(paths["referrals"], "rb") as r, open(paths["contacts"], "rb") as c:
        extract = extract_upload(
            site=site,
            name="Extract",
            files={"referrals": File(r, name="r.csv"), "contacts": File(c, name="c.csv")},
            as_of=as_of,
            uploaded_by=None,
        )
    extract.refresh_from_db()
    scenario = services.scenario_calibrate(site=site, extract=extract, name="Current system")
    scenario.definition = {**scenario.definition, "replications": 2}
    scenario.save()
    return services.scenario_simulate(scenario=scenario, run_now=True), extract.analysis


# One test, as calibrating and checking an extract takes a few seconds.
@pytest.mark.django_db
def test_the_page_sets_the_model_beside_the_extract_s_last_year(
    client, member, signed_in, site, tmp_path
):
    # Given a scenario calibrated from an extract and simulated
    scenario, analysis = calibrated(site, tmp_path)
    lists = [month["waiting_list"] for month in analysis["monthly"]]
    # When an analyst opens it
    signed_in(member(Role.ANALYST))
    tables = page_tables(client, scenario)
    # Then the extract's list a year ago and today stand beside the model's start, exactly
    year = tables["last-year"]
    assert year["Waiting list at the start"] == [str(lists[-13]), str(lists[-1])]
    # and the calibration made a year earlier is set beside what happened in that year
    check = tables["calibration-check"]
    assert list(check)[0] == "Whole system"
    assert check["Whole system"][1] == f"{sum(lists[-12:]) / 12:.1f}".removesuffix(".0")
    assert len(check) > 3

    # When a viewer opens it
    signed_in(member(Role.VIEWER))
    tables = page_tables(client, scenario)
    # Then the extract's waiting lists are counts of real people: rounded to 5 or hidden
    start = tables["last-year"]["Waiting list at the start"]
    assert all(cell == "*" or int(cell) % 5 == 0 for cell in start)
    assert all(
        row[1] == "*" or int(row[1]) % 5 == 0 for row in tables["calibration-check"].values()
    )

    # When a what-if of it is saved and simulated
    what_if = services.scenario_create(
        site=site,
        name="More capacity",
        definition=services.apply_changes(scenario.definition, {"services": {}}),
        based_on=scenario,
        extract=scenario.extract,
    )
    services.scenario_simulate(scenario=what_if, run_now=True)
    tables = page_tables(client, what_if)
    # Then it is set beside the extract's last year too, but the check is the calibration's
    assert tables["last-year"]
    assert not tables["calibration-check"]


@pytest.mark.django_db
def test_an_extract_without_a_year_before_its_last_is_not_checked(
    client, member, signed_in, site, tmp_path
):
    # Given a scenario calibrated from an extract taken 20 months into its data
    scenario, _ = calibrated(site, tmp_path, as_of=dt.date(2024, 8, 31))
    # When an analyst opens it
    signed_in(member(Role.ANALYST))
    page = client.get(
        reverse("scenarios:detail", kwargs={"site_slug": site.slug, "scenario_id": scenario.id})
    )
    # Then the page says why the calibration is not checked, and shows no check
    text = BeautifulSoup(page.text, "html.parser").get_text(" ", strip=True)
    assert "could not be checked against the last year" in text
    assert "months of referrals before its last year" in text
    assert "calibration-check" not in page.text


def test_waiting_now_counts_everyone_on_today_s_list_as_the_dashboard_does():
    # Given a service with 9 people who will be seen and 40 records that will leave unseen
    definition = copy.deepcopy(SMALL)
    definition["services"][0]["initial_waiting_list"] = 9
    seen_only = instant_rows(definition, exact=True)[0]
    definition["services"][0]["initial_unseen_list"] = [200.0] * 40
    # When the instant answers are worked out
    row = instant_rows(definition, exact=True)[0]
    # Then "waiting now" is all 49, and clearing the backlog still needs only the 9 seen
    assert row["waiting"] == 49
    assert row["relief"] == seen_only["relief"]
