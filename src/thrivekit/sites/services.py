from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from thrivekit.accounts.models import User
from thrivekit.accounts.services import user_create
from thrivekit.sites.models import (
    Invitation,
    LocalArea,
    Membership,
    Role,
    Site,
    new_token,
    token_digest,
)
from thrivekit.sites.selectors import site_lead_count

INVITATION_DAYS = 14


@transaction.atomic
def site_create(
    *,
    name: str,
    icb: str = "",
    local_authorities: list[str] | None = None,
    population_0_25: int | None = None,
    local_areas: list[str] | None = None,
    slug: str | None = None,
) -> Site:
    site = Site(
        name=name.strip(),
        slug=slug or slugify(name)[:60],
        icb=icb.strip(),
        local_authorities=[la.strip() for la in local_authorities or [] if la.strip()],
        population_0_25=population_0_25,
    )
    site.full_clean()
    site.save()
    for area in local_areas or []:
        local_area_add(site=site, name=area)
    return site


@transaction.atomic
def site_update(
    *,
    site: Site,
    name: str,
    icb: str,
    local_authorities: list[str],
    population_0_25: int | None,
    disclosure_threshold: int,
) -> Site:
    site.name = name.strip()
    site.icb = icb.strip()
    site.local_authorities = [la.strip() for la in local_authorities if la.strip()]
    site.population_0_25 = population_0_25
    site.disclosure_threshold = disclosure_threshold
    site.full_clean()
    site.save()
    return site


@transaction.atomic
def local_area_add(*, site: Site, name: str) -> LocalArea:
    name = name.strip()
    if LocalArea.objects.for_site(site).filter(name__iexact=name).exists():
        raise ValidationError({"name": f"{name} is already a local area of this site"})
    area = LocalArea(site=site, name=name)
    area.full_clean()
    area.save()
    return area


@transaction.atomic
def local_area_remove(*, area: LocalArea) -> None:
    area.delete()


@transaction.atomic
def membership_add(*, site: Site, user: User, role: str) -> Membership:
    membership, created = Membership.objects.get_or_create(
        site=site, user=user, defaults={"role": role}
    )
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role", "updated_at"])
    return membership


def _ensure_a_lead_remains(*, membership: Membership) -> None:
    if membership.role == Role.SITE_LEAD and site_lead_count(site=membership.site) <= 1:
        raise ValidationError("A site must keep at least one site lead.")


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str) -> Membership:
    if role not in Role.values:
        raise ValidationError(f"{role} is not a role")
    if role != membership.role:
        _ensure_a_lead_remains(membership=membership)
        membership.role = role
        membership.full_clean()
        membership.save(update_fields=["role", "updated_at"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    _ensure_a_lead_remains(membership=membership)
    membership.delete()


@transaction.atomic
def invitation_create(
    *, site: Site, email: str, role: str, invited_by: User | None, base_url: str
) -> tuple[Invitation, str]:
    """Create an invitation and email its link. Returns the invitation and the link."""
    email = email.strip().lower()
    if Membership.objects.for_site(site).filter(user__email__iexact=email).exists():
        raise ValidationError({"email": f"{email} is already a member of this site"})
    token = new_token()
    invitation = Invitation(
        site=site,
        email=email,
        role=role,
        token_digest=token_digest(token),
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    link = base_url.rstrip("/") + reverse("accounts:invitation_accept", args=[token])
    inviter = invited_by.full_name if invited_by else "The thrivekit team"
    transaction.on_commit(
        lambda: send_mail(
            subject=f"You are invited to {site.name} on thrivekit",
            message=(
                f"{inviter} has invited you to join {site.name} on thrivekit as "
                f"{invitation.get_role_display().lower()}.\n\n"
                f"Open this link to accept (it works for {INVITATION_DAYS} days):\n{link}\n"
            ),
            from_email=None,
            recipient_list=[email],
        )
    )
    return invitation, link


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    if user.email.lower() != invitation.email.lower():
        raise ValidationError("This invitation is for a different email address.")
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at", "updated_at"])
    return membership_add(site=invitation.site, user=user, role=invitation.role)


@transaction.atomic
def invitation_accept_new_user(*, invitation: Invitation, full_name: str, password: str) -> User:
    user = user_create(email=invitation.email, full_name=full_name, password=password)
    invitation_accept(invitation=invitation, user=user)
    return user


@transaction.atomic
def invitation_cancel(*, invitation: Invitation) -> None:
    invitation.delete()
