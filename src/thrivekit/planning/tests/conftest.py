import datetime as dt

import pytest

from thrivekit.priorities import services as priority_services
from thrivekit.priorities.tests.helpers import ITEMS, open_session, rank


@pytest.fixture
def priority(site):
    """A confirmed priority whose gap analysis has two quick wins and three recommendations."""
    session = open_session(site, tables=2)
    rank(session, 1, ITEMS[:5])
    priority_services.priorities_confirm(
        session=session, items=ITEMS[:5], reason="", confirmed_by=None
    )
    first = session.priorities.order_by("rank").first()
    first.recommendations = (
        "Agree one multi-agency front door; record the needs-based grouping for every case; "
        "report waits by grouping to the partnership board."
    )
    first.quick_wins = (
        "Publish one directory of local support\n- Add the grouping field to the form"
    )
    first.save()
    return first


@pytest.fixture
def imported_extract(site, tmp_path):
    """An activity extract imported the way an upload is (synthetic, 800 referrals)."""
    from django.core.files import File

    from thrivekit.activity import write_extract
    from thrivekit.extracts.services import extract_upload

    paths = write_extract(tmp_path / "x", referrals=800, seed=4, end=dt.date(2025, 12, 31))
    with open(paths["referrals"], "rb") as r, open(paths["contacts"], "rb") as c:
        extract = extract_upload(
            site=site,
            name="Autumn extract",
            files={"referrals": File(r, name="r.csv"), "contacts": File(c, name="c.csv")},
            as_of=dt.date(2025, 12, 31),
            uploaded_by=None,
        )
    extract.refresh_from_db()
    assert extract.ready
    return extract
