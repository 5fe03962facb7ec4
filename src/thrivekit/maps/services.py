"""Edits to a site's pathway map. Each builds a new map, validated as a whole, and saves it
only if nobody else saved since the editor read it."""

import dataclasses
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from thrivekit import pathways
from thrivekit.disclosure import DisclosurePolicy, round_half_up, safe_count
from thrivekit.inputs import UPLOADS, UnreadableInput, read_table
from thrivekit.maps.models import MapProposal, PathwayMapDocument
from thrivekit.maps.selectors import map_version, site_map


class MapChanged(ValidationError):
    def __init__(self):
        super().__init__(
            "Someone else changed the map since you opened it. Check it and try again."
        )


def new_node_id(name: str, taken: set[str]) -> str:
    """A readable, unused id for a new service or entry point, from its name."""
    base = slugify(name)[:50] or "service"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _build(services, entry_points, routes) -> pathways.PathwayMap:
    try:
        return pathways.PathwayMap(
            services=list(services), entry_points=list(entry_points), routes=list(routes)
        )
    except pathways.PathwayMapError as error:
        raise ValidationError([problem.message for problem in error.problems]) from error


@transaction.atomic
def map_save(*, site, pathway_map, base_version: int, saved_by=None) -> PathwayMapDocument:
    data = pathways.to_json_dict(pathway_map)
    document = PathwayMapDocument.objects.for_site(site).first()
    if document is None:
        if base_version != 0:
            raise MapChanged()
        return PathwayMapDocument.objects.create(site=site, data=data, updated_by=saved_by)
    if document.version != base_version:
        raise MapChanged()
    # Drop positions of nodes that no longer exist.
    ids = {s.id for s in pathway_map.services} | {e.id for e in pathway_map.entry_points}
    document.positions = {k: v for k, v in document.positions.items() if k in ids}
    document.data = data
    document.version += 1
    document.updated_by = saved_by
    document.save()
    return document


def service_save(*, site, service: pathways.Service, base_version: int, saved_by=None):
    current = site_map(site=site)
    services = [s for s in current.services if s.id != service.id]
    position = next((i for i, s in enumerate(current.services) if s.id == service.id), None)
    services.insert(len(services) if position is None else position, service)
    new = _build(services, current.entry_points, current.routes)
    return map_save(site=site, pathway_map=new, base_version=base_version, saved_by=saved_by)


def entry_point_save(*, site, entry_point: pathways.EntryPoint, base_version: int, saved_by=None):
    current = site_map(site=site)
    entries = [e for e in current.entry_points if e.id != entry_point.id] + [entry_point]
    new = _build(current.services, entries, current.routes)
    return map_save(site=site, pathway_map=new, base_version=base_version, saved_by=saved_by)


def node_remove(*, site, node_id: str, base_version: int, saved_by=None):
    """Remove a service or entry point and every route to or from it."""
    current = site_map(site=site)
    new = _build(
        [s for s in current.services if s.id != node_id],
        [e for e in current.entry_points if e.id != node_id],
        [r for r in current.routes if node_id not in (r.from_id, r.to_id)],
    )
    return map_save(site=site, pathway_map=new, base_version=base_version, saved_by=saved_by)


def route_add(*, site, route: pathways.Route, base_version: int, saved_by=None):
    current = site_map(site=site)
    routes = [
        r
        for r in current.routes
        if (r.from_id, r.to_id, r.kind) != (route.from_id, route.to_id, route.kind)
    ]
    new = _build(current.services, current.entry_points, [*routes, route])
    return map_save(site=site, pathway_map=new, base_version=base_version, saved_by=saved_by)


def route_remove(*, site, index: int, base_version: int, saved_by=None):
    current = site_map(site=site)
    routes = list(current.routes)
    if not 0 <= index < len(routes):
        raise ValidationError("That route is no longer on the map.")
    del routes[index]
    new = _build(current.services, current.entry_points, routes)
    return map_save(site=site, pathway_map=new, base_version=base_version, saved_by=saved_by)


def map_import(*, site, data: bytes, filename: str, base_version: int, saved_by=None):
    """Replace the map with an uploaded one, or return the file's problems and change nothing."""
    result = pathways.import_file(data, filename=filename)
    if not result.ok:
        return None, result.problems
    return map_save(
        site=site, pathway_map=result.pathway_map, base_version=base_version, saved_by=saved_by
    ), []


@transaction.atomic
def positions_save(*, site, positions: dict) -> None:
    """Where someone dragged nodes: layout only, so no version check."""
    document = PathwayMapDocument.objects.for_site(site).first()
    if document is None:
        return
    ids = {s["id"] for s in document.data["services"]} | {
        e["id"] for e in document.data["entry_points"]
    }
    for node_id, (x, y) in positions.items():
        if node_id in ids:
            document.positions[node_id] = [round(float(x), 1), round(float(y), 1)]
    document.save(update_fields=["positions", "updated_at"])


def positions_clear(*, site) -> None:
    """Forget where boxes were dragged, so the map is laid out afresh by grouping."""
    document = PathwayMapDocument.objects.for_site(site).first()
    if document is None or not document.positions:
        return
    document.positions = {}
    document.save(update_fields=["positions", "updated_at"])


def service_from(data: dict) -> pathways.Service:
    return pathways.Service(
        **{f.name: data[f.name] for f in dataclasses.fields(pathways.Service) if f.name in data}
    )


# --- Activity data: teams mapped to services, route volumes --------------------------------


@transaction.atomic
def team_services_save(*, site, mapping: dict[str, str]) -> None:
    """Map the activity data's teams to services once; blank means "not on the map"."""
    document = PathwayMapDocument.objects.for_site(site).first()
    if document is None:
        raise ValidationError("Add services to the map first.")
    known = {s["id"] for s in document.data["services"]}
    document.team_services = {team: sid for team, sid in mapping.items() if sid in known}
    document.save(update_fields=["team_services", "updated_at"])


def route_volumes_fill(
    *,
    site,
    flows: list[tuple[str, str, int]],
    months: int,
    policy: DisclosurePolicy,
    saved_by=None,
) -> tuple[PathwayMapDocument, int]:
    """Set each route's young people a year from the activity data's moves between services.

    Moves between teams matched to the same pair of services add up. The map is shared, so the
    moves go through disclosure control: a route with too few young people in the data keeps
    no number, and the others are rounded. Returns the saved map and how many routes had too
    few.
    """
    current = site_map(site=site)
    moves: dict[tuple[str, str], int] = defaultdict(int)
    for source, target, count in flows:
        moves[(source, target)] += count
    too_few = 0
    routes = []
    for route in current.routes:
        volume = route.volume_per_year
        count = moves.get((route.from_id, route.to_id))
        if count:
            if isinstance(safe_count(count, policy=policy), int):
                per_year = count * 12 / max(1, months)
                volume = round_half_up(per_year, base=policy.rounding_base) or None
            else:
                volume, too_few = None, too_few + 1
        routes.append(dataclasses.replace(route, volume_per_year=volume))
    new = _build(current.services, current.entry_points, routes)
    document = map_save(
        site=site, pathway_map=new, base_version=map_version(site=site), saved_by=saved_by
    )
    return document, too_few


# --- Workforce -----------------------------------------------------------------------------

WORKFORCE_COLUMNS = ("service_id", "profession", "band", "wte", "vacancies", "training")


@transaction.atomic
def workforce_replace(*, site, rows: list[dict]) -> None:
    """Replace the workforce table (already checked by workforce_read)."""
    document = PathwayMapDocument.objects.for_site(site).first()
    if document is None:
        raise ValidationError("Add services to the map first.")
    workforce: dict[str, list] = {}
    for row in rows:
        workforce.setdefault(row["service_id"], []).append(
            {k: row[k] for k in WORKFORCE_COLUMNS if k != "service_id"}
        )
    document.workforce = workforce
    document.save(update_fields=["workforce", "updated_at"])


def _workforce_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def workforce_read(*, site, data: bytes, filename: str) -> tuple[list[dict], list[str]]:
    """Rows of a workforce CSV or XLSX, checked; problems name the row (header = row 1).

    The file is read within the upload limits (thrivekit.inputs.UPLOADS).
    """
    known = {s.id for s in site_map(site=site).services}
    try:
        table = [
            [_workforce_cell(v) for v in row]
            for row in read_table(data, file_name=filename, limits=UPLOADS)
        ]
    except UnreadableInput as error:
        return [], [str(error)]
    if not table:
        return [], [f"{filename}: the file is empty"]
    header = [h.strip().lower() for h in table[0]]
    missing = [c for c in WORKFORCE_COLUMNS[:4] if c not in header]
    if missing:
        return [], [f"{filename}, row 1: missing column(s) {', '.join(missing)}"]
    rows, problems = [], []
    for number, values in enumerate(table[1:], start=2):
        cells = dict(zip(header, [v.strip().lstrip("'") for v in values], strict=False))
        if not any(cells.values()):
            continue
        sid = cells.get("service_id", "")
        if sid not in known:
            problems.append(
                f"{filename}, row {number}, column service_id: no service {sid!r} on the map"
            )
            continue
        try:
            wte = float(cells.get("wte") or 0)
            vacancies = float(cells.get("vacancies") or 0)
        except ValueError:
            problems.append(f"{filename}, row {number}: wte and vacancies must be numbers")
            continue
        if wte < 0 or vacancies < 0:
            problems.append(f"{filename}, row {number}: wte and vacancies must be 0 or more")
            continue
        if not cells.get("profession"):
            problems.append(f"{filename}, row {number}, column profession: enter a profession")
            continue
        rows.append(
            {
                "service_id": sid,
                "profession": cells["profession"],
                "band": cells.get("band", ""),
                "wte": wte,
                "vacancies": vacancies,
                "training": cells.get("training", ""),
            }
        )
    return rows, problems


# --- Pathway-mapping workshop ----------------------------------------------------------------


@transaction.atomic
def map_scope_save(*, site, scope: dict, saved_by=None) -> PathwayMapDocument:
    """Step 1 of the mapping workshop: record what the room's map covers."""
    document = PathwayMapDocument.objects.for_site(site).first()
    if document is None:
        document = map_save(site=site, pathway_map=_build([], [], []), base_version=0)
    document.scope = scope
    document.updated_by = saved_by
    document.save(update_fields=["scope", "updated_by", "updated_at"])
    return document


@transaction.atomic
def proposal_create(*, site, table: str, kind: str, payload: dict):
    if not table.strip():
        raise ValidationError("Say which table you are.")
    proposal = MapProposal(site=site, table=table.strip()[:80], kind=kind, payload=payload)
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_decide(*, proposal, accept: bool, decided_by=None):
    """Accept a table's proposal into the map (checked like any edit), or decline it."""
    if proposal.status != MapProposal.Status.PENDING:
        return proposal
    if accept and proposal.kind != MapProposal.Kind.NOTE:
        site = proposal.site
        current = site_map(site=site)
        taken = {s.id for s in current.services} | {e.id for e in current.entry_points}
        if proposal.kind == MapProposal.Kind.SERVICE:
            service = pathways.Service(
                id=new_node_id(proposal.payload["name"], taken),
                name=proposal.payload["name"],
                groupings=tuple(proposal.payload["groupings"]),
            )
            service_save(
                site=site, service=service, base_version=map_version(site=site), saved_by=decided_by
            )
        else:
            route = pathways.Route(
                from_id=proposal.payload["from_id"],
                to_id=proposal.payload["to_id"],
                kind=proposal.payload.get("kind", "referral"),
            )
            route_add(
                site=site, route=route, base_version=map_version(site=site), saved_by=decided_by
            )
    proposal.status = MapProposal.Status.ACCEPTED if accept else MapProposal.Status.DECLINED
    proposal.save(update_fields=["status", "updated_at"])
    return proposal
