import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from thrivekit.sites.models import Role
from thrivekit.sites.tests.factories import PASSWORD, UserFactory

LOGIN = reverse("accounts:login")


def totp_now(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():06d}"


def post_login(client, email, password=PASSWORD):
    return client.post(LOGIN, {"username": email, "password": password})


@pytest.mark.django_db
def test_a_contributor_signs_in_with_email_in_any_case(client, member, site):
    # Given a contributor
    user = member(Role.CONTRIBUTOR)
    # When they sign in with their email in capitals
    response = post_login(client, user.email.upper())
    # Then they land on their only site's Phase 1 home
    assert response.status_code == 302
    home = client.get(response.url, follow=True)
    assert home.redirect_chain[-1][0] == reverse("phase1:home", kwargs={"site_slug": site.slug})


@pytest.mark.django_db
def test_a_wrong_password_shows_an_error_summary(client):
    user = UserFactory()
    response = post_login(client, user.email, "not the password")
    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Enter a correct email address and password" in response.text


@pytest.mark.django_db
def test_an_account_is_locked_after_repeated_failures_even_with_the_right_password(
    client, settings
):
    # Given an account and the lockout limit
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, user.email, "wrong password attempt")
    # When the right password is then given
    response = post_login(client, user.email)
    # Then the account is still locked and nobody is signed in
    assert response.status_code == 429
    assert "locked" in response.text
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_site_lead_must_set_up_two_factor_before_anything_else(client, member, settings):
    settings.THRIVEKIT_REQUIRE_2FA = True
    # Given a site lead without an authenticator who has signed in
    lead = member(Role.SITE_LEAD)
    post_login(client, lead.email)
    # When they open any page, they are sent to set up two-factor authentication
    response = client.get(reverse("sites:choose"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor_setup"))
    # And when they enter the code from their app, they get in
    page = client.get(response.url)
    assert "Set up two-factor authentication" in page.text
    device = TOTPDevice.objects.get(user=lead, confirmed=False)
    done = client.post(response.url, {"token": totp_now(device)})
    assert done.status_code == 302
    assert client.get(reverse("sites:choose"), follow=True).status_code == 200
    assert TOTPDevice.objects.get(user=lead).confirmed


@pytest.mark.django_db
def test_a_wrong_code_does_not_turn_on_two_factor(client, member, settings):
    settings.THRIVEKIT_REQUIRE_2FA = True
    analyst = member(Role.ANALYST)
    post_login(client, analyst.email)
    setup = reverse("accounts:two_factor_setup")
    client.get(setup)
    response = client.post(setup, {"token": "000000"})
    assert "The code is not right" in response.text
    assert not TOTPDevice.objects.filter(user=analyst, confirmed=True).exists()


@pytest.mark.django_db
def test_a_viewer_is_not_forced_to_set_up_two_factor(client, member, settings):
    settings.THRIVEKIT_REQUIRE_2FA = True
    viewer = member(Role.VIEWER)
    post_login(client, viewer.email)
    response = client.get(reverse("sites:choose"))
    assert response.status_code == 302
    assert not response.url.startswith(reverse("accounts:two_factor_setup"))


@pytest.mark.django_db
def test_the_demo_setting_relaxes_two_factor_for_site_leads(client, member, settings):
    settings.THRIVEKIT_REQUIRE_2FA = False
    lead = member(Role.SITE_LEAD)
    post_login(client, lead.email)
    response = client.get(reverse("sites:choose"))
    assert not response.url.startswith(reverse("accounts:two_factor_setup"))


@pytest.mark.django_db
def test_someone_with_an_authenticator_must_enter_a_code_after_their_password(client, member):
    # Given a user with a confirmed authenticator
    user = member(Role.FACILITATOR)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    post_login(client, user.email)
    # When they open a page, they are asked for their code
    response = client.get(reverse("sites:choose"))
    assert response.url.startswith(reverse("accounts:two_factor_verify"))
    wrong = client.post(response.url, {"token": "123456"})
    assert "The code is not right" in wrong.text
    # And an immediate second try is throttled
    throttled = client.post(response.url, {"token": "123456"})
    assert "Too many wrong codes" in throttled.text
    # And once the wait is over, the right code lets them through
    device.refresh_from_db()
    device.throttle_reset()
    right = client.post(response.url, {"token": totp_now(device)})
    assert right.status_code == 302
    assert client.get(reverse("sites:choose"), follow=True).status_code == 200


@pytest.mark.django_db
def test_a_session_ends_after_its_maximum_age(client, member, settings, signed_in):
    user = member(Role.VIEWER)
    signed_in(user)
    session = client.session
    session["signed_in_at"] = time.time() - settings.THRIVEKIT_SESSION_MAX_SECONDS - 1
    session.save()
    response = client.get(reverse("sites:choose"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
