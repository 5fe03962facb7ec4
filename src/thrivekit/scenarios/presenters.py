"""What the scenario pages show: instant answers, simulation results, comparisons."""

import datetime as dt
import math
from dataclasses import replace

from thrivekit import charts
from thrivekit.core.template_filters import number
from thrivekit.disclosure import (
    DEFAULT_POLICY,
    SUPPRESSED,
    DisclosurePolicy,
    round_half_up,
    safe_count,
    safe_statistic,
)
from thrivekit.modelling import parse_scenario, service_answers
from thrivekit.modelling.runner import t95
from thrivekit.sites.models import Role


def waiting_now(count, *, exact: bool = False, policy: DisclosurePolicy = DEFAULT_POLICY):
    """Today's waiting list is a count of real young people: controlled unless exact."""
    if count is None or exact:
        return count
    # A what-if may make it fractional; the people behind it are still counted whole.
    return safe_count(round_half_up(count, base=1), policy=policy)


def instant_rows_for(definition: dict, *, site_ctx) -> list[dict]:
    """`instant_rows` for the person asking: exact for analysts only."""
    return instant_rows(
        definition,
        exact=site_ctx.has_role(Role.ANALYST),
        policy=DisclosurePolicy(threshold=site_ctx.site.disclosure_threshold),
    )


def _published_relief(scenario, answers, policy: DisclosurePolicy) -> dict:
    """Capacity needed to clear the backlog, worked out from the published waiting list.

    From the exact list it would let a reader work the list back out. A hidden (small) list
    shows `*` unless the answer is the same whatever the list from 0 to the threshold.
    """
    published, hidden = {}, {}
    for a in answers:
        shown = waiting_now(a.waiting_list, policy=policy)
        if shown == SUPPRESSED:
            hidden[a.id] = 0
        elif shown is not None:
            published[a.id] = shown

    def relief(counts: dict) -> dict:
        # The scenario with those services' waiting lists replaced by plain counts.
        changed = scenario
        for service in scenario.services:
            if service.id in counts:
                waiting = (0.0,) * counts[service.id]
                changed = changed.with_service(replace(service, initial_waiting_list=waiting))
        return {a.id: a.relief_capacity for a in service_answers(changed)}

    out = relief({**published, **hidden})
    if hidden:
        at_threshold = relief({**published, **dict.fromkeys(hidden, policy.threshold)})
        for service_id in hidden:
            if number(out[service_id], 1) != number(at_threshold[service_id], 1):
                out[service_id] = SUPPRESSED
    return out


def instant_rows(
    definition: dict, *, exact: bool = False, policy: DisclosurePolicy = DEFAULT_POLICY
) -> list[dict]:
    """Each service's instant answers. `exact` only for analysts; everyone else sees the
    waiting list, and what it takes to clear it, through disclosure control."""
    scenario = parse_scenario(definition)
    names = {s.id: s.name or s.id for s in scenario.services}
    answers = service_answers(scenario)
    relief = (
        {a.id: a.relief_capacity for a in answers}
        if exact
        else _published_relief(scenario, answers, policy)
    )
    return [
        {
            "id": a.id,
            "name": names[a.id],
            "demand": number(a.demand_episodes_per_week, 1),
            "capacity": number(a.capacity_episodes_per_week, 1),
            "load": number(a.load, 2),
            "overloaded": a.overloaded,
            "unit": a.capacity_unit,
            "now": number(a.capacity, 1),
            "needed": number(a.target_capacity, 1),
            "relief": number(relief[a.id], 1),
            "waiting": waiting_now(a.waiting_list_counted, exact=exact, policy=policy),
            "target_queue": number(a.target_queue_size, 0),
        }
        for a in answers
    ]


def _block(block: dict) -> dict:
    wait = block.get("wait_days") or {}
    queue = block.get("queue_length") or {}
    return {
        "wait_mean": number(wait.get("mean"), 1),
        "wait_median": number(wait.get("median"), 1),
        "wait_p90": number(wait.get("p90"), 1),
        "within_28": number(block.get("within_28_days_pct"), 1),
        "utilisation": number(
            None if block.get("utilisation") is None else 100 * block["utilisation"], 0
        ),
        "queue_mean": number(queue.get("mean"), 0),
        "queue_p90": number(queue.get("p90"), 0),
        "throughput": number(block.get("throughput"), 0),
    }


METRICS = (
    ("wait_mean", "Mean wait (days)"),
    ("wait_median", "Median wait (days)"),
    ("wait_p90", "90th percentile wait (days)"),
    ("within_28", "Seen within 4 weeks (%)"),
    ("utilisation", "Utilisation (%)"),
    ("queue_mean", "Mean waiting list"),
    ("queue_p90", "90th percentile waiting list"),
    ("throughput", "Episodes finished"),
)


def _queued(day, value):
    """Simulated waiting lists are model output, but on day 0 they are today's real list."""
    return waiting_now(value) if day == 0 else value


def _queue_over_time(result: dict, block: dict, series: str | None = None) -> list[dict]:
    """Rows for a line chart of the waiting list: dates from the scenario's start date (the
    as-of date of a calibrated one); none without a start date, as days alone have no month."""
    if not result.get("start_date"):
        return []
    start = dt.date.fromisoformat(result["start_date"])
    bands = block.get("queue_length_over_time") or {}
    days = bands.get("day") or []
    named = (("p10", "Lowest 10% of runs"), ("median", "Median"), ("p90", "Highest 10% of runs"))
    rows = []
    for key, label in named if series is None else (("median", series),):
        for day, value in zip(days, bands.get(key) or [], strict=False):
            when = start + dt.timedelta(days=day)
            rows.append({"month": when.isoformat(), "series": label, "value": _queued(day, value)})
    return rows


def _queue_table(result: dict) -> list[dict]:
    """The figures behind the waiting-list chart, every four weeks."""
    bands = result["overall"].get("queue_length_over_time") or {}
    start = dt.date.fromisoformat(result["start_date"]) if result.get("start_date") else None
    rows = []
    for i, day in enumerate(bands.get("day") or []):
        if i % 4:
            continue
        rows.append(
            {
                "when": (start + dt.timedelta(days=day)).strftime("%d/%m/%Y")
                if start
                else f"Day {day}",
                "p10": number(_queued(day, bands["p10"][i]), 0),
                "median": number(_queued(day, bands["median"][i]), 0),
                "p90": number(_queued(day, bands["p90"][i]), 0),
            }
        )
    return rows


def result_view(result: dict) -> dict | None:
    if not result:
        return None
    over_time = _queue_over_time(result, result["overall"])
    return {
        "queue_chart": (
            charts.monthly_lines(
                over_time,
                title="Waiting list across the whole system, by simulated week",
                y_title="People waiting",
            )
            if over_time
            else None
        ),
        "queue_table": _queue_table(result),
        "overall": _block(result["overall"]),
        "services": [
            {"id": s["id"], "name": s.get("name") or s["id"], **_block(s)}
            for s in result["services"]
        ],
        "replications": result["replications"],
        "horizon_days": result["horizon_days"],
    }


# Each compared figure: (key in METRICS, path in a results block, decimal places).
COMPARED = (
    ("wait_mean", ("wait_days", "mean"), 1),
    ("wait_median", ("wait_days", "median"), 1),
    ("wait_p90", ("wait_days", "p90"), 1),
    ("within_28", ("within_28_days_pct",), 1),
    ("queue_mean", ("queue_length", "mean"), 0),
    ("queue_p90", ("queue_length", "p90"), 0),
    ("throughput", ("throughput",), 0),
)

DIFFERENCE_METHOD = (
    "Each difference is the scenario's mean over its replications minus the first "
    "scenario's, with a 95% confidence interval by Welch's t method: each replication is one "
    "observation, the two scenarios' spreads are not assumed equal, and the runs are not "
    "treated as paired. Where the interval does not include 0, the difference is unlikely to "
    "be chance in the simulation; it is still only as good as the model's assumptions."
)


def figure_with_ci(block: dict, path: tuple[str, ...]) -> tuple[float | None, list | None]:
    """A figure's mean and its 95% interval from a results block (thrivekit.model/1)."""
    *parents, name = path
    for key in parents:
        block = block.get(key) or {}
    return block.get(name), block.get(f"{name}_ci95")


def _standard_error(mean, ci, n: int) -> float | None:
    """Back from the stored 95% t interval to the standard error of the mean."""
    if ci is None or n < 2:
        return None
    return (ci[1] - ci[0]) / 2 / t95(n - 1)


def welch_difference(first: tuple, other: tuple) -> tuple[float, list[float] | None] | None:
    """other − first and its 95% Welch interval. Each argument: (mean, ci95, replications).
    None when either mean is missing; the interval is None when either scenario has a single
    replication (no spread to work from)."""
    (m1, ci1, n1), (m2, ci2, n2) = first, other
    if m1 is None or m2 is None:
        return None
    difference = m2 - m1
    se1, se2 = _standard_error(m1, ci1, n1), _standard_error(m2, ci2, n2)
    if se1 is None or se2 is None:
        return difference, None
    variance = se1**2 + se2**2
    if variance == 0:
        return difference, [difference, difference]
    # Welch-Satterthwaite degrees of freedom.
    df = variance**2 / (se1**4 / (n1 - 1) + se2**4 / (n2 - 1))
    half = t95(max(1, math.floor(df))) * math.sqrt(variance)
    return difference, [difference - half, difference + half]


def _signed(value: float, digits: int) -> str:
    """+1.5, -2, and 0 for a difference that rounds to nothing (never "-0" or "+0")."""
    shown = number(value, digits)
    if shown.lstrip("-") == "0":
        return "0"
    return shown if shown.startswith("-") else f"+{shown}"


def _with_interval(mean, ci, digits: int, *, signed: bool = False) -> dict:
    """A figure and its interval, as text, for a table cell."""
    if mean is None:
        return {"value": "–", "interval": ""}
    shown = _signed(mean, digits) if signed else number(mean, digits)
    interval = ""
    if ci is not None:
        low, high = (_signed(v, digits) if signed else number(v, digits) for v in ci)
        interval = f"{low} to {high}"
    return {"value": shown, "interval": interval}


def _compared_cells(views: list, key: str, path: tuple, digits: int) -> list[dict]:
    """One row's cells: each scenario's figure, and after every scenario but the first its
    difference from the first."""
    cells = []
    base = None
    for index, (scenario, view) in enumerate(views):
        if view is None:
            figure = None
            cells.append({"kind": "figure", **_with_interval(None, None, digits)})
        else:
            mean, ci = figure_with_ci(scenario.result["overall"], path)
            figure = (mean, ci, scenario.result["replications"])
            cells.append({"kind": "figure", **_with_interval(mean, ci, digits)})
        if index == 0:
            base = figure
            continue
        found = welch_difference(base, figure) if base and figure else None
        cell = {
            "kind": "difference",
            **_with_interval(*(found or (None, None)), digits, signed=True),
        }
        if found and found[1] is not None:
            low, high = found[1]
            cell["clear"] = low > 0 or high < 0  # the interval leaves 0 out
        cells.append(cell)
    return cells


def comparison(scenarios: list) -> dict:
    """Scenarios side by side: overall figures with their 95% intervals, each scenario's
    difference from the first, and each service's mean wait and utilisation."""
    views = [(s, result_view(s.result)) for s in scenarios]
    labels = dict(METRICS)
    rows = [
        (labels[key], _compared_cells(views, key, path, digits)) for key, path, digits in COMPARED
    ]
    service_ids = []
    for scenario, _ in views:
        for service in scenario.definition.get("services", []):
            if service["id"] not in service_ids:
                service_ids.append(service["id"])
    per_service = []
    for service_id in service_ids:
        cells = []
        for _, view in views:
            found = (
                next((s for s in view["services"] if s["id"] == service_id), None) if view else None
            )
            cells.append(f"{found['wait_mean']} days, {found['utilisation']}%" if found else "–")
        per_service.append((service_id, cells))
    simulated = [(s, view) for s, view in views if view]
    wait_chart = queue_chart = None
    if simulated:
        wait_chart = charts.category_bars(
            [
                {"category": s.name, "value": s.result["overall"]["wait_days"]["mean"]}
                for s, _ in simulated
            ],
            title="Mean wait across the whole system",
            x_title="Mean wait (days)",
        )
        over_time = [
            row
            for s, _ in simulated
            for row in _queue_over_time(s.result, s.result["overall"], series=s.name)
        ]
        if over_time:
            queue_chart = charts.monthly_lines(
                over_time,
                title="Waiting list across the whole system (median of the runs)",
                y_title="People waiting",
            )
    return {
        "scenarios": [s for s, _ in views],
        "first": scenarios[0] if scenarios else None,
        "replications": [view["replications"] if view else None for _, view in views],
        "rows": rows,
        "per_service": per_service,
        "wait_chart": wait_chart,
        "queue_chart": queue_chart,
        "method": DIFFERENCE_METHOD,
    }


TEAM_LIMIT_PCT = 25.0  # the back-test contract: per team with enough referrals
OVERALL_LIMIT_PCT = 15.0


def _actual_count(value, *, exact: bool, policy: DisclosurePolicy):
    """A count of real young people (or a mean of such counts) as this reader may see it,
    and the figure to work a change or an error out from (None when hidden)."""
    if value is None:
        return "–", None
    if exact:
        return number(value, 0 if float(value).is_integer() else 1), float(value)
    shown = waiting_now(value, policy=policy)
    return (str(shown), None) if shown == SUPPRESSED else (number(shown, 0), float(shown))


def _change(start: float | None, end: float | None) -> str:
    if start is None or end is None:
        return "–"
    text = _signed(end - start, 0)
    return f"{text} ({_signed(100 * (end - start) / start, 1)}%)" if start else text


def _error_cell(actual: float | None, model: float | None, limit: float, judged: bool) -> dict:
    if actual is None or model is None or actual == 0:
        return {"text": "–", "outside": False}
    error = 100 * (model - actual) / actual
    return {"text": f"{_signed(error, 1)}%", "outside": judged and abs(error) > limit}


def last_year_view(scenario, *, exact: bool, policy: DisclosurePolicy = DEFAULT_POLICY):
    """The simulated year beside the extract's last year, from the activity engine's JSON.

    ``year``: waiting lists at the start and end of each year, the change, the mean list and
    the median first-contact wait; the scenario's year starts from today's list, so when the
    list grew last year its mean sits above last year's even if it grows at the same pace.
    ``check`` (calibrated scenarios): the calibration made a year earlier, run over the last
    year, against what happened, overall and per team (``thrivekit.modelling.backtest``).
    """
    result, extract = scenario.result, scenario.extract
    if not result or extract is None or not extract.analysis or extract.as_of is None:
        return None
    monthly = extract.analysis.get("monthly") or []
    if len(monthly) < 13:
        return None
    from thrivekit.activity.measures import months_back

    def count(value):
        return _actual_count(value, exact=exact, policy=policy)

    last_year = [m["waiting_list"] for m in monthly[-12:]]
    check = result.get("last_year") or {}
    checked = check.get("overall") if not check.get("error") else None
    # A what-if has no check of its own: last year's waits are its baseline's.
    base = scenario.based_on.result if scenario.based_on and scenario.based_on.result else {}
    waits_from = checked or ((base.get("last_year") or {}).get("overall"))
    actual_wait = (
        waits_from["actual_median_wait_days"]
        if waits_from
        else extract.analysis.get("waits", {}).get("first_contact", {}).get("median")
    )
    bands = result["overall"].get("queue_length_over_time") or {}
    medians = bands.get("median") or []
    a_start, a_start_n = count(monthly[-13]["waiting_list"])
    a_end, a_end_n = count(monthly[-1]["waiting_list"])
    a_mean, a_mean_n = count(sum(last_year) / len(last_year))
    # The model starts from today's real list: everyone on it, seen later or not.
    starting = sum(
        len(s.initial_waiting_list) + len(s.initial_unseen_list)
        for s in parse_scenario(scenario.definition).services
    )
    shown = waiting_now(starting, exact=exact, policy=policy)
    m_start_n = None if shown == SUPPRESSED else float(shown)
    m_end_n = float(medians[-1]) if medians else None
    m_mean_n = (result["overall"].get("queue_length") or {}).get("mean")
    model_wait = (result["overall"].get("first_contact_wait_days") or {}).get("median")
    start = months_back(extract.as_of, 12)
    year = {
        "actual_period": f"{start + dt.timedelta(days=1):%d/%m/%Y} to {extract.as_of:%d/%m/%Y}",
        "model_period": (
            f"from {dt.date.fromisoformat(result['start_date']):%d/%m/%Y}"
            if result.get("start_date")
            else f"{number(result['horizon_days'], 0)} days"
        ),
        "rows": [
            (
                "Waiting list at the start",
                a_start,
                str(shown) if m_start_n is None else number(m_start_n, 0),
            ),
            (
                "Waiting list at the end (the model: median of the runs)",
                a_end,
                number(m_end_n, 0),
            ),
            ("Change over the year", _change(a_start_n, a_end_n), _change(m_start_n, m_end_n)),
            ("Mean waiting list (month ends; the model: every day)", a_mean, number(m_mean_n, 1)),
            (
                "Median wait to a first contact (days)",
                number(actual_wait, 1),
                number(model_wait, 1),
            ),
        ],
        "wait_source": (
            "of the referrals made in the last year"
            if waits_from
            else "of all the extract's referrals"
        ),
        "mean_error": _error_cell(a_mean_n, m_mean_n, TEAM_LIMIT_PCT, False)["text"],
    }
    view = {"year": year, "check": None, "check_error": check.get("error")}
    if checked:
        view["check"] = _check_view(check, count, exact=exact, policy=policy)
    return view


def _check_view(check: dict, count, *, exact: bool, policy: DisclosurePolicy) -> dict:
    from thrivekit.modelling.backtest import MIN_REFERRALS

    def median(value, referrals: int):
        # A median over a handful of real people is hidden from all but analysts (the group
        # is at most the team's referrals).
        if exact or value is None:
            return value
        return safe_statistic(value, group_size=referrals, dp=1, kind="median", policy=policy)

    def row(r: dict, name: str, limit: float, judged: bool) -> dict:
        shown_list, actual_list = count(r["actual_waiting_list"])
        wait = median(r["actual_median_wait_days"], r["referrals"])
        known_wait = None if wait == SUPPRESSED else wait
        return {
            "name": name,
            "referrals": count(r["referrals"])[0],
            "judged": judged,
            "list_actual": shown_list,
            "list_model": number(r["simulated_waiting_list"], 1),
            "list_error": _error_cell(actual_list, r["simulated_waiting_list"], limit, judged),
            "wait_actual": SUPPRESSED if wait == SUPPRESSED else number(wait, 1),
            "wait_model": number(r["simulated_median_wait_days"], 1),
            "wait_error": _error_cell(known_wait, r["simulated_median_wait_days"], limit, judged),
        }

    as_of = dt.date.fromisoformat(check["as_of"])
    teams = sorted(check["services"], key=lambda r: (-r["referrals"], r["id"]))
    return {
        "calibrated_at": f"{as_of:%d/%m/%Y}",
        "overall": row(check["overall"], "Whole system", OVERALL_LIMIT_PCT, True),
        "teams": [row(r, r["id"], TEAM_LIMIT_PCT, r["referrals"] >= MIN_REFERRALS) for r in teams],
        "min_referrals": MIN_REFERRALS,
        "overall_limit": number(OVERALL_LIMIT_PCT, 0),
        "team_limit": number(TEAM_LIMIT_PCT, 0),
    }
