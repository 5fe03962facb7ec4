from django.contrib.auth import get_user_model
from django.http import Http404
from django.utils import timezone

from thrivekit.sites.models import Invitation, LocalArea, Membership, Site, token_digest


def sites_for_user(*, user) -> list[Site]:
    return list(Site.objects.filter(pk__in=Membership.objects.filter(user=user).values("site")))


def memberships_for_user(*, user):
    return Membership.objects.filter(user=user).select_related("site").order_by("site__name")


def site_members(*, site: Site):
    return Membership.objects.for_site(site).select_related("user")


def site_member(*, site: Site, membership_id) -> Membership:
    membership = Membership.objects.for_site(site).filter(pk=membership_id).first()
    if membership is None:
        raise Http404("No such member")
    return membership


def site_local_areas(*, site: Site):
    return LocalArea.objects.for_site(site)


def site_pending_invitations(*, site: Site):
    return Invitation.objects.for_site(site).filter(
        accepted_at__isnull=True, expires_at__gt=timezone.now()
    )


def invitation_open(*, token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_related("site")
        .filter(
            token_digest=token_digest(token),
            accepted_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .first()
    )
    if invitation is None:
        raise Http404("This invitation link is not valid or has expired")
    return invitation


def user_by_email(*, email: str):
    return get_user_model().objects.filter(email__iexact=email).first()


def site_lead_count(*, site: Site) -> int:
    return Membership.objects.for_site(site).filter(role="site_lead").count()


def all_sites():
    return Site.objects.all()


def site_audit_entries(*, site: Site):
    """The site's audit log, newest first (paginate it: it grows with every change)."""
    from auditlog.models import LogEntry

    return (
        LogEntry.objects.filter(additional_data__site_id=str(site.id))
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-id")
    )
