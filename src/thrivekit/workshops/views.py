"""Facilitators' pages: set up, open and close workshops, the projector, results and exports."""

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST

from thrivekit.core.params import uuid_or_400
from thrivekit.extracts import presenters as extract_presenters
from thrivekit.extracts import selectors as extract_selectors
from thrivekit.instrument_library.selectors import instrument_in_use
from thrivekit.maps import presenters as map_presenters
from thrivekit.maps import selectors as map_selectors
from thrivekit.sites.context import ALL_ROLES, site_view
from thrivekit.sites.models import Role
from thrivekit.sites.selectors import site_local_areas
from thrivekit.workshops import exports, forms, presenters, selectors, services
from thrivekit.workshops.models import ChecklistAnswer

RUNNERS = frozenset({Role.SITE_LEAD, Role.FACILITATOR})
EXPORTERS = frozenset({Role.SITE_LEAD, Role.FACILITATOR, Role.ANALYST})


def _workshop(request, workshop_id):
    return selectors.workshop_for_site(site=request.site_ctx.site, workshop_id=workshop_id)


def _join_url(request, workshop) -> str:
    return request.build_absolute_uri(
        reverse("participate:join", kwargs={"code": workshop.join_code})
    )


@site_view(roles=ALL_ROLES)
def workshop_list(request):
    site = request.site_ctx.site
    return render(
        request,
        "workshops/list.jinja",
        {
            "workshops": selectors.workshops_for_site(site=site),
            "can_run": request.site_ctx.has_role(*RUNNERS),
            "history": presenters.snapshot_history(site=site),
        },
    )


@site_view(roles=RUNNERS)
@require_http_methods(["GET", "POST"])
def workshop_new(request):
    site = request.site_ctx.site
    assessment = instrument_in_use(site=site, kind="assessment").instrument
    form = forms.WorkshopForm(
        request.POST or None,
        assessment=assessment,
        initial={
            "instruments": ["assessment"],
            "tables": "Table 1\nTable 2\nTable 3",
            "reassessment": "no",
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            workshop = services.workshop_create(
                site=site,
                title=data["title"],
                includes_assessment="assessment" in data["instruments"],
                includes_checklist="checklist" in data["instruments"],
                principles=data["principles"],
                levels=data["levels"],
                table_names=data["tables"],
                created_by=request.user,
                is_reassessment=data["reassessment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{workshop.title} is ready. Open it when the room is.")
            return redirect("workshops:detail", site_slug=site.slug, workshop_id=workshop.id)
    return render(request, "workshops/new.jinja", {"form": form})


@site_view(roles=RUNNERS)
@require_http_methods(["GET", "POST"])
def workshop_edit(request, workshop_id):
    workshop = _workshop(request, workshop_id)
    form = forms.WorkshopEditForm(
        request.POST or None,
        initial={
            "title": workshop.title,
            "reassessment": "yes" if workshop.is_reassessment else "no",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.workshop_update(
                workshop=workshop,
                title=form.cleaned_data["title"],
                is_reassessment=form.cleaned_data["reassessment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The workshop's details are saved.")
            return redirect(
                "workshops:detail", site_slug=request.site_ctx.site.slug, workshop_id=workshop.id
            )
    return render(request, "workshops/edit.jinja", {"workshop": workshop, "form": form})


@site_view(roles=ALL_ROLES)
def workshop_detail(request, workshop_id):
    workshop = _workshop(request, workshop_id)
    question_list = presenters.questions(workshop=workshop)
    join_url = _join_url(request, workshop)
    return render(
        request,
        "workshops/detail.jinja",
        {
            "workshop": workshop,
            "can_run": request.site_ctx.has_role(*RUNNERS),
            "can_export": request.site_ctx.has_role(*EXPORTERS),
            "join_url": join_url,
            "qr_svg": segno.make(join_url, error="m").svg_inline(scale=5, dark="#212b32"),
            "participation": presenters.participation(
                workshop=workshop, question_list=question_list
            ),
            "tables": selectors.workshop_tables(workshop=workshop),
            "questions": len(question_list),
            "csv_tables": exports.tables_for(workshop),
            "pending_comments": selectors.comments_for_review(workshop=workshop)
            .filter(review=ChecklistAnswer.Review.PENDING)
            .count(),
        },
    )


@site_view(roles=RUNNERS)
@require_POST
def workshop_status(request, workshop_id):
    workshop = _workshop(request, workshop_id)
    action = request.POST.get("action")
    try:
        if action == "open":
            services.workshop_open(workshop=workshop)
            messages.success(request, "The workshop is open. Show the code to the room.")
        elif action == "close":
            services.workshop_close(workshop=workshop)
            messages.success(request, "The workshop is closed and its results are kept.")
        elif action in ("reveal", "hide"):
            services.workshop_reveal(workshop=workshop, revealed=action == "reveal")
            messages.success(
                request,
                "Results are shown to the room."
                if action == "reveal"
                else "Results are hidden from the room.",
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    # The projector's own reveal key comes back to the projector, not the workshop page.
    target = (
        "workshops:projector" if request.POST.get("next") == "projector" else "workshops:detail"
    )
    return redirect(target, site_slug=request.site_ctx.site.slug, workshop_id=workshop.id)


def _projector_context(request, workshop):
    question_list = presenters.questions(workshop=workshop)
    join_url = _join_url(request, workshop)
    context = {
        "workshop": workshop,
        "join_url": join_url,
        "join_address": join_url.rsplit("/", 1)[0],
        "qr_svg": segno.make(join_url, error="m").svg_inline(scale=10, dark="#000000"),
        "participation": presenters.participation(workshop=workshop, question_list=question_list),
    }
    if workshop.results_revealed:
        context["assessment"] = presenters.assessment_results(workshop=workshop)
        context["checklist"] = presenters.checklist_results(workshop=workshop)
        if context["checklist"]:
            context["checklist"]["chart"] = presenters.for_projector(context["checklist"]["chart"])
    context["sections"] = presenters.projector_sections(
        workshop=workshop,
        assessment=context.get("assessment"),
        checklist=context.get("checklist"),
    )
    return context


@site_view(roles=RUNNERS)
def projector(request, workshop_id):
    workshop = _workshop(request, workshop_id)
    return render(request, "workshops/projector.jinja", _projector_context(request, workshop))


@site_view(roles=RUNNERS)
def projector_live(request, workshop_id):
    workshop = _workshop(request, workshop_id)
    return render(
        request, "workshops/partials/projector_live.jinja", _projector_context(request, workshop)
    )


@site_view(roles=ALL_ROLES)
def workshop_results(request, workshop_id):
    workshop = _workshop(request, workshop_id)
    site = request.site_ctx.site
    return render(
        request,
        "workshops/results.jinja",
        {
            "workshop": workshop,
            "assessment": presenters.assessment_results(workshop=workshop),
            "checklist": presenters.checklist_results(workshop=workshop),
            # What the latest activity extract says about the matching actions.
            "evidence": {
                **extract_presenters.checklist_evidence(
                    analysis=extract_selectors.latest_analysis(site=site),
                    figures=extract_presenters.figures_for(site_ctx=request.site_ctx),
                ),
                **_workforce_evidence(site),
            },
        },
    )


def _workforce_evidence(site) -> dict[str, str]:
    document = map_selectors.map_document(site=site)
    if document is None:
        return {}
    return map_presenters.checklist_evidence(map_selectors.site_map(site=site), document.workforce)


@site_view(roles=RUNNERS)
@require_http_methods(["GET", "POST"])
def comments(request, workshop_id):
    workshop = _workshop(request, workshop_id)
    if request.method == "POST":
        answer = selectors.comment_for_review(
            workshop=workshop, answer_id=uuid_or_400(request.POST.get("answer"), what="comment")
        )
        try:
            services.comment_review(
                answer=answer, review=request.POST.get("review", ""), reviewed_by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        url = reverse(
            "workshops:comments",
            kwargs={"site_slug": request.site_ctx.site.slug, "workshop_id": workshop.id},
        )
        return redirect(f"{url}#comment-{answer.id}")
    actions = {a.id: f"{a.number}. {a.text}" for a in selectors.workshop_actions(workshop=workshop)}
    return render(
        request,
        "workshops/comments.jinja",
        {
            "workshop": workshop,
            "comments": [
                (actions.get(c.action, c.action), c)
                for c in selectors.comments_for_review(workshop=workshop)
            ],
        },
    )


@site_view(roles=RUNNERS)
@require_http_methods(["GET", "POST"])
def paper(request, workshop_id):
    workshop = _workshop(request, workshop_id)
    question_list = presenters.questions(workshop=workshop)
    join_form = forms.JoinForm(
        request.POST or None,
        local_areas=site_local_areas(site=request.site_ctx.site),
        tables=selectors.workshop_tables(workshop=workshop),
    )
    if request.method == "POST" and join_form.is_valid():
        scores, statuses, comments_by_action, problems = forms.paper_answers(
            request.POST, question_list
        )
        if problems:
            for problem in problems:
                join_form.add_error(None, problem)
        else:
            try:
                services.paper_form_save(
                    workshop=workshop,
                    keyed_in_by=request.user,
                    local_area=join_form.cleaned_data["local_area"],
                    sector=join_form.cleaned_data["sector"],
                    table=join_form.cleaned_data.get("table"),
                    name=join_form.cleaned_data["name"],
                    scores=scores,
                    statuses=statuses,
                    comments=comments_by_action,
                )
            except ValidationError as error:
                join_form.add_error(None, error)
            else:
                messages.success(
                    request, f"The paper form is saved with {len(scores) + len(statuses)} answers."
                )
                return redirect(
                    "workshops:paper", site_slug=request.site_ctx.site.slug, workshop_id=workshop.id
                )
    return render(
        request,
        "workshops/paper.jinja",
        {
            "workshop": workshop,
            "form": join_form,
            "questions": question_list,
            "statuses": forms.paper_statuses(),
            "posted": request.POST,
        },
    )


@site_view(roles=EXPORTERS)
def export(request, workshop_id, file_format: str):
    workshop = _workshop(request, workshop_id)
    name = slugify(workshop.title) or "workshop"
    if file_format == "xlsx":
        body = exports.workshop_xlsx(workshop=workshop)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        filename = f"{name}.xlsx"
    elif file_format == "csv":
        # ?table=assessment|assessment-summary|checklist|checklist-summary|comments
        # (?instrument= is the older name of the same parameter).
        key = request.GET.get("table") or request.GET.get("instrument") or "assessment"
        table = exports.table_for(workshop, key)
        if table is None:
            raise Http404("This workshop has no such table")
        body = exports.workshop_csv(workshop=workshop, table=table)
        content_type = "text/csv; charset=utf-8"
        filename = f"{name}-{table.key}.csv"
    else:
        raise Http404("Exports are Excel (.xlsx) or CSV (.csv)")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
