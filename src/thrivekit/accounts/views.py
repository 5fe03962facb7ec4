from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from thrivekit.accounts import services
from thrivekit.accounts.forms import LoginForm, NewAccountForm, TokenForm
from thrivekit.accounts.selectors import confirmed_totp_device, unconfirmed_totp_device
from thrivekit.sites import selectors as site_selectors
from thrivekit.sites import services as site_services

# Set once an unverified session has tried to set up an authenticator and the owner was told.
SETUP_ATTEMPT_NOTIFIED = "tk_2fa_setup_attempt_notified"


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.jinja"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def _next_url(request, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    # Someone with an authenticator must prove they hold it before setting up another one:
    # a password alone must not be enough to replace it.
    current = confirmed_totp_device(user=request.user)
    if current is not None and not request.user.is_verified():
        if not request.session.get(SETUP_ATTEMPT_NOTIFIED):
            request.session[SETUP_ATTEMPT_NOTIFIED] = True
            services.two_factor_setup_attempt_notify(user=request.user)
        query = urlencode({"next": _next_url(request)})
        return redirect(f"{reverse('accounts:two_factor_verify')}?{query}")
    replacing = current is not None
    # A fresh secret on each visit; a POST checks the code against the secret just shown.
    device = None
    if request.method == "POST":
        device = unconfirmed_totp_device(user=request.user)
    if device is None:
        device = services.totp_device_start(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.totp_device_confirm(device=device, token=form.cleaned_data["token"]):
            otp_login(request, device)
            messages.success(
                request,
                "Your new authenticator is set up."
                if replacing
                else "Two-factor authentication is set up.",
            )
            return redirect(_next_url(request))
        form.add_error("token", "The code is not right. Check your app and try the new code.")
        device = services.totp_device_start(user=request.user)
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#212b32")
    secret = _base32(device.bin_key)
    return render(
        request,
        "accounts/two_factor_setup.jinja",
        {
            "form": form,
            "qr_svg": qr_svg,
            "secret": secret,
            "next": _next_url(request),
            "replacing": replacing,
        },
    )


def _base32(key: bytes) -> str:
    from base64 import b32encode

    text = b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    device = confirmed_totp_device(user=request.user)
    if device is None:
        return redirect("accounts:two_factor_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _ = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["token"]):
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error(
            "token",
            "The code is not right. Wait for a new code and try again."
            if allowed
            else "Too many wrong codes. Wait a minute and try again.",
        )
    return render(
        request, "accounts/two_factor_verify.jinja", {"form": form, "next": _next_url(request)}
    )


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token: str):
    invitation = site_selectors.invitation_open(token=token)
    existing = site_selectors.user_by_email(email=invitation.email)
    context = {"invitation": invitation, "existing": existing}
    if existing is not None:
        if request.user.is_authenticated and request.user == existing:
            if request.method == "POST":
                site_services.invitation_accept(invitation=invitation, user=existing)
                messages.success(request, f"You have joined {invitation.site.name}.")
                return redirect("phase1:home", site_slug=invitation.site.slug)
            return render(request, "accounts/invitation_join.jinja", context)
        return render(request, "accounts/invitation_sign_in.jinja", context)

    form = NewAccountForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        user = site_services.invitation_accept_new_user(
            invitation=invitation,
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request, f"Your account is ready and you have joined {invitation.site.name}."
        )
        return redirect("phase1:home", site_slug=invitation.site.slug)
    return render(request, "accounts/invitation_new_account.jinja", {**context, "form": form})
