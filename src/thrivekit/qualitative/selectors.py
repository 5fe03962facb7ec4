"""Reads for qualitative feedback: always through one site, 404 for another site's rows."""

from __future__ import annotations

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404

from thrivekit.disclosure import DisclosurePolicy, safe_count
from thrivekit.qualitative.models import (
    Code,
    Coding,
    FeedbackSettings,
    Flag,
    Group,
    OwnSurvey,
    PendingUpload,
    Response,
    SavedMapping,
    Source,
    Theme,
)


def policy_for(site) -> DisclosurePolicy:
    return DisclosurePolicy(threshold=site.disclosure_threshold)


# --- Counts for other pages ----------------------------------------------------------------


def responses_count(site) -> int:
    """How many responses (free-text answers and passages of notes) the site holds."""
    return Response.objects.for_site(site).count()


def themes_approved_count(site) -> int:
    return Theme.objects.for_site(site).filter(status=Theme.Status.APPROVED).count()


def approved_themes_for_site(site) -> list[dict]:
    """Approved themes as evidence for the gap analysis, safe to show to anyone at the site.

    Each is {"source", "text", "theme_id", "principles", "actions", "quotes"}: "source" and
    "text" are what Priority.evidence holds; the size is published through the disclosure
    rules and the quotes come from reviewed responses only.
    """
    policy = policy_for(site)
    result = []
    themes = (
        Theme.objects.for_site(site)
        .filter(status=Theme.Status.APPROVED)
        .prefetch_related("responses")
        .order_by("label")
    )
    for theme in themes:
        responses = list(theme.responses.all())
        size = safe_count(len(responses), policy=policy)
        quotes = [r.text for r in responses if r.reviewed][:3]
        result.append(
            {
                "source": "Qualitative feedback",
                "text": f"{theme.label} ({size} responses)",
                "theme_id": str(theme.id),
                "principles": list(theme.principles),
                "actions": list(theme.actions),
                "quotes": quotes,
            }
        )
    return result


# --- Single rows ----------------------------------------------------------------------------


def feedback_settings(site) -> FeedbackSettings | None:
    return FeedbackSettings.objects.for_site(site).first()


def safeguarding_contact(site) -> str:
    settings = feedback_settings(site)
    return settings.safeguarding_contact if settings else ""


def response_for_site(*, site, response_id, reviewed_only: bool = False) -> Response:
    responses = Response.objects.for_site(site).select_related("source")
    if reviewed_only:
        responses = responses.filter(reviewed_at__isnull=False)
    return get_object_or_404(responses, pk=response_id)


def code_for_site(*, site, code_id) -> Code:
    return get_object_or_404(Code.objects.for_site(site), pk=code_id)


def coding_for_site(*, site, coding_id) -> Coding:
    return get_object_or_404(Coding.objects.for_site(site), pk=coding_id)


def flag_for_site(*, site, flag_id) -> Flag:
    return get_object_or_404(Flag.objects.for_site(site), pk=flag_id)


def theme_for_site(*, site, theme_id) -> Theme:
    return get_object_or_404(Theme.objects.for_site(site), pk=theme_id)


def pending_upload(*, site, upload_id, user) -> PendingUpload:
    return get_object_or_404(PendingUpload.objects.for_site(site), pk=upload_id, uploaded_by=user)


def saved_mapping(*, site, platform: str, columns_key: str) -> SavedMapping | None:
    return (
        SavedMapping.objects.for_site(site)
        .filter(platform=platform, columns_key=columns_key)
        .first()
    )


# --- Lists ----------------------------------------------------------------------------------


def responses_for_site(*, site, reviewed_only: bool = False, group: str = "", area: str = ""):
    responses = Response.objects.for_site(site).select_related("source")
    if reviewed_only:
        responses = responses.filter(reviewed_at__isnull=False)
    if group:
        responses = responses.filter(group=group)
    if area:
        responses = responses.filter(area=area)
    return responses.annotate(coding_count=Count("codings"))


def sources_for_site(site):
    return Source.objects.for_site(site).annotate(response_count=Count("responses"))


def unreviewed_count(site) -> int:
    return Response.objects.for_site(site).filter(reviewed_at__isnull=True).count()


def flags_for_site(site):
    return (
        Flag.objects.for_site(site)
        .select_related("response", "response__source", "acknowledged_by")
        .order_by("acknowledged_at", "created_at")
    )


def open_flags_count(site) -> int:
    return Flag.objects.for_site(site).filter(acknowledged_at__isnull=True).count()


def codes_for_site(site):
    return (
        Code.objects.for_site(site).select_related("parent").annotate(coding_count=Count("codings"))
    )


def codings_for_code(*, code, reviewed_only: bool):
    codings = code.codings.select_related("response")
    if reviewed_only:
        codings = codings.filter(response__reviewed_at__isnull=False)
    return codings


def themes_for_site(site):
    return Theme.objects.for_site(site).prefetch_related(
        Prefetch("responses", queryset=Response.objects.order_by("created_at"))
    )


def areas_in_use(site) -> list[str]:
    return sorted(
        a
        # order_by() first: the model's default ordering would make every row distinct.
        for a in Response.objects.for_site(site)
        .order_by()
        .values_list("area", flat=True)
        .distinct()
        if a
    )


def respondents_by_group_and_area(site) -> dict[tuple[str, str], int]:
    """Distinct respondents (a survey row, or an event's passages as one group) per cell."""
    seen: dict[tuple[str, str], set] = {}
    rows = Response.objects.for_site(site).values_list("group", "area", "source_id", "respondent")
    for group, area, source_id, respondent in rows:
        seen.setdefault((group, area), set()).add((source_id, respondent))
    return {key: len(value) for key, value in seen.items()}


def group_sizes(site) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for (group, _area), n in respondents_by_group_and_area(site).items():
        sizes[group] = sizes.get(group, 0) + n
    return sizes


def groups_broken_out(site) -> list[str]:
    """The respondent groups large enough to be shown on their own (above the threshold)."""
    sizes = group_sizes(site)
    return [g for g, _label in Group.choices if g and sizes.get(g, 0) > site.disclosure_threshold]


# --- thrivekit's own short surveys ---------------------------------------------------------


def own_surveys_for_site(site):
    return OwnSurvey.objects.for_site(site)


def own_survey_for_site(*, site, survey_id) -> OwnSurvey:
    return get_object_or_404(
        OwnSurvey.objects.for_site(site).select_related("source"), pk=survey_id
    )


def _normalise_code(code: str) -> str:
    return (code or "").strip().upper().replace(" ", "")


def own_survey_by_code(*, code: str) -> OwnSurvey | None:
    """The survey (open or closed, of any site) with this public code: the code is the key."""
    return (
        OwnSurvey.objects.select_related("site", "source")
        .filter(code=_normalise_code(code))
        .first()
    )


def own_survey_people(survey: OwnSurvey) -> int:
    """How many people answered: each submission is one respondent of the survey's source."""
    return survey.source.responses.values("respondent").distinct().count()


def own_survey_answers(survey: OwnSurvey) -> int:
    return survey.source.responses.count()
