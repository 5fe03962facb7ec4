"""Protecting what people said: redaction before storage, review, safeguarding, quotes."""

import pytest

from thrivekit.qualitative import selectors, services
from thrivekit.qualitative.models import Flag, Response, Theme
from thrivekit.qualitative.tests.helpers import reviewed, say, url
from thrivekit.sites.models import Role

PERSONAL = "My name is Sam Jones, email me at sam.jones@example.org about the long wait"


@pytest.mark.django_db
def test_personal_details_are_removed_before_the_text_is_stored(site):
    response = say(site, PERSONAL)
    stored = Response.objects.get(pk=response.pk)
    assert "Sam Jones" not in stored.text
    assert "sam.jones@example.org" not in stored.text
    assert "about the long wait" in stored.text
    assert set(stored.removed) >= {"name", "email"}


@pytest.mark.django_db
def test_the_original_is_shown_only_to_an_analyst_and_deleted_on_review(
    site, member, signed_in, client
):
    response = say(site, PERSONAL)
    analyst = member(Role.ANALYST)
    lead = member(Role.SITE_LEAD)
    # Given an unreviewed response: the analyst sees the original
    signed_in(analyst)
    page = client.get(url("response", site, response_id=response.id))
    assert "Sam Jones" in page.text
    # But the site lead cannot open it at all yet
    signed_in(lead)
    assert client.get(url("response", site, response_id=response.id)).status_code == 404
    # When the analyst reviews it
    signed_in(analyst)
    client.post(url("review", site, response_id=response.id), {"text": response.text})
    # Then the original is gone from the database and from the page
    response.refresh_from_db()
    assert response.original == ""
    assert response.reviewed
    assert "Sam Jones" not in client.get(url("response", site, response_id=response.id)).text
    # And the site lead can read the redacted text now
    signed_in(lead)
    page = client.get(url("response", site, response_id=response.id))
    assert page.status_code == 200
    assert "about the long wait" in page.text


@pytest.mark.django_db
def test_a_correction_at_review_is_protected_too(site):
    response = say(site, "The nurse Jo was kind")
    services.response_review(
        response=response, user=None, text="The nurse was kind, call 07700 900123"
    )
    response.refresh_from_db()
    assert "07700 900123" not in response.text
    assert "phone" in response.removed


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.SITE_LEAD, Role.VIEWER, Role.CONTRIBUTOR])
def test_other_roles_see_only_reviewed_responses(site, member, signed_in, role):
    say(site, "Waiting for months was awful")
    reviewed(site, "The drop-in was easy to find")
    client = signed_in(member(role))
    page = client.get(url("home", site))
    assert "The drop-in was easy to find" in page.text
    assert "Waiting for months was awful" not in page.text


@pytest.mark.django_db
def test_theme_quotes_are_hidden_from_viewers_until_reviewed(site, member, signed_in):
    unreviewed = say(site, "Nobody at the clinic listened to me")
    theme = Theme.objects.create(site=site, label="Not listened to", status="approved")
    theme.responses.set([unreviewed])
    client = signed_in(member(Role.VIEWER))
    assert "Nobody at the clinic listened" not in client.get(url("themes", site)).text
    assert selectors.approved_themes_for_site(site)[0]["quotes"] == []
    # When an analyst reviews the response, it may be quoted
    services.response_review(response=unreviewed, user=None)
    assert "Nobody at the clinic listened" in client.get(url("themes", site)).text
    assert selectors.approved_themes_for_site(site)[0]["quotes"] == [
        "Nobody at the clinic listened to me"
    ]


@pytest.mark.django_db
def test_safeguarding_flags_block_theming_until_the_site_lead_acknowledges_them(
    site, member, signed_in, client
):
    reviewed(site, "The waiting list is long and the waiting room is noisy")
    reviewed(site, "Sometimes I want to hurt myself when I wait this long")
    flag = Flag.objects.for_site(site).get()
    assert flag.category == "self-harm"
    services.feedback_settings_update(site=site, safeguarding_contact="Pat Reid, 01632 960000")
    analyst, lead = member(Role.ANALYST), member(Role.SITE_LEAD)
    # Given the flag is open, theming is refused
    signed_in(analyst)
    refused = client.post(url("themes_suggest", site))
    assert refused["Location"] == url("flags", site)
    assert not Theme.objects.for_site(site).exists()
    assert "waiting for the site lead" in client.get(url("themes", site)).text
    # And the analyst cannot acknowledge it
    assert client.post(url("flag_acknowledge", site, flag_id=flag.id)).status_code == 403
    # When the site lead opens the flags page, it shows the safeguarding contact
    signed_in(lead)
    page = client.get(url("flags", site))
    assert "Pat Reid, 01632 960000" in page.text
    assert "hurt myself" in page.text
    client.post(url("flag_acknowledge", site, flag_id=flag.id), {"action": "Told Pat"})
    flag.refresh_from_db()
    assert flag.acknowledged_by == lead
    # Then theming goes ahead
    signed_in(analyst)
    client.post(url("themes_suggest", site))
    assert Theme.objects.for_site(site).exists()


@pytest.mark.django_db
def test_a_theme_cannot_be_approved_while_a_flag_is_open(site):
    response = reviewed(site, "The service is far away")
    theme = Theme.objects.create(site=site, label="Distance")
    theme.responses.set([response])
    say(site, "I feel like ending my life")
    with pytest.raises(services.ThemingBlocked):
        services.theme_approve(theme=theme, user=None)
