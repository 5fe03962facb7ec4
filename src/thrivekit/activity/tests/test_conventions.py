"""Measures that match published conventions (issue 14), and the counts behind every rate.

People beside referrals, waiting bands in weeks, a second contact on a later day, the contact
types counted and whether code 7 is a DNA. Expected figures are worked out by hand.
"""

import datetime as dt
import json
import re

import duckdb
import pytest
import typer
from typer.testing import CliRunner

from thrivekit.activity import analyse_parquet, measures_sql
from thrivekit.activity.cli import analyse_command, synth_command
from thrivekit.activity.measures import round_half_up

from .conftest import AS_OF, import_csv

app = typer.Typer()
app.command("analyse")(analyse_command)
app.command("synth")(synth_command)  # two commands, as on the main app: "analyse" is named
runner = CliRunner()


def _import(tmp_path, referrals: str, contacts: str, capacity: str | None = None):
    return import_csv(tmp_path, referrals, contacts, capacity).out_dir


def test_people_are_counted_beside_referrals(tmp_path):
    # Given P1 referred twice to team A in January and once to B in February, P2 once to A
    store = _import(
        tmp_path,
        "referral_id,person_id,referral_date,team\n"
        "R1,P1,2024-01-03,A\nR2,P1,2024-01-20,A\nR3,P1,2024-02-01,B\nR4,P2,2024-01-05,A\n",
        "referral_id,contact_date\n",
    )
    # When analysed
    result = analyse_parquet(store)
    # Then referrals count every referral and people count each person once
    assert (result["referrals"]["total"], result["referrals"]["people"]) == (4, 2)
    assert result["referrals"]["by_month"] == [
        {"month": "2024-01", "count": 3, "people": 2},
        {"month": "2024-02", "count": 1, "people": 1},
    ]
    assert [(t["team"], t["referrals"], t["people"]) for t in result["teams"]] == [
        ("A", 3, 2),
        ("B", 1, 1),
    ]


def test_still_waiting_is_banded_by_whole_weeks_half_open(tmp_path):
    # Given open referrals unseen for these many days at the as-of date (31 March 2024),
    # two either side of every band's edge (28, 84, 126 and 364 days)
    days = [0, 27, 28, 83, 84, 125, 126, 363, 364, 400]
    rows = "".join(f"W{d},P{d},{(AS_OF - dt.timedelta(days=d)).isoformat()},\n" for d in days)
    # and one seen and one discharged, who are not waiting
    rows += "SEEN,PS,2024-01-01,\nGONE,PG,2024-01-01,2024-02-01\n"
    store = _import(
        tmp_path,
        "referral_id,person_id,referral_date,discharge_date\n" + rows,
        "referral_id,contact_date,attendance\nSEEN,2024-01-10,5\n",
    )
    # When analysed
    waits = analyse_parquet(store)["waits"]
    # Then each band holds the waits from its lower edge up to, not including, its upper one
    assert waits["still_waiting_bands"] == [
        {"band": "0-4 weeks", "count": 2},  # 0, 27
        {"band": "4-12 weeks", "count": 2},  # 28, 83
        {"band": "12-18 weeks", "count": 2},  # 84, 125
        {"band": "18-52 weeks", "count": 2},  # 126, 363
        {"band": "52+ weeks", "count": 2},  # 364, 400
    ]
    assert waits["still_waiting"] == 10


def test_a_second_contact_on_the_same_day_is_part_of_the_first(tmp_path):
    # Given A seen twice on 5 January and again on 12 January, and B seen twice on 3 January
    store = _import(
        tmp_path,
        "referral_id,person_id,referral_date\nA,1,2024-01-01\nB,2,2024-01-01\n",
        "referral_id,contact_id,contact_date,attendance\n"
        "A,a1,2024-01-05,5\nA,a2,2024-01-05,6\nA,a3,2024-01-12,5\n"
        "B,b1,2024-01-03,5\nB,b2,2024-01-03,5\n",
    )
    # When analysed, with and without the shared steps kept
    for cached in (True, False):
        waits = analyse_parquet(store, cache_shared_steps=cached)["waits"]
        # Then A's second contact is the one on 12 January, and B has none yet
        second = waits["second_contact"]
        assert (second["n"], second["mean"], second["median"]) == (1, 11.0, 11.0)
        assert waits["first_contact"]["n"] == 2


def test_contact_types_choose_the_contacts_counted(tmp_path):
    # Given R seen first by letter (day 2), then face to face (day 9) and by video (day 16),
    # with a face-to-face DNA and a telephone DNA
    store = _import(
        tmp_path,
        "referral_id,person_id,referral_date,team\nR,1,2024-01-01,T\n",
        "referral_id,contact_id,contact_date,attendance,contact_type\n"
        "R,1,2024-01-02,5,Letter\nR,2,2024-01-09,5,Face to face\nR,3,2024-01-16,5,Video\n"
        "R,4,2024-01-20,3,Face to face\nR,5,2024-01-21,3,Telephone\n",
    )
    # When only face-to-face and video contacts are counted
    chosen = analyse_parquet(store, contact_types=["Face to face", "Video"])
    everything = analyse_parquet(store)
    # Then the letter and the telephone DNA count nowhere: not in the contacts, not in waits
    assert chosen["options"] == {
        "contact_types": ["Face to face", "Video"],
        "code_7_counts_as_dna": True,
    }
    assert (chosen["contacts"]["total"], chosen["contacts"]["attended"]) == (3, 2)
    assert (chosen["contacts"]["dna_rate_numerator"], chosen["contacts"]["dna_rate"]) == (
        1,
        0.3333,
    )
    assert chosen["waits"]["first_contact"]["mean"] == 8.0  # face to face on 9 January
    assert chosen["waits"]["second_contact"]["mean"] == 15.0  # video on 16 January
    # And counting everything gives the letter as the first contact
    assert everything["options"]["contact_types"] == "all"
    assert everything["contacts"]["total"] == 5
    assert everything["waits"]["first_contact"]["mean"] == 1.0


def test_code_7_can_be_counted_apart_from_dnas(imported):
    # Given the hand-checked extract: DNAs C2 (code 3), C12 (words) and C11 (code 7, Crisis)
    # When code 7 is not counted as a DNA
    result = analyse_parquet(imported, code_7_counts_as_dna=False)
    # Then C11 leaves the DNAs and the DNA rates, and is counted on its own
    contacts = result["contacts"]
    assert (contacts["dna"], contacts["arrived_late_not_seen"], contacts["total"]) == (2, 1, 10)
    assert (contacts["dna_rate"], contacts["dna_rate_numerator"]) == (0.3333, 2)
    assert contacts["dna_rate_denominator"] == 6
    crisis = next(t for t in result["teams"] if t["team"] == "Crisis")
    assert (crisis["dna_rate"], crisis["dna_rate_numerator"], crisis["dna_rate_denominator"]) == (
        None,
        0,
        0,
    )
    assert result["options"]["code_7_counts_as_dna"] is False
    # And by default it is a DNA
    default = analyse_parquet(imported)
    assert (default["contacts"]["dna"], default["contacts"]["arrived_late_not_seen"]) == (3, 1)
    crisis = next(t for t in default["teams"] if t["team"] == "Crisis")
    assert crisis["dna_rate"] == 1.0


def test_the_command_line_options_reach_the_json(extract, tmp_path):
    # When an analyst counts face-to-face and video contacts only, and code 7 apart
    result = runner.invoke(
        app,
        [
            "analyse", "--referrals", str(extract["referrals"]),
            "--contacts", str(extract["contacts"]), "--as-of", "2024-03-31",
            "--json", str(tmp_path / "a.json"),
            "--contact-types", "Face to face, Video", "--no-code-7-is-dna",
        ],
    )  # fmt: skip
    # Then the JSON says so, and counts accordingly (the extract has no contact types)
    assert result.exit_code == 0, result.output
    analysis = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert analysis["options"] == {
        "contact_types": ["Face to face", "Video"],
        "code_7_counts_as_dna": False,
    }
    assert analysis["contacts"]["total"] == 0


def test_an_empty_contact_types_option_exits_2(extract):
    result = runner.invoke(
        app,
        ["analyse", "--referrals", str(extract["referrals"]), "--contacts",
         str(extract["contacts"]), "--contact-types", " , "],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "--contact-types" in result.output


def test_an_extract_imported_before_code_7_was_kept_says_to_import_again(imported, tmp_path):
    # Given contacts Parquet without the code 7 mark, as imports before it wrote
    path = imported / "contacts.parquet"
    older = tmp_path / "older.parquet"
    duckdb.connect().execute(
        f"COPY (SELECT * EXCLUDE (arrived_late_not_seen) FROM '{path}') TO '{older}'"
    )
    older.replace(path)
    # Then the default analysis still works, not knowing code 7 apart
    assert analyse_parquet(imported)["contacts"]["arrived_late_not_seen"] is None
    # And counting code 7 otherwise asks for the extract to be imported again
    with pytest.raises(ValueError, match="import it again"):
        analyse_parquet(imported, code_7_counts_as_dna=False)


def test_capacity_bottlenecks_carry_hours_used_and_available(tmp_path):
    # Given team T with 2 clinical hours in March and 150 minutes of attended contacts
    store = _import(
        tmp_path,
        "referral_id,person_id,referral_date,team\nR,1,2024-03-01,T\n",
        "referral_id,contact_date,attendance,duration_minutes\n"
        "R,2024-03-02,5,60\nR,2024-03-09,5,60\nR,2024-03-16,5,30\n",
        "team,month,clinical_hours\nT,2024-03,2\n",
    )
    # When analysed
    (entry,) = analyse_parquet(store)["bottlenecks"]
    # Then the entry's figures are the sentence's
    assert (entry["reason"], entry["value"]) == ("capacity_hours", 125.0)
    assert (entry["used"], entry["available"], entry["months"]) == (2.5, 2.0, 1)
    assert entry["detail"] == (
        "Attended contacts used 125.0% of the recorded clinical hours over 1 month(s) (limit 85%)."
    )


@pytest.fixture(scope="module")
def synthetic(synthetic_store):
    return synthetic_store, analyse_parquet(synthetic_store)


def test_every_rate_is_its_numerator_over_its_denominator(synthetic):
    _store, a = synthetic

    def rate(part, whole):
        return round_half_up(part / whole, 4) if whole else None

    def pct(part, whole):
        return round_half_up(100 * part / whole, 1) if whole else None

    # Then every rate and percentage can be rebuilt from the counts beside it
    c = a["contacts"]
    assert c["dna_rate"] == rate(c["dna_rate_numerator"], c["dna_rate_denominator"])
    assert (c["dna_rate_numerator"], c["dna_rate_denominator"]) == (
        c["dna"],
        c["attended"] + c["dna"],
    )
    for name in ("first_contact", "second_contact"):
        w = a["waits"][name]
        assert w["within_28_days_pct_denominator"] == w["n"] > 0
        assert w["within_28_days_pct"] == pct(
            w["within_28_days_pct_numerator"], w["within_28_days_pct_denominator"]
        )
    for g in a["grouping_mix"]:
        for name in ("referrals_pct", "attended_contacts_pct"):
            expected = pct(g[f"{name}_numerator"], g[f"{name}_denominator"])
            assert g[name] == (0.0 if expected is None else expected)
    assert (
        sum(g["referrals_pct_numerator"] for g in a["grouping_mix"])
        == (a["grouping_mix"][0]["referrals_pct_denominator"])
    )
    for name in ("grouping_recorded", "ending_reason_recorded", "goals_recorded"):
        e = a["evidence"]
        assert e[f"{name}_pct"] == pct(e[f"{name}_pct_numerator"], e[f"{name}_pct_denominator"])
    for team in a["teams"]:
        assert team["dna_rate"] == rate(team["dna_rate_numerator"], team["dna_rate_denominator"])
    # And the teams' waits add up to all the first-contact waits
    assert sum(t["first_contact_waits_n"] for t in a["teams"]) == a["waits"]["first_contact"]["n"]
    assert (
        sum(b["count"] for b in a["waits"]["still_waiting_bands"]) == (a["waits"]["still_waiting"])
    )
    assert 0 < a["referrals"]["people"] <= a["referrals"]["total"]


def test_bottleneck_sentences_are_made_of_their_figures(synthetic):
    _store, a = synthetic
    assert a["bottlenecks"], "the synthetic extract has bottlenecks"
    for entry in a["bottlenecks"]:
        if entry["reason"] == "waiting_list_growth":
            assert f"from {entry['then']} to {entry['now']} in six months" in entry["detail"]
        else:
            assert f"over {entry['months']} month(s)" in entry["detail"]
            assert entry["value"] == round_half_up(100 * entry["used"] / entry["available"], 1)


def test_the_sql_export_counts_what_the_options_say(synthetic):
    # Given the synthetic Parquet loaded as tables in DuckDB
    store, everything = synthetic
    con = duckdb.connect()
    for table in ("referrals", "contacts", "capacity"):
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM '{store / table}.parquet'")
    # When the exported contacts query runs with video contacts only and code 7 apart
    script = measures_sql(
        "duckdb",
        as_of=dt.date(2024, 12, 31),
        contact_types=["Video"],
        code_7_counts_as_dna=False,
    )
    query = re.search(r"-- measure: contacts\n(.*?);\n", script, re.S).group(1)
    total, dna = con.execute(f"SELECT total, dna FROM ({query})").fetchone()
    # Then it counts what the analysis with the same options counts
    a = analyse_parquet(store, contact_types=["Video"], code_7_counts_as_dna=False)
    assert (total, dna) == (a["contacts"]["total"], a["contacts"]["dna"])
    assert 0 < total < everything["contacts"]["total"]
    assert '"code_7_counts_as_dna": false' in script
