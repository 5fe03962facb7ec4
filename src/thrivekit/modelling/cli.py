"""CLI command ``thrivekit model``: run a scenario, optionally calibrated from an extract.

Register it on the main app with::

    app.command("model")(model_command)
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

_err = Console(stderr=True, soft_wrap=True)


def _fail(message: str) -> typer.Exit:
    _err.print(f"[bold red]Error:[/] {message}", highlight=False)
    return typer.Exit(code=2)


def _number(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def _table(results: dict[str, Any]) -> Table:
    table = Table(title=f"Simulated {results['horizon_days']:g} days × {results['replications']}")
    for heading in (
        "Service",
        "Mean wait (d)",
        "Median (d)",
        "p90 (d)",
        "≤ 28 d %",
        "Utilisation %",
        "Queue (mean)",
        "Throughput",
    ):
        table.add_column(heading, justify="left" if heading == "Service" else "right")
    for row in [*results["services"], {"name": "Overall", **results["overall"]}]:
        utilisation = row.get("utilisation")
        table.add_row(
            row["name"],
            _number(row["wait_days"]["mean"]),
            _number(row["wait_days"]["median"]),
            _number(row["wait_days"]["p90"]),
            _number(row["within_28_days_pct"]),
            _number(None if utilisation is None else 100 * utilisation),
            _number(row["queue_length"]["mean"]),
            _number(row["throughput"], 0),
        )
    return table


def model_command(
    scenario: Annotated[
        Path, typer.Option("--scenario", help="Scenario file (YAML or JSON).", show_default=False)
    ],
    extract: Annotated[
        Path | None,
        typer.Option(
            "--extract",
            help="Folder with referrals.csv and contacts.csv (and optionally capacity.csv), "
            "or an imported extract; values the scenario leaves out are calibrated from it, "
            "on the activity engine's figures.",
        ),
    ] = None,
    reps: Annotated[
        int | None, typer.Option("--reps", help="Replications (overrides the scenario).")
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the results JSON here (default: stdout).")
    ] = None,
) -> None:
    """Simulate a demand and capacity scenario and report waits, queues and utilisation."""
    from .instant import service_answers
    from .runner import run_scenario
    from .scenario import (
        MAX_REPLICATIONS,
        ScenarioError,
        load_scenario_file,
        merge_scenario,
        parse_scenario,
    )

    if not scenario.is_file():
        raise _fail(f"--scenario: no file at {scenario}")
    if reps is not None and not 1 <= reps <= MAX_REPLICATIONS:
        raise _fail(f"--reps must be between 1 and {MAX_REPLICATIONS:,}, not {reps:,}")
    try:
        raw = load_scenario_file(scenario)
        if extract is not None:
            from .calibration import ExtractError, calibrate, calibration_notes, read_extract
            from .scenario import scenario_to_dict

            try:
                inputs = read_extract(extract)
            except (ExtractError, OSError, UnicodeDecodeError, csv.Error) as error:
                raise _fail(f"--extract: {error}") from None
            _err.print(f"Calibrated from {extract} as of {inputs.as_of:%d/%m/%Y}.", highlight=False)
            for note in calibration_notes(inputs):
                _err.print(f"  • {note}", highlight=False)
            horizon = raw.get("horizon_days")
            ok = isinstance(horizon, int | float) and not isinstance(horizon, bool)
            calibrated = calibrate(inputs, horizon_days=horizon if ok and horizon > 0 else 365.0)
            raw = merge_scenario(raw, scenario_to_dict(calibrated))
        model = parse_scenario(raw)
    except ScenarioError as error:
        _err.print(f"[bold red]The scenario in {scenario} is not valid:[/]", highlight=False)
        for where, message in error.problems:
            _err.print(f"  • {where}: {message}", highlight=False)
        raise typer.Exit(code=2) from None

    for answer in service_answers(model):
        if answer.overloaded:
            _err.print(
                f"[yellow]Warning:[/] {answer.id} has a load of {answer.load:.2f} "
                "(demand at or above capacity): its waiting list will keep growing.",
                highlight=False,
            )
    total = reps or model.replications
    with Progress(
        TextColumn("Simulating"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=_err,
        transient=True,
    ) as bar:
        task = bar.add_task("replications", total=total)
        results = run_scenario(
            model,
            replications=total,
            progress=lambda done, _total: bar.update(task, completed=done),
        )
    text = json.dumps(results, indent=2, ensure_ascii=False)
    if json_out is None:
        sys.stdout.write(text + "\n")
        _err.print(_table(results))
    else:
        json_out.write_text(text + "\n", encoding="utf-8")
        Console(soft_wrap=True).print(_table(results))
        _err.print(f"Results written to {json_out}")
