"""A simple self-contained HTML summary of an analysis (for `analyse --html`)."""

from __future__ import annotations

from html import escape
from typing import Any

from thrivekit.disclosure import SUPPRESSED
from thrivekit.disclosure.figures import Figures, bottleneck_sentence, empty_months, rate_parts


def _table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(_text(row.get(c)))}</td>" for c in columns) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def render_html(analysis: dict[str, Any], *, figures: Figures | None = None) -> str:
    """Exact figures for analysts; with a non-exact ``figures`` (a disclosure policy), a
    summary safe to share: every figure goes through :mod:`thrivekit.disclosure`."""
    if figures is not None and not figures.exact:
        return _page(_published_sections(analysis, figures))
    waits = analysis["waits"]
    first = waits["first_contact"]
    sections = [
        f"<h1>Activity analysis as of {escape(analysis['as_of'])}</h1>",
        "<p>Exact figures for analysts. Apply disclosure control before sharing.</p>",
        "<h2>Demand</h2>",
        f"<p>{analysis['referrals']['total']} referrals "
        f"({analysis['referrals']['rejected']} rejected); "
        f"{analysis['contacts']['total']} contacts, DNA rate "
        f"{_text(analysis['contacts']['dna_rate'])}.</p>",
        "<h2>Waits</h2>",
        f"<p>First contact: n={first['n']}, median {_text(first['median'])} days, "
        f"90th percentile {_text(first['p90'])} days, "
        f"{_text(first['within_28_days_pct'])}% within 28 days. "
        f"Still waiting: {waits['still_waiting']}.</p>",
        "<h2>Month by month</h2>",
        _table(
            analysis["monthly"],
            ["month", "referrals", "attended_contacts", "open_referrals", "waiting_list"],
        ),
        "<h2>Needs-based groupings</h2>",
        _table(
            analysis["grouping_mix"],
            [
                "grouping",
                "referrals",
                "referrals_pct",
                "attended_contacts_pct",
                "mean_attended_contacts",
            ],
        ),
        "<h2>Teams</h2>",
        _table(
            analysis["teams"],
            [
                "team",
                "referrals",
                "attended_contacts",
                "dna_rate",
                "median_first_contact_wait",
                "waiting_list_now",
                "waiting_list_six_months_earlier",
            ],
        ),
        "<h2>Bottlenecks</h2>",
        _table(analysis["bottlenecks"], ["team", "reason", "detail"]),
        "<h2>Team flows</h2>",
        _table(analysis["team_flows"], ["from", "to", "count"]),
    ]
    if "validation" in analysis:
        sections += [
            "<h2>Validation</h2>",
            _table(analysis["validation"]["rejected"], ["table", "rule", "count", "examples"]),
        ]
    return _page(sections)


def _pct(value: Any) -> str:
    return "" if value is None else value if value == SUPPRESSED else f"{value}%"


def _published_sections(analysis: dict[str, Any], f: Figures) -> list[str]:
    """The same report with every count, rate and statistic disclosure-controlled."""
    referrals, contacts, waits = analysis["referrals"], analysis["contacts"], analysis["waits"]
    first = waits["first_contact"]
    monthly, teams, mix = analysis["monthly"], analysis["teams"], analysis["grouping_mix"]
    month_referrals, referrals_total = f.column(
        [m["referrals"] for m in monthly], total=referrals["total"]
    )
    month_attended, attended_total = f.column(
        [m.get("attended_contacts", 0) for m in monthly], total=contacts["attended"]
    )
    team_referrals, team_total = f.column([t["referrals"] for t in teams], total=referrals["total"])
    team_attended, team_attended_total = f.column(
        [t["attended_contacts"] for t in teams], total=contacts["attended"]
    )
    team_waiting, waiting_total = f.column(
        [t["waiting_list_now"] for t in teams], total=waits["still_waiting"]
    )
    team_before, _ = f.column([t["waiting_list_six_months_earlier"] for t in teams])
    mix_referrals, _ = f.column([g["referrals"] for g in mix])
    # A total hidden to protect one column is hidden everywhere it is shown.
    if team_total == SUPPRESSED:
        referrals_total = SUPPRESSED
    if team_attended_total == SUPPRESSED:
        attended_total = SUPPRESSED
    dna = f.rate(
        None if contacts.get("dna_rate") is None else 100 * contacts["dna_rate"],
        *rate_parts(contacts, "dna_rate"),
    )
    within = f.rate(first["within_28_days_pct"], *rate_parts(first, "within_28_days_pct"))
    team_rows = []
    for i, t in enumerate(teams):
        team_dna = f.rate(
            None if t["dna_rate"] is None else 100 * t["dna_rate"],
            *rate_parts(t, "dna_rate"),
            beside=team_attended[i],
        )
        team_rows.append(
            {
                "team": t["team"],
                "referrals": team_referrals[i],
                "attended contacts": team_attended[i],
                "did not attend": _pct(team_dna),
                "median first wait (days)": f.stat(
                    t["median_first_contact_wait"], t.get("first_contact_waits_n")
                ),
                "waiting now": team_waiting[i],
                "waiting six months earlier": team_before[i],
            }
        )
    mix_rows = [
        {
            "grouping": g["grouping"],
            "open referrals": shown,
            "share of referrals": _pct(
                f.rate(g["referrals_pct"], *rate_parts(g, "referrals_pct"), beside=shown)
            ),
            "share of attended contacts": _pct(
                f.rate(g["attended_contacts_pct"], *rate_parts(g, "attended_contacts_pct"))
            ),
            "mean attended contacts": f.stat(
                g["mean_attended_contacts"], g["referrals"], kind="mean"
            ),
        }
        for g, shown in zip(mix, mix_referrals, strict=True)
    ]
    gaps = empty_months(analysis)
    sections = [
        f"<h1>Activity analysis as of {escape(analysis['as_of'])}</h1>",
        f"<p>{escape(f.policy.describe())}</p>",
    ]
    if gaps:
        sections.append(
            "<p><strong>Months with no referrals and no attended contacts</strong> (the extract "
            f"may be missing data for them): {escape(', '.join(gaps))}.</p>"
        )
    sections += [
        "<h2>Demand</h2>",
        f"<p>{referrals_total} referrals; {attended_total} attended contacts, "
        f"did not attend rate {_pct(dna)}.</p>",
        "<h2>Waits</h2>",
        f"<p>First contact: n={f.count(first['n'])}, "
        f"median {_text(f.stat(first['median'], first['n']))} days, "
        f"90th percentile {_text(f.stat(first['p90'], first['n'], kind='percentile'))} days, "
        f"{_pct(within)} within 28 days. Still waiting: {waiting_total}.</p>",
        "<h2>Month by month</h2>",
        _table(
            [
                {
                    "month": m["month"],
                    "referrals": month_referrals[i],
                    "attended contacts": month_attended[i],
                    "open referrals": f.count(m["open_referrals"]),
                    "waiting list": f.count(m["waiting_list"]),
                }
                for i, m in enumerate(monthly)
            ],
            ["month", "referrals", "attended contacts", "open referrals", "waiting list"],
        ),
        "<h2>Needs-based groupings</h2>",
        _table(mix_rows, list(mix_rows[0]) if mix_rows else ["grouping"]),
        "<h2>Teams</h2>",
        _table(team_rows, list(team_rows[0]) if team_rows else ["team"]),
        "<h2>Bottlenecks</h2>",
        _table(
            [
                {"team": b["team"], "detail": bottleneck_sentence(b, f)}
                for b in analysis["bottlenecks"]
            ],
            ["team", "detail"],
        ),
        "<h2>Team flows</h2>",
        _table(
            [
                {"from": x["from"], "to": x["to"], "count": f.count(x["count"])}
                for x in analysis["team_flows"]
            ],
            ["from", "to", "count"],
        ),
    ]
    if "validation" in analysis:
        sections += [
            "<h2>Validation</h2>",
            # Row numbers point into the analyst's own file: left out of a shared report.
            _table(
                [
                    {"table": r["table"], "rule": r["rule"], "count": f.count(r["count"])}
                    for r in analysis["validation"]["rejected"]
                ],
                ["table", "rule", "count"],
            ),
        ]
    return sections


def _page(sections: list[str]) -> str:
    style = (
        "body{font-family:Arial,sans-serif;margin:2rem;color:#212b32}"
        "table{border-collapse:collapse;margin:1rem 0}"
        "th,td{border:1px solid #d8dde0;padding:.3rem .6rem;text-align:left}"
    )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>thrivekit activity analysis</title><style>{style}</style></head><body>"
        + "".join(sections)
        + "</body></html>"
    )
