"""Building blocks for workshop tests: a workshop, participants who join and answer."""

from django.test import Client
from django.urls import reverse

from thrivekit.workshops import selectors, services


def open_workshop(site, *, assessment=True, checklist=True, tables=("Table 1", "Table 2")):
    workshop = services.workshop_create(
        site=site,
        title="Baseline assessment",
        includes_assessment=assessment,
        includes_checklist=checklist,
        principles=[],
        levels=[],
        table_names=list(tables),
    )
    return services.workshop_open(workshop=workshop)


def join(workshop, *, area, sector="gp-primary-care", table=None, client=None):
    """A participant joins on their own device (a fresh client keeps their cookie)."""
    client = client or Client()
    data = {"local_area": str(area.id), "sector": sector, "name": ""}
    if table is not None:
        data["table"] = str(table.id)
    response = client.post(reverse("participate:join", kwargs={"code": workshop.join_code}), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


def question_number(workshop, question_id) -> int:
    from thrivekit.workshops.presenters import questions

    return next(q.number for q in questions(workshop=workshop) if q.id == question_id)


def answer(client, workshop, question_id, **data):
    number = question_number(workshop, question_id)
    url = reverse("participate:question", kwargs={"code": workshop.join_code, "number": number})
    return client.post(url, data)


def sectors():
    return [sector_id for sector_id, _ in selectors.sector_choices()]
