from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from thrivekit.disclosure import DisclosurePolicy
from thrivekit.extracts.selectors import extracts_for_site
from thrivekit.modelling.calibration import ExtractError
from thrivekit.scenarios import forms, presenters, selectors, services
from thrivekit.sites.context import ALL_ROLES, site_view
from thrivekit.sites.models import Role

MODELLERS = frozenset({Role.SITE_LEAD, Role.ANALYST, Role.CONTRIBUTOR})


def _scenario(request, scenario_id):
    return selectors.scenario_for_site(site=request.site_ctx.site, scenario_id=scenario_id)


def _to(request, scenario):
    return redirect(
        "scenarios:detail", site_slug=request.site_ctx.site.slug, scenario_id=scenario.id
    )


@site_view(roles=ALL_ROLES)
def scenario_list(request):
    return render(
        request,
        "scenarios/list.jinja",
        {
            "scenarios": selectors.scenarios_for_site(site=request.site_ctx.site),
            "can_model": request.site_ctx.has_role(*MODELLERS),
        },
    )


@site_view(roles=MODELLERS)
@require_http_methods(["GET", "POST"])
def scenario_new(request):
    site = request.site_ctx.site
    extracts = [e for e in extracts_for_site(site=site) if e.ready]
    is_file = request.POST.get("source") == "file"
    calibrate = forms.CalibrateForm(
        request.POST if request.method == "POST" and not is_file else None, extracts=extracts
    )
    upload = forms.ScenarioFileForm(
        request.POST if is_file else None, request.FILES if is_file else None
    )
    if request.method == "POST":
        form = upload if is_file else calibrate
        if form.is_valid():
            try:
                if is_file:
                    scenario = services.scenario_create(
                        site=site,
                        name=form.cleaned_data["name"],
                        definition=form.cleaned_data["file"],
                        created_by=request.user,
                    )
                else:
                    scenario = services.scenario_calibrate(
                        site=site,
                        extract=form.cleaned_data["extract"],
                        name=form.cleaned_data["name"],
                        created_by=request.user,
                    )
            except ValidationError as error:
                form.add_error(None, error)
            except ExtractError as error:
                # The stored extract cannot be turned into a model: say why, on the form.
                form.add_error(None, f"This extract cannot be calibrated from: {error}")
            else:
                return _to(request, scenario)
    return render(
        request,
        "scenarios/new.jinja",
        {"calibrate": calibrate, "upload": upload, "has_extracts": bool(extracts)},
    )


def _what_if(request, scenario):
    data, problems = forms.numbers_checked(request.GET, scenario.definition)
    definition = scenario.definition
    if data:
        try:
            definition = services.apply_changes(
                scenario.definition, forms.changes_from(data, scenario.definition)
            )
        except ValidationError as error:
            problems += error.messages
    return {
        "scenario": scenario,
        "answers": presenters.instant_rows_for(definition, site_ctx=request.site_ctx),
        "controls": forms.controls(scenario.definition, data),
        "problems": problems,
        "query": data.urlencode(),
    }


@site_view(roles=ALL_ROLES)
def scenario_detail(request, scenario_id):
    scenario = _scenario(request, scenario_id)
    context = _what_if(request, scenario)
    if request.htmx:
        return render(request, "scenarios/partials/answers.jinja", context)
    return render(
        request,
        "scenarios/detail.jinja",
        {
            **context,
            "result": presenters.result_view(scenario.result),
            "last_year": presenters.last_year_view(
                scenario,
                exact=request.site_ctx.has_role(Role.ANALYST),
                policy=DisclosurePolicy(threshold=request.site_ctx.site.disclosure_threshold),
            ),
            "can_model": request.site_ctx.has_role(*MODELLERS),
            "services": scenario.definition["services"],
        },
    )


@site_view(roles=MODELLERS)
@require_POST
def scenario_variant(request, scenario_id):
    scenario = _scenario(request, scenario_id)
    data, problems = forms.numbers_checked(request.POST, scenario.definition)
    if problems:
        messages.error(request, " ".join(problems) + " Nothing was saved.")
        return _to(request, scenario)
    try:
        definition = services.apply_changes(
            scenario.definition, forms.changes_from(data, scenario.definition)
        )
        variant = services.scenario_create(
            site=request.site_ctx.site,
            name=request.POST.get("name") or f"{scenario.name} (what if)",
            definition=definition,
            based_on=scenario,
            extract=scenario.extract,
            created_by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _to(request, scenario)
    messages.success(request, f"{variant.name} is saved. Run its simulation to compare.")
    return _to(request, variant)


@site_view(roles=MODELLERS)
@require_POST
def scenario_simulate(request, scenario_id):
    scenario = _scenario(request, scenario_id)
    services.scenario_simulate(scenario=scenario, requested_by=request.user)
    return _to(request, scenario)


@site_view(roles=MODELLERS)
@require_POST
def scenario_delete(request, scenario_id):
    scenario = _scenario(request, scenario_id)
    services.scenario_delete(scenario=scenario)
    messages.success(request, f"{scenario.name} is deleted.")
    return redirect("scenarios:list", site_slug=request.site_ctx.site.slug)


@site_view(roles=ALL_ROLES)
def scenario_compare(request):
    site = request.site_ctx.site
    wanted = request.GET.getlist("scenario")
    chosen = [s for s in selectors.scenarios_for_site(site=site) if str(s.id) in wanted]
    # In the order asked for: the first is the one every difference is taken from.
    chosen.sort(key=lambda s: wanted.index(str(s.id)))
    return render(request, "scenarios/compare.jinja", presenters.comparison(chosen))
