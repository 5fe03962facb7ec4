"""What a pathway map says about the local system: wrong doors, gaps, dead ends, loops, overlaps.

:func:`analyse` returns a list of :class:`Finding`. Each finding has a kind, a plain-English
message, a severity and the ids of the services and entry points involved, so the app can link
them and send the finding to the gap analysis as evidence.

Choices, so that the answers can be explained to a room of people:

* **No wrong door.** Every kind of route counts as a way through, a plain signpost and a
  consultation included: signposting *is* how much of Getting Advice is reached, and a
  consultation brings a service's advice to the young person through the professional who asked.
  Pass ``door_route_kinds`` to count fewer kinds (for example referrals and step-ups only). A step
  is one route; routes may pass through other entry points (a service stepping down to the GP).
  Local areas and ages are not considered here (entry points have neither); the gap findings
  cover them. An entry point that cannot reach a grouping is "high" unless the only groupings it
  misses are Thriving, whose support is for everyone rather than reached by referral ("medium").
* **Gaps** are checked per local area and age band. Default bands: 0–4 (early years), 5–10
  (primary school), 11–15 (secondary school), 16–17 (post-16, still children's services) and
  18–25 (transition to adult services). A band with no service at all is "high"; a band only
  partly covered (say 11–13 but not 14–15) is "medium" and names the ages left out. A service
  with no local areas covers every area; no age limits mean every age.
* **No route in / out.** A service nothing leads to (no route from an entry point or a service)
  cannot be reached ("medium"); a service with no route out has no step-up, step-down or
  signpost onwards ("low").
* **Loops** ignore consultation routes (the young person does not move). A loop is reported once,
  starting from its smallest id. It is "medium" when a young person could go all the way round
  without a step-down (being passed back and forth), and "low" when a step-down is part of it
  (often an intended step-up and step-down pair).
* **Possible duplication**: services offering the same grouping whose age ranges overlap and whose
  areas overlap (no areas = all areas); services linked by such overlaps are reported together.
* **Activity data** (observed moves between services): counts in messages go through the
  disclosure rules. Routes on the map "never used" are only the referral, step-up and step-down
  routes between two services that both appear in the data: signposts and consultations are
  rarely recorded, and a service whose teams are not in the extract says nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from thrivekit.disclosure import DEFAULT_POLICY, SUPPRESSED, DisclosurePolicy, safe_count
from thrivekit.pathways.model import (
    OLDEST_AGE,
    ROUTE_KINDS,
    EntryPoint,
    PathwayMap,
    Service,
    grouping_ids,
    grouping_name,
)

HIGH, MEDIUM, LOW, INFO = "high", "medium", "low", "info"
SEVERITIES: tuple[str, ...] = (HIGH, MEDIUM, LOW, INFO)

DOOR_REACH = "door-reach"
WRONG_DOOR = "wrong-door"
GROUPING_GAP = "grouping-gap"
NO_ROUTE_IN = "no-route-in"
NO_ROUTE_OUT = "no-route-out"
LOOP = "loop"
POSSIBLE_DUPLICATION = "possible-duplication"
UNKNOWN_IN_ACTIVITY = "unknown-in-activity-data"
ROUTE_NOT_ON_MAP = "route-not-on-map"
ROUTE_NOT_USED = "route-not-used"
BUSIEST_ROUTE = "busiest-route"
FINDING_KINDS: tuple[str, ...] = (
    DOOR_REACH,
    WRONG_DOOR,
    GROUPING_GAP,
    NO_ROUTE_IN,
    NO_ROUTE_OUT,
    LOOP,
    POSSIBLE_DUPLICATION,
    UNKNOWN_IN_ACTIVITY,
    ROUTE_NOT_ON_MAP,
    ROUTE_NOT_USED,
    BUSIEST_ROUTE,
)

DEFAULT_AGE_BANDS: tuple[tuple[int, int], ...] = ((0, 4), (5, 10), (11, 15), (16, 17), (18, 25))
# Routes the activity data are expected to record (a young person moving between teams).
RECORDED_ROUTE_KINDS: tuple[str, ...] = ("referral", "step-up", "step-down")

Flow = tuple[str, str, int] | Mapping[str, Any]


@dataclass(frozen=True, eq=True)
class Finding:
    """Something the map shows, worded for a workshop, with the ids it is about."""

    kind: str
    message: str
    severity: str
    service_ids: tuple[str, ...] = ()
    entry_point_ids: tuple[str, ...] = ()
    details: Mapping[str, Any] = field(default_factory=dict, hash=False)

    __hash__ = None  # type: ignore[assignment]  # details is a dict

    @property
    def ids(self) -> tuple[str, ...]:
        """Every entry point and service involved, entry points first."""
        return self.entry_point_ids + self.service_ids

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "severity": self.severity,
            "message": self.message,
            "service_ids": list(self.service_ids),
            "entry_point_ids": list(self.entry_point_ids),
            "details": _plain(self.details),
        }


def _plain(value: Any) -> Any:
    """Details as JSON-ready values (lists, dicts, text, numbers)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else value
        return [_plain(v) for v in items]
    return value


def analyse(
    pathway_map: PathwayMap,
    *,
    flows: Iterable[Flow] | None = None,
    local_areas: Sequence[str] | None = None,
    age_bands: Sequence[tuple[int, int]] = DEFAULT_AGE_BANDS,
    door_route_kinds: Collection[str] = ROUTE_KINDS,
    max_loop_length: int = 4,
    max_loops: int = 100,
    busiest: int = 5,
    policy: DisclosurePolicy = DEFAULT_POLICY,
) -> list[Finding]:
    """Every finding about the map, grouped by kind in the order of :data:`FINDING_KINDS`.

    ``local_areas`` are the site's areas (a service may name others too; they are added).
    ``flows`` are observed moves ``(from_service_id, to_service_id, count)`` or mappings with
    ``from``/``to`` (or ``source``/``target``) and ``count``, e.g. the activity engine's team
    flows after mapping teams to services.
    """
    unknown_kinds = set(door_route_kinds) - set(ROUTE_KINDS)
    if unknown_kinds:
        raise ValueError(f"unknown route kinds: {', '.join(sorted(unknown_kinds))}")
    for low, high in age_bands:
        if not 0 <= low <= high <= OLDEST_AGE:
            raise ValueError(f"an age band must run from a lower to a higher age: {(low, high)}")
    findings = door_findings(pathway_map, route_kinds=door_route_kinds)
    findings += gap_findings(pathway_map, local_areas=local_areas, age_bands=age_bands)
    findings += dead_end_findings(pathway_map)
    findings += loop_findings(pathway_map, max_length=max_loop_length, max_loops=max_loops)
    findings += duplication_findings(pathway_map)
    if flows is not None:
        findings += flow_findings(pathway_map, flows, busiest=busiest, policy=policy)
    return findings


# --- no wrong door ---------------------------------------------------------------------------


def _graph(pathway_map: PathwayMap, route_kinds: Collection[str]) -> nx.DiGraph:
    """Nodes are every service and entry point; an edge keeps the set of its route kinds."""
    graph = nx.DiGraph()
    graph.add_nodes_from(e.id for e in pathway_map.entry_points)
    graph.add_nodes_from(s.id for s in pathway_map.services)
    for route in pathway_map.routes:
        if route.kind not in route_kinds:
            continue
        if graph.has_edge(route.from_id, route.to_id):
            graph.edges[route.from_id, route.to_id]["kinds"].add(route.kind)
        else:
            graph.add_edge(route.from_id, route.to_id, kinds={route.kind})
    return graph


@dataclass(frozen=True)
class Reach:
    """How an entry point reaches one grouping: the fewest steps and one shortest path."""

    grouping: str
    steps: int
    service_id: str
    path: tuple[str, ...]


def door_reach(
    pathway_map: PathwayMap, *, route_kinds: Collection[str] = ROUTE_KINDS
) -> dict[str, dict[str, Reach | None]]:
    """For each entry point, each grouping: how it is reached in the fewest steps, or None."""
    graph = _graph(pathway_map, route_kinds)
    offering: dict[str, list[Service]] = {g: [] for g in grouping_ids()}
    for service in pathway_map.services:
        for grouping in service.groupings:
            offering[grouping].append(service)
    table: dict[str, dict[str, Reach | None]] = {}
    for entry in pathway_map.entry_points:
        paths = nx.single_source_shortest_path(graph, entry.id)
        reach: dict[str, Reach | None] = {}
        for grouping, services in offering.items():
            reachable = [s for s in services if s.id in paths]
            if not reachable:
                reach[grouping] = None
                continue
            # The nearest service; ties go to the one listed first on the map.
            nearest = min(reachable, key=lambda s: len(paths[s.id]))
            path = tuple(paths[nearest.id])
            reach[grouping] = Reach(grouping, len(path) - 1, nearest.id, path)
        table[entry.id] = reach
    return table


def _steps(n: int) -> str:
    return f"{n} step" if n == 1 else f"{n} steps"


def _names(items: Iterable[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def door_findings(
    pathway_map: PathwayMap, *, route_kinds: Collection[str] = ROUTE_KINDS
) -> list[Finding]:
    reach_table = door_reach(pathway_map, route_kinds=route_kinds)
    found: list[Finding] = []
    wrong: list[Finding] = []
    for entry in pathway_map.entry_points:
        reach = reach_table[entry.id]
        reached = {g: r for g, r in reach.items() if r is not None}
        missing = [g for g, r in reach.items() if r is None]
        details = {
            "reach": {
                g: {"steps": r.steps, "service_id": r.service_id, "path": list(r.path)}
                for g, r in reached.items()
            },
            "missing": missing,
        }
        if reached:
            parts = [f"{grouping_name(g)} in {_steps(r.steps)}" for g, r in reached.items()]
            found.append(
                Finding(
                    DOOR_REACH,
                    f"From {entry.name} a young person can reach {_names(parts)}.",
                    INFO,
                    service_ids=tuple(dict.fromkeys(r.service_id for r in reached.values())),
                    entry_point_ids=(entry.id,),
                    details=details,
                )
            )
        if missing:
            wrong.append(_wrong_door(pathway_map, entry, missing, details))
    return found + wrong


def _wrong_door(
    pathway_map: PathwayMap, entry: EntryPoint, missing: list[str], details: dict[str, Any]
) -> Finding:
    names = _names([grouping_name(g) for g in missing])
    leads_nowhere = not any(r.from_id == entry.id for r in pathway_map.routes)
    why = " No route leads from it." if leads_nowhere else ""
    severity = MEDIUM if missing == ["thriving"] else HIGH
    return Finding(
        WRONG_DOOR,
        f"Wrong door: from {entry.name} there is no way to {names}.{why}",
        severity,
        entry_point_ids=(entry.id,),
        details={**details, "groupings": missing},
    )


# --- gaps per local area and age band --------------------------------------------------------


def _age_span(service: Service) -> tuple[int, int]:
    low = service.age_min if service.age_min is not None else 0
    high = service.age_max if service.age_max is not None else OLDEST_AGE
    return low, high


def _covers_area(service: Service, area: str | None) -> bool:
    return area is None or not service.local_areas or area in service.local_areas


def _age_runs(ages: Sequence[int]) -> list[tuple[int, int]]:
    """[11, 12, 13, 15] -> [(11, 13), (15, 15)]."""
    runs: list[tuple[int, int]] = []
    for age in sorted(ages):
        if runs and age == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], age)
        else:
            runs.append((age, age))
    return runs


def _runs_text(runs: Sequence[tuple[int, int]]) -> str:
    return _names([f"{a}" if a == b else f"{a}–{b}" for a, b in runs])


def gap_findings(
    pathway_map: PathwayMap,
    *,
    local_areas: Sequence[str] | None = None,
    age_bands: Sequence[tuple[int, int]] = DEFAULT_AGE_BANDS,
) -> list[Finding]:
    areas: list[str | None] = list(
        dict.fromkeys([*(local_areas or ()), *pathway_map.local_areas()])
    )
    if not areas:
        areas = [None]  # no area named anywhere: the whole footprint is one area
    found: list[Finding] = []
    for area in areas:
        where = f" in {area}" if area is not None else ""
        for grouping in grouping_ids():
            in_area = [
                s for s in pathway_map.services if grouping in s.groupings and _covers_area(s, area)
            ]
            for low, high in age_bands:
                covering = [s for s in in_area if _overlaps(_age_span(s), (low, high))]
                uncovered = [
                    age
                    for age in range(low, high + 1)
                    if not any(_age_span(s)[0] <= age <= _age_span(s)[1] for s in covering)
                ]
                if not uncovered:
                    continue
                band = f"ages {low}–{high}"
                details = {
                    "grouping": grouping,
                    "local_area": area,
                    "age_band": [low, high],
                    "uncovered_ages": [list(r) for r in _age_runs(uncovered)],
                }
                if len(uncovered) == high - low + 1:
                    message = f"No {grouping_name(grouping)} service for {band}{where}."
                    severity = HIGH
                else:
                    runs = _runs_text(_age_runs(uncovered))
                    message = f"{grouping_name(grouping)} for {band}{where} leaves out ages {runs}."
                    severity = MEDIUM
                found.append(
                    Finding(
                        GROUPING_GAP,
                        message,
                        severity,
                        # The services that could be extended to close the gap.
                        service_ids=tuple(s.id for s in (covering or in_area)),
                        details=details,
                    )
                )
    return found


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


# --- dead ends -------------------------------------------------------------------------------


def dead_end_findings(pathway_map: PathwayMap) -> list[Finding]:
    into = {r.to_id for r in pathway_map.routes}
    out_of = {r.from_id for r in pathway_map.routes}
    no_in = [
        Finding(
            NO_ROUTE_IN,
            f"Nothing leads to {s.name}: no entry point or service has a route to it.",
            MEDIUM,
            service_ids=(s.id,),
        )
        for s in pathway_map.services
        if s.id not in into
    ]
    no_out = [
        Finding(
            NO_ROUTE_OUT,
            f"{s.name} has no route out: no step up, step down or signpost onwards.",
            LOW,
            service_ids=(s.id,),
        )
        for s in pathway_map.services
        if s.id not in out_of
    ]
    return no_in + no_out


# --- loops -----------------------------------------------------------------------------------


def _canonical(cycle: Sequence[str]) -> tuple[str, ...]:
    start = cycle.index(min(cycle))
    return tuple(cycle[start:]) + tuple(cycle[:start])


def loop_findings(
    pathway_map: PathwayMap, *, max_length: int = 4, max_loops: int = 100
) -> list[Finding]:
    """Simple cycles of 2 to ``max_length`` nodes, each once; at most ``max_loops`` of them."""
    if max_length < 2:
        return []
    moving = [k for k in ROUTE_KINDS if k != "consultation"]
    graph = _graph(pathway_map, moving)
    cycles: set[tuple[str, ...]] = set()
    for cycle in nx.simple_cycles(graph, length_bound=max_length):
        cycles.add(_canonical(cycle))
    ordered = sorted(cycles, key=lambda c: (len(c), c))
    found: list[Finding] = []
    for cycle in ordered[:max_loops]:
        edges = list(zip(cycle, cycle[1:] + cycle[:1], strict=True))
        kinds = [sorted(graph.edges[a, b]["kinds"]) for a, b in edges]
        # Could a young person go all the way round without ever being stepped down?
        bounced = all(set(k) - {"step-down"} for k in kinds)
        names = [pathway_map.name_of(n) for n in cycle]
        if len(cycle) == 2:
            message = f"A young person can be passed back and forth between {_names(names)}"
        else:
            message = "A young person can be passed round a loop: " + " → ".join([*names, names[0]])
        message += "." if bounced else " (the loop includes a step down)."
        found.append(
            Finding(
                LOOP,
                message,
                MEDIUM if bounced else LOW,
                service_ids=tuple(n for n in cycle if pathway_map.is_service(n)),
                entry_point_ids=tuple(n for n in cycle if not pathway_map.is_service(n)),
                details={
                    "cycle": list(cycle),
                    "route_kinds": [
                        {"from": a, "to": b, "kinds": k}
                        for (a, b), k in zip(edges, kinds, strict=True)
                    ],
                    "more_loops_not_shown": max(0, len(ordered) - max_loops),
                },
            )
        )
    return found


# --- possible duplication --------------------------------------------------------------------


def _shared_areas(a: Service, b: Service) -> list[str] | None:
    """The areas both cover (None = every area), or [] when they share none."""
    if not a.local_areas and not b.local_areas:
        return None
    if not a.local_areas:
        return list(b.local_areas)
    if not b.local_areas:
        return list(a.local_areas)
    return [area for area in a.local_areas if area in b.local_areas]


def duplication_findings(pathway_map: PathwayMap) -> list[Finding]:
    found: list[Finding] = []
    for grouping in grouping_ids():
        services = [s for s in pathway_map.services if grouping in s.groupings]
        graph = nx.Graph()
        overlaps: list[dict[str, Any]] = []
        for i, a in enumerate(services):
            for b in services[i + 1 :]:
                span_a, span_b = _age_span(a), _age_span(b)
                shared = _shared_areas(a, b)
                if not _overlaps(span_a, span_b) or shared == []:
                    continue
                graph.add_edge(a.id, b.id)
                ages = [max(span_a[0], span_b[0]), min(span_a[1], span_b[1])]
                overlaps.append({"services": [a.id, b.id], "ages": ages, "local_areas": shared})
        order = {s.id: n for n, s in enumerate(services)}
        components = sorted(
            (sorted(c, key=order.__getitem__) for c in nx.connected_components(graph)),
            key=lambda c: order[c[0]],
        )
        for component in components:
            members = [pathway_map.service(i) for i in component]
            listed = "; ".join(f"{s.name} ({s.ages_text()}, {s.areas_text()})" for s in members)
            found.append(
                Finding(
                    POSSIBLE_DUPLICATION,
                    f"Possible duplication: {len(members)} services offer "
                    f"{grouping_name(grouping)} to overlapping ages in the same area: {listed}.",
                    LOW,
                    service_ids=tuple(component),
                    details={
                        "grouping": grouping,
                        "overlaps": [o for o in overlaps if o["services"][0] in component],
                    },
                )
            )
    return found


# --- activity data ---------------------------------------------------------------------------


def _flow_parts(flow: Flow) -> tuple[str, str, int]:
    if isinstance(flow, Mapping):
        source = flow.get("from", flow.get("source"))
        target = flow.get("to", flow.get("target"))
        count = flow.get("count")
    else:
        source, target, count = flow
    if not isinstance(source, str) or not isinstance(target, str):
        raise ValueError(f"a flow needs two service ids, got {flow!r}")
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValueError(f"a flow's count must be a whole number, 0 or more, got {flow!r}")
    return source, target, count


def _published(count: int, policy: DisclosurePolicy) -> str:
    shown = safe_count(count, policy=policy)
    if shown == SUPPRESSED:
        return f"fewer than {policy.threshold + 1}"
    return f"about {shown}" if shown != count else str(shown)


def flow_findings(
    pathway_map: PathwayMap,
    flows: Iterable[Flow],
    *,
    busiest: int = 5,
    policy: DisclosurePolicy = DEFAULT_POLICY,
) -> list[Finding]:
    totals: dict[tuple[str, str], int] = defaultdict(int)
    unknown: dict[str, None] = {}
    for flow in flows:
        source, target, count = _flow_parts(flow)
        for node_id in (source, target):
            if not pathway_map.is_service(node_id):
                unknown.setdefault(node_id, None)
        if source == target or count == 0:
            continue
        if pathway_map.is_service(source) and pathway_map.is_service(target):
            totals[(source, target)] += count
    found: list[Finding] = []
    if unknown:
        found.append(
            Finding(
                UNKNOWN_IN_ACTIVITY,
                "The activity data name teams that are not services on the map: "
                f"{_names(list(unknown))}. Map them to services to include their moves.",
                MEDIUM,
                details={"ids": list(unknown)},
            )
        )
    routes_between: dict[tuple[str, str], list[str]] = defaultdict(list)
    for route in pathway_map.routes:
        routes_between[(route.from_id, route.to_id)].append(route.kind)
    name = pathway_map.name_of
    for (source, target), count in sorted(totals.items()):
        if (source, target) in routes_between:
            continue
        found.append(
            Finding(
                ROUTE_NOT_ON_MAP,
                f"The activity data show {_published(count, policy)} moves from {name(source)} "
                f"to {name(target)}, but the map has no route between them.",
                MEDIUM,
                service_ids=(source, target),
                details={"from": source, "to": target, "count": safe_count(count, policy=policy)},
            )
        )
    in_data = {node for pair in totals for node in pair}
    for route in pathway_map.routes:
        pair = (route.from_id, route.to_id)
        if (
            route.kind in RECORDED_ROUTE_KINDS
            and pair[0] in in_data
            and pair[1] in in_data
            and pair not in totals
        ):
            found.append(
                Finding(
                    ROUTE_NOT_USED,
                    f"The map has a {route.kind} route from {name(route.from_id)} to "
                    f"{name(route.to_id)}, but the activity data show no moves along it.",
                    LOW,
                    service_ids=pair,
                    details={"from": route.from_id, "to": route.to_id, "kind": route.kind},
                )
            )
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))[: max(busiest, 0)]
    for rank, ((source, target), count) in enumerate(ranked, start=1):
        kinds = routes_between.get((source, target), [])
        on_map = f"on the map as {_names(kinds)}" if kinds else "not on the map"
        found.append(
            Finding(
                BUSIEST_ROUTE,
                f"Busiest route {rank}: {_published(count, policy)} moves from {name(source)} "
                f"to {name(target)} ({on_map}).",
                INFO,
                service_ids=(source, target),
                details={
                    "rank": rank,
                    "from": source,
                    "to": target,
                    "count": safe_count(count, policy=policy),
                    "route_kinds": kinds,
                },
            )
        )
    return found
