"""Snapshots of an assessment and the change between two workshops."""

import json
from datetime import date, datetime

import pytest

from thrivekit.scoring import (
    AssessmentResponse,
    AssessmentSnapshot,
    compare,
    snapshot_from,
    summarise_assessment,
)

R = AssessmentResponse


def workshop(scores_by_item):
    return summarise_assessment(
        [
            R(f"p{i}", item, score)
            for item, scores in scores_by_item.items()
            for i, score in enumerate(scores)
        ]
    )


BASELINE = workshop(
    {
        "needs-led.meso": [1, 2, 3, 4],  # median 2.5, 50% THRIVE-like
        "shared.micro": [2, 2, None],
        "outcomes.macro": [3, 3],  # dropped later
    }
)
LATER = workshop(
    {
        "needs-led.meso": [2, 3, 3, 3, 4, 4, 1, 2, 3, 4],  # median 3, 70% THRIVE-like
        "shared.micro": [None],  # nobody scored it this time
        "advice.meso": [4],  # new
    }
)


def test_a_snapshot_keeps_median_share_and_n():
    snapshot = snapshot_from(BASELINE, taken_on=date(2025, 1, 15))
    item = snapshot.item("needs-led.meso")
    assert (item.n, item.median, item.thrive_like_count, item.thrive_like_share) == (
        4, 2.5, 2, 0.5,
    )  # fmt: skip
    assert snapshot.taken_on == date(2025, 1, 15)
    assert snapshot.n_respondents == 4


def test_compare_reports_change_per_item():
    comparison = compare(
        snapshot_from(BASELINE, taken_on=date(2025, 1, 15)),
        snapshot_from(LATER, taken_on=date(2025, 7, 1)),
    )
    change = comparison.change("needs-led.meso")
    assert (change.baseline_median, change.later_median, change.median_change) == (2.5, 3.0, 0.5)
    # 50% -> 70% is exactly 20 points, with no float noise
    assert change.thrive_like_share_change == 0.2
    assert change.thrive_like_points_change == 20.0
    assert (change.baseline_n, change.later_n) == (4, 10)


def test_compare_reports_items_missing_on_either_side():
    comparison = compare(
        snapshot_from(BASELINE, taken_on=date(2025, 1, 15)),
        snapshot_from(LATER, taken_on=date(2025, 7, 1)),
    )
    assert comparison.only_in_baseline == ("outcomes.macro",)
    assert comparison.only_in_later == ("advice.meso",)
    # An item present but unscored on one side has no change, rather than a crash
    unscored = comparison.change("shared.micro")
    assert (unscored.baseline_median, unscored.later_median) == (2.0, None)
    assert unscored.median_change is None and unscored.thrive_like_share_change is None


def test_snapshots_the_wrong_way_round_are_refused():
    with pytest.raises(ValueError, match="wrong way round"):
        compare(
            snapshot_from(LATER, taken_on=date(2025, 7, 1)),
            snapshot_from(BASELINE, taken_on=date(2025, 1, 15)),
        )


def test_a_snapshot_is_dated_not_timestamped():
    with pytest.raises(ValueError, match="must be a date"):
        snapshot_from(BASELINE, taken_on=datetime(2025, 1, 15, 9, 30))  # noqa: DTZ001


def test_a_snapshot_survives_a_round_trip_through_json():
    snapshot = snapshot_from(BASELINE, taken_on=date(2025, 1, 15))
    stored = json.loads(json.dumps(snapshot.to_dict()))
    assert stored["taken_on"] == "2025-01-15"
    assert AssessmentSnapshot.from_dict(stored) == snapshot


def test_comparison_is_plain_json():
    comparison = compare(
        snapshot_from(BASELINE, taken_on=date(2025, 1, 15)),
        snapshot_from(LATER, taken_on=date(2025, 7, 1)),
    )
    data = json.loads(json.dumps(comparison.to_dict()))
    assert data["later_taken_on"] == "2025-07-01"
    assert {c["item"] for c in data["changes"]} == {"needs-led.meso", "shared.micro"}
