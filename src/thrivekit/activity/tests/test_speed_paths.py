"""The second round of speed-ups changes no figure, row number or stored value."""

import datetime as dt

import duckdb
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thrivekit.activity import analyse_parquet, import_extract
from thrivekit.activity.importing import _MACROS
from thrivekit.activity.privacy import NHS_SHAPE_SQL, PLAIN_NHS_SQL

from .conftest import KEY


@pytest.fixture(scope="module")
def marked():
    # tk_nhs with a pseudonymiser that marks what it was given, to see which values it got
    con = duckdb.connect()
    con.create_function(
        "tk_nhs_udf",
        lambda values: pa.array([None if v is None else "#" + v for v in values.to_pylist()]),
        ["VARCHAR"],
        "VARCHAR",
        type="arrow",
    )
    con.execute(_MACROS)
    con.execute(PLAIN_NHS_SQL)
    return con


nhs_like = st.one_of(
    st.from_regex(r"\s{0,2}\d{3}[ -]?\d{3}[ -]?\d{4}\s{0,2}", fullmatch=True),
    st.text(st.sampled_from("0123456789 -\t\n\r\x0b\x0cAZ"), max_size=16),
    st.text(max_size=16),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(nhs_like, min_size=1, max_size=30))
def test_the_nhs_number_shortcut_picks_what_the_pattern_picks(marked, values):
    # Given any text, when tk_nhs skips values that cannot be NHS numbers before the
    # regular expression, then exactly the values matching the pattern are pseudonymised
    rows = marked.execute(
        f"SELECT v, tk_nhs(v), CASE WHEN regexp_full_match(v, '{NHS_SHAPE_SQL}') "
        "THEN '#' || v ELSE v END FROM unnest(?) AS t(v)",
        [values],
    ).fetchall()
    for value, fast, full in rows:
        assert fast == full, repr(value)


def test_running_the_sql_directly_on_duckdb_gives_the_same_analysis(synthetic_store):
    # Given a synthetic extract with moves between teams, dirty rows, capacity and open cases
    # When the measures run through Ibis's own execution, and directly on the connection
    through_ibis = analyse_parquet(synthetic_store, direct_duckdb=False, cache_shared_steps=False)
    direct = analyse_parquet(synthetic_store)
    # Then the documents are identical, down to the types of the numbers
    assert direct == through_ibis
    assert repr(direct) == repr(through_ibis)
    assert direct["bottlenecks"] is not None and direct["process"]["directly_follows"]


def test_stored_files_are_only_the_pseudonymised_ones(synthetic_store):
    # Then the scratch copies of the raw files were removed before the folder was kept
    assert sorted(p.name for p in synthetic_store.iterdir()) == [
        "capacity.parquet",
        "contacts.parquet",
        "import.json",
        "referrals.parquet",
    ]


def test_row_numbers_are_the_spreadsheet_rows_in_a_large_file(tmp_path):
    # Given files long enough to be read in many parallel pieces, each row naming its own
    # spreadsheet row, with a bad date every 100,000 rows and a quoted line break
    n = 300_000  # more than two Parquet row groups
    refs = ["referral_id,person_id,referral_date,notes"]
    contacts = ["contact_id,referral_id,contact_date"]
    for i in range(n):
        row = i + 2
        day = "not a date" if row % 100_000 == 0 else "2024-01-01"
        note = '"two\nlines"' if row == 7 else "x"
        refs.append(f"R{row},P{row},{day},{note}")
        contacts.append(f"C{row},R{row},{'bad' if row % 100_000 == 1 else '2024-01-02'}")
    (tmp_path / "r.csv").write_text("\n".join(refs) + "\n", encoding="utf-8")
    (tmp_path / "c.csv").write_text("\n".join(contacts) + "\n", encoding="utf-8")
    # When imported
    result = import_extract(
        referrals=tmp_path / "r.csv",
        contacts=tmp_path / "c.csv",
        out_dir=tmp_path / "store",
        key=KEY,
        as_of=dt.date(2024, 3, 31),
    )
    # Then every stored row number is the row the value came from
    con = duckdb.connect()
    for table, prefix in (("referrals", "R"), ("contacts", "C")):
        column = "referral_id" if table == "referrals" else "contact_id"
        wrong, kept = con.execute(
            f"SELECT count(*) FILTER (WHERE {column} <> '{prefix}' || row), count(*) "
            f"FROM '{tmp_path / 'store' / f'{table}.parquet'}'"
        ).fetchone()
        assert wrong == 0 and kept > n * 0.9
    # And the rejected rows are reported by their spreadsheet row numbers
    rejected = {(r["table"], r["rule"]): r["examples"] for r in result.validation["rejected"]}
    assert rejected[("referrals", "bad_referral_date")] == [100_000, 200_000, 300_000]
    assert rejected[("contacts", "unknown_referral")] == [100_000, 200_000, 300_000]
    assert rejected[("contacts", "bad_contact_date")] == [100_001, 200_001, 300_001]
