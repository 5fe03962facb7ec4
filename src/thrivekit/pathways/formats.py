"""The whole pathway map as JSON, as three CSV files (or a zip of them) and as an Excel workbook.

Exports go through :mod:`thrivekit.exports`, so every text cell is safe to open in a spreadsheet
(text starting with ``=``, ``+``, ``-`` or ``@`` gets a leading ``'``, which imports take off
again).

Imports never raise on a bad file: they return an :class:`ImportResult` that holds either the
map or every problem found, each with the file or sheet, the row (the header is row 1; for JSON,
the item's position in its list, from 1), the column and what is wrong. An import either fully
succeeds or changes nothing.

Tables and columns (the same in every format)::

    services      id, name, provider, sector, groupings, age_min, age_max, local_areas, access,
                  capacity_wte, appointments_per_week, typical_wait_weeks, notes
    entry_points  id, name, kind
    routes        from_id, to_id, kind, volume_per_year

In spreadsheets, ``groupings`` and ``local_areas`` hold several values separated by ``;``.
Groupings, sectors and kinds may be typed as their ids or their names ("Getting Help", "GH",
"A&E", "Step up").
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from thrivekit.exports import FORMULA_TRIGGERS, Sheet, csv_bytes, xlsx_bytes
from thrivekit.inputs import (
    UPLOADS,
    UnreadableInput,
    check_size,
    check_zip,
    read_csv,
    read_xlsx_sheets,
)
from thrivekit.pathways.model import (
    ENTRY_POINT_KIND_NAMES,
    ENTRY_POINT_KINDS,
    ENTRY_POINTS,
    LIST_SEPARATOR,
    ROUTE_KIND_NAMES,
    ROUTE_KINDS,
    ROUTES,
    SERVICES,
    TABLES,
    EntryPoint,
    PathwayMap,
    PathwayMapError,
    Problem,
    Route,
    Service,
    match_grouping,
    match_kind,
    match_sector,
    normalise_kind,
    validate,
)

SCHEMA = "thrivekit.pathways/1"
# The limits are the one upload policy (thrivekit.inputs.UPLOADS); the reader checks the
# size and rows of CSV and XLSX files, this the items of a JSON map.
MAX_ROWS = UPLOADS.max_rows
MAX_PROBLEMS = 500

# Field name -> how its cells are read.
COLUMNS: dict[str, dict[str, str]] = {
    SERVICES: {
        "id": "id",
        "name": "text",
        "provider": "text",
        "sector": "sector",
        "groupings": "groupings",
        "age_min": "whole",
        "age_max": "whole",
        "local_areas": "list",
        "access": "text",
        "capacity_wte": "number",
        "appointments_per_week": "number",
        "typical_wait_weeks": "number",
        "notes": "text",
    },
    ENTRY_POINTS: {"id": "id", "name": "text", "kind": "entry-kind"},
    ROUTES: {"from_id": "id", "to_id": "id", "kind": "route-kind", "volume_per_year": "whole"},
}
REQUIRED: dict[str, tuple[str, ...]] = {
    SERVICES: ("id", "name"),
    ENTRY_POINTS: ("id", "name", "kind"),
    ROUTES: ("from_id", "to_id", "kind"),
}


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with an imported file, where a person can find it."""

    source: str  # the file, or the sheet of a workbook
    message: str
    row: int | None = None
    column: str | None = None
    row_label: str = "row"  # "item" for JSON lists

    def __str__(self) -> str:
        parts = [self.source]
        if self.row is not None:
            parts.append(f"{self.row_label} {self.row}")
        if self.column:
            parts.append(f"column {self.column}" if self.row_label == "row" else self.column)
        return ", ".join(parts) + f": {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass(frozen=True)
class ImportResult:
    """The imported map, or (never both) every problem that stopped it."""

    pathway_map: PathwayMap | None
    problems: tuple[ImportProblem, ...] = ()

    @property
    def ok(self) -> bool:
        return self.pathway_map is not None


# --- export ----------------------------------------------------------------------------------


def _row(item: Any, table: str) -> list[Any]:
    values = []
    for name in COLUMNS[table]:
        value = getattr(item, name)
        if isinstance(value, tuple):
            value = f"{LIST_SEPARATOR} ".join(value)
        values.append(value)
    return values


def _tables(pathway_map: PathwayMap) -> dict[str, list[list[Any]]]:
    return {
        SERVICES: [_row(s, SERVICES) for s in pathway_map.services],
        ENTRY_POINTS: [_row(e, ENTRY_POINTS) for e in pathway_map.entry_points],
        ROUTES: [_row(r, ROUTES) for r in pathway_map.routes],
    }


def to_json_dict(pathway_map: PathwayMap) -> dict[str, Any]:
    """The map as plain JSON values, with its schema name."""

    def item(obj: Any, table: str) -> dict[str, Any]:
        out = {}
        for name in COLUMNS[table]:
            value = getattr(obj, name)
            out[name] = list(value) if isinstance(value, tuple) else value
        return out

    return {
        "schema": SCHEMA,
        SERVICES: [item(s, SERVICES) for s in pathway_map.services],
        ENTRY_POINTS: [item(e, ENTRY_POINTS) for e in pathway_map.entry_points],
        ROUTES: [item(r, ROUTES) for r in pathway_map.routes],
    }


def export_json(pathway_map: PathwayMap) -> bytes:
    """The map as UTF-8 JSON (``"schema": "thrivekit.pathways/1"``)."""
    text = json.dumps(to_json_dict(pathway_map), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def export_csv(pathway_map: PathwayMap) -> dict[str, bytes]:
    """Three CSV files by name: services.csv, entry_points.csv and routes.csv."""
    return {
        f"{table}.csv": csv_bytes(list(COLUMNS[table]), rows)
        for table, rows in _tables(pathway_map).items()
    }


def export_csv_zip(pathway_map: PathwayMap) -> bytes:
    """The three CSV files in one zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in export_csv(pathway_map).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def export_xlsx(pathway_map: PathwayMap) -> bytes:
    """One workbook with the sheets services, entry_points and routes (header on row 1)."""
    sheets = [
        Sheet(name=table, header=list(COLUMNS[table]), rows=rows)
        for table, rows in _tables(pathway_map).items()
    ]
    return xlsx_bytes(sheets, title="Pathway map")


# --- reading cells ---------------------------------------------------------------------------


class _CellError(Exception):
    pass


def _unescape(text: str) -> str:
    """Take off the ``'`` an export put before text that looked like a formula."""
    if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


def _text(raw: Any, *, strict: bool) -> str:
    if raw is None:
        return ""
    if isinstance(raw, str):
        return _unescape(raw).strip()
    if strict or isinstance(raw, bool | dt.date | dt.time | dt.timedelta):
        raise _CellError("must be text")
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))  # a spreadsheet turned "3" into 3.0
    return str(raw)


def _number(raw: Any, *, strict: bool, whole: bool) -> int | float | None:
    what = "a whole number" if whole else "a number"
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool) or isinstance(raw, dt.date | dt.time | dt.timedelta):
        raise _CellError(f"must be {what}")
    if isinstance(raw, str):
        if strict:
            raise _CellError(f"must be {what}, not text")
        text = raw.strip()
        try:
            value: int | float = int(text) if re.fullmatch(r"[+-]?\d+", text) else float(text)
        except ValueError:
            raise _CellError(f"must be {what}, not {raw.strip()!r}") from None
    elif isinstance(raw, int | float):
        value = raw
    else:
        raise _CellError(f"must be {what}")
    if isinstance(value, float) and not math.isfinite(value):
        raise _CellError(f"must be {what}")
    if whole:
        if isinstance(value, float):
            if not value.is_integer():
                raise _CellError(f"must be a whole number, not {value:g}")
            value = int(value)
        return value
    return value


def _list(raw: Any, *, strict: bool) -> list[str]:
    if raw is None:
        return []
    if strict:
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            raise _CellError("must be a list of text")
        return [v.strip() for v in raw]
    text = _text(raw, strict=False)
    return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]


def _cell(kind: str, raw: Any, *, strict: bool) -> Any:
    if kind == "whole":
        return _number(raw, strict=strict, whole=True)
    if kind == "number":
        return _number(raw, strict=strict, whole=False)
    if kind == "list":
        return tuple(_list(raw, strict=strict))
    if kind == "groupings":
        values = _list(raw, strict=strict)
        if not strict and len(values) == 1 and "," in values[0]:
            values = [v.strip() for v in values[0].split(",") if v.strip()]
        return tuple(match_grouping(v) or v for v in values)
    text = _text(raw, strict=strict)
    if kind == "sector":
        return (match_sector(text) or text) if text else ""
    if kind == "entry-kind":
        return match_kind(text, ENTRY_POINT_KINDS, ENTRY_POINT_KIND_NAMES) or text
    if kind == "route-kind":
        return match_kind(text, ROUTE_KINDS, ROUTE_KIND_NAMES) or text
    return text


# --- building a map from parsed tables -------------------------------------------------------


@dataclass
class _Table:
    """A table read from a file: raw cell values by field, and where each row came from."""

    source: str
    rows: list[tuple[int, dict[str, Any]]]
    row_label: str = "row"


class _Collector:
    def __init__(self) -> None:
        self.problems: list[ImportProblem] = []

    def add(self, problem: ImportProblem) -> None:
        self.problems.append(problem)


def _build(tables: Mapping[str, _Table], collector: _Collector, *, strict: bool) -> ImportResult:
    items: dict[str, list[Any]] = {t: [] for t in TABLES}
    rows: dict[str, list[int]] = {t: [] for t in TABLES}
    for table_name in TABLES:
        table = tables[table_name]
        for row_number, cells in table.rows:
            values: dict[str, Any] = {}
            for field_name, kind in COLUMNS[table_name].items():
                if field_name not in cells:
                    continue
                try:
                    values[field_name] = _cell(kind, cells[field_name], strict=strict)
                except _CellError as error:
                    collector.add(
                        ImportProblem(
                            table.source, str(error), row_number, field_name, table.row_label
                        )
                    )
            items[table_name].append(_make(table_name, values))
            rows[table_name].append(row_number)
    for problem in validate(items[SERVICES], items[ENTRY_POINTS], items[ROUTES]):
        if problem.table is None or problem.index is None:
            collector.add(ImportProblem("map", problem.message))
            continue
        table = tables[problem.table]
        message = problem.message
        if problem.clashes_with is not None:
            other_table, other_index = problem.clashes_with
            other = tables[other_table]
            message += f" ({other.source}, {other.row_label} {rows[other_table][other_index]})"
        collector.add(
            ImportProblem(
                table.source,
                message,
                rows[problem.table][problem.index],
                problem.field,
                table.row_label,
            )
        )
    if collector.problems:
        # In the order a person reads the files: table by table, row by row.
        order = {tables[name].source: n for n, name in enumerate(TABLES)}
        collector.problems.sort(key=lambda p: (order.get(p.source, len(order)), p.row or 0))
        return _failed(collector)
    try:
        pathway_map = PathwayMap(
            services=tuple(items[SERVICES]),
            entry_points=tuple(items[ENTRY_POINTS]),
            routes=tuple(items[ROUTES]),
        )
    except PathwayMapError as error:  # validate() above should have caught everything
        return _failed(_Collector(), extra=error.problems)
    return ImportResult(pathway_map)


def _make(table: str, values: dict[str, Any]) -> Any:
    if table == SERVICES:
        return Service(id=values.pop("id", ""), name=values.pop("name", ""), **values)
    if table == ENTRY_POINTS:
        return EntryPoint(id=values.pop("id", ""), name=values.pop("name", ""), **values)
    return Route(from_id=values.pop("from_id", ""), to_id=values.pop("to_id", ""), **values)


def _failed(collector: _Collector, extra: Sequence[Problem] = ()) -> ImportResult:
    problems = collector.problems + [ImportProblem("map", str(p)) for p in extra]
    if len(problems) > MAX_PROBLEMS:
        more = len(problems) - MAX_PROBLEMS
        problems = problems[:MAX_PROBLEMS] + [
            ImportProblem("import", f"… and {more} more problems not shown")
        ]
    return ImportResult(None, tuple(problems))


def _failure(source: str, message: str) -> ImportResult:
    return ImportResult(None, (ImportProblem(source, message),))


# --- tables from rows of cells (CSV and XLSX) ------------------------------------------------


def _normalise_header(name: Any) -> str:
    text = "" if name is None else str(name)
    return normalise_kind(_unescape(text.strip())).replace("-", "_")


def _is_blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _read_rows(
    table_name: str, source: str, rows: Sequence[Sequence[Any]], collector: _Collector
) -> _Table | None:
    """A table from rows of cells: the first non-blank row is the header (row 1 usually)."""
    table = _Table(source, [])
    numbered = [(n, row) for n, row in enumerate(rows, start=1) if not all(map(_is_blank, row))]
    if not numbered:
        collector.add(
            ImportProblem(
                source, f"is empty: expected a header row ({', '.join(COLUMNS[table_name])})"
            )
        )
        return None
    header_row, header = numbered[0]
    known = COLUMNS[table_name]
    positions: dict[str, int] = {}
    ok = True
    for position, raw in enumerate(header):
        if _is_blank(raw):
            continue
        name = _normalise_header(raw)
        if name not in known:
            collector.add(
                ImportProblem(
                    source,
                    f"unknown column {str(raw).strip()!r}; the columns are {', '.join(known)}",
                    header_row,
                )
            )
            ok = False
        elif name in positions:
            collector.add(ImportProblem(source, f"the column {name} appears twice", header_row))
            ok = False
        else:
            positions[name] = position
    missing = [name for name in REQUIRED[table_name] if name not in positions]
    if missing:
        collector.add(
            ImportProblem(
                source,
                f"missing column(s) {', '.join(missing)}; the header is row {header_row}",
                header_row,
            )
        )
        ok = False
    if not ok:
        return None
    width = max(positions.values()) + 1
    for row_number, row in numbered[1:]:
        extra = [cell for cell in row[width:] if not _is_blank(cell)]
        if extra:
            collector.add(
                ImportProblem(source, "has values beyond the last named column", row_number)
            )
        cells = {name: (row[i] if i < len(row) else None) for name, i in positions.items()}
        table.rows.append((row_number, cells))
    return table


def _table_for_name(name: str) -> str | None:
    stem = PurePosixPath(name.replace("\\", "/")).name
    stem = re.sub(r"\.csv$", "", stem, flags=re.IGNORECASE)
    wanted = normalise_kind(stem).replace("-", "_")
    return wanted if wanted in TABLES else None


def _problem(error: UnreadableInput) -> ImportProblem:
    return ImportProblem(error.file_name, error.problem)


def _decode_csv(data: bytes, source: str, collector: _Collector) -> list[tuple[str, ...]] | None:
    try:
        return read_csv(data, file_name=source, limits=UPLOADS)
    except UnreadableInput as error:
        collector.add(_problem(error))
        return None


def import_csv(files: Mapping[str, bytes]) -> ImportResult:
    """Import the three CSV files, given by file name (services.csv, entry_points.csv, …)."""
    collector = _Collector()
    tables: dict[str, _Table] = {}
    found: dict[str, str] = {}
    for name, data in files.items():
        table_name = _table_for_name(name)
        if table_name is None:
            collector.add(
                ImportProblem(name, "is not one of services.csv, entry_points.csv and routes.csv")
            )
            continue
        if table_name in found:
            collector.add(
                ImportProblem(name, f"is a second {table_name} file ({found[table_name]})")
            )
            continue
        found[table_name] = name
        rows = _decode_csv(data, name, collector)
        if rows is not None:
            table = _read_rows(table_name, name, rows, collector)
            if table is not None:
                tables[table_name] = table
    for table_name in TABLES:
        if table_name not in found:
            collector.add(ImportProblem(f"{table_name}.csv", "is missing"))
    if collector.problems:
        return _failed(collector)
    return _build(tables, collector, strict=False)


def _open_zip(data: bytes, source: str, what: str) -> zipfile.ZipFile | ImportResult:
    try:
        check_zip(data, file_name=source, limits=UPLOADS, what=what)  # it opened the zip
    except UnreadableInput as error:
        return _failure(source, error.problem)
    return zipfile.ZipFile(io.BytesIO(data))


def import_csv_zip(data: bytes, *, source: str = "zip file") -> ImportResult:
    """Import a zip holding services.csv, entry_points.csv and routes.csv (folders ignored)."""
    archive = _open_zip(data, source, "a zip file")
    if isinstance(archive, ImportResult):
        return archive
    files: dict[str, bytes] = {}
    try:
        with archive:
            for info in archive.infolist():
                base = PurePosixPath(info.filename).name
                if info.is_dir() or base.startswith(".") or "__MACOSX" in info.filename:
                    continue
                files[info.filename] = archive.read(info)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        return _failure(source, f"cannot be unpacked: {error}")
    return import_csv(files)


def import_xlsx(data: bytes, *, source: str = "workbook") -> ImportResult:
    """Import a workbook with the sheets services, entry_points and routes."""
    by_table: dict[str, str] = {}

    def wanted(title: str) -> bool:
        table_name = _table_for_name(title)
        if table_name is None or table_name in by_table:
            return False
        by_table[table_name] = title
        return True

    try:
        sheets = read_xlsx_sheets(data, file_name=source, limits=UPLOADS, wanted=wanted)
    except UnreadableInput as error:
        return _failure(error.file_name, error.problem)
    collector = _Collector()
    tables: dict[str, _Table] = {}
    for table_name in TABLES:
        title = by_table.get(table_name)
        if title is None:
            collector.add(ImportProblem(source, f"has no sheet called {table_name}"))
            continue
        table = _read_rows(table_name, f"sheet {title}", sheets[title], collector)
        if table is not None:
            tables[table_name] = table
    if collector.problems:
        return _failed(collector)
    return _build(tables, collector, strict=False)


def import_json(data: bytes | str, *, source: str = "JSON") -> ImportResult:
    """Import a map exported as JSON (``"schema": "thrivekit.pathways/1"``)."""
    try:
        check_size(data if isinstance(data, bytes) else data.encode(), file_name=source)
    except UnreadableInput as error:
        return _failure(source, error.problem)
    try:
        document = json.loads(data)
    except UnicodeDecodeError:
        return _failure(source, "is not UTF-8 text")
    except json.JSONDecodeError as error:
        return _failure(
            source, f"is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        )
    except RecursionError:
        return _failure(source, "is nested too deeply")
    if not isinstance(document, dict):
        return _failure(source, "must be a JSON object with schema, services, entry_points, routes")
    collector = _Collector()
    if document.get("schema") != SCHEMA:
        collector.add(
            ImportProblem(
                source,
                f"has schema {document.get('schema')!r}; expected {SCHEMA!r} "
                "(a thrivekit pathway map)",
            )
        )
    for key in document:
        if key not in (*TABLES, "schema"):
            collector.add(ImportProblem(source, f"has an unknown key {key!r}"))
    tables: dict[str, _Table] = {}
    for table_name in TABLES:
        items = document.get(table_name, [])
        if not isinstance(items, list):
            collector.add(ImportProblem(source, f"{table_name} must be a list"))
            continue
        if len(items) > MAX_ROWS:
            collector.add(ImportProblem(source, f"{table_name} has more than {MAX_ROWS:,} items"))
            continue
        table = _Table(f"{source} {table_name}", [], row_label="item")
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                collector.add(
                    ImportProblem(table.source, "must be an object", number, None, "item")
                )
                continue
            for key in REQUIRED[table_name]:
                if key not in item:
                    collector.add(ImportProblem(table.source, "is required", number, key, "item"))
            unknown = [k for k in item if k not in COLUMNS[table_name]]
            for key in unknown:
                collector.add(
                    ImportProblem(table.source, "is not a known field", number, str(key), "item")
                )
            table.rows.append((number, {k: v for k, v in item.items() if k not in unknown}))
        tables[table_name] = table
    if collector.problems:
        return _failed(collector)
    return _build(tables, collector, strict=True)


_IMPORTERS: dict[str, Callable[..., ImportResult]] = {
    ".json": import_json,
    ".xlsx": import_xlsx,
    ".zip": import_csv_zip,
}


def import_file(data: bytes, *, filename: str) -> ImportResult:
    """Import one uploaded file by its extension: .json, .xlsx or a .zip of the CSV files."""
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix.casefold()
    importer = _IMPORTERS.get(suffix)
    if importer is None:
        return _failure(
            filename,
            "is not a pathway map file: upload .json, .xlsx, a .zip of the three CSV files, "
            "or the three CSV files together",
        )
    return importer(data, source=filename)
