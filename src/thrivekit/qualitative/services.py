"""Writes for qualitative feedback. Every function is atomic and takes keyword arguments."""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thrivekit.qualitative.models import (
    ASK_GROUP,
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
    new_survey_code,
)
from thrivekit.sites.selectors import site_local_areas

if TYPE_CHECKING:
    from thrivekit.feedback.surveys import ColumnMapping, SurveyShape

# thrivekit.feedback is imported where it is used: its modules load scikit-learn, which the
# pages that only count responses should not pay for.


class SurveyClosed(Exception):
    """The survey has closed: it takes no more answers."""


class ThemingBlocked(Exception):
    """Safeguarding flags are waiting for the site lead: no theming until they are seen."""


# --- Settings -------------------------------------------------------------------------------


@transaction.atomic
def feedback_settings_update(*, site, safeguarding_contact: str) -> FeedbackSettings:
    settings, _ = FeedbackSettings.objects.get_or_create(site=site)
    settings.safeguarding_contact = safeguarding_contact.strip()
    settings.save()
    return settings


# --- Respondent groups ----------------------------------------------------------------------

_GROUP_WORDS = (
    (Group.YOUNG_PERSON, ("young", "child", "pupil", "student", "teen", "yp", "under 18")),
    (Group.PARENT_CARER, ("parent", "carer", "guardian", "family", "mum", "dad", "foster")),
    (Group.STAFF, ("staff", "professional", "practitioner", "teacher", "worker", "clinician")),
    (Group.PUBLIC, ("public", "resident", "community", "member of")),
)


def group_from_text(value: str | None) -> str:
    """A survey's respondent-group answer as one of our groups ("" when it is not clear)."""
    text = (value or "").strip().lower()
    if not text:
        return Group.UNKNOWN
    for group, label in Group.choices:
        if text in (group, label.lower()):
            return group
    for group, words in _GROUP_WORDS:
        if any(re.search(rf"\b{re.escape(word)}", text) for word in words):
            return group
    return Group.UNKNOWN


# --- Collecting -----------------------------------------------------------------------------


@transaction.atomic
def response_add(*, site, source: Source, respondent: str, question: str, text: str, **fields):
    """One answer stored redacted, the original kept for review, safeguarding flags raised."""
    from thrivekit.feedback.protect import safeguarding_flags, text_protect

    protected = text_protect(text)
    response = Response.objects.create(
        site=site,
        source=source,
        respondent=respondent[:100],
        question=question[:300],
        text=protected.text,
        removed=list(protected.removed),
        original=text if protected.text != text else "",
        **fields,
    )
    for flag in safeguarding_flags(text):
        Flag.objects.create(
            site=site,
            response=response,
            category=flag.category,
            # The phrase is shown to the site lead; it is cut from the redacted text if it can be.
            phrase=text_protect(flag.phrase).text[:200],
        )
    return response


@transaction.atomic
def upload_hold(*, site, file_name: str, data: bytes, uploaded_by=None) -> PendingUpload:
    # One waiting upload per person: an abandoned one is replaced, not kept.
    PendingUpload.objects.for_site(site).filter(uploaded_by=uploaded_by).delete()
    return PendingUpload.objects.create(
        site=site, file_name=file_name[:200], data=data, uploaded_by=uploaded_by
    )


def columns_key(shape: SurveyShape) -> str:
    keys = "\x1f".join(column.key for column in shape.columns)
    return hashlib.sha256(keys.encode()).hexdigest()


def mapping_as_json(mapping: ColumnMapping) -> dict:
    data = asdict(mapping)
    data["text"] = list(mapping.text)
    return data


def mapping_from_json(data: dict) -> ColumnMapping:
    from thrivekit.feedback.surveys import ColumnMapping

    return ColumnMapping(
        id=data.get("id"),
        time=data.get("time"),
        group=data.get("group"),
        area=data.get("area"),
        text=tuple(data.get("text") or ()),
    )


@transaction.atomic
def mapping_save(*, site, shape: SurveyShape, mapping: ColumnMapping) -> SavedMapping:
    saved, _ = SavedMapping.objects.update_or_create(
        site=site,
        platform=shape.platform,
        columns_key=columns_key(shape),
        defaults={"mapping": mapping_as_json(mapping)},
    )
    return saved


@transaction.atomic
def survey_import(
    *, site, upload: PendingUpload, shape: SurveyShape, mapping: ColumnMapping, name: str, user
) -> Source:
    """Every response of the file, or none: raises SurveyError listing every row's problem."""
    from thrivekit.feedback.surveys import survey_read

    if not mapping.text:
        raise ValidationError("Choose at least one free-text question.")
    read = survey_read(bytes(upload.data), filename=upload.file_name, mapping=mapping)
    labels = {column.key: column.label for column in shape.columns}
    source = Source.objects.create(
        site=site,
        kind=Source.Kind.SURVEY,
        name=name.strip()[:200] or upload.file_name[:200],
        platform=shape.platform,
        added_by=user,
    )
    for survey_response in read:
        for answer in survey_response.answers:
            response_add(
                site=site,
                source=source,
                respondent=survey_response.id,
                question=labels.get(answer.question, answer.question),
                text=answer.text,
                submitted=(survey_response.submitted or "")[:40],
                group=group_from_text(survey_response.group),
                area=(survey_response.area or "").strip()[:120],
            )
    mapping_save(site=site, shape=shape, mapping=mapping)
    upload.delete()
    return source


def _passages(text: str) -> list[str]:
    """Notes split at blank lines: each passage is coded and themed on its own."""
    return [" ".join(part.split()) for part in re.split(r"\n\s*\n", text) if part.strip()]


@transaction.atomic
def notes_add(*, site, title: str, text: str, group: str, area: str, user) -> Source:
    passages = _passages(text)
    if not passages:
        raise ValidationError("Type or paste the notes.")
    source = Source.objects.create(
        site=site, kind=Source.Kind.NOTES, name=title.strip()[:200], added_by=user
    )
    for number, passage in enumerate(passages, start=1):
        response_add(
            site=site,
            source=source,
            respondent=f"{number}",
            question="",
            text=passage,
            group=group,
            area=area,
        )
    return source


# --- thrivekit's own short surveys ---------------------------------------------------------

MAX_QUESTIONS = 5
SURVEY_GROUPS = frozenset({*(g for g, _ in Group.choices if g), ASK_GROUP})


def _one_line(text: str, limit: int) -> str:
    return " ".join((text or "").split())[:limit]


def _unused_survey_code() -> str:
    for _ in range(50):
        code = new_survey_code()
        if not OwnSurvey.objects.filter(code=code).exists():
            return code
    raise RuntimeError("Could not find an unused survey code")  # pragma: no cover


@transaction.atomic
def survey_create(
    *,
    site,
    title: str,
    intro: str,
    questions: list[str],
    group: str,
    ask_area: bool,
    is_open: bool,
    user,
) -> OwnSurvey:
    """A short survey with its own source (named after it) and a public code."""
    title = _one_line(title, 200)
    if not title:
        raise ValidationError("Give the survey a title.")
    asked = [_one_line(q, 300) for q in questions if q and q.strip()]
    if not 1 <= len(asked) <= MAX_QUESTIONS:
        raise ValidationError(f"Ask between 1 and {MAX_QUESTIONS} questions.")
    if group not in SURVEY_GROUPS:
        raise ValidationError("Choose who the survey is for.")
    source = Source.objects.create(
        site=site, kind=Source.Kind.SURVEY, name=title, platform="thrivekit", added_by=user
    )
    return OwnSurvey.objects.create(
        site=site,
        title=title,
        intro=(intro or "").strip(),
        questions=asked,
        group=group,
        ask_area=bool(ask_area) and site_local_areas(site=site).exists(),
        status=OwnSurvey.Status.OPEN if is_open else OwnSurvey.Status.CLOSED,
        code=_unused_survey_code(),
        source=source,
        created_by=user,
    )


@transaction.atomic
def survey_status_set(*, survey: OwnSurvey, is_open: bool) -> OwnSurvey:
    survey.status = OwnSurvey.Status.OPEN if is_open else OwnSurvey.Status.CLOSED
    survey.save(update_fields=["status", "updated_at"])
    return survey


@transaction.atomic
def survey_answer(
    *, survey: OwnSurvey, answers: list[str], group: str = "", area: str = ""
) -> list[Response]:
    """One person's answers: each one they wrote becomes a response of the survey's source.

    Every answer goes through `response_add`, so it is stored redacted and raises safeguarding
    flags. Raises SurveyClosed if the survey has closed, and ValidationError if nothing is
    written. The group and area are kept only if the survey asks them and they are real ones.
    """
    # Locked, so two people answering at once get different respondent numbers.
    survey = (
        OwnSurvey.objects.select_for_update().select_related("site", "source").get(pk=survey.pk)
    )
    if not survey.is_open:
        raise SurveyClosed(survey.title)
    written = [
        (question, (answer or "").strip())
        for question, answer in zip(survey.questions, answers, strict=False)
        if answer and answer.strip()
    ]
    if not written:
        raise ValidationError("Write an answer to at least one question.")
    if survey.group != ASK_GROUP:
        group = survey.group
    elif group not in SURVEY_GROUPS - {ASK_GROUP}:
        group = Group.UNKNOWN
    areas = {a.name for a in site_local_areas(site=survey.site)} if survey.ask_area else set()
    area = area if area in areas else ""
    people = survey.source.responses.values("respondent").distinct().count()
    # The day only: the time of day could help tell who answered.
    submitted = timezone.localdate().isoformat()
    return [
        response_add(
            site=survey.site,
            source=survey.source,
            respondent=str(people + 1),
            question=question,
            text=answer,
            submitted=submitted,
            group=group,
            area=area,
        )
        for question, answer in written
    ]


# --- Protecting -----------------------------------------------------------------------------


@transaction.atomic
def response_review(*, response: Response, user, text: str | None = None) -> Response:
    """The analyst has checked the redaction: the original is deleted, quotes may be shown.

    The analyst may correct the redacted text first (e.g. a name the redaction missed); it is
    protected again, and codings past the new end are dropped.
    """
    from thrivekit.feedback.protect import text_protect

    if text is not None and text.strip() and text.strip() != response.text:
        protected = text_protect(text.strip())
        response.text = protected.text
        response.removed = sorted(set(response.removed) | set(protected.removed))
        response.codings.filter(end__gt=len(response.text)).delete()
    response.original = ""
    response.reviewed_at = timezone.now()
    response.reviewed_by = user
    response.save()
    return response


@transaction.atomic
def flag_acknowledge(*, flag: Flag, user, action: str = "") -> Flag:
    flag.acknowledged_at = timezone.now()
    flag.acknowledged_by = user
    flag.action = action.strip()
    flag.save()
    return flag


# --- Coding ---------------------------------------------------------------------------------


def _clean_name(name: str) -> str:
    name = " ".join(name.split())[:120]
    if not name:
        raise ValidationError("Give the code a name.")
    return name


@transaction.atomic
def code_add(*, site, name: str, description: str = "", parent: Code | None = None) -> Code:
    name = _clean_name(name)
    existing = Code.objects.for_site(site).filter(name__iexact=name).first()
    if existing is not None:
        return existing
    return Code.objects.create(site=site, name=name, description=description.strip(), parent=parent)


@transaction.atomic
def code_update(*, code: Code, name: str, description: str = "", memo: str = "") -> Code:
    name = _clean_name(name)
    clash = Code.objects.for_site(code.site).filter(name__iexact=name).exclude(pk=code.pk)
    if clash.exists():
        raise ValidationError(f"There is already a code called {name}: merge them instead.")
    code.name, code.description, code.memo = name, description.strip(), memo.strip()
    code.save()
    return code


@transaction.atomic
def code_merge(*, source: Code, into: Code) -> Code:
    """Every coding of `source` moves to `into`; `source` is removed. Duplicates are dropped."""
    if source.site_id != into.site_id or source.pk == into.pk:
        raise ValidationError("Choose two different codes.")
    for coding in source.codings.all():
        duplicate = Coding.objects.filter(
            response=coding.response, code=into, start=coding.start, end=coding.end
        ).exists()
        if duplicate:
            coding.delete()
        else:
            coding.code = into
            coding.save()
    Code.objects.filter(parent=source).update(parent=into)
    if source.memo:
        into.memo = "\n\n".join(part for part in (into.memo, source.memo) if part)
        into.save()
    source.delete()
    return into


@transaction.atomic
def coding_add(*, response: Response, code: Code, start: int, end: int) -> Coding:
    if code.site_id != response.site_id:
        raise ValidationError("Choose one of this site's codes.")
    if not 0 <= start < end <= len(response.text):
        raise ValidationError(
            f"Choose a part of the text: start and end between 0 and {len(response.text)}, "
            "start before end."
        )
    coding, _ = Coding.objects.get_or_create(
        site=response.site, response=response, code=code, start=start, end=end
    )
    return coding


@transaction.atomic
def coding_remove(*, coding: Coding) -> None:
    coding.delete()


@transaction.atomic
def response_memo_save(*, response: Response, memo: str) -> Response:
    response.memo = memo.strip()
    response.save(update_fields=["memo", "updated_at"])
    return response


@transaction.atomic
def codebook_import(*, site, text: str) -> list[Code]:
    from thrivekit.feedback.codebook import codebook_from_csv

    entries = codebook_from_csv(text)
    codes = {
        entry.name: code_add(site=site, name=entry.name, description=entry.description)
        for entry in entries
    }
    for entry in entries:
        if entry.parent and entry.parent in codes:
            code = codes[entry.name]
            code.parent = codes[entry.parent]
            code.save()
    return list(codes.values())


def codebook_csv(*, site) -> str:
    from thrivekit.feedback.codebook import CodebookEntry, codebook_to_csv

    return codebook_to_csv(
        [
            CodebookEntry(
                name=code.name,
                description=code.description,
                parent=code.parent.name if code.parent else None,
            )
            for code in Code.objects.for_site(site).select_related("parent")
        ]
    )


# --- REFI-QDA -------------------------------------------------------------------------------


def qdpx_for_site(*, site, reviewed_only: bool = True) -> bytes:
    """The site's sources, codes and codings as a .qdpx project. Unreviewed text stays home."""
    from thrivekit.feedback.qdpx import QdaCode, QdaCoding, QdaProject, QdaSource, qdpx_export

    responses = Response.objects.for_site(site).select_related("source")
    if reviewed_only:
        responses = responses.filter(reviewed_at__isnull=False)
    codes = list(Code.objects.for_site(site))
    sources, codings = [], []
    for response in responses:
        name = f"{response.source.name} – {response.respondent}"
        if response.question:
            name += f" – {response.question}"
        sources.append(QdaSource(guid=str(response.id), name=name[:250], text=response.text))
        codings += [
            QdaCoding(source=str(response.id), start=c.start, end=c.end, code=str(c.code_id))
            for c in response.codings.all()
        ]
    project = QdaProject(
        name=f"{site.name} feedback",
        codes=tuple(
            QdaCode(
                guid=str(code.id),
                name=code.name,
                description=code.description,
                parent=str(code.parent_id) if code.parent_id else None,
            )
            for code in codes
        ),
        sources=tuple(sources),
        codings=tuple(codings),
    )
    return qdpx_export(project)


@transaction.atomic
def qdpx_import_for_site(*, site, data: bytes, user) -> Source:
    """A project from another tool: its texts become responses (protected), with their codings."""
    from thrivekit.feedback.qdpx import qdpx_import

    project = qdpx_import(data)
    source = Source.objects.create(
        site=site,
        kind=Source.Kind.QDA,
        name=project.name[:200] or "Imported project",
        added_by=user,
    )
    codes = {}
    for qda_code in project.codes:
        codes[qda_code.guid] = code_add(
            site=site, name=qda_code.name, description=qda_code.description
        )
    for qda_code in project.codes:
        if qda_code.parent in codes:
            codes[qda_code.guid].parent = codes[qda_code.parent]
            codes[qda_code.guid].save()
    responses = {}
    for qda_source in project.sources:
        response = response_add(
            site=site,
            source=source,
            respondent=qda_source.name[:100],
            question="",
            text=qda_source.text,
        )
        responses[qda_source.guid] = response
    for qda_coding in project.codings:
        response = responses.get(qda_coding.source)
        code = codes.get(qda_coding.code)
        # Redaction may have shortened the text: a span is kept only where it is unchanged.
        if response is None or code is None or response.original:
            continue
        if 0 <= qda_coding.start < qda_coding.end <= len(response.text):
            coding_add(response=response, code=code, start=qda_coding.start, end=qda_coding.end)
    return source


# --- Themes ---------------------------------------------------------------------------------


def open_flags(site):
    return Flag.objects.for_site(site).filter(acknowledged_at__isnull=True)


@transaction.atomic
def themes_suggest_for_site(*, site, max_themes: int | None = None) -> list[Theme]:
    """New suggestions replace the old ones; approved themes are kept as they are."""
    from thrivekit.feedback.themes import themes_suggest

    if open_flags(site).exists():
        raise ThemingBlocked(
            "Safeguarding flags are waiting for the site lead: themes can be suggested once "
            "every flag is acknowledged."
        )
    responses = {str(r.id): r for r in Response.objects.for_site(site)}
    if not responses:
        raise ValidationError("There are no responses to theme yet.")
    Theme.objects.for_site(site).filter(status=Theme.Status.SUGGESTED).delete()
    suggested = themes_suggest({key: r.text for key, r in responses.items()}, max_themes=max_themes)
    themes = []
    for found in suggested:
        theme = Theme.objects.create(
            site=site, label=found.label[:200], keywords=list(found.keywords)
        )
        theme.responses.set([responses[key] for key in found.response_ids if key in responses])
        themes.append(theme)
    return themes


@transaction.atomic
def theme_update(
    *,
    theme: Theme,
    label: str,
    principles: list[str] | None = None,
    actions: list[str] | None = None,
) -> Theme:
    label = " ".join(label.split())[:200]
    if not label:
        raise ValidationError("Give the theme a name.")
    theme.label = label
    if principles is not None:
        theme.principles = list(principles)
    if actions is not None:
        theme.actions = list(actions)
    theme.save()
    return theme


@transaction.atomic
def theme_approve(*, theme: Theme, user) -> Theme:
    if open_flags(theme.site).exists():
        raise ThemingBlocked("Safeguarding flags are waiting for the site lead.")
    theme.status = Theme.Status.APPROVED
    theme.approved_at = timezone.now()
    theme.approved_by = user
    theme.save()
    return theme


@transaction.atomic
def theme_unapprove(*, theme: Theme) -> Theme:
    theme.status = Theme.Status.SUGGESTED
    theme.approved_at, theme.approved_by = None, None
    theme.save()
    return theme


@transaction.atomic
def theme_merge(*, themes: list[Theme], label: str | None = None) -> Theme:
    if len(themes) < 2 or len({t.site_id for t in themes}) != 1:
        raise ValidationError("Choose two or more themes to merge.")
    into, rest = themes[0], themes[1:]
    for other in rest:
        into.responses.add(*other.responses.all())
        into.keywords = list(dict.fromkeys([*into.keywords, *other.keywords]))
        into.principles = list(dict.fromkeys([*into.principles, *other.principles]))
        into.actions = list(dict.fromkeys([*into.actions, *other.actions]))
        other.delete()
    if label and label.strip():
        into.label = " ".join(label.split())[:200]
    into.save()
    return into


@transaction.atomic
def theme_split(*, theme: Theme, response_ids: list, label: str) -> Theme:
    """The chosen responses leave `theme` for a new suggested theme called `label`."""
    label = " ".join(label.split())[:200]
    if not label:
        raise ValidationError("Give the new theme a name.")
    moving = list(theme.responses.filter(id__in=response_ids))
    if not moving or len(moving) == theme.responses.count():
        raise ValidationError("Choose some, but not all, of the theme's responses to move.")
    new = Theme.objects.create(site=theme.site, label=label, principles=theme.principles)
    new.responses.set(moving)
    theme.responses.remove(*moving)
    return new


@transaction.atomic
def theme_remove(*, theme: Theme) -> None:
    theme.delete()
