"""The record of the system's agreement: who signed off the plan, the outcome framework and
each grouping's future offer, for which organisations, and when (issue 17)."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse

from thrivekit.planning import agreement, services
from thrivekit.planning.models import SignOff
from thrivekit.sites.models import Role


def url(name, site, **kwargs):
    return reverse(f"planning:{name}", kwargs={"site_slug": site.slug, **kwargs})


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.fixture
def framework(site):
    outcome = services.outcome_create(
        site=site, title="Quicker help", agreed_by="ICB; CAMHS provider"
    )
    indicator = services.indicator_add(
        outcome=outcome, name="Seen within 4 weeks", baseline=40, target=80
    )
    return outcome, indicator


@pytest.mark.django_db
def test_a_lead_records_the_boards_sign_off_of_the_outcome_framework(
    client, site, member, signed_in, framework
):
    # Given a site lead and an outcome framework of one outcome and one indicator
    signed_in(member(Role.SITE_LEAD))
    # When they record that the partnership board agreed it
    response = client.post(
        url("signoff_add", site),
        {
            "what": "outcomes",
            "body": "Partnership board, 3 December 2026",
            "signed_on": "03/12/2026",
            "signatories": "Sam Patel, Northbridge CAMHS\nAmy Lee, Northbridge and Vale ICB",
            "note": "Targets to be reviewed in a year.",
        },
    )
    assert response.status_code == 302
    # Then the record says what was agreed, by whom, for which organisations and when
    record = soup(client.get(url("agreement", site))).select_one("[data-testid=record-outcomes]")
    text = " ".join(record.text.split())
    assert "Agreed as it is now" in text
    assert "1 outcome and 1 indicator: Quicker help." in text
    assert "Partnership board, 3 December 2026" in text
    assert "Sam Patel, Northbridge CAMHS" in text and "Amy Lee, Northbridge and Vale ICB" in text
    assert "3 December 2026" in text and "Targets to be reviewed in a year." in text
    # And the outcome framework's page shows the sign-off
    page = soup(client.get(url("outcomes", site))).select_one("[data-testid=agreement-outcomes]")
    assert "Agreed by Partnership board, 3 December 2026 on 3 December 2026" in " ".join(
        page.text.split()
    )
    assert "Changed since" not in page.text


@pytest.mark.django_db
def test_a_change_after_the_sign_off_shows_and_a_later_sign_off_supersedes(
    client, site, member, signed_in, framework
):
    lead = member(Role.SITE_LEAD)
    _, indicator = framework
    first = services.signoff_record(
        site=site,
        subject="outcomes",
        body="Partnership board",
        signed_on=dt.date(2026, 12, 3),
        signatories=[{"name": "Sam Patel", "organisation": "Northbridge CAMHS"}],
    )
    # When the target changes after the board agreed it
    services.indicator_update(indicator=indicator, target=90)
    # Then the framework's page says it has changed since it was agreed
    signed_in(lead)
    page = soup(client.get(url("outcomes", site))).select_one("[data-testid=agreement-outcomes]")
    assert "Changed since it was agreed on 3 December 2026" in page.text
    # And the record still holds what was agreed, as it was on the day
    first.refresh_from_db()
    assert first.summary == "1 outcome and 1 indicator: Quicker help."
    # When the board agrees the new version
    services.signoff_record(
        site=site,
        subject="outcomes",
        body="Partnership board, January",
        signed_on=dt.date(2026, 12, 5),
        signatories=[{"name": "Amy Lee", "organisation": "Northbridge and Vale ICB"}],
    )
    # Then the later sign-off is the current one, and the earlier one is kept as superseded
    standing = agreement.standing_of(site=site, subject="outcomes")
    assert not standing.changed
    assert standing.latest.body == "Partnership board, January"
    assert [s.pk for s in standing.earlier] == [first.pk]
    record = soup(client.get(url("agreement", site))).select_one("[data-testid=record-outcomes]")
    assert "Earlier sign-offs, superseded (1)" in record.text
    # And a sign-off is never edited
    first.note = "Changed afterwards"
    with pytest.raises(ValueError, match="never edited"):
        first.save()


@pytest.mark.django_db
def test_a_groupings_offer_and_the_plan_are_signed_off_separately(client, site, member, signed_in):
    services.offer_save(site=site, grouping="getting-help", services="One front door")
    services.action_create(site=site, title="Open the front door", grouping="getting-help")
    services.signoff_record(
        site=site,
        subject="offer",
        grouping="getting-help",
        body="Getting Help design group",
        signed_on=dt.date(2026, 11, 20),
        signatories=[{"name": "Priya Shah", "organisation": "Northbridge Youth Trust"}],
    )
    signed_in(member(Role.VIEWER))
    offers = soup(client.get(url("offers", site)))
    shown = offers.select_one("[data-testid=agreement-offer-getting-help]").text
    assert "Getting Help design group" in shown
    plan = soup(client.get(url("plan", site))).select_one("[data-testid=agreement-plan]")
    assert "Not signed off yet." in plan.text
    # A viewer reads the record but is not offered to record a sign-off
    assert "Record a sign-off" not in client.get(url("agreement", site)).content.decode()
    # When the offer is changed, only the offer shows as changed
    services.offer_save(site=site, grouping="getting-help", services="Two front doors")
    standings = agreement.standings(site=site)
    assert standings["offer:getting-help"].changed
    assert standings["plan"].latest is None and not standings["plan"].changed


@pytest.mark.django_db
def test_progress_on_an_action_is_not_a_change_to_the_agreed_plan(site):
    action = services.action_create(site=site, title="Open the front door", grouping="thriving")
    services.signoff_record(
        site=site,
        subject="plan",
        body="Partnership board",
        signed_on=dt.date(2026, 12, 1),
        signatories=[{"name": "Sam Patel", "organisation": "Northbridge CAMHS"}],
    )
    services.action_set_status(action=action, status="in_progress")
    assert not agreement.standing_of(site=site, subject="plan").changed
    # But a new due date is
    services.action_update(
        action=action,
        version=action.version,
        title=action.title,
        grouping="thriving",
        due_date=dt.date(2027, 3, 31),
    )
    assert agreement.standing_of(site=site, subject="plan").changed


@pytest.mark.django_db
def test_a_sign_off_needs_a_body_a_past_date_people_with_organisations_and_something_to_agree(
    client, site, member, signed_in, framework
):
    signed_in(member(Role.SITE_LEAD))
    refused = client.post(
        url("signoff_add", site),
        {
            "what": "outcomes",
            "body": "Partnership board",
            "signed_on": "01/01/2099",
            "signatories": "Sam Patel",
        },
    )
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "Give each person as name, organisation: Sam Patel" in text
    refused = client.post(
        url("signoff_add", site),
        {
            "what": "outcomes",
            "body": "Partnership board",
            "signed_on": "01/01/2099",
            "signatories": "Sam Patel, CAMHS",
        },
    )
    assert "cannot be in the future" in refused.content.decode()
    # The plan has no actions: there is nothing to sign off, so it is not offered
    form = soup(client.get(url("signoff_add", site)))
    assert [o["value"] for o in form.select("select[name=what] option")] == ["outcomes"]
    with pytest.raises(ValidationError):
        services.signoff_record(
            site=site,
            subject="plan",
            body="Board",
            signed_on=dt.date(2026, 1, 1),
            signatories=[{"name": "A", "organisation": "B"}],
        )
    assert not SignOff.objects.for_site(site).exists()


@pytest.mark.django_db
def test_only_a_site_lead_records_a_sign_off(client, site, member, signed_in, framework):
    signed_in(member(Role.FACILITATOR))
    assert client.get(url("signoff_add", site)).status_code == 403
    assert client.get(url("agreement", site)).status_code == 200
