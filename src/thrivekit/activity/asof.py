"""The as-of date of an extract when none is given: one rule for the import and calibration.

An extract's last date is a poor as-of date: one mistyped date (2042 for 2024, or a month
ahead) moves it, adds empty months and hides every recent trend. The last month that still
holds a fair share of the activity does not move for a few stray rows.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping

# A month is "busy enough" to end the extract on when it holds at least this share of the
# busiest month's activity; a thin last month (the extract taken mid-month, or stray dates)
# does not count.
BUSY_SHARE = 0.25


def derive_as_of(activity_by_month: Mapping[dt.date, int]) -> dt.date:
    """keys: first day of each month; values: referrals + contacts dated in that month.
    Returns the last day of the last month holding at least a quarter of the busiest
    month's activity."""
    counts = {month: n for month, n in activity_by_month.items() if n > 0}
    if not counts:
        raise ValueError("No activity to derive an as-of date from.")
    busiest = max(counts.values())
    last = max(month for month, n in counts.items() if n >= busiest * BUSY_SHARE)
    return month_end(last)


def month_end(day: dt.date) -> dt.date:
    """The last day of `day`'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def count_by_month(dates: Iterable[dt.date | None]) -> dict[dt.date, int]:
    """Dates counted by month (first day of the month), for `derive_as_of`; None is skipped."""
    return dict(Counter(d.replace(day=1) for d in dates if d is not None))
