"""Bad input on the pathway map pages is a 400 or a message, never a server error."""

import pytest
from django.urls import reverse

from thrivekit.maps import selectors
from thrivekit.maps.models import MapProposal
from thrivekit.maps.services import proposal_create
from thrivekit.maps.tests.test_maps import _priority
from thrivekit.sites.models import Role


def url(name, site, **kwargs):
    return reverse(name, kwargs={"site_slug": site.slug, **kwargs})


@pytest.mark.django_db
@pytest.mark.parametrize("priority_id", ["", "not-a-uuid", "inf", "x" * 5000])
def test_sending_a_finding_to_a_priority_that_is_not_an_id_asks_for_a_priority(
    client, demo_site_map, member, signed_in, priority_id
):
    # Given a map with findings and a priority
    site = demo_site_map
    priority = _priority(site)
    signed_in(member(Role.CONTRIBUTOR))
    # When a finding is sent with a priority that is not an id
    response = client.post(
        url("maps:finding_send", site), {"priority": priority_id, "finding": "x"}, follow=True
    )
    # Then they are asked to choose a priority, and nothing is added
    assert response.status_code == 200
    assert "Choose a priority to send the finding to." in response.text
    priority.refresh_from_db()
    assert priority.evidence == []


@pytest.mark.django_db
@pytest.mark.parametrize("proposal_id", ["", "not-a-uuid", "-1", "x" * 5000])
def test_deciding_a_proposal_that_is_not_an_id_is_a_bad_request(
    client, demo_site_map, member, signed_in, proposal_id
):
    # Given a table's proposal waiting for the facilitator
    site = demo_site_map
    proposal_create(site=site, table="Table 1", kind="note", payload={"text": "A gap"})
    signed_in(member(Role.FACILITATOR))
    # When the decision is sent with a proposal that is not an id
    response = client.post(
        url("maps:workshop_step", site, step="shape"),
        {"proposal": proposal_id, "decision": "accept"},
    )
    # Then it is a bad request and the proposal is still waiting
    assert response.status_code == 400
    assert MapProposal.objects.for_site(site).get().status == "pending"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        '{"gp": [Infinity, 20]}',
        '{"gp": [10, NaN]}',
        '{"gp": [1e309, 20]}',
        '{"gp": ["x", 20]}',
        '{"gp": [10]}',
        '["gp"]',
        "not json",
    ],
)
def test_a_dragged_place_that_is_not_a_place_on_the_page_is_refused(
    client, demo_site_map, member, signed_in, body
):
    # Given a box already placed on the map
    site = demo_site_map
    signed_in(member(Role.CONTRIBUTOR))
    place = url("maps:positions", site)
    client.post(place, '{"gp": [10, 20]}', content_type="application/json")
    # When a script sends a place that is not one
    response = client.post(place, body, content_type="application/json")
    # Then it is refused and the box stays where it was
    assert response.status_code == 400
    assert response.json() == {"saved": False}
    assert selectors.map_document(site=site).positions["gp"] == [10.0, 20.0]
