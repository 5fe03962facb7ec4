from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from thrivekit.instrument_library import selectors, services
from thrivekit.instrument_library.forms import InstrumentUploadForm
from thrivekit.sites.context import site_view
from thrivekit.sites.models import Role

LEADS = frozenset({Role.SITE_LEAD})


@site_view()
def instrument_list(request):
    site = request.site_ctx.site
    return render(
        request,
        "instrument_library/list.jinja",
        {
            "in_use": selectors.instruments_in_use(site=site),
            "history": selectors.site_instrument_history(site=site),
        },
    )


@site_view()
def instrument_detail(request, kind: str):
    if kind not in selectors.KIND_ORDER:
        raise Http404("No such instrument")
    in_use = selectors.instrument_in_use(site=request.site_ctx.site, kind=kind)
    return render(request, f"instrument_library/detail_{kind}.jinja", {"in_use": in_use})


@site_view(roles=LEADS)
@require_http_methods(["GET", "POST"])
def instrument_upload(request):
    form = InstrumentUploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            loaded = services.site_instrument_load(
                site=request.site_ctx.site,
                text=form.cleaned_data["file"],
                source_name=request.FILES["file"].name,
                loaded_by=request.user,
            )
        except services.InstrumentRejected as error:
            problems = error.problems
        else:
            messages.success(request, f"{loaded.title} version {loaded.version} is now in use.")
            return redirect("instrument_library:list", site_slug=request.site_ctx.site.slug)
    return render(request, "instrument_library/upload.jinja", {"form": form, "problems": problems})


@site_view(roles=LEADS)
@require_POST
def instrument_revert(request, kind: str):
    if kind not in selectors.KIND_ORDER:
        raise Http404("No such instrument")
    services.site_instrument_revert(site=request.site_ctx.site, kind=kind)
    messages.success(request, "The built-in wording is in use again.")
    return redirect("instrument_library:list", site_slug=request.site_ctx.site.slug)
