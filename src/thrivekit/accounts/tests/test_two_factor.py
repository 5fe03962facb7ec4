"""Setting up an authenticator: a password alone never replaces the one a person has."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from thrivekit.accounts.tests.test_sign_in import post_login, totp_now
from thrivekit.sites.models import Role

SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")


@pytest.mark.django_db
def test_a_password_alone_cannot_replace_an_authenticator(client, member, mailoutbox):
    # Given a facilitator with a confirmed authenticator, and someone who has their password
    user = member(Role.FACILITATOR)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    post_login(client, user.email)
    # When that someone opens the setup page
    response = client.get(SETUP)
    # Then they are sent to enter a code from the existing authenticator, with no new secret
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)
    assert not TOTPDevice.objects.filter(user=user, confirmed=False).exists()
    # And posting a code to the setup page changes nothing either
    attempt = client.post(SETUP, {"token": "123456"})
    assert attempt.status_code == 302
    assert attempt.url.startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=user)) == [device]
    assert not client.get(reverse("sites:choose")).url.startswith(reverse("sites:choose"))
    # And the owner is told once, by email, with no secret in it
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [user.email]
    assert "tried to set up a new authenticator" in mailoutbox[0].body
    assert device.key not in mailoutbox[0].body


@pytest.mark.django_db
def test_a_verified_person_replaces_their_authenticator_and_is_told(
    client, member, signed_in, mailoutbox, django_capture_on_commit_callbacks
):
    # Given a site lead who has signed in with their authenticator
    lead = member(Role.SITE_LEAD)
    signed_in(lead)
    old = TOTPDevice.objects.get(user=lead)
    # When they start setting up a new one
    page = client.get(SETUP)
    assert page.status_code == 200
    assert "The one you use now keeps working" in page.text
    new = TOTPDevice.objects.get(user=lead, confirmed=False)
    # Then the old one still works until the new one is confirmed
    assert TOTPDevice.objects.filter(pk=old.pk, confirmed=True).exists()
    # And when they enter a code from the new one, it replaces the old one
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(SETUP, {"token": totp_now(new)})
    assert done.status_code == 302
    assert list(TOTPDevice.objects.filter(user=lead)) == [new]
    assert TOTPDevice.objects.get(pk=new.pk).confirmed
    # And they are told by email, with neither secret nor code in it
    assert len(mailoutbox) == 1
    assert "A new authenticator was set up" in mailoutbox[0].subject
    assert new.key not in mailoutbox[0].body
    shown = BeautifulSoup(page.text, "html.parser").select_one("[data-testid=totp-secret]")
    assert shown.text.replace(" ", "") not in mailoutbox[0].body.replace(" ", "")


@pytest.mark.django_db
def test_a_wrong_code_for_a_new_authenticator_keeps_the_old_one(client, member, signed_in):
    # Given a verified analyst who starts setting up a new authenticator
    analyst = member(Role.ANALYST)
    signed_in(analyst)
    old = TOTPDevice.objects.get(user=analyst)
    client.get(SETUP)
    # When they give a wrong code
    response = client.post(SETUP, {"token": "000000"})
    # Then nothing changes: the old authenticator is still their confirmed one
    assert "The code is not right" in response.text
    assert list(TOTPDevice.objects.filter(user=analyst, confirmed=True)) == [old]


@pytest.mark.django_db
def test_turning_on_two_factor_for_the_first_time_sends_an_email(
    client, member, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.THRIVEKIT_REQUIRE_2FA = True
    # Given a site lead without an authenticator
    lead = member(Role.SITE_LEAD)
    post_login(client, lead.email)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=lead, confirmed=False)
    # When they confirm their first authenticator
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SETUP, {"token": totp_now(device)})
    # Then they are told two-factor authentication is on
    assert [mail.subject for mail in mailoutbox] == [
        "thrivekit: Two-factor authentication is turned on"
    ]
