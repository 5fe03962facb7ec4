"""The redesign workshop as a live session (issue 17): tables draft each grouping's future
offer on their own devices, the facilitator merges the drafts into the site's offer, then
records the next steps and the wider engagement plan."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from thrivekit import pathways
from thrivekit.planning import agreement, services
from thrivekit.planning.models import OfferDraft, OfferDraftVersion
from thrivekit.sites.models import Role

GROUPING = "getting-help"
ALL_GROUPINGS = list(pathways.grouping_ids())


def url(name, site, **kwargs):
    return reverse(f"planning:{name}", kwargs={"site_slug": site.slug, **kwargs})


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def words(node) -> str:
    return " ".join(node.text.split())


def draft_url(table, grouping=GROUPING):
    return reverse("redesign:draft", kwargs={"redesign_code": table.code, "grouping": grouping})


def draft_form(page) -> dict:
    """What a table's device sends back: the form as the page shows it."""
    form = page.select_one("form[method=post]")
    data = {i["name"]: i.get("value", "") for i in form.select("input[name]")}
    data.update({t["name"]: t.text.strip("\n") for t in form.select("textarea")})
    data.pop("csrfmiddlewaretoken", None)
    return data


@pytest.fixture
def workshop(site):
    services.offer_save(
        site=site,
        grouping=GROUPING,
        services="CAMHS community team",
        entry_points="GP referral",
        who_delivers="Northbridge CAMHS",
        skill_mix="Psychologists",
    )
    return services.redesign_workshop_create(
        site=site, title="Redesign day", groupings=ALL_GROUPINGS, table_names=["Red", "Blue"]
    )


@pytest.mark.django_db
def test_a_site_lead_sets_up_a_redesign_workshop_with_a_code_for_each_table(
    client, site, member, signed_in
):
    # Given a site lead on the set-up page, with all five groupings chosen for them
    signed_in(member(Role.SITE_LEAD))
    page = soup(client.get(url("redesign_workshop_new", site)))
    assert len(page.select("input[name=groupings][checked]")) == 5
    # When they set up a workshop for three tables
    response = client.post(
        url("redesign_workshop_new", site),
        {"title": "Redesign day", "groupings": ALL_GROUPINGS, "tables": "Red\nBlue\nGreen"},
    )
    # Then the room view lists each table's link with its own code, and the workshop is open
    assert response.status_code == 302
    room = soup(client.get(response.url))
    links = room.select("[data-testid=table-links] li")
    assert [li.a.text for li in links] == ["Red's link", "Blue's link", "Green's link"]
    codes = [li.a["href"].rsplit("/", 1)[1] for li in links]
    assert len(set(codes)) == 3 and all(len(code) >= 6 for code in codes)
    assert "Open" in room.text
    # And each grouping has its side-by-side view, with no drafts yet
    assert words(room.select_one("[data-testid=drafted-getting-help]")) == (
        "0 of 3 tables have drafted."
    )


@pytest.mark.django_db
def test_two_tables_draft_the_same_grouping_side_by_side(client, site, member, signed_in, workshop):
    red, blue = workshop.tables.all()
    # Given Red's device, whose draft starts from the site's current offer
    page = soup(client.get(draft_url(red)))
    assert draft_form(page)["services"] == "CAMHS community team"
    # When Red and Blue each save a draft of Getting Help
    client.post(draft_url(red), {**draft_form(page), "services": "One front door"})
    page = soup(client.get(draft_url(blue)))
    client.post(draft_url(blue), {**draft_form(page), "entry_points": "Self-referral online"})
    # Then the facilitator's room view shows both drafts beside the current offer
    signed_in(member(Role.FACILITATOR))
    room = soup(client.get(url("redesign_workshop", site, redesign_id=workshop.id)))
    assert words(room.select_one("[data-testid=drafted-getting-help]")) == (
        "2 of 2 tables have drafted."
    )
    rows = {
        words(tr.th): [words(td) for td in tr.select("td")]
        for tr in room.select("[data-testid=room-getting-help] tbody tr")
    }
    assert rows["Services"] == ["CAMHS community team", "One front door", "CAMHS community team"]
    assert rows["Entry points"] == ["GP referral", "GP referral", "Self-referral online"]
    # And a table's own page says which groupings it has drafted
    home = soup(client.get(reverse("redesign:table", kwargs={"redesign_code": red.code})))
    assert "Draft saved" in words(home.select_one("[data-testid=groupings]"))


@pytest.mark.django_db
def test_the_room_view_answers_no_content_while_nothing_changed(
    client, site, member, signed_in, workshop
):
    # Given the facilitator's room view, polled with the state it shows
    signed_in(member(Role.FACILITATOR))
    room_url = url("redesign_workshop", site, redesign_id=workshop.id)
    poll = soup(client.get(room_url)).select_one("#redesign-live")["hx-get"]
    # When it asks again while no table has saved
    unchanged = client.get(poll, headers={"HX-Request": "true"})
    # Then nothing is swapped; after a table saves a draft, the new drafts come back
    assert unchanged.status_code == 204
    red = workshop.tables.first()
    services.offer_draft_save(
        table=red, grouping=GROUPING, fields={"services": "One front door"}, base_version=0
    )
    changed = client.get(poll, headers={"HX-Request": "true"})
    assert changed.status_code == 200 and "One front door" in changed.content.decode()


@pytest.mark.django_db
def test_a_stale_save_from_a_second_device_shows_the_conflict_and_keeps_both_versions(
    client, workshop
):
    red = workshop.tables.first()
    # Given two devices at Red's table that opened the same draft
    client.post(draft_url(red), {**draft_form(soup(client.get(draft_url(red)))), "notes": "Start"})
    first = draft_form(soup(client.get(draft_url(red))))
    second = dict(first)
    # When the first saves a change to services, then the second saves a different change
    client.post(draft_url(red), {**first, "services": "One front door"})
    response = client.post(
        draft_url(red), {**second, "services": "Two front doors", "skill_mix": "Peer workers"}
    )
    # Then the second device is shown the conflict instead of silently winning
    page = soup(response)
    conflict = page.select_one("[data-testid=conflict]")
    assert "Someone else saved this draft while you were editing" in words(conflict)
    both_changed = [
        [words(cell) for cell in tr.select("th, td")] for tr in conflict.select("tbody tr")
    ]
    assert both_changed == [["Services", "Two front doors", "One front door"]]
    # And its form holds the merge: its own change to the skill mix, its services text
    merged = draft_form(page)
    assert merged["skill_mix"] == "Peer workers" and merged["services"] == "Two front doors"
    draft = OfferDraft.objects.get(table=red, grouping=GROUPING)
    assert draft.fields["services"] == "One front door"  # the first device's save stands
    # And saving again keeps both versions in the draft's history
    client.post(draft_url(red), merged)
    saved = [
        v.fields["services"]
        for v in OfferDraftVersion.objects.filter(draft=draft).order_by("version")
    ]
    assert saved == ["CAMHS community team", "One front door", "Two front doors"]


@pytest.mark.django_db
def test_the_facilitator_merges_one_field_from_each_table_into_the_offer(
    client, site, member, signed_in, workshop
):
    red, blue = workshop.tables.all()
    services.offer_draft_save(
        table=red,
        grouping=GROUPING,
        fields={
            **services.offer_prefill(site=site, grouping=GROUPING),
            "services": "One front door",
        },
        base_version=0,
    )
    services.offer_draft_save(
        table=blue,
        grouping=GROUPING,
        fields={
            **services.offer_prefill(site=site, grouping=GROUPING),
            "entry_points": "Self-referral online",
        },
        base_version=0,
    )
    # Given the offer was signed off as it was before the workshop
    services.signoff_record(
        site=site,
        subject="offer",
        grouping=GROUPING,
        body="Getting Help design group",
        signed_on=dt.date(2026, 11, 20),
        signatories=[{"name": "Priya Shah", "organisation": "Northbridge Youth Trust"}],
    )
    assert not agreement.standings(site=site)[f"offer:{GROUPING}"].changed
    signed_in(member(Role.FACILITATOR))
    merge_url = url("redesign_merge", site, redesign_id=workshop.id, grouping=GROUPING)
    page = soup(client.get(merge_url))
    # When the facilitator takes Red's services, Blue's entry points and writes the skill mix
    data = {
        "version": page.select_one("input[name=version]")["value"],
        "source_services": f"table-{red.id}",
        "source_entry_points": f"table-{blue.id}",
        "source_who_delivers": "current",
        "source_skill_mix": "own",
        "text_skill_mix": "Psychologists and peer workers",
        "source_notes": "current",
    }
    response = client.post(merge_url, data)
    # Then the site's offer holds each table's field, in a new version
    assert response.status_code == 302
    offers = soup(client.get(url("offers", site)))
    shown = words(offers.select_one(f"[data-testid=offer-{GROUPING}]"))
    assert "Services One front door" in shown
    assert "Entry points Self-referral online" in shown
    assert "Who delivers Northbridge CAMHS" in shown
    assert "Skill mix Psychologists and peer workers" in shown
    # And the record of agreement shows the offer has changed since it was agreed
    assert agreement.standings(site=site)[f"offer:{GROUPING}"].changed


@pytest.mark.django_db
def test_next_steps_and_the_wider_engagement_plan_are_shown_on_the_planning_home(
    client, site, member, signed_in, workshop
):
    # Given the facilitator records what happens after the workshop
    signed_in(member(Role.FACILITATOR))
    client.post(
        url("redesign_next_steps", site, redesign_id=workshop.id),
        {
            "next_steps": "Design group meets in January",
            "engagement_plan": "Youth council session in February",
        },
    )
    # When a viewer opens the planning home
    signed_in(member(Role.VIEWER))
    home = soup(client.get(url("home", site)))
    # Then both are there
    shown = words(home.select_one("[data-testid=redesign-outcome]"))
    assert "Next steps Design group meets in January" in shown
    assert "Wider engagement plan Youth council session in February" in shown


@pytest.mark.django_db
def test_a_closed_workshops_table_code_no_longer_accepts_drafts(
    client, site, member, signed_in, workshop
):
    red = workshop.tables.first()
    form = draft_form(soup(client.get(draft_url(red))))
    # Given the facilitator closes the workshop
    signed_in(member(Role.FACILITATOR))
    client.post(url("redesign_status", site, redesign_id=workshop.id), {"action": "close"})
    client.logout()
    # When a table's device still tries to save its draft
    response = client.post(draft_url(red), {**form, "services": "Too late"}, follow=True)
    # Then it is refused, said so, and nothing is saved
    assert "This redesign workshop is closed" in response.content.decode()
    assert not OfferDraft.objects.filter(table=red).exists()
    page = soup(client.get(draft_url(red)))
    assert page.select_one("[data-testid=closed]") and not page.select("textarea")


@pytest.mark.django_db
def test_another_sites_redesign_workshop_is_not_found(
    client, site, other_site, member, signed_in, workshop
):
    # Given a site lead of another site who knows this workshop's id
    signed_in(member(Role.SITE_LEAD, at=other_site))
    # When they open it, or its merge page, under their own site's address
    room = client.get(url("redesign_workshop", other_site, redesign_id=workshop.id))
    merge = client.get(
        url("redesign_merge", other_site, redesign_id=workshop.id, grouping=GROUPING)
    )
    # Then it does not exist for them
    assert room.status_code == 404 and merge.status_code == 404
