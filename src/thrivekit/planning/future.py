"""The future-state pathway map: today's map with the site's proposed changes applied, the
differences in words, and which of today's findings the redesign fixes.

Pure Python on :mod:`thrivekit.pathways` (nothing here imports Django). A change is any object
with the attributes of :class:`Change` (the ``FutureChange`` model has them). Changes apply in
a fixed order, whatever order they were proposed in: services and entry points added, services
changed, routes removed, services and entry points removed (with their routes), routes added.
So a route may lead to a service added later in the list, and a route to a removed service is
refused. A change that cannot apply is skipped and reported with the reason, in words.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from thrivekit import pathways
from thrivekit.pathways.model import (
    ENTRY_POINT_KIND_NAMES,
    ENTRY_POINT_KINDS,
    OLDEST_AGE,
    ROUTE_KIND_NAMES,
    ROUTE_KINDS,
    EntryPoint,
    PathwayMap,
    PathwayMapError,
    Route,
    Service,
)

ADD_SERVICE, CHANGE_SERVICE, REMOVE_SERVICE = "add_service", "change_service", "remove_service"
ADD_ENTRY_POINT, REMOVE_ENTRY_POINT = "add_entry_point", "remove_entry_point"
ADD_ROUTE, REMOVE_ROUTE = "add_route", "remove_route"
KIND_NAMES: dict[str, str] = {
    ADD_SERVICE: "Add a service",
    CHANGE_SERVICE: "Change a service (groupings served, capacity)",
    REMOVE_SERVICE: "Remove a service",
    ADD_ENTRY_POINT: "Add an entry point",
    REMOVE_ENTRY_POINT: "Remove an entry point",
    ADD_ROUTE: "Add a route",
    REMOVE_ROUTE: "Remove a route",
}
# The order changes apply in (see the module's docstring).
PHASES = (ADD_SERVICE, ADD_ENTRY_POINT, CHANGE_SERVICE, REMOVE_ROUTE, REMOVE_SERVICE,
          REMOVE_ENTRY_POINT, ADD_ROUTE)  # fmt: skip


@dataclass(frozen=True)
class Change:
    """One proposed change; which fields count depends on the kind."""

    kind: str
    node_id: str = ""  # the service or entry point added, changed or removed
    name: str = ""
    provider: str = ""
    groupings: Sequence[str] = ()
    age_min: int | None = None
    age_max: int | None = None
    capacity_wte: float | None = None
    entry_kind: str = ""
    from_id: str = ""  # a route's start; for a new service, where it is reached from
    to_id: str = ""
    route_kind: str = ""


@dataclass(frozen=True)
class Difference:
    """What differs between today's map and the future one, in words."""

    change: str  # "added", "removed" or "changed"
    what: str  # "service", "entry point" or "route"
    text: str


@dataclass(frozen=True)
class FutureMap:
    pathway_map: PathwayMap
    problems: list[tuple[object, str]] = field(default_factory=list)  # (change, why skipped)


def new_id(name: str, taken: Iterable[str]) -> str:
    """An id for a new service or entry point from its name, not clashing with ``taken``."""
    base = re.sub(r"[^0-9a-z]+", "-", name.casefold()).strip("-")[:80] or "new"
    taken, candidate, n = set(taken), base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _names(ids: Iterable[str]) -> str:
    return ", ".join(pathways.grouping_name(g) for g in ids) or "no grouping"


def _route_text(pathway_map: PathwayMap, route: Route) -> str:
    kind = ROUTE_KIND_NAMES.get(route.kind, route.kind).lower()
    return f"{pathway_map.name_of(route.from_id)} → {pathway_map.name_of(route.to_id)} ({kind})"


class _Draft:
    """The map being built: plain lists, made into a checked PathwayMap after each change."""

    def __init__(self, pathway_map: PathwayMap) -> None:
        self.services = list(pathway_map.services)
        self.entry_points = list(pathway_map.entry_points)
        self.routes = list(pathway_map.routes)

    def ids(self) -> set[str]:
        return {s.id for s in self.services} | {e.id for e in self.entry_points}

    def service(self, node_id: str) -> Service | None:
        return next((s for s in self.services if s.id == node_id), None)

    def entry_point(self, node_id: str) -> EntryPoint | None:
        return next((e for e in self.entry_points if e.id == node_id), None)

    def name_of(self, node_id: str) -> str:
        node = self.service(node_id) or self.entry_point(node_id)
        return node.name if node else node_id

    def build(self) -> PathwayMap:
        return PathwayMap(services=self.services, entry_points=self.entry_points,
                          routes=self.routes)  # fmt: skip


def _check_groupings(groupings: Sequence[str]) -> str | None:
    unknown = [g for g in groupings if g not in pathways.grouping_ids()]
    return f"{', '.join(unknown)} is not a needs-based grouping." if unknown else None


def _check_ages(age_min, age_max) -> str | None:
    for age in (age_min, age_max):
        if age is not None and not 0 <= age <= OLDEST_AGE:
            return f"An age must be between 0 and {OLDEST_AGE}."
    if age_min is not None and age_max is not None and age_max < age_min:
        return "The oldest age must be the same as or above the youngest."
    return None


def _apply(draft: _Draft, change) -> str | None:
    """Apply one change to the draft; the reason it cannot apply, or None."""
    kind = change.kind
    if kind == ADD_SERVICE:
        name = (change.name or "").strip()
        if not name:
            return "A new service needs a name."
        if any(s.name.casefold() == name.casefold() for s in draft.services):
            return f"There is already a service called {name} on the map."
        if change.node_id in draft.ids():
            return f"The id {change.node_id} is already on the map."
        if not change.groupings:
            return f"Say which needs-based groupings {name} serves."
        problem = _check_groupings(change.groupings) or _check_ages(change.age_min, change.age_max)
        if problem:
            return problem
        if change.capacity_wte is not None and change.capacity_wte < 0:
            return "The capacity cannot be below 0 WTE."
        if change.from_id and change.from_id not in draft.ids():
            return f"{change.from_id}, where {name} is reached from, is not on the map."
        node_id = change.node_id or new_id(name, draft.ids())
        if change.from_id:  # reached from an entry point or service, by referral
            draft.routes.append(Route(from_id=change.from_id, to_id=node_id))
        draft.services.append(
            Service(
                id=node_id,
                name=name,
                provider=(change.provider or "").strip(),
                groupings=tuple(change.groupings),
                age_min=change.age_min,
                age_max=change.age_max,
                capacity_wte=change.capacity_wte,
            )
        )
    elif kind == ADD_ENTRY_POINT:
        name = (change.name or "").strip()
        if not name:
            return "A new entry point needs a name."
        if any(e.name.casefold() == name.casefold() for e in draft.entry_points):
            return f"There is already an entry point called {name} on the map."
        if change.node_id in draft.ids():
            return f"The id {change.node_id} is already on the map."
        if change.entry_kind not in ENTRY_POINT_KINDS:
            return "Choose what kind of entry point it is."
        draft.entry_points.append(
            EntryPoint(
                id=change.node_id or new_id(name, draft.ids()), name=name, kind=change.entry_kind
            )  # fmt: skip
        )
    elif kind == CHANGE_SERVICE:
        service = draft.service(change.node_id)
        if service is None:
            return f"There is no service {change.node_id} on the map to change."
        if not change.groupings and change.capacity_wte is None:
            return (
                f"Say what changes about {service.name}: the groupings it serves or its capacity."
            )
        problem = _check_groupings(change.groupings or ())
        if problem:
            return problem
        if change.capacity_wte is not None and change.capacity_wte < 0:
            return "The capacity cannot be below 0 WTE."
        updated = dataclasses.replace(
            service,
            groupings=tuple(change.groupings) if change.groupings else service.groupings,
            capacity_wte=(
                change.capacity_wte if change.capacity_wte is not None else service.capacity_wte
            ),
        )
        draft.services = [updated if s.id == service.id else s for s in draft.services]
    elif kind == REMOVE_ROUTE:
        route_kind = change.route_kind or "referral"
        found = [
            r
            for r in draft.routes
            if (r.from_id, r.to_id, r.kind) == (change.from_id, change.to_id, route_kind)
        ]
        if not found:
            return (
                f"There is no {ROUTE_KIND_NAMES.get(route_kind, route_kind).lower()} route from "
                f"{draft.name_of(change.from_id)} to {draft.name_of(change.to_id)} to remove."
            )
        draft.routes = [r for r in draft.routes if r not in found]
    elif kind in (REMOVE_SERVICE, REMOVE_ENTRY_POINT):
        is_service = kind == REMOVE_SERVICE
        node = (draft.service if is_service else draft.entry_point)(change.node_id)
        if node is None:
            what = "service" if is_service else "entry point"
            return f"There is no {what} {change.node_id} on the map to remove."
        if is_service:
            draft.services = [s for s in draft.services if s.id != node.id]
        else:
            draft.entry_points = [e for e in draft.entry_points if e.id != node.id]
        draft.routes = [r for r in draft.routes if node.id not in (r.from_id, r.to_id)]
    elif kind == ADD_ROUTE:
        route_kind = change.route_kind or "referral"
        if route_kind not in ROUTE_KINDS:
            return "Choose what kind of route it is."
        ids = draft.ids()
        for end, label in ((change.from_id, "start"), (change.to_id, "end")):
            if end not in ids:
                return (
                    f"The route's {label}, {end or 'nothing'}, is not on the future map"
                    " (removed, or never on it)."
                )
        if change.from_id == change.to_id:
            return "A route must lead somewhere else."
        if draft.entry_point(change.to_id) and draft.entry_point(change.from_id):
            return "A route cannot lead from one entry point to another."
        route = Route(from_id=change.from_id, to_id=change.to_id, kind=route_kind)
        if route in draft.routes:
            return f"The route {_route_text(draft.build(), route)} is already on the map."
        draft.routes.append(route)
    else:
        return f"Unknown kind of change: {kind}."
    return None


def build(today: PathwayMap, changes: Iterable) -> FutureMap:
    """Today's map with the changes applied in the order of :data:`PHASES`."""
    changes = list(changes)
    draft, problems = _Draft(today), []
    for phase in PHASES:
        for change in changes:
            if change.kind != phase:
                continue
            before = (list(draft.services), list(draft.entry_points), list(draft.routes))
            why = _apply(draft, change)
            if why is None:
                try:
                    draft.build()
                except PathwayMapError as error:
                    why = error.problems[0].message[:1].upper() + error.problems[0].message[1:]
            if why is not None:
                draft.services, draft.entry_points, draft.routes = before
                problems.append((change, why))
    unknown = [c for c in changes if c.kind not in PHASES]
    problems += [(c, f"Unknown kind of change: {c.kind}.") for c in unknown]
    return FutureMap(pathway_map=draft.build(), problems=problems)


def _wte(value: float | None) -> str:
    return "not recorded" if value is None else f"{value:g} WTE"


def differences(today: PathwayMap, future: PathwayMap) -> list[Difference]:
    """Everything that differs, in words: added, then removed, then changed."""
    found: list[Difference] = []
    then = {s.id: s for s in today.services}
    now = {s.id: s for s in future.services}
    for service in future.services:
        if service.id not in then:
            provider = f" ({service.provider})" if service.provider else ""
            found.append(
                Difference(
                    "added",
                    "service",
                    f"New service: {service.name}{provider}, for {_names(service.groupings)}, "
                    f"{service.ages_text()}.",
                )
            )
    entries_then = {e.id: e for e in today.entry_points}
    entries_now = {e.id: e for e in future.entry_points}
    for entry in future.entry_points:
        if entry.id not in entries_then:
            kind = ENTRY_POINT_KIND_NAMES.get(entry.kind, entry.kind)
            found.append(
                Difference("added", "entry point", f"New entry point: {entry.name} ({kind}).")
            )
    routes_then, routes_now = set(today.routes), set(future.routes)
    for route in future.routes:
        if route not in routes_then:
            found.append(Difference("added", "route", f"New route: {_route_text(future, route)}."))
    for service in today.services:
        if service.id not in now:
            found.append(Difference("removed", "service", f"No longer on the map: {service.name}."))
    for entry in today.entry_points:
        if entry.id not in entries_now:
            found.append(
                Difference("removed", "entry point", f"No longer an entry point: {entry.name}.")
            )
    for route in today.routes:
        if route not in routes_now:
            found.append(
                Difference("removed", "route", f"Route taken away: {_route_text(today, route)}.")
            )
    for service in today.services:
        after = now.get(service.id)
        if after is None:
            continue
        parts = []
        if set(after.groupings) != set(service.groupings):
            parts.append(f"serves {_names(after.groupings)} (today {_names(service.groupings)})")
        if after.capacity_wte != service.capacity_wte:
            parts.append(
                f"capacity {_wte(after.capacity_wte)} (today {_wte(service.capacity_wte)})"
            )
        if parts:
            found.append(Difference("changed", "service", f"{service.name}: {'; '.join(parts)}."))
    return found


def _same_subject(before, after) -> bool:
    """Two findings about the same thing in different words (a wrong door that now misses
    fewer groupings, a gap that now leaves out fewer ages, a larger overlap)."""
    if before.kind != after.kind:
        return False
    if before.kind == "grouping-gap":
        return all(
            before.details.get(k) == after.details.get(k)
            for k in ("grouping", "local_area", "age_band")
        )
    if before.kind == "loop":
        return set(before.ids) == set(after.ids)
    if before.details.get("grouping") != after.details.get("grouping"):
        return False
    return bool(set(before.ids) & set(after.ids))


def compare_findings(today_found: Sequence, future_found: Sequence) -> dict[str, list]:
    """Today's findings the future map no longer has (fixed), findings only the future map has
    (new), findings about the same thing in new words (changed, as before and after pairs) and
    those both maps have as they are (remaining). Findings are compared by kind and wording;
    the informational ones (what each door reaches) are left out."""

    def key(finding) -> tuple[str, str]:
        return finding.kind, finding.message

    today_found = [f for f in today_found if f.severity != "info"]
    future_found = [f for f in future_found if f.severity != "info"]
    today_keys, future_keys = {key(f) for f in today_found}, {key(f) for f in future_found}
    gone = [f for f in today_found if key(f) not in future_keys]
    new = [f for f in future_found if key(f) not in today_keys]
    changed, fixed = [], []
    for before in gone:
        after = next((f for f in new if _same_subject(before, f)), None)
        if after is None:
            fixed.append(before)
        else:
            changed.append((before, after))
            new.remove(after)
    return {
        "fixed": fixed,
        "new": new,
        "changed": changed,
        "remaining": [f for f in future_found if key(f) in today_keys],
    }
