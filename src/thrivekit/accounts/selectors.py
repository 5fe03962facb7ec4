from django_otp.plugins.otp_totp.models import TOTPDevice

from thrivekit.sites.models import Membership, Role

# Roles that hold the most sensitive data must set up two-factor authentication.
TWO_FACTOR_ROLES = {Role.SITE_LEAD, Role.ANALYST}


def user_needs_two_factor(*, user) -> bool:
    if user.is_platform_admin:
        return True
    return Membership.objects.filter(user=user, role__in=TWO_FACTOR_ROLES).exists()


def confirmed_totp_device(*, user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def unconfirmed_totp_device(*, user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()
