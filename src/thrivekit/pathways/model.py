"""The pathway map as plain, frozen data: services, entry points and the routes between them.

A :class:`PathwayMap` checks itself when it is made and raises :class:`PathwayMapError` listing
every problem at once (unknown or duplicate ids, routes from a node to itself, unknown kinds,
impossible ages), each with the table, the position in it and the field, so an importer can turn
them into row-level errors.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from thrivekit.instruments import GroupingsInstrument, SectorsInstrument, builtin

ENTRY_POINT_KINDS: tuple[str, ...] = (
    "gp",
    "school",
    "self-referral",
    "a-and-e",
    "social-care",
    "police",
    "youth-justice",
    "voluntary-sector",
    "digital-front-door",
    "other",
)
ENTRY_POINT_KIND_NAMES: dict[str, str] = {
    "gp": "GP",
    "school": "School",
    "self-referral": "Self-referral",
    "a-and-e": "A&E",
    "social-care": "Social care",
    "police": "Police",
    "youth-justice": "Youth justice",
    "voluntary-sector": "Voluntary sector",
    "digital-front-door": "Digital front door",
    "other": "Other",
}
ROUTE_KINDS: tuple[str, ...] = ("referral", "step-up", "step-down", "signpost", "consultation")
ROUTE_KIND_NAMES: dict[str, str] = {
    "referral": "Referral",
    "step-up": "Step up",
    "step-down": "Step down",
    "signpost": "Signpost",
    "consultation": "Consultation or advice",
}
# Adult services (for example for 18–25s in transition) may sit on the map too.
OLDEST_AGE = 120
MAX_ID_LENGTH = 100
LIST_SEPARATOR = ";"

SERVICES, ENTRY_POINTS, ROUTES = "services", "entry_points", "routes"
TABLES: tuple[str, ...] = (SERVICES, ENTRY_POINTS, ROUTES)


@functools.cache
def _groupings() -> GroupingsInstrument:
    instrument = builtin("groupings")
    assert isinstance(instrument, GroupingsInstrument)
    return instrument


@functools.cache
def _sectors() -> SectorsInstrument:
    instrument = builtin("sectors")
    assert isinstance(instrument, SectorsInstrument)
    return instrument


def grouping_ids() -> tuple[str, ...]:
    """The needs-based groupings, in the instrument's order (Thriving first)."""
    return tuple(g.id for g in _groupings().groupings)


def grouping_name(grouping_id: str) -> str:
    """'getting-help' -> 'Getting Help'; an unknown id is returned as it is."""
    for grouping in _groupings().groupings:
        if grouping.id == grouping_id:
            return grouping.name
    return grouping_id


def match_grouping(text: str) -> str | None:
    """The grouping id for an id, name or short name ("GH", "Getting Help"), ignoring case."""
    return _groupings().match(text)


def sector_ids() -> tuple[str, ...]:
    """The stakeholder sectors of the sectors instrument, by id."""
    return tuple(s.id for s in _sectors().sectors)


def match_sector(text: str) -> str | None:
    """The sector id for a sector's id or name, ignoring case and punctuation."""
    wanted = normalise_kind(text)
    for sector in _sectors().sectors:
        if wanted in (normalise_kind(sector.id), normalise_kind(sector.name)):
            return sector.id
    return None


def normalise_kind(text: str) -> str:
    """'A&E' -> 'a-and-e', 'Step up' -> 'step-up', 'Self referral' -> 'self-referral'."""
    text = text.casefold().replace("&", " and ")
    return "-".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def match_kind(text: str, kinds: Sequence[str], names: dict[str, str]) -> str | None:
    """A kind id from its id or display name, ignoring case and punctuation."""
    wanted = normalise_kind(text)
    for kind in kinds:
        if wanted in (kind, normalise_kind(names.get(kind, kind))):
            return kind
    return None


def _tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


@dataclass(frozen=True)
class Service:
    """A service a young person can be seen by, with the needs-based groupings it offers.

    Ages are whole years and inclusive: ``age_min=11, age_max=17`` is from the 11th birthday until
    the 18th. ``None`` means no lower or upper limit. No ``local_areas`` means every area.
    """

    id: str
    name: str
    provider: str = ""
    sector: str = ""
    groupings: tuple[str, ...] = ()
    age_min: int | None = None
    age_max: int | None = None
    local_areas: tuple[str, ...] = ()
    access: str = ""
    capacity_wte: float | None = None
    appointments_per_week: float | None = None
    typical_wait_weeks: float | None = None
    notes: str = ""

    def __post_init__(self) -> None:
        # Lists are welcome as input; tuples keep the frozen object hashable.
        object.__setattr__(self, "groupings", _tuple(self.groupings))
        object.__setattr__(self, "local_areas", _tuple(self.local_areas))

    @property
    def first_grouping(self) -> str | None:
        return self.groupings[0] if self.groupings else None

    def ages_text(self) -> str:
        if self.age_min is None and self.age_max is None:
            return "all ages"
        if self.age_max is None:
            return f"ages {self.age_min}+"
        return f"ages {self.age_min or 0}–{self.age_max}"

    def areas_text(self) -> str:
        return ", ".join(self.local_areas) if self.local_areas else "all areas"


@dataclass(frozen=True)
class EntryPoint:
    """Where a young person or family first asks for help: a GP, a school, A&E …"""

    id: str
    name: str
    kind: str = "other"


@dataclass(frozen=True)
class Route:
    """A way from an entry point or service to a service (or back to an entry point)."""

    from_id: str
    to_id: str
    kind: str = "referral"
    volume_per_year: int | None = None


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a map: where it is (table, position from 0, field) and what."""

    message: str
    table: str | None = None
    index: int | None = None
    field: str | None = None
    # The earlier item this one clashes with (a duplicate id or route), as (table, index).
    clashes_with: tuple[str, int] | None = None

    def __str__(self) -> str:
        message = self.message
        if self.clashes_with is not None:
            message += f" (by {self.clashes_with[0]}[{self.clashes_with[1]}])"
        if self.table is None:
            return message
        where = f"{self.table}[{self.index}]" if self.index is not None else self.table
        if self.field:
            where += f".{self.field}"
        return f"{where}: {message}"


class PathwayMapError(ValueError):
    """A map that cannot be built; ``problems`` lists everything wrong, not just the first."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(
            f"the pathway map has {len(self.problems)} problem(s):\n"
            + "\n".join(f"- {p}" for p in self.problems)
        )


@dataclass(frozen=True)
class PathwayMap:
    """Services, entry points and routes, checked together when the map is made."""

    services: tuple[Service, ...] = ()
    entry_points: tuple[EntryPoint, ...] = ()
    routes: tuple[Route, ...] = ()
    _by_id: dict[str, Service | EntryPoint] = field(
        init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "services", tuple(self.services))
        object.__setattr__(self, "entry_points", tuple(self.entry_points))
        object.__setattr__(self, "routes", tuple(self.routes))
        problems = validate(self.services, self.entry_points, self.routes)
        if problems:
            raise PathwayMapError(problems)
        nodes: dict[str, Service | EntryPoint] = {s.id: s for s in self.services}
        nodes.update({e.id: e for e in self.entry_points})
        object.__setattr__(self, "_by_id", nodes)

    def node(self, node_id: str) -> Service | EntryPoint:
        """The service or entry point with that id; KeyError if there is none."""
        return self._by_id[node_id]

    def name_of(self, node_id: str) -> str:
        node = self._by_id.get(node_id)
        return node.name if node is not None else node_id

    def service(self, service_id: str) -> Service:
        node = self._by_id[service_id]
        if not isinstance(node, Service):
            raise KeyError(service_id)
        return node

    def is_service(self, node_id: str) -> bool:
        return isinstance(self._by_id.get(node_id), Service)

    def local_areas(self) -> list[str]:
        """Every local area a service names, in first-seen order."""
        seen: dict[str, None] = {}
        for service in self.services:
            for area in service.local_areas:
                seen.setdefault(area, None)
        return list(seen)


# --- validation ----------------------------------------------------------------------------


def _suggest(value: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _is_text(value: object) -> bool:
    return isinstance(value, str)


def _is_whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_id(value: object, table: str, index: int, name: str) -> list[Problem]:
    if not _is_text(value) or not value.strip():
        return [Problem("an id is required", table, index, name)]
    if value != value.strip() or any(ch.isspace() for ch in value):
        return [Problem(f"an id cannot contain spaces: {value!r}", table, index, name)]
    if len(value) > MAX_ID_LENGTH:
        return [Problem(f"an id can be at most {MAX_ID_LENGTH} characters", table, index, name)]
    return []


def _check_text(item: Any, names: Sequence[str], table: str, index: int) -> list[Problem]:
    return [
        Problem("must be text", table, index, name)
        for name in names
        if not _is_text(getattr(item, name))
    ]


def _service_problems(service: Service, index: int) -> list[Problem]:
    t = SERVICES
    problems = _check_id(service.id, t, index, "id")
    problems += _check_text(service, ("name", "provider", "sector", "access", "notes"), t, index)
    if _is_text(service.name) and not service.name.strip():
        problems.append(Problem("a name is required", t, index, "name"))
    if _is_text(service.sector) and service.sector and service.sector not in sector_ids():
        problems.append(
            Problem(
                f"unknown sector {service.sector!r}{_suggest(service.sector, sector_ids())}",
                t,
                index,
                "sector",
            )
        )
    known = grouping_ids()
    for grouping in service.groupings:
        if grouping not in known:
            problems.append(
                Problem(
                    f"unknown needs-based grouping {grouping!r}{_suggest(str(grouping), known)}; "
                    f"expected one of {', '.join(known)}",
                    t,
                    index,
                    "groupings",
                )
            )
    if len(set(service.groupings)) != len(service.groupings):
        problems.append(Problem("a grouping is listed twice", t, index, "groupings"))
    for area in service.local_areas:
        if not _is_text(area) or not area.strip():
            problems.append(Problem("a local area name cannot be blank", t, index, "local_areas"))
        elif LIST_SEPARATOR in area:
            # Spreadsheets list areas in one cell, separated by ";".
            problems.append(
                Problem(
                    f"a local area name cannot contain {LIST_SEPARATOR!r}", t, index, "local_areas"
                )
            )
    if len(set(service.local_areas)) != len(service.local_areas):
        problems.append(Problem("a local area is listed twice", t, index, "local_areas"))
    ages_ok = True
    for name in ("age_min", "age_max"):
        age = getattr(service, name)
        if age is None:
            continue
        if not _is_whole(age) or not 0 <= age <= OLDEST_AGE:
            problems.append(
                Problem(f"must be a whole number of years from 0 to {OLDEST_AGE}", t, index, name)
            )
            ages_ok = False
    if (
        ages_ok
        and service.age_min is not None
        and service.age_max is not None
        and service.age_min > service.age_max
    ):
        problems.append(
            Problem(
                f"the youngest age ({service.age_min}) is above the oldest ({service.age_max})",
                t,
                index,
                "age_max",
            )
        )
    for name in ("capacity_wte", "appointments_per_week", "typical_wait_weeks"):
        value = getattr(service, name)
        if value is not None and (not _is_number(value) or value < 0):
            problems.append(Problem("must be a number, 0 or more", t, index, name))
    return problems


def _entry_point_problems(entry: EntryPoint, index: int) -> list[Problem]:
    t = ENTRY_POINTS
    problems = _check_id(entry.id, t, index, "id") + _check_text(entry, ("name", "kind"), t, index)
    if _is_text(entry.name) and not entry.name.strip():
        problems.append(Problem("a name is required", t, index, "name"))
    if _is_text(entry.kind) and not entry.kind:
        problems.append(Problem("a kind is required", t, index, "kind"))
    elif _is_text(entry.kind) and entry.kind not in ENTRY_POINT_KINDS:
        problems.append(
            Problem(
                f"unknown kind of entry point {entry.kind!r}"
                f"{_suggest(entry.kind, ENTRY_POINT_KINDS)}; "
                f"expected one of {', '.join(ENTRY_POINT_KINDS)}",
                t,
                index,
                "kind",
            )
        )
    return problems


def _route_problems(route: Route, index: int, ids: dict[str, str]) -> list[Problem]:
    t = ROUTES
    problems = _check_text(route, ("from_id", "to_id", "kind"), t, index)
    for name in ("from_id", "to_id"):
        value = getattr(route, name)
        if _is_text(value) and value not in ids:
            what = "no service or entry point has the id" if value else "an id is required"
            shown = f" {value!r}{_suggest(value, ids)}" if value else ""
            problems.append(Problem(f"{what}{shown}", t, index, name))
    if _is_text(route.to_id) and route.from_id == route.to_id and route.from_id:
        problems.append(
            Problem(f"a route cannot lead from {route.from_id!r} to itself", t, index, "to_id")
        )
    if _is_text(route.kind) and not route.kind:
        problems.append(Problem("a kind is required", t, index, "kind"))
    elif _is_text(route.kind) and route.kind not in ROUTE_KINDS:
        problems.append(
            Problem(
                f"unknown kind of route {route.kind!r}{_suggest(route.kind, ROUTE_KINDS)}; "
                f"expected one of {', '.join(ROUTE_KINDS)}",
                t,
                index,
                "kind",
            )
        )
    volume = route.volume_per_year
    if volume is not None and (not _is_whole(volume) or volume < 0):
        problems.append(Problem("must be a whole number, 0 or more", t, index, "volume_per_year"))
    return problems


def validate(
    services: Sequence[Service], entry_points: Sequence[EntryPoint], routes: Sequence[Route]
) -> list[Problem]:
    """Every problem with these parts of a map, in table order; empty when they make a map."""
    problems: list[Problem] = []
    seen: dict[str, tuple[str, int]] = {}  # id -> where it was first used
    for table, items, check in (
        (SERVICES, services, _service_problems),
        (ENTRY_POINTS, entry_points, _entry_point_problems),
    ):
        for index, item in enumerate(items):
            if not isinstance(item, Service if table == SERVICES else EntryPoint):
                problems.append(Problem(f"expected a {table[:-1]}", table, index))
                continue
            problems += check(item, index)
            if _is_text(item.id) and item.id:
                first = seen.setdefault(item.id, (table, index))
                if first != (table, index):
                    problems.append(
                        Problem(f"the id {item.id!r} is already used", table, index, "id", first)
                    )
    ids = {node_id: f"{where[0]}[{where[1]}]" for node_id, where in seen.items()}
    seen_routes: dict[tuple[str, str, str], int] = {}
    for index, route in enumerate(routes):
        if not isinstance(route, Route):
            problems.append(Problem("expected a route", ROUTES, index))
            continue
        problems += _route_problems(route, index, ids)
        key = (route.from_id, route.to_id, route.kind)
        first = seen_routes.setdefault(key, index)
        if first != index:
            problems.append(
                Problem(
                    f"the same {route.kind} route from {route.from_id!r} to {route.to_id!r} is "
                    "listed twice",
                    ROUTES,
                    index,
                    clashes_with=(ROUTES, first),
                )
            )
    return problems
