"""Participants' pages: join with a code on a phone, no account, answer item by item."""

from functools import wraps

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from thrivekit.sites.selectors import site_local_areas
from thrivekit.workshops import forms, presenters, selectors, services
from thrivekit.workshops.ratelimit import code_guessing_blocked, wrong_code

COOKIE_AGE = 3 * 24 * 60 * 60
COOKIE_PREFIX = "tk_participant_"


def _cookie_name(workshop) -> str:
    return f"{COOKIE_PREFIX}{workshop.id.hex}"


class _Stop(Exception):  # noqa: N818 - not an error: a page to show instead
    """Raised while finding the workshop, carrying the page to show instead."""

    def __init__(self, response):
        super().__init__()
        self.response = response


def _stops(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _Stop as stop:
            return stop.response

    return wrapper


def _workshop_or_404(request, code: str):
    """The open workshop with this code.

    A closed workshop's code gets a "this workshop has closed" page (its code stops working,
    but it is not a wrong guess); any other code counts as a wrong guess and is a 404, or
    "too many attempts" once the address has guessed too often.
    """
    workshop = selectors.open_workshop_by_code(code=code)
    if workshop is not None:
        return workshop
    closed = selectors.closed_workshop_by_code(code=code)
    if closed is not None:
        if request.htmx:
            raise _Stop(render(request, "workshops/partials/closed.jinja", {"workshop": closed}))
        raise _Stop(render(request, "workshops/closed.jinja", {"workshop": closed}, status=410))
    if code_guessing_blocked(request):
        raise _Stop(_too_many(request))
    wrong_code(request)
    raise Http404("This workshop code is not open")


def _workshop_and_participant(request, code: str):
    """The open workshop with this code, and who this phone is in it (None if nobody yet)."""
    tokens = [value for name, value in request.COOKIES.items() if name.startswith(COOKIE_PREFIX)]
    participant = selectors.open_workshop_participant(code=code, tokens=tokens)
    if participant is not None:
        return participant.workshop, participant
    return _workshop_or_404(request, code), None


def _too_many(request):
    return render(request, "workshops/join_too_many.jinja", status=429)


@require_http_methods(["GET", "POST"])
def enter(request):
    form = forms.JoinCodeForm(request.POST or None)
    if request.method == "POST":
        if code_guessing_blocked(request, code=request.POST.get("code", "")):
            return _too_many(request)
        if form.is_valid():
            code = form.cleaned_data["code"]
            if selectors.open_workshop_by_code(code=code):
                return redirect("participate:join", code=code)
            if selectors.closed_workshop_by_code(code=code):
                form.add_error("code", "This workshop has closed. Check the code on the screen.")
            else:
                wrong_code(request)
                form.add_error(
                    "code", "There is no open workshop with this code. Check the screen."
                )
    return render(request, "workshops/enter.jinja", {"form": form})


@require_http_methods(["GET", "POST"])
@_stops
def join(request, code: str):
    if code_guessing_blocked(request, code=code):
        return _too_many(request)
    workshop, participant = _workshop_and_participant(request, code)
    if participant is not None:
        return redirect("participate:progress", code=workshop.join_code)
    form = forms.JoinForm(
        request.POST or None,
        local_areas=site_local_areas(site=workshop.site),
        tables=selectors.workshop_tables(workshop=workshop),
    )
    if request.method == "POST":
        if form.is_valid():
            _, token = services.participant_join(
                workshop=workshop,
                local_area=form.cleaned_data["local_area"],
                sector=form.cleaned_data["sector"],
                table=form.cleaned_data.get("table"),
                name=form.cleaned_data["name"],
            )
            response = redirect("participate:question", code=workshop.join_code, number=1)
            response.set_cookie(
                _cookie_name(workshop),
                token,
                max_age=COOKIE_AGE,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
            return response
    return render(request, "workshops/join.jinja", {"workshop": workshop, "form": form})


def _question_form(workshop, question, data=None, initial=None):
    if question.kind == "assessment":
        return forms.AssessmentAnswerForm(data, item=question.subject, initial=initial)
    statuses = selectors.checklist_instrument(workshop=workshop).statuses
    return forms.ChecklistAnswerForm(
        data, action=question.subject, statuses=statuses, initial=initial
    )


def _answer_save(form, participant, question) -> bool:
    """Save a valid answer; False (with the reason on the form) if it cannot be saved."""
    try:
        if question.kind == "assessment":
            services.assessment_answer_save(
                participant=participant, item=question.id, score=form.cleaned_data["score"]
            )
        else:
            services.checklist_answer_save(
                participant=participant,
                action=question.id,
                status=form.cleaned_data["status"],
                comment=form.cleaned_data["comment"],
                tag=form.cleaned_data["tag"] or "",
            )
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


def _initial(question, scores, statuses):
    if question.kind == "assessment":
        if question.id not in scores:
            return None
        score = scores[question.id]
        return {"score": forms.DONT_KNOW if score is None else str(score)}
    answer = statuses.get(question.id)
    if answer is None:
        return None
    return {"status": answer.status, "comment": answer.comment, "tag": answer.tag}


@require_http_methods(["GET", "POST"])
@_stops
def question(request, code: str, number: int):
    workshop, participant = _workshop_and_participant(request, code)
    if participant is None:
        return redirect("participate:join", code=workshop.join_code)
    question_list = presenters.questions(workshop=workshop)
    if not 1 <= number <= len(question_list):
        raise Http404("No such question")
    current = question_list[number - 1]
    if request.method == "POST":
        form = _question_form(workshop, current, request.POST)
        if form.is_valid() and _answer_save(form, participant, current):
            if request.htmx:
                # Saved as it was given: tell the person, stay on the page, update the count.
                return render(
                    request,
                    "workshops/partials/saved.jinja",
                    {
                        "question": current,
                        "answered": selectors.participant_answer_count(participant=participant),
                        "total": len(question_list),
                    },
                )
            if number < len(question_list):
                if question_list[number].kind != current.kind:
                    # The THRIVE Assessment is done: a break before the checklist.
                    return redirect("participate:break", code=workshop.join_code)
                return redirect("participate:question", code=workshop.join_code, number=number + 1)
            return redirect("participate:progress", code=workshop.join_code)
        if request.htmx:
            # 200, not 422: htmx 2 does not swap error responses, and the person must see
            # that this answer was not saved (an earlier "Saved." would otherwise stay).
            return render(request, "workshops/partials/not_saved.jinja", {"form": form})
    scores, statuses = selectors.participant_answers(participant=participant)
    if request.method != "POST":
        form = _question_form(workshop, current, initial=_initial(current, scores, statuses))
    return render(
        request,
        "workshops/question.jinja",
        {
            "workshop": workshop,
            "question": current,
            "total": len(question_list),
            "form": form,
            "previous_url": reverse(
                "participate:question", kwargs={"code": workshop.join_code, "number": number - 1}
            )
            if number > 1
            else None,
            "answered": len(scores) + len(statuses),
        },
    )


@_stops
def instrument_break(request, code: str):
    """Between the two instruments: what was answered, and what comes next."""
    workshop, participant = _workshop_and_participant(request, code)
    if participant is None:
        return redirect("participate:join", code=workshop.join_code)
    question_list = presenters.questions(workshop=workshop)
    assessment = [q for q in question_list if q.kind == "assessment"]
    checklist = [q for q in question_list if q.kind == "checklist"]
    if not assessment or not checklist:
        return redirect("participate:progress", code=workshop.join_code)
    scores, _ = selectors.participant_answers(participant=participant)
    return render(
        request,
        "workshops/break.jinja",
        {
            "workshop": workshop,
            "assessment_answered": sum(1 for q in assessment if q.id in scores),
            "assessment_total": len(assessment),
            "checklist_total": len(checklist),
            "next_number": checklist[0].number,
        },
    )


@_stops
def progress(request, code: str):
    workshop, participant = _workshop_and_participant(request, code)
    if participant is None:
        return redirect("participate:join", code=workshop.join_code)
    scores, statuses = selectors.participant_answers(participant=participant)
    rows = [
        (q, q.id in scores or q.id in statuses) for q in presenters.questions(workshop=workshop)
    ]
    return render(
        request,
        "workshops/progress.jinja",
        {
            "workshop": workshop,
            "rows": rows,
            "answered": sum(1 for _, done in rows if done),
        },
    )


@_stops
def results(request, code: str):
    workshop, participant = _workshop_and_participant(request, code)
    if participant is None:
        return redirect("participate:join", code=workshop.join_code)
    if not workshop.results_revealed:
        return render(request, "workshops/results_hidden.jinja", {"workshop": workshop})
    return render(
        request,
        "workshops/participant_results.jinja",
        {
            "workshop": workshop,
            "assessment": presenters.assessment_results(workshop=workshop),
            "checklist": presenters.checklist_results(workshop=workshop),
        },
    )
