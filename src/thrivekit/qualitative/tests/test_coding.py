"""Manual coding: tagging a span, merging codes, the codebook CSV and REFI-QDA exchange."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thrivekit.qualitative import services
from thrivekit.qualitative.models import Code, Coding, Response
from thrivekit.qualitative.tests.helpers import reviewed, say, url
from thrivekit.sites.models import Role

TEXT = "The waiting list was long but the school nurse was brilliant"


@pytest.mark.django_db
def test_a_span_is_tagged_with_the_form_and_highlighted(site, member, signed_in):
    response = reviewed(site, TEXT)
    client = signed_in(member(Role.CONTRIBUTOR))
    # When a contributor tags characters 4 to 20 with a new code (no script needed)
    page_url = url("response", site, response_id=response.id)
    done = client.post(page_url, {"code": "", "new_code": "Waiting", "start": 4, "end": 20})
    assert done.status_code == 302
    # Then the span is highlighted in the text and listed under the code
    page = client.get(page_url)
    assert "<mark" in page.text
    assert "Waiting</strong>: “waiting list was”" in page.text
    coding = Coding.objects.get()
    assert (coding.code.name, coding.excerpt) == ("Waiting", "waiting list was")


@pytest.mark.django_db
def test_a_span_outside_the_text_is_refused(site, member, signed_in):
    response = reviewed(site, TEXT)
    client = signed_in(member(Role.ANALYST))
    page = client.post(
        url("response", site, response_id=response.id),
        {"new_code": "Waiting", "start": 10, "end": 500},
    )
    assert page.status_code == 200
    assert f"between 0 and {len(TEXT)}" in page.text
    assert not Coding.objects.exists()


@pytest.mark.django_db
def test_a_viewer_cannot_tag(site, member, signed_in):
    response = reviewed(site, TEXT)
    client = signed_in(member(Role.VIEWER))
    page = client.post(
        url("response", site, response_id=response.id), {"new_code": "X", "start": 0, "end": 3}
    )
    assert page.status_code == 403


@pytest.mark.django_db
def test_merging_codes_moves_their_tags(site, member, signed_in):
    response = reviewed(site, TEXT)
    waits = services.code_add(site=site, name="Waits")
    waiting = services.code_add(site=site, name="Waiting times")
    services.coding_add(response=response, code=waits, start=4, end=16)
    services.coding_add(response=response, code=waiting, start=4, end=16)
    services.coding_add(response=response, code=waits, start=34, end=45)
    client = signed_in(member(Role.ANALYST))
    client.post(url("codebook", site), {"source": str(waits.id), "into": str(waiting.id)})
    assert list(Code.objects.for_site(site).values_list("name", flat=True)) == ["Waiting times"]
    # The duplicate tag is dropped; the other one moves
    assert sorted((c.start, c.end) for c in waiting.codings.all()) == [(4, 16), (34, 45)]


@pytest.mark.django_db
def test_the_codebook_downloads_as_csv_and_imports_again(site, other_site, member, signed_in):
    services.code_add(site=site, name="Waiting", description="Time before help")
    client = signed_in(member(Role.VIEWER))
    download = client.get(url("codebook_export", site))
    assert download["Content-Type"].startswith("text/csv")
    assert 'filename="northbridge-codebook.csv"' in download["Content-Disposition"]
    text = download.content.decode()
    assert "Waiting" in text and "Time before help" in text
    # When another site imports it
    importer = signed_in(member(Role.ANALYST, at=other_site))
    file = SimpleUploadedFile("codebook.csv", download.content, content_type="text/csv")
    importer.post(url("codebook_import", other_site), {"file": file})
    imported = Code.objects.for_site(other_site).get()
    assert (imported.name, imported.description) == ("Waiting", "Time before help")


@pytest.mark.django_db
def test_the_qdpx_export_holds_reviewed_texts_codes_and_codings_only(site, member, signed_in):
    shown = reviewed(site, TEXT)
    say(site, "Not reviewed yet: my name is Sam Jones")
    code = services.code_add(site=site, name="Waiting")
    services.coding_add(response=shown, code=code, start=4, end=16)
    client = signed_in(member(Role.ANALYST))
    download = client.get(url("qdpx_export", site))
    assert download["Content-Type"] == "application/zip"
    assert download["Content-Disposition"].endswith('feedback.qdpx"')
    archive = zipfile.ZipFile(io.BytesIO(download.content))
    everything = "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    assert "Waiting" in everything
    assert "school nurse was brilliant" in everything
    assert "Not reviewed yet" not in everything


@pytest.mark.django_db
def test_a_qdpx_project_imports_with_its_codings(site, other_site, member, signed_in):
    shown = reviewed(site, TEXT)
    code = services.code_add(site=site, name="Waiting")
    services.coding_add(response=shown, code=code, start=4, end=16)
    data = services.qdpx_for_site(site=site)
    client = signed_in(member(Role.ANALYST, at=other_site))
    file = SimpleUploadedFile("project.qdpx", data, content_type="application/zip")
    assert client.post(url("qdpx_import", other_site), {"file": file}).status_code == 302
    imported = Response.objects.for_site(other_site).get()
    assert imported.text == TEXT
    coding = imported.codings.get()
    assert (coding.code.name, coding.excerpt) == ("Waiting", "waiting list")
