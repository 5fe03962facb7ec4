"""The future offer per grouping, drafted from the map; workforce by grouping without double
counting; every planning page opens (issue 17)."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from thrivekit.demo.pathways import seed_pathway_map
from thrivekit.planning import offer, selectors, services
from thrivekit.sites.models import Role


def url(name, site, **kwargs):
    return reverse(f"planning:{name}", kwargs={"site_slug": site.slug, **kwargs})


@pytest.fixture
def mapped(site):
    seed_pathway_map(site)  # the demo map and its workforce, without an extract
    return site


@pytest.mark.django_db
def test_the_offer_is_drafted_from_the_map_and_saved(client, mapped, member, signed_in):
    signed_in(member(Role.SITE_LEAD))
    page = client.get(url("offer_edit", mapped, grouping="getting-advice"))
    form = BeautifulSoup(page.content.decode(), "html.parser")
    services_box = form.select_one("textarea[name=services]").text
    assert "Single Point of Access" in services_box and "Mental Health Support Team" in services_box
    response = client.post(
        url("offer_edit", mapped, grouping="getting-advice"),
        {"services": "One front door with advice clinics in every locality", "skill_mix": "x"},
    )
    assert response.status_code == 302
    shown = BeautifulSoup(client.get(url("offers", mapped)).content.decode(), "html.parser")
    assert "advice clinics" in shown.select_one("[data-testid=offer-getting-advice]").text


@pytest.mark.django_db
def test_a_service_in_several_groupings_is_not_counted_twice(mapped):
    summary = offer.workforce_by_grouping(site=mapped)
    by_grouping = sum(g["wte"] for g in summary["groupings"])
    assert summary["total_wte"] > 0
    assert abs(by_grouping - summary["total_wte"]) < 0.5  # rounding of five figures only
    support_team = next(s for s in summary["services"] if s["name"] == "Mental Health Support Team")
    assert support_team["how"] == "Equally (no referral data)"
    # When the site sets the split, it is used
    from thrivekit.maps.selectors import site_map

    sid = next(
        s.id for s in site_map(site=mapped).services if s.name == "Mental Health Support Team"
    )
    services.share_set(
        site=mapped, service_id=sid, shares={"getting-advice": 25, "getting-help": 75}
    )
    again = offer.workforce_by_grouping(site=mapped)
    team = next(s for s in again["services"] if s["name"] == "Mental Health Support Team")
    assert team["how"] == "Set by the site"
    assert team["shares"] == [("Getting Advice and Signposting", 25.0), ("Getting Help", 75.0)]


@pytest.mark.django_db
def test_a_lead_sets_a_services_split_and_sees_training_needs(
    client, mapped, member, signed_in, priority
):
    signed_in(member(Role.SITE_LEAD))
    page = BeautifulSoup(client.get(url("offers", mapped)).content.decode(), "html.parser")
    link = page.select_one('a[href$="/split"]')["href"]
    form = BeautifulSoup(client.get(link).content.decode(), "html.parser")
    # One box per grouping the service serves (the CSRF token is hidden)
    names = [i["name"] for i in form.select("main form input") if i.get("type") != "hidden"]
    assert len(names) >= 2
    uneven = {name: 10 for name in names}
    refused = client.post(link, uneven)
    assert refused.status_code == 200 and "add up to 100%" in refused.content.decode()
    even = {name: 0 for name in names} | {names[0]: 100}
    assert client.post(link, even).status_code == 302
    page = BeautifulSoup(client.get(url("offers", mapped)).content.decode(), "html.parser")
    assert "Set by the site" in page.select_one("[data-testid=service-shares]").text
    priority.training = "Shared decision making for school staff"
    priority.save()
    page = BeautifulSoup(client.get(url("offers", mapped)).content.decode(), "html.parser")
    assert "Shared decision making for school staff" in (
        page.select_one("[data-testid=training-needs]").text
    )


def test_by_default_a_service_splits_by_the_referral_mix():
    class Service:
        id, groupings = "s1", ("getting-help", "getting-more-help")

    mix = offer.referral_mix(
        {
            "grouping_mix": [
                {"grouping": "Getting Help", "referrals": 300},
                {"grouping": "Getting More Help", "referrals": 100},
                {"grouping": "Not recorded", "referrals": 50},
            ]
        }
    )
    shares, how = offer.service_shares(Service(), set_shares={}, mix=mix)
    assert how == "By the referral mix"
    assert shares == {"getting-help": 0.75, "getting-more-help": 0.25}


@pytest.mark.django_db
def test_every_planning_page_opens_for_a_lead(client, mapped, member, signed_in, priority):
    signed_in(member(Role.SITE_LEAD))
    action = services.action_create(
        site=mapped, title="An action", grouping="thriving", owner_name="A", owner_organisation="B"
    )
    outcome = services.outcome_create(site=mapped, title="An outcome")
    indicator = services.indicator_add(outcome=outcome, measure="dna_rate")
    pages = [
        url("home", mapped),
        url("plan", mapped),
        url("plan", mapped) + "?grouping=thriving",
        url("gantt", mapped),
        url("action_add", mapped),
        url("action", mapped, action_id=action.pk),
        url("action_edit", mapped, action_id=action.pk),
        url("action_remove", mapped, action_id=action.pk),
        url("from_gap_analysis", mapped),
        url("owners", mapped),
        url("outcomes", mapped),
        url("outcome_add", mapped),
        url("indicator_add", mapped, outcome_id=outcome.pk),
        url("indicator", mapped, indicator_id=indicator.pk),
        url("indicator_edit", mapped, indicator_id=indicator.pk),
        url("offers", mapped),
        url("library", mapped),
        url("library", mapped) + "?principle=accessibility&grouping=getting-advice",
        url("library_add", mapped),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
    # The action form offers the map's findings and the checklist to link to
    form = BeautifulSoup(client.get(url("action_add", mapped)).content.decode(), "html.parser")
    assert len(form.select("select[name=finding_key] option")) > 1
    assert len(form.select("select[name=checklist_action] option")) > 30
    # The library has the built-in entries once, however often it is opened
    from thrivekit.planning.library import ENTRIES
    from thrivekit.planning.models import PracticeEntry

    assert PracticeEntry.objects.for_site(mapped).count() == len(ENTRIES)


@pytest.mark.django_db
def test_an_action_answers_a_map_finding_and_a_checklist_action_and_cites_the_library(
    client, mapped, member, signed_in
):
    signed_in(member(Role.CONTRIBUTOR))
    form = BeautifulSoup(client.get(url("action_add", mapped)).content.decode(), "html.parser")
    finding = form.select("select[name=finding_key] option")[1]
    checklist = form.select("select[name=checklist_action] option")[13]
    practice = form.select("select[name=practice] option")[1]
    response = client.post(
        url("action_add", mapped),
        {
            "title": "Fill the gap the map shows",
            "grouping": "getting-risk-support",
            "status": "not_started",
            "finding_key": finding["value"],
            "checklist_action": checklist["value"],
            "practice": practice["value"],
        },
    )
    assert response.status_code == 302
    from thrivekit.planning.models import Action

    action = Action.objects.for_site(mapped).get()
    page = BeautifulSoup(
        client.get(url("action", mapped, action_id=action.pk)).content.decode(), "html.parser"
    )
    answers = page.select_one("[data-testid=answers]").text
    assert "Pathway map finding" in answers
    assert f"Implementation Checklist action {checklist.text}" in answers
    assert f"Cites: {practice.text}" in answers


@pytest.mark.django_db
def test_an_offer_names_the_scenario_that_supports_it(
    client, mapped, member, signed_in, other_site
):
    from thrivekit.scenarios.services import scenario_create
    from thrivekit.scenarios.tests.test_scenarios import SMALL

    # Given a scenario at this site and one at another site
    ours = scenario_create(site=mapped, name="Two more practitioners", definition=SMALL)
    theirs = scenario_create(site=other_site, name="Theirs", definition=SMALL)
    signed_in(member(Role.SITE_LEAD))
    edit = url("offer_edit", mapped, grouping="getting-help")
    # When the lead links the offer to their own scenario
    response = client.post(edit, {"services": "Core CAMHS", "scenario": str(ours.id)})
    assert response.status_code == 302
    # Then the offer shows it, with what it shows (not simulated yet here)
    page = BeautifulSoup(client.get(url("offers", mapped)).content.decode(), "html.parser")
    cell = page.select_one("[data-testid=offer-getting-help] [data-testid=offer-scenario]")
    assert "Two more practitioners" in cell.text and "Not simulated yet" in cell.text
    # And another site's scenario cannot be chosen
    refused = client.post(edit, {"services": "Core CAMHS", "scenario": str(theirs.id)})
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    assert selectors.offers_for_site(site=mapped)["getting-help"].scenario == ours


def test_a_simulated_scenario_is_summed_up_in_a_line():
    from types import SimpleNamespace

    simulated = SimpleNamespace(
        result={"overall": {"wait_days": {"mean": 23.44}, "within_28_days_pct": 61.2}}
    )
    assert offer.scenario_headline(simulated) == "mean wait 23.4 days, 61% seen within 4 weeks"
    assert offer.scenario_headline(SimpleNamespace(result={})) == "Not simulated yet"
