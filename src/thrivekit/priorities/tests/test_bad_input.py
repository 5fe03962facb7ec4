"""Bad input on the prioritising pages is a 400 or a form error, never a server error."""

import pytest
from django.urls import reverse

from thrivekit.priorities import selectors
from thrivekit.priorities.tests.helpers import open_session
from thrivekit.sites.models import Role


@pytest.mark.django_db
@pytest.mark.parametrize("aim", ["", "not-a-uuid", "-1", "x" * 5000])
@pytest.mark.parametrize("action", ["up", "down", "remove"])
def test_moving_or_removing_an_aim_that_is_not_an_id_is_a_bad_request(
    client, site, member, signed_in, aim, action
):
    # Given a workshop with three aims
    session = open_session(site, tables=2)
    before = [a.text for a in selectors.session_aims(session=session)]
    signed_in(member(Role.FACILITATOR))
    # When an aim is moved or removed with an aim that is not an id
    response = client.post(
        reverse("priorities:aims", kwargs={"site_slug": site.slug, "session_id": session.id}),
        {"action": action, "aim": aim},
    )
    # Then it is a bad request and the aims are as they were
    assert response.status_code == 400
    assert [a.text for a in selectors.session_aims(session=session)] == before


@pytest.mark.django_db
def test_adding_an_aim_needs_no_aim_id(client, site, member, signed_in):
    session = open_session(site, tables=2)
    signed_in(member(Role.FACILITATOR))
    response = client.post(
        reverse("priorities:aims", kwargs={"site_slug": site.slug, "session_id": session.id}),
        {"action": "add", "aim": "", "text": "Outcomes"},
    )
    assert response.status_code == 302
    assert "Outcomes" in [a.text for a in selectors.session_aims(session=session)]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "rank",
    ["²", "٣", "1" * 5000, "-1", "inf", "9"],
    ids=["superscript-two", "arabic-three", "5000-digits", "minus-one", "inf", "nine"],
)
def test_a_rank_that_is_not_one_to_five_is_refused_on_the_table_device(client, site, rank):
    # Given a table's device on an open prioritising workshop
    session = open_session(site, tables=2)
    table = selectors.session_tables(session=session).first()
    link = reverse("ranking:table", kwargs={"code": table.code})
    # When a rank is sent that is not 1 to 5
    response = client.post(link, {"rank-common-language.macro": rank})
    # Then the table is asked to give a rank, and nothing is saved
    assert response.status_code == 200
    assert "Give a rank to at least one priority" in response.text
    assert not selectors.rankings(session=session, round=session.round).exists()
