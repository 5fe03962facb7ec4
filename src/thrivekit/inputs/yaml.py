"""Safe YAML for every file a user gives the service (scenarios, extract mappings, instruments).

YAML aliases (``*name``) are refused: a few hundred bytes of nested aliases expand to millions
of values (a "billion laughs" file). The file is first read as a stream of events, which never
expands anything, and refused if it holds an alias, more than ``MAX_NODES`` values, more than ``MAX_DEPTH``
levels of nesting or more than ``MAX_BYTES``; only then is it built into Python values.

Errors are :class:`YamlInputError`, both a ``yaml.MarkedYAMLError`` and a ``ValueError``, so
a caller that already handles YAML syntax errors (with their line and column), or bad values,
handles these too.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_BYTES = 5_000_000
MAX_NODES = 100_000
MAX_DEPTH = 64

# libyaml is many times faster; the pure-Python loader is the fallback where it is missing.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_STARTS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_ENDS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_NODES = (yaml.ScalarEvent, *_STARTS)


class YamlInputError(yaml.MarkedYAMLError, ValueError):
    """A YAML file the service will not read: an alias, too many values, too deep, too big."""

    def __init__(self, problem: str, mark: Any = None) -> None:
        super().__init__(problem=problem, problem_mark=mark)
        self.line = mark.line + 1 if mark is not None else None

    def __str__(self) -> str:
        where = f" (line {self.line})" if self.line is not None else ""
        return f"{self.problem}{where}"


def check_yaml(text: str | bytes) -> None:
    """Raise :class:`YamlInputError` if the YAML holds an alias or is too large or too deep.

    Syntax errors are left for the loader, which reports them with their position.
    """
    if len(text) > MAX_BYTES:
        raise YamlInputError(
            f"is larger than {MAX_BYTES // 1_000_000} MB, the limit for a YAML file"
        )
    nodes = depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                raise YamlInputError(
                    "uses an alias (*name), which is not allowed here: write the values out "
                    "in full instead of repeating them with & and *",
                    event.start_mark,
                )
            if isinstance(event, _NODES):
                nodes += 1
                if nodes > MAX_NODES:
                    raise YamlInputError(
                        f"has more than {MAX_NODES:,} values, the limit for a YAML file",
                        event.start_mark,
                    )
            if isinstance(event, _STARTS):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlInputError(
                        f"is nested far too deeply (more than {MAX_DEPTH} levels)",
                        event.start_mark,
                    )
            elif isinstance(event, _ENDS):
                depth -= 1
    except YamlInputError:
        raise
    except yaml.YAMLError:
        return  # a syntax error: the loader reports it with its position


def load_yaml(text: str | bytes) -> Any:
    """The one way to read YAML from a user: plain values only, no aliases, bounded size.

    Raises ``yaml.YAMLError`` (a :class:`YamlInputError` for what this module refuses).
    """
    check_yaml(text)
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader, checked above
    except ValueError as error:
        # A number with thousands of digits, a date like 2025-02-30: a value, not the syntax.
        if isinstance(error, yaml.YAMLError):
            raise
        raise YamlInputError(
            "has a value that cannot be read (a number far too long, or an impossible date)"
        ) from None


def safe_yaml_loader(text: str) -> yaml.SafeLoader:
    """A safe loader over ``text`` (already checked), for callers that need its nodes (lines)."""
    check_yaml(text)
    return _Loader(text)
