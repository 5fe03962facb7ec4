"""Import: reading, column recognition, parsing, privacy and all-or-nothing behaviour."""

import datetime as dt
import hashlib
import hmac
import subprocess
import sys

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thrivekit.activity import MissingColumnsError, import_extract, read_manifest
from thrivekit.activity.privacy import nhs_number_digits, postcode_district
from thrivekit.activity.reading import sniff_delimiter

from .conftest import AS_OF, KEY, import_csv, stored_rows


def test_no_raw_identifier_is_stored(imported, tmp_path):
    # Given an extract with an NHS number as person id and an unrecognised Notes column
    rows = stored_rows(tmp_path / "store" / "referrals.parquet")
    by_id = {r["referral_id"]: r for r in rows}
    # Then the person id is the HMAC-SHA256 of the NHS number's ten digits
    expected = hmac.new(KEY, b"9434765919", hashlib.sha256).hexdigest()
    assert by_id["R1"]["person_id"] == expected
    assert by_id["R2"]["person_id"] == hmac.new(KEY, b"P2", hashlib.sha256).hexdigest()
    # And no stored value holds the raw number or the dropped column
    stored = (tmp_path / "store" / "referrals.parquet").read_bytes()
    assert b"9434765919" not in stored and b"Caf" not in stored
    assert "notes" not in {c.lower() for c in rows[0]}
    assert read_manifest(tmp_path / "store")["dropped"]["referrals"] == ["Notes"]


def test_nhs_numbers_in_any_kept_column_are_replaced(tmp_path):
    # Given an NHS number typed into the referral source
    import_csv(tmp_path, "referral_id,person_id,referral_date,referral_source\nA,1,2024-01-01,"
            "943 476 5919\nB,2,2024-01-01,9434765918\n")  # fmt: skip
    sources = [r["referral_source"] for r in stored_rows(tmp_path / "store" / "referrals.parquet")]
    # Then a valid one is hashed, and a ten-digit number failing the check is left alone
    assert sources == [hmac.new(KEY, b"9434765919", hashlib.sha256).hexdigest(), "9434765918"]


def test_date_of_birth_becomes_age_and_postcode_becomes_district(tmp_path):
    # Given an XLSX file with real date cells, a date of birth and a full postcode
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Referral ID", "Person ID", "Referral Date", "Date of Birth", "Postcode"])
    when = dt.datetime(2024, 3, 10, 9, 30)  # noqa: DTZ001 - Excel cells have no time zone
    sheet.append(["A", "p1", when, dt.date(2010, 3, 11), "sw1a 1aa"])
    sheet.append(["B", "p2", "11/03/2024", "2010-03-11", "LS1"])
    book.save(tmp_path / "r.xlsx")
    (tmp_path / "c.csv").write_text("referral_id,contact_date\n", encoding="utf-8")
    import_extract(
        referrals=tmp_path / "r.xlsx",
        contacts=tmp_path / "c.csv",
        out_dir=tmp_path / "store",
        key=KEY,
        as_of=AS_OF,
    )
    rows = stored_rows(tmp_path / "store" / "referrals.parquet")
    # Then age is in whole years at referral (one day short of 14, then 14)
    assert [(r["age"], r["postcode_district"]) for r in rows] == [(13, "SW1A"), (14, "LS1")]
    assert "date_of_birth" not in rows[0] and "postcode" not in rows[0]


def test_parquet_input_and_mapping_file(tmp_path):
    # Given a Parquet extract with the provider's own column names and a mapping file
    pq.write_table(
        pa.table({"Ref": ["A", "B"], "Client": ["x", "y"],
                  "Received": [dt.date(2024, 1, 2), dt.date(2024, 1, 3)]}),
        tmp_path / "r.parquet",
    )  # fmt: skip
    pq.write_table(
        pa.table(
            {
                "Ref": ["A"],
                "Seen": [dt.datetime(2024, 1, 9, 10, tzinfo=dt.UTC)],
                "Outcome": ["Attended"],
            }
        ),
        tmp_path / "c.parquet",
    )
    (tmp_path / "map.yaml").write_text(
        "referrals:\n  referral_id: Ref\n  person_id: Client\n  referral_date: Received\n"
        "contacts:\n  referral_id: Ref\n  contact_date: Seen\n  attendance: Outcome\n",
        encoding="utf-8",
    )
    result = import_extract(
        referrals=tmp_path / "r.parquet",
        contacts=tmp_path / "c.parquet",
        out_dir=tmp_path / "store",
        key=KEY,
        as_of=AS_OF,
        mapping=tmp_path / "map.yaml",
    )
    # Then rows are kept, typed, and numbered from 2 as in a spreadsheet
    assert result.validation["referrals_kept"] == 2
    contacts = stored_rows(tmp_path / "store" / "contacts.parquet")
    assert contacts == [
        {"row": 2, "referral_id": "A", "contact_id": None, "contact_date": dt.date(2024, 1, 9),
         "team": None, "attendance": "attended", "duration_minutes": None, "contact_type": None,
         "same_day_order": 1, "arrived_late_not_seen": False}
    ]  # fmt: skip


def test_missing_required_column_changes_nothing(extract, imported, tmp_path):
    # Given a good import already in place
    store = imported
    before = {p.name: p.read_bytes() for p in store.iterdir()}
    # When a second import lacks the referral date
    (tmp_path / "bad.csv").write_text("referral_id,person_id\nA,1\n", encoding="utf-8")
    with pytest.raises(MissingColumnsError, match="referral_date"):
        import_extract(
            referrals=tmp_path / "bad.csv", contacts=extract["contacts"], out_dir=store, key=KEY
        )
    # Then the earlier import is untouched and no scratch folder is left behind
    assert {p.name: p.read_bytes() for p in store.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["bad.csv", "store", *[p.name for p in extract.values()]]
    )


def test_duplicate_contacts_without_contact_id_are_identical_rows(tmp_path):
    # Given contacts without a contact_id column, one row repeated exactly
    result = import_csv(
        tmp_path,
        "referral_id,person_id,referral_date\nA,1,2024-01-01\n",
        "referral_id,contact_date,attendance\nA,2024-01-02,5\nA,2024-01-02,3\nA,2024-01-02,5\n",
    )
    rejected = {(r["rule"]): r for r in result.validation["rejected"]}
    assert rejected["duplicate_contact"]["examples"] == [4]


def test_a_rejected_row_does_not_reserve_its_id(tmp_path):
    # Given an id first used on a row with a bad date, then on a good row
    result = import_csv(
        tmp_path, "referral_id,person_id,referral_date\nA,1,nonsense\nA,2,2024-01-01\n"
    )
    # Then the good row is kept: only earlier *kept* rows make a duplicate
    assert result.validation["referrals_kept"] == 1


def test_windows_1252_far_into_a_file_is_still_read(tmp_path):
    # Given a referrals file that is plain ASCII for its first 100 KB, then has a
    # Windows-1252 character (an e with an acute accent is not valid UTF-8 on its own)
    rows = "".join(f"R{i},P{i},2024-01-01,GP\n" for i in range(4000))
    text = "referral_id,person_id,referral_date,referral_source\n" + rows
    text += "R9999,P9999,2024-01-02,Caf\u00e9\n"
    assert len(text) > 100_000
    (tmp_path / "r.csv").write_bytes(text.encode("cp1252"))
    (tmp_path / "c.csv").write_text("referral_id,contact_date\n", encoding="utf-8")
    # When it is imported
    result = import_extract(
        referrals=tmp_path / "r.csv", contacts=tmp_path / "c.csv", out_dir=tmp_path / "store",
        key=KEY, as_of=AS_OF,
    )  # fmt: skip
    # Then every row is kept and the accented word reads as written
    assert result.validation["referrals_kept"] == 4001
    sources = stored_rows(
        tmp_path / "store" / "referrals.parquet", "SELECT DISTINCT referral_source FROM t"
    )
    assert {r["referral_source"] for r in sources} == {"GP", "Caf\u00e9"}


def test_contacts_on_the_same_day_are_ordered_by_contact_id_then_row(tmp_path):
    # Given three contacts on one day (ids 10, 9 and none) and one the next day
    import_csv(
        tmp_path,
        "referral_id,person_id,referral_date\nA,1,2024-01-01\n",
        "referral_id,contact_id,contact_date\n"
        "A,10,2024-01-05\nA,,2024-01-05\nA,9,2024-01-05\nA,8,2024-01-06\n",
    )
    # Then 9 comes before 10 (numerically, not as text), the contact without an id comes
    # last, and a contact alone on its day is first on that day
    stored = stored_rows(tmp_path / "store" / "contacts.parquet")
    assert [(r["contact_id"], r["same_day_order"]) for r in stored] == [
        ("10", 2), (None, 3), ("9", 1), ("8", 1)
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-31", dt.date(2024, 3, 31)),
        ("2024-03-31 14:05:00", dt.date(2024, 3, 31)),
        ("2024-03-31T14:05", dt.date(2024, 3, 31)),
        ("31/03/2024", dt.date(2024, 3, 31)),
        ("31-03-2024 09:00", dt.date(2024, 3, 31)),
        ("45382", dt.date(2024, 3, 31)),  # an Excel serial date
        ("03/31/2024", None),  # American: not accepted
        ("31/03/24", None),  # two-digit year
        ("30/02/2024", None),
    ],
)
def test_dates(tmp_path, text, expected):
    result = import_csv(tmp_path, f"referral_id,person_id,referral_date\nA,1,{text}\n")
    kept = stored_rows(tmp_path / "store" / "referrals.parquet")
    assert [r["referral_date"] for r in kept] == ([expected] if expected else [])
    assert result.validation["referrals_kept"] == (1 if expected else 0)


@settings(max_examples=25, deadline=None)
@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2024, 3, 31)))
def test_uk_and_iso_dates_agree(tmp_path_factory, day):
    # Given the same date written the ISO way and the UK way, then both read back the same
    tmp = tmp_path_factory.mktemp("d")
    import_csv(
        tmp,
        "referral_id,person_id,referral_date\n"
        f"A,1,{day.isoformat()}\nB,2,{day:%d/%m/%Y}\nC,3,{day:%d-%m-%Y} 10:00\n",
    )
    assert {r["referral_date"] for r in stored_rows(tmp / "store" / "referrals.parquet")} == {day}


def test_attendance_words_and_codes(tmp_path):
    words = ["Attended", "DID NOT ATTEND", "dna", "Cancelled by patient", "cancelled by provider",
             "5", "6", "3", "7", "2", "4", "1", "", "maybe"]  # fmt: skip
    contacts = "referral_id,contact_date,contact_id,attendance\n" + "".join(
        f"A,2024-01-02,{i},{w}\n" for i, w in enumerate(words)
    )
    import_csv(tmp_path, "referral_id,person_id,referral_date\nA,1,2024-01-01\n", contacts)
    got = [r["attendance"] for r in stored_rows(tmp_path / "store" / "contacts.parquet",
                                          "SELECT attendance FROM t ORDER BY row")]  # fmt: skip
    assert got == ["attended", "dna", "dna", "cancelled_by_patient", "cancelled_by_provider",
                   "attended", "attended", "dna", "dna", "cancelled_by_patient",
                   "cancelled_by_provider", "unknown", "unknown", "unknown"]  # fmt: skip


def test_groupings_from_names_and_short_forms(tmp_path):
    names = ["Getting Advice", "Getting Advice and Signposting", "GA", "GMH", "Risk Support",
             "GRS", "getting help", "THRIVING", "Getting More Help", "", "Something else"]  # fmt: skip
    refs = "referral_id,person_id,referral_date,thrive_grouping\n" + "".join(
        f"R{i},p,2024-01-01,{n}\n" for i, n in enumerate(names)
    )
    import_csv(tmp_path, refs)
    got = [r["thrive_grouping"] for r in stored_rows(tmp_path / "store" / "referrals.parquet",
                                               "SELECT thrive_grouping FROM t ORDER BY row")]  # fmt: skip
    assert got == ["Getting Advice and Signposting"] * 3 + [
        "Getting More Help", "Getting Risk Support", "Getting Risk Support", "Getting Help",
        "Thriving", "Getting More Help", "Not recorded", "Not recorded",
    ]  # fmt: skip


def test_delimiters_are_sniffed():
    assert sniff_delimiter("a;b;c\n1;2;3") == ";"
    assert sniff_delimiter("a\tb\n") == "\t"
    assert sniff_delimiter('"x;y",b,c\n') == ","


def test_nhs_number_check_digit():
    assert nhs_number_digits("943 476 5919") == "9434765919"
    assert nhs_number_digits("9434765918") is None
    assert nhs_number_digits("12345") is None
    assert postcode_district("m1 1ae") == "M1"


def test_package_never_imports_django():
    code = (
        "import thrivekit.activity, thrivekit.activity.cli, sys; "
        "assert not any(m.startswith('django') for m in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
