from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from thrivekit.extracts import presenters, selectors, services
from thrivekit.extracts.forms import ExtractForm
from thrivekit.sites.context import ALL_ROLES, site_view
from thrivekit.sites.models import Role

UPLOADERS = frozenset({Role.ANALYST, Role.SITE_LEAD})


@site_view(roles=ALL_ROLES)
def extract_list(request):
    return render(
        request,
        "extracts/list.jinja",
        {
            "extracts": selectors.extracts_for_site(site=request.site_ctx.site),
            "can_upload": request.site_ctx.has_role(*UPLOADERS),
        },
    )


@site_view(roles=UPLOADERS)
@require_http_methods(["GET", "POST"])
def extract_upload(request):
    form = ExtractForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            extract = services.extract_upload(
                site=request.site_ctx.site,
                name=data["name"],
                files={role: data.get(role) for role in services.ROLES},
                as_of=data["as_of"],
                uploaded_by=request.user,
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            return redirect(
                "extracts:detail", site_slug=request.site_ctx.site.slug, extract_id=extract.id
            )
    return render(request, "extracts/upload.jinja", {"form": form})


@site_view(roles=ALL_ROLES)
def extract_detail(request, extract_id):
    extract = selectors.extract_for_site(site=request.site_ctx.site, extract_id=extract_id)
    board = None
    if extract.ready:
        board = presenters.dashboard(
            analysis=extract.analysis,
            figures=presenters.figures_for(site_ctx=request.site_ctx),
        )
    return render(
        request,
        "extracts/detail.jinja",
        {
            "extract": extract,
            "board": board,
            "can_delete": request.site_ctx.has_role(*UPLOADERS),
        },
    )


@site_view(roles=UPLOADERS)
@require_POST
def extract_delete(request, extract_id):
    extract = selectors.extract_for_site(site=request.site_ctx.site, extract_id=extract_id)
    services.extract_delete(extract=extract)
    messages.success(request, f"{extract.name} and its stored data are deleted.")
    return redirect("extracts:list", site_slug=request.site_ctx.site.slug)
