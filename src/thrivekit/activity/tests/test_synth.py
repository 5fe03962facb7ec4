"""The synthetic extract generator: future-dated rows stay in the future, capacity follows
the size of the extract."""

import datetime as dt

import pyarrow.compute as pc
import pytest

from thrivekit.activity.synth import synthesise

BOOKED = {"5", "Attended", "3", "DNA"}  # attended or did not attend: a slot was offered


def test_future_dated_rows_are_after_the_day_the_extract_is_made():
    # Given an extract ending long ago
    referrals, contacts, _ = synthesise(referrals=2000, seed=3, end=dt.date(2022, 12, 31))
    # When its dates are read
    today = dt.datetime.now(dt.UTC).date()
    dates = [
        *referrals.column("referral_date").to_pylist(),
        *contacts.column("contact_date").to_pylist(),
    ]
    iso = [dt.date.fromisoformat(d) for d in dates if d and len(d) == 10 and d[4] == "-"]
    # Then the rows dated "in the future" are after today, not only after the extract's end
    future = [d for d in iso if d > dt.date(2022, 12, 31)]
    assert future and min(future) > today


@pytest.mark.parametrize("size", [2000, 20000])
def test_capacity_offers_a_little_more_than_the_appointments_booked(size):
    # Given extracts of different sizes
    _, contacts, capacity = synthesise(referrals=size, seed=5, end=dt.date(2024, 12, 31))
    # When the capacity table's last year is set against the appointments booked then
    dates = contacts.column("contact_date").to_pylist()
    kinds = contacts.column("attendance").to_pylist()
    booked = sum(
        1
        for d, k in zip(dates, kinds, strict=True)
        if k in BOOKED and d and (d.startswith("2024-") or d.endswith("/2024"))
    )
    last_year = capacity.filter(pc.starts_with(capacity.column("month"), "2024-"))
    offered = sum(int(v) for v in last_year.column("appointments_available").to_pylist())
    # Then the table offers 5-20% more: it grows with the extract
    assert 1.0 < offered / booked < 1.25
