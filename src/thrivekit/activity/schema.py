"""The columns thrivekit recognises in activity extracts, and how other names are mapped."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from thrivekit.inputs.yaml import load_yaml

TABLES = ("referrals", "contacts", "capacity")

# Own names, in the order they are written to Parquet. Required columns first.
COLUMNS: dict[str, tuple[str, ...]] = {
    "referrals": (
        "referral_id",
        "person_id",
        "referral_date",
        "referral_source",
        "team",
        "local_area",
        "postcode",
        "age",
        "date_of_birth",
        "gender",
        "ethnicity",
        "imd_decile",
        "thrive_grouping",
        "rejection_date",
        "referral_outcome",
        "discharge_date",
        "ending_reason",
        "goals_recorded",
        "sdm_recorded",
    ),
    "contacts": (
        "referral_id",
        "contact_date",
        "contact_id",
        "team",
        "attendance",
        "duration_minutes",
        "contact_type",
    ),
    "capacity": ("team", "month", "clinical_hours", "appointments_available"),
}

REQUIRED: dict[str, tuple[str, ...]] = {
    "referrals": ("referral_id", "person_id", "referral_date"),
    "contacts": ("referral_id", "contact_date"),
    "capacity": ("team", "month"),
}

# MHSDS (Mental Health Services Data Set) names recognised without a mapping file.
MHSDS_NAMES: dict[str, dict[str, str]] = {
    "referrals": {
        "uniqservreqid": "referral_id",
        "person_id": "person_id",
        "referralrequestreceiveddate": "referral_date",
        "sourceofreferralmh": "referral_source",
        "servteamtypereftomh": "team",
        "servdischdate": "discharge_date",
        "referclosreason": "ending_reason",
        "referrejectiondate": "rejection_date",
        "ageservreferrecdate": "age",
    },
    "contacts": {
        "uniqservreqid": "referral_id",
        "carecontactid": "contact_id",
        "carecontdate": "contact_date",
        "attendordnacode": "attendance",
        "clincontdurofcarecont": "duration_minutes",
        "servteamtypereftomh": "team",
    },
    "capacity": {"servteamtypereftomh": "team"},
}


class MissingColumnsError(ValueError):
    """A required column was not found in an input table."""

    def __init__(self, table: str, missing: list[str], found: list[str]) -> None:
        self.table = table
        self.missing = missing
        self.found = found
        super().__init__(
            f"The {table} file has no column for: {', '.join(missing)}. "
            f"Columns found: {', '.join(found) or '(none)'}. "
            "Rename the columns, or map them with a mapping file (--mapping)."
        )


@dataclass(frozen=True)
class ColumnMatch:
    """Which source column feeds each recognised column; the rest are dropped."""

    table: str
    source_for: dict[str, str]  # own name -> column name in the file
    dropped: list[str]


def _key(name: str) -> str:
    # "Referral Date", "referral-date" and "REFERRAL_DATE" all mean referral_date.
    return re.sub(r"[\s\-]+", "_", name.strip().lstrip("\ufeff")).lower()


def load_mapping(source: Path | str | Mapping | None) -> dict[str, dict[str, str]]:
    """Read a mapping file: for each table, own column name -> the name used in the file.

    ```yaml
    referrals:
      referral_id: Referral Ref
      referral_date: Date Received
    contacts:
      contact_date: Appointment Date
    ```
    """
    if source is None:
        return {}
    if isinstance(source, Mapping):
        data = source
    else:
        data = load_yaml(Path(source).read_text(encoding="utf-8")) or {}
    if not isinstance(data, Mapping):
        raise ValueError("A mapping file must be a YAML mapping of table names to column maps.")
    mapping: dict[str, dict[str, str]] = {}
    for table, columns in data.items():
        if table not in TABLES:
            raise ValueError(f"Unknown table {table!r} in mapping file; use {', '.join(TABLES)}.")
        if not isinstance(columns, Mapping):
            raise ValueError(f"The {table} entry of the mapping file must map columns.")
        for own, theirs in columns.items():
            if own not in COLUMNS[table]:
                raise ValueError(
                    f"Unknown {table} column {own!r} in mapping file; "
                    f"use one of {', '.join(COLUMNS[table])}."
                )
            mapping.setdefault(table, {})[own] = str(theirs)
    return mapping


def match_columns(
    table: str, names: Iterable[str], mapping: Mapping[str, Mapping[str, str]] | None = None
) -> ColumnMatch:
    """Recognise a file's columns: mapping file first, then own names, then MHSDS names."""
    names = list(names)
    by_key: dict[str, str] = {}
    for name in names:
        by_key.setdefault(_key(name), name)
    source_for: dict[str, str] = {}
    for own, theirs in ((mapping or {}).get(table) or {}).items():
        if _key(theirs) in by_key:
            source_for[own] = by_key[_key(theirs)]
    used = set(source_for.values())
    for own in COLUMNS[table]:
        if own not in source_for and own in by_key and by_key[own] not in used:
            source_for[own] = by_key[own]
            used.add(by_key[own])
    for mhsds, own in MHSDS_NAMES[table].items():
        if own not in source_for and mhsds in by_key and by_key[mhsds] not in used:
            source_for[own] = by_key[mhsds]
            used.add(by_key[mhsds])
    missing = [own for own in REQUIRED[table] if own not in source_for]
    if table == "capacity" and not missing:
        if "clinical_hours" not in source_for and "appointments_available" not in source_for:
            missing = ["clinical_hours or appointments_available"]
    if missing:
        raise MissingColumnsError(table, missing, names)
    dropped = [name for name in names if name not in used]
    ordered = {own: source_for[own] for own in COLUMNS[table] if own in source_for}
    return ColumnMatch(table=table, source_for=ordered, dropped=dropped)
