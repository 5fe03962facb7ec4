"""`thrivekit synth`: a realistic synthetic extract, deterministic for a seed.

Three years of referrals with a rising trend and an August dip, ~15 teams with moves between
them, groupings in believable proportions, DNAs and cancellations, open cases, and a few dirty
rows of every kind the validation rules catch. Vectorised with numpy so a million referrals
take seconds.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

TEAMS = (
    "Single Point of Access",
    "Mental Health Support Team",
    "Early Help",
    "Core CAMHS North",
    "Core CAMHS South",
    "Core CAMHS Central",
    "Eating Disorders",
    "Neurodevelopmental",
    "Crisis",
    "Learning Disabilities",
    "Looked After Children",
    "Infant Mental Health",
    "Psychology",
    "Medical",
    "Tier 4 Liaison",
)
TEAM_SHARE = np.array([30, 18, 10, 7, 7, 7, 3, 8, 3, 1, 2, 1, 1, 1, 1], dtype=float)
# Median wait to first contact by team, in days (neurodevelopmental waits are long).
TEAM_WAIT = np.array([10, 21, 14, 45, 50, 40, 14, 240, 2, 60, 30, 30, 70, 35, 7], dtype=float)
GROUPINGS = (
    ("Getting Advice and Signposting", "GA", "Getting Advice"),
    ("Getting Help", "GH", "getting help"),
    ("Getting More Help", "GMH", "Getting More Help"),
    ("Getting Risk Support", "GRS", "Risk Support"),
    ("Thriving", "Thriving", "THRIVING"),
)
GROUPING_SHARE = np.array([0.30, 0.48, 0.08, 0.06, 0.02])  # the rest: not recorded
MEAN_CONTACTS = np.array([1.5, 6.0, 11.0, 8.0, 1.0, 4.0])  # by grouping, last = not recorded
SOURCES = ("GP", "School", "Self", "Parent or carer", "Social care", "A&E", "Other", "")
SOURCE_SHARE = np.array([32, 22, 10, 12, 8, 6, 6, 4], dtype=float)
ENDING_REASONS = ("Treatment completed", "Signposted", "Did not attend", "Moved", "")
DIRTY_SHARE = 0.002  # of rows, for each kind of problem


def _valid_nhs_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    out = np.empty(0, dtype=np.int64)
    while out.size < n:
        body = rng.integers(100_000_000, 999_999_999, size=2 * (n - out.size) + 10)
        digits = (body[:, None] // 10 ** np.arange(8, -1, -1)) % 10
        check = 11 - (digits * np.arange(10, 1, -1)).sum(axis=1) % 11
        check[check == 11] = 0
        good = check != 10
        out = np.concatenate([out, body[good] * 10 + check[good]])
    return out[:n]


def _iso(days: np.ndarray, epoch: np.datetime64) -> pa.Array:
    return pa.array((epoch + days.astype("timedelta64[D]")).astype("datetime64[D]"))


def _dates_as_text(dates: pa.Array, uk: np.ndarray) -> pa.Array:
    iso = pc.strftime(dates, format="%Y-%m-%d")
    british = pc.strftime(dates, format="%d/%m/%Y")
    return pc.if_else(pa.array(uk), british, iso)


def synthesise(
    *,
    referrals: int,
    seed: int,
    end: dt.date = dt.date(2024, 12, 31),
    contacts_per_referral: float = 5.0,
    dirty: bool = True,
) -> tuple[pa.Table, pa.Table, pa.Table]:
    """Referrals, contacts and capacity tables (all text columns, as an extract would be)."""
    rng = np.random.default_rng(seed)
    n = referrals
    epoch = np.datetime64(end) - np.timedelta64(3 * 365, "D")
    span = 3 * 365
    day = np.arange(span + 1)
    month = ((epoch + day.astype("timedelta64[D]")).astype("datetime64[M]").astype(int)) % 12 + 1
    weight = (1 + 0.25 * day / span) * np.where(month == 8, 0.55, 1.0)
    weight *= np.where(np.isin(month, [10, 11, 1, 2, 3]), 1.15, 1.0)
    ref_day = np.sort(rng.choice(day, size=n, p=weight / weight.sum()))

    team = rng.choice(len(TEAMS), size=n, p=TEAM_SHARE / TEAM_SHARE.sum())
    grouping = rng.choice(
        len(GROUPINGS) + 1, size=n, p=np.append(GROUPING_SHARE, 1 - GROUPING_SHARE.sum())
    )
    rejected = rng.random(n) < 0.08
    people = max(1, int(n * 0.85))
    person = _valid_nhs_numbers(rng, people)[rng.integers(0, people, size=n)]

    wait = rng.lognormal(np.log(TEAM_WAIT[team]), 0.6).astype(np.int64)
    scale = contacts_per_referral / 5.0
    n_contacts = rng.poisson(MEAN_CONTACTS[grouping] * scale)
    n_contacts[rng.random(n) < 0.12] = 0
    n_contacts[rejected] = 0
    n_contacts = np.minimum(n_contacts, 60)

    # Contacts: the first after the wait, then gaps of about a fortnight.
    owner = np.repeat(np.arange(n), n_contacts)
    m = owner.size
    starts = np.cumsum(n_contacts) - n_contacts
    position = np.arange(m) - np.repeat(starts, n_contacts)
    gap = rng.exponential(14, size=m).astype(np.int64) + 1
    gap[position == 0] = wait[owner[position == 0]]
    offset = np.cumsum(gap)
    offset -= np.repeat(
        offset[starts[n_contacts > 0]] - gap[starts[n_contacts > 0]], n_contacts[n_contacts > 0]
    )
    contact_day = ref_day[owner] + offset
    in_range = contact_day <= span
    # Moves between teams: now and then the next contact is with another team.
    move = (rng.random(m) < 0.07) & (position > 0)
    moves = np.cumsum(move)
    moves -= np.repeat(moves[starts[n_contacts > 0]], n_contacts[n_contacts > 0])
    contact_team = (team[owner] + moves * rng.integers(1, len(TEAMS), size=m)) % len(TEAMS)
    kind = rng.choice(6, size=m, p=[0.42, 0.38, 0.06, 0.04, 0.05, 0.05])
    attendance_text = np.array(["5", "Attended", "3", "DNA", "2", "4"])[kind]
    attendance_text[rng.random(m) < 0.01] = ""

    last_day = np.full(n, -1)
    np.maximum.at(last_day, owner[in_range], contact_day[in_range])
    discharged = (rng.random(n) < 0.85) & ~rejected
    discharge_day = np.where(last_day >= 0, last_day, ref_day + wait) + rng.integers(1, 45, n)
    discharged &= discharge_day <= span
    discharged &= (last_day >= 0) | (rng.random(n) < 0.5)

    uk_ref = rng.random(n) < 0.1
    ref_dates = _dates_as_text(_iso(ref_day, epoch), uk_ref)
    dis_dates = _dates_as_text(_iso(discharge_day, epoch), uk_ref)
    dis_dates = pc.if_else(pa.array(discharged), dis_dates, pa.scalar(None, pa.string()))
    rej_dates = pc.if_else(
        pa.array(rejected & (rng.random(n) < 0.5)),
        _dates_as_text(_iso(ref_day + 7, epoch), uk_ref),
        pa.scalar(None, pa.string()),
    )
    outcome = np.where(rejected, "Rejected", "Accepted")
    form = rng.integers(0, 3, n)
    grouping_text = (
        np.array(
            [
                GROUPINGS[g][f] if g < len(GROUPINGS) else ""
                for g, f in zip(grouping, form, strict=True)
            ]
        )
        if n <= 50_000
        else _grouping_text_fast(grouping, form)
    )
    ids = np.char.add("R", np.char.zfill(np.arange(1, n + 1).astype(str), 7))
    ref_table = pa.table(
        {
            "referral_id": ids,
            "person_id": person.astype(str),
            "referral_date": ref_dates,
            "referral_source": np.array(SOURCES)[
                rng.choice(len(SOURCES), n, p=SOURCE_SHARE / SOURCE_SHARE.sum())
            ],
            "team": np.array(TEAMS)[team],
            "age": rng.integers(4, 18, n).astype(str),
            "gender": rng.choice(
                np.array(["Female", "Male", "Non-binary", ""]), n, p=[0.52, 0.44, 0.02, 0.02]
            ),
            "imd_decile": rng.integers(1, 11, n).astype(str),
            "thrive_grouping": grouping_text,
            "referral_outcome": outcome,
            "rejection_date": rej_dates,
            "discharge_date": dis_dates,
            "ending_reason": pc.if_else(
                pa.array(discharged),
                pa.array(np.array(ENDING_REASONS)[rng.integers(0, len(ENDING_REASONS), n)]),
                pa.scalar(None, pa.string()),
            ),
            "goals_recorded": rng.choice(np.array(["Yes", "No", ""]), n, p=[0.6, 0.3, 0.1]),
            "sdm_recorded": rng.choice(np.array(["Y", "N", ""]), n, p=[0.5, 0.4, 0.1]),
        }
    )
    keep = np.flatnonzero(in_range)
    contact_table = pa.table(
        {
            "contact_id": np.char.add("C", np.arange(1, keep.size + 1).astype(str)),
            "referral_id": ids[owner[keep]],
            "contact_date": _dates_as_text(
                _iso(contact_day[keep], epoch), rng.random(keep.size) < 0.1
            ),
            "team": np.array(TEAMS)[contact_team[keep]],
            "attendance": attendance_text[keep],
            "duration_minutes": rng.choice(np.array(["30", "45", "60", "90"]), keep.size),
            "contact_type": rng.choice(
                np.array(["Face to face", "Video", "Telephone"]), keep.size, p=[0.6, 0.25, 0.15]
            ),
        }
    )
    if dirty:
        ref_table, contact_table = _add_dirty_rows(rng, ref_table, contact_table, end)
    # Appointments booked (attended or not) with each team in each month: what the
    # capacity table offers, with some to spare.
    booked = np.isin(kind, [0, 1, 2, 3])[keep]
    months = (epoch + contact_day[keep][booked].astype("timedelta64[D]")).astype("datetime64[M]")
    pairs, counts = np.unique(
        contact_team[keep][booked] * 100_000 + months.astype(np.int64), return_counts=True
    )
    used = {
        (TEAMS[pair // 100_000], str(np.datetime64(int(pair % 100_000), "M"))): int(count)
        for pair, count in zip(pairs.tolist(), counts.tolist(), strict=True)
    }
    capacity = _capacity(rng, end, used)
    return ref_table, contact_table, capacity


def _grouping_text_fast(grouping: np.ndarray, form: np.ndarray) -> np.ndarray:
    table = np.array([list(g) for g in GROUPINGS] + [["", "", ""]], dtype=object)
    return table[grouping, form].astype(str)


def _capacity(rng: np.random.Generator, end: dt.date, used: dict[tuple[str, str], int]) -> pa.Table:
    """Two years of capacity by team and month, in proportion to the appointments booked
    (so it grows with the number of referrals): 5-20% to spare, an hour an appointment."""
    months = [f"{y:04d}-{m:02d}" for y in range(end.year - 1, end.year + 1) for m in range(1, 13)]
    rows = [(t, mo) for t in TEAMS for mo in months]
    available = [used.get((t, mo), 0) * rng.uniform(1.05, 1.2) for t, mo in rows]
    return pa.table(
        {
            "team": [t for t, _ in rows],
            "month": [mo for _, mo in rows],
            "clinical_hours": [f"{a * rng.uniform(0.9, 1.1):.1f}" for a in available],
            "appointments_available": [str(round(a)) for a in available],
        }
    )


def _add_dirty_rows(rng, refs: pa.Table, contacts: pa.Table, end: dt.date):
    """A few rows breaking each validation rule, scattered through the file."""
    k = max(1, int(refs.num_rows * DIRTY_SHARE))
    # A year after the later of the run date and the end: in the future whenever it is read.
    today = dt.datetime.now(dt.UTC).date()
    future = (max(end, today) + dt.timedelta(days=365)).isoformat()
    sample = refs.take(rng.integers(0, refs.num_rows, k))

    def with_column(table: pa.Table, name: str, values) -> pa.Table:
        index = table.column_names.index(name)
        return table.set_column(index, name, pa.array(values, pa.string()))

    bad_refs = [
        with_column(sample, "referral_id", [""] * k),
        with_column(sample, "referral_date", ["31/02/2024"] * k),
        with_column(sample, "referral_date", [future] * k),
        with_column(
            with_column(sample, "discharge_date", ["2000-01-01"] * k),
            "referral_id",
            [f"X{i}" for i in range(k)],
        ),
        sample,  # duplicates of earlier ids
    ]
    kc = max(1, int(contacts.num_rows * DIRTY_SHARE)) if contacts.num_rows else 0
    bad_contacts = []
    if kc:
        csample = contacts.take(rng.integers(0, contacts.num_rows, kc))
        bad_contacts = [
            with_column(csample, "referral_id", [f"NOPE{i}" for i in range(kc)]),
            with_column(csample, "contact_date", ["not a date"] * kc),
            with_column(csample, "contact_date", [future] * kc),
            with_column(csample, "contact_date", ["1990-01-01"] * kc),
            csample,  # duplicate contact ids
        ]
    refs = _shuffle_in(rng, refs, pa.concat_tables(bad_refs))
    if bad_contacts:
        contacts = _shuffle_in(rng, contacts, pa.concat_tables(bad_contacts))
    return refs, contacts


def _shuffle_in(rng, table: pa.Table, extra: pa.Table) -> pa.Table:
    # Put the extra rows at random places, keeping the order of the clean rows.
    merged = pa.concat_tables([table, extra.cast(table.schema)])
    keys = np.concatenate(
        [np.arange(table.num_rows, dtype=float), rng.uniform(0, table.num_rows, extra.num_rows)]
    )
    return merged.take(np.argsort(keys, kind="stable"))


def write_extract(
    out_dir: Path | str,
    *,
    referrals: int,
    seed: int,
    end: dt.date = dt.date(2024, 12, 31),
    contacts_per_referral: float = 5.0,
    file_format: str = "csv",
) -> dict[str, Path]:
    """Write referrals, contacts and capacity files; returns their paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    tables = dict(
        zip(
            ("referrals", "contacts", "capacity"),
            synthesise(
                referrals=referrals,
                seed=seed,
                end=end,
                contacts_per_referral=contacts_per_referral,
            ),
            strict=True,
        )
    )
    paths = {}
    for name, table in tables.items():
        if file_format == "parquet":
            import pyarrow.parquet as pq

            paths[name] = out_dir / f"{name}.parquet"
            pq.write_table(table, paths[name])
        else:
            paths[name] = out_dir / f"{name}.csv"
            pacsv.write_csv(table, paths[name])
    return paths
