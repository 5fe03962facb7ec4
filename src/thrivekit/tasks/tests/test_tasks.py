import logging

import pytest

from thrivekit.tasks import registry, services
from thrivekit.tasks.models import Task


def succeed(task, progress):
    progress(0.5, "Half way")
    return {"answer": task.params["n"] * 2}


def fail(task, progress):
    raise services.TaskError("the extract has no contacts")


def crash(task, progress):
    # An unexpected error whose message quotes data and a server path.
    record = ",".join(["R1", "90786" + "66617"])
    raise RuntimeError(f"Conversion failed: {record!r} in /srv/thrivekit/uploads/x.csv")


@pytest.fixture
def kinds(monkeypatch):
    monkeypatch.setitem(registry.TASKS, "test_succeed", f"{__name__}.succeed")
    monkeypatch.setitem(registry.TASKS, "test_fail", f"{__name__}.fail")
    monkeypatch.setitem(registry.TASKS, "test_crash", f"{__name__}.crash")


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


@pytest.mark.django_db
def test_an_unexpected_error_is_recorded_without_its_message(site, kinds, caplog):
    # Given a task that fails with an error quoting a record and a server path
    with caplog.at_level(logging.DEBUG):
        task = services.task_enqueue(site=site, kind="test_crash", params={}, run_now=True)

    # Then the person is told something went wrong, with the task's reference
    assert task.status == "failed" and str(task.pk) in task.error
    # And neither the record nor the path is stored or logged, though where it failed is
    for text in (task.error, caplog.text):
        assert "9078666617" not in text and "/srv/thrivekit" not in text
    assert "RuntimeError" in caplog.text and "test_tasks.py" in caplog.text
    assert "in crash" in caplog.text


@pytest.mark.django_db
def test_an_nhs_number_in_a_task_message_is_masked(site, kinds, monkeypatch):
    def fail_quoting(task, progress):
        raise services.TaskError("no referral for 943 476 5919")

    monkeypatch.setattr(__import__(__name__, fromlist=["x"]), "fail", fail_quoting)
    task = services.task_enqueue(site=site, kind="test_fail", params={}, run_now=True)

    assert task.error == "no referral for [NHS number removed]"
