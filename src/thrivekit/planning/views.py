"""Planning pages: the plan and its Gantt view, exports, owners' read-only links, the outcome
framework, the future offer per grouping and the best-practice library."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST

from thrivekit.core.params import uuid_or_none
from thrivekit.instrument_library.selectors import instrument_in_use
from thrivekit.planning import (
    agreement,
    exports,
    forms,
    future,
    offer,
    presenters,
    selectors,
    services,
)
from thrivekit.priorities.selectors import site_priorities
from thrivekit.scenarios import selectors as scenario_selectors
from thrivekit.sites.context import ALL_ROLES, EDITORS, site_view
from thrivekit.sites.models import Role
from thrivekit.sites.selectors import site_local_areas

LEADS = frozenset({Role.SITE_LEAD})
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "ics": "text/calendar; charset=utf-8",
}


def _site(request):
    return request.site_ctx.site


def _can_edit(request) -> bool:
    return request.site_ctx.has_role(*EDITORS)


def _go(request, name: str, **kwargs):
    return redirect(name, site_slug=_site(request).slug, **kwargs)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _plan(site, *, today):
    return presenters.plan_by_grouping(selectors.actions_for_site(site=site), today=today)


@site_view(roles=ALL_ROLES)
def home(request):
    site, today = _site(request), timezone.localdate()
    plan = _plan(site, today=today)
    rows = [r for g in plan for r in g["rows"]]
    return render(
        request,
        "planning/home.jinja",
        {
            "plan": plan,
            "rag": presenters.rag_counts(rows),
            "actions": len(rows),
            "overdue": [
                presenters.action_row(a, today=today)
                for a in selectors.overdue_actions(site, today=today)
            ],
            "outcomes": selectors.outcomes_count(site),
            "indicators": selectors.indicators_for_site(site=site).count(),
            "can_edit": _can_edit(request),
            "redesign": selectors.latest_redesign_outcome(site=site),
        },
    )


@site_view(roles=ALL_ROLES)
def plan(request):
    site, today = _site(request), timezone.localdate()
    grouping = request.GET.get("grouping", "")
    found = _plan(site, today=today)
    if grouping:
        found = [g for g in found if g["id"] == grouping]
    return render(
        request,
        "planning/plan.jinja",
        {
            "plan": found,
            "grouping": grouping,
            "groupings": presenters.groupings(),
            "can_edit": _can_edit(request),
            "has_priorities": site_priorities(site=site).exists(),
            "standing": agreement.standing_of(site=site, subject=agreement.PLAN),
        },
    )


@site_view(roles=ALL_ROLES)
def gantt(request):
    site, today = _site(request), timezone.localdate()
    rows = [r for g in _plan(site, today=today) for r in g["rows"]]
    # By start date; undated actions last.
    rows.sort(key=lambda r: (r.action.start_date is None, r.action.start_date or today))
    return render(
        request,
        "planning/gantt.jinja",
        {"chart": presenters.gantt(rows, today=today), "rows": rows, "today": today},
    )


def _action_form(request, *, action=None, initial=None):
    site = _site(request)
    checklist = instrument_in_use(site=site, kind="checklist").instrument
    others = selectors.actions_for_site(site=site)
    if action is not None:
        others = others.exclude(pk=action.pk)
    findings = selectors.map_findings(site=site)
    if action is not None and action.finding_key and action.finding_key not in dict(findings):
        # The map has changed since: the action still answers what it answered.
        findings.append((action.finding_key, action.finding_text))
    services.library_ensure(site=site)
    return forms.ActionForm(
        request.POST or None,
        initial=initial,
        priorities=list(site_priorities(site=site)),
        others=list(others),
        findings=findings,
        checklist=[(a.id, f"{a.number}. {a.text}"[:120]) for a in checklist.actions],
        practices=selectors.practice_entries(site=site),
    )


@site_view(roles=EDITORS)
@require_http_methods(["GET", "POST"])
def action_add(request):
    grouping = request.GET.get("grouping", "")
    form = _action_form(request, initial={"status": "not_started", "grouping": grouping})
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(
                site=_site(request), updated_by=request.user, **form.values()
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"“{action.title}” is added to the plan.")
            return _go(request, "planning:plan")
    return render(request, "planning/action_form.jinja", {"form": form, "action": None})


@site_view(roles=ALL_ROLES)
def action_detail(request, action_id):
    site = _site(request)
    action = selectors.action_for_site(site=site, action_id=action_id)
    row = presenters.action_row(action, today=timezone.localdate())
    rag_form = forms.RagForm(
        initial={"rag": action.rag_override, "reason": action.rag_override_reason}
    )
    return render(
        request,
        "planning/action_detail.jinja",
        {
            "row": row,
            "action": action,
            "needed_by": selectors.actions_for_site(site=site).filter(depends_on=action),
            "rag_form": rag_form,
            "can_edit": _can_edit(request),
        },
    )


@site_view(roles=EDITORS)
@require_http_methods(["GET", "POST"])
def action_edit(request, action_id):
    action = selectors.action_for_site(site=_site(request), action_id=action_id)
    form = _action_form(request, action=action, initial=forms.ActionForm.initial_for(action))
    version = int(request.POST.get("version") or action.version)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(
                action=action, version=version, updated_by=request.user, **form.values()
            )
        except services.ActionConflict:
            form.add_error(
                None,
                "Someone else saved this action while you were editing it. Your changes are "
                "below: check them against the saved action and save again.",
            )
            version = selectors.action_for_site(site=_site(request), action_id=action_id).version
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "The action is saved.")
            return _go(request, "planning:action", action_id=action.pk)
    return render(
        request,
        "planning/action_form.jinja",
        {"form": form, "action": action, "version": version},
    )


@site_view(roles=EDITORS)
@require_POST
def action_rag(request, action_id):
    action = selectors.action_for_site(site=_site(request), action_id=action_id)
    form = forms.RagForm(request.POST)
    if form.is_valid():
        services.action_override_rag(
            action=action,
            rag=form.cleaned_data["rag"],
            reason=form.cleaned_data["reason"],
            updated_by=request.user,
        )
        messages.success(request, "The RAG status is saved.")
        return _go(request, "planning:action", action_id=action.pk)
    row = presenters.action_row(action, today=timezone.localdate())
    return render(
        request,
        "planning/action_detail.jinja",
        {
            "row": row,
            "action": action,
            "needed_by": [],
            "rag_form": form,
            "can_edit": True,
        },
        status=400,
    )


@site_view(roles=EDITORS)
@require_http_methods(["GET", "POST"])
def action_remove(request, action_id):
    action = selectors.action_for_site(site=_site(request), action_id=action_id)
    if request.method == "POST":
        services.action_remove(action=action)
        messages.success(request, f"“{action.title}” is removed from the plan.")
        return _go(request, "planning:plan")
    return render(request, "planning/action_remove.jinja", {"action": action})


@site_view(roles=EDITORS)
@require_http_methods(["GET", "POST"])
def from_gap_analysis(request):
    site = _site(request)
    priorities = list(site_priorities(site=site))
    form = forms.FromGapAnalysisForm(
        request.POST or None,
        initial={"priority": request.GET.get("priority", "")},
        priorities=priorities,
    )
    if request.method == "POST" and form.is_valid():
        made = services.actions_from_gap_analysis(
            site=site,
            priority=form.chosen_priority(),
            grouping=form.cleaned_data["grouping"],
            updated_by=request.user,
        )
        if made:
            messages.success(
                request,
                f"{len(made)} draft {'action is' if len(made) == 1 else 'actions are'} added "
                "from the gap analysis. Give each an owner and dates.",
            )
        else:
            messages.info(request, "Every recommendation and quick win is already in the plan.")
        return redirect(
            reverse("planning:plan", kwargs={"site_slug": site.slug})
            + f"?grouping={form.cleaned_data['grouping']}"
        )
    return render(
        request,
        "planning/from_gap_analysis.jinja",
        {"form": form, "priorities": priorities},
    )


@site_view(roles=ALL_ROLES)
def export(request, file_format: str):
    if file_format not in CONTENT_TYPES:
        raise Http404("No such format")
    site, today = _site(request), timezone.localdate()
    plan = _plan(site, today=today)
    if file_format == "xlsx":
        data = exports.plan_xlsx(site=site, plan=plan, today=today)
    elif file_format == "docx":
        data = exports.plan_docx(site=site, plan=plan, today=today)
    else:
        data = exports.plan_ics(site=site, plan=plan, domain=request.get_host().split(":")[0])
    response = HttpResponse(data, content_type=CONTENT_TYPES[file_format])
    name = f"{slugify(site.name) or 'site'}-implementation-plan.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- Owners and their read-only links ---------------------------------------------------------


@site_view(roles=ALL_ROLES)
def owners(request):
    site = _site(request)
    found = list(selectors.owners_for_site(site=site))
    links = {}
    if request.site_ctx.is_lead:
        for owner in found:
            if owner.link_active:
                links[owner.pk] = request.build_absolute_uri(
                    reverse(
                        "planning:owner_link",
                        kwargs={"site_slug": site.slug, "token": selectors.owner_token(owner)},
                    )
                )
    return render(
        request,
        "planning/owners.jinja",
        {"owners": found, "links": links, "is_lead": request.site_ctx.is_lead},
    )


@site_view(roles=LEADS)
@require_POST
def owner_link(request, owner_id):
    owner = selectors.owner_for_site(site=_site(request), owner_id=owner_id)
    if request.POST.get("revoke"):
        services.owner_link_revoke(owner=owner)
        messages.success(request, f"{owner.name}'s link no longer works.")
    else:
        services.owner_link_issue(owner=owner)
        messages.success(
            request, f"{owner.name} has a new read-only link; any earlier one stops working."
        )
    return _go(request, "planning:owners")


def owner_view(request, site_slug: str, token: str):
    """An owner's actions, read-only, with no sign-in: the signed link is the key."""
    owner = selectors.owner_by_token(token)
    if owner.site.slug != site_slug:
        raise Http404("No such link")
    today = timezone.localdate()
    rows = [presenters.action_row(a, today=today) for a in selectors.owner_actions(owner)]
    response = render(
        request, "planning/owner_view.jinja", {"owner": owner, "rows": rows, "today": today}
    )
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


# --- The outcome framework --------------------------------------------------------------------


@site_view(roles=ALL_ROLES)
def outcomes(request):
    site = _site(request)
    figures = presenters.figures_for(site_ctx=request.site_ctx)
    found = [
        {
            "outcome": outcome,
            "indicators": [
                presenters.indicator_view(i, figures=figures) for i in outcome.indicators.all()
            ],
        }
        for outcome in selectors.outcomes_for_site(site=site)
    ]
    return render(
        request,
        "planning/outcomes.jinja",
        {
            "outcomes": found,
            "latest": selectors.latest_extract(site=site),
            "can_edit": _can_edit(request),
            "standing": agreement.standing_of(site=site, subject=agreement.OUTCOMES),
        },
    )


@site_view(roles=EDITORS)
@require_http_methods(["GET", "POST"])
def outcome_add(request):
    form = forms.OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = services.outcome_create(site=_site(request), **form.cleaned_data)
        messages.success(request, f"“{outcome.title}” is added. Now add its indicators.")
        return _go(request, "planning:indicator_add", outcome_id=outcome.pk)
    return render(request, "planning/outcome_form.jinja", {"form": form})


@site_view(roles=EDITORS)
@require_http_methods(["GET", "POST"])
def indicator_add(request, outcome_id):
    outcome = selectors.outcome_for_site(site=_site(request), outcome_id=outcome_id)
    form = forms.IndicatorForm(
        request.POST or None, initial={"measure": request.GET.get("measure", "")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            indicator = services.indicator_add(outcome=outcome, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"“{indicator.name}” is added. {indicator.baseline_note}")
            return _go(request, "planning:indicator", indicator_id=indicator.pk)
    return render(request, "planning/indicator_form.jinja", {"form": form, "outcome": outcome})


@site_view(roles=ALL_ROLES)
def indicator_detail(request, indicator_id):
    indicator = selectors.indicator_for_site(site=_site(request), indicator_id=indicator_id)
    figures = presenters.figures_for(site_ctx=request.site_ctx)
    view = presenters.indicator_view(indicator, figures=figures, with_series=True)
    chart = presenters.indicator_chart(view) if view["series"] else None
    return render(
        request,
        "planning/indicator_detail.jinja",
        {"view": view, "chart": chart, "can_edit": _can_edit(request)},
    )


@site_view(roles=EDITORS)
@require_http_methods(["GET", "POST"])
def indicator_edit(request, indicator_id):
    indicator = selectors.indicator_for_site(site=_site(request), indicator_id=indicator_id)
    computed = indicator.baseline_extract_id is not None
    initial = {
        "name": indicator.name,
        "definition": indicator.definition,
        "data_source": indicator.data_source,
        "baseline": "" if indicator.baseline is None else f"{indicator.baseline:g}",
        "target": "" if indicator.target is None else f"{indicator.target:g}",
        "owner": indicator.owner,
        "review_date": f"{indicator.review_date:%d/%m/%Y}" if indicator.review_date else "",
    }
    form = forms.IndicatorEditForm(request.POST or None, initial=initial, computed=computed)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_update(indicator=indicator, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "The indicator is saved.")
            return _go(request, "planning:indicator", indicator_id=indicator.pk)
    return render(
        request,
        "planning/indicator_form.jinja",
        {"form": form, "outcome": indicator.outcome, "indicator": indicator},
    )


@site_view(roles=EDITORS)
@require_POST
def indicator_rebase(request, indicator_id):
    site = _site(request)
    indicator = selectors.indicator_for_site(site=site, indicator_id=indicator_id)
    services.indicator_rebase(indicator=indicator, extract=selectors.latest_extract(site=site))
    messages.success(request, f"The baseline is updated. {indicator.baseline_note}")
    return _go(request, "planning:indicator", indicator_id=indicator.pk)


# --- The future offer and workforce by grouping -----------------------------------------------


@site_view(roles=ALL_ROLES)
def offers(request):
    site = _site(request)
    return render(
        request,
        "planning/offers.jinja",
        {
            "offers": offer.offers_view(site=site),
            "workforce": offer.workforce_by_grouping(site=site),
            "training": offer.training_needs(site=site),
            "can_edit": _can_edit(request),
            "standings": agreement.standings(site=site),
        },
    )


@site_view(roles=EDITORS)
@require_http_methods(["GET", "POST"])
def offer_edit(request, grouping: str):
    site = _site(request)
    names = dict(presenters.groupings())
    if grouping not in names:
        raise Http404("No such grouping")
    saved = selectors.offers_for_site(site=site).get(grouping)
    initial = (
        {name: getattr(saved, name) for name in services.OFFER_FIELDS}
        | {"version": saved.version, "scenario": str(saved.scenario_id or "")}
        if saved
        else offer.draft(site=site, grouping=grouping)
    )
    form = forms.OfferForm(
        request.POST or None,
        initial=initial,
        scenarios=scenario_selectors.scenarios_for_site(site=site),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        chosen = data.pop("scenario")
        scenario = (
            scenario_selectors.scenario_for_site(site=site, scenario_id=chosen) if chosen else None
        )
        try:
            services.offer_save(
                site=site,
                grouping=grouping,
                version=version if saved else None,
                scenario=scenario,
                **data,
            )
        except services.ActionConflict:
            form.add_error(None, "Someone else saved this offer while you were editing it.")
        else:
            messages.success(request, f"The future offer for {names[grouping]} is saved.")
            return _go(request, "planning:offers")
    return render(
        request,
        "planning/offer_form.jinja",
        {"form": form, "grouping_name": names[grouping], "drafted": saved is None},
    )


@site_view(roles=EDITORS)
@require_http_methods(["GET", "POST"])
def share_edit(request, service_id: str):
    site = _site(request)
    service = offer.mapped_service(site=site, service_id=service_id)
    groupings = [(g, name) for g, name in presenters.groupings() if g in service.groupings]
    current = offer.current_shares(site=site, service=service)
    form = forms.ShareForm(
        request.POST or None,
        initial={g: round(100 * current.get(g, 0)) for g, _ in groupings},
        groupings=groupings,
    )
    if request.method == "POST" and form.is_valid():
        services.share_set(site=site, service_id=service.id, shares=form.cleaned_data)
        messages.success(request, f"The split of {service.name}'s staff is saved.")
        return redirect(reverse("planning:offers", kwargs={"site_slug": site.slug}) + "#workforce")
    return render(request, "planning/share_form.jinja", {"form": form, "service": service})


# --- The best-practice library ----------------------------------------------------------------


def _principles(site):
    assessment = instrument_in_use(site=site, kind="assessment").instrument
    return [(p.id, p.name) for p in assessment.principles]


@site_view(roles=ALL_ROLES)
def library(request):
    site = _site(request)
    services.library_ensure(site=site)
    principle, grouping = request.GET.get("principle", ""), request.GET.get("grouping", "")
    principles = dict(_principles(site))
    groupings = dict(presenters.groupings())
    return render(
        request,
        "planning/library.jinja",
        {
            "entries": selectors.practice_entries(
                site=site, principle=principle, grouping=grouping
            ),
            "principles": principles,
            "groupings": groupings,
            "principle": principle,
            "grouping": grouping,
            "can_edit": _can_edit(request),
        },
    )


@site_view(roles=EDITORS)
@require_http_methods(["GET", "POST"])
def library_add(request):
    site = _site(request)
    form = forms.PracticeForm(request.POST or None, principles=_principles(site))
    if request.method == "POST" and form.is_valid():
        services.practice_add(site=site, **form.cleaned_data)
        messages.success(request, "The entry is added to the library.")
        return _go(request, "planning:library")
    return render(request, "planning/library_form.jinja", {"form": form})


# --- The record of the system's agreement -----------------------------------------------------


@site_view(roles=ALL_ROLES)
def agreement_record(request):
    site = _site(request)
    return render(
        request,
        "planning/agreement.jinja",
        {
            "standings": list(agreement.standings(site=site).values()),
            "is_lead": request.site_ctx.is_lead,
        },
    )


@site_view(roles=LEADS)
@require_http_methods(["GET", "POST"])
def signoff_add(request):
    site = _site(request)
    found = [s for s in agreement.states(site=site) if s.exists]
    form = forms.SignOffForm(
        request.POST or None,
        initial={"what": request.GET.get("what", ""), "signed_on": ""},
        choices=[(s.key, s.title) for s in found],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        subject, grouping = agreement.parse_key(data["what"])
        try:
            signoff = services.signoff_record(
                site=site,
                subject=subject,
                grouping=grouping,
                body=data["body"],
                signed_on=data["signed_on"],
                signatories=services.signatories_parse(data["signatories"]),
                note=data["note"],
                recorded_by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"The sign-off of {signoff.title.lower()} is recorded.")
            return _go(request, "planning:agreement")
    return render(
        request,
        "planning/signoff_form.jinja",
        {"form": form, "states": {s.key: s for s in found}},
    )


# --- The future-state pathway map beside today's ---------------------------------------------


@site_view(roles=ALL_ROLES)
def future_map(request):
    site = _site(request)
    today, changes, built = selectors.future_maps(site=site)
    return render(
        request,
        "planning/future_map.jinja",
        {
            **presenters.future_view(
                site=site,
                today=today,
                built=built,
                changes=changes,
                local_areas=[area.name for area in site_local_areas(site=site)],
            ),
            "can_edit": _can_edit(request),
        },
    )


@site_view(roles=EDITORS)
@require_http_methods(["GET", "POST"])
def future_change_add(request):
    site = _site(request)
    kind = request.GET.get("kind", "")
    grouping = request.GET.get("grouping", "")
    _, _, built = selectors.future_maps(site=site)
    pathway_map = built.pathway_map
    if kind not in forms.FUTURE_FIELDS:
        named = (
            offer.services_to_add(
                offer=selectors.offers_for_site(site=site).get(grouping), pathway_map=pathway_map
            )
            if grouping in dict(presenters.groupings())
            else []
        )
        return render(
            request,
            "planning/future_change_kinds.jinja",
            {"kinds": future.KIND_NAMES, "grouping": grouping, "named": named},
        )
    initial = {"grouping": grouping}
    if kind == "add_service":
        initial |= {
            "name": request.GET.get("name", ""),
            "provider": request.GET.get("provider", ""),
            "groupings": [grouping] if grouping else [],
        }
    form = forms.FutureChangeForm(
        request.POST or None,
        initial=initial,
        kind=kind,
        services=sorted(((s.id, s.name) for s in pathway_map.services), key=lambda p: p[1]),
        entry_points=sorted(((e.id, e.name) for e in pathway_map.entry_points), key=lambda p: p[1]),
        routes=[
            (
                f"{r.from_id}|{r.to_id}|{r.kind}",
                f"{pathway_map.name_of(r.from_id)} → {pathway_map.name_of(r.to_id)} ({r.kind})",
            )
            for r in pathway_map.routes
        ],
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.future_change_add(
                site=site, kind=kind, proposed_by=request.user, **form.values()
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "The change is added to the future map.")
            return redirect(
                reverse("planning:future_map", kwargs={"site_slug": site.slug}) + "#changes"
            )
    return render(
        request,
        "planning/future_change_form.jinja",
        {"form": form, "kind_name": future.KIND_NAMES[kind]},
    )


@site_view(roles=EDITORS)
@require_POST
def future_change_remove(request):
    site = _site(request)
    change = selectors.future_change_for_site(
        site=site, change_id=uuid_or_none(request.POST.get("change"))
    )
    services.future_change_remove(change=change)
    messages.success(request, "The change is taken off the future map.")
    return redirect(reverse("planning:future_map", kwargs={"site_slug": site.slug}) + "#changes")


# --- The redesign workshop --------------------------------------------------------------------

RUNNERS = frozenset({Role.SITE_LEAD, Role.FACILITATOR})


def _redesign(request, redesign_id):
    return selectors.redesign_workshop_for_site(site=_site(request), workshop_id=redesign_id)


def _go_redesign(request, workshop):
    return _go(request, "planning:redesign_workshop", redesign_id=workshop.id)


@site_view(roles=ALL_ROLES)
def redesign_workshops(request):
    return render(
        request,
        "planning/redesign_list.jinja",
        {
            "workshops": selectors.redesign_workshops_for_site(site=_site(request)),
            "can_run": request.site_ctx.has_role(*RUNNERS),
        },
    )


@site_view(roles=RUNNERS)
@require_http_methods(["GET", "POST"])
def redesign_workshop_new(request):
    form = forms.RedesignWorkshopForm(
        request.POST or None,
        initial={
            "groupings": [g for g, _ in presenters.groupings()],
            "tables": "Table 1\nTable 2\nTable 3",
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            workshop = services.redesign_workshop_create(
                site=_site(request),
                title=data["title"],
                groupings=data["groupings"],
                table_names=forms.lines(data["tables"]),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return _go_redesign(request, workshop)
    return render(request, "planning/redesign_new.jinja", {"form": form})


@site_view(roles=RUNNERS)
def redesign_workshop(request, redesign_id):
    """The room view: each table's draft of each grouping's offer, side by side."""
    workshop = _redesign(request, redesign_id)
    context = {"workshop": workshop, **presenters.redesign_room(workshop=workshop)}
    if request.htmx:
        # Nothing new since the page last asked: no swap, as in the prioritising room.
        if request.GET.get("since") == context["state"]:
            return HttpResponse(status=204)
        return render(request, "planning/partials/redesign_poll.jinja", context)
    context["links"] = [
        {
            "table": table,
            "link": request.build_absolute_uri(
                reverse("redesign:table", kwargs={"redesign_code": table.code})
            ),
        }
        for table in context["tables"]
    ]
    return render(request, "planning/redesign_room.jinja", context)


@site_view(roles=RUNNERS)
@require_POST
def redesign_status(request, redesign_id):
    workshop = _redesign(request, redesign_id)
    is_open = request.POST.get("action") == "open"
    services.redesign_workshop_set_status(workshop=workshop, is_open=is_open)
    messages.success(
        request,
        "Tables can draft again."
        if is_open
        else "The workshop is closed: tables' drafts are kept.",
    )
    return _go_redesign(request, workshop)


@site_view(roles=RUNNERS)
@require_http_methods(["GET", "POST"])
def redesign_merge(request, redesign_id, grouping: str):
    """The facilitator merges the tables' drafts of one grouping into the site's offer."""
    site, workshop = _site(request), _redesign(request, redesign_id)
    if grouping not in workshop.groupings:
        raise Http404("The workshop does not work on this grouping")
    saved = selectors.offers_for_site(site=site).get(grouping)
    current = {name: getattr(saved, name) for name in services.OFFER_FIELDS} if saved else {}
    drafts = [
        (f"table-{draft.table_id}", draft.table.name, draft.fields)
        for draft in selectors.offer_drafts(workshop=workshop)
        .filter(grouping=grouping)
        .select_related("table")
    ]
    form = forms.RedesignMergeForm(
        request.POST or None,
        current=current,
        drafts=drafts,
        initial={"version": saved.version if saved else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.redesign_merge(
                workshop=workshop,
                grouping=grouping,
                fields=form.merged(),
                version=form.cleaned_data["version"] if saved else None,
            )
        except services.ActionConflict:
            form.add_error(None, "Someone else saved this offer while you were merging.")
        else:
            name = dict(presenters.groupings())[grouping]
            messages.success(request, f"The future offer for {name} is saved from the merge.")
            return _go_redesign(request, workshop)
    return render(
        request,
        "planning/redesign_merge.jinja",
        {
            "workshop": workshop,
            "grouping_name": dict(presenters.groupings())[grouping],
            "form": form,
            "sources": [("Current offer", current)] + [(name, f) for _, name, f in drafts],
        },
    )


@site_view(roles=RUNNERS)
@require_http_methods(["GET", "POST"])
def redesign_next_steps(request, redesign_id):
    workshop = _redesign(request, redesign_id)
    form = forms.RedesignOutcomesForm(
        request.POST or None,
        initial={"next_steps": workshop.next_steps, "engagement_plan": workshop.engagement_plan},
    )
    if request.method == "POST" and form.is_valid():
        services.redesign_outcomes_save(workshop=workshop, **form.cleaned_data)
        messages.success(request, "The next steps and the wider engagement plan are saved.")
        return _go_redesign(request, workshop)
    return render(
        request, "planning/redesign_next_steps.jinja", {"workshop": workshop, "form": form}
    )
