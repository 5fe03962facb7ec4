from datetime import timedelta

from django.http import Http404
from django.utils import timezone

from thrivekit.tasks.models import Task

STALLED_AFTER = timedelta(minutes=15)


def task_for_site(*, site, task_id) -> Task:
    task = Task.objects.for_site(site).filter(pk=task_id).first()
    if task is None:
        raise Http404("No such task")
    return task


def task_stalled(*, task: Task) -> bool:
    """A running task that has not reported progress for a long time has probably stopped."""
    return task.status == Task.Status.RUNNING and timezone.now() - task.updated_at > STALLED_AFTER
