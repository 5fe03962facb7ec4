"""General charts for activity data: values over months, and bars by category.

Rows are already disclosure-controlled: a hidden value is "*" and is left out of the drawing,
with a note in the subtitle (the table beside the chart shows the "*").
"""

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt

from thrivekit.charts.specs import HIDDEN, _finish, _is_number, _no_answers_spec, _plural

# NHS blue, dark pink, warm yellow, dark green: distinguishable for common colour blindness.
SERIES_COLOURS = ["#005eb8", "#7c2855", "#ffb81c", "#006747"]


def _drawable(rows: Sequence[Mapping[str, Any]], key: str) -> tuple[list[dict], int]:
    kept = [dict(row) for row in rows if _is_number(row.get(key))]
    hidden = sum(1 for row in rows if row.get(key) == HIDDEN)
    return kept, hidden


def _hidden_note(hidden: int) -> str | None:
    if not hidden:
        return None
    # Not "fewer than 8": a value may also be hidden so a small one cannot be worked out.
    return f"{_plural(hidden, 'value is', 'values are')} hidden to protect small numbers: see the table"


def monthly_lines(
    rows: Sequence[Mapping[str, Any]], *, title: str, y_title: str, note: str | None = None
) -> dict[str, Any]:
    """Lines over months. Rows: month (YYYY-MM), series (a name), value. `note` is added to
    the subtitle (e.g. months that are probably missing data)."""
    what = f"Line chart of {y_title.lower()} by month"
    kept, hidden = _drawable(rows, "value")
    if not kept:
        return _no_answers_spec(title=title, what=what)
    series = list(dict.fromkeys(row["series"] for row in kept))
    chart = (
        alt.Chart(alt.Data(values=kept))
        .mark_line(point=True, strokeWidth=3)
        .encode(
            x=alt.X("month:T", title="Month", axis=alt.Axis(format="%b %Y", labelAngle=0)),
            y=alt.Y("value:Q", title=y_title),
            color=alt.Color(
                "series:N",
                title=None,
                scale=alt.Scale(domain=series, range=SERIES_COLOURS[: len(series)]),
                legend=alt.Legend(orient="bottom") if len(series) > 1 else None,
            ),
            tooltip=[
                alt.Tooltip("month:T", format="%B %Y", title="Month"),
                alt.Tooltip("series:N", title="Measure"),
                alt.Tooltip("value:Q", title=y_title),
            ],
        )
        .properties(height=280)
    )
    subtitle = "; ".join(filter(None, [_hidden_note(hidden), note])) or None
    description = what + (f". {note}." if note else ".")
    return _finish(chart, title=title, subtitle=subtitle, description=description)


def category_bars(
    rows: Sequence[Mapping[str, Any]],
    *,
    title: str,
    x_title: str,
    reference: Sequence[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """Horizontal bars, in the given order. Rows: category, value. Optional reference rows
    (category, low, high) are drawn as grey ranges behind the bars: lines, never targets."""
    what = f"Bar chart of {x_title.lower()}"
    kept, hidden = _drawable(rows, "value")
    if not kept:
        return _no_answers_spec(title=title, what=what)
    order = [row["category"] for row in rows]
    y = alt.Y("category:N", title=None, sort=order, axis=alt.Axis(labelLimit=320))
    bars = (
        alt.Chart(alt.Data(values=kept))
        .mark_bar(color=SERIES_COLOURS[0])
        .encode(
            x=alt.X("value:Q", title=x_title),
            y=y,
            tooltip=[alt.Tooltip("category:N", title=" "), alt.Tooltip("value:Q", title=x_title)],
        )
    )
    layers = [bars]
    given = [dict(r) for r in reference if _is_number(r.get("low")) and _is_number(r.get("high"))]
    ranges = [r for r in given if r["low"] != r["high"]]
    # A single reference value would be a zero-width bar, invisible: draw it as a mark.
    marks = [r for r in given if r["low"] == r["high"]]
    if ranges:
        layers.insert(
            0,
            alt.Chart(alt.Data(values=ranges))
            .mark_bar(color="#d8dde0", height=alt.RelativeBandSize(0.9))
            .encode(x="low:Q", x2="high:Q", y=y),
        )
    if marks:
        layers.append(
            alt.Chart(alt.Data(values=marks))
            .mark_tick(color="#425563", thickness=3, size=26)
            .encode(
                x="low:Q",
                y=y,
                tooltip=[
                    alt.Tooltip("category:N", title=" "),
                    alt.Tooltip("low:Q", title="Reference"),
                ],
            )
        )
    chart = alt.layer(*layers).properties(height=max(80, 34 * len(order)))
    note = _hidden_note(hidden)
    if given:
        kinds = " and ".join(what for what, found in (("range", ranges), ("mark", marks)) if found)
        note = "; ".join(filter(None, [note, f"grey: reference {kinds}, not a target"]))
    return _finish(chart, title=title, subtitle=note, description=what + ".")
