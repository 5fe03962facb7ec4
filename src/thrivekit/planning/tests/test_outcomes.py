"""The outcome framework: standard indicators with a baseline from an imported extract,
re-measured on each new extract, shown through disclosure control (issue 17)."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from thrivekit.planning import measures, selectors, services
from thrivekit.planning.models import Indicator
from thrivekit.sites.models import Role


def url(name, site, **kwargs):
    return reverse(f"planning:{name}", kwargs={"site_slug": site.slug, **kwargs})


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.mark.django_db
def test_an_outcome_gets_a_baseline_computed_from_the_latest_extract(
    client, site, member, signed_in, imported_extract
):
    # Given an analyst and an imported extract
    signed_in(member(Role.ANALYST))
    analysis = imported_extract.analysis
    first = analysis["waits"]["first_contact"]
    # When they add an outcome and the standard "waits within 4 weeks" indicator with a target
    response = client.post(
        url("outcome_add", site),
        {"title": "Young people are seen sooner", "agreed_by": "ICB; City Council"},
    )
    outcome = selectors.outcomes_for_site(site=site).get()
    response = client.post(
        url("indicator_add", site, outcome_id=outcome.pk),
        {"measure": "waits_4_weeks", "target": "80", "owner": "Head of CAMHS"},
    )
    indicator = Indicator.objects.get()
    # Then the baseline is the extract's own figure, with the counts behind it
    assert indicator.baseline == first["within_28_days_pct"]
    assert indicator.baseline_numerator == first["within_28_days_pct_numerator"]
    assert indicator.baseline_extract == imported_extract
    assert "Autumn extract" in indicator.baseline_note
    page = soup(client.get(response.url))
    assert f"{first['within_28_days_pct']:.1f}".rstrip("0").rstrip(".") in (
        page.select_one("[data-testid=baseline]").text
    )
    # And it is measured from the extract, drawn against baseline and target
    assert "Autumn extract" in page.select_one("[data-testid=remeasurements]").text
    assert page.select_one("script#indicator-chart")


@pytest.mark.django_db
def test_other_roles_see_the_baseline_through_disclosure_control(
    client, site, member, signed_in, imported_extract
):
    outcome = services.outcome_create(site=site, title="Fewer missed appointments")
    indicator = services.indicator_add(outcome=outcome, measure="access")
    people = imported_extract.analysis["referrals"]["people"]
    assert indicator.baseline == people
    signed_in(member(Role.VIEWER))
    page = soup(client.get(url("outcomes", site)))
    row = page.select_one('tr[data-indicator="Access: young people referred"]')
    rounded = 5 * int(people / 5 + 0.5)
    assert f"{rounded:,}" in row.text
    if rounded != people:
        assert f"{people:,}" not in row.text


@pytest.mark.django_db
def test_a_measure_the_extract_does_not_hold_says_so_plainly(site, imported_extract):
    outcome = services.outcome_create(site=site, title="Shared decisions")
    collaborate = services.indicator_add(outcome=outcome, measure="collaborate_top")
    assert collaborate.baseline is None
    assert "do not hold CollaboRATE" in collaborate.baseline_note
    goals = services.indicator_add(outcome=outcome, measure="goals_recorded")
    if imported_extract.analysis["evidence"].get("goals_recorded_pct") is None:
        assert goals.baseline is None and "no goals recorded column" in goals.baseline_note
    else:
        assert goals.baseline == imported_extract.analysis["evidence"]["goals_recorded_pct"]
    # A hand-entered baseline for a measure extracts cannot hold is kept and labelled
    hand = services.indicator_add(outcome=outcome, measure="collaborate_top", baseline=41.0)
    assert hand.baseline == 41.0 and hand.baseline_note == "Entered by hand."


@pytest.mark.django_db
def test_each_new_extract_re_measures_the_indicator(site, imported_extract):
    outcome = services.outcome_create(site=site, title="Fewer missed appointments")
    indicator = services.indicator_add(outcome=outcome, measure="dna_rate", target=8)
    later = type(imported_extract).objects.create(
        site=site,
        name="Spring extract",
        as_of=dt.date(2026, 3, 31),
        analysis={
            "contacts": {"dna_rate": 0.0625, "dna_rate_numerator": 50, "dna_rate_denominator": 800}
        },
    )
    series = selectors.remeasurements(indicator)
    assert [e.name for e, _ in series] == ["Autumn extract", "Spring extract"]
    assert series[-1][1].value == 6.3
    assert indicator.baseline_extract == imported_extract  # the baseline stays put
    services.indicator_rebase(indicator=indicator, extract=later)
    assert indicator.baseline == series[-1][1].value


def test_every_standard_indicator_reads_or_explains():
    empty = {"referrals": {}, "waits": {}, "contacts": {}, "evidence": {}}
    for standard in measures.STANDARD:
        reading = measures.read(standard.id, empty)
        assert reading.value is None and reading.missing


@pytest.mark.django_db
def test_an_indicator_is_edited_but_a_computed_baseline_is_not_typed_over(
    client, site, member, signed_in, imported_extract
):
    outcome = services.outcome_create(site=site, title="Seen sooner")
    indicator = services.indicator_add(outcome=outcome, measure="waits_4_weeks")
    signed_in(member(Role.CONTRIBUTOR))
    form = soup(client.get(url("indicator_edit", site, indicator_id=indicator.pk)))
    assert form.select_one("input[name=baseline]") is None  # computed from the extract
    response = client.post(
        url("indicator_edit", site, indicator_id=indicator.pk),
        {"name": "Seen within 4 weeks", "target": "85%", "review_date": "31/03/2027"},
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.name == "Seen within 4 weeks" and indicator.target == 85.0
    assert indicator.review_date == dt.date(2027, 3, 31)
    assert indicator.baseline_extract == imported_extract


@pytest.mark.django_db
def test_another_sites_outcomes_are_404_and_a_viewer_cannot_add_them(
    client, site, other_site, member, signed_in
):
    outcome = services.outcome_create(site=site, title="Seen sooner")
    indicator = services.indicator_add(outcome=outcome, name="Local measure", baseline=3.0)
    signed_in(member(Role.SITE_LEAD, at=other_site))
    assert client.get(url("indicator", other_site, indicator_id=indicator.pk)).status_code == 404
    assert (
        client.get(url("indicator_edit", other_site, indicator_id=indicator.pk)).status_code == 404
    )
    assert client.get(url("indicator_add", other_site, outcome_id=outcome.pk)).status_code == 404
    viewer = type(client)()
    viewer.force_login(member(Role.VIEWER))
    assert viewer.get(url("outcomes", site)).status_code == 200
    assert viewer.post(url("outcome_add", site), {"title": "Mine"}).status_code == 403
    assert (
        viewer.post(url("indicator_add", site, outcome_id=outcome.pk), {"name": "X"}).status_code
        == 403
    )
    assert selectors.outcomes_count(site) == 1


@pytest.mark.django_db
def test_the_audit_log_keeps_no_exact_baseline_counts_and_no_link_keys(site, imported_extract):
    from auditlog.models import LogEntry

    outcome = services.outcome_create(site=site, title="Seen sooner")
    indicator = services.indicator_add(outcome=outcome, measure="waits_4_weeks", target=80)
    owner = services.owner_get_or_create(site=site, name="Asha Patel", organisation="ICB")
    services.owner_link_issue(owner=owner)
    logged = " ".join(
        str(entry.changes)
        for entry in LogEntry.objects.filter(object_pk__in=[str(indicator.pk), str(owner.pk)])
    )
    assert "target" in logged  # the indicator is audited ...
    assert "baseline_numerator" not in logged and "link_key" not in logged  # ... but not these
