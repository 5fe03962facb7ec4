"""The kinds of background task and the function that runs each.

A task function takes the Task and a `progress(fraction, message)` callback and returns a
JSON-able result. Kinds are registered by dotted path so this module imports nothing heavy.
"""

from importlib import import_module

TASKS = {
    "extract_import": "thrivekit.extracts.tasks.extract_import",
    "scenario_simulate": "thrivekit.scenarios.services.simulate_task",
    "report_build": "thrivekit.reports.services.report_build",
}


def task_function(kind: str):
    module, _, name = TASKS[kind].rpartition(".")
    return getattr(import_module(module), name)
