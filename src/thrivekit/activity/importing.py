"""Import an extract: recognise columns, parse, validate, pseudonymise, write typed Parquet.

Everything runs inside DuckDB so that ten million contacts import in seconds. An import is
all-or-nothing: Parquet files are written to a scratch folder and moved into place only when
every step has succeeded.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb

from thrivekit.redaction.nhs_number import mask_nhs_numbers

from .asof import derive_as_of
from .privacy import NHS_SHAPE_SQL, POSTCODE_SQL, install_nhs_masks, install_pseudonyms
from .reading import RAW_FOLDER, ROW, UnreadableFileError, read_extract
from .schema import load_mapping, match_columns

MANIFEST = "import.json"
MANIFEST_SCHEMA = "thrivekit.activity-import/1"

RULES: dict[str, tuple[str, ...]] = {
    "referrals": (
        "missing_id",
        "bad_referral_date",
        "future_date",
        "discharge_before_referral",
        "duplicate_id",
    ),
    "contacts": (
        "unknown_referral",
        "bad_contact_date",
        "future_date",
        "contact_before_referral",
        "duplicate_contact",
    ),
    "capacity": ("missing_team", "bad_month"),
}
EXAMPLES = 10

Progress = Callable[[str, float], None]

# Parsing rules, as DuckDB macros so each is written once.
_MACROS = rf"""
-- Raw columns are text (see reading.py). trim() copies every value; most values have no
-- spaces to trim, so look first.
CREATE OR REPLACE TEMP MACRO tk_text(s) AS CASE WHEN s = '' THEN NULL
  WHEN starts_with(s, ' ') OR ends_with(s, ' ') THEN nullif(trim(s), '') ELSE s END;
CREATE OR REPLACE TEMP MACRO tk_date_any(s) AS CASE
  WHEN regexp_full_match(trim(s), '\d{{1,7}}(\.\d+)?') THEN CASE
    WHEN CAST(trim(s) AS DOUBLE) BETWEEN 1 AND 2958465
    THEN DATE '1899-12-30' + CAST(floor(CAST(trim(s) AS DOUBLE)) AS INTEGER) END
  ELSE CAST(try_strptime(regexp_extract(trim(s),
    '^(\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}/\d{{1,2}}/\d{{4}}|\d{{1,2}}-\d{{1,2}}-\d{{4}})'
    || '(?:[ T]\d{{1,2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?(?:Z|[+-]\d{{2}}(?::?\d{{2}})?)?)?$', 1),
    ['%Y-%m-%d', '%d/%m/%Y', '%d-%m-%Y']) AS DATE)
END;
-- The same result, sooner, for the two shapes nearly every extract uses: DuckDB's own
-- ISO date cast is three times faster than strptime and agrees with it on these shapes.
CREATE OR REPLACE TEMP MACRO tk_date(s) AS CASE
  WHEN regexp_full_match(s, '\d{{4}}-\d{{2}}-\d{{2}}') THEN try_cast(s AS DATE)
  WHEN regexp_full_match(s, '\d{{2}}/\d{{2}}/\d{{4}}')
  THEN try_cast(substr(s, 7, 4) || '-' || substr(s, 4, 2) || '-' || substr(s, 1, 2) AS DATE)
  ELSE tk_date_any(s) END;
CREATE OR REPLACE TEMP MACRO tk_key(s) AS
  trim(regexp_replace(lower(replace(s, '&', ' and ')), '[^a-z0-9]+', ' ', 'g'));
CREATE OR REPLACE TEMP MACRO tk_attendance_key(k) AS CASE
  WHEN k IS NULL OR k = '' THEN 'unknown'
  WHEN regexp_full_match(k, '0*[56]( 0+)?') THEN 'attended'
  WHEN regexp_full_match(k, '0*[37]( 0+)?') THEN 'dna'
  WHEN regexp_full_match(k, '0*2( 0+)?') THEN 'cancelled_by_patient'
  WHEN regexp_full_match(k, '0*4( 0+)?') THEN 'cancelled_by_provider'
  WHEN k IN ('attended', 'seen') OR k LIKE 'attended %' THEN 'attended'
  WHEN k = 'dna' OR k LIKE 'did not attend%' OR k LIKE 'dna %' THEN 'dna'
  WHEN k LIKE '%cancel%' AND k LIKE '%patient%' THEN 'cancelled_by_patient'
  WHEN k LIKE '%cancel%' AND (k LIKE '%provider%' OR k LIKE '%service%'
    OR k LIKE '%hospital%' OR k LIKE '%clinician%') THEN 'cancelled_by_provider'
  ELSE 'unknown' END;
CREATE OR REPLACE TEMP MACRO tk_attendance_any(s) AS tk_attendance_key(tk_key(s));
CREATE OR REPLACE TEMP MACRO tk_grouping_key(k) AS CASE
  WHEN k IN ('thriving') THEN 'Thriving'
  WHEN k IN ('getting advice', 'getting advice and signposting', 'getting advice signposting',
    'ga', 'gas', 'advice', 'advice and signposting', 'signposting') THEN
    'Getting Advice and Signposting'
  WHEN k IN ('getting help', 'gh') THEN 'Getting Help'
  WHEN k IN ('getting more help', 'gmh', 'more help') THEN 'Getting More Help'
  WHEN k IN ('getting risk support', 'risk support', 'grs') THEN 'Getting Risk Support'
  ELSE 'Not recorded' END;
CREATE OR REPLACE TEMP MACRO tk_grouping_any(s) AS tk_grouping_key(tk_key(s));
CREATE OR REPLACE TEMP MACRO tk_yes(s) AS coalesce(lower(trim(s)) IN ('yes', 'y', 'true', '1'),
  false);
CREATE OR REPLACE TEMP MACRO tk_number(s) AS try_cast(trim(s) AS DOUBLE);
CREATE OR REPLACE TEMP MACRO tk_postcode(s) AS
  regexp_extract(regexp_replace(upper(trim(s)), '\s+', ' ', 'g'), '{POSTCODE_SQL}', 1);
CREATE OR REPLACE TEMP MACRO tk_district(s) AS CASE
  WHEN tk_postcode(s) <> '' THEN tk_postcode(s)
  WHEN regexp_full_match(upper(trim(s)), '[A-Z]{{1,2}}[0-9][A-Z0-9]?') THEN upper(trim(s))
  END;
CREATE OR REPLACE TEMP MACRO tk_local_area(s) AS CASE
  WHEN tk_postcode(s) <> '' THEN tk_postcode(s) ELSE tk_text(s) END;
-- An NHS number has at least ten characters and starts with a digit or a space: other
-- values skip the regular expression.
CREATE OR REPLACE TEMP MACRO tk_nhs(s) AS CASE
  WHEN length(s) >= 10 AND (ascii(s) BETWEEN 48 AND 57 OR ascii(s) IN (9, 10, 12, 13, 32))
    AND regexp_full_match(s, '{NHS_SHAPE_SQL}') THEN tk_nhs_udf(s) ELSE s END;
"""

# Values written so often that looking their meaning up beats working it out on every row.
# The lookups are filled by evaluating the full rules (tk_*_any) on these values, so they
# cannot disagree with them; any other value is worked out in full.
_COMMON_VALUES: dict[str, tuple[str, ...]] = {
    "tk_attendance": (
        *("2", "3", "4", "5", "6", "7", "02", "03", "04", "05", "06", "07"),
        *("Attended", "attended", "ATTENDED", "Seen", "seen", "DNA", "dna", "Did not attend"),
        *("Did Not Attend", "Cancelled by patient", "Cancelled by provider"),
        *("Patient cancelled", "Provider cancelled", "Cancelled by service", "Unknown", ""),
    ),
    "tk_grouping": (
        *("Thriving", "THRIVING", "thriving"),
        *("Getting Advice and Signposting", "Getting Advice", "getting advice", "GA", "GAS"),
        *("Getting Help", "getting help", "GH", "Getting More Help", "getting more help"),
        *("GMH", "gmh", "Getting Risk Support", "Risk Support", "risk support", "GRS"),
        *("Not recorded", ""),
    ),
}


def _common_value_macros(con: duckdb.DuckDBPyConnection) -> None:
    for macro, values in _COMMON_VALUES.items():
        found = con.execute(f"SELECT v, {macro}_any(v) FROM unnest(?) AS t(v)", [list(values)])
        cases = " ".join(f"WHEN {_lit(v)} THEN {_lit(m)}" for v, m in found.fetchall())
        # A blank cell arrives as NULL, which no WHEN matches: look it up too.
        blank = con.execute(f"SELECT {macro}_any(NULL)").fetchone()[0]
        con.execute(
            f"CREATE OR REPLACE TEMP MACRO {macro}(s) AS CASE WHEN s IS NULL THEN {_lit(blank)} "
            f"ELSE CASE s {cases} ELSE {macro}_any(s) END END"
        )


def _lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


# The stored files: zstd at its fastest level compresses nearly as well as its default.
_PARQUET = "FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 1"

# Typed output columns: name -> (DuckDB type, SQL building it from parsed/raw columns).
_REFERRAL_TEXT = (
    "referral_source",
    "team",
    "gender",
    "ethnicity",
    "referral_outcome",
    "ending_reason",
)


@dataclass
class ImportResult:
    """What an import produced: where the Parquet is, the as-of date and the report."""

    out_dir: Path
    as_of: dt.date
    as_of_given: bool
    validation: dict[str, Any]
    columns: dict[str, list[str]]
    dropped: dict[str, list[str]] = field(default_factory=dict)

    @property
    def manifest(self) -> dict[str, Any]:
        return {
            "schema": MANIFEST_SCHEMA,
            "as_of": self.as_of.isoformat(),
            "as_of_given": self.as_of_given,
            "columns": self.columns,
            "dropped": self.dropped,
            "validation": self.validation,
        }


def _source(match_source: Mapping[str, str], own: str) -> str | None:
    name = match_source.get(own)
    return None if name is None else '"' + name.replace('"', '""') + '"'


def _or_null(expr: str | None, sql_type: str, build: Callable[[str], str]) -> str:
    return f"CAST(NULL AS {sql_type})" if expr is None else build(expr)


class ImportFailed(ValueError):
    """An import that stopped (nothing written). The message is for the person importing and
    safe to store, show and log: it names the file, row and column at most, never a value
    from the file, a server path or SQL."""


def import_extract(
    *,
    referrals: Path | str,
    contacts: Path | str,
    out_dir: Path | str,
    key: bytes,
    capacity: Path | str | None = None,
    as_of: dt.date | None = None,
    mapping: Path | str | Mapping | None = None,
    today: dt.date | None = None,
    progress: Progress | None = None,
    memory_limit: str = "1536MB",
) -> ImportResult:
    """Validate and pseudonymise an extract and store it as typed Parquet in `out_dir`.

    Raises MissingColumnsError (nothing written) if a required column is missing, and
    ImportFailed (an UnreadableFileError's or the engine's error, made safe to show) if a
    file cannot be read as a table or the import cannot finish.
    """
    files = {"referrals": Path(referrals), "contacts": Path(contacts)}
    if capacity is not None:
        files["capacity"] = Path(capacity)
    where = {"step": "Starting"}

    def report(step: str, fraction: float) -> None:
        where["step"] = step
        if progress is not None:
            progress(step, fraction)

    try:
        return _import_extract(
            referrals=referrals,
            contacts=contacts,
            out_dir=out_dir,
            key=key,
            capacity=capacity,
            as_of=as_of,
            mapping=mapping,
            today=today,
            report=report,
            memory_limit=memory_limit,
        )
    # `from None`: the engine's error, which may quote a record, must not ride along.
    except UnreadableFileError as error:
        raise ImportFailed(_unreadable_message(error, files, where["step"])) from None
    except duckdb.Error as error:
        raise ImportFailed(_engine_message(error, files, where["step"])) from None
    except OSError as error:
        raise ImportFailed(
            f"The import stopped while {where['step'].lower()}: the server could not "
            f"read or write a file ({error.strerror or 'input/output error'})."
        ) from None


def _import_extract(
    *,
    referrals: Path | str,
    contacts: Path | str,
    out_dir: Path | str,
    key: bytes,
    capacity: Path | str | None,
    as_of: dt.date | None,
    mapping: Path | str | Mapping | None,
    today: dt.date | None,
    report: Progress,
    memory_limit: str,
) -> ImportResult:
    columns_map = load_mapping(mapping)
    out_dir = Path(out_dir)
    today = today or today_in_england()
    limit = as_of or today
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".import-", dir=out_dir.parent))
    con = duckdb.connect(config={"memory_limit": memory_limit})
    try:
        con.execute(f"SET temp_directory = '{scratch / 'spill'}'")
        install_pseudonyms(con, key)
        con.execute(_MACROS)
        install_nhs_masks(con)
        _common_value_macros(con)
        report("Reading referrals", 0.05)
        ref_names = read_extract(con, referrals, view="raw_referrals", workdir=scratch)
        ref_match = match_columns("referrals", ref_names, columns_map)
        report("Reading contacts", 0.1)
        con_names = read_extract(con, contacts, view="raw_contacts", workdir=scratch)
        con_match = match_columns("contacts", con_names, columns_map)
        cap_match = None
        if capacity is not None:
            report("Reading capacity", 0.15)
            cap_names = read_extract(con, capacity, view="raw_capacity", workdir=scratch)
            cap_match = match_columns("capacity", cap_names, columns_map)

        report("Checking referrals", 0.2)
        _check_referrals(con, ref_match.source_for, limit)
        read = {"referrals": con.execute("SELECT count(*) FROM referrals_checked").fetchone()[0]}
        kept = "FROM referrals_checked WHERE rule IS NULL"
        activity, masked_ids = _counts_by_month(
            con, "referral_date", "tk_nhs_in(referral_id)", kept
        )
        report("Writing referrals", 0.35)
        labels = _label_masks(
            con,
            {  # columns not in the file are NULL: nothing to look for
                c: (f"{c}_raw", "tk_local_area" if c == "local_area" else "tk_text")
                for c in (*_REFERRAL_TEXT, "local_area")
                if c in ref_match.source_for
            },
            kept,
        )
        masked = {("referrals", c): n for c, (_, n) in labels.items()}
        masked["referrals", "referral_id"] = masked_ids
        con.execute(
            f"COPY ({_referral_output(ref_match.source_for, labels)}) TO "
            f"'{scratch / 'referrals.parquet'}' ({_PARQUET})"
        )
        # The contacts need only the kept referrals' ids and dates: free the rest first.
        con.execute(
            "CREATE TEMP TABLE kept_referrals AS "
            "SELECT _row, referral_id, referral_date, discharge_date FROM referrals_checked "
            "WHERE rule IS NULL"
        )
        con.execute(
            "CREATE TEMP TABLE referrals_rejected AS "
            "SELECT _row, rule FROM referrals_checked WHERE rule IS NOT NULL"
        )
        con.execute("DROP TABLE referrals_checked")

        report("Checking contacts", 0.45)
        read["contacts"], contact_activity, masked["contacts", "contact_id"] = _check_contacts(
            con, con_match.source_for, limit
        )
        if cap_match is not None:
            _check_capacity(con, cap_match.source_for)
            read["capacity"] = con.execute("SELECT count(*) FROM capacity_checked").fetchone()[0]
            con.execute(
                "CREATE TEMP VIEW capacity_rejected AS "
                "SELECT _row, rule FROM capacity_checked WHERE rule IS NOT NULL"
            )
        by_month = {
            month: activity.get(month, 0) + contact_activity.get(month, 0)
            for month in activity.keys() | contact_activity.keys()
        }
        if as_of is not None:
            as_of_date = as_of
        elif any(by_month.values()):
            # Never later than today: the last busy month may be this one.
            as_of_date = min(derive_as_of(by_month), today)
        else:
            as_of_date = today
        warnings = _as_of_warnings(con, as_of_date, activity, contact_activity, by_month)
        con.execute("DROP TABLE contact_keys")
        report("Writing contacts", 0.7)
        contact_labels = _label_masks(
            con,
            {
                c: (_source(con_match.source_for, c), "tk_text")
                for c in ("team", "contact_type")
                if c in con_match.source_for
            },
            "FROM raw_contacts",
            "FROM raw_contacts ANTI JOIN contacts_rejected USING (_row)",
        )
        masked.update({("contacts", c): n for c, (_, n) in contact_labels.items()})
        con.execute(
            f"COPY ({_contact_output(con_match.source_for, contact_labels)}) TO "
            f"'{scratch / 'contacts.parquet'}' ({_PARQUET})"
        )
        if cap_match is not None:
            team, masked["capacity", "team"] = _label_masks(
                con, {"team": ("team", "")}, "FROM capacity_checked WHERE rule IS NULL"
            )["team"]
            con.execute(
                f"COPY (SELECT _row AS row, {team.format('team')} AS team, month, "
                "clinical_hours, appointments_available FROM capacity_checked "
                f"WHERE rule IS NULL ORDER BY _row) TO '{scratch / 'capacity.parquet'}' "
                "(FORMAT parquet)"
            )
        report("Writing the validation report", 0.9)
        validation = _validation_report(con, read)
        validation["warnings"] = warnings
        validation["nhs_numbers_masked"] = {
            "count": sum(masked.values()),
            "columns": [
                {"table": table, "column": column, "count": n}
                for (table, column), n in masked.items()
                if n
            ],
        }
        result = ImportResult(
            out_dir=out_dir,
            as_of=as_of_date,
            as_of_given=as_of is not None,
            validation=validation,
            columns={
                "referrals": list(ref_match.source_for),
                "contacts": list(con_match.source_for),
                **({"capacity": list(cap_match.source_for)} if cap_match else {}),
            },
            dropped={
                "referrals": _safe_names(ref_match.dropped),
                "contacts": _safe_names(con_match.dropped),
                **({"capacity": _safe_names(cap_match.dropped)} if cap_match else {}),
            },
        )
        (scratch / MANIFEST).write_text(json.dumps(result.manifest, indent=2), encoding="utf-8")
        con.close()
        _move_into_place(scratch, out_dir)
        report("Import complete", 1.0)
        return result
    finally:
        con.close()
        shutil.rmtree(scratch, ignore_errors=True)


# What the engine's errors mean, for the person importing (the first that matches).
_ENGINE_REASONS = (
    ("line size", "a row is longer than the engine can read"),
    ("unterminated quote", "a quoted value is not closed"),
    ("quote", "a quote mark is out of place"),
    ("number of columns", "a row has more values than the header has columns"),
    ("unicode", "the text is not UTF-8 or Windows-1252"),
    ("utf-8", "the text is not UTF-8 or Windows-1252"),
    ("out of memory", "there was not enough memory: try a smaller extract"),
    ("could not allocate", "there was not enough memory: try a smaller extract"),
    ("disk", "there was not enough disk space"),
    ("parquet", "it is not a readable Parquet file"),
)
_READING = {"Reading referrals": "referrals", "Reading contacts": "contacts"}
_READING["Reading capacity"] = "capacity"
_LINE = re.compile(r"\bline:? (\d+)", re.IGNORECASE)
# Any absolute path: only its last part (the file's name) is kept.
_PATH = re.compile(r"(?:[A-Za-z]:)?[\\/](?:[^\s\\/'\"]+[\\/])+([^\s\\/'\"]*)")


def _engine_reason(text: str) -> str:
    lowered = text.lower()
    for clue, reason in _ENGINE_REASONS:
        if clue in lowered:
            return reason
    return "the data engine could not go on"


def _row_of(text: str) -> str:
    found = _LINE.search(text)
    return f" at row {found.group(1)}" if found else ""


def _safe_text(text: str) -> str:
    """One line of `text` with no directories and no NHS numbers."""
    first = text.strip().splitlines()[0] if text.strip() else ""
    return mask_nhs_numbers(_PATH.sub(r"\1", first))[0]


def _unreadable_message(error: Exception, files: Mapping[str, Path], step: str) -> str:
    role = _READING.get(step)
    name = files[role].name if role in files else "A file"
    # The engine's own words (and the record they may quote) are never passed on: only the
    # row number and what the problem means.
    engine = " ".join(str(e) for e in (error, error.__cause__) if e is not None)
    if "Error" in engine or isinstance(error.__cause__, duckdb.Error):
        return _not_a_table(name, engine)
    return _safe_text(str(error))


def _engine_message(error: duckdb.Error, files: Mapping[str, Path], step: str) -> str:
    text = str(error)
    role = _READING.get(step)
    if role in files:
        return _not_a_table(files[role].name, text)
    return f"The import stopped while {step.lower()}: {_engine_reason(text)}."


def _not_a_table(name: str, engine: str) -> str:
    # Only the row number and what the engine's words mean, never the words themselves.
    return f"{name} could not be read as a table{_row_of(engine)}: {_engine_reason(engine)}."


def _safe_names(names: list[str]) -> list[str]:
    # Column headings are data too: one may hold an NHS number.
    return [mask_nhs_numbers(name)[0] for name in names]


def today_in_england() -> dt.date:
    """Today's date where the services are, whatever the server's time zone."""
    return dt.datetime.now(ZoneInfo("Europe/London")).date()


def _move_into_place(scratch: Path, out_dir: Path) -> None:
    shutil.rmtree(scratch / "spill", ignore_errors=True)
    # The raw values read from the files must never be kept.
    shutil.rmtree(scratch / RAW_FOLDER, ignore_errors=True)
    for leftover in scratch.glob("*.utf8.csv"):
        leftover.unlink()
    old = None
    if out_dir.exists():
        old = out_dir.with_name(out_dir.name + f".old-{os.getpid()}")
        out_dir.rename(old)
    scratch.rename(out_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _check_referrals(con: duckdb.DuckDBPyConnection, src: Mapping[str, str], limit: dt.date):
    def col(own: str) -> str:
        return _source(src, own) or "CAST(NULL AS VARCHAR)"

    con.execute(
        f"""
        CREATE TEMP TABLE referrals_checked AS
        WITH parsed AS (SELECT
          {ROW} AS _row,
          tk_text({col("referral_id")}) AS referral_id,
          tk_text({col("person_id")}) AS person_id,
          tk_date({col("referral_date")}) AS referral_date,
          tk_date({col("discharge_date")}) AS discharge_date,
          tk_date({col("rejection_date")}) AS rejection_date,
          {col("date_of_birth")} AS date_of_birth_raw,
          {", ".join(f"{col(c)} AS {c}_raw" for c in _REFERRAL_TEXT)},
          {col("local_area")} AS local_area_raw,
          {col("postcode")} AS postcode_raw,
          {col("age")} AS age_raw,
          {col("imd_decile")} AS imd_decile_raw,
          {col("thrive_grouping")} AS thrive_grouping_raw,
          {col("goals_recorded")} AS goals_recorded_raw,
          {col("sdm_recorded")} AS sdm_recorded_raw
        FROM raw_referrals)
        SELECT *, CASE
            WHEN referral_id IS NULL THEN 'missing_id'
            WHEN referral_date IS NULL THEN 'bad_referral_date'
            WHEN referral_date > DATE '{limit.isoformat()}' THEN 'future_date'
            WHEN discharge_date < referral_date THEN 'discharge_before_referral'
          END AS rule
        FROM parsed
        """
    )
    # A duplicate is a later row with the id of an earlier row that broke no other rule.
    # Counting ids in a hash table finds the few repeated ones without sorting every row.
    con.execute(
        """
        UPDATE referrals_checked AS c SET rule = 'duplicate_id'
        FROM (SELECT referral_id, min(_row) AS first_row FROM referrals_checked
              WHERE rule IS NULL GROUP BY referral_id HAVING count(*) > 1) AS d
        WHERE c.referral_id = d.referral_id AND c.rule IS NULL AND c._row <> d.first_row
        """
    )


def _check_contacts(
    con: duckdb.DuckDBPyConnection, src: Mapping[str, str], limit: dt.date
) -> tuple[int, dict[dt.date, int], int]:
    """Find the contacts that break a rule: `contacts_rejected` (_row, rule).

    Only the columns the rules need are kept while checking (ten million contacts do not
    fit in memory whole); the kept rows are parsed again when they are written. Returns the
    number of rows read, the kept contacts by month (see `_counts_by_month`) and how many of
    their contact ids hold an NHS number. `contact_keys` is left for the as-of warnings.
    """

    def col(own: str) -> str:
        return _source(src, own) or "CAST(NULL AS VARCHAR)"

    if "contact_id" in src:
        duplicate_keys = ["contact_id"]
        duplicate_guard = "contact_id IS NOT NULL AND "
        raw = ""
    else:
        # Without contact ids a duplicate is a row identical to an earlier kept row.
        duplicate_keys = [f"{own}_raw" for own in src]
        duplicate_guard = ""
        raw = "".join(f", {col(own)} AS {own}_raw" for own in src)
    con.execute(
        f"""
        CREATE TEMP TABLE contact_keys AS
        WITH parsed AS (
          SELECT {ROW} AS _row,
            tk_text({col("referral_id")}) AS referral_id,
            tk_date({col("contact_date")}) AS contact_date,
            tk_text({col("contact_id")}) AS contact_id{raw}
          FROM raw_contacts
        )
        SELECT c.* EXCLUDE (referral_id), r._row AS referral_row, CASE
            WHEN r.referral_id IS NULL THEN 'unknown_referral'
            WHEN c.contact_date IS NULL THEN 'bad_contact_date'
            WHEN c.contact_date > DATE '{limit.isoformat()}' THEN 'future_date'
            WHEN c.contact_date < r.referral_date THEN 'contact_before_referral'
          END AS rule0
        FROM parsed c LEFT JOIN kept_referrals r ON c.referral_id = r.referral_id
        """
    )
    keys = ", ".join(duplicate_keys)
    same = " AND ".join(f"k.{key} IS NOT DISTINCT FROM d.{key}" for key in duplicate_keys)
    # Repeated keys first, then only their rows: no sort of every contact. Keys are first
    # counted by their 64-bit hash (cheap to group); the few hashes seen more than once are
    # then checked on the keys themselves, so a collision cannot make a false duplicate.
    con.execute(
        f"""
        CREATE TEMP TABLE contacts_rejected AS
        WITH candidates AS (
          SELECT * FROM contact_keys WHERE {duplicate_guard}rule0 IS NULL
            AND hash({keys}) IN (SELECT hash({keys}) AS h FROM contact_keys
              WHERE {duplicate_guard}rule0 IS NULL GROUP BY h HAVING count(*) > 1)
        ),
        repeated AS (
          SELECT {keys}, min(_row) AS first_row FROM candidates
          GROUP BY ALL HAVING count(*) > 1
        )
        SELECT _row, rule0 AS rule FROM contact_keys WHERE rule0 IS NOT NULL
        UNION ALL
        SELECT k._row, 'duplicate_contact' FROM candidates AS k JOIN repeated AS d ON {same}
        WHERE k._row <> d.first_row
        """
    )
    read = con.execute("SELECT count(*) FROM contact_keys").fetchone()[0]
    by_month, masked_ids = _counts_by_month(
        con, "contact_date", "tk_nhs_in(contact_id)", _KEPT_CONTACTS
    )
    # Contacts are ordered within a referral by date, then contact id (numerically when it
    # is a number), then row. Most referrals have one contact a day, so only the days with
    # several need ranking: `contact_ties` holds those contacts' position in their day,
    # worked out before ids are pseudonymised; every other contact is first in its day.
    # Kept referral ids are unique, so the referral's row number stands for its id. (A
    # window count finds the shared days faster than grouping ten million rows.)
    con.execute(
        f"""
        CREATE TEMP TABLE contact_ties AS
        WITH kept AS (
          SELECT _row, contact_date, contact_id, referral_row,
            count(*) OVER (PARTITION BY referral_row, contact_date) AS on_the_day
          {_KEPT_CONTACTS}
        )
        SELECT _row, CAST(row_number() OVER (PARTITION BY referral_row, contact_date
          ORDER BY try_cast(contact_id AS HUGEINT) NULLS LAST, contact_id NULLS LAST, _row)
          AS INTEGER) AS same_day_order
        FROM kept WHERE on_the_day > 1
        """
    )
    return read, by_month, masked_ids


# The contacts kept so far (`contact_keys` less `contacts_rejected`), as `FROM ...`.
_KEPT_CONTACTS = "FROM contact_keys ANTI JOIN contacts_rejected USING (_row) WHERE rule0 IS NULL"


def _counts_by_month(
    con: duckdb.DuckDBPyConnection, day: str, flag: str, rows_sql: str
) -> tuple[dict[dt.date, int], int]:
    """Rows of `rows_sql` (`FROM ...`) by the month of `day` (its first day), for the as-of
    date; and the number of rows where `flag` holds, in the same pass."""
    # Grouped by day first: a few thousand days, so the month is worked out for those only.
    found = con.execute(
        f"SELECT CAST(date_trunc('month', day) AS DATE) AS month, sum(n), sum(flagged) "
        f"FROM (SELECT {day} AS day, count(*) AS n, count(*) FILTER (WHERE {flag}) AS flagged "
        f"{rows_sql} GROUP BY day) GROUP BY month"
    ).fetchall()
    return {month: count for month, count, _ in found if month}, sum(f for *_, f in found)


def _label_masks(
    con: duckdb.DuckDBPyConnection,
    columns: Mapping[str, tuple[str, str]],
    rows_sql: str,
    kept_sql: str | None = None,
) -> dict[str, tuple[str, int]]:
    """NHS numbers inside text labels: for each of `columns` (name -> (raw column over
    `FROM rows_sql`, the macro parsing it, or "")), the SQL template that masks the parsed
    value (`.format(parsed value)`) and how many there are in the kept rows (`FROM
    kept_sql`, if `rows_sql` has others).

    Labels (teams, sources, areas) have few distinct values, so the numbers are looked for in
    those only, all columns counted in one pass; the values that hold one go in a session
    variable, never in SQL text.
    """
    names = list(columns)
    if not names:
        return {}
    # Raw values are grouped and parsed once each, not once a row.
    select = ", ".join(f"{columns[c][0]} AS c{i}" for i, c in enumerate(names))

    def find(source: str) -> list[tuple[list[str] | None, list[str] | None, int | None]]:
        # A table, not a subquery: DuckDB would push the filter below the grouping, onto
        # every row.
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE tk_label_values AS SELECT {select}, count(*) AS n "
            f"{source} GROUP BY ALL"
        )
        try:
            return [
                con.execute(
                    "SELECT list(v), list(tk_nhs_label(v)), sum(n * len(tk_nhs_found(v))) "
                    f"FROM (SELECT {columns[c][1]}(c{i}) AS v, sum(n) AS n "
                    "FROM tk_label_values GROUP BY v) "
                    "WHERE len(tk_nhs_found(v)) > 0"
                ).fetchone()
                for i, c in enumerate(names)
            ]
        finally:
            con.execute("DROP TABLE tk_label_values")

    found = find(rows_sql)
    # Rare: only when some value holds a number, count again in the kept rows only.
    kept = find(kept_sql) if kept_sql and any(v for v, _m, _n in found) else found
    result = {}
    for name, (values, masks, _), (_, _, count) in zip(names, found, kept, strict=True):
        if not values:
            result[name] = ("tk_nhs({0})", 0)
            continue
        variable = f"tk_masks_{next(_MASK_NAMES)}"
        con.execute(f"SET VARIABLE {variable} = map(?::VARCHAR[], ?::VARCHAR[])", [values, masks])
        result[name] = (
            f"coalesce(map_extract_value(getvariable('{variable}'), {{0}}), tk_nhs({{0}}))",
            int(count or 0),
        )
    return result


_MASK_NAMES = itertools.count()


def _as_of_warnings(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    referrals: Mapping[dt.date, int],
    contacts: Mapping[dt.date, int],
    by_month: Mapping[dt.date, int],
) -> list[dict[str, Any]]:
    """Kept rows dated after the as-of date (the measures leave them out), and the months up
    to it with no activity at all (their trend points would be false zeros)."""
    kept = {
        "referrals": ("referral_date", "FROM kept_referrals"),
        "contacts": ("contact_date", _KEPT_CONTACTS),
    }
    warnings = []
    for table, months in (("referrals", referrals), ("contacts", contacts)):
        count, examples = sum(n for m, n in months.items() if m > as_of), []
        if count:  # rare: their rows are looked up only then
            day, rows_sql = kept[table]
            examples = con.execute(
                f"SELECT min(_row, {EXAMPLES}) FROM (SELECT _row, {day} AS day {rows_sql}) "
                "WHERE day > ?",
                [as_of],
            ).fetchone()[0]
        warnings.append(
            {
                "table": table,
                "rule": "after_as_of",
                "count": count,
                "examples": sorted(examples or []),
            }
        )
    count, examples = con.execute(
        f"SELECT count(*), coalesce(min(_row, {EXAMPLES}), []) FROM kept_referrals "
        "WHERE discharge_date > ?",
        [as_of],
    ).fetchone()
    warnings.append(
        {
            "table": "referrals",
            "rule": "discharge_after_as_of",
            "count": count,
            "examples": sorted(examples),
        }
    )
    busy = sorted(m for m, n in by_month.items() if n > 0 and m <= as_of)
    empty = []
    if busy:
        month = busy[0]
        while month <= as_of:
            if not by_month.get(month):
                empty.append(month.strftime("%Y-%m"))
            month = (month + dt.timedelta(days=32)).replace(day=1)
    warnings.append(
        {"table": "activity", "rule": "empty_months", "count": len(empty), "months": empty}
    )
    return warnings


def _check_capacity(con: duckdb.DuckDBPyConnection, src: Mapping[str, str]):
    def col(own: str) -> str:
        return _source(src, own) or "CAST(NULL AS VARCHAR)"

    con.execute(
        f"""
        CREATE TEMP TABLE capacity_checked AS
        WITH parsed AS (
          SELECT {ROW} AS _row, tk_text({col("team")}) AS team,
            CASE WHEN regexp_full_match(trim({col("month")}), '\\d{{4}}-\\d{{1,2}}')
              THEN strftime(try_strptime(trim({col("month")}) || '-01', '%Y-%m-%d'), '%Y-%m')
              ELSE strftime(tk_date({col("month")}), '%Y-%m') END AS month,
            tk_number({col("clinical_hours")}) AS clinical_hours,
            tk_number({col("appointments_available")}) AS appointments_available
          FROM raw_capacity
        )
        SELECT *, CASE WHEN team IS NULL THEN 'missing_team'
          WHEN month IS NULL THEN 'bad_month' END AS rule
        FROM parsed
        """
    )


def _referral_output(src: Mapping[str, str], labels: Mapping[str, tuple[str, int]]) -> str:
    def has(own: str) -> bool:
        return own in src

    def label(own: str) -> str:
        return labels.get(own, ("tk_nhs({0})", 0))[0]

    age = "CAST(NULL AS INTEGER)"
    if has("age"):
        age = (
            "CASE WHEN tk_number(age_raw) BETWEEN 0 AND 130 "
            "THEN CAST(floor(tk_number(age_raw)) AS INTEGER) END"
        )
    elif has("date_of_birth"):
        # Age in whole years on the referral date; the date of birth itself is not kept.
        age = (
            "CASE WHEN tk_date(date_of_birth_raw) <= referral_date THEN CAST("
            "year(referral_date) - year(tk_date(date_of_birth_raw)) - CASE WHEN "
            "month(referral_date) * 100 + day(referral_date) < "
            "month(tk_date(date_of_birth_raw)) * 100 + day(tk_date(date_of_birth_raw)) "
            "THEN 1 ELSE 0 END AS INTEGER) END"
        )
    imd = (
        "CASE WHEN tk_number(imd_decile_raw) IN (1,2,3,4,5,6,7,8,9,10) "
        "THEN CAST(tk_number(imd_decile_raw) AS INTEGER) END"
    )
    texts = ",\n".join(f"{label(c).format(f'tk_text({c}_raw)')} AS {c}" for c in _REFERRAL_TEXT)
    rejected = "rejection_date IS NOT NULL"
    if has("referral_outcome"):
        rejected += " OR coalesce(lower(trim(referral_outcome_raw)) = 'rejected', false)"
    return f"""
      SELECT _row AS row,
        tk_nhs_id(referral_id) AS referral_id,
        tk_pseudonym(person_id) AS person_id,
        referral_date,
        {texts},
        {label("local_area").format("tk_local_area(local_area_raw)")} AS local_area,
        tk_district(postcode_raw) AS postcode_district,
        {age} AS age,
        {imd if has("imd_decile") else "CAST(NULL AS INTEGER)"} AS imd_decile,
        tk_grouping(thrive_grouping_raw) AS thrive_grouping,
        rejection_date,
        ({rejected}) AS rejected,
        discharge_date,
        {"tk_yes(goals_recorded_raw)" if has("goals_recorded") else "CAST(NULL AS BOOLEAN)"}
          AS goals_recorded,
        {"tk_yes(sdm_recorded_raw)" if has("sdm_recorded") else "CAST(NULL AS BOOLEAN)"}
          AS sdm_recorded
      FROM referrals_checked WHERE rule IS NULL
    """


def _contact_output(src: Mapping[str, str], labels: Mapping[str, tuple[str, int]]) -> str:
    def col(own: str) -> str:
        return _source(src, own) or "CAST(NULL AS VARCHAR)"

    def label(own: str) -> str:
        return labels.get(own, ("tk_nhs({0})", 0))[0].format(own)

    # The kept rows are parsed again as they are written. Rejected rows and ties are few, so
    # both joins are cheap; the stored rows are in no particular order (each keeps its `row`).
    return f"""
      WITH parsed AS (
        SELECT {ROW} AS _row,
          tk_text({col("referral_id")}) AS referral_id,
          tk_date({col("contact_date")}) AS contact_date,
          tk_text({col("contact_id")}) AS contact_id,
          tk_text({col("team")}) AS team,
          tk_attendance({col("attendance")}) AS attendance,
          {col("attendance")} AS attendance_raw,
          tk_number({col("duration_minutes")}) AS duration_minutes,
          tk_text({col("contact_type")}) AS contact_type
        FROM raw_contacts
      )
      SELECT _row AS row,
        tk_nhs_id(referral_id) AS referral_id,
        tk_nhs_id(contact_id) AS contact_id,
        contact_date,
        {label("team")} AS team,
        attendance,
        duration_minutes,
        {label("contact_type")} AS contact_type,
        coalesce(same_day_order, 1) AS same_day_order,
        -- MHSDS code 7 (arrived late, could not be seen) is a DNA, but kept apart so that
        -- the analysis can count it otherwise. Only DNAs are looked at: cheap.
        CASE WHEN attendance = 'dna' THEN regexp_full_match(tk_key(attendance_raw), '0*7( 0+)?')
          ELSE false END AS arrived_late_not_seen
      FROM parsed ANTI JOIN contacts_rejected USING (_row)
      LEFT JOIN contact_ties USING (_row)
    """


def _validation_report(con: duckdb.DuckDBPyConnection, read: Mapping[str, int]) -> dict[str, Any]:
    """Rows read and kept per table, and each rule's count with the first row numbers;
    `{table}_rejected` holds (_row, rule) for every rejected row."""
    report: dict[str, Any] = {}
    rejected: list[dict[str, Any]] = []
    for table, read_n in read.items():
        found = {
            rule: (count, examples)
            for rule, count, examples in con.execute(
                f"SELECT rule, count(*), list(_row ORDER BY _row)[1:{EXAMPLES}] "
                f"FROM {table}_rejected GROUP BY rule"
            ).fetchall()
        }
        report[f"{table}_read"] = read_n
        report[f"{table}_kept"] = read_n - sum(count for count, _ in found.values())
        for rule in RULES[table]:
            count, examples = found.get(rule, (0, []))
            rejected.append(
                {"table": table, "rule": rule, "count": count, "examples": list(examples)}
            )
    report["rejected"] = rejected
    return report


def read_manifest(out_dir: Path | str) -> dict[str, Any]:
    """The manifest an import wrote beside its Parquet files."""
    return json.loads((Path(out_dir) / MANIFEST).read_text(encoding="utf-8"))


def read_tables(con: Any, out_dir: Path | str) -> tuple[Any, Any, Any]:
    """An import's referrals, contacts and capacity (None when it had none) as tables of the
    Ibis backend ``con``."""
    out_dir = Path(out_dir)
    capacity = out_dir / "capacity.parquet"
    return (
        con.read_parquet(out_dir / "referrals.parquet"),
        con.read_parquet(out_dir / "contacts.parquet"),
        con.read_parquet(capacity) if capacity.exists() else None,
    )
