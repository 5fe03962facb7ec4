"""The Django admin shows no site's audit trail and no one's authenticator."""

import pytest
from django.urls import NoReverseMatch, reverse

from thrivekit.sites.tests.factories import UserFactory

HIDDEN_PAGES = [
    "auditlog/logentry/",
    "otp_totp/totpdevice/",
    "otp_static/staticdevice/",
]


@pytest.fixture
def platform_admin(signed_in):
    user = UserFactory(is_staff=True, is_superuser=True)
    return signed_in(user)


@pytest.mark.django_db
def test_a_platform_administrator_sees_no_audit_log_or_authenticators_in_the_admin(
    platform_admin,
):
    # Given a platform administrator past two-factor authentication
    # When they open the admin
    index = platform_admin.get(reverse("admin:index"))
    # Then they can manage accounts, but there is no audit log and no authenticator page
    assert index.status_code == 200
    assert reverse("admin:accounts_user_changelist") in index.text
    for page in HIDDEN_PAGES:
        assert page not in index.text
    assert "Log entries" not in index.text
    assert "TOTP device" not in index.text


@pytest.mark.django_db
@pytest.mark.parametrize("page", HIDDEN_PAGES)
def test_the_audit_log_and_authenticator_pages_cannot_be_reached(platform_admin, page):
    # Given a platform administrator, when they type the address of a hidden page
    response = platform_admin.get(reverse("admin:index") + page)
    # Then there is no such page
    assert response.status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "admin:auditlog_logentry_changelist",
        "admin:otp_totp_totpdevice_changelist",
        "admin:otp_static_staticdevice_changelist",
    ],
)
def test_the_admin_has_no_urls_for_the_audit_log_or_authenticators(name):
    with pytest.raises(NoReverseMatch):
        reverse(name)


@pytest.mark.django_db
def test_a_platform_administrator_resets_a_lost_authenticator_without_seeing_it(
    platform_admin, mailoutbox, django_capture_on_commit_callbacks
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    # Given someone who has lost the phone with their authenticator
    person = UserFactory()
    TOTPDevice.objects.create(user=person, name="lost phone", confirmed=True)
    # When a platform administrator resets their two-factor authentication from the admin
    with django_capture_on_commit_callbacks(execute=True):
        response = platform_admin.post(
            reverse("admin:accounts_user_changelist"),
            {"action": "two_factor_reset", "_selected_action": [str(person.pk)]},
            follow=True,
        )
    # Then the authenticator is gone, the administrator is told, and the person is emailed
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert "Two-factor authentication reset for 1 of 1 people" in response.text
    assert [mail.to for mail in mailoutbox] == [[person.email]]
    assert "Your authenticator was reset" in mailoutbox[0].subject
