"""The as-of date derived when none is given."""

from __future__ import annotations

import datetime as dt

import pytest

from thrivekit.activity.asof import count_by_month, derive_as_of, month_end


def _months(**counts: int) -> dict[dt.date, int]:
    # m2024_03=120 -> {2024-03-01: 120}
    return {dt.date(int(k[1:5]), int(k[6:8]), 1): n for k, n in counts.items()}


def test_a_stray_date_months_after_the_data_does_not_move_the_as_of_date():
    # Given steady activity to March 2024 and one mistyped date in November 2024
    activity = _months(m2024_01=400, m2024_02=380, m2024_03=410, m2024_11=1)

    # When the as-of date is derived
    as_of = derive_as_of(activity)

    # Then it is the end of March, not November
    assert as_of == dt.date(2024, 3, 31)


def test_a_thin_last_month_is_left_out_but_a_quarter_of_the_busiest_counts():
    # Given a last month holding just under a quarter of the busiest month
    thin = _months(m2024_01=400, m2024_02=99)
    # and one holding exactly a quarter
    quarter = _months(m2024_01=400, m2024_02=100)

    # Then the thin month does not end the extract, the quarter does
    assert derive_as_of(thin) == dt.date(2024, 1, 31)
    assert derive_as_of(quarter) == dt.date(2024, 2, 29)


def test_a_quiet_month_between_busy_ones_does_not_end_the_extract():
    activity = _months(m2023_12=500, m2024_01=20, m2024_02=450)

    assert derive_as_of(activity) == dt.date(2024, 2, 29)


def test_no_activity_is_an_error_not_a_date():
    with pytest.raises(ValueError):
        derive_as_of({})
    with pytest.raises(ValueError):
        derive_as_of({dt.date(2024, 1, 1): 0})


def test_dates_are_counted_by_the_first_day_of_their_month():
    dates = [dt.date(2024, 1, 3), dt.date(2024, 1, 31), None, dt.date(2024, 2, 1)]

    assert count_by_month(dates) == {dt.date(2024, 1, 1): 2, dt.date(2024, 2, 1): 1}
    assert month_end(dt.date(2023, 2, 10)) == dt.date(2023, 2, 28)
