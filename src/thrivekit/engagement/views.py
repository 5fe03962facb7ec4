"""Engagement pages: the overview, the stakeholder register and the engagement log."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from thrivekit.engagement import exports, forms, presenters, selectors, services
from thrivekit.engagement.columns import COLUMNS
from thrivekit.engagement.models import Stakeholder
from thrivekit.engagement.sectors import sector_choices, sector_name
from thrivekit.inputs import UPLOADS
from thrivekit.sites.context import ALL_ROLES, site_view
from thrivekit.sites.models import Role

EDITORS = frozenset({Role.SITE_LEAD, Role.FACILITATOR, Role.CONTRIBUTOR})
LEADS = frozenset({Role.SITE_LEAD})
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _can_edit(request) -> bool:
    return request.site_ctx.has_role(*EDITORS)


def _register(request):
    return redirect("engagement:register", site_slug=request.site_ctx.site.slug)


@site_view(roles=ALL_ROLES)
def overview(request):
    site = request.site_ctx.site
    return render(
        request,
        "engagement/overview.jinja",
        {**presenters.overview(site=site), "can_edit": _can_edit(request)},
    )


@site_view(roles=ALL_ROLES)
def register(request):
    site = request.site_ctx.site
    filter_form = forms.RegisterFilterForm(request.GET or None)
    filters = filter_form.filters()
    return render(
        request,
        "engagement/register.jinja",
        {
            "stakeholders": selectors.register(site=site, **filters),
            "filtered": any(filters.values()),
            "total": selectors.stakeholders_for_site(site=site).count(),
            "filter_form": filter_form,
            "can_edit": _can_edit(request),
            "can_export_for_site": request.site_ctx.has_role(*LEADS),
            "sector_name": sector_name,
        },
    )


def _stakeholder_form_page(request, form, *, stakeholder=None):
    if request.method == "POST" and form.is_valid():
        try:
            if stakeholder is None:
                saved = services.stakeholder_add(site=request.site_ctx.site, **form.cleaned_data)
                messages.success(request, f"{saved.name} is added to the register.")
            else:
                saved = services.stakeholder_update(stakeholder=stakeholder, **form.cleaned_data)
                messages.success(request, f"{saved.name}'s entry is saved.")
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            return _register(request)
    return render(
        request, "engagement/stakeholder_form.jinja", {"form": form, "stakeholder": stakeholder}
    )


@site_view(roles=EDITORS)
@require_http_methods(["GET", "POST"])
def stakeholder_add(request):
    form = forms.StakeholderForm(
        request.POST or None, initial={"status": "identified", "group_role": forms.NOT_IN_GROUP}
    )
    return _stakeholder_form_page(request, form)


@site_view(roles=EDITORS)
@require_http_methods(["GET", "POST"])
def stakeholder_edit(request, stakeholder_id):
    stakeholder = selectors.stakeholder_for_site(
        site=request.site_ctx.site, stakeholder_id=stakeholder_id
    )
    form = forms.StakeholderForm(
        request.POST or None, initial=forms.StakeholderForm.initial_for(stakeholder)
    )
    return _stakeholder_form_page(request, form, stakeholder=stakeholder)


@site_view(roles=EDITORS)
@require_http_methods(["GET", "POST"])
def stakeholder_remove(request, stakeholder_id):
    stakeholder = selectors.stakeholder_for_site(
        site=request.site_ctx.site, stakeholder_id=stakeholder_id
    )
    if request.method == "POST":
        services.stakeholder_remove(stakeholder=stakeholder)
        messages.success(request, f"{stakeholder.name} is removed from the register.")
        return _register(request)
    return render(request, "engagement/stakeholder_remove.jinja", {"stakeholder": stakeholder})


@site_view(roles=EDITORS)
@require_http_methods(["GET", "POST"])
def register_import(request):
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            added = services.stakeholders_import(
                site=request.site_ctx.site,
                file_name=upload.name,
                data=upload.read(UPLOADS.max_bytes + 1),
            )
        except services.ImportRejected as rejected:
            errors = rejected.errors
        else:
            messages.success(
                request, f"{len(added)} {'person is' if len(added) == 1 else 'people are'} added."
            )
            return _register(request)
    return render(
        request,
        "engagement/import.jinja",
        {
            "form": form,
            "row_errors": errors,
            "columns": COLUMNS,
            "sectors": sector_choices(),
            "statuses": Stakeholder.Status.choices,
            "group_roles": [c for c in Stakeholder.GroupRole.choices if c[0]],
        },
    )


@site_view(roles=ALL_ROLES)
def register_export(request):
    return render(
        request,
        "engagement/export.jinja",
        {"can_export_for_site": request.site_ctx.has_role(*LEADS)},
    )


def _download(request, *, audience: str, file_format: str) -> HttpResponse:
    site = request.site_ctx.site
    file_format = file_format if file_format in CONTENT_TYPES else "xlsx"
    make = exports.register_csv if file_format == "csv" else exports.register_xlsx
    response = HttpResponse(
        make(site=site, audience=audience), content_type=CONTENT_TYPES[file_format]
    )
    suffix = "for-the-site" if audience == exports.FOR_SITE else "to-share"
    name = f"{slugify(site.name) or 'site'}-stakeholder-register-{suffix}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@site_view(roles=LEADS)
def export_for_site(request, file_format: str):
    return _download(request, audience=exports.FOR_SITE, file_format=file_format)


@site_view(roles=ALL_ROLES)
def export_to_share(request, file_format: str):
    return _download(request, audience=exports.TO_SHARE, file_format=file_format)


@site_view(roles=ALL_ROLES)
def log(request):
    return render(
        request,
        "engagement/log.jinja",
        {
            "entries": selectors.log_entries_for_site(site=request.site_ctx.site),
            "can_edit": _can_edit(request),
            "sector_name": sector_name,
        },
    )


@site_view(roles=EDITORS)
@require_http_methods(["GET", "POST"])
def log_add(request):
    today = timezone.localdate()
    form = forms.LogEntryForm(
        request.POST or None, initial={"date": f"{today:%d/%m/%Y}", "kind": "meeting"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.log_entry_add(
                site=request.site_ctx.site, recorded_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The log entry is added.")
            return redirect("engagement:log", site_slug=request.site_ctx.site.slug)
    return render(request, "engagement/log_add.jinja", {"form": form})
