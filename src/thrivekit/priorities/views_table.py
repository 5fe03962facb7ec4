"""A table's device: rank the table's top five and draft worksheets, with no account."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from thrivekit.priorities import forms, presenters, selectors, services
from thrivekit.priorities.models import WORKSHEET_FIELDS
from thrivekit.priorities.views import _ranking_page
from thrivekit.workshops.ratelimit import code_guessing_blocked, wrong_code


def _table_or_404(request, code: str):
    # A valid table code always gets in; only wrong guesses are limited per address.
    table = selectors.open_table_by_code(code=code)
    if table is not None:
        return table
    if not code_guessing_blocked(request):
        wrong_code(request)
    raise Http404("No such table")


@require_http_methods(["GET", "POST"])
def table_ranking(request, code: str):
    table = _table_or_404(request, code)
    session = table.session
    if session.confirmed_at is not None:
        return render(
            request,
            "priorities/table_home.jinja",
            {
                "session": session,
                "table": table,
                "priorities": selectors.session_priorities(session=session),
            },
        )
    return _ranking_page(request, session, table)


@require_http_methods(["GET", "POST"])
def table_draft(request, code: str, priority_id):
    table = _table_or_404(request, code)
    priority = selectors.session_priority(session=table.session, priority_id=priority_id)
    draft = selectors.table_draft(priority=priority, table=table)
    initial = draft.fields if draft else {"ideal": priority.ideal}
    # The version this device opened (0: no draft yet), so a second device's save is caught.
    form = forms.WorksheetForm(
        request.POST or None, initial={**initial, "version": draft.version if draft else 0}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.worksheet_draft_save(
                priority=priority,
                table=table,
                fields=form.cleaned_data,
                base_version=form.cleaned_data["version"],
            )
        except services.WorksheetConflict as error:
            conflict = presenters.conflict(error)
            form = forms.WorksheetForm(presenters.conflict_form_data(error))
            form.is_valid()
        else:
            messages.success(request, "Your table's draft is saved. The facilitator will merge it.")
            return redirect(request.path)
    return render(
        request,
        "priorities/table_draft.jinja",
        {
            "session": table.session,
            "table": table,
            "priority": priority,
            "form": form,
            "labels": WORKSHEET_FIELDS,
            "conflict": conflict,
        },
    )
