import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse

from thrivekit.sites.models import Membership, Role
from thrivekit.sites.tests.factories import MembershipFactory


def members_url(site):
    return reverse("sites:members", kwargs={"site_slug": site.slug})


@pytest.mark.django_db
def test_a_site_lead_invites_someone_who_creates_an_account_and_joins(
    client, site, member, signed_in, django_capture_on_commit_callbacks
):
    # Given a signed-in site lead
    lead = member(Role.SITE_LEAD)
    signed_in(lead)
    # When they invite a new person as an analyst
    invite = reverse("sites:member_invite", kwargs={"site_slug": site.slug})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(invite, {"email": "New.Analyst@Example.org", "role": Role.ANALYST})
    assert response.status_code == 302
    # Then an email with a link is sent
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.analyst@example.org"]
    link = re.search(r"http://testserver(/accounts/invitations/\S+)", mail.outbox[0].body)[1]
    # And the invitee creates an account from the link and lands on the site
    client.logout()
    page = client.get(link)
    assert "Create your account" in page.text
    joined = client.post(
        link,
        {
            "full_name": "Nia Analyst",
            "password": "sycamore lantern harbour",
            "password_again": "sycamore lantern harbour",
        },
    )
    assert joined.status_code == 302
    membership = Membership.objects.get(site=site, user__email="new.analyst@example.org")
    assert membership.role == Role.ANALYST
    # And, as an analyst, they are asked to set up two-factor authentication first
    assert client.get(joined.url).url.startswith(reverse("accounts:two_factor_setup"))
    # And the link cannot be used twice
    client.logout()
    assert client.get(link).status_code == 404


@pytest.mark.django_db
def test_a_short_or_common_password_is_refused_when_accepting(client, site):
    from thrivekit.sites.services import invitation_create

    _, link = invitation_create(
        site=site, email="x@example.org", role=Role.VIEWER, invited_by=None, base_url="http://t"
    )
    path = link.removeprefix("http://t")
    short = client.post(path, {"full_name": "X", "password": "short", "password_again": "short"})
    assert "at least 10 characters" in short.text
    common = client.post(
        path, {"full_name": "X", "password": "password123", "password_again": "password123"}
    )
    assert "too common" in common.text
    assert not Membership.objects.filter(site=site, user__email="x@example.org").exists()


@pytest.mark.django_db
def test_a_removed_member_loses_access_on_their_next_request(client, site, member, signed_in):
    # Given a contributor who can see the site
    contributor = member(Role.CONTRIBUTOR)
    contributor_client = type(client)()
    contributor_client.force_login(contributor)
    home = reverse("phase1:home", kwargs={"site_slug": site.slug})
    assert contributor_client.get(home).status_code == 200
    # When a site lead removes them
    signed_in(member(Role.SITE_LEAD))
    membership = Membership.objects.get(site=site, user=contributor)
    remove = reverse(
        "sites:member_remove", kwargs={"site_slug": site.slug, "membership_id": membership.id}
    )
    assert client.post(remove).status_code == 302
    # Then their next request finds nothing there
    assert contributor_client.get(home).status_code == 404


@pytest.mark.django_db
def test_a_role_change_applies_at_once(client, site, member, signed_in):
    lead = member(Role.SITE_LEAD)
    viewer_membership = MembershipFactory(site=site, role=Role.VIEWER)
    signed_in(lead)
    url = reverse(
        "sites:member_role",
        kwargs={"site_slug": site.slug, "membership_id": viewer_membership.id},
    )
    client.post(url, {"role": Role.FACILITATOR})
    viewer_membership.refresh_from_db()
    assert viewer_membership.role == Role.FACILITATOR


@pytest.mark.django_db
def test_the_last_site_lead_cannot_be_removed_or_demoted(client, site, member, signed_in):
    lead = member(Role.SITE_LEAD)
    signed_in(lead)
    membership = Membership.objects.get(site=site, user=lead)
    kwargs = {"site_slug": site.slug, "membership_id": membership.id}
    removed = client.post(reverse("sites:member_remove", kwargs=kwargs))
    assert "at least one site lead" in removed.text
    demoted = client.post(reverse("sites:member_role", kwargs=kwargs), {"role": Role.VIEWER})
    assert "at least one site lead" in demoted.text
    membership.refresh_from_db()
    assert membership.role == Role.SITE_LEAD


@pytest.mark.django_db
def test_inviting_an_existing_member_is_refused_with_a_message(client, site, member, signed_in):
    lead = member(Role.SITE_LEAD)
    viewer = member(Role.VIEWER)
    signed_in(lead)
    invite = reverse("sites:member_invite", kwargs={"site_slug": site.slug})
    response = client.post(invite, {"email": viewer.email, "role": Role.ANALYST})
    assert "already a member" in response.text
    assert len(mail.outbox) == 0


@pytest.mark.django_db
def test_a_site_lead_reads_their_own_sites_audit_log_only(
    client, site, other_site, member, signed_in
):
    # Given changes at two sites
    lead = member(Role.SITE_LEAD)
    signed_in(lead)
    settings_url = reverse("sites:settings", kwargs={"site_slug": site.slug})
    client.post(settings_url, {"form": "area", "name": "Westfield"})
    from thrivekit.sites.services import local_area_add

    local_area_add(site=other_site, name="Secret Southvale Area")
    # When the lead opens the audit log
    page = client.get(reverse("sites:audit", kwargs={"site_slug": site.slug}))
    text = BeautifulSoup(page.text, "html.parser").get_text()
    # Then they see who added what at their site, and nothing from the other site
    assert "Westfield" in text
    assert lead.full_name in text
    assert "Secret Southvale Area" not in text


@pytest.mark.django_db
def test_a_platform_admin_sets_up_a_site_and_invites_its_lead(
    client, signed_in, django_capture_on_commit_callbacks
):
    from thrivekit.sites.tests.factories import UserFactory

    admin = UserFactory(is_superuser=True, is_staff=True)
    signed_in(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("platform:site_new"),
            {
                "name": "Westshire",
                "slug": "westshire",
                "icb": "NHS Westshire ICB",
                "local_areas": "North\nSouth",
                "lead_email": "lead@westshire.example",
            },
        )
    assert response.status_code == 302
    from thrivekit.sites.models import LocalArea, Site

    site = Site.objects.get(slug="westshire")
    assert sorted(a.name for a in LocalArea.objects.for_site(site)) == ["North", "South"]
    assert mail.outbox[0].to == ["lead@westshire.example"]
