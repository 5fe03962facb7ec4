"""``thrivekit feedback themes FILE --text-column C [--group-column G] --json OUT``.

Reads a survey export (any platform :mod:`thrivekit.feedback.surveys` reads), suggests themes
in one free-text column and writes them as ``thrivekit.feedback/1`` JSON. Quotes are protected
(names, emails, phone numbers... masked); responses with safeguarding flags are listed by id and
category only, so someone reads them before relying on the themes. Bad input exits 2 and names
the column.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

feedback_app = typer.Typer(
    help="Qualitative feedback: suggested themes in survey exports.", no_args_is_help=True
)
_out = Console(soft_wrap=True)
_err = Console(stderr=True, soft_wrap=True)


def _fail(message: str) -> typer.Exit:
    _err.print(message, markup=False, highlight=False)
    return typer.Exit(2)


def _column(name: str, shape, *, option: str) -> str:
    """The key of the column called ``name`` (its key or its label, any case)."""
    for match in (
        lambda c: c.key == name,
        lambda c: c.label == name,
        lambda c: c.key.casefold() == name.casefold() or c.label.casefold() == name.casefold(),
    ):
        found = [column.key for column in shape.columns if match(column)]
        if found:
            return found[0]
    available = ", ".join(repr(column.key) for column in shape.columns)
    raise _fail(f"{option} {name!r} is not a column of the file. The columns are: {available}.")


@feedback_app.command("themes")
def themes_command(
    file: Annotated[Path, typer.Argument(help="Survey export (CSV or XLSX)")],
    text_column: Annotated[str, typer.Option("--text-column", help="Free-text column")],
    json_out: Annotated[Path, typer.Option("--json", help="Where to write the themes (JSON)")],
    group_column: Annotated[
        str | None, typer.Option("--group-column", help="Respondent group column")
    ] = None,
    max_themes: Annotated[
        int | None, typer.Option("--max-themes", min=1, help="At most this many themes")
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed (results repeat for a seed)")] = 0,
) -> None:
    """Suggest themes in one free-text column of a survey export."""
    from thrivekit.feedback.protect import safeguarding_flags
    from thrivekit.feedback.surveys import ColumnMapping, SurveyError, survey_read, survey_sniff
    from thrivekit.feedback.themes import (
        EMBEDDING_ENV,
        themes_backend,
        themes_document,
        themes_suggest,
    )

    try:
        data = file.read_bytes()
    except OSError as error:
        raise _fail(f"{file}: cannot read the file ({error.strerror}).") from None
    try:
        shape = survey_sniff(data, filename=file.name)
    except SurveyError as error:
        raise _fail(f"{file.name}: {error}") from None
    text_key = _column(text_column, shape, option="--text-column")
    group_key = _column(group_column, shape, option="--group-column") if group_column else None
    mapping = ColumnMapping(id=shape.suggested.id, group=group_key, text=(text_key,))
    try:
        responses = survey_read(data, filename=file.name, mapping=mapping)
    except SurveyError as error:
        for problem in error.problems:
            _err.print(str(problem), markup=False, highlight=False)
        raise _fail(f"{file.name} cannot be read: nothing was written.") from None
    texts = {r.id: " ".join(a.text for a in r.answers) for r in responses if r.answers}
    if not texts:
        raise _fail(f"--text-column {text_column!r} has no answers in {file.name}.")
    method, why = themes_backend()
    if method != "tf-idf + nmf" or os.environ.get(EMBEDDING_ENV):
        _err.print(f"Themes by {method} ({why}).", markup=False, highlight=False)
    themes = themes_suggest(texts, max_themes=max_themes, seed=seed)
    groups = {r.id: r.group or "" for r in responses} if group_key else None
    document = themes_document(
        themes,
        source=file.name,
        text_column=text_key,
        group_column=group_key,
        groups=groups,
        method=method,
    )
    flagged = []
    for rid, text in texts.items():
        categories = sorted({flag.category for flag in safeguarding_flags(text)})
        if categories:
            flagged.append({"response_id": rid, "categories": categories})
    document["safeguarding"] = flagged
    try:
        json_out.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", "utf-8")
    except OSError as error:
        raise _fail(f"{json_out}: cannot write the file ({error.strerror}).") from None
    named = sum(theme.id != "said-once" for theme in themes)
    _out.print(
        f"{named} suggested themes from {len(texts)} responses written to {json_out}.",
        markup=False,
        highlight=False,
    )
    if flagged:
        _err.print(
            f"{len(flagged)} responses have safeguarding flags: read them before the themes "
            '(ids under "safeguarding" in the JSON).',
            markup=False,
            highlight=False,
        )
