"""The future offer per needs-based grouping, drafted from today's pathway map and the gap
analyses, and the workforce by grouping with each service's WTE split (never double counted)."""

from collections import defaultdict

from django.http import Http404

from thrivekit import pathways
from thrivekit.extracts.selectors import latest_analysis
from thrivekit.maps import selectors as map_selectors
from thrivekit.pathways.model import match_grouping
from thrivekit.planning import selectors


def _serving(pathway_map, grouping: str) -> list:
    return [s for s in pathway_map.services if grouping in s.groupings]


def draft(*, site, grouping: str) -> dict[str, str]:
    """A first draft of the offer for a grouping: what the map and the gap analyses say now."""
    pathway_map = map_selectors.site_map(site=site)
    document = map_selectors.map_document(site=site)
    workforce = document.workforce if document else {}
    serving = _serving(pathway_map, grouping)
    ids = {s.id for s in serving}
    entry_ids = {r.from_id for r in pathway_map.routes if r.to_id in ids}
    entries = [e.name for e in pathway_map.entry_points if e.id in entry_ids]
    providers = sorted({s.provider or s.sector for s in serving if s.provider or s.sector})
    mix = defaultdict(float)
    for service in serving:
        for row in workforce.get(service.id, []):
            mix[f"{row['profession']} (band {row['band']})"] += row["wte"]
    answered = {
        a.priority
        for a in selectors.actions_for_grouping(site=site, grouping=grouping)
        if a.priority
    }
    notes = [
        f"From the gap analysis of {p}: {p.recommendations}"
        for p in sorted(answered, key=lambda p: p.rank)
        if p.recommendations
    ]
    return {
        "services": "\n".join(
            f"{s.name}" + (f" ({s.provider})" if s.provider else "") for s in serving
        )
        or "No service on today's map serves this grouping.",
        "entry_points": "\n".join(entries),
        "who_delivers": "\n".join(providers),
        "skill_mix": "\n".join(
            f"{what}: {wte:.1f} WTE today (across services that also serve other groupings)"
            for what, wte in sorted(mix.items(), key=lambda p: -p[1])
        ),
        "notes": "\n".join(notes),
    }


def scenario_headline(scenario) -> str:
    """What the supporting scenario shows, in a line: its simulated waits, if it has run."""
    overall = (scenario.result or {}).get("overall") or {}
    mean = (overall.get("wait_days") or {}).get("mean")
    within = overall.get("within_28_days_pct")
    if mean is None:
        return "Not simulated yet"
    line = f"mean wait {mean:.1f} days"
    return line + (f", {within:.0f}% seen within 4 weeks" if within is not None else "")


def offers_view(*, site) -> list[dict]:
    saved = selectors.offers_for_site(site=site)
    rows = []
    for g in pathways.grouping_ids():
        found = saved.get(g)
        scenario = found.scenario if found else None
        rows.append(
            {
                "id": g,
                "name": pathways.grouping_name(g),
                "offer": found,
                "scenario": scenario,
                "scenario_headline": scenario_headline(scenario) if scenario else "",
            }
        )
    return rows


def referral_mix(analysis: dict) -> dict[str, float]:
    """Open referrals by grouping id from the activity data (the default split)."""
    mix = {}
    for row in analysis.get("grouping_mix", []):
        grouping = match_grouping(row["grouping"])
        if grouping:
            mix[grouping] = float(row.get("referrals") or 0)
    return mix


def service_shares(service, *, set_shares: dict, mix: dict) -> tuple[dict[str, float], str]:
    """How a service's WTE splits between its groupings (fractions adding up to 1), and how
    the split was decided: set by the site, by the referral mix, or equally."""
    groupings = list(service.groupings)
    if not groupings:
        return {}, "No grouping on the map"
    chosen = {g: set_shares[(service.id, g)] for g in groupings if (service.id, g) in set_shares}
    if chosen and sum(chosen.values()) > 0:
        total = sum(chosen.values())
        return {g: v / total for g, v in chosen.items()}, "Set by the site"
    weights = {g: mix.get(g, 0.0) for g in groupings}
    if len(groupings) > 1 and sum(weights.values()) > 0:
        total = sum(weights.values())
        return {g: w / total for g, w in weights.items()}, "By the referral mix"
    return {g: 1 / len(groupings) for g in groupings}, (
        "Serves one grouping" if len(groupings) == 1 else "Equally (no referral data)"
    )


def workforce_by_grouping(*, site) -> dict:
    """WTE and vacancies per grouping: a service serving several groupings adds only its share
    to each, so the groupings add up to the workforce on the map."""
    pathway_map = map_selectors.site_map(site=site)
    document = map_selectors.map_document(site=site)
    workforce = document.workforce if document else {}
    set_shares = selectors.shares_for_site(site=site)
    mix = referral_mix(latest_analysis(site=site))
    totals = {g: {"wte": 0.0, "vacancies": 0.0} for g in pathways.grouping_ids()}
    services, all_wte = [], 0.0
    for service in pathway_map.services:
        rows = workforce.get(service.id, [])
        wte = sum(r["wte"] for r in rows)
        vacancies = sum(r["vacancies"] for r in rows)
        if not rows:
            continue
        shares, how = service_shares(service, set_shares=set_shares, mix=mix)
        all_wte += wte
        for grouping, share in shares.items():
            if grouping in totals:
                totals[grouping]["wte"] += wte * share
                totals[grouping]["vacancies"] += vacancies * share
        services.append(
            {
                "id": service.id,
                "several": len(service.groupings) > 1,
                "name": service.name,
                "wte": round(wte, 1),
                "how": how,
                "shares": [
                    (pathways.grouping_name(g), round(100 * s, 1)) for g, s in shares.items()
                ],
            }
        )
    return {
        "groupings": [
            {
                "name": pathways.grouping_name(g),
                "wte": round(t["wte"], 1),
                "vacancies": round(t["vacancies"], 1),
            }
            for g, t in totals.items()
        ],
        "services": services,
        "total_wte": round(all_wte, 1),
    }


def mapped_service(*, site, service_id: str):
    service = next(
        (s for s in map_selectors.site_map(site=site).services if s.id == service_id), None
    )
    if service is None or len(service.groupings) < 2:
        raise Http404("No such service serving several groupings")
    return service


def current_shares(*, site, service) -> dict[str, float]:
    shares, _ = service_shares(
        service,
        set_shares=selectors.shares_for_site(site=site),
        mix=referral_mix(latest_analysis(site=site)),
    )
    return shares


def training_needs(*, site) -> list[dict]:
    """Training needs rolled up: what each gap analysis asks for, and the training the
    workforce table records per grouping."""
    from thrivekit.maps.presenters import workforce_summary
    from thrivekit.priorities.selectors import site_priorities

    needs = [
        {"source": f"Gap analysis of priority {p}", "text": p.training}
        for p in site_priorities(site=site).order_by("session__created_at", "rank")
        if p.training.strip()
    ]
    document = map_selectors.map_document(site=site)
    if document and document.workforce:
        pathway_map = map_selectors.site_map(site=site)
        for row in workforce_summary(pathway_map, document.workforce):
            if row["training"]:
                topics = "; ".join(
                    f"{topic} ({n} staff {'group' if n == 1 else 'groups'})"
                    for topic, n in row["training"]
                )
                needs.append(
                    {"source": f"Training recorded in the workforce: {row['grouping']}",
                     "text": topics}
                )  # fmt: skip
    return needs


def _offer_line(line: str) -> tuple[str, str]:
    """'Young Adults Crisis Response (Northbridge Trust)' -> (name, provider)."""
    line = line.strip().lstrip("-•*").strip()
    if line.endswith(")") and " (" in line:
        name, _, provider = line[:-1].rpartition(" (")
        return name.strip(), provider.strip()
    return line, ""


def services_to_add(*, offer, pathway_map) -> list[dict]:
    """Services the grouping's future offer names that the (future) map does not have yet,
    as the fields of an "add a service" change."""
    if offer is None:
        return []
    on_map = {s.name.casefold() for s in pathway_map.services}
    found, seen = [], set()
    for line in offer.services.splitlines():
        name, provider = _offer_line(line)
        if not name or name.casefold() in on_map or name.casefold() in seen:
            continue
        if name.startswith("No service on today's map"):
            continue
        seen.add(name.casefold())
        found.append({"name": name[:200], "provider": provider[:200]})
    return found
