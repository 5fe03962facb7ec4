"""The future-state pathway map beside today's: proposed changes per grouping, the differences
in words and which of today's findings the redesign fixes (issue 17)."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse

from thrivekit.demo.pathways import seed_pathway_map
from thrivekit.planning import future, services
from thrivekit.planning.models import FutureChange
from thrivekit.sites.models import Role

GAP = "Getting Risk Support for ages 18–25 in Riverside leaves out ages 19–25."


def url(name, site, **kwargs):
    return reverse(f"planning:{name}", kwargs={"site_slug": site.slug, **kwargs})


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def items(page, testid):
    found = page.select_one(f"[data-testid={testid}]")
    return [" ".join(li.text.split()) for li in found.select("li")] if found else []


@pytest.fixture
def mapped(site):
    seed_pathway_map(site)  # the demo map: 25 services, 7 entry points, 67 routes
    return site


@pytest.mark.django_db
def test_a_service_added_for_one_grouping_and_a_route_removed_fix_a_gap(
    client, mapped, member, signed_in
):
    # Given today's map, where nothing offers Getting Risk Support to 19 to 25 year olds
    signed_in(member(Role.FACILITATOR))
    today = soup(client.get(url("future_map", mapped)))
    assert items(today, "differences-added") == []
    # When the Getting Risk Support redesign adds a young adults' crisis service reached from
    # Crisis, and takes away the step down from Tier 4 Liaison to Crisis
    response = client.post(
        url("future_change_add", mapped) + "?kind=add_service",
        {
            "grouping": "getting-risk-support",
            "name": "Young Adults Crisis Response",
            "provider": "Northbridge Mental Health Trust",
            "groupings": ["getting-risk-support"],
            "age_min": "18",
            "age_max": "25",
            "from_id": "crisis",
            "reason": "Nothing for 19 to 25 year olds in crisis today.",
        },
    )
    assert response.status_code == 302
    response = client.post(
        url("future_change_add", mapped) + "?kind=remove_route",
        {"grouping": "getting-risk-support", "route": "tier-4-liaison|crisis|step-down"},
    )
    assert response.status_code == 302
    # Then the page lists the three differences in words
    page = soup(client.get(url("future_map", mapped)))
    assert items(page, "differences-added") == [
        "New service: Young Adults Crisis Response (Northbridge Mental Health Trust), for "
        "Getting Risk Support, ages 18–25.",
        "New route: Crisis → Young Adults Crisis Response (referral).",
    ]
    assert items(page, "differences-removed") == [
        "Route taken away: Tier 4 Liaison → Crisis (step down)."
    ]
    assert items(page, "differences-changed") == []
    # And the future map's analysis no longer reports the gap: the redesign fixes it
    fixed = " ".join(items(page, "fixed"))
    assert GAP in fixed
    assert "Crisis and Tier 4 Liaison" in fixed  # the loop goes with the step down
    assert GAP not in " ".join(items(page, "new-findings"))
    # A finding about the same thing in new words is changed, not fixed: the overlap grows
    assert "Possible duplication" not in fixed
    assert "6 services offer Getting Risk Support" in " ".join(items(page, "changed-findings"))
    # And both maps are drawn side by side, the new service only on the future one
    assert "Young Adults Crisis Response" not in page.select_one("[data-testid=today-map]").text
    assert "Young Adults Crisis Response" in page.select_one("[data-testid=future-map]").text
    drawn = page.select_one("[data-testid=future-map]")
    assert [g["data-id"] for g in drawn.select("g.node.new")] == ["young-adults-crisis-response"]
    ids = [tag["id"] for tag in page.select("svg [id]")]
    assert len(ids) == len(set(ids))  # two drawings on one page, no id twice
    # And the changes are listed under the grouping they are for
    changes = page.select_one("[data-testid=changes]").text
    assert "Getting Risk Support" in changes and "Nothing for 19 to 25 year olds" in changes


@pytest.mark.django_db
def test_changes_are_checked_against_the_future_map(client, mapped, member, signed_in):
    # A removed service must exist
    with pytest.raises(ValidationError, match="no service no-such-service on the map to remove"):
        services.future_change_add(site=mapped, kind="remove_service", node_id="no-such-service")
    # An added route's ends must be on the future map: not a service the redesign removes
    services.future_change_add(site=mapped, kind="remove_service", node_id="medical")
    with pytest.raises(ValidationError, match="medical, is not on the future map"):
        services.future_change_add(
            site=mapped, kind="add_route", from_id="psychology", to_id="medical"
        )
    # A route already on the map is not added twice
    with pytest.raises(ValidationError, match="already on the map"):
        services.future_change_add(
            site=mapped, kind="add_route", from_id="gp", to_id="single-point-of-access"
        )
    # On the page, the error says so plainly
    signed_in(member(Role.SITE_LEAD))
    refused = client.post(
        url("future_change_add", mapped) + "?kind=add_service",
        {"name": "Crisis", "groupings": ["getting-risk-support"]},
    )
    assert refused.status_code == 200
    assert "There is already a service called Crisis on the map." in refused.content.decode()
    assert FutureChange.objects.for_site(mapped).count() == 1


@pytest.mark.django_db
def test_a_changed_service_and_entry_points_are_listed_and_a_change_can_be_taken_off(
    client, mapped, member, signed_in
):
    services.future_change_add(
        site=mapped,
        kind="change_service",
        grouping="getting-help",
        node_id="bereavement-support",
        groupings=["getting-help", "getting-advice"],
        capacity_wte=4.5,
    )
    services.future_change_add(
        site=mapped, kind="add_entry_point", name="Youth hub drop-in", entry_kind="self-referral"
    )
    police = services.future_change_add(site=mapped, kind="remove_entry_point", node_id="police")
    signed_in(member(Role.CONTRIBUTOR))
    page = soup(client.get(url("future_map", mapped)))
    assert items(page, "differences-changed") == [
        "Bereavement Support: serves Getting Help, Getting Advice and Signposting (today Getting "
        "Help); capacity 4.5 WTE (today not recorded)."
    ]
    drawn = page.select_one("[data-testid=future-map]")
    assert [g["data-id"] for g in drawn.select("g.node.changed")] == ["bereavement-support"]
    assert [g["data-id"] for g in drawn.select("g.node.new")] == ["youth-hub-drop-in"]
    added = items(page, "differences-added")
    assert "New entry point: Youth hub drop-in (Self-referral)." in added
    removed = items(page, "differences-removed")
    assert "No longer an entry point: Police." in removed
    assert "Route taken away: Police → Youth Justice Health (referral)." in removed
    # Taking the police change off puts Police back
    response = client.post(url("future_change_remove", mapped), {"change": police.pk})
    assert response.status_code == 302
    page = soup(client.get(url("future_map", mapped)))
    assert not any("Police" in text for text in items(page, "differences-removed"))


@pytest.mark.django_db
def test_a_change_today_s_map_no_longer_allows_is_shown_not_applied(mapped):
    from thrivekit.maps import selectors as map_selectors
    from thrivekit.planning import selectors

    services.future_change_add(site=mapped, kind="remove_service", node_id="medical")
    # Today's map loses Medical by other means: the proposal can no longer apply
    today = map_selectors.site_map(site=mapped)
    smaller = future.build(today, [future.Change(kind="remove_service", node_id="medical")])
    _, changes, built = selectors.future_maps(site=mapped)
    again = future.build(smaller.pathway_map, changes)
    assert built.problems == []
    assert again.problems == [(changes[0], "There is no service medical on the map to remove.")]


@pytest.mark.django_db
def test_a_viewer_sees_the_future_map_but_does_not_propose_changes(
    client, mapped, member, signed_in
):
    signed_in(member(Role.VIEWER))
    page = client.get(url("future_map", mapped))
    assert page.status_code == 200 and "Propose a change" not in page.content.decode()
    assert client.get(url("future_change_add", mapped)).status_code == 403


@pytest.mark.django_db
def test_a_service_the_future_offer_names_is_offered_as_a_change(client, mapped, member, signed_in):
    # Given the Getting Risk Support offer names a service today's map does not have
    services.offer_save(
        site=mapped,
        grouping="getting-risk-support",
        services="Crisis\nYoung Adults Crisis Response (Northbridge Mental Health Trust)",
    )
    signed_in(member(Role.SITE_LEAD))
    # When a lead proposes a change for that grouping
    page = soup(client.get(url("future_change_add", mapped) + "?grouping=getting-risk-support"))
    # Then the service is offered, prefilled; Crisis, already on the map, is not
    assert items(page, "named-in-offer") == [
        "Add Young Adults Crisis Response (Northbridge Mental Health Trust)"
    ]
    form = soup(client.get(page.select_one("[data-testid=named-in-offer] a")["href"]))
    assert form.select_one("input[name=name]")["value"] == "Young Adults Crisis Response"
    assert form.select_one("input[name=provider]")["value"] == "Northbridge Mental Health Trust"
    checked = [box["value"] for box in form.select("input[name=groupings][checked]")]
    assert checked == ["getting-risk-support"]
