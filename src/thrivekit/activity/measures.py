"""The measures of `thrivekit analyse`, as Ibis expressions (DuckDB by default, Spark too).

Every measure is an Ibis table expression built by `build_measures`; `analyse_tables` executes
them and shapes the JSON document (schema "thrivekit.analysis/1"). The expressions only use
operations that compile for DuckDB, Spark, PostgreSQL and T-SQL, so `--sql` can export them.
Percentiles are computed from order statistics with linear interpolation (numpy's default)
rather than with engine-specific percentile functions, which differ between engines.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir

from .running import DuckDBRunner

SCHEMA = "thrivekit.analysis/1"
GROUPINGS = (
    "Thriving",
    "Getting Advice and Signposting",
    "Getting Help",
    "Getting More Help",
    "Getting Risk Support",
    "Not recorded",
)
NOT_RECORDED = "Not recorded"
WAIT_TARGET_DAYS = 28
DISTRIBUTION_CAP = 20
GROWTH_LIMIT = 0.20
CAPACITY_LIMIT = 0.85
VARIANT_STEPS_SHOWN = 8
# The stored mark of MHSDS attendance code 7, "arrived late and could not be seen".
LATE = "arrived_late_not_seen"
# Still waiting, by weeks waited so far: half-open [lower, upper) in days (weeks * 7).
WAITING_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0-4 weeks", 0, 4 * 7),
    ("4-12 weeks", 4 * 7, 12 * 7),
    ("12-18 weeks", 12 * 7, 18 * 7),
    ("18-52 weeks", 18 * 7, 52 * 7),
    ("52+ weeks", 52 * 7, None),
)

# From design.md: reference lines for comparison, never targets.
REFERENCE: dict[str, dict[str, Any]] = {
    "Thriving": {
        "referrals_pct": None,
        "attended_contacts_pct": None,
        "mean_attended_contacts": None,
        "note": "Around 80-90% of children and young people are Thriving at any time "
        "(a share of the population, not of referrals).",
    },
    "Getting Advice and Signposting": {
        "referrals_pct": 30,
        "attended_contacts_pct": 8,
        "mean_attended_contacts": 1,
        "note": "About 30% of those needing support need only a small amount of resource "
        "(~8% of spend and staff time); the modal number of sessions is one.",
    },
    "Getting Help": {
        "referrals_pct": 60,
        "attended_contacts_pct": None,
        "mean_attended_contacts": 7,
        "note": "About 60% of cases, mean 7 face-to-face contacts.",
    },
    "Getting More Help": {
        "referrals_pct": 5,
        "attended_contacts_pct": 39,
        "mean_attended_contacts": 10,
        "note": "About 5% of cases but 39% of appointments, around 10 on average.",
    },
    "Getting Risk Support": {
        "referrals_pct": [5, 10],
        "attended_contacts_pct": None,
        "mean_attended_contacts": None,
        "note": "An estimated 5-10% of those accessing services.",
    },
    "Not recorded": {
        "referrals_pct": None,
        "attended_contacts_pct": None,
        "mean_attended_contacts": None,
        "note": "",
    },
}


# ---------------------------------------------------------------- helpers


def round_half_up(value: float | None, places: int) -> float | None:
    """Round as people do by hand (0.25 -> 0.3), not to even; None and NaN stay None."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))


def month_index(date: ir.DateValue) -> ir.IntegerValue:
    """Months since year 0: sortable, portable, and easy to turn back into YYYY-MM."""
    return date.year() * 12 + date.month() - 1


def month_label(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def months_back(date: dt.date, months: int) -> dt.date:
    """The same day `months` earlier, or the month's last day if it is shorter."""
    index = date.year * 12 + date.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


def _count_if(condition: ir.BooleanValue) -> ir.IntegerScalar:
    # SUM(CASE ...) works everywhere, including T-SQL where booleans cannot be summed.
    return condition.ifelse(1, 0).sum()


def linear_quantiles(
    table: ir.Table, column: str, quantiles: Mapping[str, float], by: Sequence[str] = ()
) -> ir.Table:
    """Percentiles with linear interpolation between order statistics (numpy's default).

    Built from counts of each value and running totals (GROUP BY, SUM windows) so every
    engine returns the same figure. Waits and counts repeat a lot, so only the distinct
    values are sorted, not every row; order statistic i (from 0) is the value whose running
    count first exceeds i.
    """
    values = table.filter(table[column].notnull())
    return _quantiles_of_counts(
        values.group_by([*by, column]).aggregate(_c=values.count()), column, quantiles, by
    )


def _quantiles_of_counts(
    counts: ir.Table, column: str, quantiles: Mapping[str, float], by: Sequence[str] = ()
) -> ir.Table:
    # `counts` has one row per group and value, with `_c` rows holding that value.
    running = ibis.cumulative_window(group_by=list(by), order_by=counts[column])
    ordered = counts.mutate(
        _end=counts._c.sum().over(running), _n=counts._c.sum().over(group_by=list(by))
    )
    value = ordered[column].cast("float64")
    start = ordered._end - ordered._c

    def at(index: ir.NumericValue) -> ir.FloatingScalar:
        return value.max(where=(start <= index) & (index < ordered._end))

    metrics = {}
    for name, q in quantiles.items():
        position = (ordered._n - 1).cast("float64") * q
        low = position.floor()
        low_value = at(low)
        high_value = at(low + 1)
        fraction = (position - low.cast("float64")).max()
        metrics[name] = low_value + fraction * (high_value.fill_null(low_value) - low_value)
    return ordered.group_by(list(by)).aggregate(**metrics) if by else ordered.aggregate(**metrics)


# ---------------------------------------------------------------- expressions


def build_measures(
    referrals: ir.Table,
    contacts: ir.Table,
    capacity: ir.Table | None,
    *,
    as_of: dt.date,
    share: Callable[[ir.Table], ir.Table] | None = None,
    contact_types: Sequence[str] | None = None,
    code_7_counts_as_dna: bool = True,
) -> dict[str, ir.Table]:
    """Every measure as a named Ibis table expression.

    Several measures build on the same steps (attended contacts, open referrals with their
    attended contacts and first attended date, contacts per team and month, each referral's
    pathway between teams). `share` is applied to each such step once: by default it
    returns the step unchanged, so every measure is one self-contained query (portable SQL,
    Spark); `analyse_parquet` keeps each as a temporary table so DuckDB computes it once.
    The figures are the same either way. A referral's contacts are in order of date, then
    `same_day_order` (the import's order of a day's contacts).

    With `contact_types` only contacts of those types (as stored) count, in every measure;
    with `code_7_counts_as_dna` False a DNA given as MHSDS code 7 is no DNA but an
    "arrived_late_not_seen" contact (see `counting_options`).
    """
    keep = share or (lambda table: table)
    r, c = referrals, _counted_contacts(contacts, contact_types, code_7_counts_as_dna)
    as_of_lit = ibis.literal(as_of)
    earlier_lit = ibis.literal(months_back(as_of, 6))
    attended = c.filter(c.attendance == "attended")
    attended = keep(attended.select("referral_id", "contact_date", "team", "same_day_order"))
    # A referral's contacts are in date order, so its first attended contact is on the
    # earliest date and its second on the second earliest (counting repeats): aggregates,
    # not a sort of every contact.
    per_referral = attended.group_by("referral_id").aggregate(
        attended=attended.count(), first_date=attended.contact_date.min()
    )
    open_r = r.filter(~r.rejected)
    open_r = open_r.left_join(per_referral, "referral_id")
    # Only the columns the measures use, so that the shared step is cheap to keep.
    open_r = keep(
        open_r.select(
            "referral_id",
            "referral_date",
            "team",
            "thrive_grouping",
            "ending_reason",
            "goals_recorded",
            "sdm_recorded",
            # Discharges after the as-of date have not happened yet.
            discharged=(open_r.discharge_date <= as_of_lit).ifelse(open_r.discharge_date, None),
            attended=per_referral.attended.fill_null(0),
            first_date=per_referral.first_date,
        )
    )
    # The second contact is the first attended contact on a later day than the first: a
    # second contact on the same day is part of the first (NHS England's convention).
    first = open_r.filter(open_r.first_date.notnull()).select("referral_id", "first_date")
    later = attended.join(first, "referral_id")
    later = later.filter(later.contact_date > later.first_date)
    second = later.group_by("referral_id").aggregate(second_date=later.contact_date.min())

    def wait_table(seen: ir.Table, column: str) -> ir.Table:
        # `seen`: open referrals, each with the date of the contact waited for in `column`.
        return seen.select(
            "referral_id",
            team=seen.team.fill_null(NOT_RECORDED),
            days=seen[column].delta(seen.referral_date, unit="day").cast("float64"),
        )

    def wait_summary(waits: ir.Table) -> ir.Table:
        stats = waits.aggregate(
            n=waits.count(),
            mean=waits.days.mean(),
            within=_count_if(waits.days <= WAIT_TARGET_DAYS),
        )
        pct = linear_quantiles(waits, "days", {"median": 0.5, "p90": 0.9})
        return stats.cross_join(pct)

    first_waits = wait_table(open_r.filter(open_r.first_date.notnull()), "first_date")
    second_waits = wait_table(open_r.join(second, "referral_id"), "second_date")

    def waiting_at(table: ir.Table, end: ir.DateValue) -> ir.BooleanValue:
        return (
            (table.referral_date <= end)
            & (table.discharged.isnull() | (table.discharged > end))
            & (table.first_date.isnull() | (table.first_date > end))
        )

    measures: dict[str, ir.Table] = {}
    # People, as NHS England's access measures count them: distinct person_id.
    measures["referrals"] = r.aggregate(
        total=r.count(), rejected=_count_if(r.rejected), people=r.person_id.nunique()
    )
    by_month = r.mutate(month=month_index(r.referral_date))
    measures["referrals_by_month"] = (
        by_month.group_by("month")
        .aggregate(count=by_month.count(), people=by_month.person_id.nunique())
        .order_by("month")
    )
    by_source = r.mutate(source=r.referral_source.fill_null(NOT_RECORDED))
    by_source = by_source.group_by("source").aggregate(count=by_source.count())
    measures["referrals_by_source"] = by_source.order_by([ibis.desc("count"), ibis.asc("source")])
    # Contacts per team, month and attendance: a few thousand rows that the contact, monthly,
    # team and capacity measures share instead of each reading every contact.
    team_contacts = _contacts_with_team(r, c)
    team_contacts = team_contacts.mutate(month=month_index(team_contacts.contact_date))
    late = {}
    if LATE in team_contacts.columns:
        late[LATE] = _count_if(team_contacts[LATE].fill_null(False))
    team_contacts = keep(
        team_contacts.group_by(["team", "month", "attendance"]).aggregate(
            contacts=team_contacts.count(),
            hours=(team_contacts.duration_minutes.cast("float64") / 60.0).sum(),
            **late,
        )
    )
    tc, kind = team_contacts, team_contacts.attendance

    def contacts_if(condition: ir.BooleanValue) -> ir.IntegerScalar:
        return condition.ifelse(tc.contacts, 0).sum()

    contact_counts = tc.aggregate(
        total=tc.contacts.sum(),
        attended=contacts_if(kind == "attended"),
        dna=contacts_if(kind == "dna"),
        cancelled_by_patient=contacts_if(kind == "cancelled_by_patient"),
        cancelled_by_provider=contacts_if(kind == "cancelled_by_provider"),
        unknown=contacts_if(kind == "unknown"),
        **({LATE: tc[LATE].sum()} if LATE in tc.columns else {}),
    )
    measures["contacts"] = contact_counts.mutate(
        dna_rate=contact_counts.dna.cast("float64")
        / (contact_counts.attended + contact_counts.dna).nullif(0).cast("float64")
    )
    measures["waits_first_contact"] = wait_summary(first_waits)
    measures["waits_second_contact"] = wait_summary(second_waits)
    # Those waiting are few: find them first, then band their waits so far.
    waiting = open_r.filter(waiting_at(open_r, as_of_lit))
    waiting = waiting.select(waited=as_of_lit.delta(waiting.referral_date, unit="day"))
    bands = {}
    for i, (_label, lower, upper) in enumerate(WAITING_BANDS):
        in_band = waiting.waited >= lower
        if upper is not None:
            in_band = in_band & (waiting.waited < upper)
        bands[f"band_{i}"] = _count_if(in_band)
    measures["waits_still_waiting"] = waiting.aggregate(still_waiting=waiting.count(), **bands)

    closed = open_r.filter(open_r.discharged.notnull()).select("referral_id", "attended")
    bucketed = closed.mutate(
        contacts=(closed.attended >= DISTRIBUTION_CAP).ifelse(DISTRIBUTION_CAP, closed.attended)
    )
    measures["contacts_per_referral_distribution"] = (
        bucketed.group_by("contacts").aggregate(count=bucketed.count()).order_by("contacts")
    )
    measures["contacts_per_referral"] = closed.aggregate(
        closed_referrals=closed.count(), mean=closed.attended.cast("float64").mean()
    ).cross_join(linear_quantiles(closed, "attended", {"median": 0.5}))
    frequency = closed.group_by("attended").aggregate(times=closed.count())
    measures["contacts_per_referral_mode"] = frequency.order_by(
        [ibis.desc("times"), ibis.asc("attended")]
    ).limit(1)

    measures["monthly"] = _monthly(r, open_r, team_contacts, as_of_lit)
    # One pass in order over each open referral's attended contacts with a team serves the
    # team flows, the pathway variants and the directly-follows graph.
    pathway = keep(_pathway_contacts(open_r, attended))
    # Only the contacts that start a referral's pathway or change its team are steps.
    team_steps = pathway.filter(pathway.previous.isnull() | (pathway.previous != pathway.team))
    measures["team_flows"] = _team_flows(team_steps)
    measures["grouping_mix"] = _grouping_mix(open_r)
    measures["evidence"] = open_r.aggregate(
        open_referrals=open_r.count(),
        grouping_recorded=_count_if(open_r.thrive_grouping != NOT_RECORDED),
        closed_referrals=_count_if(open_r.discharged.notnull()),
        ending_reason_recorded=_count_if(
            open_r.discharged.notnull() & open_r.ending_reason.notnull()
        ),
        goals_recorded=_count_if(open_r.goals_recorded.fill_null(False)),
        sdm_recorded=_count_if(open_r.sdm_recorded.fill_null(False)),
    )
    measures["teams"] = _teams(
        r, open_r, team_contacts, first_waits, waiting_at, as_of_lit, earlier_lit
    )
    if capacity is not None:
        measures["capacity_use"] = _capacity_use(capacity, team_contacts, as_of)
    measures["process_directly_follows"] = _directly_follows(open_r, pathway)
    measures["process_variants"] = _variants(team_steps, team_contacts)
    return measures


def _monthly(r, open_r, team_contacts, as_of_lit) -> ir.Table:
    # Flows per month, then running totals: open(E) = referred - discharged by E, and the
    # waiting list = referred - (seen or discharged) by E, for open referrals.
    seen_or_left = open_r.mutate(
        left=ibis.cases(
            (open_r.first_date.isnull(), open_r.discharged),
            (open_r.discharged.isnull(), open_r.first_date),
            (open_r.first_date < open_r.discharged, open_r.first_date),
            else_=open_r.discharged,
        )
    )
    zero = ibis.literal(0, "int64")
    one = ibis.literal(1, "int64")
    columns = ("month", "referrals", "attended_contacts", "opened", "waiting")

    def events(table, month, **values):
        return table.select(
            month=month.cast("int64"), **{name: values.get(name, zero) for name in columns[1:]}
        )

    discharged = open_r.filter(open_r.discharged.notnull())
    left = seen_or_left.filter(seen_or_left.left.notnull() & (seen_or_left.left <= as_of_lit))
    seen = team_contacts.filter(team_contacts.attendance == "attended")
    flows = ibis.union(
        events(
            r,
            month_index(r.referral_date),
            referrals=one,
            opened=(~r.rejected).ifelse(one, zero),
            waiting=(~r.rejected).ifelse(one, zero),
        ),
        events(discharged, month_index(discharged.discharged), opened=ibis.literal(-1, "int64")),
        events(left, month_index(left.left), waiting=ibis.literal(-1, "int64")),
        events(seen, seen.month, attended_contacts=seen.contacts.cast("int64")),
        distinct=False,
    )
    per_month = flows.group_by("month").aggregate(
        referrals=flows.referrals.sum(),
        attended_contacts=flows.attended_contacts.sum(),
        opened=flows.opened.sum(),
        waiting=flows.waiting.sum(),
    )
    running = ibis.cumulative_window(order_by=per_month.month)
    return per_month.select(
        "month",
        "referrals",
        "attended_contacts",
        open_referrals=per_month.opened.sum().over(running),
        waiting_list=per_month.waiting.sum().over(running),
    ).order_by("month")


def _pathway_contacts(open_r, attended) -> ir.Table:
    """Each open referral's attended contacts with a team, in order, with the team and date
    of the contact before and the team of the one after, and the referral's dates."""
    with_team = attended.filter(attended.team.notnull()).join(
        open_r.select("referral_id", "referral_date", "discharged"), "referral_id"
    )
    order = ibis.window(
        group_by=with_team.referral_id,
        order_by=[with_team.contact_date, with_team.same_day_order],
    )
    return with_team.mutate(
        previous=with_team.team.lag().over(order),
        previous_date=with_team.contact_date.lag().over(order),
        next_team=with_team.team.lead().over(order),
    )


def _team_flows(steps) -> ir.Table:
    moves = steps.filter(steps.previous.notnull() & (steps.previous != steps.team))
    flows = moves.group_by(source=moves.previous, target=moves.team).aggregate(count=moves.count())
    return flows.order_by([ibis.desc("count"), ibis.asc("source"), ibis.asc("target")])


def _grouping_mix(open_r) -> ir.Table:
    mix = open_r.group_by(grouping=open_r.thrive_grouping).aggregate(
        referrals=open_r.count(), attended_contacts=open_r.attended.sum()
    )
    everything = ibis.window()
    return mix.mutate(
        referrals_share=mix.referrals.cast("float64")
        / mix.referrals.sum().over(everything).nullif(0).cast("float64"),
        attended_share=mix.attended_contacts.cast("float64")
        / mix.attended_contacts.sum().over(everything).nullif(0).cast("float64"),
        mean_attended_contacts=mix.attended_contacts.cast("float64")
        / mix.referrals.nullif(0).cast("float64"),
    )


def _contacts_with_team(r, c) -> ir.Table:
    # A contact's team is its own, or else its referral's team. (Every imported contact has
    # its referral; any other stays, as "Not recorded".)
    referral_teams = r.select(_referral_id="referral_id", referral_team=r.team)
    joined = c.left_join(referral_teams, c.referral_id == referral_teams._referral_id)
    return joined.select(
        "contact_date",
        "attendance",
        "duration_minutes",
        *([LATE] if LATE in c.columns else []),
        team=joined.team.fill_null(joined.referral_team).fill_null(NOT_RECORDED),
    )


def _counted_contacts(
    contacts: ir.Table, contact_types: Sequence[str] | None, code_7_counts_as_dna: bool
) -> ir.Table:
    c = contacts
    if contact_types is not None:
        c = c.filter(c.contact_type.isin(list(contact_types)))
    if not code_7_counts_as_dna:
        if LATE not in c.columns:
            raise ValueError(
                "This extract was imported before attendance code 7 was kept apart from other "
                "DNAs; import it again to count code 7 as something other than a DNA."
            )
        c = c.mutate(attendance=c[LATE].fill_null(False).ifelse(LATE, c.attendance))
    return c


def counting_options(
    contact_types: Sequence[str] | None = None, code_7_counts_as_dna: bool = True
) -> dict[str, Any]:
    """The analysis JSON's `options`: which contacts were counted, and how."""
    return {
        "contact_types": "all" if contact_types is None else list(contact_types),
        "code_7_counts_as_dna": bool(code_7_counts_as_dna),
    }


def _teams(r, open_r, team_contacts, first_waits, waiting_at, as_of_lit, earlier_lit):
    zero = ibis.literal(0, "int64")
    one = ibis.literal(1, "int64")
    names = (
        "referrals",
        "people",
        "attended_contacts",
        "dna",
        "waiting_now",
        "waiting_then",
        "first_contact_waits_n",
    )

    def part(table, team, **values):
        return table.select(team=team, **{name: values.get(name, zero) for name in names})

    tc = team_contacts
    # Each team's referrals counted per person: the referrals add up, and so do the people
    # (one row per team and person; a blank person_id is no person, as in `nunique`).
    by_team = r.mutate(team=r.team.fill_null(NOT_RECORDED))
    pairs = by_team.group_by(["team", "person_id"]).aggregate(n=by_team.count())
    parts = ibis.union(
        part(
            pairs,
            pairs.team,
            referrals=pairs.n.cast("int64"),
            people=pairs.person_id.notnull().ifelse(one, zero),
        ),
        part(
            tc,
            tc.team,
            attended_contacts=(tc.attendance == "attended").ifelse(tc.contacts, zero),
            dna=(tc.attendance == "dna").ifelse(tc.contacts, zero),
        ),
        part(
            open_r,
            open_r.team.fill_null(NOT_RECORDED),
            waiting_now=waiting_at(open_r, as_of_lit).ifelse(one, zero),
            waiting_then=waiting_at(open_r, earlier_lit).ifelse(one, zero),
        ),
        # The waits behind each team's median (`first_waits` already names a blank team).
        part(first_waits, first_waits.team, first_contact_waits_n=one),
        distinct=False,
    )
    totals = parts.group_by("team").aggregate(**{name: parts[name].sum() for name in names})
    medians = linear_quantiles(first_waits, "days", {"median_first_contact_wait": 0.5}, ["team"])
    joined = totals.left_join(medians, "team").select(
        totals,
        dna_rate=totals.dna.cast("float64")
        / (totals.attended_contacts + totals.dna).nullif(0).cast("float64"),
        median_first_contact_wait=medians.median_first_contact_wait,
    )
    return joined.order_by("team")


def _capacity_use(capacity, team_contacts, as_of: dt.date) -> ir.Table:
    # Capacity months up to the as-of month, against attended contacts in the same months.
    last_month = f"{as_of.year:04d}-{as_of.month:02d}"
    k = capacity.filter(capacity.month <= last_month)
    k = k.mutate(
        month=(k.month.substr(0, 4).cast("int64") * 12 + k.month.substr(5, 2).cast("int64") - 1)
    )
    tc = team_contacts.filter(team_contacts.attendance == "attended")
    used = tc.select("team", "hours", month=tc.month.cast("int64"), attended_contacts=tc.contacts)
    joined = k.left_join(used, ["team", "month"]).select(
        team=k.team,
        appointments_available=k.appointments_available,
        clinical_hours=k.clinical_hours,
        attended_contacts=used.attended_contacts.fill_null(0),
        hours=used.hours.fill_null(0),
    )
    return (
        joined.group_by("team")
        .aggregate(
            months=joined.count(),
            appointments_available=joined.appointments_available.sum(),
            clinical_hours=joined.clinical_hours.sum(),
            attended_contacts=joined.attended_contacts.sum(),
            attended_hours=joined.hours.sum(),
        )
        .order_by("team")
    )


def _directly_follows(open_r, pathway) -> ir.Table:
    """Edges between consecutive events of each open referral's pathway: the referral, its
    attended contacts with a team (the team is the activity) and its discharge.

    Events are in date order; on one day the referral comes first and the discharge last.
    Worked out from each contact's neighbours (`_pathway_contacts`) rather than by sorting
    the events again: a discharge between two contacts splits their edge in two.
    """
    p, gone = pathway, pathway.discharged
    date, before = p.contact_date, p.previous_date
    discharge_first = gone.notnull() & (gone < date) & (before.isnull() | (before <= gone))
    referral, discharge = ibis.literal("Referral"), ibis.literal("Discharge")

    def days(later, earlier):
        return later.delta(earlier, unit="day").cast("float64")

    # The edge into each contact: from the contact before, from the referral for the first
    # contact, or from the discharge when it came in between.
    into_contacts = p.select(
        source=ibis.cases(
            (discharge_first, discharge), (before.isnull(), referral), else_=p.previous
        ),
        target=p.team,
        days=days(
            date,
            ibis.cases((discharge_first, gone), (before.isnull(), p.referral_date), else_=before),
        ),
    )
    # Edges into the discharge: from whatever came before it, or from the last contact.
    # (A discharge before a contact and one after the last contact cannot both be true.)
    last_then_discharged = p.next_team.isnull() & gone.notnull() & (date <= gone)
    ending = p.filter(discharge_first | last_then_discharged)
    into_discharge = ending.select(
        source=discharge_first.ifelse(ending.previous.fill_null(referral), ending.team),
        target=discharge,
        days=days(
            ending.discharged,
            discharge_first.ifelse(
                ending.previous_date.fill_null(ending.referral_date), ending.contact_date
            ),
        ),
    )
    # Referrals discharged with no contact at all.
    firsts = p.filter(before.isnull()).select("referral_id")
    untouched = open_r.filter(open_r.discharged.notnull()).anti_join(firsts, "referral_id")
    all_edges = ibis.union(
        into_contacts,
        into_discharge,
        untouched.select(
            source=referral,
            target=discharge,
            days=days(untouched.discharged, untouched.referral_date),
        ),
        distinct=False,
    )
    # Days between steps repeat a lot: count each (edge, days) once, then work from counts.
    # Days are whole numbers, so the sums below are exact and the mean is the same as
    # averaging every edge. (Read twice below: DuckDB works a repeated subquery out once.)
    by_days = all_edges.group_by(["source", "target", "days"]).aggregate(_c=all_edges.count())
    counts = by_days.group_by(["source", "target"]).aggregate(
        count=by_days._c.sum(),
        mean_days=(by_days.days * by_days._c.cast("float64")).sum()
        / by_days._c.sum().cast("float64"),
    )
    medians = _quantiles_of_counts(by_days, "days", {"median_days": 0.5}, ["source", "target"])
    joined = counts.join(medians, ["source", "target"])
    return joined.order_by([ibis.desc("count"), ibis.asc("source"), ibis.asc("target")])


def _variants(steps, team_contacts) -> ir.Table:
    # Pathway variants collapsed to teams: consecutive contacts with one team are one step.
    # Teams are numbered (every step's team is among the teams of `team_contacts`) so that
    # each referral's steps are spelled out and grouped as numbers; the names go back only
    # on the few distinct pathways.
    numbers = team_contacts.select("team").distinct()
    numbers = numbers.mutate(number=ibis.row_number().over(order_by=numbers.team))
    steps = steps.join(numbers, "team")
    order = [steps.contact_date, steps.same_day_order]
    steps = steps.select(
        "referral_id",
        "number",
        _k=ibis.row_number().over(group_by=steps.referral_id, order_by=order),
    )
    # Spelled out step by step (not an ordered list aggregate, which Spark lacks and which
    # DuckDB keeps wholly in memory).
    shown = [f"_s{i}" for i in range(VARIANT_STEPS_SHOWN)]
    parts = {name: steps.number.max(where=steps._k == i) for i, name in enumerate(shown)}
    paths = steps.group_by("referral_id").aggregate(steps=steps.count(), **parts)
    shapes = paths.group_by(["steps", *shown]).aggregate(referrals=paths.count())
    named = shapes
    for name in shown:
        team = numbers.select(**{f"{name}_number": "number", f"{name}_team": "team"})
        named = named.left_join(team, shapes[name] == team[f"{name}_number"])
    variant = named._s0_team
    for name in shown[1:]:
        step = named[f"{name}_team"]
        variant = variant + step.isnull().ifelse("", " > " + step)
    variant = variant + (named.steps > VARIANT_STEPS_SHOWN).ifelse(" > ...", "")
    named = named.select("steps", "referrals", variant=variant)
    # Added up again: two pathways could read the same if a team's name contains " > ".
    variants = named.group_by(["variant", "steps"]).aggregate(referrals=named.referrals.sum())
    ranking = [ibis.desc("referrals"), ibis.asc("variant"), ibis.asc("steps")]
    return variants.order_by(ranking).limit(20)


# ---------------------------------------------------------------- execution


def _pct(part: float | None, whole: float | None) -> float | None:
    if part is None or not whole:
        return None
    return round_half_up(100.0 * part / whole, 1)


def _wait_json(row: Mapping[str, Any]) -> dict[str, Any]:
    n = int(row.get("n") or 0)
    return {
        "n": n,
        "mean": round_half_up(row.get("mean"), 2) if n else None,
        "median": round_half_up(row.get("median"), 2) if n else None,
        "p90": round_half_up(row.get("p90"), 2) if n else None,
        "within_28_days_pct": _pct(row.get("within"), n),
        "within_28_days_pct_numerator": int(row.get("within") or 0),
        "within_28_days_pct_denominator": n,
    }


def analyse_tables(
    referrals: ir.Table,
    contacts: ir.Table,
    capacity: ir.Table | None = None,
    *,
    as_of: dt.date,
    columns: Mapping[str, Sequence[str]] | None = None,
    validation: Mapping[str, Any] | None = None,
    progress: Any = None,
    cache_shared_steps: bool = False,
    runner: DuckDBRunner | None = None,
    contact_types: Sequence[str] | None = None,
    code_7_counts_as_dna: bool = True,
) -> dict[str, Any]:
    """Execute every measure and return the analysis JSON document as a dict.

    `contact_types` (values of `contact_type` as stored; default every contact) and
    `code_7_counts_as_dna` choose which contacts count, and how; the JSON's `options` say so.

    With `cache_shared_steps` the steps several measures share are computed once and kept
    as temporary tables of the tables' backend (see `build_measures`); same figures, faster.
    With a `runner` the measures' SQL runs on DuckDB's connection directly, while the next
    measures compile; otherwise each runs through Ibis (`Table.to_pyarrow`) when needed.
    """
    columns = columns or {}
    report = progress or (lambda _step, _fraction: None)
    report("Preparing", 0.0)
    if cache_shared_steps:
        share = runner.share if runner is not None else (lambda table: table.cache())
    else:
        share = None
    m = build_measures(
        referrals,
        contacts,
        capacity,
        as_of=as_of,
        share=share,
        contact_types=contact_types,
        code_7_counts_as_dna=code_7_counts_as_dna,
    )
    if runner is not None:
        pending = {name: runner.fetch(expr) for name, expr in m.items()}

        def rows(name: str) -> list[dict[str, Any]]:
            return pending[name].result().to_pylist()
    else:

        def rows(name: str) -> list[dict[str, Any]]:
            return m[name].to_pyarrow().to_pylist()

    def one(name: str) -> dict[str, Any]:
        found = rows(name)
        return found[0] if found else {}

    out: dict[str, Any] = {
        "schema": SCHEMA,
        "as_of": as_of.isoformat(),
        "options": counting_options(contact_types, code_7_counts_as_dna),
    }

    report("Demand", 0.1)
    totals = one("referrals")
    out["referrals"] = {
        "total": int(totals.get("total") or 0),
        "rejected": int(totals.get("rejected") or 0),
        "people": int(totals.get("people") or 0),
        "by_month": [
            {"month": month_label(row["month"]), "count": row["count"], "people": row["people"]}
            for row in rows("referrals_by_month")
        ],
        "by_source": [
            {"source": row["source"], "count": row["count"]} for row in rows("referrals_by_source")
        ],
    }
    counts = one("contacts")
    out["contacts"] = {
        name: int(counts.get(name) or 0)
        for name in (
            "total",
            "attended",
            "dna",
            "cancelled_by_patient",
            "cancelled_by_provider",
            "unknown",
        )
    }
    out["contacts"]["dna_rate"] = round_half_up(counts.get("dna_rate"), 4)
    out["contacts"]["dna_rate_numerator"] = out["contacts"]["dna"]
    out["contacts"]["dna_rate_denominator"] = out["contacts"]["attended"] + out["contacts"]["dna"]
    # Counted whichever way code 7 counts; null for Parquet imported before it was kept.
    out["contacts"][LATE] = int(counts.get(LATE) or 0) if LATE in contacts.columns else None

    report("Waits", 0.3)
    still = one("waits_still_waiting")
    out["waits"] = {
        "first_contact": _wait_json(one("waits_first_contact")),
        "second_contact": _wait_json(one("waits_second_contact")),
        "still_waiting": int(still.get("still_waiting") or 0),
        "still_waiting_bands": [
            {"band": label, "count": int(still.get(f"band_{i}") or 0)}
            for i, (label, _lower, _upper) in enumerate(WAITING_BANDS)
        ],
    }

    report("Contacts per referral", 0.4)
    spread = {row["contacts"]: row["count"] for row in rows("contacts_per_referral_distribution")}
    cpr = one("contacts_per_referral")
    mode = one("contacts_per_referral_mode")
    closed_n = int(cpr.get("closed_referrals") or 0)
    out["contacts_per_referral"] = {
        "closed_referrals": closed_n,
        "distribution": [
            {
                "contacts": str(i) if i < DISTRIBUTION_CAP else f"{DISTRIBUTION_CAP}+",
                "count": int(spread.get(i, 0)),
            }
            for i in range(DISTRIBUTION_CAP + 1)
        ],
        "mean": round_half_up(cpr.get("mean"), 2) if closed_n else None,
        "median": round_half_up(cpr.get("median"), 2) if closed_n else None,
        "mode": int(mode["attended"]) if mode else None,
    }

    report("Monthly flow", 0.5)
    out["monthly"] = _monthly_json(rows("monthly"), as_of)
    first_month = out["referrals"]["by_month"][0]["month"] if out["referrals"]["by_month"] else None
    if first_month is None:
        out["monthly"] = []

    report("Team flows", 0.6)
    out["team_flows"] = [
        {"from": row["source"], "to": row["target"], "count": row["count"]}
        for row in rows("team_flows")
    ]

    report("Needs-based groupings", 0.7)
    mix = {row["grouping"]: row for row in rows("grouping_mix")}
    # The denominators of the shares: every open referral and its attended contacts.
    all_referrals = sum(int(row.get("referrals") or 0) for row in mix.values())
    all_attended = sum(int(row.get("attended_contacts") or 0) for row in mix.values())
    out["grouping_mix"] = []
    for grouping in GROUPINGS:
        row = mix.get(grouping, {})
        referrals_n = int(row.get("referrals") or 0)
        attended_n = int(row.get("attended_contacts") or 0)
        out["grouping_mix"].append(
            {
                "grouping": grouping,
                "referrals": referrals_n,
                "referrals_pct": round_half_up(100 * row["referrals_share"], 1)
                if row.get("referrals_share") is not None
                else 0.0,
                "referrals_pct_numerator": referrals_n,
                "referrals_pct_denominator": all_referrals,
                "attended_contacts": attended_n,
                "attended_contacts_pct": round_half_up(100 * row["attended_share"], 1)
                if row.get("attended_share") is not None
                else 0.0,
                "attended_contacts_pct_numerator": attended_n,
                "attended_contacts_pct_denominator": all_attended,
                "mean_attended_contacts": round_half_up(row.get("mean_attended_contacts"), 2)
                if referrals_n
                else None,
                "reference": REFERENCE[grouping],
            }
        )

    evidence = one("evidence")
    referral_columns = set(columns.get("referrals", ()))
    open_n = int(evidence.get("open_referrals") or 0)
    closed_open = int(evidence.get("closed_referrals") or 0)
    out["evidence"] = {}
    for name, whole, present in (
        ("grouping_recorded", open_n, True),
        ("ending_reason_recorded", closed_open, True),
        ("goals_recorded", open_n, "goals_recorded" in referral_columns),
        ("sdm_recorded", open_n, "sdm_recorded" in referral_columns),
    ):
        part = int(evidence.get(name) or 0)
        # An absent column has no figures at all, not a zero.
        out["evidence"][f"{name}_pct"] = _pct(part, whole) if present else None
        out["evidence"][f"{name}_pct_numerator"] = part if present else None
        out["evidence"][f"{name}_pct_denominator"] = whole if present else None

    report("Teams and bottlenecks", 0.8)
    out["teams"] = [
        {
            "team": row["team"],
            "referrals": int(row["referrals"]),
            "people": int(row["people"]),
            "attended_contacts": int(row["attended_contacts"]),
            "dna_rate": round_half_up(row["dna_rate"], 4),
            "dna_rate_numerator": int(row["dna"]),
            "dna_rate_denominator": int(row["attended_contacts"]) + int(row["dna"]),
            "median_first_contact_wait": round_half_up(row["median_first_contact_wait"], 2),
            "first_contact_waits_n": int(row["first_contact_waits_n"]),
            "waiting_list_now": int(row["waiting_now"]),
            "waiting_list_six_months_earlier": int(row["waiting_then"]),
        }
        for row in rows("teams")
    ]
    capacity_rows = rows("capacity_use") if "capacity_use" in m else []
    out["bottlenecks"] = bottlenecks(out["teams"], capacity_rows)
    out["six_months_earlier"] = months_back(as_of, 6).isoformat()

    report("Pathways", 0.9)
    out["process"] = {
        "directly_follows": [
            {
                "from": row["source"],
                "to": row["target"],
                "count": row["count"],
                "mean_days": round_half_up(row["mean_days"], 2),
                "median_days": round_half_up(row["median_days"], 2),
            }
            for row in rows("process_directly_follows")
        ],
        "variants": [
            {"pathway": row["variant"], "steps": row["steps"], "referrals": row["referrals"]}
            for row in rows("process_variants")
        ],
    }
    if validation is not None:
        out["validation"] = dict(validation)
    report("Done", 1.0)
    return out


def _monthly_json(rows, as_of: dt.date) -> list[dict[str, Any]]:
    if not rows:
        return []
    by_month = {row["month"]: row for row in rows}
    start = min(by_month)
    end = as_of.year * 12 + as_of.month - 1
    out, open_now, waiting_now = [], 0, 0
    for index in range(start, end + 1):
        row = by_month.get(index)
        if row is not None:
            open_now, waiting_now = int(row["open_referrals"]), int(row["waiting_list"])
        out.append(
            {
                "month": month_label(index),
                "referrals": int(row["referrals"]) if row else 0,
                "attended_contacts": int(row["attended_contacts"]) if row else 0,
                "open_referrals": open_now,
                "waiting_list": waiting_now,
            }
        )
    return out


def _figure(value: float) -> int | float:
    # Appointments are whole numbers in every extract seen, and stay so in the JSON.
    rounded = round_half_up(value, 2)
    return int(rounded) if rounded is not None and rounded.is_integer() else rounded


def _hours(value: float) -> float:
    return round_half_up(value, 2)


def bottlenecks(
    teams: Sequence[Mapping[str, Any]], capacity_use: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Teams whose waiting list grew by more than 20% in six months, or that used more than
    85% of their recorded capacity; one entry per team and reason."""
    found: list[dict[str, Any]] = []
    for team in teams:
        then, now = team["waiting_list_six_months_earlier"], team["waiting_list_now"]
        if then > 0 and now > then * (1 + GROWTH_LIMIT):
            found.append(
                {
                    "team": team["team"],
                    "reason": "waiting_list_growth",
                    "detail": f"Waiting list grew from {then} to {now} in six months "
                    f"(+{round_half_up(100 * (now - then) / then, 1)}%).",
                    "value": round_half_up(100 * (now - then) / then, 1),
                    "then": int(then),
                    "now": int(now),
                }
            )
    for row in capacity_use:
        for available, used, label, reason in (
            (
                "appointments_available",
                "attended_contacts",
                "appointments",
                "capacity_appointments",
            ),
            ("clinical_hours", "attended_hours", "clinical hours", "capacity_hours"),
        ):
            cap = row.get(available)
            use = row.get(used) or 0
            if cap and use > CAPACITY_LIMIT * cap:
                share = round_half_up(100 * use / cap, 1)
                found.append(
                    {
                        "team": row["team"],
                        "reason": reason,
                        "detail": f"Attended contacts used {share}% of the recorded {label} "
                        f"over {row['months']} month(s) (limit 85%).",
                        "value": share,
                        "used": int(use) if reason == "capacity_appointments" else _hours(use),
                        "available": _figure(cap)
                        if reason == "capacity_appointments"
                        else _hours(cap),
                        "months": int(row["months"]),
                    }
                )
    return sorted(found, key=lambda b: (b["team"], b["reason"]))


def analyse_parquet(
    folder: Path | str,
    *,
    backend: Any = None,
    progress: Any = None,
    cache_shared_steps: bool | None = None,
    memory_limit: str = "1536MB",
    direct_duckdb: bool = True,
    contact_types: Sequence[str] | None = None,
    code_7_counts_as_dna: bool = True,
) -> dict[str, Any]:
    """Analyse an imported extract (the folder `import_extract` wrote) with DuckDB, or with
    `backend` (any Ibis backend, e.g. `ibis.pyspark.connect(spark)`).

    Shared steps are cached (computed once) on DuckDB unless `cache_shared_steps` is False;
    on other backends only when it is True. On DuckDB the measures' SQL runs on the
    connection directly, beside their compiling (`DuckDBRunner`), unless `direct_duckdb` is
    False (same rows, less overhead).
    """
    from .importing import read_manifest, read_tables

    folder = Path(folder)
    manifest = read_manifest(folder)
    # Every measure orders its own rows, so DuckDB need not keep scan order (faster).
    if backend is None:
        con = ibis.duckdb.connect(memory_limit=memory_limit, preserve_insertion_order=False)
        # thrivekit shows its own progress; DuckDB's bar would print over it.
        con.raw_sql("SET enable_progress_bar = false")
    else:
        con = backend
    if cache_shared_steps is None:
        cache_shared_steps = con.name == "duckdb"
    referrals, contacts, capacity = read_tables(con, folder)
    runner = DuckDBRunner(con) if direct_duckdb and con.name == "duckdb" else None
    try:
        return analyse_tables(
            referrals,
            contacts,
            capacity,
            as_of=dt.date.fromisoformat(manifest["as_of"]),
            columns=manifest["columns"],
            validation=manifest["validation"],
            progress=progress,
            cache_shared_steps=cache_shared_steps,
            runner=runner,
            contact_types=contact_types,
            code_7_counts_as_dna=code_7_counts_as_dna,
        )
    finally:
        if runner is not None:
            runner.close()
        if backend is None:
            con.disconnect()
