from django.shortcuts import render

from thrivekit.sites.context import site_view
from thrivekit.tasks import selectors


@site_view()
def task_status(request, task_id):
    """The progress panel; HTMX polls it until the task finishes."""
    task = selectors.task_for_site(site=request.site_ctx.site, task_id=task_id)
    response = render(
        request,
        "tasks/status.jinja",
        {"task": task, "stalled": selectors.task_stalled(task=task)},
    )
    if request.htmx and task.finished:
        response["HX-Refresh"] = "true"  # the page behind the panel now has the result
    return response
