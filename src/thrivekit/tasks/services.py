import logging
import threading
import time
import traceback

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from thrivekit.tasks.models import Task
from thrivekit.tasks.registry import TASKS, task_function

logger = logging.getLogger(__name__)

UNEXPECTED = (
    "Something went wrong on the server. Nothing was saved; try again, and if it happens "
    "again tell your administrator (task {task})."
)


class TaskError(Exception):
    """A task that cannot finish, with a message written for the person who started it: it is
    stored, shown and logged as it is, so it names files, rows and columns at most, never a
    value from the data, a server path or SQL. Any other exception's message may hold those:
    the person sees UNEXPECTED and the log gets the type and where it was raised."""


def _failure(task: Task, error: Exception) -> str:
    """What to store and show for a failed task, logging it safely."""
    from thrivekit.redaction import mask_nhs_numbers

    if isinstance(error, TaskError):
        message = mask_nhs_numbers(str(error))[0][:2000] or "The task could not finish."
        logger.warning("Task %s (%s) failed: %s", task.pk, task.kind, message)
        return message
    # Not logger.exception: the message (and any chained one) may quote the data.
    frames = "\n".join(
        f"  {frame.filename}:{frame.lineno} in {frame.name}"
        for frame in traceback.extract_tb(error.__traceback__)
    )
    logger.error(
        "Task %s (%s) failed with %s.%s at\n%s",
        task.pk,
        task.kind,
        type(error).__module__,
        type(error).__qualname__,
        frames,
    )
    return UNEXPECTED.format(task=task.pk)


@transaction.atomic
def task_enqueue(*, site, kind: str, params: dict, created_by=None, run_now: bool = False) -> Task:
    """Queue work. How it runs depends on THRIVEKIT_TASKS: "worker" (a `thrivekit worker`
    process picks it up), "thread" (a thread of this process once the transaction commits: the
    demo) or "eager" (now, before returning: tests). `run_now` runs it now whatever the mode
    (seeding the demo)."""
    if kind not in TASKS:
        raise ValueError(f"Unknown task kind {kind!r}")
    task = Task.objects.create(site=site, kind=kind, params=params, created_by=created_by)
    mode = settings.THRIVEKIT_TASKS
    if mode == "eager" or run_now:
        task_run(task_id=task.pk)
        task.refresh_from_db()
    elif mode == "thread":
        transaction.on_commit(lambda: _start_thread(task.pk))
    return task


def _start_thread(task_id) -> None:
    def work():
        try:
            task_run(task_id=task_id)
        finally:
            connection.close()

    threading.Thread(target=work, name=f"task-{task_id}", daemon=True).start()


def _claim(task_id) -> bool:
    """Mark a queued task running; False if another runner took it first."""
    return bool(
        Task.objects.filter(pk=task_id, status=Task.Status.QUEUED).update(
            status=Task.Status.RUNNING, started_at=timezone.now(), updated_at=timezone.now()
        )
    )


def task_run(*, task_id) -> Task:
    """Run one queued task to the end, recording progress, result or error."""
    if not _claim(task_id):
        return Task.objects.get(pk=task_id)
    task = Task.objects.select_related("site").get(pk=task_id)

    last = {"at": 0.0}

    def progress(fraction: float, message: str = "") -> None:
        # At most a few writes a second, whatever the caller sends.
        now = time.monotonic()
        if now - last["at"] < 0.5 and fraction < 1:
            return
        last["at"] = now
        Task.objects.filter(pk=task.pk).update(
            progress=max(0, min(100, round(100 * fraction))),
            message=message[:300],
            updated_at=timezone.now(),
        )

    try:
        result = task_function(task.kind)(task, progress)
    except Exception as error:  # noqa: BLE001 - a failed task must record why, not vanish
        Task.objects.filter(pk=task.pk).update(
            status=Task.Status.FAILED,
            error=_failure(task, error),
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
    else:
        Task.objects.filter(pk=task.pk).update(
            status=Task.Status.DONE,
            progress=100,
            result=result or {},
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
    task.refresh_from_db()
    return task


def worker_run(*, once: bool = False, idle_seconds: float = 1.0) -> int:
    """Run queued tasks in order of arrival; with `once`, stop when none is left."""
    done = 0
    while True:
        if not connection.in_atomic_block:  # a long-lived worker drops stale connections
            close_old_connections()
        next_task = Task.objects.filter(status=Task.Status.QUEUED).order_by("created_at").first()
        if next_task is None:
            if once:
                return done
            time.sleep(idle_seconds)
            continue
        task_run(task_id=next_task.pk)
        done += 1
