"""The as-of date an import derives when none is given, and the warnings that go with it."""

import datetime as dt

from thrivekit.activity import read_manifest

from .conftest import import_csv

TODAY = dt.date(2024, 12, 1)


def _extract(tmp_path, referral_dates, contact_dates=()):
    referrals = "referral_id,person_id,referral_date\n" + "".join(
        f"R{i},P{i},{day}\n" for i, day in enumerate(referral_dates)
    )
    # Every contact belongs to the first referral, which is the earliest.
    contacts = "referral_id,contact_id,contact_date\n" + "".join(
        f"R0,C{i},{day}\n" for i, day in enumerate(contact_dates)
    )
    return import_csv(tmp_path, referrals, contacts, as_of=None, today=TODAY)


def _warning(validation, table, rule):
    return next(w for w in validation["warnings"] if (w["table"], w["rule"]) == (table, rule))


STEADY = [f"2024-{month:02d}-{day:02d}" for month in (1, 2, 3) for day in range(1, 11)]


def test_a_mistyped_date_months_later_does_not_move_the_as_of_date(tmp_path):
    # Given ten referrals a month from January to March and one typed as September
    result = _extract(tmp_path, [*STEADY, "2024-09-03"], ["2024-01-05", "2024-03-20"])

    # When it is imported without an as-of date
    manifest = read_manifest(tmp_path / "store")

    # Then the as-of date is the end of March, the last month with real activity
    assert result.as_of == dt.date(2024, 3, 31)
    assert manifest["as_of"] == "2024-03-31" and manifest["as_of_given"] is False
    # And the stray referral is kept but reported with its row number (the 32nd row)
    stray = _warning(manifest["validation"], "referrals", "after_as_of")
    assert (stray["count"], stray["examples"]) == (1, [32])
    assert _warning(manifest["validation"], "contacts", "after_as_of")["count"] == 0
    # And no month up to the as-of date is empty
    assert _warning(manifest["validation"], "activity", "empty_months")["count"] == 0


def test_contacts_count_towards_the_busy_months(tmp_path):
    # Given few referrals in April but many contacts in April
    contacts = [f"2024-04-{day:02d}" for day in range(1, 21)]
    result = _extract(tmp_path, [*STEADY, "2024-04-02"], contacts)

    # Then April is busy enough to end the extract
    assert result.as_of == dt.date(2024, 4, 30)


def test_a_month_with_no_activity_is_reported(tmp_path):
    # Given activity in January and March but none in February
    dates = [day for day in STEADY if not day.startswith("2024-02")]
    _extract(tmp_path, dates)

    empty = _warning(read_manifest(tmp_path / "store")["validation"], "activity", "empty_months")

    assert (empty["count"], empty["months"]) == (1, ["2024-02"])


def test_the_as_of_date_is_never_after_today(tmp_path):
    # Given a busy last month that is the current month
    dates = [f"2024-{month:02d}-01" for month in (10, 11, 12) for _ in range(5)]

    # Then the as-of date is today, not the end of December
    assert _extract(tmp_path, dates).as_of == TODAY


def test_a_given_as_of_date_is_kept_and_later_rows_are_rejected(tmp_path):
    result = import_csv(
        tmp_path,
        "referral_id,person_id,referral_date\nR1,P1,2024-01-05\nR2,P2,2024-09-03\n",
        as_of=dt.date(2024, 6, 30),
        today=TODAY,
    )
    assert result.as_of == dt.date(2024, 6, 30)
    assert _warning(result.validation, "referrals", "after_as_of")["count"] == 0
    assert result.validation["referrals_kept"] == 1
