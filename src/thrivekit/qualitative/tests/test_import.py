"""Importing a survey export: the column-mapping step, all or nothing, and the row report."""

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile

from thrivekit.qualitative.models import PendingUpload, Response, SavedMapping, Source
from thrivekit.qualitative.tests.helpers import url
from thrivekit.sites.models import Role

SURVEY = (
    "Response ID,Are you...,Local area,What could be better?,Anything else?\n"
    "1,A young person,Riverside,The waiting list is far too long,\n"
    "2,A parent or carer,Eastmoor,Nobody called us back after the referral,We felt alone\n"
    "3,Staff,Riverside,More time to talk to families,\n"
)
MAPPING = {
    "name": "Spring survey",
    "id": "Response ID",
    "time": "",
    "group": "Are you...",
    "area": "Local area",
    "text": ["What could be better?", "Anything else?"],
}


def upload(client, site, text=SURVEY, name="spring.csv"):
    file = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post(url("upload", site), {"file": file})


@pytest.mark.django_db
def test_the_mapping_step_shows_the_files_columns_then_imports_the_chosen_ones(
    site, member, signed_in
):
    client = signed_in(member(Role.ANALYST))
    # Given an uploaded survey export
    response = upload(client, site)
    assert response.status_code == 302
    mapping_page = client.get(response["Location"])
    # Then the mapping step offers every column of the file
    assert "3 rows and 5 columns" in mapping_page.text
    for column in ("Are you...", "Local area", "What could be better?"):
        assert column in mapping_page.text
    # When the analyst chooses the group, area and free-text columns
    done = client.post(response["Location"], MAPPING)
    assert done.status_code == 302
    # Then each non-empty free-text answer is a response with its group and area
    answers = Response.objects.for_site(site).order_by("respondent", "question")
    assert [(a.respondent, a.group, a.area) for a in answers] == [
        ("1", "young_person", "Riverside"),
        ("2", "parent_carer", "Eastmoor"),
        ("2", "parent_carer", "Eastmoor"),
        ("3", "staff", "Riverside"),
    ]
    assert Source.objects.for_site(site).get().name == "Spring survey"
    # And the file is not kept once imported
    assert not PendingUpload.objects.for_site(site).exists()
    home = client.get(url("home", site))
    assert "4 answers are imported" in home.text


@pytest.mark.django_db
def test_the_mapping_is_remembered_for_the_next_file_of_the_same_shape(site, member, signed_in):
    client = signed_in(member(Role.ANALYST))
    first = upload(client, site)
    client.post(first["Location"], MAPPING)
    assert SavedMapping.objects.for_site(site).count() == 1
    # When next term's file with the same columns is uploaded
    second = upload(client, site, name="autumn.csv")
    page = client.get(second["Location"])
    # Then the columns are chosen as last time
    assert "chosen as they were for the last import" in page.text
    html = BeautifulSoup(page.text, "html.parser")
    assert html.select_one("#id_group option[selected]")["value"] == "Are you..."
    checked = [box["value"] for box in html.select("input[name=text][checked]")]
    assert checked == ["What could be better?", "Anything else?"]


@pytest.mark.django_db
def test_a_file_with_bad_rows_imports_nothing_and_lists_every_problem(site, member, signed_in):
    client = signed_in(member(Role.SITE_LEAD))
    bad = SURVEY + "3,Staff,Eastmoor,Shorter waits please,\n,Staff,Eastmoor,Better rooms,\n"
    step = upload(client, site, text=bad)
    page = client.post(step["Location"], MAPPING)
    # Then the page lists each row's problem, and nothing is imported
    assert page.status_code == 200
    assert "Nothing was imported: the file has 2 problems" in page.text
    rows = BeautifulSoup(page.text, "html.parser").select("#row-errors tbody tr")
    problems = [[cell.text for cell in row.select("td")][:2] for row in rows]
    assert problems == [["5", "Response ID"], ["6", "Response ID"]]
    assert not Response.objects.for_site(site).exists()
    assert not Source.objects.for_site(site).exists()
    # And the upload is kept so other columns can be chosen
    assert PendingUpload.objects.for_site(site).count() == 1


@pytest.mark.django_db
def test_a_mapping_without_a_free_text_question_is_refused(site, member, signed_in):
    client = signed_in(member(Role.ANALYST))
    step = upload(client, site)
    page = client.post(step["Location"], {**MAPPING, "text": []})
    assert "Choose at least one free-text question." in page.text
    assert not Response.objects.for_site(site).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.VIEWER, Role.CONTRIBUTOR, Role.FACILITATOR])
def test_only_analysts_and_the_site_lead_import_surveys(site, member, signed_in, role):
    client = signed_in(member(role))
    assert upload(client, site).status_code == 403


@pytest.mark.django_db
def test_someone_elses_upload_cannot_be_opened(site, member, signed_in):
    first = signed_in(member(Role.ANALYST))
    step = upload(first, site)
    second = signed_in(member(Role.SITE_LEAD))
    assert second.get(step["Location"]).status_code == 404


@pytest.mark.django_db
def test_notes_from_an_event_are_saved_point_by_point_with_their_group(site, member, signed_in):
    client = signed_in(member(Role.FACILITATOR))
    response = client.post(
        url("notes_add", site),
        {
            "title": "Parents' evening",
            "group": "parent_carer",
            "area": "Eastmoor",
            "text": "Waits are too long.\n\nThe school nurse was brilliant.",
        },
    )
    assert response.status_code == 302
    points = Response.objects.for_site(site)
    assert [p.text for p in points] == ["Waits are too long.", "The school nurse was brilliant."]
    assert {(p.group, p.area) for p in points} == {("parent_carer", "Eastmoor")}
