"""A simple self-contained HTML summary of an analysis (for `analyse --html`)."""

from __future__ import annotations

from html import escape
from typing import Any


def _table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(_text(row.get(c)))}</td>" for c in columns) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def render_html(analysis: dict[str, Any]) -> str:
    """Exact figures, for analysts: this page is not disclosure-controlled."""
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
