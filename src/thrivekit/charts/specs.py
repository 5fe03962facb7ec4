"""Vega-Lite specs (built with Altair) for the THRIVE Assessment and Implementation Checklist.

Each function takes plain rows (already disclosure-controlled by the caller: a hidden value is
the string "*") and returns a Vega-Lite spec as a dict. The same spec is embedded in the page
(static/thrivekit/charts.js) and rendered to SVG/PNG for reports (`thrivekit.charts.render`).
Data is always inlined, so nothing is fetched when a chart is drawn.
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import altair as alt

from thrivekit.charts.colours import (
    ANSWER_COLOURS,
    BASELINE_COLOUR,
    LATER_COLOUR,
    NO_ANSWERS_GREY,
    SCORE_COLOURS,
    SCORE_DOMAIN,
    STATUS_COLOURS,
    TEXT_COLOUR,
    score_colour,
    text_colour_on,
)

# Arial first like the NHS.UK fallback stack; Liberation Sans is Arial's metric twin on Linux,
# where the reports are rendered.
FONT = "Arial, Helvetica, 'Liberation Sans', sans-serif"
NO_ANSWERS_YET = "No answers yet"
NO_ANSWERS = "No answers"
HIDDEN = "*"  # how disclosure control shows a hidden count, percentage or median
SCALE_NOTE = "1 = some way to go, 4 = fully THRIVE-like"

LEVELS: tuple[str, ...] = ("macro", "meso", "micro")
ANSWERS: tuple[str, ...] = tuple(ANSWER_COLOURS)
STATUSES: tuple[str, ...] = tuple(STATUS_COLOURS)
STATUS_LABELS: dict[str, str] = {
    "in_place": "Already in place",
    "in_progress": "Work in progress",
    "not_started": "Not in place, no work yet",
    "dont_know": "Don't know",
}

LABEL_LIMIT = 320  # pixels of an axis label before it is cut with an ellipsis
LABEL_CHARS = 40  # about LABEL_LIMIT at the axis's 15 px type: longer labels are cut in Python
# Pixels per row of a heatmap or bar chart. Heights are set as numbers rather than steps: with a
# "container" width Vega-Lite warns in the browser console about any step-based height.
ROW_STEP = 40


# -- helpers -----------------------------------------------------------------------------------


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _score_label(value: Any) -> str:
    """2 -> "2", 2.5 -> "2.5", 2.333 -> "2.3"; None -> "No answers"; "*" stays "*"."""
    if _is_number(value):
        return f"{value:.1f}".removesuffix(".0")
    if value is None:
        return NO_ANSWERS
    return str(value)


def _count_label(value: Any) -> str:
    if value is None:
        return "0"
    if _is_number(value):
        return f"{value:g}"
    return str(value)


def _percent_label(value: Any) -> str:
    """58.3 -> "58.3%", 50 -> "50%" (one decimal place, like the tables)."""
    if _is_number(value):
        return f"{value:.1f}".removesuffix(".0") + "%"
    if value is None:
        return "–"
    return str(value)


def _short_level(name: str) -> str:
    """ "Macro (commissioning and inter-agency working)" -> "Macro"."""
    return name.split(" (", 1)[0].strip() or name


def _short_label(text: str, limit: int = LABEL_CHARS) -> str:
    """Cut a long axis label at a word, in Python: Vega's own cutting measures the text again
    and again (seconds for a chart of 31 long checklist actions). The tooltip keeps it whole."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return f"{cut}…"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _finish(
    chart: alt.TopLevelMixin, *, title: str, subtitle: str | None, description: str
) -> dict[str, Any]:
    """Title, description, page width and the readable type shared by every chart."""
    title_params = alt.TitleParams(text=title, subtitle=subtitle if subtitle else alt.Undefined)
    chart = (
        chart.properties(
            title=title_params,
            description=description,
            # Fill the width of the page; the renderers swap in a fixed width for SVG/PNG.
            width="container",
            autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        )
        .configure(font=FONT, padding=8)
        .configure_title(
            anchor="start",
            fontSize=20,
            subtitleFontSize=15,
            color=TEXT_COLOUR,
            subtitleColor=TEXT_COLOUR,
            offset=12,
        )
        .configure_axis(
            labelFontSize=15,
            titleFontSize=15,
            labelColor=TEXT_COLOUR,
            titleColor=TEXT_COLOUR,
            titleFontWeight="normal",
        )
        .configure_legend(
            labelFontSize=15,
            titleFontSize=15,
            labelColor=TEXT_COLOUR,
            titleColor=TEXT_COLOUR,
            titleFontWeight="normal",
        )
        .configure_view(stroke=None)
    )
    return chart.to_dict()


def _no_answers_spec(*, title: str, what: str) -> dict[str, Any]:
    """A chart that says so when there is nothing to draw yet, instead of an empty frame."""
    message = alt.Chart(alt.Data(values=[{"message": NO_ANSWERS_YET}])).mark_text(
        align="left", baseline="middle", fontSize=20, color=TEXT_COLOUR, x=0, y=30
    )
    chart = message.encode(text=alt.Text("message:N")).properties(height=60)
    return _finish(
        chart, title=title, subtitle=None, description=f"{what}: {NO_ANSWERS_YET.lower()}."
    )


# -- THRIVE Assessment heatmap -----------------------------------------------------------------


def assessment_heatmap(
    cells: Sequence[Mapping[str, Any]],
    *,
    title: str = "THRIVE Assessment: median score by principle and level",
) -> dict[str, Any]:
    """Principles (rows, in the given order) by level (macro, meso, micro), coloured by median.

    Each cell: principle, principle_name, level ("macro" | "meso" | "micro"), level_name,
    median (1..4, None when nobody scored it, "*" when hidden), n, thrive_like_pct.
    A principle missing at a level that others have is drawn as "No answers".
    """
    what = "Heatmap of median THRIVE Assessment scores by principle and level"
    if not cells:
        return _no_answers_spec(title=title, what=what)

    principles: dict[str, str] = {}
    level_names: dict[str, str] = {}
    by_key: dict[tuple[str, str], Mapping[str, Any]] = {}
    for cell in cells:
        level = cell["level"]
        if level not in LEVELS:
            raise ValueError(f"unknown level {level!r} for principle {cell['principle']!r}")
        principles.setdefault(str(cell["principle"]), str(cell["principle_name"]))
        level_names.setdefault(level, str(cell["level_name"]))
        by_key[(str(cell["principle"]), level)] = cell
    levels = [level for level in LEVELS if level in level_names]

    values = []
    for principle, principle_name in principles.items():
        for level in levels:
            cell = by_key.get((principle, level), {})
            median = cell.get("median")
            scored = _is_number(median)
            fill = score_colour(median) if scored else NO_ANSWERS_GREY
            values.append(
                {
                    "principle": principle,
                    "principle_name": principle_name,
                    "level": level,
                    "level_name": level_names[level],
                    "level_short": _short_level(level_names[level]),
                    "median": float(median) if scored else None,
                    "median_label": _score_label(median),
                    "text_colour": text_colour_on(fill),
                    "answers": _count_label(cell.get("n")),
                    "thrive_like": _percent_label(cell.get("thrive_like_pct")),
                }
            )

    base = alt.Chart().encode(
        # "Macro", not "Macro (commissioning and inter-agency working)": long level names
        # overlap one another above narrow columns. The tooltip keeps the whole name.
        x=alt.X(
            "level_short:N",
            sort=[_short_level(level_names[level]) for level in levels],
            title=None,
            axis=alt.Axis(orient="top", labelAngle=0, domain=False, ticks=False),
        ),
        y=alt.Y(
            "principle_name:N",
            sort=list(principles.values()),
            title=None,
            axis=alt.Axis(labelLimit=LABEL_LIMIT, domain=False, ticks=False),
        ),
        tooltip=[
            alt.Tooltip("principle_name:N", title="Principle"),
            alt.Tooltip("level_name:N", title="Level"),
            alt.Tooltip("median_label:N", title="Median score"),
            alt.Tooltip("answers:N", title="Answers (n)"),
            alt.Tooltip("thrive_like:N", title="THRIVE-like (3 or more)"),
        ],
    )
    colour = alt.Color(
        "median:Q",
        # A fixed 1..4 scale, so the same colour means the same score in every workshop.
        scale=alt.Scale(domain=list(SCORE_DOMAIN), range=list(SCORE_COLOURS), interpolate="rgb"),
        # Left-aligned under the chart, not under the cells: the whole 1..4 scale stays in view.
        legend=alt.Legend(
            title="Median score",
            orient="none",
            legendX=0,
            legendY=len(principles) * (ROW_STEP + 4) + 16,
            direction="horizontal",
            values=list(SCORE_DOMAIN),
            gradientLength=200,
        ),
    )
    # Grey under every cell, then the coloured cells: a cell with no median stays grey. The
    # cells are hidden from screen readers: each cell's label says its score, and the chart's
    # description and the table beside it say the rest.
    background = base.mark_rect(stroke="white", strokeWidth=3, color=NO_ANSWERS_GREY, aria=False)
    rects = base.mark_rect(stroke="white", strokeWidth=3, aria=False).encode(color=colour)
    labels = base.mark_text(fontSize=16, fontWeight="bold").encode(
        text=alt.Text("median_label:N"),
        # Black or white per cell, chosen in Python against the cell's exact fill.
        color=alt.Color("text_colour:N", scale=None, legend=None),
    )
    chart = (
        alt.layer(background, rects, labels, data=alt.Data(values=values))
        # The text colours are literal, so they must not share the fill's colour scale.
        .resolve_scale(color="independent")
        .properties(height=len(principles) * (ROW_STEP + 4))
    )

    empty = sum(1 for value in values if value["median"] is None)
    level_list = ", ".join(level_names[level] for level in levels)
    description = (
        f"{what}: {_plural(len(principles), 'principle', 'principles')} at {level_list} level, "
        f"on a scale where {SCALE_NOTE}; 3 or more counts as THRIVE-like."
    )
    if empty:
        description += f" {_plural(empty, 'cell has', 'cells have')} no score shown."
    return _finish(chart, title=title, subtitle=SCALE_NOTE, description=description)


# -- answers to each item ----------------------------------------------------------------------


def _answer(value: Any) -> str:
    text = str(value).strip()
    if text in ANSWERS:
        return text
    if text.replace("’", "'").casefold() in {"don't know", "dont_know", "dont know"}:
        return "Don't know"
    raise ValueError(f"unknown answer {value!r}; expected one of {', '.join(ANSWERS)}")


def item_distribution(
    rows: Sequence[Mapping[str, Any]],
    *,
    title: str = "How people answered each item",
) -> dict[str, Any]:
    """One horizontal bar per item (in the given order): the share of each answer, 1..4 then
    Don't know. Rows: item, label, answer ("1".."4" | "Don't know"), count ("*" if hidden)."""
    what = "Stacked bar chart of the share of each answer per item"
    labels: dict[str, str] = {}
    counts: dict[str, dict[str, float]] = {}
    hidden = 0
    for row in rows:
        item = str(row["item"])
        answer = _answer(row["answer"])
        labels.setdefault(item, str(row["label"]))
        count = row["count"]
        if _is_number(count):
            counts.setdefault(item, {})
            counts[item][answer] = counts[item].get(answer, 0) + count
        elif count is not None:
            hidden += 1
    totals = {item: sum(by_answer.values()) for item, by_answer in counts.items()}
    if not any(totals.values()):
        return _no_answers_spec(title=title, what=what)

    values = []
    for item, label in labels.items():
        total = totals.get(item, 0)
        for rank, answer in enumerate(ANSWERS):
            count = counts.get(item, {}).get(answer)
            if not count:
                continue
            values.append(
                {
                    "item": item,
                    "label": label,
                    "answer": answer,
                    "answer_rank": rank,
                    "count": count,
                    "count_label": _count_label(count),
                    "share_label": _percent_label(100 * count / total),
                }
            )

    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_bar(stroke="white", strokeWidth=1)
        .encode(
            x=alt.X(
                "count:Q",
                stack="normalize",
                title="Share of answers",
                axis=alt.Axis(format="%", values=[0, 0.25, 0.5, 0.75, 1]),
            ),
            y=alt.Y(
                "label:N",
                sort=[labels[item] for item in labels if totals.get(item)],
                title=None,
                axis=alt.Axis(labelLimit=LABEL_LIMIT),
            ),
            color=alt.Color(
                "answer:N",
                scale=alt.Scale(domain=list(ANSWERS), range=list(ANSWER_COLOURS.values())),
                legend=alt.Legend(title="Answer", orient="bottom"),
            ),
            order=alt.Order("answer_rank:Q"),
            tooltip=[
                alt.Tooltip("label:N", title="Item"),
                alt.Tooltip("answer:N", title="Answer"),
                alt.Tooltip("count_label:N", title="Answers (n)"),
                alt.Tooltip("share_label:N", title="Share"),
            ],
        )
    )
    shown = sum(1 for item in labels if totals.get(item))
    chart = chart.properties(height=shown * ROW_STEP)
    description = (
        f"{what}: {_plural(shown, 'item', 'items')}, answers from 1 to 4 "
        f"({SCALE_NOTE}) and Don't know."
    )
    subtitle = SCALE_NOTE
    if hidden:
        description += " Some small counts are hidden and left out of the bars."
        subtitle += "; small counts hidden"
    return _finish(chart, title=title, subtitle=subtitle, description=description)


# -- Implementation Checklist ------------------------------------------------------------------


def checklist_statuses(
    rows: Sequence[Mapping[str, Any]],
    *,
    title: str = "Implementation Checklist: status of each action",
) -> dict[str, Any]:
    """One 100% bar per action (in number order) split by status: in place, in progress, not
    started, don't know. Rows: action, number, label, status, status_label, count."""
    what = "Stacked bar chart of the status given for each checklist action"
    actions: dict[str, tuple[int, str]] = {}
    status_labels: dict[str, str] = {}
    counts: dict[tuple[str, str], float] = {}
    hidden = 0
    for row in rows:
        status = row["status"]
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}; expected one of {', '.join(STATUSES)}")
        action = str(row["action"])
        actions.setdefault(action, (int(row["number"]), str(row["label"])))
        status_labels.setdefault(status, str(row.get("status_label") or STATUS_LABELS[status]))
        count = row["count"]
        if _is_number(count):
            counts[(action, status)] = counts.get((action, status), 0) + count
        elif count is not None:
            hidden += 1
    totals: dict[str, float] = {}
    for (action, _), count in counts.items():
        totals[action] = totals.get(action, 0) + count
    if not any(totals.values()):
        return _no_answers_spec(title=title, what=what)

    legend_labels = [status_labels.get(status, STATUS_LABELS[status]) for status in STATUSES]
    ordered = sorted(
        (action for action in actions if totals.get(action)), key=lambda a: actions[a][0]
    )
    values = []
    for action in ordered:
        number, label = actions[action]
        for rank, status in enumerate(STATUSES):
            count = counts.get((action, status))
            if not count:
                continue
            values.append(
                {
                    "action": action,
                    "number": number,
                    "action_label": _short_label(f"{number}. {label}"),
                    "action_title": f"{number}. {label}",
                    "status": status,
                    "status_label": legend_labels[rank],
                    "status_rank": rank,
                    "count": count,
                    "count_label": _count_label(count),
                    "share_label": _percent_label(100 * count / totals[action]),
                }
            )

    chart = (
        alt.Chart(alt.Data(values=values))
        .mark_bar(stroke="white", strokeWidth=1)
        .encode(
            x=alt.X(
                "count:Q",
                stack="normalize",
                title="Share of answers",
                axis=alt.Axis(format="%", values=[0, 0.25, 0.5, 0.75, 1]),
            ),
            y=alt.Y(
                "action_label:N",
                sort=[_short_label(f"{actions[a][0]}. {actions[a][1]}") for a in ordered],
                title=None,
                axis=alt.Axis(labelLimit=LABEL_LIMIT),
            ),
            color=alt.Color(
                "status_label:N",
                # Every status keeps its colour whichever statuses a workshop happens to use.
                scale=alt.Scale(domain=legend_labels, range=list(STATUS_COLOURS.values())),
                # labelLimit 0: every status in full ("Not in place, no work yet", not "…").
                legend=alt.Legend(title="Status", orient="bottom", columns=2, labelLimit=0),
            ),
            order=alt.Order("status_rank:Q"),
            tooltip=[
                alt.Tooltip("action_title:N", title="Action"),
                alt.Tooltip("status_label:N", title="Status"),
                alt.Tooltip("count_label:N", title="Answers (n)"),
                alt.Tooltip("share_label:N", title="Share"),
            ],
        )
        .properties(height=len(ordered) * ROW_STEP)
    )
    description = f"{what}: {_plural(len(ordered), 'action', 'actions')}, statuses " + (
        ", ".join(legend_labels) + "."
    )
    subtitle = None
    if hidden:
        description += " Some small counts are hidden and left out of the bars."
        subtitle = "Small counts hidden"
    return _finish(chart, title=title, subtitle=subtitle, description=description)


# -- change between two snapshots --------------------------------------------------------------


def snapshot_change(
    rows: Sequence[Mapping[str, Any]],
    *,
    title: str = "Change in median score since the baseline",
    baseline_name: str = "Baseline",
    later_name: str = "Later",
) -> dict[str, Any]:
    """A dumbbell per principle and level: the baseline median joined to the later one.

    Rows: principle_name, level_name, baseline_median, later_median (None or "*" when there is
    no score on that side; the other point is still drawn)."""
    what = "Dumbbell chart of the median score at the baseline and later"
    row_labels: list[str] = []
    points = []
    segments = []
    up = down = same = 0
    for row in rows:
        row_label = f"{row['principle_name']} ({row['level_name']})"
        baseline, later = row.get("baseline_median"), row.get("later_median")
        have_baseline, have_later = _is_number(baseline), _is_number(later)
        if not (have_baseline or have_later):
            continue
        row_labels.append(row_label)
        change = "–"
        if have_baseline and have_later:
            difference = float(later) - float(baseline)
            change = _score_label(difference) if difference <= 0 else f"+{difference:.1f}"
            change = change.removesuffix(".0")
            up += difference > 0
            down += difference < 0
            same += difference == 0
            segments.append({"row": row_label, "baseline": baseline, "later": later})
        shared = {
            "row": row_label,
            "baseline_label": _score_label(baseline),
            "later_label": _score_label(later),
            "change": change,
        }
        if have_baseline:
            points.append({**shared, "snapshot": baseline_name, "median": baseline, "rank": 0})
        if have_later:
            points.append({**shared, "snapshot": later_name, "median": later, "rank": 1})
    if not points:
        return _no_answers_spec(title=title, what=what)

    row_labels = _unique(row_labels)
    x_scale = alt.Scale(domain=[SCORE_DOMAIN[0], SCORE_DOMAIN[-1]])
    x_axis = alt.Axis(values=list(SCORE_DOMAIN), format="d")
    y = alt.Y("row:N", sort=row_labels, title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT))
    lines = (
        alt.Chart(alt.Data(values=segments))
        .mark_rule(strokeWidth=4, color="#aeb7bd")
        .encode(
            x=alt.X("baseline:Q", scale=x_scale, axis=x_axis, title="Median score"),
            x2="later:Q",
            y=y,
        )
    )
    dots = (
        alt.Chart(alt.Data(values=points))
        .mark_point(filled=True, size=220, opacity=1, stroke="white", strokeWidth=1)
        .encode(
            x=alt.X("median:Q", scale=x_scale, axis=x_axis, title="Median score"),
            y=y,
            # Shape as well as colour, so the two snapshots differ in greyscale print too.
            color=alt.Color(
                "snapshot:N",
                scale=alt.Scale(
                    domain=[baseline_name, later_name], range=[BASELINE_COLOUR, LATER_COLOUR]
                ),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            shape=alt.Shape(
                "snapshot:N",
                scale=alt.Scale(domain=[baseline_name, later_name], range=["circle", "diamond"]),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            order=alt.Order("rank:Q"),
            tooltip=[
                alt.Tooltip("row:N", title="Principle (level)"),
                alt.Tooltip("baseline_label:N", title=baseline_name),
                alt.Tooltip("later_label:N", title=later_name),
                alt.Tooltip("change:N", title="Change"),
            ],
        )
    )
    chart = alt.layer(lines, dots).properties(height=len(row_labels) * ROW_STEP)
    description = (
        f"{what}, for {_plural(len(row_labels), 'principle and level', 'principles and levels')}"
        f" ({SCALE_NOTE}): {up} went up, {down} went down, {same} stayed the same"
    )
    missing = len(row_labels) - len(segments)
    if missing:
        description += f", {missing} scored on one side only"
    return _finish(chart, title=title, subtitle=SCALE_NOTE, description=description + ".")
