import json
import math

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from thrivekit import pathways
from thrivekit.core.params import uuid_or_400, uuid_or_none
from thrivekit.exports import Sheet, csv_bytes, xlsx_bytes
from thrivekit.extracts.selectors import latest_analysis
from thrivekit.inputs import UPLOADS
from thrivekit.maps import forms, presenters, selectors, services
from thrivekit.priorities.selectors import site_priorities
from thrivekit.priorities.services import priority_evidence_add
from thrivekit.sites.context import ALL_ROLES, EDITORS, site_view
from thrivekit.sites.models import Role
from thrivekit.sites.selectors import site_local_areas

FORMATS = {
    "json": ("application/json", pathways.export_json),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        pathways.export_xlsx,
    ),
    "zip": ("application/zip", pathways.export_csv_zip),
    "svg": ("image/svg+xml", lambda m: pathways.render_svg(m, title="Pathway map").encode()),
    "png": ("image/png", lambda m: pathways.render_png(m, title="Pathway map")),
}


def _overview(request):
    return redirect("maps:overview", site_slug=request.site_ctx.site.slug)


def _version(request) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


@site_view(roles=ALL_ROLES)
def overview(request):
    site = request.site_ctx.site
    pathway_map = selectors.site_map(site=site)
    document = selectors.map_document(site=site)
    return render(
        request,
        "maps/overview.jinja",
        {
            **presenters.overview(pathway_map, positions=document.positions if document else {}),
            "moved": bool(document and document.positions),
            "version": selectors.map_version(site=site),
            "can_edit": request.site_ctx.has_role(*EDITORS),
            "import_form": forms.MapImportForm(),
        },
    )


@site_view(roles=EDITORS)
@require_http_methods(["GET", "POST"])
def service_edit(request, service_id=None):
    site = request.site_ctx.site
    pathway_map = selectors.site_map(site=site)
    existing = None
    if service_id is not None:
        existing = next((s for s in pathway_map.services if s.id == service_id), None)
        if existing is None:
            raise Http404("No such service")
    areas = [a.name for a in site_local_areas(site=site)]
    initial = presenters.service_initial(existing) if existing else {}
    form = forms.ServiceForm(request.POST or None, local_areas=areas, initial=initial)
    if request.method == "POST" and form.is_valid():
        taken = {s.id for s in pathway_map.services} | {e.id for e in pathway_map.entry_points}
        try:
            services.service_save(
                site=site,
                service=form.service(service_id=service_id, taken=taken),
                base_version=_version(request),
                saved_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{form.cleaned_data['name']} is saved on the map.")
            return _overview(request)
    return render(
        request,
        "maps/service.jinja",
        {"form": form, "service": existing, "version": selectors.map_version(site=site)},
    )


@site_view(roles=EDITORS)
@require_http_methods(["GET", "POST"])
def entry_point_new(request):
    site = request.site_ctx.site
    pathway_map = selectors.site_map(site=site)
    form = forms.EntryPointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        taken = {s.id for s in pathway_map.services} | {e.id for e in pathway_map.entry_points}
        try:
            services.entry_point_save(
                site=site,
                entry_point=form.entry_point(taken=taken),
                base_version=_version(request),
                saved_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _overview(request)
    return render(
        request,
        "maps/entry_point.jinja",
        {"form": form, "version": selectors.map_version(site=site)},
    )


@site_view(roles=EDITORS)
@require_http_methods(["GET", "POST"])
def route_new(request):
    site = request.site_ctx.site
    pathway_map = selectors.site_map(site=site)
    form = forms.RouteForm(
        request.POST or None, pathway_map=pathway_map, initial={"kind": "referral"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.route_add(
                site=site, route=form.route(), base_version=_version(request), saved_by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _overview(request)
    return render(
        request, "maps/route.jinja", {"form": form, "version": selectors.map_version(site=site)}
    )


def _remove(request, remove, **what):
    try:
        remove(
            site=request.site_ctx.site,
            base_version=_version(request),
            saved_by=request.user,
            **what,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _overview(request)


@site_view(roles=EDITORS)
@require_POST
def node_remove(request, node_id):
    return _remove(request, services.node_remove, node_id=node_id)


@site_view(roles=EDITORS)
@require_POST
def route_remove(request, index: int):
    return _remove(request, services.route_remove, index=index)


@site_view(roles=EDITORS)
@require_POST
def positions(request):
    """Where nodes were dragged on the interactive map (JSON: {id: [x, y]})."""
    try:
        moved = json.loads(request.body or b"{}")
        places = {k: (float(v[0]), float(v[1])) for k, v in moved.items()}
        # JSON from a script may say Infinity, NaN or 1e309: no place on a page.
        if not all(math.isfinite(n) for place in places.values() for n in place):
            raise ValueError("Not a place on the page")
        services.positions_save(site=request.site_ctx.site, positions=places)
    except (ValueError, TypeError, IndexError, AttributeError):
        return JsonResponse({"saved": False}, status=400)
    return JsonResponse({"saved": True})


@site_view(roles=EDITORS)
@require_POST
def positions_reset(request):
    services.positions_clear(site=request.site_ctx.site)
    messages.success(request, "The boxes are arranged again by grouping.")
    return _overview(request)


@site_view(roles=EDITORS)
@require_http_methods(["GET", "POST"])
def map_import(request):
    form = forms.MapImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            _, found = services.map_import(
                site=request.site_ctx.site,
                data=upload.read(UPLOADS.max_bytes + 1),
                filename=upload.name,
                base_version=_version(request),
                saved_by=request.user,
            )
            problems = [str(problem) for problem in found]
        except ValidationError as error:
            problems = error.messages
        if not problems:
            messages.success(request, "The map is replaced by the file's map.")
            return _overview(request)
    return render(
        request,
        "maps/import.jinja",
        {
            "form": form,
            "problems": problems,
            "version": selectors.map_version(site=request.site_ctx.site),
        },
    )


@site_view(roles=ALL_ROLES)
def export(request, file_format: str):
    if file_format not in FORMATS:
        raise Http404("No such format")
    content_type, write = FORMATS[file_format]
    response = HttpResponse(
        write(selectors.site_map(site=request.site_ctx.site)), content_type=content_type
    )
    response["Content-Disposition"] = f'attachment; filename="pathway-map.{file_format}"'
    return response


def _site_findings(site) -> tuple[pathways.PathwayMap, list, bool]:
    """The map's findings, checked against every local area of the site and, where there is
    an extract, its moves between teams (through the site's disclosure control)."""
    pathway_map = selectors.site_map(site=site)
    flows = presenters.flows_for_map(
        pathway_map, latest_analysis(site=site), selectors.map_document(site=site)
    )
    found = pathways.analyse(
        pathway_map,
        flows=flows or None,
        local_areas=[area.name for area in site_local_areas(site=site)],
        policy=presenters.site_policy(site),
    )
    return pathway_map, found, bool(flows)


@site_view(roles=ALL_ROLES)
def analysis(request):
    site = request.site_ctx.site
    pathway_map, found, with_flows = _site_findings(site)
    return render(
        request,
        "maps/analysis.jinja",
        {
            "groups": presenters.findings(found, pathway_map),
            "with_flows": with_flows,
            "priorities": site_priorities(site=site) if request.site_ctx.has_role(*EDITORS) else [],
            "can_edit": request.site_ctx.has_role(*EDITORS),
        },
    )


@site_view(roles=ALL_ROLES)
@require_http_methods(["GET", "POST"])
def teams(request):
    """Map the activity data's teams to services once, and fill route volumes from the data."""
    site = request.site_ctx.site
    pathway_map = selectors.site_map(site=site)
    document = selectors.map_document(site=site)
    analysis = latest_analysis(site=site)
    team_names = [t["team"] for t in analysis.get("teams", [])]
    can_edit = request.site_ctx.has_role(*EDITORS)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        try:
            if request.POST.get("action") == "volumes":
                _, too_few = services.route_volumes_fill(
                    site=site,
                    flows=presenters.flows_for_map(pathway_map, analysis, document),
                    months=len(analysis.get("monthly", [])),
                    policy=presenters.site_policy(site),
                    saved_by=request.user,
                )
                messages.success(
                    request,
                    "Route volumes are filled in from the activity data."
                    + (
                        f" {too_few} route(s) had too few young people to show a number."
                        if too_few
                        else ""
                    ),
                )
            else:
                services.team_services_save(
                    site=site,
                    mapping={
                        team: request.POST.get(f"team-{i}", "") for i, team in enumerate(team_names)
                    },
                )
                messages.success(request, "The teams are matched to services.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("maps:teams", site_slug=site.slug)
    current = presenters.team_matches(pathway_map, team_names, document)
    return render(
        request,
        "maps/teams.jinja",
        {"rows": current, "services": pathway_map.services, "can_edit": can_edit},
    )


@site_view(roles=ALL_ROLES)
@require_http_methods(["GET", "POST"])
def workforce(request):
    site = request.site_ctx.site
    pathway_map = selectors.site_map(site=site)
    document = selectors.map_document(site=site)
    problems = []
    if request.method == "POST":
        if not request.site_ctx.has_role(*EDITORS):
            raise PermissionDenied
        upload = request.FILES.get("file")
        if upload is None:
            problems = ["Choose a workforce file"]
        else:
            rows, problems = services.workforce_read(
                site=site, data=upload.read(UPLOADS.max_bytes + 1), filename=upload.name
            )
            if not problems:
                services.workforce_replace(site=site, rows=rows)
                messages.success(request, f"The workforce table is replaced ({len(rows)} rows).")
                return redirect("maps:workforce", site_slug=site.slug)
    staff = document.workforce if document else {}
    return render(
        request,
        "maps/workforce.jinja",
        {
            "summary": presenters.workforce_summary(pathway_map, staff),
            "rows": presenters.workforce_rows(pathway_map, staff),
            "problems": problems,
            "can_edit": request.site_ctx.has_role(*EDITORS),
        },
    )


@site_view(roles=ALL_ROLES)
def workforce_export(request, file_format: str):
    site = request.site_ctx.site
    document = selectors.map_document(site=site)
    rows = presenters.workforce_rows(
        selectors.site_map(site=site), document.workforce if document else {}
    )
    header = ["service_id", "service", "profession", "band", "wte", "vacancies", "training"]
    if file_format == "xlsx":
        body = xlsx_bytes([Sheet("Workforce", header, rows)])
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        file_format, body, content_type = "csv", csv_bytes(header, rows), "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="workforce.{file_format}"'
    return response


@site_view(roles=EDITORS)
@require_POST
def finding_send(request):
    """Send a finding to a priority's gap analysis as evidence, worked out again here so that
    what is sent is what the map shows now."""
    site = request.site_ctx.site
    priority_id = uuid_or_none(request.POST.get("priority"))
    priority = site_priorities(site=site).filter(pk=priority_id).first() if priority_id else None
    pathway_map, found, _ = _site_findings(site)
    finding = next(
        (f for f in found if presenters.finding_key(f) == request.POST.get("finding")), None
    )
    if priority is None:
        messages.error(request, "Choose a priority to send the finding to.")
    elif finding is None:
        messages.error(request, "The map has changed and no longer shows that finding.")
    else:
        priority_evidence_add(
            priority=priority,
            source="Pathway map",
            text=presenters.finding_evidence(finding, pathway_map),
        )
        messages.success(request, f"Sent to the gap analysis of {priority.title}.")
    return redirect("maps:analysis", site_slug=site.slug)


WORKSHOP_STEPS = ("scope", "shape", "analyse")


@site_view(roles=ALL_ROLES)
@require_http_methods(["GET", "POST"])
def mapping_workshop(request, step: str = "scope"):
    """The pathway-mapping workshop in three steps: determine the scope, build the shape,
    analyse the pathway as a group. Tables propose; the facilitator accepts into the map."""
    if step not in WORKSHOP_STEPS:
        raise Http404("No such step")
    site = request.site_ctx.site
    pathway_map = selectors.site_map(site=site)
    document = selectors.map_document(site=site)
    scope = document.scope if document else {}
    can_propose = request.site_ctx.has_role(*EDITORS)
    can_decide = request.site_ctx.has_role(Role.SITE_LEAD, Role.FACILITATOR)
    areas = [a.name for a in site_local_areas(site=site)]
    scope_form = forms.ScopeForm(
        request.POST if "scope" in request.POST else None,
        local_areas=areas,
        initial=scope,
    )
    form = forms.ProposalForm(
        request.POST if "table" in request.POST else None,
        pathway_map=pathway_map,
        scope_groupings=scope.get("groupings") or (),
        initial={"kind": "note" if step == "analyse" else "service"},
    )
    here = redirect("maps:workshop_step", site_slug=site.slug, step=step)
    if request.method == "POST":
        if "decision" in request.POST:
            if not can_decide:
                raise PermissionDenied
            proposal = selectors.proposal(
                site=site, proposal_id=uuid_or_400(request.POST.get("proposal"), what="proposal")
            )
            try:
                services.proposal_decide(
                    proposal=proposal,
                    accept=request.POST["decision"] == "accept",
                    decided_by=request.user,
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            return here
        if "scope" in request.POST:
            if not can_decide:
                raise PermissionDenied
            if scope_form.is_valid():
                services.map_scope_save(site=site, scope=scope_form.scope(), saved_by=request.user)
                messages.success(request, "The scope is agreed. Next, build the shape.")
                return redirect("maps:workshop_step", site_slug=site.slug, step="shape")
        else:
            if not can_propose:
                raise PermissionDenied
            if form.is_valid():
                try:
                    services.proposal_create(site=site, **form.proposal())
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(request, "Your table's proposal is with the facilitator.")
                    return here
    context = {
        "step": step,
        "steps": WORKSHOP_STEPS,
        "scope": presenters.scope_summary(scope),
        "scope_form": scope_form,
        "form": form,
        "proposals": presenters.proposals(selectors.proposals(site=site), pathway_map),
        "can_propose": can_propose,
        "can_decide": can_decide,
        "in_scope": presenters.services_in_scope(pathway_map, scope),
    }
    if step == "analyse":
        _, found, _ = _site_findings(site)
        context["groups"] = presenters.findings(
            presenters.findings_in_scope(found, pathway_map, scope), pathway_map
        )
    return render(request, "maps/workshop.jinja", context)
