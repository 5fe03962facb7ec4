"""The shortcuts that make import and analysis fast give exactly what the full rules give."""

import datetime as dt

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thrivekit.activity import analyse_parquet, import_extract, write_extract
from thrivekit.activity.importing import _COMMON_VALUES, _MACROS, _common_value_macros
from thrivekit.activity.privacy import install_pseudonyms, pseudonym

from .conftest import AS_OF, KEY


@pytest.fixture(scope="module")
def sql():
    con = duckdb.connect()
    install_pseudonyms(con, KEY)
    con.execute(_MACROS)
    _common_value_macros(con)
    return con


def _both(con, fast: str, full: str, values: list[str | None]) -> list[tuple]:
    return con.execute(
        f"SELECT v, {fast}(v), {full}(v) FROM unnest(?) AS t(v)", [values]
    ).fetchall()


digit = st.sampled_from("0123456789")
date_like = st.one_of(
    # ISO and UK shapes, valid or not (month 13, 30 February, day 00) ...
    st.builds(
        "{}-{}-{}".format,
        st.text(digit, min_size=4, max_size=4),
        st.text(digit, min_size=2, max_size=2),
        st.text(digit, min_size=2, max_size=2),
    ),
    st.builds(
        "{}/{}/{}".format,
        st.text(digit, min_size=2, max_size=2),
        st.text(digit, min_size=2, max_size=2),
        st.text(digit, min_size=4, max_size=4),
    ),
    # ... and anything near them, which takes the full rules.
    st.text(st.sampled_from("0123456789-/: .TZ+"), max_size=22),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(date_like, min_size=1, max_size=40))
def test_fast_date_parsing_equals_the_full_rules(sql, values):
    # Given any date-like text, when parsed with the shortcut, then the date is the same
    for value, fast, full in _both(sql, "tk_date", "tk_date_any", values):
        assert fast == full, value


@pytest.mark.parametrize("macro", sorted(_COMMON_VALUES))
@settings(max_examples=50, deadline=None)
@given(extra=st.lists(st.text(max_size=12), max_size=10))
def test_looked_up_values_equal_the_full_rules(sql, macro, extra):
    # Given the common values and any others, then the lookup agrees with the full rules
    values = [*_COMMON_VALUES[macro], None, *extra]
    for value, fast, full in _both(sql, macro, f"{macro}_any", values):
        assert fast == full, value


nhs_like = st.one_of(
    st.builds(
        "{}{}{}{}{}".format,
        st.text(digit, min_size=3, max_size=3),
        st.sampled_from(["", " ", "-"]),
        st.text(digit, min_size=3, max_size=3),
        st.sampled_from(["", " ", "-", "  "]),
        st.text(digit, min_size=4, max_size=4),
    ),
    st.sampled_from(["943 476 5919", " 9434765919", "9434765919\t", "\u0669" * 10, "P2"]),
    st.text(max_size=14),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(nhs_like, min_size=1, max_size=30))
def test_pseudonyms_in_sql_equal_pseudonym(sql, values):
    # Given person ids of every shape, when pseudonymised in SQL as the import does
    got = sql.execute("SELECT tk_pseudonym(v) FROM unnest(?) AS t(v)", [values]).fetchall()
    # Then every pseudonym is the one `pseudonym` gives for that id
    assert [g for (g,) in got] == [pseudonym(KEY, v) for v in values]


def _import(extract, store, **kw):
    import_extract(
        referrals=extract["referrals"],
        contacts=extract["contacts"],
        capacity=extract["capacity"],
        out_dir=store,
        key=KEY,
        **kw,
    )


def test_cached_shared_steps_give_the_same_analysis(extract, tmp_path):
    # Given the hand-checked extract
    _import(extract, tmp_path / "store", as_of=AS_OF)
    # When the measures run as self-contained queries (as on Spark or in --sql) and with
    # shared steps computed once (DuckDB's default)
    plain = analyse_parquet(tmp_path / "store", cache_shared_steps=False)
    cached = analyse_parquet(tmp_path / "store")
    # Then the documents are identical
    assert cached == plain


def test_cached_shared_steps_agree_on_a_synthetic_extract(tmp_path):
    # Given a synthetic extract with moves between teams, dirty rows and open cases
    paths = write_extract(tmp_path / "x", referrals=3000, seed=11, contacts_per_referral=8)
    _import(paths, tmp_path / "store", as_of=dt.date(2024, 12, 31))
    plain = analyse_parquet(tmp_path / "store", cache_shared_steps=False)
    cached = analyse_parquet(tmp_path / "store")
    # Then every figure agrees, and there is something to agree about
    assert cached == plain
    assert plain["process"]["variants"] and plain["teams"] and plain["waits"]["first_contact"]["n"]
