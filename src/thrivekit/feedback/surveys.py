"""Survey exports read as they come from the platforms sites use.

Microsoft Forms (xlsx: ID, Start time, Completion time, Email, Name, then one column a question;
multiple choices joined with ``;``), LimeSurvey (CSV with question codes ``Q1``, ``Q2[SQ001]``, or
full question text ``Which services? [School nurse]``), REDCap (raw or labels, with its data
dictionary if given: checkboxes as ``field___code``), KoboToolbox (group paths ``group_x/q1``,
multi-selects space-separated plus one 0/1 column an option), SmartSurvey CSV, and any other CSV
or XLSX. :func:`survey_sniff` says what a file looks like and suggests a mapping;
:func:`survey_read` turns it into responses, or raises :class:`SurveyError` listing every row
problem (nothing half-imported). Messages name rows and columns, never what people wrote.

Tables are read by :mod:`thrivekit.inputs.spreadsheets` (the project's one reader, with its size
limits); this module only adds UTF-16 (which some Excel "Unicode text" saves use) before it.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from thrivekit.inputs.spreadsheets import (
    UnreadableInput,
    kind_of,
    read_csv,
    read_table,
    sniff_delimiter,
)

PLATFORMS = ("microsoft-forms", "limesurvey", "redcap", "kobo", "smartsurvey", "generic")
KINDS = ("text", "choice", "multi", "number", "date", "id", "other")


@dataclass(frozen=True)
class ColumnMapping:
    id: str | None = None  # column holding the respondent/response id (None: row numbers)
    time: str | None = None  # submission time column
    group: str | None = None  # respondent group column
    area: str | None = None  # local area column
    text: tuple[str, ...] = ()  # free-text question columns (column keys)


@dataclass(frozen=True)
class SurveyColumn:
    key: str
    label: str
    kind: str  # one of KINDS


@dataclass(frozen=True)
class SurveyShape:
    platform: str  # one of PLATFORMS
    encoding: str  # "utf-8", "utf-8-sig", "cp1252", "utf-16", or "xlsx" for a workbook
    delimiter: str | None  # None for a workbook
    columns: tuple[SurveyColumn, ...]
    suggested: ColumnMapping
    rows: int


@dataclass(frozen=True)
class Answer:
    question: str  # the column's human label
    text: str


@dataclass(frozen=True)
class SurveyResponse:
    id: str
    submitted: str | None  # ISO 8601 date or datetime
    group: str | None
    area: str | None
    answers: tuple[Answer, ...]  # free-text answers only, non-empty
    choices: dict[str, tuple[str, ...]]  # choice/multi answers by question label


@dataclass(frozen=True)
class RowProblem:
    row: int | None  # the row in the file (the header is row 1); None for the whole file
    column: str | None
    message: str  # never echoes personal values

    def __str__(self) -> str:
        where = [f"row {self.row}"] if self.row is not None else []
        if self.column:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class SurveyError(ValueError):
    """The file cannot be imported; ``problems`` lists every problem found (row by row)."""

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        self.problems = list(problems)
        shown = "; ".join(str(problem) for problem in self.problems[:5])
        more = len(self.problems) - 5
        super().__init__(shown + (f"; and {more} more" if more > 0 else ""))


# --- Reading the table ------------------------------------------------------------------------


@dataclass
class _Table:
    headers: list[str]
    rows: list[tuple[int, list[Any]]]  # (row number in the file, cells), empty rows left out
    encoding: str
    delimiter: str | None


def _decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was in: UTF-16 (by its byte-order mark, or the zero bytes
    of ASCII text without one), UTF-8 with or without a mark, else Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    head = data[:200]
    if len(head) >= 4 and head[1::2].count(0) > len(head) // 4:
        try:
            return data.decode("utf-16-le"), "utf-16"
        except UnicodeDecodeError:
            pass
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return str(value)
    return value  # dates and datetimes from a workbook stay as they are


def _load(data: bytes, filename: str) -> _Table:
    try:
        kind = kind_of(filename, data[:2])
        if kind == "csv":
            if not data.strip():
                raise SurveyError([RowProblem(None, None, "The file is empty.")])
            text, encoding = _decode(data)
            text = text.lstrip("\ufeff")
            delimiter = sniff_delimiter(text)
            rows = read_csv(text.encode("utf-8"), file_name=filename)
        else:
            encoding, delimiter = "xlsx", None
            rows = read_table(data, file_name=filename)
    except UnreadableInput as error:
        raise SurveyError([RowProblem(None, None, str(error))]) from None
    except csv.Error:
        raise SurveyError(
            [RowProblem(None, None, "The file is not a readable CSV file.")]
        ) from None
    if not rows or not rows[0]:
        raise SurveyError([RowProblem(None, None, "The file has no header row.")])
    headers = _unique([str(_cell(h)) for h in rows[0]])
    body = [
        (number, [_cell(c) for c in row]) for number, row in enumerate(rows[1:], start=2) if row
    ]
    return _Table(headers, body, encoding, delimiter)


def _unique(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for position, header in enumerate(headers, start=1):
        header = header or f"Column {position}"
        if header in seen:
            seen[header] += 1
            header = f"{header} [{seen[header]}]"
        else:
            seen[header] = 1
        out.append(header)
    return out


# --- Questions: one or more columns of the file -----------------------------------------------


@dataclass
class _Question:
    key: str
    label: str
    kind: str
    columns: list[int]  # positions in the table
    options: list[str] = field(default_factory=list)  # option a column, for 0/1 columns
    split: str | None = None  # separator of a multi-select held in one column
    codes: dict[str, str] | None = None  # code -> label (REDCap raw with its dictionary)


_TRUE = {"1", "y", "yes", "true", "checked", "selected", "x"}
_FALSE = {"", "0", "n", "no", "false", "unchecked", "not selected"}
# Columns that hold who someone is, never treated as free text.
_PERSONAL = re.compile(
    r"(\be-?mail\b|^(full |first |last |your |respondent )?name$|^surname$|ip ?address|ipaddr|"
    r"phone|mobile number|^refurl$|referrer url|^deviceid$|device id|_submitted_by|user ?agent|"
    r"^unique id$|^seed$|date of birth|\bdob\b|postcode|nhs number)",
    re.IGNORECASE,
)
_ID_NAMES = re.compile(
    r"^(id|response id|responseid|record[_ ]id|_uuid|_id|userid|user id|respondent id|"
    r"submission id|uuid|respondent|response number|ref|reference)$",
    re.IGNORECASE,
)
_TIME_NAMES = re.compile(
    r"(completion time|submitdate|date submitted|_submission_time|submitted|timestamp|"
    r"^ended$|^end$|completed|date|time)",
    re.IGNORECASE,
)
_GROUP_NAMES = re.compile(
    r"(group|respondent|role|who are you|are you a|i am a|answering as|relationship|"
    r"describes? you|you are)",
    re.IGNORECASE,
)
_AREA_NAMES = re.compile(
    r"(area|locality|borough|district|ward|neighbourhood|town|where do you live|place|region|"
    r"school cluster|primary care network|pcn)",
    re.IGNORECASE,
)
_DATE_TEXT = re.compile(
    r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$"
)


def _iso(value: Any) -> str | None:
    """An ISO 8601 date or datetime, or None if ``value`` is not a date."""
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return None
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        parsed = None
    if parsed is not None:
        if len(text) == 10:
            return parsed.date().isoformat()
        return parsed.replace(microsecond=0).isoformat()
    match = _DATE_TEXT.match(text)
    if not match:
        return None
    first, second, year, hour, minute, second_s, ampm = match.groups()
    day, month = int(first), int(second)
    if month > 12 and day <= 12:  # 3/15/2024: American order, as Forms writes in the US
        day, month = month, day
    year_n = int(year) + (2000 if len(year) == 2 else 0)
    try:
        if hour is None:
            return dt.date(year_n, month, day).isoformat()
        hour_n = (
            int(hour) % 12 + (12 if ampm and ampm.lower() == "pm" else 0) if ampm else int(hour)
        )
        # The export's own local time, as written: no zone is added.
        date = dt.date(year_n, month, day).isoformat()
        clock = dt.time(hour_n, int(minute), int(second_s or 0)).isoformat()
        return f"{date}T{clock}"
    except ValueError:
        return None


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


def _guess_kind(header: str, values: list[Any]) -> str:
    filled = [v for v in values if v not in ("", None)]
    if _PERSONAL.search(header.strip()):
        return "other"
    if _ID_NAMES.match(header.strip()):
        return "id"
    if not filled:
        return "other"
    if all(isinstance(v, (dt.date, dt.datetime)) or _iso(v) for v in filled):
        return "date"
    texts = [str(v) for v in filled]
    if all(_is_number(t) for t in texts):
        return "number"
    distinct = set(texts)
    longest = max(len(t) for t in texts)
    mean_words = sum(len(t.split()) for t in texts) / len(texts)
    if sum(t.rstrip().endswith(";") or ";" in t for t in texts) >= max(1, len(texts) // 2) and (
        longest <= 200 and mean_words < 12
    ):
        return "multi"
    if longest > 60 or mean_words >= 6:
        return "text"
    # Short answers repeated (or too few rows to tell) are choices.
    if (
        mean_words <= 5
        and longest <= 50
        and (len(distinct) <= 20 or len(distinct) * 2 <= len(texts))
    ):
        return "choice"
    if mean_words >= 3:
        return "text"
    return "other"


def _humanise(code: str) -> str:
    words = code.replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else code


# --- Platforms --------------------------------------------------------------------------------


def _platform(headers: list[str], dictionary: bytes | None) -> str:
    lowered = {h.casefold() for h in headers}
    if {"id", "start time", "completion time"} <= lowered:
        return "microsoft-forms"
    if (
        dictionary is not None
        or "redcap_survey_identifier" in lowered
        or ("redcap_event_name" in lowered)
    ):
        return "redcap"
    if (
        headers
        and headers[0].casefold() in {"record_id", "record id"}
        and any(
            "___" in h or "(choice=" in h or h.endswith("_complete") or h.endswith("Complete?")
            for h in headers
        )
    ):
        return "redcap"
    if {"submitdate", "lastpage", "startlanguage"} <= lowered or (
        {"date submitted", "last page", "start language"} <= lowered
    ):
        return "limesurvey"
    if (
        "_uuid" in lowered
        or "_submission_time" in lowered
        or (sum("/" in h for h in headers) >= 2 and "_id" in lowered)
    ):
        return "kobo"
    if {"userid", "started", "ended"} <= lowered:
        return "smartsurvey"
    return "generic"


def _values(table: _Table, position: int) -> list[Any]:
    return [cells[position] if position < len(cells) else "" for _, cells in table.rows]


def _plain(table: _Table, position: int, *, label: str | None = None) -> _Question:
    header = table.headers[position]
    kind = _guess_kind(header, _values(table, position))
    return _Question(
        key=header,
        label=label or header,
        kind=kind,
        columns=[position],
        split=";" if kind == "multi" else None,
    )


def _grouped(
    table: _Table, parts: dict[int, tuple[str, str, str]], *, plain_label=None
) -> list[_Question]:
    """Questions from ``parts``: position -> (question key, question label, option) for columns
    that are one option of a multi-choice; other columns are questions on their own."""
    questions: list[_Question] = []
    by_key: dict[str, _Question] = {}
    for position, header in enumerate(table.headers):
        if position in parts:
            key, label, option = parts[position]
            question = by_key.get(key)
            if question is None:
                question = _Question(key=key, label=label, kind="multi", columns=[], options=[])
                by_key[key] = question
                questions.append(question)
            question.columns.append(position)
            question.options.append(option)
        else:
            label = plain_label(header) if plain_label else None
            questions.append(_plain(table, position, label=label))
    return questions


_LIME_CODE = re.compile(r"^(?P<q>[A-Za-z][A-Za-z0-9_]*)\[(?P<sq>[^\]]+)\]$")
_LIME_CODE_TEXT = re.compile(
    r"^(?P<q>[A-Za-z][A-Za-z0-9_]*)(?:\[(?P<sq>[^\]]+)\])?\.\s+(?P<text>.+)$"
)
_BRACKETED_OPTION = re.compile(r"^(?P<text>.+?)\s*\[(?P<option>[^\]]+)\]$")
_LIME_META = {
    "id": "Response ID",
    "submitdate": "Date submitted",
    "lastpage": "Last page",
    "startlanguage": "Start language",
    "seed": "Seed",
    "startdate": "Date started",
    "datestamp": "Date last action",
    "ipaddr": "IP address",
    "refurl": "Referrer URL",
    "token": "Access code",
}


def _limesurvey(table: _Table) -> list[_Question]:
    parts: dict[int, tuple[str, str, str]] = {}
    # Full-text headings: "Question text [Option]" shared by two or more columns.
    prefixes: dict[str, int] = {}
    for header in table.headers:
        match = _BRACKETED_OPTION.match(header)
        if match and not _LIME_CODE.match(header):
            prefixes[match["text"]] = prefixes.get(match["text"], 0) + 1
    for position, header in enumerate(table.headers):
        coded = _LIME_CODE_TEXT.match(header)
        if coded and coded["sq"]:
            text_match = _BRACKETED_OPTION.match(coded["text"])
            label = text_match["text"] if text_match else coded["q"]
            option = text_match["option"] if text_match else coded["sq"]
            if not coded["sq"].endswith("comment") and coded["sq"] != "other":
                parts[position] = (coded["q"], label, option)
            continue
        match = _LIME_CODE.match(header)
        if match and not match["sq"].endswith("comment") and match["sq"] != "other":
            parts[position] = (match["q"], match["q"], match["sq"])
            continue
        bracket = _BRACKETED_OPTION.match(header)
        if bracket and prefixes.get(bracket["text"], 0) >= 2 and bracket["option"] != "Other":
            parts[position] = (bracket["text"], bracket["text"], bracket["option"])
    questions = _grouped(table, parts, plain_label=lambda h: _LIME_META.get(h))
    for question in questions:
        if question.key in ("id", "Response ID"):
            question.kind = "id"
        elif question.key in ("ipaddr", "IP address", "refurl", "Referrer URL", "seed", "Seed"):
            question.kind = "other"
        elif question.key in ("lastpage", "Last page", "startlanguage", "Start language"):
            question.kind = "other"
    return questions


def _kobo(table: _Table) -> list[_Question]:
    headers = table.headers
    present = set(headers)
    parts: dict[int, tuple[str, str, str]] = {}
    for position, header in enumerate(headers):
        if "/" not in header:
            continue
        parent, option = header.rsplit("/", 1)
        if parent in present:
            values = {str(v) for v in _values(table, position)}
            if values <= {"0", "1", "", "True", "False", "true", "false"}:
                parts[position] = (parent, parent, option)
    # The 0/1 columns repeat what the space-separated parent column holds: keep the parent.
    questions = []
    parents = {key for key, _, _ in parts.values()}
    for position, header in enumerate(headers):
        if position in parts:
            continue
        label = _humanise(header.rsplit("/", 1)[-1])
        question = _plain(table, position, label=label)
        if header in parents:
            question.kind, question.split = "multi", " "
        elif header.startswith("_") or header in ("deviceid", "__version__", "meta/instanceID"):
            question.kind = {"_uuid": "id", "_submission_time": "date"}.get(header, "other")
        elif question.kind == "multi":
            question.split = ";"
        questions.append(question)
    return questions


_REDCAP_CHECKBOX_RAW = re.compile(r"^(?P<field>\w+?)___(?P<code>[\w-]+)$")
_REDCAP_CHECKBOX_LABEL = re.compile(r"^(?P<label>.+?)\s*\(choice=(?P<option>.+)\)$", re.DOTALL)


@dataclass(frozen=True)
class _RedcapField:
    name: str
    kind: str  # REDCap's field type
    label: str
    choices: dict[str, str]
    validation: str
    identifier: bool


def _redcap_dictionary(dictionary: bytes) -> dict[str, _RedcapField]:
    table = _load(dictionary, "dictionary.csv")
    lowered = [h.casefold() for h in table.headers]

    def column(*names: str) -> int | None:
        for name in names:
            for position, header in enumerate(lowered):
                if header.startswith(name):
                    return position
        return None

    name_at = column("variable / field name", "variable")
    type_at = column("field type")
    label_at = column("field label")
    choices_at = column("choices, calculations", "choices")
    valid_at = column("text validation type", "text validation")
    ident_at = column("identifier?")
    if name_at is None or type_at is None or label_at is None:
        raise SurveyError(
            [
                RowProblem(
                    None,
                    None,
                    "The data dictionary has no 'Variable / Field Name', 'Field Type' and "
                    "'Field Label' columns: export it from REDCap's Data Dictionary page.",
                )
            ]
        )

    def get(cells: list[Any], at: int | None) -> str:
        return str(cells[at]).strip() if at is not None and at < len(cells) else ""

    fields: dict[str, _RedcapField] = {}
    for _, cells in table.rows:
        name = get(cells, name_at)
        if not name:
            continue
        choices: dict[str, str] = {}
        raw_choices = get(cells, choices_at)
        kind = get(cells, type_at).casefold()
        if kind in ("radio", "dropdown", "checkbox") and raw_choices:
            for piece in raw_choices.split("|"):
                code, _, label = piece.partition(",")
                if code.strip():
                    choices[code.strip()] = label.strip() or code.strip()
        elif kind == "yesno":
            choices = {"1": "Yes", "0": "No"}
        elif kind == "truefalse":
            choices = {"1": "True", "0": "False"}
        fields[name] = _RedcapField(
            name=name,
            kind=kind,
            label=re.sub(r"<[^>]+>", "", get(cells, label_at)).strip() or name,
            choices=choices,
            validation=get(cells, valid_at).casefold(),
            identifier=get(cells, ident_at).casefold() in ("y", "yes"),
        )
    return fields


def _redcap(table: _Table, dictionary: bytes | None) -> list[_Question]:
    fields = _redcap_dictionary(dictionary) if dictionary is not None else {}
    parts: dict[int, tuple[str, str, str]] = {}
    codes: dict[str, dict[str, str]] = {}
    for position, header in enumerate(table.headers):
        raw = _REDCAP_CHECKBOX_RAW.match(header)
        if raw:
            name, code = raw["field"], raw["code"]
            info = fields.get(name)
            label = info.label if info else _humanise(name)
            option = info.choices.get(code, code) if info else code
            parts[position] = (name, label, option)
            continue
        labelled = _REDCAP_CHECKBOX_LABEL.match(header)
        if labelled:
            label = labelled["label"]
            parts[position] = (label, label, labelled["option"].strip())
    questions = _grouped(table, parts)
    for question in questions:
        info = fields.get(question.key)
        if question.kind == "multi" and question.columns and len(question.options):
            continue
        if question.key in ("record_id", "Record ID") or (
            question.columns == [0] and question.key.casefold().endswith("id")
        ):
            question.kind = "id"
            continue
        if question.key in ("redcap_survey_identifier", "Survey Identifier"):
            question.kind = "other"
            continue
        if question.key.endswith("_complete") or question.key.endswith("Complete?"):
            question.kind = "other"
            continue
        if question.key.endswith("_timestamp") or question.key == "Survey Timestamp":
            question.kind = "date"
            continue
        if info is None:
            continue
        question.label = info.label
        if info.identifier:
            question.kind = "other"
        elif info.kind == "notes":
            question.kind = "text"
        elif info.kind in ("radio", "dropdown", "yesno", "truefalse"):
            question.kind = "choice"
            question.codes = info.choices
            codes[question.key] = info.choices
        elif info.kind == "text" and info.validation.startswith(("date", "datetime")):
            question.kind = "date"
        elif info.kind == "text" and info.validation in ("integer", "number", "number_1dp"):
            question.kind = "number"
        elif info.kind in ("calc", "slider"):
            question.kind = "number"
        elif info.kind in ("descriptive", "file", "signature"):
            question.kind = "other"
    return questions


_FORMS_META = {
    "id": "id",
    "start time": "date",
    "completion time": "date",
    "last modified time": "date",
    "email": "other",
    "name": "other",
    "total points": "number",
    "quiz feedback": "other",
}


def _microsoft_forms(table: _Table) -> list[_Question]:
    questions = []
    for position, header in enumerate(table.headers):
        question = _plain(table, position)
        meta = _FORMS_META.get(header.casefold())
        if meta:
            question.kind = meta
            question.split = None
        elif header.casefold().startswith(("points - ", "feedback - ")):
            question.kind = "other"
        questions.append(question)
    return questions


_SMART_META = {
    "userid": "id",
    "userno": "other",
    "name": "other",
    "email": "other",
    "ip address": "other",
    "unique id": "other",
    "started": "date",
    "ended": "date",
}


def _smartsurvey(table: _Table) -> list[_Question]:
    questions = []
    for position, header in enumerate(table.headers):
        question = _plain(table, position)
        meta = _SMART_META.get(header.casefold())
        if meta:
            question.kind, question.split = meta, None
        questions.append(question)
    return questions


def _questions(table: _Table, platform: str, dictionary: bytes | None) -> list[_Question]:
    if platform == "microsoft-forms":
        return _microsoft_forms(table)
    if platform == "limesurvey":
        return _limesurvey(table)
    if platform == "redcap":
        return _redcap(table, dictionary)
    if platform == "kobo":
        return _kobo(table)
    if platform == "smartsurvey":
        return _smartsurvey(table)
    return [_plain(table, position) for position in range(len(table.headers))]


_TIME_PREFERENCE = (
    "completion time",
    "submitdate",
    "date submitted",
    "_submission_time",
    "ended",
    "end",
    "survey timestamp",
)


def _suggest(questions: list[_Question]) -> ColumnMapping:
    ids = [q for q in questions if q.kind == "id"]
    dates = [q for q in questions if q.kind == "date"]
    time = next(
        (q for name in _TIME_PREFERENCE for q in dates if q.key.casefold() == name),
        None,
    ) or next((q for q in dates if q.key.endswith("_timestamp")), None)
    if time is None:
        time = next((q for q in dates if _TIME_NAMES.search(q.label)), None)
    choices = [q for q in questions if q.kind == "choice"]
    group = next((q for q in choices if _GROUP_NAMES.search(q.label)), None)
    area = next((q for q in choices if q is not group and _AREA_NAMES.search(q.label)), None)
    texts = tuple(q.key for q in questions if q.kind == "text")
    return ColumnMapping(
        id=ids[0].key if ids else None,
        time=time.key if time else None,
        group=group.key if group else None,
        area=area.key if area else None,
        text=texts,
    )


def _analyse(
    data: bytes, filename: str, dictionary: bytes | None
) -> tuple[_Table, str, list[_Question]]:
    table = _load(data, filename)
    platform = _platform(table.headers, dictionary)
    return table, platform, _questions(table, platform, dictionary)


def survey_sniff(data: bytes, *, filename: str, dictionary: bytes | None = None) -> SurveyShape:
    """What the export looks like: its platform, encoding, questions and a suggested mapping."""
    table, platform, questions = _analyse(data, filename, dictionary)
    return SurveyShape(
        platform=platform,
        encoding=table.encoding,
        delimiter=table.delimiter,
        columns=tuple(SurveyColumn(q.key, q.label, q.kind) for q in questions),
        suggested=_suggest(questions),
        rows=len(table.rows),
    )


# --- Reading responses ------------------------------------------------------------------------


def _check_mapping(mapping: ColumnMapping, by_key: dict[str, _Question]) -> list[RowProblem]:
    problems = []
    available = ", ".join(repr(key) for key in by_key)
    for role in ("id", "time", "group", "area"):
        key = getattr(mapping, role)
        if key is not None and key not in by_key:
            problems.append(
                RowProblem(None, key, f"There is no {role} column {key!r}; columns: {available}.")
            )
    for key in mapping.text:
        if key not in by_key:
            problems.append(
                RowProblem(None, key, f"There is no text column {key!r}; columns: {available}.")
            )
    if not mapping.text:
        problems.append(RowProblem(None, None, "Choose at least one free-text column."))
    return problems


def _single(question: _Question, cells: list[Any]) -> Any:
    position = question.columns[0]
    return cells[position] if position < len(cells) else ""


def _choice_values(
    question: _Question, cells: list[Any], row: int, problems: list[RowProblem]
) -> tuple[str, ...]:
    if question.options:  # one 0/1 column an option
        picked = []
        for position, option in zip(question.columns, question.options, strict=True):
            value = cells[position] if position < len(cells) else ""
            flag = str(value).strip().casefold()
            if flag in _TRUE or (flag and flag == option.casefold()):
                picked.append(option)
            elif flag not in _FALSE:
                problems.append(
                    RowProblem(row, question.key, f"option {option!r} is not ticked or unticked.")
                )
        return tuple(picked)
    value = str(_single(question, cells)).strip()
    if not value:
        return ()
    if question.split:
        parts = [p.strip() for p in value.split(question.split) if p.strip()]
    else:
        parts = [value]
    if question.codes is not None:
        labels = []
        for part in parts:
            if part in question.codes:
                labels.append(question.codes[part])
            elif part in question.codes.values():  # a labels export
                labels.append(part)
            else:
                problems.append(
                    RowProblem(
                        row, question.key, "the answer is not one of the dictionary's codes."
                    )
                )
        return tuple(labels)
    return tuple(parts)


def survey_read(
    data: bytes,
    *,
    filename: str,
    mapping: ColumnMapping | None = None,
    dictionary: bytes | None = None,
) -> list[SurveyResponse]:
    """Every response in the export, or :class:`SurveyError` listing every problem (all or
    nothing). Without a mapping, the suggested one is used."""
    table, _, questions = _analyse(data, filename, dictionary)
    by_key = {q.key: q for q in questions}
    mapping = mapping or _suggest(questions)
    problems = _check_mapping(mapping, by_key)
    if problems:
        raise SurveyError(problems)
    width = len(table.headers)
    id_q = by_key.get(mapping.id) if mapping.id else None
    time_q = by_key.get(mapping.time) if mapping.time else None
    group_q = by_key.get(mapping.group) if mapping.group else None
    area_q = by_key.get(mapping.area) if mapping.area else None
    text_qs = [by_key[key] for key in mapping.text]
    roles = {mapping.id, mapping.time, mapping.group, mapping.area, *mapping.text}
    choice_qs = [q for q in questions if q.kind in ("choice", "multi") and q.key not in roles]
    seen_ids: dict[str, int] = {}
    responses: list[SurveyResponse] = []
    for row, cells in table.rows:
        if len(cells) > width:
            problems.append(
                RowProblem(row, None, "the row has more values than the header has columns.")
            )
            continue
        if id_q is not None:
            response_id = str(_single(id_q, cells)).strip()
            if not response_id:
                problems.append(RowProblem(row, id_q.key, "the id is missing."))
            elif response_id in seen_ids:
                problems.append(
                    RowProblem(row, id_q.key, f"the id is also on row {seen_ids[response_id]}.")
                )
            seen_ids.setdefault(response_id, row)
        else:
            response_id = str(row)
        submitted = None
        if time_q is not None:
            raw = _single(time_q, cells)
            if raw not in ("", None):
                submitted = _iso(raw)
                if submitted is None:
                    problems.append(RowProblem(row, time_q.key, "the time is not a date."))

        def one(question: _Question | None, row: int = row, cells: list[Any] = cells) -> str | None:
            if question is None:
                return None
            values = _choice_values(question, cells, row, problems)
            return "; ".join(values) or None

        answers = []
        for question in text_qs:
            text = str(_single(question, cells)).strip() if len(question.columns) == 1 else ""
            if text:
                answers.append(Answer(question.label, text))
        choices = {}
        for question in choice_qs:
            values = _choice_values(question, cells, row, problems)
            if values:
                choices[question.label] = values
        responses.append(
            SurveyResponse(
                id=response_id,
                submitted=submitted,
                group=one(group_q),
                area=one(area_q),
                answers=tuple(answers),
                choices=choices,
            )
        )
    if problems:
        raise SurveyError(problems)
    return responses


def survey_table_text(data: bytes, *, filename: str) -> tuple[list[str], list[list[str]]]:
    """The header and rows as text (for tools that need the plain table, e.g. the CLI)."""
    table = _load(data, filename)
    rows = []
    for _, cells in table.rows:
        padded = list(cells) + [""] * (len(table.headers) - len(cells))
        rows.append([_iso(c) if isinstance(c, (dt.date, dt.datetime)) else str(c) for c in padded])
    return table.headers, rows


def survey_csv(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, delimiter=",") -> bytes:
    """A small CSV in UTF-8 (used by tests and the demo to build exports)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")
