"""The activity dashboard. Analysts see exact figures; everyone else sees figures through the
disclosure-control function (counts of 1-7 people as *, others rounded to 5)."""

from dataclasses import dataclass

from thrivekit import charts
from thrivekit.core.template_filters import number
from thrivekit.disclosure import DisclosurePolicy, safe_count, safe_percentage, safe_statistic
from thrivekit.sites.models import Role

# Checklist actions that the extract gives evidence for: (action id, evidence key, what).
EVIDENCE = (
    ("ic-13", "grouping_recorded_pct", "open referrals with a needs-based grouping recorded"),
    ("ic-15", "sdm_recorded_pct", "open referrals with shared decision making recorded"),
    ("ic-27", "goals_recorded_pct", "open referrals with treatment goals recorded"),
    ("ic-29", "ending_reason_recorded_pct", "closed referrals with a reason for ending"),
)


@dataclass
class Figures:
    """Shows a figure exactly to analysts and disclosure-controlled to everyone else."""

    exact: bool
    policy: DisclosurePolicy

    def count(self, n):
        return n if self.exact or n is None else safe_count(n, policy=self.policy)

    def pct(self, pct, denominator):
        """A percentage of `denominator` people, published from the rounded counts."""
        if pct is None or denominator is None:
            return None
        if self.exact:
            return pct
        numerator = round(pct * denominator / 100)
        return safe_percentage(numerator, denominator, dp=1, policy=self.policy)

    def stat(self, value, group_size):
        if self.exact or value is None:
            return value
        return safe_statistic(value, group_size=group_size or 0, dp=2, policy=self.policy)


def figures_for(*, site_ctx) -> Figures:
    return Figures(
        exact=site_ctx.has_role(Role.ANALYST),
        policy=DisclosurePolicy(threshold=site_ctx.site.disclosure_threshold),
    )


def _shown(value, digits=1) -> str:
    return value if isinstance(value, str) else number(value, digits)


def dashboard(*, analysis: dict, figures: Figures) -> dict:
    f = figures
    referrals, contacts, waits = analysis["referrals"], analysis["contacts"], analysis["waits"]
    first = waits["first_contact"]
    open_now = sum(g["referrals"] for g in analysis["grouping_mix"])
    summary = [
        ("Referrals", _shown(f.count(referrals["total"]), 0)),
        ("Attended contacts", _shown(f.count(contacts["attended"]), 0)),
        (
            "Did not attend rate",
            _shown(
                f.pct(
                    None if contacts["dna_rate"] is None else 100 * contacts["dna_rate"],
                    contacts["attended"] + contacts["dna"],
                )
            )
            + "%",
        ),
        ("Waiting for a first contact now", _shown(f.count(waits["still_waiting"]), 0)),
        ("Median wait to first contact (days)", _shown(f.stat(first["median"], first["n"]))),
        ("Seen within 4 weeks", _shown(f.pct(first["within_28_days_pct"], first["n"])) + "%"),
    ]
    monthly = [
        {
            "month": m["month"],
            "referrals": f.count(m["referrals"]),
            "waiting_list": f.count(m["waiting_list"]),
            "open_referrals": f.count(m["open_referrals"]),
        }
        for m in analysis["monthly"]
    ]
    demand_chart = charts.monthly_lines(
        [{"month": m["month"], "series": "Referrals", "value": m["referrals"]} for m in monthly],
        title="Referrals by month",
        y_title="Referrals",
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
    )
    sources = [(s["source"], f.count(s["count"])) for s in referrals["by_source"]]
    per_referral = analysis["contacts_per_referral"]
    distribution = [(d["contacts"], f.count(d["count"])) for d in per_referral["distribution"]]
    distribution_chart = charts.category_bars(
        [{"category": c, "value": v} for c, v in distribution],
        title="Attended contacts per closed referral",
        x_title="Closed referrals",
    )
    teams = []
    for t in analysis["teams"]:
        dna = f.pct(None if t["dna_rate"] is None else 100 * t["dna_rate"], t["attended_contacts"])
        teams.append(
            {
                "team": t["team"],
                "referrals": f.count(t["referrals"]),
                "attended": f.count(t["attended_contacts"]),
                "dna_value": dna,
                "dna_rate": _shown(dna),
                "median_wait": _shown(f.stat(t["median_first_contact_wait"], t["referrals"])),
                "waiting_now": f.count(t["waiting_list_now"]),
                "waiting_before": f.count(t["waiting_list_six_months_earlier"]),
            }
        )
    dna_chart = charts.category_bars(
        [{"category": t["team"], "value": t["dna_value"]} for t in teams],
        title="Did not attend rate by team",
        x_title="Did not attend (%)",
    )
    mix = []
    for g in analysis["grouping_mix"]:
        reference = g.get("reference") or {}
        ref = reference.get("referrals_pct")
        mix.append(
            {
                "grouping": g["grouping"],
                "referrals": f.count(g["referrals"]),
                "referrals_pct": f.pct(g["referrals_pct"], open_now),
                "mean_contacts": _shown(f.stat(g["mean_attended_contacts"], g["referrals"])),
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
    evidence = []
    for action, key, what in EVIDENCE:
        value = analysis["evidence"].get(key)
        if value is not None:
            denominator = per_referral["closed_referrals"] if "ending" in key else open_now
            evidence.append((action, what, _shown(f.pct(value, denominator))))
    return {
        "exact": f.exact,
        "rule": None if f.exact else f.policy.describe(),
        "summary": summary,
        "monthly": monthly,
        "demand_chart": demand_chart,
        "waiting_chart": waiting_chart,
        "sources": sources,
        "first": {
            "n": f.count(first["n"]),
            "mean": _shown(f.stat(first["mean"], first["n"])),
            "median": _shown(f.stat(first["median"], first["n"])),
            "p90": _shown(f.stat(first["p90"], first["n"])),
            "within": _shown(f.pct(first["within_28_days_pct"], first["n"])),
        },
        "distribution": distribution,
        "distribution_chart": distribution_chart,
        "per_referral": {
            "closed": f.count(per_referral["closed_referrals"]),
            "mean": _shown(f.stat(per_referral["mean"], per_referral["closed_referrals"])),
            "median": _shown(f.stat(per_referral["median"], per_referral["closed_referrals"])),
        },
        "teams": teams,
        "dna_chart": dna_chart,
        "mix": mix,
        "mix_chart": mix_chart,
        "flows": flows,
        "flows_chart": flows_chart,
        "bottlenecks": analysis["bottlenecks"],
        "evidence": evidence,
        "validation": _validation(analysis["validation"], f),
    }


def _validation(validation: dict, f: Figures) -> dict:
    return {
        "referrals_read": f.count(validation["referrals_read"]),
        "referrals_kept": f.count(validation["referrals_kept"]),
        "contacts_read": f.count(validation["contacts_read"]),
        "contacts_kept": f.count(validation["contacts_kept"]),
        "rejected": [
            {
                "table": r["table"],
                "rule": r["rule"].replace("_", " "),
                "count": f.count(r["count"]),
                # Row numbers point into the analyst's own file: only analysts see them.
                "examples": ", ".join(map(str, r["examples"])) if f.exact else "",
            }
            for r in validation["rejected"]
        ],
    }


def checklist_evidence(*, analysis: dict, figures: Figures) -> dict[str, str]:
    """action id -> a sentence of evidence from the latest extract, for the checklist."""
    if not analysis:
        return {}
    board = dashboard(analysis=analysis, figures=figures)
    return {action: f"{value}% of {what}" for action, what, value in board["evidence"]}
