"""A failed import tells the uploader the file, row and problem, and never repeats the data."""

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thrivekit.extracts import services
from thrivekit.extracts.models import Extract
from thrivekit.sites.models import Role
from thrivekit.tasks.models import Task

NHS_NUMBER = "9078666617"
CONTACTS = "referral_id,contact_date\nR1,2024-01-10\n"


def _upload(client, site, referrals: bytes, name: str = "refs.csv"):
    data = {
        "name": "Broken extract",
        "referrals": SimpleUploadedFile(name, referrals),
        "contacts": SimpleUploadedFile("contacts.csv", CONTACTS.encode()),
        "as_of": "31/03/2024",
    }
    client.post(reverse("extracts:upload", kwargs={"site_slug": site.slug}), data)
    return Extract.objects.for_site(site).get()


def _pages(client, site, extract) -> str:
    detail = client.get(
        reverse("extracts:detail", kwargs={"site_slug": site.slug, "extract_id": extract.id})
    )
    status = client.get(
        reverse("tasks:status", kwargs={"site_slug": site.slug, "task_id": extract.task.id})
    )
    return detail.text + status.text


@pytest.mark.django_db
def test_a_malformed_csv_fails_with_its_row_number_and_none_of_its_values(
    client, site, member, signed_in, settings, caplog
):
    # Given an analyst uploading referrals whose second row is too long to read and holds an
    # NHS number
    signed_in(member(Role.ANALYST))
    referrals = (
        f"referral_id,person_id,referral_date\nR1,{NHS_NUMBER},2024-01-05,{'x' * 2_500_000}\n"
    ).encode()

    # When the import runs
    with caplog.at_level(logging.DEBUG):
        extract = _upload(client, site, referrals)
    pages = _pages(client, site, extract)

    # Then it failed, naming the file (as stored) and the row
    error = extract.task.error
    assert extract.task.status == "failed"
    assert "referrals.csv" in error and "row 2" in error, error
    assert "row 2" in pages
    # And the NHS number appears nowhere: the task, the pages and the log
    assert NHS_NUMBER not in error and NHS_NUMBER not in pages
    assert NHS_NUMBER not in caplog.text
    # And neither do server paths or the engine's own words
    for leak in (str(settings.THRIVEKIT_UPLOADS_DIR), "Original Line", "SELECT", "read_csv"):
        assert leak not in error and leak not in caplog.text and leak not in pages


@pytest.mark.django_db
def test_a_broken_parquet_file_fails_without_the_server_path(
    client, site, member, signed_in, settings, caplog
):
    signed_in(member(Role.ANALYST))
    with caplog.at_level(logging.DEBUG):
        extract = _upload(client, site, f"PAR1 {NHS_NUMBER} not parquet".encode(), "r.parquet")

    error = extract.task.error
    assert extract.task.status == "failed" and "referrals.parquet" in error, error
    text = error + _pages(client, site, extract) + caplog.text
    assert NHS_NUMBER not in text
    assert str(settings.THRIVEKIT_UPLOADS_DIR) not in text
    assert str(settings.THRIVEKIT_EXTRACTS_DIR) not in text


@pytest.mark.django_db
def test_deleting_an_extract_deletes_its_import_task(client, site, member, signed_in):
    # Given a failed import, whose task record holds its error
    signed_in(member(Role.ANALYST))
    extract = _upload(client, site, b"referral_id,person_id,referral_date\nR1,P1,2024-01-05,x\n")
    task_id = extract.task.id

    # When the extract is deleted
    services.extract_delete(extract=extract)

    # Then its task record is gone too
    assert not Task.objects.filter(pk=task_id).exists()
