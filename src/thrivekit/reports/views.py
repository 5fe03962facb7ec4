from csp.constants import NONCE
from csp.decorators import csp_update
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from thrivekit.reports import forms, presenters, selectors, services
from thrivekit.reports.assemble import SECTION_IDS
from thrivekit.sites.context import ALL_ROLES, site_view
from thrivekit.sites.models import Role

LEADS = frozenset({Role.SITE_LEAD})
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMAT_NAMES = {"html": "Web page (HTML)", "pdf": "PDF", "docx": "Word", "xlsx": "Excel workbook"}


def _go(request, name: str, **kwargs):
    return redirect(name, site_slug=request.site_ctx.site.slug, **kwargs)


def _version(request, version_id):
    return selectors.version_for_site(site=request.site_ctx.site, version_id=version_id)


@site_view(roles=ALL_ROLES)
@require_http_methods(["GET", "POST"])
def home(request):
    """The site's report versions, and (for a site lead) a form to build a new draft."""
    site = request.site_ctx.site
    is_lead = request.site_ctx.is_lead
    form = forms.DraftForm(request.POST or None, initial={"sections": list(SECTION_IDS)})
    if request.method == "POST":
        if not is_lead:
            raise PermissionDenied
        if form.is_valid():
            try:
                version = services.report_draft_create(
                    site=site,
                    author=request.user,
                    sections=form.cleaned_data["sections"],
                    executive_summary=form.cleaned_data["executive_summary"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Version {version.number} is being built.")
                return _go(request, "reports:version", version_id=version.pk)
    versions = list(selectors.versions_for_site(site=site))
    return render(
        request,
        "reports/home.jinja",
        {
            "versions": versions,
            "building": [v for v in versions if v.build_task and not v.build_task.finished],
            "form": form if is_lead else None,
            "can_compare": selectors.built_versions(site=site).count() > 1,
        },
    )


@site_view(roles=ALL_ROLES)
def version(request, version_id):
    found = _version(request, version_id)
    report = presenters.report_of(found)
    building = found.build_task is not None and not found.build_task.finished
    user = request.user
    is_lead = request.site_ctx.is_lead
    return render(
        request,
        "reports/version.jinja",
        {
            "version": found,
            "report": report,
            "building": building,
            "formats": FORMAT_NAMES,
            "can_submit": is_lead and found.editable and report is not None and not building,
            # The author never sees a sign-off button for their own version.
            "can_sign_off": is_lead
            and found.status == found.Status.AWAITING
            and found.author_id != user.pk,
            "is_author": found.author_id == user.pk,
        },
    )


# The standalone document carries its stylesheet in a <style> element with the page's nonce.
@csp_update({"style-src": [NONCE]})
@site_view(roles=ALL_ROLES)
def preview(request, version_id):
    """The report as its standalone HTML document, as it will be published."""
    found = _version(request, version_id)
    report = presenters.report_of(found)
    if report is None:
        raise Http404("This version has not been built yet")
    from thrivekit.reports.render import render_html

    nonce = str(request.csp_nonce) if hasattr(request, "csp_nonce") else None
    return HttpResponse(render_html(report, nonce=nonce), content_type=CONTENT_TYPES["html"])


@site_view(roles=ALL_ROLES)
def download(request, version_id, file_format: str):
    if file_format not in CONTENT_TYPES:
        raise Http404("No such format")
    found = _version(request, version_id)
    report = presenters.report_of(found)
    if report is None:
        raise Http404("This version has not been built yet")
    from thrivekit.reports.render import render

    response = HttpResponse(render(report, file_format), content_type=CONTENT_TYPES[file_format])
    name = f"phase1-report-{request.site_ctx.site.slug}-v{found.number}.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _act(request, version_id, action, success: str):
    found = _version(request, version_id)
    try:
        action(version=found, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success.format(number=found.number))
    return _go(request, "reports:version", version_id=found.pk)


@site_view(roles=LEADS)
@require_POST
def submit(request, version_id):
    return _act(
        request,
        version_id,
        services.report_submit,
        "Version {number} is waiting for another site lead to sign it off.",
    )


@site_view(roles=LEADS)
@require_POST
def approve(request, version_id):
    return _act(
        request,
        version_id,
        services.report_approve,
        "Version {number} is signed off and published.",
    )


@site_view(roles=LEADS)
@require_http_methods(["GET", "POST"])
def return_version(request, version_id):
    found = _version(request, version_id)
    if found.author_id == request.user.pk:
        raise PermissionDenied
    form = forms.ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_return(
                version=found, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Version {found.number} is returned to its author.")
            return _go(request, "reports:version", version_id=found.pk)
    return render(request, "reports/return.jinja", {"version": found, "form": form})


@site_view(roles=ALL_ROLES)
def compare(request):
    """Two built versions side by side, section by section."""
    built = list(selectors.built_versions(site=request.site_ctx.site))
    form = forms.CompareForm(request.GET or None, versions=built)
    changes = before = after = None
    if request.GET and form.is_valid():
        by_id = {str(v.pk): v for v in built}
        before, after = by_id[form.cleaned_data["before"]], by_id[form.cleaned_data["after"]]
        changes = presenters.compare(presenters.report_of(before), presenters.report_of(after))
    elif not request.GET and len(built) > 1:
        form = forms.CompareForm(
            initial={"before": str(built[1].pk), "after": str(built[0].pk)}, versions=built
        )
    return render(
        request,
        "reports/compare.jinja",
        {"form": form, "changes": changes, "before": before, "after": after, "built": built},
    )
