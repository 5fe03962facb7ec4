"""CLI commands `thrivekit pathways check|analyse|draw|convert` for a pathway map file.

Register them on the main app with::

    from thrivekit.pathways.cli import pathways_app
    app.add_typer(pathways_app, name="pathways")

A map file is .json, .xlsx or a .zip of services.csv, entry_points.csv and routes.csv.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from thrivekit.inputs import UPLOADS, UnreadableInput, check_size, read_csv
from thrivekit.pathways.analysis import analyse
from thrivekit.pathways.formats import (
    export_csv_zip,
    export_json,
    export_xlsx,
    import_file,
)
from thrivekit.pathways.model import PathwayMap
from thrivekit.pathways.render import render_png, render_svg

pathways_app = typer.Typer(help="Check, analyse, draw and convert a pathway map.")
_out = Console(soft_wrap=True)
_err = Console(stderr=True, soft_wrap=True)

MapFile = Annotated[
    Path, typer.Argument(help="The map: .json, .xlsx or a .zip of the three CSV files.")
]


def _fail(message: str) -> typer.Exit:
    _err.print(f"[bold red]Error:[/] {message}", highlight=False, markup=True)
    return typer.Exit(code=2)


def _load(path: Path) -> PathwayMap:
    try:
        check_size(path, file_name=path.name, limits=UPLOADS)
        data = path.read_bytes()
    except OSError as error:
        raise _fail(f"{path} cannot be read: {error.strerror or error}") from None
    except UnreadableInput as error:
        raise _fail(str(error)) from None
    result = import_file(data, filename=path.name)
    if result.pathway_map is None:
        for problem in result.problems:
            _err.print(str(problem), highlight=False, markup=False)
        raise _fail(f"{path.name} has {len(result.problems)} problem(s); nothing was imported.")
    return result.pathway_map


def _flows(path: Path) -> list[tuple[str, str, int]]:
    """Observed moves from a CSV with columns from,to,count (or source,target,count)."""
    try:
        check_size(path, file_name=path.name, limits=UPLOADS)
        rows = read_csv(path.read_bytes(), file_name=path.name, limits=UPLOADS)
    except OSError as error:
        raise _fail(f"{path} cannot be read: {error.strerror or error}") from None
    except UnreadableInput as error:
        raise _fail(str(error)) from None
    header = [h.strip().lower() for h in rows[0]] if rows else []
    flows = []
    for number, cells in enumerate(rows[1:], start=2):
        if not cells:
            continue
        row = dict(zip(header, cells, strict=False))
        source = (row.get("from") or row.get("source") or "").strip()
        target = (row.get("to") or row.get("target") or "").strip()
        count = (row.get("count") or "").strip()
        if not source or not target or not count.isdigit():
            raise _fail(f"{path.name}, row {number}: expected from, to and a whole-number count")
        flows.append((source, target, int(count)))
    return flows


@pathways_app.command("check")
def check_command(path: MapFile) -> None:
    """Check a map file; list every problem by file or sheet, row and column."""
    pathway_map = _load(path)
    _out.print(
        f"{path.name} is a valid map: {len(pathway_map.services)} services, "
        f"{len(pathway_map.entry_points)} entry points, {len(pathway_map.routes)} routes.",
        highlight=False,
    )


@pathways_app.command("analyse")
def analyse_command(
    path: MapFile,
    flows: Annotated[
        Path | None,
        typer.Option("--flows", help="CSV of observed moves between services: from,to,count."),
    ] = None,
    area: Annotated[
        list[str] | None, typer.Option("--area", help="A local area of the site (repeatable).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the findings as JSON.")] = False,
) -> None:
    """Wrong doors, gaps, dead ends, loops, possible duplication and (with --flows) usage."""
    pathway_map = _load(path)
    findings = analyse(
        pathway_map, flows=_flows(flows) if flows else None, local_areas=area or None
    )
    if as_json:
        typer.echo(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2))
        return
    table = Table("Severity", "Kind", "Finding", title=f"{len(findings)} findings")
    for finding in findings:
        table.add_row(finding.severity, finding.kind, finding.message)
    _out.print(table)


@pathways_app.command("draw")
def draw_command(
    path: MapFile,
    out: Annotated[Path, typer.Option("--out", help="The drawing: .svg or .png.")],
    title: Annotated[str, typer.Option("--title")] = "Pathway map",
) -> None:
    """Draw the map in lanes by needs-based grouping, as SVG or PNG."""
    pathway_map = _load(path)
    suffix = out.suffix.casefold()
    if suffix == ".svg":
        out.write_text(render_svg(pathway_map, title=title), encoding="utf-8")
    elif suffix == ".png":
        out.write_bytes(render_png(pathway_map, title=title))
    else:
        raise _fail("--out must end in .svg or .png")
    _out.print(f"Drew {out}", highlight=False)


@pathways_app.command("convert")
def convert_command(
    path: MapFile,
    out: Annotated[Path, typer.Option("--out", help="The new file: .json, .xlsx or .zip.")],
) -> None:
    """Convert a map between JSON, Excel and a zip of CSV files."""
    pathway_map = _load(path)
    writers = {".json": export_json, ".xlsx": export_xlsx, ".zip": export_csv_zip}
    writer = writers.get(out.suffix.casefold())
    if writer is None:
        raise _fail("--out must end in .json, .xlsx or .zip")
    out.write_bytes(writer(pathway_map))
    _out.print(f"Wrote {out}", highlight=False)
