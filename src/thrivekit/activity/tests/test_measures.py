"""The analysis of the hand-checked extract in conftest.py, figure by figure.

Every expected number below was worked out by hand from the rows in conftest.py.
"""

import datetime as dt

import duckdb
import ibis
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thrivekit.activity import analyse_parquet, import_extract
from thrivekit.activity.measures import linear_quantiles, months_back, round_half_up

from .conftest import AS_OF, KEY, import_csv


@pytest.fixture
def analysis(extract, tmp_path):
    import_extract(
        referrals=extract["referrals"],
        contacts=extract["contacts"],
        capacity=extract["capacity"],
        out_dir=tmp_path / "store",
        key=KEY,
        as_of=AS_OF,
    )
    return analyse_parquet(tmp_path / "store")


def test_document_header(analysis):
    assert analysis["schema"] == "thrivekit.analysis/1"
    assert analysis["as_of"] == "2024-03-31"
    # Every contact counted, and code 7 as a DNA, unless the analyst chose otherwise
    assert analysis["options"] == {"contact_types": "all", "code_7_counts_as_dna": True}


def test_validation_report_counts_every_rule_with_row_numbers(analysis):
    # Given rows that each break one rule, then each is reported under the first it breaks.
    v = analysis["validation"]
    assert (v["referrals_read"], v["referrals_kept"]) == (9, 4)
    assert (v["contacts_read"], v["contacts_kept"]) == (16, 10)
    assert [(r["table"], r["rule"], r["count"], r["examples"]) for r in v["rejected"]] == [
        ("referrals", "missing_id", 1, [4]),
        ("referrals", "bad_referral_date", 1, [5]),
        ("referrals", "future_date", 1, [6]),
        ("referrals", "discharge_before_referral", 1, [7]),
        ("referrals", "duplicate_id", 1, [8]),
        ("contacts", "unknown_referral", 2, [5, 16]),
        ("contacts", "bad_contact_date", 1, [6]),
        ("contacts", "future_date", 1, [7]),
        ("contacts", "contact_before_referral", 1, [8]),
        ("contacts", "duplicate_contact", 1, [10]),
        ("capacity", "missing_team", 1, [5]),
        ("capacity", "bad_month", 1, [4]),
    ]


def test_demand(analysis):
    # Then the rejected referral R8 still counts in the totals, months and sources.
    assert analysis["referrals"] == {
        "total": 4,
        "rejected": 1,
        "people": 4,
        "by_month": [
            {"month": "2024-01", "count": 2, "people": 2},
            {"month": "2024-02", "count": 1, "people": 1},
            {"month": "2024-03", "count": 1, "people": 1},
        ],
        "by_source": [
            {"source": "GP", "count": 1},
            {"source": "Parent\u2019s choice", "count": 1},  # decoded from Windows-1252
            {"source": "School", "count": 1},
            {"source": "Self", "count": 1},
        ],
    }


def test_contacts_and_dna_rate(analysis):
    assert analysis["contacts"] == {
        "total": 10,
        "attended": 4,
        "dna": 3,
        "cancelled_by_patient": 1,
        "cancelled_by_provider": 1,
        "unknown": 1,
        "dna_rate": 0.4286,  # 3 / (4 + 3)
        "dna_rate_numerator": 3,
        "dna_rate_denominator": 7,
        "arrived_late_not_seen": 1,  # C11, code 7, one of the 3 DNAs
    }


def test_waits(analysis):
    # R1 first seen after 5 days, R2 after 10; second contacts after 20 and 34 days.
    assert analysis["waits"] == {
        "first_contact": {
            "n": 2,
            "mean": 7.5,
            "median": 7.5,
            "p90": 9.5,
            "within_28_days_pct": 100.0,
            "within_28_days_pct_numerator": 2,
            "within_28_days_pct_denominator": 2,
        },
        "second_contact": {
            "n": 2,
            "mean": 27.0,
            "median": 27.0,
            "p90": 32.6,
            "within_28_days_pct": 50.0,
            "within_28_days_pct_numerator": 1,  # R1 after 20 days; R2 after 34
            "within_28_days_pct_denominator": 2,
        },
        "still_waiting": 1,  # R9
        "still_waiting_bands": [
            {"band": "0-4 weeks", "count": 1},  # R9, referred 21 days before the as-of date
            {"band": "4-12 weeks", "count": 0},
            {"band": "12-18 weeks", "count": 0},
            {"band": "18-52 weeks", "count": 0},
            {"band": "52+ weeks", "count": 0},
        ],
    }


def test_contacts_per_referral(analysis):
    cpr = analysis["contacts_per_referral"]
    assert cpr["closed_referrals"] == 1  # R1, discharged 1 March
    assert len(cpr["distribution"]) == 21
    assert cpr["distribution"][-1] == {"contacts": "20+", "count": 0}
    assert [d for d in cpr["distribution"] if d["count"]] == [{"contacts": "2", "count": 1}]
    assert (cpr["mean"], cpr["median"], cpr["mode"]) == (2.0, 2.0, 2)


def test_monthly(analysis):
    assert analysis["monthly"] == [
        {"month": "2024-01", "referrals": 2, "attended_contacts": 2, "open_referrals": 2,
         "waiting_list": 1},
        {"month": "2024-02", "referrals": 1, "attended_contacts": 1, "open_referrals": 2,
         "waiting_list": 0},
        {"month": "2024-03", "referrals": 1, "attended_contacts": 1, "open_referrals": 2,
         "waiting_list": 1},
    ]  # fmt: skip


def test_team_flows(analysis):
    assert analysis["team_flows"] == [
        {"from": "Core", "to": "SPA", "count": 1},
        {"from": "SPA", "to": "Core", "count": 1},
    ]


def test_grouping_mix(analysis):
    rows = {g["grouping"]: g for g in analysis["grouping_mix"]}
    assert [g["grouping"] for g in analysis["grouping_mix"]] == [
        "Thriving",
        "Getting Advice and Signposting",
        "Getting Help",
        "Getting More Help",
        "Getting Risk Support",
        "Not recorded",
    ]
    figures = ("referrals", "referrals_pct", "attended_contacts", "attended_contacts_pct",
               "mean_attended_contacts")  # fmt: skip
    assert [rows["Getting Help"][f] for f in figures] == [1, 33.3, 2, 50.0, 2.0]
    assert [rows["Getting More Help"][f] for f in figures] == [1, 33.3, 2, 50.0, 2.0]
    assert [rows["Getting Risk Support"][f] for f in figures] == [1, 33.3, 0, 0.0, 0.0]
    assert [rows["Thriving"][f] for f in figures] == [0, 0.0, 0, 0.0, None]
    # And each share carries its numerator and denominator: 3 open referrals, 4 attended
    shares = ("referrals_pct_numerator", "referrals_pct_denominator",
              "attended_contacts_pct_numerator", "attended_contacts_pct_denominator")  # fmt: skip
    assert [rows["Getting Help"][f] for f in shares] == [1, 3, 2, 4]
    assert [rows["Getting Risk Support"][f] for f in shares] == [1, 3, 0, 4]
    assert [rows["Thriving"][f] for f in shares] == [0, 3, 0, 4]
    assert rows["Getting More Help"]["reference"]["attended_contacts_pct"] == 39


def test_evidence(analysis):
    assert analysis["evidence"] == {
        "grouping_recorded_pct": 100.0,
        "grouping_recorded_pct_numerator": 3,
        "grouping_recorded_pct_denominator": 3,  # R1, R2, R9 are open
        "ending_reason_recorded_pct": 100.0,
        "ending_reason_recorded_pct_numerator": 1,
        "ending_reason_recorded_pct_denominator": 1,  # R1 discharged
        "goals_recorded_pct": 66.7,  # yes, Y; not "no"
        "goals_recorded_pct_numerator": 2,
        "goals_recorded_pct_denominator": 3,
        "sdm_recorded_pct": None,  # no such column
        "sdm_recorded_pct_numerator": None,
        "sdm_recorded_pct_denominator": None,
    }


def test_teams_and_bottlenecks(analysis):
    assert analysis["teams"] == [
        {"team": "Core", "referrals": 2, "people": 2, "attended_contacts": 2, "dna_rate": 0.5,
         "dna_rate_numerator": 2, "dna_rate_denominator": 4,
         "median_first_contact_wait": 5.0, "first_contact_waits_n": 1, "waiting_list_now": 1,
         "waiting_list_six_months_earlier": 0},
        {"team": "Crisis", "referrals": 1, "people": 1, "attended_contacts": 0, "dna_rate": 1.0,
         "dna_rate_numerator": 1, "dna_rate_denominator": 1,
         "median_first_contact_wait": None, "first_contact_waits_n": 0, "waiting_list_now": 0,
         "waiting_list_six_months_earlier": 0},
        {"team": "SPA", "referrals": 1, "people": 1, "attended_contacts": 2, "dna_rate": 0.0,
         "dna_rate_numerator": 0, "dna_rate_denominator": 2,
         "median_first_contact_wait": 10.0, "first_contact_waits_n": 1, "waiting_list_now": 0,
         "waiting_list_six_months_earlier": 0},
    ]  # fmt: skip
    # Core had 1 appointment in March and 1 attended contact: over 85% of capacity.
    assert [(b["team"], b["reason"], b["value"]) for b in analysis["bottlenecks"]] == [
        ("Core", "capacity_appointments", 100.0)
    ]
    # And the entry carries the figures its sentence is made of
    (entry,) = analysis["bottlenecks"]
    assert (entry["used"], entry["available"], entry["months"]) == (1, 1, 1)
    assert entry["detail"] == (
        "Attended contacts used 100.0% of the recorded appointments over 1 month(s) (limit 85%)."
    )


def test_pathways(analysis):
    assert analysis["process"]["variants"] == [
        {"pathway": "Core > SPA", "steps": 2, "referrals": 1},
        {"pathway": "SPA > Core", "steps": 2, "referrals": 1},
    ]
    edges = {(e["from"], e["to"]): e for e in analysis["process"]["directly_follows"]}
    assert edges[("Referral", "Core")]["count"] == 1  # R1; R9 has no contact yet
    assert edges[("SPA", "Discharge")]["mean_days"] == 36.0  # 25 Jan to 1 March


def test_pathways_with_contacts_after_discharge_and_on_one_day(tmp_path):
    # Given, worked out by hand:
    # A: referral 1 Jan, X 5 Jan, X 10 Jan, discharged 10 Jan, then Y 15 Jan
    #    (Referral > X > X > Discharge > Y: the discharge comes last on its own day)
    # B: referral 1 Jan, discharged 3 Jan, then Z 4 Jan (Referral > Discharge > Z)
    # C: referral 2 Jan, discharged 20 Jan, no contacts (Referral > Discharge)
    # D: referral 1 Jan, contacts 2 and 1 on 2 Jan (teams X and Y), a DNA with Z on 3 Jan
    #    (Referral > Y > X: contact 1 comes before contact 2 on the same day)
    store = import_csv(
        tmp_path,
        "referral_id,person_id,referral_date,discharge_date\n"
        "A,1,2024-01-01,2024-01-10\nB,2,2024-01-01,2024-01-03\n"
        "C,3,2024-01-02,2024-01-20\nD,4,2024-01-01,\n",
        "referral_id,contact_id,contact_date,team,attendance\n"
        "A,a1,2024-01-05,X,5\nA,a2,2024-01-10,X,5\nA,a3,2024-01-15,Y,5\nB,b1,2024-01-04,Z,5\n"
        "D,2,2024-01-02,X,5\nD,1,2024-01-02,Y,5\nD,3,2024-01-03,Z,3\n",
    ).out_dir
    # When analysed, both as one query per measure and with shared steps kept
    for cached in (True, False):
        result = analyse_parquet(store, cache_shared_steps=cached)
        # Then every step follows the one before it, with the days between them
        edges = [
            (e["from"], e["to"], e["count"], e["mean_days"], e["median_days"])
            for e in result["process"]["directly_follows"]
        ]
        assert edges == [
            ("Referral", "Discharge", 2, 10.0, 10.0),  # B 2 days, C 18 days
            ("Discharge", "Y", 1, 5.0, 5.0),
            ("Discharge", "Z", 1, 1.0, 1.0),
            ("Referral", "X", 1, 4.0, 4.0),
            ("Referral", "Y", 1, 1.0, 1.0),
            ("X", "Discharge", 1, 0.0, 0.0),
            ("X", "X", 1, 5.0, 5.0),
            ("Y", "X", 1, 0.0, 0.0),
        ]
        # And team moves and pathway variants follow the same order
        assert [(f["from"], f["to"], f["count"]) for f in result["team_flows"]] == [
            ("X", "Y", 1),
            ("Y", "X", 1),
        ]
        assert [(v["pathway"], v["steps"]) for v in result["process"]["variants"]] == [
            ("X > Y", 2),
            ("Y > X", 2),
            ("Z", 1),
        ]


def test_a_long_pathway_shows_its_first_eight_steps(tmp_path):
    # Given one referral seen ten times, alternating between two teams
    rows = "".join(f"A,2024-01-{day:02d},{'XY'[day % 2]},5\n" for day in range(2, 12))
    store = import_csv(
        tmp_path,
        "referral_id,person_id,referral_date\nA,1,2024-01-01\n",
        "referral_id,contact_date,team,attendance\n" + rows,
    ).out_dir
    # Then its variant names the first eight steps and says there are more
    variants = analyse_parquet(store)["process"]["variants"]
    assert variants == [
        {"pathway": "X > Y > X > Y > X > Y > X > Y > ...", "steps": 10, "referrals": 1}
    ]


def test_waiting_list_grows_into_a_bottleneck(tmp_path):
    # Given one team with 2 waiting six months ago and 3 now (+50%)
    store = import_csv(
        tmp_path,
        "referral_id,person_id,referral_date,team\n"
        "A,1,2023-08-01,Neuro\nB,2,2023-09-01,Neuro\nC,3,2024-02-01,Neuro\n",
    ).out_dir
    result = analyse_parquet(store)
    # Then the team is flagged for its growing waiting list
    assert result["teams"][0]["waiting_list_six_months_earlier"] == 2
    assert result["teams"][0]["waiting_list_now"] == 3
    assert [(b["team"], b["reason"], b["value"]) for b in result["bottlenecks"]] == [
        ("Neuro", "waiting_list_growth", 50.0)
    ]
    # And the entry carries the two counts its sentence compares
    (entry,) = result["bottlenecks"]
    assert (entry["then"], entry["now"]) == (2, 3)
    assert entry["detail"] == "Waiting list grew from 2 to 3 in six months (+50.0%)."


def test_as_of_defaults_to_the_end_of_the_last_busy_month(extract, tmp_path):
    # Given no --as-of (and a "today" after every date in the file but the far-future ones)
    result = import_extract(
        referrals=extract["referrals"],
        contacts=extract["contacts"],
        out_dir=tmp_path / "s",
        key=KEY,
        today=dt.date(2024, 6, 1),
    )
    # Then the as-of date is the last day of the last month with a quarter of the busiest
    # month's activity (issue 14's rule, shared with calibration)
    assert result.as_of == dt.date(2024, 3, 31)
    assert analyse_parquet(tmp_path / "s")["as_of"] == "2024-03-31"


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=30),
    st.sampled_from([0.1, 0.5, 0.9, 0.25]),
)
def test_percentiles_match_numpy_linear_interpolation(values, q):
    # Given any list of waits, the portable percentile equals numpy's default
    table = ibis.memtable({"days": values})
    got = linear_quantiles(table, "days", {"q": q}).to_pyarrow().to_pylist()[0]["q"]
    assert got == pytest.approx(float(np.percentile(values, q * 100)))


def test_rounding_is_half_up():
    assert round_half_up(12.25, 1) == 12.3
    assert round_half_up(0.42855, 4) == 0.4286
    assert round_half_up(None, 2) is None


def test_six_months_earlier_clamps_to_month_end():
    assert months_back(dt.date(2024, 8, 31), 6) == dt.date(2024, 2, 29)
    assert months_back(dt.date(2024, 3, 31), 6) == dt.date(2023, 9, 30)


def test_duckdb_is_the_engine():
    # The default backend is DuckDB (guards against a silent change of engine)
    assert ibis.duckdb.connect().name == "duckdb"
    assert duckdb.__version__
