"""A table's device in the redesign workshop: draft the future offer, with no account."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from thrivekit.planning import forms, presenters, selectors, services
from thrivekit.workshops.ratelimit import code_guessing_blocked, wrong_code


def _table_or_404(request, code: str):
    # As for a prioritising table: a valid code always gets in; wrong guesses are limited.
    table = selectors.redesign_table_by_code(code=code)
    if table is not None:
        return table
    if not code_guessing_blocked(request):
        wrong_code(request)
    raise Http404("No such table")


def table_home(request, redesign_code: str):
    table = _table_or_404(request, redesign_code)
    workshop = table.workshop
    names = dict(presenters.groupings())
    drafts = {d.grouping: d for d in selectors.offer_drafts(workshop=workshop).filter(table=table)}
    return render(
        request,
        "planning/redesign_table.jinja",
        {
            "workshop": workshop,
            "table": table,
            "groupings": [(g, names.get(g, g), drafts.get(g)) for g in workshop.groupings],
        },
    )


@require_http_methods(["GET", "POST"])
def table_draft(request, redesign_code: str, grouping: str):
    table = _table_or_404(request, redesign_code)
    workshop = table.workshop
    if grouping not in workshop.groupings:
        raise Http404("The workshop does not work on this grouping")
    draft = selectors.offer_draft(table=table, grouping=grouping)
    initial = draft.fields if draft else services.offer_prefill(site=table.site, grouping=grouping)
    # The version this device opened (0: no draft yet), so a second device's save is caught.
    form = forms.OfferDraftForm(
        request.POST or None, initial={**initial, "version": draft.version if draft else 0}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.offer_draft_save(
                table=table, grouping=grouping, fields=data, base_version=version
            )
        except services.OfferDraftConflict as error:
            conflict = presenters.offer_draft_conflict(error)
            form = forms.OfferDraftForm(presenters.offer_draft_conflict_form_data(error))
            form.is_valid()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("redesign:table", redesign_code=table.code)
        else:
            messages.success(request, "Your table's draft is saved. The facilitator will merge it.")
            return redirect(request.path)
    return render(
        request,
        "planning/redesign_table_draft.jinja",
        {
            "workshop": workshop,
            "table": table,
            "grouping_name": dict(presenters.groupings()).get(grouping, grouping),
            "form": form,
            "conflict": conflict,
            "is_open": workshop.status == workshop.Status.OPEN,
        },
    )
