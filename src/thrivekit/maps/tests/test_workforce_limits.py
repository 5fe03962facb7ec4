"""The workforce upload goes through the one reader and its limits (issue 13 item 17).

It had no size or zip-bomb limit before.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thrivekit.inputs import UPLOADS
from thrivekit.inputs.tests.files import csv_bytes_of_size, csv_rows, limit_uploads, zip_bomb_xlsx
from thrivekit.maps import services
from thrivekit.sites.models import Role

HEADER = ("service_id", "profession", "band", "wte", "vacancies", "training")


def problems(site, filename, data) -> list[str]:
    rows, found = services.workforce_read(site=site, data=data, filename=filename)
    assert rows == []
    return found


@pytest.mark.django_db
def test_a_zip_bomb_workforce_workbook_is_refused(demo_site_map):
    bomb = zip_bomb_xlsx([HEADER, ("single-point-of-access", "Nurse", "6", 1, 0, "")])
    assert problems(demo_site_map, "staff.xlsx", bomb) == [
        "staff.xlsx is compressed more than 100 to 1, the limit for an upload "
        "(a zip bomb would fill the memory)."
    ]


@pytest.mark.django_db
def test_an_oversize_workforce_csv_is_refused(demo_site_map):
    data = csv_bytes_of_size(UPLOADS.max_bytes + 1, header=",".join(HEADER))
    assert problems(demo_site_map, "staff.csv", data) == [
        "staff.csv is larger than 20 MB, the limit for an upload."
    ]


@pytest.mark.django_db
def test_a_workforce_table_with_too_many_rows_is_refused(demo_site_map):
    data = csv_rows(UPLOADS.max_rows + 1, header=",".join(HEADER))
    assert problems(demo_site_map, "staff.csv", data) == [
        "staff.csv has more than 20,000 rows, the limit for an upload: split it into parts."
    ]


@pytest.mark.django_db
def test_the_page_refuses_an_oversize_upload_and_keeps_the_table(
    client, demo_site_map, member, signed_in, monkeypatch
):
    limit_uploads(monkeypatch, "thrivekit.maps.views", "thrivekit.maps.services", max_bytes=1000)
    signed_in(member(Role.CONTRIBUTOR))
    response = client.post(
        reverse("maps:workforce", kwargs={"site_slug": demo_site_map.slug}),
        {"file": SimpleUploadedFile("w.csv", csv_bytes_of_size(5000, header=",".join(HEADER)))},
    )
    assert response.status_code == 200
    assert "w.csv is larger than 1,000 bytes, the limit for an upload." in response.text
