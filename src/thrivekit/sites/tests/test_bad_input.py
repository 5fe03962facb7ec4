"""Junk in any form field or query parameter is a form error, a 400 or a 404, never a 500.

Every page of the apps below is opened, every form on it is read (its fields, and where it
posts), and each field in turn is sent with a junk value while the others keep a good one.
Parameters no form shows (the ones links and scripts add) are listed in EXTRA_PARAMS.
"""

import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.db import transaction
from django.test import Client
from django.urls import resolve, reverse

from thrivekit.sites.tests.test_url_access import (
    EXPECTATIONS,
    phone_client,
    url_for,
    world,  # noqa: F401 - a fixture
)

JUNK = (
    "",
    "x",
    "inf",
    "nan",
    "-1",
    "1e309",
    "not-a-uuid",
    "99999999999999999999",
    "x" * 5000,
    "1" * 5000,  # more digits than int() reads
    "²",  # a digit to str.isdigit(), not to int()
)

# Apps whose views are checked: the staff pages, the participants' and the tables' pages.
NAMESPACES = (
    "workshops",
    "priorities",
    "scenarios",
    "engagement",
    "maps",
    "sites",
    "platform",
    "extracts",
    "participate",
    "ranking",
)

# Parameters that links, buttons outside a form or scripts send, per URL name.
EXTRA_PARAMS = {
    "workshops:comments": [("POST", {"answer": "", "review": "approved"})],
    "workshops:export": [("GET", {"table": "assessment", "instrument": "assessment"})],
    "priorities:aims": [
        ("POST", {"action": "up", "aim": "", "text": "An aim"}),
        ("POST", {"action": "add", "text": "An aim"}),
    ],
    "priorities:room": [("GET", {"round": "1"})],
    "maps:finding_send": [("POST", {"priority": "", "finding": ""})],
    "maps:workshop": [("POST", {"decision": "accept", "proposal": ""})],
    "maps:teams": [("POST", {"action": "volumes", "team-0": ""})],
    "scenarios:compare": [("GET", {"scenario": ""})],
    "scenarios:variant": [
        (
            "POST",
            {
                "name": "What if",
                "cap-help": "120",
                "dem-advice": "90",
                "dna-help": "10",
                "rule-help": "fifo",
                "shift_from": "help",
                "shift_to": "advice",
                "shift_pct": "10",
            },
        )
    ],
}

# A few of each family of generated names (score-<item>, rank-<item>, cap-<service> ...).
PER_FAMILY = 2


def _family(name: str) -> str:
    return re.sub(r"[-_].*$", "", name) if re.match(r"^[a-z]+-", name) else name


def _good_value(tag) -> str | None:
    """The value a person would most likely send for this field."""
    if tag.name == "select":
        options = [o.get("value", o.text) for o in tag.find_all("option")]
        chosen = [o.get("value", o.text) for o in tag.find_all("option", selected=True)]
        return (chosen or [o for o in options if o] or [""])[0]
    if tag.name == "textarea":
        return tag.text or "Some text"
    kind = tag.get("type", "text")
    if kind in ("submit", "button", "image", "file", "reset"):
        return tag.get("value") if kind == "submit" and tag.get("name") else None
    if kind == "email":
        return tag.get("value") or "someone@example.org"
    if kind == "number":
        return tag.get("value") or "1"
    return tag.get("value") or ("Some text" if kind == "text" else "")


def forms_on(page_url: str, html: str) -> list[tuple[str, str, dict[str, str]]]:
    """(method, action, {name: good value}) for every form on the page."""
    found = []
    for form in BeautifulSoup(html, "html.parser").find_all("form"):
        method = (form.get("method") or "get").upper()
        action = form.get("action") or form.get("hx-post") or page_url
        data: dict[str, str] = {}
        for tag in form.find_all(["input", "select", "textarea"]):
            name = tag.get("name")
            if not name or name in data:
                continue
            if tag.get("type") in ("radio", "checkbox") and not tag.has_attr("checked"):
                # The first choice of a group, unless one is already ticked further on.
                if form.find(attrs={"name": name, "checked": True}) is not None:
                    continue
            value = _good_value(tag)
            if value is not None:
                data[name] = value
        found.append((method, urlsplit(action).path or page_url, data))
    return found


def _fields_to_spoil(data: dict[str, str]) -> list[str]:
    seen: dict[str, int] = {}
    names = []
    for name in data:
        family = _family(name)
        if name == "csrfmiddlewaretoken" or seen.get(family, 0) >= PER_FAMILY:
            continue
        seen[family] = seen.get(family, 0) + 1
        names.append(name)
    return names


@pytest.fixture
def places(request, site, signed_in, client):
    """Signed-in clients, and the pages each opens: staff, participant, table, platform."""
    from thrivekit.sites.models import LocalArea
    from thrivekit.workshops.models import Workshop
    from thrivekit.workshops.presenters import questions
    from thrivekit.workshops.tests.helpers import join

    people, kwargs = request.getfixturevalue("world")
    workshop = Workshop.objects.get(pk=kwargs["workshop_id"])
    participant = join(workshop, area=LocalArea.objects.for_site(site).first())
    admin = phone_client(people["platform_admin"])
    signed_in(people["site_lead"])
    last = len(questions(workshop=workshop))
    pages = []
    for name in EXPECTATIONS:
        namespace = name.split(":")[0]
        if namespace not in NAMESPACES:
            continue
        url = url_for(name, kwargs)
        if name == "participate:question":
            pages += [(participant, url), (participant, url.rsplit("/", 1)[0] + f"/{last}")]
        elif name in ("participate:enter", "participate:join"):
            pages.append((None, url))  # someone not in the workshop yet: a new phone each time
        elif namespace == "participate":
            pages.append((participant, url))
        elif namespace == "platform":
            pages.append((admin, url))
        else:
            pages.append((client, url))
    return pages, kwargs, participant


def _send(who, method, url, data):
    """One request, undone afterwards so that every junk value meets the same site."""
    who = who or Client()
    with transaction.atomic():
        if method == "GET":
            response = who.get(url, data)
        else:
            response = who.post(url, data)
        transaction.set_rollback(True)
    return response


def _requests(places):
    """Every (client, method, url, good data) to spoil, from the pages' forms and the extras."""
    pages, kwargs, participant = places
    seen = set()
    for who, url in pages:
        response = (who or Client()).get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for method, action, data in forms_on(url, response.content.decode()):
            # One form of each kind: the map shows a remove button per node and per route.
            key = (method, resolve(action).url_name, tuple(sorted(data)))
            if key not in seen:
                seen.add(key)
                yield who, method, action, data
    staff = next(who for who, url in pages if url.startswith("/sites/"))
    for name, requests in EXTRA_PARAMS.items():
        url = url_for(name, kwargs)
        if name == "workshops:export":
            url = url.replace(".xlsx", ".csv")
        for method, data in requests:
            yield staff, method, url, data


@pytest.mark.django_db
@pytest.mark.parametrize(
    "junk", JUNK, ids=lambda v: repr(v[:12]) + (f"x{len(v)}" if len(v) > 12 else "")
)
def test_junk_in_any_field_of_any_form_is_never_a_server_error(places, junk):
    failures = []
    checked = 0
    for who, method, url, data in _requests(places):
        for name in _fields_to_spoil(data):
            spoilt = {**data, name: junk}
            try:
                response = _send(who, method, url, spoilt)
            except Exception as error:  # noqa: BLE001 - the test client re-raises a 500's cause
                failures.append(f"{method} {url} {name}={junk[:20]!r}: {error!r}"[:300])
                continue
            checked += 1
            if response.status_code >= 500:
                failures.append(f"{method} {url} {name}={junk[:20]!r}: {response.status_code}")
    assert not failures, "\n".join(failures)
    assert checked > 150, "the pages' forms were not found"


@pytest.mark.django_db
def test_a_population_too_big_to_store_is_a_form_error(client, site, member, signed_in):
    # Given a site lead on the settings page
    signed_in(member("site_lead"))
    url = reverse("sites:settings", kwargs={"site_slug": site.slug})
    # When they give a population too big to store
    response = client.post(
        url,
        {
            "form": "details",
            "name": "Renamed",
            "icb": "",
            "local_authorities": "",
            "population_0_25": "99999999999999999999",
            "disclosure_threshold": "7",
        },
    )
    # Then the form says so and nothing is saved
    assert response.status_code == 200
    assert "less than or equal to" in response.text
    site.refresh_from_db()
    assert site.name == "Northbridge"
