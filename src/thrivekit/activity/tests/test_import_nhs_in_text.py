"""NHS numbers typed inside text cells are masked at import and counted, never stored."""

import json

import duckdb
from hypothesis import example, given, settings
from hypothesis import strategies as st

from thrivekit.activity import analyse_parquet, read_manifest
from thrivekit.activity.privacy import NHS_FOUND_SQL, PLAIN_NHS_SQL
from thrivekit.redaction import find_nhs_numbers

from .conftest import import_csv, stored_rows

MASK = "[NHS number removed]"
NUMBERS = ("1163726516", "9434765919", "9078666617", "4010232137")


def _stored_text(tmp_path) -> str:
    store = tmp_path / "store"
    return "".join(
        json.dumps(stored_rows(path), default=str) for path in sorted(store.glob("*.parquet"))
    ) + (store / "import.json").read_text(encoding="utf-8")


def test_nhs_numbers_inside_labels_are_masked_everywhere_they_are_kept(tmp_path):
    # Given NHS numbers typed into the team, referral source, local area and ending reason,
    # grouped in the three ways people write them
    import_csv(
        tmp_path,
        "referral_id,person_id,referral_date,team,referral_source,local_area,ending_reason\n"
        "R1,P1,2024-01-05,GP letter re NHS 1163726516,School,Northside,Completed\n"
        "R2,P2,2024-01-06,Core,Letter (943 476 5919),Leeds 907-866-6617,moved\n"
        "R3,P3,2024-01-07,Core,School,Northside,see 4010232137; done\n",
        "referral_id,contact_id,contact_date,team,contact_type\n"
        "R1,C1,2024-01-10,Core,Phone re 9434765919\n"
        "R2,C2,2024-01-11,Seen by 1163726516,Face to face\n",
        "team,month,appointments_available\nTeam 9078666617,2024-01,10\n",
    )

    referrals = stored_rows(tmp_path / "store" / "referrals.parquet")
    contacts = stored_rows(tmp_path / "store" / "contacts.parquet")
    capacity = stored_rows(tmp_path / "store" / "capacity.parquet")

    # Then each number is replaced by a mask and the rest of the text is kept
    assert referrals[0]["team"] == f"GP letter re NHS {MASK}"
    assert referrals[1]["referral_source"] == f"Letter ({MASK})"
    assert referrals[1]["local_area"] == f"Leeds {MASK}"
    assert referrals[2]["ending_reason"] == f"see {MASK}; done"
    assert [c["contact_type"] for c in contacts] == [f"Phone re {MASK}", "Face to face"]
    assert contacts[1]["team"] == f"Seen by {MASK}"
    assert capacity[0]["team"] == f"Team {MASK}"
    # And no stored file or the manifest holds any of the numbers
    stored = _stored_text(tmp_path)
    assert not any(number in stored for number in NUMBERS)
    assert "943 476 5919" not in stored and "907-866-6617" not in stored


def test_the_validation_report_counts_what_was_masked_without_the_values(tmp_path):
    result = import_csv(
        tmp_path,
        "referral_id,person_id,referral_date,team\n"
        "R1,P1,2024-01-05,GP letter re NHS 1163726516 and 9434765919\n"
        "R2,P2,2024-01-06,GP letter re NHS 1163726516 and 9434765919\n"
        "R3,P3,2024-01-07,Core\n",
    )

    masked = result.validation["nhs_numbers_masked"]

    # Then four numbers were masked, all in the referrals' team column
    assert masked == {
        "count": 4,
        "columns": [{"table": "referrals", "column": "team", "count": 4}],
    }
    assert read_manifest(tmp_path / "store")["validation"]["nhs_numbers_masked"] == masked


def test_numbers_that_are_not_nhs_numbers_are_left_alone(tmp_path):
    # Given a failing check digit, a longer run of digits and a phone-like grouping
    import_csv(
        tmp_path,
        "referral_id,person_id,referral_date,team\n"
        "R1,P1,2024-01-05,Ref 9434765918\n"
        "R2,P2,2024-01-06,Ref 94347659190\n"
        "R3,P3,2024-01-07,Ref 19434765919\n"
        "R4,P4,2024-01-08,Ref 9434 765 919\n",
    )

    teams = [r["team"] for r in stored_rows(tmp_path / "store" / "referrals.parquet")]

    assert teams == ["Ref 9434765918", "Ref 94347659190", "Ref 19434765919", "Ref 9434 765 919"]


def test_an_identifier_holding_an_nhs_number_is_pseudonymised_whole_and_still_links(tmp_path):
    # Given referral ids built from NHS numbers, used by the contacts too
    result = import_csv(
        tmp_path,
        "referral_id,person_id,referral_date\n"
        "R-9434765919,P1,2024-01-05\nR-1163726516,P2,2024-01-06\n",
        "referral_id,contact_id,contact_date\n"
        "R-9434765919,C-9434765919-1,2024-01-10\nR-1163726516,C2,2024-01-11\n",
    )
    referrals = stored_rows(tmp_path / "store" / "referrals.parquet")
    contacts = stored_rows(tmp_path / "store" / "contacts.parquet")

    # Then the two ids stay different and each contact still finds its referral
    ids = [r["referral_id"] for r in referrals]
    assert len(set(ids)) == 2 and [c["referral_id"] for c in contacts] == ids
    assert contacts[1]["contact_id"] == "C2"
    assert not any(number in _stored_text(tmp_path) for number in NUMBERS)
    counts = {
        (c["table"], c["column"]): c["count"]
        for c in result.validation["nhs_numbers_masked"]["columns"]
    }
    assert counts == {("referrals", "referral_id"): 2, ("contacts", "contact_id"): 1}


def test_the_analysis_json_shows_no_nhs_number_from_a_team_name(tmp_path):
    import_csv(
        tmp_path,
        "referral_id,person_id,referral_date,team\nR1,P1,2024-01-05,Team 1163726516\n",
        "referral_id,contact_id,contact_date,team\nR1,C1,2024-01-10,Team 1163726516\n",
    )

    analysis = json.dumps(analyse_parquet(tmp_path / "store"))

    assert "1163726516" not in analysis and f"Team {MASK}" in analysis


@settings(max_examples=200, deadline=None)
# Three digits and a space before a number: a failed 3-3-4 candidate must not swallow it.
@example(before="000 ", digits="0000000000", separators=("", ""), after="")
@given(
    before=st.text(alphabet="ab0123456789 -:(", max_size=4),
    digits=st.text(alphabet="0123456789", min_size=10, max_size=10),
    separators=st.tuples(*[st.sampled_from(["", " ", "-", "  "])] * 2),
    after=st.text(alphabet="ab0123456789 -:)", max_size=4),
)
def test_sql_finds_the_same_nhs_numbers_as_the_redaction_package(before, digits, separators, after):
    # Given a ten-digit number written 3-3-4 inside text that may hold more digits
    first, second = separators
    text = f"{before}{digits[:3]}{first}{digits[3:6]}{second}{digits[6:]}{after}"
    con = duckdb.connect()
    con.execute(PLAIN_NHS_SQL)
    con.execute(NHS_FOUND_SQL)

    # When SQL looks for NHS numbers in it
    found = con.execute("SELECT tk_nhs_found(?)", [text]).fetchone()[0]

    # Then it finds exactly those the redaction package finds (valid check digit, not part
    # of a longer run of digits)
    assert found == find_nhs_numbers(text)


def test_a_dropped_column_heading_holding_an_nhs_number_is_masked_in_the_manifest(tmp_path):
    import_csv(
        tmp_path, "referral_id,person_id,referral_date,Notes re 9434765919\nR1,P1,2024-01-05,x\n"
    )

    manifest = (tmp_path / "store" / "import.json").read_text(encoding="utf-8")

    assert "9434765919" not in manifest and f"Notes re {MASK}" in manifest


def test_numbers_in_rejected_rows_are_not_counted_as_masked(tmp_path):
    # Given the same team text in a kept contact and in one for an unknown referral
    result = import_csv(
        tmp_path,
        "referral_id,person_id,referral_date\nR1,P1,2024-01-05\n",
        "referral_id,contact_id,contact_date,team\n"
        "R1,C1,2024-01-10,Seen by 1163726516\nRX,C2,2024-01-11,Seen by 1163726516\n",
    )

    # Then only the kept row's number is counted
    assert result.validation["nhs_numbers_masked"]["columns"] == [
        {"table": "contacts", "column": "team", "count": 1}
    ]
