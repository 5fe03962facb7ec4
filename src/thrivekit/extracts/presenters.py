"""The activity dashboard. Analysts see exact figures; everyone else sees figures through the
disclosure-control function (counts of 1-7 people as *, others rounded to 5)."""

from thrivekit import charts
from thrivekit.core.template_filters import number
from thrivekit.disclosure import SUPPRESSED, DisclosurePolicy
from thrivekit.disclosure.figures import Figures, bottleneck_sentence, empty_months, rate_parts
from thrivekit.sites.models import Role

# Checklist actions that the extract gives evidence for: (action id, evidence key, what).
EVIDENCE = (
    ("ic-13", "grouping_recorded_pct", "open referrals with a needs-based grouping recorded"),
    ("ic-15", "sdm_recorded_pct", "open referrals with shared decision making recorded"),
    ("ic-27", "goals_recorded_pct", "open referrals with treatment goals recorded"),
    ("ic-29", "ending_reason_recorded_pct", "closed referrals with a reason for ending"),
)


def figures_for(*, site_ctx) -> Figures:
    return Figures(
        exact=site_ctx.has_role(Role.ANALYST),
        policy=DisclosurePolicy(threshold=site_ctx.site.disclosure_threshold),
    )


def _shown(value, digits=1) -> str:
    return value if isinstance(value, str) else number(value, digits)


def _percent(value) -> str:
    shown = _shown(value)
    return shown if shown in ("*", "–", "") or value is None else f"{shown}%"


def dashboard(*, analysis: dict, figures: Figures) -> dict:
    f = figures
    referrals, contacts, waits = analysis["referrals"], analysis["contacts"], analysis["waits"]
    first = waits["first_contact"]
    mix_rows = analysis["grouping_mix"]
    open_now = sum(g["referrals"] for g in mix_rows)

    # Columns that add up to a figure shown elsewhere on the page are protected together.
    team_rows = analysis["teams"]
    team_referrals, referrals_total = f.column(
        [t["referrals"] for t in team_rows], total=referrals["total"]
    )
    sources_shown, sources_total = f.column(
        [s["count"] for s in referrals["by_source"]], total=referrals["total"]
    )
    month_referrals, months_total = f.column(
        [m["referrals"] for m in analysis["monthly"]], total=referrals["total"]
    )
    if SUPPRESSED in (sources_total, months_total):
        referrals_total = SUPPRESSED
    team_attended, attended_total = f.column(
        [t["attended_contacts"] for t in team_rows], total=contacts["attended"]
    )
    team_waiting, waiting_total = f.column(
        [t["waiting_list_now"] for t in team_rows], total=waits["still_waiting"]
    )
    bands = waits.get("still_waiting_bands") or []
    bands_shown, bands_total = f.column([b["count"] for b in bands], total=waits["still_waiting"])
    if bands_total == SUPPRESSED:
        waiting_total = SUPPRESSED
    team_before, _ = f.column([t["waiting_list_six_months_earlier"] for t in team_rows])

    dna_num, dna_den = rate_parts(contacts, "dna_rate")
    within_num, within_den = rate_parts(first, "within_28_days_pct")
    within = f.rate(first["within_28_days_pct"], within_num, within_den)
    summary = [
        ("Referrals", _shown(referrals_total, 0)),
    ]
    if referrals.get("people") is not None:
        summary.append(("Young people referred", _shown(f.count(referrals["people"]), 0)))
    summary += [
        ("Attended contacts", _shown(attended_total, 0)),
        (
            "Did not attend rate",
            _percent(
                f.rate(
                    None if contacts["dna_rate"] is None else 100 * contacts["dna_rate"],
                    dna_num,
                    dna_den,
                )
            ),
        ),
        ("Waiting for a first contact now", _shown(waiting_total, 0)),
        ("Median wait to first contact (days)", _shown(f.stat(first["median"], first["n"]))),
        ("Seen within 4 weeks", _percent(within)),
    ]
    monthly = [
        {
            "month": m["month"],
            "referrals": shown_referrals,
            "waiting_list": f.count(m["waiting_list"]),
            "open_referrals": f.count(m["open_referrals"]),
        }
        for m, shown_referrals in zip(analysis["monthly"], month_referrals, strict=True)
    ]
    gaps = _empty_months(analysis)
    gap_note = _gap_note(gaps)
    demand_chart = charts.monthly_lines(
        [{"month": m["month"], "series": "Referrals", "value": m["referrals"]} for m in monthly],
        title="Referrals by month",
        y_title="Referrals",
        note=gap_note,
    )
    waiting_chart = charts.monthly_lines(
        [
            {"month": m["month"], "series": series, "value": m[key]}
            for m in monthly
            for series, key in (
                ("Waiting list", "waiting_list"),
                ("Open referrals", "open_referrals"),
            )
        ],
        title="The waiting list over time",
        y_title="Young people",
        note=gap_note,
    )
    sources = [
        (s["source"], shown) for s, shown in zip(referrals["by_source"], sources_shown, strict=True)
    ]
    per_referral = analysis["contacts_per_referral"]
    spread, _ = f.column(
        [d["count"] for d in per_referral["distribution"]], total=per_referral["closed_referrals"]
    )
    distribution = [
        (d["contacts"], shown)
        for d, shown in zip(per_referral["distribution"], spread, strict=True)
    ]
    distribution_chart = charts.category_bars(
        [{"category": c, "value": v} for c, v in distribution],
        title="Attended contacts per closed referral",
        x_title="Closed referrals",
    )
    teams = []
    for i, t in enumerate(team_rows):
        dna = f.rate(
            None if t["dna_rate"] is None else 100 * t["dna_rate"],
            *rate_parts(t, "dna_rate"),
            beside=team_attended[i],
        )
        teams.append(
            {
                "team": t["team"],
                "referrals": team_referrals[i],
                "attended": team_attended[i],
                "dna_value": dna,
                "dna_rate": _shown(dna),
                "median_wait": _shown(
                    f.stat(t["median_first_contact_wait"], t.get("first_contact_waits_n"))
                ),
                "waiting_now": team_waiting[i],
                "waiting_before": team_before[i],
            }
        )
    dna_chart = charts.category_bars(
        [{"category": t["team"], "value": t["dna_value"]} for t in teams],
        title="Did not attend rate by team",
        x_title="Did not attend (%)",
    )
    mix_counts, _ = f.column(
        [g["referrals"] for g in mix_rows],
        total=mix_rows[0].get("referrals_pct_denominator", open_now) if mix_rows else 0,
    )
    mix = []
    for g, shown_referrals in zip(mix_rows, mix_counts, strict=True):
        reference = g.get("reference") or {}
        ref = reference.get("referrals_pct")
        share = f.rate(g["referrals_pct"], *rate_parts(g, "referrals_pct"), beside=shown_referrals)
        mix.append(
            {
                "grouping": g["grouping"],
                "referrals": shown_referrals,
                "referrals_pct": share,
                "mean_contacts": _shown(
                    f.stat(g["mean_attended_contacts"], g["referrals"], kind="mean")
                ),
                "reference": ref,
            }
        )
    mix_chart = charts.category_bars(
        [{"category": m["grouping"], "value": m["referrals_pct"]} for m in mix],
        title="Needs-based grouping mix against the reference figures",
        x_title="Share of open referrals (%)",
        reference=[
            {"category": m["grouping"], "low": m["reference"][0], "high": m["reference"][1]}
            if isinstance(m["reference"], list)
            else {"category": m["grouping"], "low": m["reference"], "high": m["reference"]}
            for m in mix
            if m["reference"] is not None
        ],
    )
    flows = [(x["from"], x["to"], f.count(x["count"])) for x in analysis["team_flows"][:15]]
    # None when there is no flow, or every one is hidden: then the page shows only the table.
    flows_chart = charts.team_flow_sankey(
        [{"from": a, "to": b, "count": count} for a, b, count in flows],
        title="Moves between teams",
    )
    return {
        "exact": f.exact,
        "rule": None if f.exact else f.policy.describe(),
        "summary": summary,
        "monthly": monthly,
        "empty_months": gaps,
        "after_as_of": _after_as_of(analysis, f),
        "demand_chart": demand_chart,
        "waiting_chart": waiting_chart,
        "sources": sources,
        "first": {
            "n": f.count(first["n"]),
            "mean": _shown(f.stat(first["mean"], first["n"], kind="mean")),
            "median": _shown(f.stat(first["median"], first["n"])),
            "p90": _shown(f.stat(first["p90"], first["n"], kind="percentile")),
            "within": _shown(within),
        },
        "waiting_bands": [(b["band"], shown) for b, shown in zip(bands, bands_shown, strict=True)],
        "distribution": distribution,
        "distribution_chart": distribution_chart,
        "per_referral": {
            "closed": f.count(per_referral["closed_referrals"]),
            "mean": _shown(
                f.stat(per_referral["mean"], per_referral["closed_referrals"], kind="mean")
            ),
            "median": _shown(f.stat(per_referral["median"], per_referral["closed_referrals"])),
        },
        "teams": teams,
        "dna_chart": dna_chart,
        "mix": mix,
        "mix_chart": mix_chart,
        "flows": flows,
        "flows_chart": flows_chart,
        "bottlenecks": [
            {"team": b["team"], "detail": bottleneck_sentence(b, f)}
            for b in analysis["bottlenecks"]
        ],
        "evidence": _evidence(analysis, f),
        "validation": _validation(analysis["validation"], f),
    }


def _warnings(analysis: dict, rule: str) -> list[dict]:
    # Stored by the import since the as-of date is derived (activity.asof); older analyses
    # have none.
    return [w for w in analysis["validation"].get("warnings") or [] if w.get("rule") == rule]


def _empty_months(analysis: dict) -> list[str]:
    """Months with no referrals and no attended contacts in the series, and the months the
    import found with no activity at all up to the as-of date."""
    months = set(empty_months(analysis))
    for warning in _warnings(analysis, "empty_months"):
        months.update(warning.get("months") or [])
    return sorted(months)


def _gap_note(months: list[str]) -> str | None:
    if not months:
        return None
    named = ", ".join(months[:3]) + (" and more" if len(months) > 3 else "")
    return f"Nothing recorded in {named}: probably missing data, not a fall to 0"


def _after_as_of(analysis: dict, f: Figures) -> list[tuple[str, str | int]]:
    """(table, published count) of the kept rows dated after the as-of date: left out of every
    figure, and often a sign of mistyped dates."""
    return [
        (w["table"], _shown(f.count(w["count"]), 0))
        for w in _warnings(analysis, "after_as_of")
        if w.get("count")
    ]


def _evidence(analysis: dict, f: Figures) -> list[tuple[str, str, str]]:
    """(action id, what, published percentage) for each checklist action the extract shows."""
    evidence = []
    for action, key, what in EVIDENCE:
        value = analysis["evidence"].get(key)
        if value is not None:
            shown = f.rate(value, *rate_parts(analysis["evidence"], key))
            evidence.append((action, what, _shown(shown)))
    return evidence


def _validation(validation: dict, f: Figures) -> dict:
    # Rows set aside add up to the rows read less the rows kept, both shown: protect them so.
    rejected = validation["rejected"]
    shown = [None] * len(rejected)
    for table in dict.fromkeys(r["table"] for r in rejected):
        rows = [i for i, r in enumerate(rejected) if r["table"] == table]
        read, kept = validation.get(f"{table}_read"), validation.get(f"{table}_kept")
        total = read - kept if isinstance(read, int) and isinstance(kept, int) else None
        cells, _ = f.column([rejected[i]["count"] for i in rows], total=total)
        for i, cell in zip(rows, cells, strict=True):
            shown[i] = cell
    return {
        "referrals_read": f.count(validation["referrals_read"]),
        "referrals_kept": f.count(validation["referrals_kept"]),
        "contacts_read": f.count(validation["contacts_read"]),
        "contacts_kept": f.count(validation["contacts_kept"]),
        "rejected": [
            {
                "table": r["table"],
                "rule": r["rule"].replace("_", " "),
                "count": count,
                # Row numbers point into the analyst's own file: only analysts see them.
                "examples": ", ".join(map(str, r["examples"])) if f.exact else "",
            }
            for r, count in zip(rejected, shown, strict=True)
        ],
    }


def checklist_evidence(*, analysis: dict, figures: Figures) -> dict[str, str]:
    """action id -> a sentence of evidence from the latest extract, for the checklist."""
    if not analysis:
        return {}
    # Only the evidence: the whole dashboard (its charts) is not built for it.
    return {
        action: f"{_percent(value)} of {what}"
        for action, what, value in _evidence(analysis, figures)
    }
