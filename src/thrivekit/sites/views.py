from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from thrivekit.sites import forms, presenters, selectors, services
from thrivekit.sites.context import site_view
from thrivekit.sites.models import Role

LEADS = frozenset({Role.SITE_LEAD})


def _form_error(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
def choose(request):
    memberships = selectors.memberships_for_user(user=request.user)
    if len(memberships) == 1 and not request.user.is_platform_admin:
        return redirect("phase1:home", site_slug=memberships[0].site.slug)
    return render(request, "sites/choose.jinja", {"memberships": memberships})


@site_view(roles=LEADS)
def members(request):
    site = request.site_ctx.site
    return render(
        request,
        "sites/members.jinja",
        {
            "rows": [presenters.MemberRow(m) for m in selectors.site_members(site=site)],
            "invitations": selectors.site_pending_invitations(site=site),
            "roles": presenters.role_summaries(),
        },
    )


@site_view(roles=LEADS)
@require_http_methods(["GET", "POST"])
def member_invite(request):
    site = request.site_ctx.site
    form = forms.InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _ = services.invitation_create(
                site=site,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"Invitation sent to {invitation.email}.")
            return redirect("sites:members", site_slug=site.slug)
    return render(request, "sites/member_invite.jinja", {"form": form})


@site_view(roles=LEADS)
@require_http_methods(["GET", "POST"])
def member_role(request, membership_id):
    site = request.site_ctx.site
    membership = selectors.site_member(site=site, membership_id=membership_id)
    form = forms.RoleForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_change_role(membership=membership, role=form.cleaned_data["role"])
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"{membership.user} is now {membership.get_role_display()}.")
            return redirect("sites:members", site_slug=site.slug)
    return render(
        request,
        "sites/member_role.jinja",
        {"form": form, "member": presenters.MemberRow(membership)},
    )


@site_view(roles=LEADS)
@require_http_methods(["GET", "POST"])
def member_remove(request, membership_id):
    site = request.site_ctx.site
    membership = selectors.site_member(site=site, membership_id=membership_id)
    error = None
    if request.method == "POST":
        try:
            services.membership_remove(membership=membership)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"{membership.user} no longer has access to {site.name}.")
            return redirect("sites:members", site_slug=site.slug)
    return render(
        request,
        "sites/member_remove.jinja",
        {"member": presenters.MemberRow(membership), "error": error},
    )


@site_view(roles=LEADS)
@require_POST
def invitation_cancel(request, invitation_id):
    site = request.site_ctx.site
    invitation = selectors.site_pending_invitations(site=site).filter(pk=invitation_id).first()
    if invitation is not None:
        services.invitation_cancel(invitation=invitation)
        messages.success(request, f"The invitation to {invitation.email} is cancelled.")
    return redirect("sites:members", site_slug=site.slug)


@site_view(roles=LEADS)
@require_http_methods(["GET", "POST"])
def settings(request):
    site = request.site_ctx.site
    details = forms.SiteDetailsForm(
        request.POST if request.POST.get("form") == "details" else None,
        initial={
            "name": site.name,
            "icb": site.icb,
            "local_authorities": "\n".join(site.local_authorities),
            "population_0_25": site.population_0_25,
            "disclosure_threshold": site.disclosure_threshold,
        },
    )
    area_form = forms.LocalAreaForm(request.POST if request.POST.get("form") == "area" else None)
    if request.method == "POST":
        if details.is_bound and details.is_valid():
            try:
                services.site_update(site=site, **details.cleaned_data)
            except ValidationError as error:
                # The model's own limits (a population too big to store) name the field.
                site.refresh_from_db()  # the page shows the saved details, not the refused
                _form_error(details, error)
            else:
                messages.success(request, "The site details are saved.")
                return redirect("sites:settings", site_slug=site.slug)
        if area_form.is_bound and area_form.is_valid():
            try:
                area = services.local_area_add(site=site, name=area_form.cleaned_data["name"])
            except ValidationError as error:
                _form_error(area_form, error)
            else:
                messages.success(request, f"{area.name} is added.")
                return redirect("sites:settings", site_slug=site.slug)
    return render(
        request,
        "sites/settings.jinja",
        {
            "details": details,
            "area_form": area_form,
            "areas": selectors.site_local_areas(site=site),
        },
    )


@site_view(roles=LEADS)
@require_POST
def local_area_remove(request, area_id):
    site = request.site_ctx.site
    area = selectors.site_local_areas(site=site).filter(pk=area_id).first()
    if area is not None:
        services.local_area_remove(area=area)
        messages.success(request, f"{area.name} is removed.")
    return redirect("sites:settings", site_slug=site.slug)


AUDIT_PAGE_SIZE = 50


@site_view(roles=LEADS)
def audit(request):
    site = request.site_ctx.site
    page = Paginator(selectors.site_audit_entries(site=site), AUDIT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "sites/audit.jinja",
        {"rows": presenters.audit_rows(page.object_list, site=site), "page": page},
    )


def _platform_admin(request) -> None:
    if not request.user.is_platform_admin:
        raise PermissionDenied


@login_required
def platform_home(request):
    _platform_admin(request)
    return render(request, "sites/platform_home.jinja", {"sites": selectors.all_sites()})


@login_required
@require_http_methods(["GET", "POST"])
def platform_site_new(request):
    _platform_admin(request)
    form = forms.NewSiteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            site = services.site_create(
                name=data["name"],
                slug=data["slug"],
                icb=data["icb"],
                local_areas=data["local_areas"],
            )
            services.invitation_create(
                site=site,
                email=data["lead_email"],
                role=Role.SITE_LEAD,
                invited_by=request.user,
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"{site.name} is set up and its site lead has been invited.")
            return redirect("platform:home")
    return render(request, "sites/platform_site_new.jinja", {"form": form})
