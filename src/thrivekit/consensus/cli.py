"""`thrivekit consensus FILE`: combine the tables' top-five rankings into one consensus.

Register on the main Typer app with `app.command("consensus")(consensus_command)`.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .ballots import BallotError
from .combine import consensus
from .io import read_ballots
from .result import TOP_SIZE, ConsensusResult

EXIT_BAD_INPUT = 2


class MethodChoice(StrEnum):
    borda = "borda"
    schulze = "schulze"
    copeland = "copeland"


class BordaPointsChoice(StrEnum):
    length = "length"
    fixed = "fixed"


_POINTS_LABEL = {
    "borda": "Points",
    "schulze": "Not beaten by",
    "copeland": "Wins − losses",
}


def _fail(message: str) -> typer.Exit:
    # Plain echo, not Rich: a long message must not be re-wrapped or styled away.
    typer.echo(f"Error: {message}", err=True)
    return typer.Exit(code=EXIT_BAD_INPUT)


def _ids(items: tuple[str, ...]) -> str:
    # Item ids are user text: escape them so "[x]" is shown, not read as Rich markup.
    return ", ".join(escape(item) for item in items)


def _number(value: float | None, places: int) -> str:
    return "—" if value is None else f"{value:.{places}f}"


def print_result(result: ConsensusResult, console: Console) -> None:
    """A readable summary: the ordered items, ties, agreement, and what the checks say."""
    tied = {item for group in result.ties for item in group}
    table = Table(title=f"Consensus ({result.method})", title_justify="left")
    table.add_column("Rank", justify="right")
    table.add_column("Item")
    table.add_column(_POINTS_LABEL[result.method], justify="right")
    table.add_column("Tables", justify="right")
    table.add_column("1st places", justify="right")
    table.add_column("Mean position", justify="right")
    for index, entry in enumerate(result.items):
        if index == TOP_SIZE:
            table.add_section()
        table.add_row(
            f"{entry.rank}=" if entry.item in tied else str(entry.rank),
            escape(entry.item),
            str(entry.points),
            str(entry.tables),
            str(entry.first_places),
            f"{entry.mean_position:.2f}",
        )
    console.print(table)
    console.print(f"Top {TOP_SIZE}: " + _ids(result.top))
    if len(result.winners) > 1:
        console.print(
            f"[bold]Note:[/bold] {result.method} cannot separate the joint winners "
            + _ids(result.winners)
            + "; the room should decide."
        )
    for group in result.ties:
        console.print("Tied (share a rank): " + _ids(group))
    if len(result.items) > TOP_SIZE and result.items[TOP_SIZE].rank <= TOP_SIZE:
        console.print(
            f"[bold]Note:[/bold] a tie crosses place {TOP_SIZE}; the room should decide it."
        )
    agreement = result.agreement
    if agreement.kendall_w is None:
        console.print(
            f"Agreement: Kendall's W needs at least 2 tables and 2 items "
            f"({agreement.tables} table(s), {agreement.items} item(s))."
        )
    else:
        console.print(
            f"Agreement: Kendall's W = {_number(agreement.kendall_w, 3)} "
            f"(p = {_number(agreement.p_value, 4)}, {agreement.tables} tables, "
            f"{agreement.items} items)"
        )
    for name, check in result.checks.items():
        verdict = "differs" if check.differs else "agrees"
        console.print(
            f"Check {name}: {verdict} — winner{'s' if len(check.winners) > 1 else ''}: "
            + _ids(check.winners)
            + f"; top {TOP_SIZE}: "
            + _ids(check.top)
        )


def consensus_command(
    file: Annotated[
        Path,
        typer.Argument(
            help="CSV or XLSX with columns table, rank, item (one row per ranked item).",
            show_default=False,
        ),
    ],
    method: Annotated[
        MethodChoice,
        typer.Option("--method", help="Method that orders the items; the others are checks."),
    ] = MethodChoice.borda,
    borda_points: Annotated[
        BordaPointsChoice,
        typer.Option(
            "--borda-points",
            help=(
                "Borda points per position: 'length' gives a ballot of k items k, k-1, ..., 1 "
                "(a longer ballot gives its first choice more); 'fixed' gives 5, 4, 3, 2, 1 "
                "whatever the ballot's length."
            ),
        ),
    ] = BordaPointsChoice.length,
    json_out: Annotated[
        str | None,
        typer.Option(
            "--json", metavar="OUT", help='Write the result as JSON to OUT ("-" = stdout).'
        ),
    ] = None,
) -> None:
    """Combine each table's ranked priorities into a consensus top five."""
    try:
        ballots = read_ballots(file)
        result = consensus(ballots, method=method.value, borda_points_rule=borda_points.value)
    except BallotError as error:
        raise _fail(str(error)) from None
    if json_out is None:
        print_result(result, Console(soft_wrap=True))
        return
    text = result.to_json() + "\n"
    if json_out == "-":
        sys.stdout.write(text)
        return
    try:
        Path(json_out).write_text(text, encoding="utf-8")
    except OSError as error:
        raise _fail(f"cannot write {json_out}: {error.strerror}") from None
    typer.echo(f"Wrote the consensus to {json_out}", err=True)
