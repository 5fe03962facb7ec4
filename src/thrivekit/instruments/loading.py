"""Load instrument YAML files and turn every problem into a located, readable message."""

from __future__ import annotations

import datetime as dt
import functools
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from thrivekit.inputs.yaml import safe_yaml_loader
from thrivekit.instruments.models import (
    DEFER_KEY,
    MODELS,
    Instrument,
    Loc,
    _suggest,
)

# An instrument is a few hundred lines; anything far bigger is the wrong file.
MAX_BYTES = 5_000_000

_BUILTIN_FILES = {
    "assessment": "thrive-assessment.yaml",
    "checklist": "implementation-checklist.yaml",
    "groupings": "needs-based-groupings.yaml",
    "sectors": "stakeholder-sectors.yaml",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an instrument file, at a line where it is known."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}: {self.message}"


class InstrumentFileError(Exception):
    """An instrument file could not be loaded; `problems` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


def builtin_paths() -> dict[str, Path]:
    """The instrument files shipped with thrivekit, by kind."""
    here = Path(__file__).resolve().parent
    return {kind: here / name for kind, name in _BUILTIN_FILES.items()}


def builtin(kind: str) -> Instrument:
    """The shipped instrument of a kind: assessment, checklist, groupings or sectors."""
    if kind not in _BUILTIN_FILES:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(_BUILTIN_FILES)}")
    return _load_builtin(kind)


@functools.cache
def _load_builtin(kind: str) -> Instrument:
    return load_file(builtin_paths()[kind])


def validate_file(path: str | Path) -> list[Problem]:
    """Every problem in an instrument file; an empty list means it is valid."""
    try:
        load_file(path)
    except InstrumentFileError as error:
        return error.problems
    return []


def load_file(path: str | Path) -> Instrument:
    """Load and validate an instrument file; raises InstrumentFileError."""
    path = Path(path)
    source = str(path)

    def fail(message: str, line: int | None = None) -> InstrumentFileError:
        return InstrumentFileError([Problem(source, line, message)])

    try:
        size = path.stat().st_size
        if path.is_dir():
            raise fail("is a folder, not an instrument file")
        if size > MAX_BYTES:
            raise fail(
                f"is too large for an instrument file ({size:,} bytes; at most {MAX_BYTES:,})"
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise fail("file not found") from None
    except PermissionError:
        raise fail("cannot be read: permission denied") from None
    except OSError as error:
        raise fail(f"cannot be read: {error.strerror or error}") from None
    return load_text(_decode(raw, source), source=source)


def _decode(raw: bytes, source: str) -> str:
    nul = raw.find(b"\x00")
    if nul != -1:
        raise InstrumentFileError(
            [
                Problem(
                    source,
                    raw.count(b"\n", 0, nul) + 1,
                    "contains NUL bytes, so it is a binary file (or UTF-16 text), not YAML; "
                    "save the instrument as UTF-8 text",
                )
            ]
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InstrumentFileError(
            [
                Problem(
                    source,
                    raw.count(b"\n", 0, error.start) + 1,
                    f"is not UTF-8 text: byte 0x{raw[error.start]:02x} cannot be read (the file "
                    "may have been saved as Windows-1252 or Latin-1); save it as UTF-8",
                )
            ]
        ) from None


def load_text(text: str, *, source: str = "<text>") -> Instrument:
    """Load and validate an instrument from YAML text; raises InstrumentFileError."""
    if isinstance(text, bytes):
        text = _decode(text, source)
    text = text.removeprefix("\ufeff")

    def fail(message: str, line: int | None = None) -> InstrumentFileError:
        return InstrumentFileError([Problem(source, line, message)])

    if not text.strip():
        raise fail("the file is empty: an instrument needs 'kind', 'id', 'version' and 'title'")
    root, data = _parse_yaml(text, source)
    if root is None:
        raise fail("the file has no content, only comments: an instrument needs 'kind', 'id', …")

    problems = [Problem(source, line, message) for line, message in _duplicate_keys(root)]
    if not isinstance(data, dict):
        problems.append(
            Problem(
                source,
                root.start_mark.line + 1,
                "the top level must be a mapping of fields ('kind: assessment', 'id: …', …), "
                f"not {_describe(data)}",
            )
        )
        raise InstrumentFileError(problems)

    kinds = ", ".join(MODELS)
    kind = data.get("kind")
    if "kind" not in data:
        problems.append(
            Problem(
                source, root.start_mark.line + 1, f"'kind' is missing: it must be one of {kinds}"
            )
        )
        raise InstrumentFileError(problems)
    if not isinstance(kind, str) or kind not in MODELS:
        problems.append(
            Problem(
                source,
                _line_for(root, ("kind",)),
                f"kind: unknown kind {_show(kind)}"
                f"{_suggest(kind, MODELS) if isinstance(kind, str) else ''}; "
                f"it must be one of {kinds}",
            )
        )
        raise InstrumentFileError(problems)

    model = MODELS[kind]
    deferred: list[tuple[Loc, str]] = []
    instrument = None
    try:
        instrument = model.model_validate(data, context={DEFER_KEY: deferred})
    except ValidationError as error:
        for detail in error.errors():
            loc = tuple(detail["loc"])
            message = _message(detail, model, data)
            problems.append(Problem(source, _line_for(root, loc), message))
    for loc, message in deferred:
        problems.append(Problem(source, _line_for(root, loc), f"{_where(loc, data)}: {message}"))
    if problems or instrument is None:
        problems.sort(key=lambda p: p.line or 0)
        raise InstrumentFileError(problems)
    return instrument  # type: ignore[return-value]


# --- YAML -----------------------------------------------------------------------------------

_YAML_HINTS = {
    "mapping values are not allowed": "check the indentation, and put text containing ': ' "
    "in quotes",
    "could not find expected ':'": "check the indentation, and that each field is 'name: value'",
    "expected <block end>": "check the indentation: items at the same level must line up",
    "found character '\\t'": "indent with spaces, not tabs",
    "found a tab character": "indent with spaces, not tabs",
    "found undefined alias": "an '*alias' needs a matching '&anchor' earlier in the file",
    "could not determine a constructor": "only plain YAML is allowed here: remove the '!' tag",
    "found unexpected end of stream": "a quote or bracket is not closed",
    "expected a single document": "the file must hold one document: remove the extra '---'",
}


def _parse_yaml(text: str, source: str) -> tuple[Node | None, Any]:
    loader = None
    try:
        # No aliases, bounded nesting (so libyaml's recursion is safe) and values: inputs.yaml.
        loader = safe_yaml_loader(text)
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except RecursionError:
        raise InstrumentFileError(
            [Problem(source, None, "not valid YAML for an instrument: it is nested far too deeply")]
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        reason = " ".join(part for part in (error.context, error.problem) if part)
        hint = next((h for key, h in _YAML_HINTS.items() if key in str(error)), "")
        column = f" (column {mark.column + 1})" if mark is not None else ""
        message = f"not valid YAML: {reason}{column}" + (f"; {hint}" if hint else "")
        line = mark.line + 1 if mark is not None else None
        raise InstrumentFileError([Problem(source, line, message)]) from None
    except yaml.YAMLError as error:
        # Reader errors (control characters) carry a character position, not a mark.
        position = getattr(error, "position", None)
        line = text.count("\n", 0, position) + 1 if isinstance(position, int) else None
        character = getattr(error, "character", None)
        if isinstance(character, str) and character:
            character = ord(character[0])
        what = f"character U+{character:04X}" if isinstance(character, int) else "a character"
        raise InstrumentFileError(
            [Problem(source, line, f"not valid YAML: {what} is not allowed in a YAML file")]
        ) from None
    finally:
        if loader is not None:
            loader.dispose()
    return root, data


def _duplicate_keys(node: Node) -> list[tuple[int, str]]:
    """Repeated keys in a mapping, which PyYAML would otherwise silently overwrite."""
    found: list[tuple[int, str]] = []
    stack = [node]
    seen_nodes: set[int] = set()
    while stack:
        current = stack.pop()
        if id(current) in seen_nodes:  # aliases can share nodes
            continue
        seen_nodes.add(id(current))
        if isinstance(current, MappingNode):
            first: dict[str, int] = {}
            for key, value in current.value:
                if isinstance(key, ScalarNode):
                    line = key.start_mark.line + 1
                    if key.value in first:
                        found.append(
                            (
                                line,
                                f"field {key.value!r} appears twice in the same place "
                                f"(first on line {first[key.value]}); keep only one",
                            )
                        )
                    else:
                        first[key.value] = line
                stack.append(value)
        elif isinstance(current, SequenceNode):
            stack.extend(current.value)
    return found


def _line_for(root: Node, loc: Loc) -> int:
    """The line of the deepest YAML node along a pydantic location (1-based)."""
    node = root
    line = root.start_mark.line + 1
    for part in loc:
        if isinstance(node, MappingNode):
            for key, value in node.value:
                if isinstance(key, ScalarNode) and key.value == str(part):
                    line = key.start_mark.line + 1
                    node = value
                    break
            else:
                break
        elif isinstance(node, SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                break
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


# --- Messages -------------------------------------------------------------------------------

_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "a mapping of fields",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
}


def _describe(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, dt.date | dt.datetime):
        return f"the date {value.isoformat()}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "…"
        return f"the text {shown!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of fields"
    return f"a {type(value).__name__}"


def _show(value: Any) -> str:
    """A value quoted as written when it is text, described otherwise."""
    return repr(value) if isinstance(value, str) else _describe(value)


def _where(loc: Loc, data: Any) -> str:
    """A path such as principles[needs-led].levels.meso, using ids where list items have one."""
    text = ""
    node = data
    for position, part in enumerate(loc):
        if part == "[key]":
            continue
        if isinstance(part, int):
            child = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            item_id = child.get("id") if isinstance(child, dict) else None
            # Name the entry by its id, unless the id itself is what is wrong.
            by_id = (
                isinstance(item_id, str) and item_id and loc[position + 1 : position + 2] != ("id",)
            )
            text += f"[{item_id}]" if by_id else f"[{part + 1}]"
            node = child
        else:
            text += f".{part}" if text else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return text or "top level"


def _message(detail: Any, model: type[BaseModel], data: Any) -> str:
    loc = tuple(detail["loc"])
    kind = detail["type"]
    value = detail.get("input")
    ctx = detail.get("ctx") or {}
    if kind == "missing":
        where = _where(loc[:-1], data)
        return f"{where}: '{loc[-1]}' is missing"
    if kind == "extra_forbidden":
        where = _where(loc[:-1], data)
        allowed = _fields_at(model, loc[:-1])
        hint = _suggest(str(loc[-1]), allowed) if allowed else ""
        listing = f"; allowed here: {', '.join(allowed)}" if allowed else ""
        return f"{where}: unknown field '{loc[-1]}'{hint}{listing}"
    if kind == "invalid_key":
        where = _where(loc[:-1], data)
        return f"{where}: field names must be text, not {_describe(loc[-1] if loc else value)}"
    where = _where(loc, data)
    if loc and loc[-1] == "[key]":
        where = f"{where} (the name of this entry)"
    if kind in _EXPECTED:
        message = f"{where}: expected {_EXPECTED[kind]}, got {_describe(value)}"
        if kind == "string_type" and isinstance(value, int | float | bool | dt.date):
            message += " (YAML reads it that way: put it in quotes)"
        return message
    if kind == "literal_error":
        return f"{where}: {_show(value)} is not allowed; expected {ctx.get('expected')}"
    if kind == "too_short":
        return (
            f"{where}: needs at least {ctx.get('min_length')} "
            f"{'entry' if ctx.get('min_length') == 1 else 'entries'}, found "
            f"{ctx.get('actual_length', 0)}"
        )
    text = str(detail.get("msg", "is not valid"))
    for prefix in ("Value error, ", "Assertion failed, "):
        text = text.removeprefix(prefix)
    return f"{where}: {text}"


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated[...] and Optional[...] to reach the type that shapes the data."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            rest = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(rest) != 1:
                return annotation
            annotation = rest[0]
        else:
            return annotation


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names allowed at a location, found by following the model's annotations."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        origin = typing.get_origin(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return []
            current = field.annotation
        elif origin in (tuple, list) and isinstance(part, int):
            current = typing.get_args(current)[0]
        elif origin is dict:
            current = typing.get_args(current)[1]
        else:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []
