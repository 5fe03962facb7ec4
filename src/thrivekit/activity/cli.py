"""CLI commands `thrivekit analyse` and `thrivekit synth`.

Register them on the main app with::

    app.command("analyse")(analyse_command)
    app.command("synth")(synth_command)
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

KEY_ENV = "THRIVEKIT_PSEUDONYM_KEY"
_err = Console(stderr=True, soft_wrap=True)


def _fail(message: str) -> typer.Exit:
    _err.print(f"[bold red]Error:[/] {message}", highlight=False)
    return typer.Exit(code=2)


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _fail(f"--as-of must be a date like 2024-03-31, not {value!r}.") from None


def _sql_as_of(as_of: dt.date | None, parquet: Path | None) -> dt.date:
    """--as-of, else the as-of date of the import kept in --parquet, else today."""
    if as_of is not None:
        return as_of
    if parquet is not None:
        from .importing import read_manifest

        try:
            return dt.date.fromisoformat(read_manifest(parquet)["as_of"])
        except (OSError, ValueError, KeyError, TypeError):
            raise _fail(
                f"No import found in {parquet}: give --as-of, or the folder an import wrote."
            ) from None
    from .importing import today_in_england

    return today_in_england()


def _key(key_file: Path | None, *, required: bool) -> bytes:
    if key_file is not None:
        return key_file.read_bytes().strip()
    if os.environ.get(KEY_ENV):
        return os.environ[KEY_ENV].encode("utf-8")
    if required:
        raise _fail(
            f"Keeping pseudonymised data needs the site's key: pass --key-file or set {KEY_ENV}."
        )
    # Nothing is kept, so a throwaway key is enough: pseudonyms die with the run.
    return secrets.token_bytes(32)


def _contact_types(value: str | None) -> list[str] | None:
    if value is None:
        return None
    # Values as stored: trimmed, blanks dropped, each kept once in the order given.
    types = list(dict.fromkeys(part.strip() for part in value.split(",") if part.strip()))
    if not types:
        raise _fail("--contact-types needs at least one contact type, e.g. 'Face to face'.")
    return types


def analyse_command(
    referrals: Annotated[
        Path | None, typer.Option("--referrals", help="Referrals file (CSV, XLSX or Parquet).")
    ] = None,
    contacts: Annotated[
        Path | None, typer.Option("--contacts", help="Contacts file (CSV, XLSX or Parquet).")
    ] = None,
    capacity: Annotated[
        Path | None, typer.Option("--capacity", help="Optional capacity file.")
    ] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="As-of date (YYYY-MM-DD).")] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the analysis JSON here (default: stdout).")
    ] = None,
    html_out: Annotated[
        Path | None, typer.Option("--html", help="Also write a self-contained HTML summary.")
    ] = None,
    sql: Annotated[
        str | None,
        typer.Option(
            "--sql", help="Print the SQL of every measure: duckdb, spark, postgres, tsql."
        ),
    ] = None,
    mapping: Annotated[
        Path | None, typer.Option("--mapping", help="YAML file mapping your column names.")
    ] = None,
    parquet: Annotated[
        Path | None,
        typer.Option("--parquet", help="Keep the pseudonymised Parquet in this folder."),
    ] = None,
    key_file: Annotated[
        Path | None, typer.Option("--key-file", help=f"Pseudonymisation key (or {KEY_ENV}).")
    ] = None,
    contact_types: Annotated[
        str | None,
        typer.Option(
            "--contact-types",
            help="Count only contacts of these types, comma separated, as written in the "
            "contact_type column (e.g. 'Face to face,Video,Telephone'). Default: all contacts.",
        ),
    ] = None,
    code_7_is_dna: Annotated[
        bool,
        typer.Option(
            "--code-7-is-dna/--no-code-7-is-dna",
            help="Count attendance code 7 (arrived late, could not be seen) as a DNA.",
        ),
    ] = True,
) -> None:
    """Measure demand, capacity, flow and waits from a record-level extract."""
    from .importing import import_extract
    from .measures import analyse_parquet
    from .reading import UnreadableFileError

    as_of_date = _parse_date(as_of)
    types = _contact_types(contact_types)
    if sql is not None:
        from .sql_export import DIALECTS, measures_sql

        if sql not in DIALECTS:
            raise _fail(f"Unknown SQL dialect {sql!r}; use one of {', '.join(DIALECTS)}.")
        typer.echo(
            measures_sql(
                sql,
                as_of=_sql_as_of(as_of_date, parquet),
                contact_types=types,
                code_7_counts_as_dna=code_7_is_dna,
            )
        )
        return
    if referrals is None or contacts is None:
        raise _fail("Give both --referrals and --contacts (or --sql DIALECT).")
    key = _key(key_file, required=parquet is not None)
    with (
        tempfile.TemporaryDirectory(prefix="thrivekit-") as scratch,
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TimeElapsedColumn(),
            console=_err,
            transient=True,
        ) as bar,
    ):
        task = bar.add_task("Importing", total=100)

        def importing(step: str, fraction: float) -> None:
            bar.update(task, description=step, completed=60 * fraction)

        def measuring(step: str, fraction: float) -> None:
            bar.update(task, description=step, completed=60 + 40 * fraction)

        store = parquet or Path(scratch) / "extract"
        try:
            import_extract(
                referrals=referrals,
                contacts=contacts,
                capacity=capacity,
                out_dir=store,
                key=key,
                as_of=as_of_date,
                mapping=mapping,
                progress=importing,
            )
        except (UnreadableFileError, ValueError) as error:  # missing columns are a ValueError
            raise _fail(str(error)) from None
        analysis = analyse_parquet(
            store, progress=measuring, contact_types=types, code_7_counts_as_dna=code_7_is_dna
        )
    text = json.dumps(analysis, indent=2, ensure_ascii=False)
    if json_out is None:
        sys.stdout.write(text + "\n")
    else:
        json_out.write_text(text + "\n", encoding="utf-8")
        _err.print(f"Analysis written to {json_out}")
    if html_out is not None:
        from .html import render_html

        html_out.write_text(render_html(analysis), encoding="utf-8")
        _err.print(f"HTML summary written to {html_out}")


def synth_command(
    out_dir: Annotated[Path, typer.Argument(help="Folder for the synthetic extract.")],
    referrals: Annotated[int, typer.Option("--referrals", min=1, help="Referrals.")] = 10_000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same files).")] = 1,
    contacts_per_referral: Annotated[
        float, typer.Option("--contacts-per-referral", min=0.0, help="Mean contacts.")
    ] = 5.0,
    end: Annotated[str, typer.Option("--end", help="Last day of the 3 years.")] = "2024-12-31",
    file_format: Annotated[str, typer.Option("--format", help="csv or parquet.")] = "csv",
) -> None:
    """Write a realistic synthetic extract, with a few dirty rows of every kind."""
    from .synth import write_extract

    if file_format not in {"csv", "parquet"}:
        raise _fail("--format must be csv or parquet.")
    end_date = _parse_date(end)
    with _err.status("Writing synthetic extract"):
        paths = write_extract(
            out_dir,
            referrals=referrals,
            seed=seed,
            end=end_date,
            contacts_per_referral=contacts_per_referral,
            file_format=file_format,
        )
    for name, path in paths.items():
        _err.print(f"{name}: {path}")
