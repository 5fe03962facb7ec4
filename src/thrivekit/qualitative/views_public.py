"""The respondent's pages of thrivekit's own surveys: a public link, no account, a phone.

The survey's code is the key. A closed survey's code says so; any other code is a 404 and
counts as a wrong guess, like a workshop's. Nothing is stored about the person beyond what
they write and choose: no cookie but the CSRF one, and no time of day.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from thrivekit.qualitative import forms, selectors, services
from thrivekit.qualitative.models import ASK_GROUP
from thrivekit.qualitative.ratelimit import submission_counted, submissions_blocked
from thrivekit.sites.selectors import site_local_areas
from thrivekit.workshops.ratelimit import code_guessing_blocked, wrong_code


def _too_many(request):
    return render(request, "qualitative/say/too_many.jinja", status=429)


def _known_survey(code: str):
    """The survey with this code, open or closed, of any site: the code is the key."""
    return selectors.own_survey_by_code(code=code)


def _not_found(request):
    """A code no survey has: a wrong guess, counted; "too many attempts" once over the limit."""
    if code_guessing_blocked(request):
        return _too_many(request)
    wrong_code(request)
    raise Http404("No survey has this code")


def _closed(request, survey):
    return render(request, "qualitative/say/closed.jinja", {"survey": survey}, status=410)


def _answer_form(survey, data=None):
    areas = [a.name for a in site_local_areas(site=survey.site)] if survey.ask_area else []
    return forms.SurveyAnswerForm(
        data, questions=survey.questions, ask_group=survey.group == ASK_GROUP, areas=areas
    )


@require_http_methods(["GET", "POST"])
def survey(request, survey_code: str):
    found = _known_survey(survey_code)
    if found is None:
        return _not_found(request)
    if not found.is_open:
        return _closed(request, found)
    form = _answer_form(found, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if submissions_blocked(request):
            return _too_many(request)
        submission_counted(request)
        if form.is_valid():
            try:
                services.survey_answer(
                    survey=found,
                    answers=form.answers(),
                    group=form.chosen_group(),
                    area=form.chosen_area(),
                )
            except services.SurveyClosed:
                return _closed(request, found)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                return redirect("say:thanks", survey_code=found.code)
    return render(
        request,
        "qualitative/say/survey.jinja",
        {
            "survey": found,
            "form": form,
            "contact": selectors.safeguarding_contact(found.site),
        },
    )


def thanks(request, survey_code: str):
    found = _known_survey(survey_code)
    if found is None:
        return _not_found(request)
    return render(
        request,
        "qualitative/say/thanks.jinja",
        {"survey": found, "contact": selectors.safeguarding_contact(found.site)},
    )
