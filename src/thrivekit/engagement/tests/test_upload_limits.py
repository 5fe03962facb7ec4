"""A register upload goes through the one reader and its limits (issue 13 item 17)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thrivekit.engagement import services
from thrivekit.engagement.models import Stakeholder
from thrivekit.inputs import UPLOADS
from thrivekit.inputs.tests.files import csv_bytes_of_size, csv_rows, limit_uploads, zip_bomb_xlsx
from thrivekit.sites.models import Role


def rejected(site, file_name, data) -> str:
    with pytest.raises(services.ImportRejected) as caught:
        services.stakeholders_import(site=site, file_name=file_name, data=data)
    [error] = caught.value.errors
    return error.message


@pytest.mark.django_db
def test_a_zip_bomb_register_is_refused_and_no_one_is_added(site):
    bomb = zip_bomb_xlsx([("Name", "Sector"), ("Ann Lee", "Police")], unpacked_mb=30)
    assert "register.xlsx is compressed more than 100 to 1" in rejected(site, "register.xlsx", bomb)
    assert not Stakeholder.objects.exists()


@pytest.mark.django_db
def test_an_oversize_register_is_refused_naming_the_limit(site):
    data = csv_bytes_of_size(UPLOADS.max_bytes + 1, header="Name,Sector")
    assert rejected(site, "register.csv", data) == (
        "register.csv is larger than 20 MB, the limit for an upload."
    )


@pytest.mark.django_db
def test_a_register_with_too_many_rows_is_refused(site, monkeypatch):
    limit_uploads(monkeypatch, "thrivekit.engagement.tables", max_rows=10)
    message = rejected(site, "register.csv", csv_rows(11, header="Name,Sector"))
    assert (
        message
        == "register.csv has more than 10 rows, the limit for an upload: split it into parts."
    )


@pytest.mark.django_db
def test_an_oversize_upload_on_the_page_is_refused_with_the_limit(
    client, site, member, signed_in, monkeypatch
):
    limit_uploads(
        monkeypatch, "thrivekit.engagement.views", "thrivekit.engagement.tables", max_bytes=1000
    )
    signed_in(member(Role.SITE_LEAD))
    response = client.post(
        reverse("engagement:import", kwargs={"site_slug": site.slug}),
        {"file": SimpleUploadedFile("big.csv", csv_bytes_of_size(5000, header="Name,Sector"))},
    )
    assert "big.csv is larger than 1,000 bytes, the limit for an upload." in response.text
    assert not Stakeholder.objects.exists()
