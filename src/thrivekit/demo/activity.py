"""A demo activity extract for Northbridge, made by the synthetic extract generator."""

import datetime as dt
import tempfile
from pathlib import Path

from django.core.files import File

from thrivekit.activity import write_extract
from thrivekit.extracts.selectors import extracts_for_site
from thrivekit.extracts.services import extract_upload

NAME = "Northbridge CAMHS and partners, synthetic extract"
REFERRALS = 4000


def seed_extract(site, *, uploaded_by=None) -> None:
    if extracts_for_site(site=site).filter(name=NAME).exists():
        return
    with tempfile.TemporaryDirectory() as folder:
        paths = write_extract(
            Path(folder), referrals=REFERRALS, seed=2026, end=dt.date(2026, 3, 31)
        )
        with (
            open(paths["referrals"], "rb") as referrals,
            open(paths["contacts"], "rb") as contacts,
            open(paths["capacity"], "rb") as capacity,
        ):
            extract_upload(
                site=site,
                name=NAME,
                files={
                    "referrals": File(referrals, name="referrals.csv"),
                    "contacts": File(contacts, name="contacts.csv"),
                    "capacity": File(capacity, name="capacity.csv"),
                },
                as_of=dt.date(2026, 3, 31),
                uploaded_by=uploaded_by,
                run_now=True,  # the scenarios are calibrated from it next
            )
