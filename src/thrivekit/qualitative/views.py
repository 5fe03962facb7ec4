"""Qualitative feedback pages. Thin: forms in, services to write, selectors and presenters out."""

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods, require_POST

from thrivekit.inputs import UPLOADS
from thrivekit.qualitative import forms, presenters, selectors, services
from thrivekit.qualitative.models import Group, OwnSurvey, Theme
from thrivekit.sites.context import ALL_ROLES, site_view
from thrivekit.sites.models import Role
from thrivekit.sites.selectors import site_local_areas

ANALYSTS = frozenset({Role.ANALYST})
LEADS = frozenset({Role.SITE_LEAD})
IMPORTERS = frozenset({Role.SITE_LEAD, Role.ANALYST})
THEMERS = frozenset({Role.SITE_LEAD, Role.ANALYST})
CODERS = frozenset({Role.SITE_LEAD, Role.ANALYST, Role.CONTRIBUTOR})
NOTE_TAKERS = frozenset({Role.SITE_LEAD, Role.ANALYST, Role.CONTRIBUTOR, Role.FACILITATOR})
FLAG_READERS = frozenset({Role.SITE_LEAD, Role.ANALYST})


def _is_analyst(request) -> bool:
    return request.site_ctx.has_role(*ANALYSTS)


def _site(request):
    return request.site_ctx.site


def _to(request, name: str, **kwargs):
    return redirect(f"qualitative:{name}", site_slug=_site(request).slug, **kwargs)


def _add_errors(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


def _read_upload(form) -> tuple[str, bytes]:
    upload = form.cleaned_data["file"]
    return upload.name, upload.read(UPLOADS.max_bytes + 1)


def _too_big(form, data: bytes) -> bool:
    if len(data) > UPLOADS.max_bytes:
        form.add_error(
            "file", f"The file is too big: the limit is {UPLOADS.max_bytes // 2**20} MB."
        )
        return True
    return False


# --- Home -----------------------------------------------------------------------------------


@site_view(roles=ALL_ROLES)
def home(request):
    site = _site(request)
    analyst = _is_analyst(request)
    areas = selectors.areas_in_use(site)
    filter_form = forms.LensForm(
        request.GET or None,
        groups=[c for c in Group.choices if c[0]],
        areas=areas,
    )
    group = area = ""
    if filter_form.is_valid():
        group, area = filter_form.cleaned_data["group"], filter_form.cleaned_data["area"]
    small = group and group not in selectors.groups_broken_out(site) and not analyst
    responses = selectors.responses_for_site(
        site=site, reviewed_only=not analyst, group=group, area=area
    )
    return render(
        request,
        "qualitative/home.jinja",
        {
            "responses": [] if small else responses,
            "small_group": small,
            "filter_form": filter_form,
            "filtered": bool(group or area),
            "total": selectors.responses_count(site),
            "unreviewed": selectors.unreviewed_count(site),
            "open_flags": selectors.open_flags_count(site),
            "approved": selectors.themes_approved_count(site),
            "sources": selectors.sources_for_site(site),
            "own_surveys": selectors.own_surveys_for_site(site),
            "is_analyst": analyst,
            "can_import": request.site_ctx.has_role(*IMPORTERS),
            "can_add_notes": request.site_ctx.has_role(*NOTE_TAKERS),
            "can_code": request.site_ctx.has_role(*CODERS),
            "can_read_flags": request.site_ctx.has_role(*FLAG_READERS),
            "is_lead": request.site_ctx.is_lead,
            "group_label": presenters.group_labeller(site, analyst=analyst),
        },
    )


# --- Collecting -----------------------------------------------------------------------------


@site_view(roles=IMPORTERS)
@require_http_methods(["GET", "POST"])
def upload(request):
    from thrivekit.feedback.surveys import SurveyError, survey_sniff

    form = forms.UploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        name, data = _read_upload(form)
        if not _too_big(form, data):
            try:
                survey_sniff(data, filename=name)
            except SurveyError as error:
                problems = error.problems
            except ValueError as error:
                form.add_error("file", str(error))
            else:
                held = services.upload_hold(
                    site=_site(request), file_name=name, data=data, uploaded_by=request.user
                )
                return _to(request, "mapping", upload_id=held.id)
    return render(request, "qualitative/upload.jinja", {"form": form, "row_errors": problems})


@site_view(roles=IMPORTERS)
@require_http_methods(["GET", "POST"])
def mapping(request, upload_id):
    from thrivekit.feedback.surveys import ColumnMapping, SurveyError, survey_sniff

    site = _site(request)
    held = selectors.pending_upload(site=site, upload_id=upload_id, user=request.user)
    shape = survey_sniff(bytes(held.data), filename=held.file_name)
    saved = selectors.saved_mapping(
        site=site, platform=shape.platform, columns_key=services.columns_key(shape)
    )
    start = services.mapping_from_json(saved.mapping) if saved else shape.suggested
    initial = {
        "name": held.file_name.rsplit(".", 1)[0],
        "id": start.id or "",
        "time": start.time or "",
        "group": start.group or "",
        "area": start.area or "",
        "text": list(start.text),
    }
    form = forms.MappingForm(request.POST or None, shape=shape, initial=initial)
    problems = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = ColumnMapping(
            id=data["id"] or None,
            time=data["time"] or None,
            group=data["group"] or None,
            area=data["area"] or None,
            text=tuple(data["text"]),
        )
        try:
            source = services.survey_import(
                site=site,
                upload=held,
                shape=shape,
                mapping=chosen,
                name=data["name"],
                user=request.user,
            )
        except SurveyError as error:
            problems = error.problems
        except ValidationError as error:
            _add_errors(form, error)
        else:
            count = source.responses.count()
            messages.success(
                request,
                f"{source.name}: {count} {'answer is' if count == 1 else 'answers are'} imported. "
                "Names and contact details were removed; an analyst reviews each answer before "
                "it is quoted.",
            )
            return _to(request, "home")
    return render(
        request,
        "qualitative/mapping.jinja",
        {
            "form": form,
            "shape": shape,
            "held": held,
            "saved": saved is not None,
            "row_errors": problems,
        },
    )


@site_view(roles=NOTE_TAKERS)
@require_http_methods(["GET", "POST"])
def notes_add(request):
    site = _site(request)
    areas = [a.name for a in site_local_areas(site=site)]
    form = forms.NotesForm(request.POST or None, areas=areas)
    if request.method == "POST" and form.is_valid():
        try:
            source = services.notes_add(site=site, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            count = source.responses.count()
            messages.success(
                request, f"The notes are saved as {count} {'point' if count == 1 else 'points'}."
            )
            return _to(request, "home")
    return render(request, "qualitative/notes.jinja", {"form": form})


# --- thrivekit's own short surveys ---------------------------------------------------------


def _survey_url(request, survey: OwnSurvey) -> str:
    return request.build_absolute_uri(reverse("say:survey", kwargs={"survey_code": survey.code}))


def _qr(link: str, *, scale: int) -> str:
    # A white quiet zone: the page's grey behind it is harder for a camera to read.
    return segno.make(link, error="m").svg_inline(
        scale=scale, dark="#000000", light="#ffffff", omitsize=True
    )


@site_view(roles=IMPORTERS)
@require_http_methods(["GET", "POST"])
def survey_new(request):
    site = _site(request)
    has_areas = site_local_areas(site=site).exists()
    form = forms.OwnSurveyForm(request.POST or None, has_areas=has_areas)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.survey_create(
                site=site, user=request.user, **form.as_service_arguments()
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{created.title} is ready. Share the link or the QR code.")
            return _to(request, "survey", survey_id=created.id)
    return render(request, "qualitative/survey_new.jinja", {"form": form, "has_areas": has_areas})


@site_view(roles=ALL_ROLES)
def survey(request, survey_id):
    site = _site(request)
    item = selectors.own_survey_for_site(site=site, survey_id=survey_id)
    link = _survey_url(request, item)
    return render(
        request,
        "qualitative/survey.jinja",
        {
            "survey": item,
            "link": link,
            "qr_svg": _qr(link, scale=5),
            "counts": presenters.survey_counts(item, analyst=_is_analyst(request)),
            "group_label": presenters.SURVEY_GROUP_LABELS.get(item.group, item.group),
            "can_manage": request.site_ctx.has_role(*IMPORTERS),
            "is_analyst": _is_analyst(request),
        },
    )


@site_view(roles=IMPORTERS)
@require_POST
def survey_status(request, survey_id):
    item = selectors.own_survey_for_site(site=_site(request), survey_id=survey_id)
    is_open = request.POST.get("status") == OwnSurvey.Status.OPEN
    services.survey_status_set(survey=item, is_open=is_open)
    if is_open:
        messages.success(request, f"{item.title} is open: people can answer.")
    else:
        messages.success(request, f"{item.title} is closed: its link says so.")
    return _to(request, "survey", survey_id=item.id)


@site_view(roles=ALL_ROLES)
def survey_poster(request, survey_id):
    """The QR code and link, big, to print or to show on a screen."""
    item = selectors.own_survey_for_site(site=_site(request), survey_id=survey_id)
    link = _survey_url(request, item)
    return render(
        request,
        "qualitative/survey_poster.jinja",
        {"survey": item, "link": link, "qr_svg": _qr(link, scale=12)},
    )


# --- One response: protect and code -------------------------------------------------------


@site_view(roles=ALL_ROLES)
@require_http_methods(["GET", "POST"])
def response(request, response_id):
    site = _site(request)
    analyst = _is_analyst(request)
    item = selectors.response_for_site(
        site=site, response_id=response_id, reviewed_only=not analyst
    )
    can_code = request.site_ctx.has_role(*CODERS)
    codes = list(selectors.codes_for_site(site))
    coding_form = forms.CodingForm(
        request.POST if request.method == "POST" and "start" in request.POST else None,
        codes=codes,
    )
    memo_form = forms.MemoForm(
        request.POST if request.method == "POST" and "memo" in request.POST else None,
        initial={"memo": item.memo},
    )
    if request.method == "POST":
        if not can_code:
            raise PermissionDenied
        if coding_form.is_bound and coding_form.is_valid():
            data = coding_form.cleaned_data
            try:
                if data["code"]:
                    code = selectors.code_for_site(site=site, code_id=data["code"])
                else:
                    code = services.code_add(site=site, name=data["new_code"])
                services.coding_add(response=item, code=code, start=data["start"], end=data["end"])
            except ValidationError as error:
                _add_errors(coding_form, error)
            else:
                messages.success(
                    request, f"Tagged “{item.text[data['start'] : data['end']]}” as {code.name}."
                )
                return _to(request, "response", response_id=item.id)
        elif memo_form.is_bound and memo_form.is_valid():
            services.response_memo_save(response=item, memo=memo_form.cleaned_data["memo"])
            messages.success(request, "The memo is saved.")
            return _to(request, "response", response_id=item.id)
    return render(
        request,
        "qualitative/response.jinja",
        {
            "item": item,
            "segments": presenters.segments(item),
            "codings": item.codings.select_related("code"),
            "flags": item.flags.all() if request.site_ctx.has_role(*FLAG_READERS) else [],
            "coding_form": coding_form,
            "memo_form": memo_form,
            "review_form": forms.ReviewForm(initial={"text": item.text}),
            "is_analyst": analyst,
            "can_code": can_code,
            "group_label": presenters.group_labeller(site, analyst=analyst),
        },
    )


@site_view(roles=ANALYSTS)
@require_POST
def response_review(request, response_id):
    item = selectors.response_for_site(site=_site(request), response_id=response_id)
    form = forms.ReviewForm(request.POST)
    form.is_valid()
    services.response_review(response=item, user=request.user, text=form.cleaned_data.get("text"))
    messages.success(request, "Reviewed: the original is deleted and the text may be quoted.")
    next_item = (
        selectors.responses_for_site(site=_site(request)).filter(reviewed_at__isnull=True).first()
    )
    if next_item is not None and request.POST.get("next"):
        return _to(request, "response", response_id=next_item.id)
    return _to(request, "response", response_id=item.id)


@site_view(roles=CODERS)
@require_POST
def coding_remove(request, coding_id):
    site = _site(request)
    coding = selectors.coding_for_site(site=site, coding_id=coding_id)
    if not coding.response.reviewed and not _is_analyst(request):
        raise Http404
    response_id = coding.response_id
    services.coding_remove(coding=coding)
    messages.success(request, "The tag is removed.")
    return _to(request, "response", response_id=response_id)


# --- Safeguarding -------------------------------------------------------------------------


@site_view(roles=FLAG_READERS)
def flags(request):
    site = _site(request)
    return render(
        request,
        "qualitative/flags.jinja",
        {
            "flags": selectors.flags_for_site(site),
            "contact": selectors.safeguarding_contact(site),
            "form": forms.FlagForm(),
            "is_lead": request.site_ctx.is_lead,
        },
    )


@site_view(roles=LEADS)
@require_POST
def flag_acknowledge(request, flag_id):
    flag = selectors.flag_for_site(site=_site(request), flag_id=flag_id)
    form = forms.FlagForm(request.POST)
    form.is_valid()
    services.flag_acknowledge(
        flag=flag, user=request.user, action=form.cleaned_data.get("action", "")
    )
    messages.success(request, "The flag is acknowledged.")
    return _to(request, "flags")


@site_view(roles=LEADS)
@require_http_methods(["GET", "POST"])
def feedback_settings(request):
    site = _site(request)
    form = forms.SettingsForm(
        request.POST or None, initial={"safeguarding_contact": selectors.safeguarding_contact(site)}
    )
    if request.method == "POST" and form.is_valid():
        services.feedback_settings_update(site=site, **form.cleaned_data)
        messages.success(request, "The safeguarding contact is saved.")
        return _to(request, "flags")
    return render(request, "qualitative/settings.jinja", {"form": form})


# --- Codebook -----------------------------------------------------------------------------


@site_view(roles=ALL_ROLES)
@require_http_methods(["GET", "POST"])
def codebook(request):
    site = _site(request)
    codes = list(selectors.codes_for_site(site))
    can_code = request.site_ctx.has_role(*CODERS)
    add_form = forms.CodeForm(request.POST if "name" in request.POST else None)
    merge_form = forms.MergeCodesForm(request.POST if "into" in request.POST else None, codes=codes)
    if request.method == "POST":
        if not can_code:
            raise PermissionDenied
        if add_form.is_bound and add_form.is_valid():
            try:
                code = services.code_add(
                    site=site,
                    name=add_form.cleaned_data["name"],
                    description=add_form.cleaned_data["description"],
                )
                if add_form.cleaned_data["memo"]:
                    services.code_update(
                        code=code,
                        name=code.name,
                        description=code.description,
                        memo=add_form.cleaned_data["memo"],
                    )
            except ValidationError as error:
                _add_errors(add_form, error)
            else:
                messages.success(request, f"{code.name} is in the codebook.")
                return _to(request, "codebook")
        elif merge_form.is_bound and merge_form.is_valid():
            source = selectors.code_for_site(site=site, code_id=merge_form.cleaned_data["source"])
            into = selectors.code_for_site(site=site, code_id=merge_form.cleaned_data["into"])
            services.code_merge(source=source, into=into)
            messages.success(request, f"{source.name} is merged into {into.name}.")
            return _to(request, "codebook")
    return render(
        request,
        "qualitative/codebook.jinja",
        {"codes": codes, "add_form": add_form, "merge_form": merge_form, "can_code": can_code},
    )


@site_view(roles=ALL_ROLES)
@require_http_methods(["GET", "POST"])
def code(request, code_id):
    site = _site(request)
    item = selectors.code_for_site(site=site, code_id=code_id)
    can_code = request.site_ctx.has_role(*CODERS)
    form = forms.CodeForm(
        request.POST or None,
        initial={"name": item.name, "description": item.description, "memo": item.memo},
    )
    if request.method == "POST":
        if not can_code:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.code_update(code=item, **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, f"{item.name} is saved.")
                return _to(request, "codebook")
    return render(
        request,
        "qualitative/code.jinja",
        {
            "code": item,
            "form": form,
            "can_code": can_code,
            "codings": selectors.codings_for_code(
                code=item, reviewed_only=not _is_analyst(request)
            ),
        },
    )


@site_view(roles=ALL_ROLES)
def codebook_export(request):
    site = _site(request)
    response = HttpResponse(
        services.codebook_csv(site=site), content_type="text/csv; charset=utf-8"
    )
    name = f"{slugify(site.name) or 'site'}-codebook.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@site_view(roles=CODERS)
@require_http_methods(["GET", "POST"])
def codebook_import(request):
    form = forms.FileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        _name, data = _read_upload(form)
        if not _too_big(form, data):
            try:
                codes = services.codebook_import(site=_site(request), text=data.decode("utf-8-sig"))
            except (ValueError, UnicodeDecodeError) as error:
                form.add_error("file", f"The codebook could not be read: {error}")
            else:
                messages.success(request, f"{len(codes)} codes are in the codebook.")
                return _to(request, "codebook")
    return render(
        request,
        "qualitative/file_import.jinja",
        {
            "form": form,
            "title": "Import a codebook",
            "back": "codebook",
            "about": "A CSV file with the columns name and description, as Taguette exports it.",
        },
    )


# --- REFI-QDA -------------------------------------------------------------------------------


@site_view(roles=IMPORTERS)
def qdpx_download(request):
    site = _site(request)
    response = HttpResponse(
        services.qdpx_for_site(site=site, reviewed_only=True), content_type="application/zip"
    )
    name = f"{slugify(site.name) or 'site'}-feedback.qdpx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@site_view(roles=ANALYSTS)
@require_http_methods(["GET", "POST"])
def qdpx_upload(request):
    form = forms.FileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        _name, data = _read_upload(form)
        if not _too_big(form, data):
            try:
                source = services.qdpx_import_for_site(
                    site=_site(request), data=data, user=request.user
                )
            except ValueError as error:
                form.add_error("file", f"The project could not be read: {error}")
            else:
                messages.success(
                    request, f"{source.name}: {source.responses.count()} texts are imported."
                )
                return _to(request, "home")
    return render(
        request,
        "qualitative/file_import.jinja",
        {
            "form": form,
            "title": "Import a REFI-QDA project",
            "back": "home",
            "about": "A .qdpx file exported from NVivo, ATLAS.ti, MAXQDA or QualCoder: its texts, "
            "codes and codings. Names and contact details are removed from the texts.",
        },
    )


# --- Themes ---------------------------------------------------------------------------------


@site_view(roles=ALL_ROLES)
def themes(request):
    site = _site(request)
    can_theme = request.site_ctx.has_role(*THEMERS)
    cards = presenters.theme_cards(site, analyst=_is_analyst(request))
    if not can_theme:
        cards = [c for c in cards if c.theme.status == Theme.Status.APPROVED]
    all_themes = [c.theme for c in cards]
    return render(
        request,
        "qualitative/themes.jinja",
        {
            "cards": cards,
            "can_theme": can_theme,
            "open_flags": selectors.open_flags_count(site),
            "merge_form": forms.ThemeMergeForm(themes=all_themes) if len(all_themes) > 1 else None,
            "is_analyst": _is_analyst(request),
        },
    )


@site_view(roles=THEMERS)
@require_POST
def themes_suggest(request):
    try:
        found = services.themes_suggest_for_site(site=_site(request))
    except services.ThemingBlocked as blocked:
        messages.error(request, str(blocked))
        return _to(request, "flags")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"{len(found)} themes are suggested. Name, merge, split and approve them."
        )
    return _to(request, "themes")


@site_view(roles=THEMERS)
@require_POST
def themes_merge(request):
    site = _site(request)
    form = forms.ThemeMergeForm(request.POST, themes=selectors.themes_for_site(site))
    if form.is_valid():
        chosen = [
            selectors.theme_for_site(site=site, theme_id=i) for i in form.cleaned_data["themes"]
        ]
        merged = services.theme_merge(themes=chosen, label=form.cleaned_data["label"])
        messages.success(request, f"The themes are merged into {merged.label}.")
    else:
        messages.error(request, "Choose two or more themes to merge.")
    return _to(request, "themes")


@site_view(roles=ALL_ROLES)
@require_http_methods(["GET", "POST"])
def theme(request, theme_id):
    site = _site(request)
    can_theme = request.site_ctx.has_role(*THEMERS)
    item = selectors.theme_for_site(site=site, theme_id=theme_id)
    if not can_theme and item.status != Theme.Status.APPROVED:
        raise Http404
    analyst = _is_analyst(request)
    card = next(c for c in presenters.theme_cards(site, analyst=analyst) if c.theme.pk == item.pk)
    principles, actions = presenters.principle_choices(site), presenters.action_choices(site)
    form = forms.ThemeForm(
        request.POST if "label" in request.POST and "responses" not in request.POST else None,
        principles=principles,
        actions=actions,
        initial={"label": item.label, "principles": item.principles, "actions": item.actions},
    )
    split_form = forms.ThemeSplitForm(
        request.POST if "responses" in request.POST else None, responses=card.responses
    )
    if request.method == "POST":
        if not can_theme:
            raise PermissionDenied
        try:
            if form.is_bound and form.is_valid():
                services.theme_update(theme=item, **form.cleaned_data)
                messages.success(request, f"{item.label} is saved.")
                return _to(request, "theme", theme_id=item.id)
            if split_form.is_bound and split_form.is_valid():
                new = services.theme_split(
                    theme=item,
                    response_ids=split_form.cleaned_data["responses"],
                    label=split_form.cleaned_data["label"],
                )
                messages.success(request, f"{new.label} is split off as a new theme.")
                return _to(request, "theme", theme_id=new.id)
        except ValidationError as error:
            _add_errors(split_form if split_form.is_bound else form, error)
    return render(
        request,
        "qualitative/theme.jinja",
        {
            "card": card,
            "theme": item,
            "form": form,
            "split_form": split_form,
            "can_theme": can_theme,
            "is_analyst": analyst,
            "open_flags": selectors.open_flags_count(site),
        },
    )


@site_view(roles=THEMERS)
@require_POST
def theme_approve(request, theme_id):
    item = selectors.theme_for_site(site=_site(request), theme_id=theme_id)
    try:
        if request.POST.get("undo"):
            services.theme_unapprove(theme=item)
            messages.success(request, f"{item.label} is back to suggested.")
        else:
            services.theme_approve(theme=item, user=request.user)
            messages.success(request, f"{item.label} is approved.")
    except services.ThemingBlocked as blocked:
        messages.error(request, str(blocked))
        return _to(request, "flags")
    return _to(request, "theme", theme_id=item.id)


@site_view(roles=THEMERS)
@require_POST
def theme_remove(request, theme_id):
    item = selectors.theme_for_site(site=_site(request), theme_id=theme_id)
    services.theme_remove(theme=item)
    messages.success(request, f"{item.label} is removed.")
    return _to(request, "themes")


# --- The lens -------------------------------------------------------------------------------


@site_view(roles=ALL_ROLES)
def lens(request):
    site = _site(request)
    can_theme = request.site_ctx.has_role(*THEMERS)
    return render(
        request,
        "qualitative/lens.jinja",
        {"lens": presenters.lens(site, approved_only=not can_theme)},
    )
