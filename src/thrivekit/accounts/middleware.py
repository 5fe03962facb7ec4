import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from thrivekit.accounts.selectors import confirmed_totp_device, user_needs_two_factor

OPEN_PREFIXES = ("/static/", "/health", "/accounts/logout", "/accounts/two-factor/")


class TwoFactorMiddleware:
    """Enforces two-factor authentication and the absolute session lifetime.

    A user with an authenticator must enter a code after their password; a user whose role
    requires two-factor authentication (site lead, analyst, platform administrator) must set one
    up before they can reach anything else.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated or request.path.startswith(OPEN_PREFIXES):
            return self.get_response(request)

        started = request.session.setdefault("signed_in_at", time.time())
        if time.time() - started > settings.THRIVEKIT_SESSION_MAX_SECONDS:
            logout(request)
            return redirect(settings.LOGIN_URL)

        if not user.is_verified():
            query = urlencode({"next": request.get_full_path()})
            if confirmed_totp_device(user=user):
                return redirect(f"{reverse('accounts:two_factor_verify')}?{query}")
            if settings.THRIVEKIT_REQUIRE_2FA and user_needs_two_factor(user=user):
                return redirect(f"{reverse('accounts:two_factor_setup')}?{query}")
        return self.get_response(request)
