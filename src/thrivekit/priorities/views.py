"""Facilitators' and editors' pages for prioritising improvement and gap analysis."""

import re

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST

from thrivekit.core.params import uuid_or_400
from thrivekit.priorities import exports, forms, presenters, selectors, services
from thrivekit.priorities.models import WORKSHEET_FIELDS
from thrivekit.sites.context import ALL_ROLES, EDITORS, site_view
from thrivekit.sites.models import Role

RUNNERS = frozenset({Role.SITE_LEAD, Role.FACILITATOR})


def _session(request, session_id):
    return selectors.session_for_site(site=request.site_ctx.site, session_id=session_id)


def _detail(request, session):
    return redirect(
        "priorities:detail", site_slug=request.site_ctx.site.slug, session_id=session.id
    )


@site_view(roles=ALL_ROLES)
def session_list(request):
    return render(
        request,
        "priorities/list.jinja",
        {
            "sessions": selectors.sessions_for_site(site=request.site_ctx.site),
            "can_run": request.site_ctx.has_role(*RUNNERS),
        },
    )


@site_view(roles=RUNNERS)
@require_http_methods(["GET", "POST"])
def session_new(request):
    form = forms.SessionForm(
        request.POST or None,
        initial={
            "tables": "Table 1\nTable 2\nTable 3\nTable 4\nTable 5",
            "aims": "Patient experience\nAccess\nWaiting times\nOutcomes\nCosts",
            "allow_checklist_actions": "no",
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_create(
                site=request.site_ctx.site,
                title=data["title"],
                allow_checklist_actions=data["allow_checklist_actions"] == "yes",
                table_names=form.lines(data["tables"]),
                aims=form.lines(data["aims"]),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _detail(request, session)
    return render(request, "priorities/new.jinja", {"form": form})


@site_view(roles=ALL_ROLES)
def session_detail(request, session_id):
    session = _session(request, session_id)
    tables = []
    for table in selectors.session_tables(session=session):
        link = request.build_absolute_uri(reverse("ranking:table", kwargs={"code": table.code}))
        tables.append(
            {
                "table": table,
                "link": link,
                "qr": segno.make(link, error="m").svg_inline(scale=3, dark="#212b32"),
            }
        )
    candidates = selectors.candidates(session=session)
    return render(
        request,
        "priorities/detail.jinja",
        {
            "session": session,
            "aims": selectors.session_aims(session=session),
            "aim_form": forms.AimForm(),
            "tables": tables,
            "priorities": selectors.session_priorities(session=session),
            "suggested": selectors.top_line_priorities(candidates),
            "can_run": request.site_ctx.has_role(*RUNNERS),
        },
    )


@site_view(roles=RUNNERS)
@require_POST
def session_aims(request, session_id):
    session = _session(request, session_id)
    action = request.POST.get("action")
    aim = None
    if action in ("up", "down", "remove"):
        aim_id = uuid_or_400(request.POST.get("aim"), what="aim")
        aim = selectors.session_aims(session=session).filter(pk=aim_id).first()
    if action == "add":
        services.aim_add(session=session, text=request.POST.get("text", ""))
    elif aim is not None and action in ("up", "down"):
        services.aim_move(aim=aim, up=action == "up")
    elif aim is not None and action == "remove":
        services.aim_remove(aim=aim)
    return redirect(
        reverse("priorities:detail", args=[request.site_ctx.site.slug, session.id]) + "#aims"
    )


@site_view(roles=RUNNERS)
@require_POST
def session_status(request, session_id):
    session = _session(request, session_id)
    action = request.POST.get("action")
    try:
        if action == "open":
            services.session_open(session=session)
            messages.success(request, "Tables can now enter their rankings.")
        elif action == "second_round":
            services.session_second_round(session=session)
            messages.success(request, "The final vote has started: tables rank again.")
        elif action == "close":
            services.session_close(session=session)
            messages.success(request, "The workshop is closed.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _detail(request, session)


@site_view(roles=RUNNERS)
def room(request, session_id):
    session = _session(request, session_id)
    context = {"session": session, **presenters.room(session=session)}
    # Once confirmed the votes are final: the page stops polling and leads with the five.
    context["confirmed"] = (
        list(selectors.session_priorities(session=session)) if session.confirmed_at else []
    )
    if request.htmx:
        # Nothing new since the page last asked: no swap, so the chart is not redrawn (and
        # does not flicker on the projector) every few seconds.
        if request.GET.get("since") == context["state"]:
            return HttpResponse(status=204)
        return render(request, "priorities/partials/room_poll.jinja", context)
    return render(request, "priorities/room.jinja", context)


@site_view(roles=RUNNERS)
@require_http_methods(["GET", "POST"])
def table_entry(request, session_id, table_id):
    """A facilitator keys in a table's flip chart."""
    session = _session(request, session_id)
    table = selectors.session_table(session=session, table_id=table_id)
    return _ranking_page(request, session, table, keyed_in_by=request.user)


def _ranking_page(request, session, table, *, keyed_in_by=None):
    candidates = selectors.candidates(session=session)
    existing = selectors.rankings(session=session, round=session.round).filter(table=table).first()
    current = {item: rank for rank, item in enumerate(existing.items, 1)} if existing else {}
    problems = []
    if request.method == "POST":
        items, problems = forms.ranks_from(request.POST, [c.id for c in candidates])
        if not problems:
            try:
                services.table_ranking_save(table=table, items=items, keyed_in_by=keyed_in_by)
            except ValidationError as error:
                problems = error.messages
            else:
                messages.success(request, f"{table.name}'s top {len(items)} is saved.")
                return redirect(request.path)
        # What they chose, shown again; isdigit() would let "²" through to int().
        current = {
            c.id: int(request.POST[f"rank-{c.id}"])
            for c in candidates
            if re.fullmatch(r"[0-9]{1,3}", request.POST.get(f"rank-{c.id}", ""))
        }
    chosen = sorted(
        ((rank, c) for c in candidates if (rank := current.get(c.id))), key=lambda p: p[0]
    )
    return render(
        request,
        "priorities/ranking.jinja",
        {
            "session": session,
            "table": table,
            "candidates": candidates,
            "suggested": {c.id for c in selectors.top_line_priorities(candidates)},
            "current": current,
            "chosen": chosen,
            "problems": problems,
            "keyed_in": keyed_in_by is not None,
        },
    )


@site_view(roles=RUNNERS)
@require_http_methods(["GET", "POST"])
def confirm(request, session_id):
    session = _session(request, session_id)
    candidates = selectors.candidates(session=session)
    result = selectors.room_result(session=session, round=session.round)
    initial = {
        f"priority_{rank}": item for rank, item in enumerate(result.top if result else (), 1)
    }
    form = forms.ConfirmForm(request.POST or None, candidates=candidates, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.priorities_confirm(
                session=session,
                items=form.items(),
                reason=form.cleaned_data["reason"],
                confirmed_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The top five is confirmed. Each now has a worksheet.")
            return _detail(request, session)
    return render(
        request,
        "priorities/confirm.jinja",
        {"session": session, "form": form, **presenters.room(session=session)},
    )


@site_view(roles=ALL_ROLES)
@require_http_methods(["GET", "POST"])
def worksheet(request, session_id, priority_id):
    session = _session(request, session_id)
    priority = selectors.session_priority(session=session, priority_id=priority_id)
    can_edit = request.site_ctx.has_role(*EDITORS)
    conflict = None
    form = forms.WorksheetForm(
        request.POST if request.method == "POST" and can_edit else None,
        initial={**priority.worksheet(), "version": priority.version},
    )
    if request.method == "POST" and can_edit and form.is_valid():
        try:
            services.worksheet_save(
                priority=priority,
                fields=form.cleaned_data,
                base_version=form.cleaned_data["version"],
                saved_by=request.user,
            )
        except services.WorksheetConflict as error:
            conflict = presenters.conflict(error)
            form = forms.WorksheetForm(presenters.conflict_form_data(error))
            form.is_valid()
        else:
            messages.success(request, "The worksheet is saved.")
            return redirect(request.path)
    candidate = next(
        (c for c in selectors.candidates(session=session) if c.id == priority.item), None
    )
    return render(
        request,
        "priorities/worksheet.jinja",
        {
            "session": session,
            "priority": priority,
            "aims": selectors.session_aims(session=session),
            "form": form,
            "can_edit": can_edit,
            "conflict": conflict,
            "candidate": candidate,
            "drafts": selectors.priority_drafts(priority=priority),
            "versions": selectors.priority_versions(priority=priority).select_related("saved_by")[
                :10
            ],
            "labels": WORKSHEET_FIELDS,
        },
    )


@site_view(roles=ALL_ROLES)
def worksheet_version(request, session_id, priority_id, version: int):
    """An earlier saved version of a worksheet, read-only, with what changed from the one
    before it."""
    session = _session(request, session_id)
    priority = selectors.session_priority(session=session, priority_id=priority_id)
    saved = selectors.priority_version(priority=priority, version=version)
    before = selectors.priority_versions(priority=priority).filter(version=version - 1).first()
    return render(
        request,
        "priorities/worksheet_version.jinja",
        {
            "session": session,
            "priority": priority,
            "saved": saved,
            "rows": presenters.version_rows(saved.fields, before.fields if before else None),
        },
    )


@site_view(roles=ALL_ROLES)
def export(request, session_id, file_format: str):
    session = _session(request, session_id)
    name = slugify(session.title) or "priorities"
    if file_format == "docx":
        body = exports.priorities_docx(session=session)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        file_format = "xlsx"
        body = exports.priorities_xlsx(session=session)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response
