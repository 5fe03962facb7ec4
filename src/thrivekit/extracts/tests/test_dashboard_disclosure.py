"""What the activity dashboard shows people who are not analysts (issue 13 items 3-6, 14)."""

import copy
from itertools import product

import pytest

from thrivekit.disclosure import SUPPRESSED, DisclosurePolicy, published_range
from thrivekit.extracts.presenters import Figures, checklist_evidence, dashboard

VIEWER = Figures(exact=False, policy=DisclosurePolicy())
ANALYST = Figures(exact=True, policy=DisclosurePolicy())


def analysis():
    """An analysis JSON with the numerators and denominators behind every rate."""
    return {
        "referrals": {
            "total": 60,
            "people": 58,
            "by_source": [{"source": "GP", "count": 57}, {"source": "School", "count": 3}],
        },
        "contacts": {
            "attended": 90,
            "dna": 10,
            "dna_rate": 0.1,
            "dna_rate_numerator": 10,
            "dna_rate_denominator": 100,
        },
        "waits": {
            "first_contact": {
                "n": 40,
                "mean": 30.0,
                "median": 25.0,
                "p90": 60.0,
                "within_28_days_pct": 55.0,
                "within_28_days_pct_numerator": 22,
                "within_28_days_pct_denominator": 40,
            },
            "still_waiting": 20,
            "still_waiting_bands": [
                {"band": "0-4 weeks", "count": 1},
                {"band": "4-12 weeks", "count": 9},
                {"band": "12-18 weeks", "count": 10},
                {"band": "18-52 weeks", "count": 0},
                {"band": "52+ weeks", "count": 0},
            ],
        },
        "monthly": [
            {
                "month": "2024-01",
                "referrals": 30,
                "attended_contacts": 40,
                "open_referrals": 30,
                "waiting_list": 10,
            },
            {
                "month": "2024-02",
                "referrals": 0,
                "attended_contacts": 0,
                "open_referrals": 30,
                "waiting_list": 10,
            },
            {
                "month": "2024-03",
                "referrals": 30,
                "attended_contacts": 50,
                "open_referrals": 60,
                "waiting_list": 20,
            },
        ],  # fmt: skip
        "contacts_per_referral": {
            "closed_referrals": 20,
            "distribution": [{"contacts": "1", "count": 12}, {"contacts": "2", "count": 8}],
            "mean": 1.4,
            "median": 1.0,
        },
        "teams": [
            {
                "team": "Core CAMHS",
                "referrals": 57,
                "attended_contacts": 80,
                "dna_rate": 0.1111,
                "dna_rate_numerator": 10,
                "dna_rate_denominator": 90,
                "median_first_contact_wait": 24.0,
                "first_contact_waits_n": 36,
                "waiting_list_now": 17,
                "waiting_list_six_months_earlier": 10,
            },
            {
                "team": "Crisis",
                "referrals": 3,
                "attended_contacts": 10,
                "dna_rate": 0.0,
                "dna_rate_numerator": 0,
                "dna_rate_denominator": 10,
                "median_first_contact_wait": 3.0,
                "first_contact_waits_n": 3,
                "waiting_list_now": 3,
                "waiting_list_six_months_earlier": 2,
            },
        ],
        "grouping_mix": [
            {
                "grouping": "Getting Help",
                "referrals": 55,
                "referrals_pct": 91.7,
                "referrals_pct_numerator": 55,
                "referrals_pct_denominator": 60,
                "mean_attended_contacts": 1.5,
                "reference": {"referrals_pct": 60},
            },
            {
                "grouping": "Getting Risk Support",
                "referrals": 5,
                "referrals_pct": 8.3,
                "referrals_pct_numerator": 5,
                "referrals_pct_denominator": 60,
                "mean_attended_contacts": 4.0,
                "reference": {"referrals_pct": [5, 10]},
            },
        ],  # fmt: skip
        "team_flows": [],
        "evidence": {
            "grouping_recorded_pct": 91.7,
            "grouping_recorded_pct_numerator": 55,
            "grouping_recorded_pct_denominator": 60,
        },
        "bottlenecks": [
            {
                "team": "Crisis",
                "reason": "waiting_list_growth",
                "then": 2,
                "now": 7,
                "value": 250.0,
                "detail": "Waiting list grew from 2 to 7 in six months (+250.0%).",
            },
            {
                "team": "Core CAMHS",
                "reason": "waiting_list_growth",
                "then": 12,
                "now": 43,
                "value": 258.3,
                "detail": "Waiting list grew from 12 to 43 in six months (+258.3%).",
            },
            {
                "team": "Core CAMHS",
                "reason": "capacity_appointments",
                "used": 96,
                "available": 100,
                "months": 3,
                "value": 96.0,
                "detail": "Attended contacts used 96.0% of the recorded appointments over 3 month(s) "
                "(limit 85%).",
            },
        ],  # fmt: skip
        "validation": {
            "referrals_read": 60,
            "referrals_kept": 60,
            "contacts_read": 100,
            "contacts_kept": 100,
            "rejected": [],
        },
    }


def test_bottleneck_sentences_use_controlled_figures():
    # Given a team whose waiting list grew from 2 to 7, and one from 12 to 43
    board = dashboard(analysis=analysis(), figures=VIEWER)
    sentences = {(b["team"], b["detail"][:20]): b["detail"] for b in board["bottlenecks"]}
    # Then a viewer does not see 2 or 7, and sees the others rounded
    assert sentences[("Crisis", "Waiting list grew by")] == (
        "Waiting list grew by more than 20% in six months (the numbers are too small to show)."
    )
    assert sentences[("Core CAMHS", "Waiting list grew fr")] == (
        "Waiting list grew from 10 to 45 in six months (about +350%)."
    )
    # And capacity use is published from the rounded counts behind it
    capacity = sentences[("Core CAMHS", "Attended contacts us")]
    assert "95% of the recorded appointments over 3 month(s)" in capacity


def test_analysts_still_see_the_exact_sentence():
    board = dashboard(analysis=analysis(), figures=ANALYST)
    assert (
        board["bottlenecks"][0]["detail"]
        == "Waiting list grew from 2 to 7 in six months (+250.0%)."
    )


def test_an_older_bottleneck_without_its_figures_is_not_shown_exactly():
    data = analysis()
    for b in data["bottlenecks"]:
        for key in ("then", "now", "used", "available"):
            b.pop(key, None)
    board = dashboard(analysis=data, figures=VIEWER)
    text = " ".join(b["detail"] for b in board["bottlenecks"])
    assert "43" not in text and "96" not in text and "258" not in text


def test_team_did_not_attend_rate_counts_the_missed_appointments_in_its_denominator():
    # Given a team with 80 attended and 10 missed: 10 of 90, not 10 of 80
    board = dashboard(analysis=analysis(), figures=VIEWER)
    core = board["teams"][0]
    assert core["dna_rate"] == "11.1"  # 10 / 90 from published counts; 10 / 80 would be 12.5


def test_team_median_wait_is_gated_on_the_waits_behind_it():
    # Given Crisis with 20 referrals but only 3 waits behind its median
    data = analysis()
    data["teams"][1]["referrals"] = 20
    board = dashboard(analysis=data, figures=VIEWER)
    assert board["teams"][1]["median_wait"] == SUPPRESSED
    assert board["teams"][0]["median_wait"] == "24"


def test_an_older_analysis_without_the_counts_hides_rates_and_medians():
    data = copy.deepcopy(analysis())
    for team in data["teams"]:
        for key in ("dna_rate_numerator", "dna_rate_denominator", "first_contact_waits_n"):
            team.pop(key)
    data["contacts"].pop("dna_rate_numerator")
    board = dashboard(analysis=data, figures=VIEWER)
    assert [t["dna_rate"] for t in board["teams"]] == [SUPPRESSED, SUPPRESSED]
    assert [t["median_wait"] for t in board["teams"]] == [SUPPRESSED, SUPPRESSED]
    assert dict(board["summary"])["Did not attend rate"] == SUPPRESSED


def test_summary_rates_come_from_their_counts():
    board = dashboard(analysis=analysis(), figures=VIEWER)
    summary = dict(board["summary"])
    assert summary["Did not attend rate"] == "10%"
    # 22 of 40 is published as 20 of 40
    assert summary["Seen within 4 weeks"] == "50%"
    assert checklist_evidence(analysis=analysis(), figures=VIEWER) == {
        "ic-13": "91.7% of open referrals with a needs-based grouping recorded"
    }


def recoverable(cells, total):
    """Brute force: suppressed cells a reader pins to one value in 1..7 from the total."""
    if total == SUPPRESSED:
        return set()
    low_t, high_t = published_range(total)
    lone = cells.count(SUPPRESSED) == 1
    ranges = [
        range(1, (7 if lone else high_t) + 1)
        if c == SUPPRESSED
        else range(published_range(c)[0], published_range(c)[1] + 1)
        for c in cells
    ]
    seen = [set() for _ in cells]
    for values in product(*ranges):
        if low_t <= sum(values) <= high_t:
            for i, v in enumerate(values):
                seen[i].add(v)
    return {i for i, c in enumerate(cells) if c == SUPPRESSED and len(seen[i]) == 1}


@pytest.mark.parametrize(
    ("column", "total"),
    [
        (lambda b: [t["waiting_now"] for t in b["teams"]], "Waiting for a first contact now"),
        (lambda b: [count for _, count in b["waiting_bands"]], "Waiting for a first contact now"),
        (lambda b: [t["referrals"] for t in b["teams"]], "Referrals"),
        (lambda b: [count for _, count in b["sources"]], "Referrals"),
    ],
)
def test_no_hidden_cell_can_be_worked_out_from_a_total_on_the_page(column, total):
    # Given teams waiting 17 and 3 of 20, bands 1, 9, 10 of 20, sources 57 and 3 of 60
    board = dashboard(analysis=analysis(), figures=VIEWER)
    cells = column(board)
    shown_total = dict(board["summary"])[total]
    # Then every hidden cell has more than one possible value
    assert SUPPRESSED in cells
    assert not recoverable(cells, shown_total if shown_total == SUPPRESSED else int(shown_total))


def test_empty_months_are_named_in_a_warning():
    board = dashboard(analysis=analysis(), figures=VIEWER)
    assert board["empty_months"] == ["2024-02"]
