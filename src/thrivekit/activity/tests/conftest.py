import datetime as dt
from pathlib import Path

import duckdb
import pytest

from thrivekit.activity import import_extract, write_extract

KEY = b"test-key-for-pseudonyms-32-bytes"
AS_OF = dt.date(2024, 3, 31)

# MHSDS column names, UK dates, semicolons and Windows-1252 (é, the curly apostrophe).
REFERRALS = (
    "UniqServReqID;Person_ID;ReferralRequestReceivedDate;SourceOfReferralMH;"
    "ServTeamTypeRefToMH;ServDischDate;ReferClosReason;ReferRejectionDate;thrive_grouping;"
    "goals_recorded;Notes\n"
    "R1;943 476 5919;05/01/2024;GP;Core;01/03/2024;Completed;;GH;yes;Café visit\n"  # 2
    "R2;P2;2024-01-31;School;SPA;;;;gmh;no;\n"  # 3
    ";P3;2024-01-01;;;;;;;;\n"  # 4 missing_id
    "R4;P4;2024-13-01;;;;;;;;\n"  # 5 bad_referral_date
    "R5;P5;2030-01-01;;;;;;;;\n"  # 6 future_date
    "R6;P6;01/02/2024;;;15/01/2024;;;;;\n"  # 7 discharge_before_referral
    "R1;P7;2024-02-01;;;;;;;;\n"  # 8 duplicate_id
    "R8;P8;2024-02-15;Self;Crisis;;;2024-02-20;;;\n"  # 9 rejected by the service
    "R9;P9;2024-03-10 09:30;Parent\u2019s choice;Core;;;;Risk Support;Y;\n"  # 10
)
# MHSDS names and attendance codes, UTF-8 with a byte-order mark, commas.
CONTACTS = (
    "UniqServReqID,CareContactId,CareContDate,AttendOrDNACode,team\n"
    "R1,C1,10/01/2024,5,Core\n"  # 2 attended
    "R1,C2,20/01/2024,3,Core\n"  # 3 DNA
    "R1,C3,25/01/2024,6,SPA\n"  # 4 attended
    "RX,C4,25/01/2024,5,SPA\n"  # 5 unknown_referral
    "R2,C5,not a date,5,\n"  # 6 bad_contact_date
    "R2,C6,2030-01-01,5,\n"  # 7 future_date
    "R2,C7,2024-01-01,5,\n"  # 8 contact_before_referral
    "R2,C8,2024-02-10,Attended,SPA\n"  # 9 attended
    "R2,C8,2024-02-11,5,SPA\n"  # 10 duplicate_contact
    "R2,C9,2024-02-12,cancelled by patient,SPA\n"  # 11
    "R2,C10,2024-02-12,4,Core\n"  # 12 cancelled by provider
    "R8,C11,2024-02-16,7,Crisis\n"  # 13 DNA (rejected referral)
    "R2,C12,2024-03-01,did not attend,Core\n"  # 14 DNA
    "R2,C13,2024-03-05,6,Core\n"  # 15 attended
    "R4,C14,2024-03-05,5,Core\n"  # 16 unknown_referral (R4 was rejected)
    "R2,C15,2024-03-06,9,Core\n"  # 17 unknown attendance
)
CAPACITY = (
    "team\tmonth\tappointments_available\n"
    "Core\t2024-03\t1\n"  # 2
    "SPA\t2024-02\t10\n"  # 3
    "SPA\tMarch\t5\n"  # 4 bad_month
    "\t2024-01\t3\n"  # 5 missing_team
)


@pytest.fixture
def extract(tmp_path: Path) -> dict[str, Path]:
    """The hand-checked extract: every validation rule, MHSDS names and codes, UK dates,
    Windows-1252 and a UTF-8 byte-order mark."""
    paths = {
        "referrals": tmp_path / "referrals.csv",
        "contacts": tmp_path / "contacts.csv",
        "capacity": tmp_path / "capacity.tsv",
    }
    paths["referrals"].write_bytes(REFERRALS.encode("cp1252"))
    paths["contacts"].write_bytes(CONTACTS.encode("utf-8-sig"))
    paths["capacity"].write_text(CAPACITY, encoding="utf-8")
    return paths


@pytest.fixture
def imported(extract: dict[str, Path], tmp_path: Path) -> Path:
    """The hand-checked referrals and contacts imported into `tmp_path / "store"`, as of
    AS_OF."""
    store = tmp_path / "store"
    import_extract(
        referrals=extract["referrals"],
        contacts=extract["contacts"],
        out_dir=store,
        key=KEY,
        as_of=AS_OF,
    )
    return store


@pytest.fixture(scope="session")
def synthetic_store(tmp_path_factory) -> Path:
    """A synthetic extract (3,000 referrals with moves between teams, dirty rows, capacity
    and open cases) imported as of the end of 2024. Shared: read it, never change it."""
    folder = tmp_path_factory.mktemp("synthetic")
    paths = write_extract(folder / "raw", referrals=3000, seed=5, contacts_per_referral=8)
    import_extract(
        referrals=paths["referrals"],
        contacts=paths["contacts"],
        capacity=paths["capacity"],
        out_dir=folder / "store",
        key=KEY,
        as_of=dt.date(2024, 12, 31),
    )
    return folder / "store"


def import_csv(
    folder: Path,
    referrals: str,
    contacts: str = "referral_id,contact_date\n",
    capacity: str | None = None,
    **options,
):
    """Write the CSV texts into `folder` and import them into `folder / "store"` with the
    test key, as of AS_OF unless `options` say otherwise (`as_of=None` derives it)."""
    (folder / "r.csv").write_text(referrals, encoding="utf-8")
    (folder / "c.csv").write_text(contacts, encoding="utf-8")
    if capacity is not None:
        (folder / "k.csv").write_text(capacity, encoding="utf-8")
    options.setdefault("as_of", AS_OF)
    return import_extract(
        referrals=folder / "r.csv",
        contacts=folder / "c.csv",
        capacity=folder / "k.csv" if capacity is not None else None,
        out_dir=folder / "store",
        key=KEY,
        **options,
    )


def stored_rows(path: Path, sql: str = "SELECT * FROM t ORDER BY row") -> list[dict]:
    """The rows of a stored Parquet file as dicts (`sql` reads it as view `t`)."""
    con = duckdb.connect()
    con.execute(f"CREATE VIEW t AS SELECT * FROM read_parquet('{path}')")
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
