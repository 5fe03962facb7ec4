import pytest

from thrivekit.tasks import registry, services
from thrivekit.tasks.models import Task


def succeed(task, progress):
    progress(0.5, "Half way")
    return {"answer": task.params["n"] * 2}


def fail(task, progress):
    raise RuntimeError("the extract has no contacts")


@pytest.fixture
def kinds(monkeypatch):
    monkeypatch.setitem(registry.TASKS, "test_succeed", f"{__name__}.succeed")
    monkeypatch.setitem(registry.TASKS, "test_fail", f"{__name__}.fail")


@pytest.mark.django_db
def test_a_worker_runs_queued_tasks_in_order_and_records_results(site, kinds, settings):
    settings.THRIVEKIT_TASKS = "worker"
    first = services.task_enqueue(site=site, kind="test_succeed", params={"n": 2})
    second = services.task_enqueue(site=site, kind="test_fail", params={})
    assert first.status == Task.Status.QUEUED
    assert services.worker_run(once=True) == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.progress, first.result) == ("done", 100, {"answer": 4})
    assert second.status == "failed" and "no contacts" in second.error


@pytest.mark.django_db
def test_a_task_is_run_once_even_if_two_runners_reach_it(site, kinds, settings):
    settings.THRIVEKIT_TASKS = "worker"
    task = services.task_enqueue(site=site, kind="test_succeed", params={"n": 1})
    services.task_run(task_id=task.pk)
    task.refresh_from_db()
    finished_at = task.finished_at
    services.task_run(task_id=task.pk)  # a second runner finds it already claimed
    task.refresh_from_db()
    assert task.finished_at == finished_at


@pytest.mark.django_db
def test_an_unknown_kind_is_refused(site):
    with pytest.raises(ValueError, match="Unknown task kind"):
        services.task_enqueue(site=site, kind="nope", params={})
