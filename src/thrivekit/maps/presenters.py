"""What the pathway map pages show."""

import hashlib
import re
from collections import defaultdict

from thrivekit import pathways
from thrivekit.disclosure import DisclosurePolicy
from thrivekit.maps.forms import ENTRY_KIND_LABELS, ROUTE_KIND_LABELS
from thrivekit.pathways import palette
from thrivekit.pathways.model import OLDEST_AGE, ROUTE_KIND_NAMES

OLDEST_SHOWN = 25  # the oldest age the THRIVE services serve, shown when none is given
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2, "info": 3}
KIND_TITLES = {
    "door-reach": "No wrong door: what each entry point reaches",
    "wrong-door": "Wrong doors",
    "grouping-gap": "Groupings with no service",
    "no-route-in": "Services with no route in",
    "no-route-out": "Services with no route out",
    "loop": "Young people passed back and forth",
    "possible-duplication": "Possible duplication",
    "unknown-in-activity-data": "Teams in the activity data that are not on the map",
    "route-not-on-map": "Routes in the activity data but not on the map",
    "route-not-used": "Routes on the map the activity data never uses",
    "busiest-route": "The busiest routes",
}


def overview(pathway_map: pathways.PathwayMap, *, positions: dict) -> dict:
    names = {s.id: s.name for s in pathway_map.services}
    names.update({e.id: e.name for e in pathway_map.entry_points})
    elements = pathways.cytoscape_elements(pathway_map)
    for element in elements:
        saved = positions.get(element["data"]["id"])
        if element["group"] == "nodes" and saved:
            element["position"] = {"x": saved[0], "y": saved[1]}
    return {
        "map": pathway_map,
        "services": [
            {
                "service": s,
                "groupings": ", ".join(pathways.grouping_name(g) for g in s.groupings),
                "ages": f"{s.age_min if s.age_min is not None else 0} to "
                f"{s.age_max if s.age_max is not None else OLDEST_SHOWN}",
                "areas": ", ".join(s.local_areas) or "All areas",
            }
            for s in pathway_map.services
        ],
        "entry_points": [
            {"entry": e, "kind": ENTRY_KIND_LABELS.get(e.kind, e.kind)}
            for e in pathway_map.entry_points
        ],
        "routes": [
            {
                "index": index,
                "from": names.get(r.from_id, r.from_id),
                "to": names.get(r.to_id, r.to_id),
                "kind": ROUTE_KIND_LABELS.get(r.kind, r.kind),
                "volume": r.volume_per_year,
            }
            for index, r in enumerate(pathway_map.routes)
        ],
        "elements": elements,
        "legend": legend(pathway_map),
        "groupings": [(g, pathways.grouping_name(g)) for g in pathways.grouping_ids()],
        "local_areas": sorted({a for s in pathway_map.services for a in s.local_areas}),
    }


def legend(pathway_map: pathways.PathwayMap) -> dict:
    """The map's key, in the palette the drawing and the charts use: each grouping, entry points,
    and the kinds of route (colour and dash pattern)."""
    groupings = [
        {"name": pathways.grouping_name(g), "colours": palette.grouping_colours(g)}
        for g in pathways.grouping_ids()
    ]
    if any(not s.groupings for s in pathway_map.services):
        groupings.append({"name": "No grouping given", "colours": palette.NO_GROUPING_COLOURS})
    return {
        "groupings": groupings,
        "entry_point": palette.ENTRY_POINT_COLOURS,
        "routes": [
            {"name": ROUTE_KIND_NAMES[kind], "colour": colour, "dash": dash}
            for kind, (colour, dash) in palette.ROUTE_STYLES.items()
        ],
    }


def service_initial(service: pathways.Service) -> dict:
    def text(value):
        return "" if value is None else f"{value:g}"

    return {
        "name": service.name,
        "provider": service.provider,
        "sector": service.sector,
        "groupings": list(service.groupings),
        "age_min": service.age_min,
        "age_max": service.age_max,
        "local_areas": list(service.local_areas),
        "access": service.access,
        "capacity_wte": text(service.capacity_wte),
        "appointments_per_week": text(service.appointments_per_week),
        "typical_wait_weeks": text(service.typical_wait_weeks),
        "notes": service.notes,
    }


def team_matches(pathway_map, team_names, document) -> list[tuple[str, str]]:
    """Each data team and the service it is matched to: the saved match, else a service with
    the same name or id, else none."""
    saved = document.team_services if document else {}
    by_name = {s.name.casefold(): s.id for s in pathway_map.services}
    by_name.update({s.id.casefold(): s.id for s in pathway_map.services})
    return [(team, saved.get(team) or by_name.get(str(team).casefold(), "")) for team in team_names]


def flows_for_map(pathway_map, analysis: dict, document=None) -> list[tuple[str, str, int]]:
    """The extract's moves between teams, as moves between the services they are matched to."""
    if not analysis:
        return []
    teams = {f["from"] for f in analysis.get("team_flows", [])} | {
        f["to"] for f in analysis.get("team_flows", [])
    }
    matched = dict(team_matches(pathway_map, sorted(teams), document))
    return [
        (
            matched.get(f["from"]) or str(f["from"]),
            matched.get(f["to"]) or str(f["to"]),
            int(f["count"]),
        )
        for f in analysis.get("team_flows", [])
    ]


def proposals(found, pathway_map) -> list[dict]:
    names = {s.id: s.name for s in pathway_map.services}
    names.update({e.id: e.name for e in pathway_map.entry_points})
    rows = []
    for proposal in found:
        payload = proposal.payload
        if proposal.kind == "service":
            what = f"Add {payload['name']} ({', '.join(pathways.grouping_name(g) for g in payload['groupings'])})"
        elif proposal.kind == "route":
            what = (
                f"Add a route from {names.get(payload['from_id'], payload['from_id'])} to "
                f"{names.get(payload['to_id'], payload['to_id'])}"
            )
        else:
            what = payload.get("text", "")
        rows.append({"proposal": proposal, "what": what})
    return rows


def _service_in_scope(service, scope: dict) -> bool:
    groupings, areas = scope.get("groupings") or [], scope.get("local_areas") or []
    low, high = scope.get("age_min"), scope.get("age_max")
    if groupings and not set(service.groupings) & set(groupings):
        return False
    # A service naming no local areas covers them all.
    if areas and service.local_areas and not set(service.local_areas) & set(areas):
        return False
    youngest = service.age_min if service.age_min is not None else 0
    oldest = service.age_max if service.age_max is not None else OLDEST_AGE
    return not ((high is not None and youngest > high) or (low is not None and oldest < low))


def services_in_scope(pathway_map, scope: dict) -> list:
    return [s for s in pathway_map.services if _service_in_scope(s, scope)]


def findings_in_scope(found, pathway_map, scope: dict) -> list:
    """The findings the room looks at in step 3: those about services, groupings and areas in
    the agreed scope (all of them when no scope is set)."""
    if not any(
        scope.get(k) not in (None, [], "")
        for k in ("groupings", "local_areas", "age_min", "age_max")
    ):
        return list(found)
    inside = {s.id for s in services_in_scope(pathway_map, scope)}
    groupings, areas = set(scope.get("groupings") or []), set(scope.get("local_areas") or [])
    kept = []
    for finding in found:
        details = finding.details
        if finding.service_ids:
            if inside & set(finding.service_ids):
                kept.append(finding)
            continue
        grouping = details.get("grouping")
        if groupings and grouping and grouping not in groupings:
            continue
        area = details.get("local_area")
        if areas and area and area not in areas:
            continue
        kept.append(finding)
    return kept


def scope_summary(scope: dict) -> list[tuple[str, str]]:
    """The agreed scope as (what, covers) rows; empty when no scope is agreed yet."""
    if not scope:
        return []
    low, high = scope.get("age_min"), scope.get("age_max")
    return [
        (
            "Groupings",
            ", ".join(pathways.grouping_name(g) for g in scope.get("groupings") or [])
            or "Every grouping",
        ),
        ("Local areas", ", ".join(scope.get("local_areas") or []) or "Every area"),
        ("Ages", f"{0 if low is None else low} to {OLDEST_SHOWN if high is None else high}"),
        ("Notes", scope.get("notes") or "None"),
    ]


def site_policy(site) -> DisclosurePolicy:
    return DisclosurePolicy(threshold=site.disclosure_threshold)


def finding_key(finding) -> str:
    """A short key naming a finding, so a page can refer to it without sending its text."""
    text = f"{finding.kind}|{finding.message}|{','.join(finding.ids)}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def finding_evidence(finding, pathway_map) -> str:
    """A finding as gap-analysis evidence: what the map shows and what it involves."""
    names = pathway_map.name_of
    parts = [finding.message]
    if finding.service_ids:
        parts.append("Services: " + ", ".join(names(i) for i in finding.service_ids) + ".")
    if finding.entry_point_ids:
        parts.append("Entry points: " + ", ".join(names(i) for i in finding.entry_point_ids) + ".")
    return " ".join(parts)


def findings(found, pathway_map) -> list[dict]:
    names = {s.id: s.name for s in pathway_map.services}
    names.update({e.id: e.name for e in pathway_map.entry_points})
    grouped = defaultdict(list)
    for finding in found:
        grouped[finding.kind].append(
            {
                "key": finding_key(finding),
                "message": finding.message,
                "severity": finding.severity,
                # Services link to their details; entry points are named.
                "services": [(i, names.get(i, i)) for i in finding.service_ids if i in names],
            }
        )
    order = list(KIND_TITLES)
    return [
        {
            "kind": kind,
            "title": KIND_TITLES.get(kind, kind),
            "items": sorted(items, key=lambda f: SEVERITY_ORDER.get(f["severity"], 9)),
        }
        for kind, items in sorted(
            grouped.items(), key=lambda p: order.index(p[0]) if p[0] in order else 99
        )
    ]


def _senior(band: str) -> bool:
    """Band 8 or above (8a-8d, 9), however it is written: "8b", "Band 8b", "AfC band 9"."""
    found = re.search(r"\d+", str(band))
    return found is not None and int(found.group()) >= 8


def workforce_summary(pathway_map, workforce: dict) -> list[dict]:
    """The skill mix behind each needs-based grouping: WTE by profession and band, vacancies."""
    summary = []
    for grouping in pathways.grouping_ids():
        serving = [s for s in pathway_map.services if grouping in s.groupings]
        mix = defaultdict(float)
        vacancies = senior = 0.0
        trained = defaultdict(int)
        for service in serving:
            for row in workforce.get(service.id, []):
                mix[(row["profession"], row["band"])] += row["wte"]
                vacancies += row["vacancies"]
                senior += row["wte"] if _senior(row["band"]) else 0
                for topic in filter(None, (t.strip() for t in row.get("training", "").split(";"))):
                    trained[topic] += 1
        summary.append(
            {
                "grouping": pathways.grouping_name(grouping),
                "services": len(serving),
                "mix": sorted(
                    ((p, b, round(w, 1)) for (p, b), w in mix.items()), key=lambda r: -r[2]
                ),
                "wte": round(sum(mix.values()), 1),
                "senior_wte": round(senior, 1),
                "vacancies": round(vacancies, 1),
                "training": sorted(trained.items()),
            }
        )
    return summary


def workforce_rows(pathway_map, workforce: dict) -> list[list]:
    names = {s.id: s.name for s in pathway_map.services}
    return [
        [
            sid,
            names.get(sid, sid),
            r["profession"],
            r["band"],
            r["wte"],
            r["vacancies"],
            r["training"],
        ]
        for sid, rows in workforce.items()
        for r in rows
    ]


def checklist_evidence(pathway_map, workforce: dict) -> dict[str, str]:
    """Workforce evidence for checklist action 20: senior practitioners in advice."""
    advice = next(
        (
            g
            for g in workforce_summary(pathway_map, workforce)
            if g["grouping"].startswith("Getting Advice")
        ),
        None,
    )
    if not advice or not advice["wte"]:
        return {}
    return {
        "ic-20": f"{advice['senior_wte']} of {advice['wte']} WTE in Getting Advice and Signposting "
        "services are at band 8 or above"
    }
