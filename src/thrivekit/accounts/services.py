import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from thrivekit.accounts.models import User

logger = logging.getLogger(__name__)


@transaction.atomic
def user_create(*, email: str, full_name: str, password: str | None) -> User:
    user = User(email=email.strip().lower(), full_name=full_name.strip())
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """An unconfirmed authenticator for the user to scan; earlier unconfirmed ones are dropped.

    A confirmed authenticator is left alone: it keeps working until the new one is confirmed.
    """
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, token: str) -> bool:
    """Confirm a new authenticator with a code from it; it then replaces any earlier one."""
    if not device.verify_token(token.replace(" ", "")):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    replaced = TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()[0]
    user = device.user
    transaction.on_commit(
        lambda: two_factor_notice_send(user=user, kind="replaced" if replaced else "set_up")
    )
    return True


@transaction.atomic
def two_factor_reset(*, user: User) -> int:
    """Remove all of a person's authenticators (they lost theirs); they set up a new one.

    Returns how many were removed. The person is emailed.
    """
    removed = TOTPDevice.objects.filter(user=user).delete()[0]
    removed += StaticDevice.objects.filter(user=user).delete()[0]
    if removed:
        transaction.on_commit(lambda: two_factor_notice_send(user=user, kind="reset"))
    return removed


def two_factor_setup_attempt_notify(*, user: User) -> None:
    """Someone signed in with only the password tried to set up a new authenticator."""
    two_factor_notice_send(user=user, kind="attempt")


_NOTICES = {
    "set_up": (
        "Two-factor authentication is turned on",
        "An authenticator app was set up for your thrivekit account. From now on you will "
        "need a code from it as well as your password when you sign in.",
    ),
    "replaced": (
        "A new authenticator was set up",
        "A new authenticator app was set up for your thrivekit account. The one you used "
        "before no longer works.",
    ),
    "reset": (
        "Your authenticator was reset",
        "A platform administrator removed the authenticator app from your thrivekit account. "
        "The next time you sign in you will be asked to set up a new one.",
    ),
    "attempt": (
        "Someone tried to set up a new authenticator",
        "Someone signed in to your thrivekit account with your password and tried to set up "
        "a new authenticator app. They were asked for a code from your current authenticator "
        "instead, and nothing was changed.",
    ),
}


def two_factor_notice_send(*, user: User, kind: str) -> None:
    """Tell the user by email about a change to their two-factor authentication.

    The email never holds a secret or a code, only what happened and what to do if it was
    not them.
    """
    subject, what = _NOTICES[kind]
    if kind == "attempt":
        advice = (
            "If this was you and you no longer have your authenticator, ask a platform "
            "administrator to reset it. If it was not you, change your password now: "
            "someone else knows it."
        )
    else:
        advice = (
            "If this was not you, contact a platform administrator straight away: someone "
            "else may have your password."
        )
    body = f"Hello {user.full_name or user.email},\n\n{what}\n\n{advice}\n\nthrivekit\n"
    try:
        send_mail(
            subject=f"thrivekit: {subject}",
            message=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
        )
    except OSError:
        # The change itself stands; a mail server being down must not undo or block it.
        logger.warning("Could not send the two-factor notice (%s) to user %s", kind, user.pk)
