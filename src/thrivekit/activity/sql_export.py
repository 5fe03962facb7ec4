"""`thrivekit analyse --sql DIALECT`: the SQL of every measure, to run in your own warehouse."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

import ibis

from .measures import build_measures, counting_options

# Our names for the dialects -> Ibis compiler names.
DIALECTS = {"duckdb": "duckdb", "spark": "pyspark", "postgres": "postgres", "tsql": "mssql"}

# The typed tables an import writes; in a warehouse, load the Parquet into tables of these names.
REFERRALS_SCHEMA = {
    "row": "int64",
    "referral_id": "string",
    "person_id": "string",
    "referral_date": "date",
    "referral_source": "string",
    "team": "string",
    "gender": "string",
    "ethnicity": "string",
    "referral_outcome": "string",
    "ending_reason": "string",
    "local_area": "string",
    "postcode_district": "string",
    "age": "int32",
    "imd_decile": "int32",
    "thrive_grouping": "string",
    "rejection_date": "date",
    "rejected": "boolean",
    "discharge_date": "date",
    "goals_recorded": "boolean",
    "sdm_recorded": "boolean",
}
CONTACTS_SCHEMA = {
    "row": "int64",
    "referral_id": "string",
    "contact_id": "string",
    "contact_date": "date",
    "team": "string",
    "attendance": "string",
    "duration_minutes": "float64",
    "contact_type": "string",
    "same_day_order": "int32",
    "arrived_late_not_seen": "boolean",
}
CAPACITY_SCHEMA = {
    "row": "int64",
    "team": "string",
    "month": "string",
    "clinical_hours": "float64",
    "appointments_available": "float64",
}


def measures_sql(
    dialect: str,
    *,
    as_of: dt.date,
    with_capacity: bool = True,
    contact_types: Sequence[str] | None = None,
    code_7_counts_as_dna: bool = True,
) -> str:
    """One SQL script with a labelled query per measure, for tables named referrals,
    contacts and capacity with the columns of the imported Parquet files; `contact_types`
    and `code_7_counts_as_dna` as for `analyse_tables`."""
    if dialect not in DIALECTS:
        raise ValueError(f"Unknown SQL dialect {dialect!r}; use {', '.join(DIALECTS)}.")
    if dialect == "spark" and ibis.options.pyspark is None:
        # The Spark compiler reads one option that only the PySpark backend registers.
        class _SparkOptions(ibis.config.Config):
            treat_nan_as_null: bool = False

        ibis.options.pyspark = _SparkOptions()
    referrals = ibis.table(REFERRALS_SCHEMA, name="referrals")
    contacts = ibis.table(CONTACTS_SCHEMA, name="contacts")
    capacity = ibis.table(CAPACITY_SCHEMA, name="capacity") if with_capacity else None
    measures = build_measures(
        referrals,
        contacts,
        capacity,
        as_of=as_of,
        contact_types=contact_types,
        code_7_counts_as_dna=code_7_counts_as_dna,
    )
    options = counting_options(contact_types, code_7_counts_as_dna)
    parts = [
        f"-- thrivekit activity measures, {dialect} dialect, as of {as_of.isoformat()}.",
        "-- Tables: referrals, contacts, capacity, with the columns of the imported Parquet.",
        "-- Months are numbered year * 12 + month - 1; rates and percentages are fractions.",
        f"-- Options: {json.dumps(options, ensure_ascii=False)}.",
    ]
    for name, expr in measures.items():
        try:
            sql = ibis.to_sql(expr, dialect=DIALECTS[dialect])
        except Exception as error:  # an operation this dialect lacks: say so, keep going
            parts.append(f"\n-- measure: {name}\n-- not expressible in {dialect}: {error}\n")
            continue
        parts.append(f"\n-- measure: {name}\n{str(sql).strip()};\n")
    return "\n".join(parts)
