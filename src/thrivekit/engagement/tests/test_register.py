"""The stakeholder register: adding people, importing all or nothing, exporting safely."""

import csv
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from thrivekit.engagement import exports, selectors, services
from thrivekit.engagement.models import Stakeholder
from thrivekit.engagement.sectors import find_sector
from thrivekit.workshops import services as workshop_services

HEADER = "Name,Role,Organisation,Sector,Email,Engagement status,Transformation group role,Notes\n"


def import_csv(site, text: str):
    return services.stakeholders_import(site=site, file_name="register.csv", data=text.encode())


def rejected(site, text: str) -> list[tuple[int, str, str]]:
    with pytest.raises(services.ImportRejected) as caught:
        import_csv(site, text)
    return [(e.row, e.column, e.message) for e in caught.value.errors]


def add(site, name, sector="gp-primary-care", **fields):
    return services.stakeholder_add(site=site, name=name, sector=sector, **fields)


@pytest.mark.django_db
def test_a_clean_file_adds_everyone_with_sectors_given_by_name_or_id(site):
    # Given a register with sectors as names in any case, and as ids
    text = HEADER + (
        "Ann Lee,Head of Inclusion,Eastmoor Academy,SECONDARY SCHOOLS,ann@eastmoor.example,"
        "Invited,i-THRIVE champion,\n"
        "Bo Chen,GP,Riverside Practice,gp-primary-care,,engaged,chair,Keen\n"
        "Cat Ode,Manager,Youth Trust,Voluntary and community sector providers,,,,\n"
    )
    # When it is imported
    added = import_csv(site, text)
    # Then all three are in the register with the right sector, status and group role
    assert len(added) == 3
    by_name = {s.name: s for s in selectors.stakeholders_for_site(site=site)}
    assert by_name["Ann Lee"].sector == "secondary-school"
    assert by_name["Ann Lee"].status == Stakeholder.Status.INVITED
    assert by_name["Ann Lee"].group_role == Stakeholder.GroupRole.CHAMPION
    assert by_name["Bo Chen"].group_role == Stakeholder.GroupRole.CHAIR
    assert by_name["Cat Ode"].sector == "voluntary-sector"
    assert by_name["Cat Ode"].status == Stakeholder.Status.IDENTIFIED


@pytest.mark.django_db
def test_one_bad_row_adds_no_one_and_every_problem_has_its_row_and_column(site):
    # Given a file with two good rows and problems on rows 3 and 5
    text = HEADER + (
        "Ann Lee,,,GP and primary care,,,,\n"
        ",,,Police,not-an-email,,,\n"
        "Bo Chen,,,police,,,,\n"
        "Cat Ode,,,Astronauts,,Delighted,Boss,\n"
    )
    # When it is imported
    problems = rejected(site, text)
    # Then nothing is added, and each problem names its row (header = 1) and column
    assert not selectors.stakeholders_for_site(site=site).exists()
    where = {(row, column) for row, column, _ in problems}
    assert where == {
        (3, "Name"),
        (3, "Email"),
        (5, "Sector"),
        (5, "Engagement status"),
        (5, "Transformation group role"),
    }
    messages = " ".join(message for _, _, message in problems)
    assert "'Astronauts' is not a sector" in messages
    assert "'not-an-email' is not an email address" in messages


@pytest.mark.django_db
def test_a_name_already_in_the_register_or_twice_in_the_file_is_refused(site):
    # Given Ann Lee is in the register
    add(site, "Ann Lee")
    # When a file lists her again, and Bo Chen twice
    text = HEADER + "ann lee ,,,police,,,,\nBo Chen,,,police,,,,\nBO CHEN,,,police,,,,\n"
    problems = rejected(site, text)
    # Then both duplicates are reported and nothing is added
    assert (2, "Name", "ann lee is already in the register.") in problems
    assert (4, "Name", "BO CHEN is already in row 3.") in problems
    assert selectors.stakeholders_for_site(site=site).count() == 1


@pytest.mark.django_db
def test_unknown_or_missing_columns_are_reported_on_row_one(site):
    problems = rejected(site, "Name,Phone\nAnn Lee,07700 900123\n")
    assert (1, "Phone") in {(row, column) for row, column, _ in problems}
    assert (1, "Sector", "There is no Sector column.") in problems


@pytest.mark.django_db
def test_a_file_that_is_not_a_table_is_refused_with_a_message(site):
    with pytest.raises(services.ImportRejected) as caught:
        services.stakeholders_import(site=site, file_name="photo.png", data=b"\x89PNG...")
    assert "CSV" in caught.value.errors[0].message


@pytest.mark.django_db
def test_an_excel_workbook_imports_and_reports_its_rows(site):
    # Given a workbook whose third row has an unknown sector
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Name", "Sector", "Role (job title)"])
    sheet.append(["Ann Lee", "Police", "Inspector"])
    sheet.append(["Bo Chen", "Wizards", "GP"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    # When it is imported, then row 3's sector is reported
    with pytest.raises(services.ImportRejected) as caught:
        services.stakeholders_import(site=site, file_name="r.xlsx", data=buffer.getvalue())
    assert [(e.row, e.column) for e in caught.value.errors] == [(3, "Sector")]
    # And once corrected, both are added
    sheet["B3"] = "gp and primary care"
    buffer = io.BytesIO()
    workbook.save(buffer)
    added = services.stakeholders_import(site=site, file_name="r.xlsx", data=buffer.getvalue())
    assert sorted(s.sector for s in added) == ["gp-primary-care", "police"]


def _shared_export_text(site) -> str:
    csv_text = exports.register_csv(site=site, audience=exports.TO_SHARE).decode("utf-8-sig")
    workbook = openpyxl.load_workbook(
        io.BytesIO(exports.register_xlsx(site=site, audience=exports.TO_SHARE))
    )
    cells = [
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    return csv_text + "\n".join(cells)


@pytest.mark.django_db
def test_an_export_to_share_has_no_email_anywhere(site):
    # Given people with emails, one also typed into their notes
    add(site, "Ann Lee", email="ann.lee@eastmoor.example")
    add(site, "Bo Chen", email="bo@riverside.example", notes="Prefers bo.chen@home.example")
    # When the register is exported to share, as CSV and as Excel
    text = _shared_export_text(site)
    # Then no "@" is anywhere in it, but the people are
    assert "@" not in text
    assert "Ann Lee" in text and "Bo Chen" in text
    # While the export for the site keeps the emails
    for_site = exports.register_csv(site=site, audience=exports.FOR_SITE).decode("utf-8-sig")
    assert "ann.lee@eastmoor.example" in for_site


@pytest.mark.django_db
def test_exports_neutralise_formulas_and_import_back_unchanged(site):
    # Given a note and an organisation that a spreadsheet would run as formulas
    add(site, "Ann Lee", organisation='=HYPERLINK("http://x")', notes="-1 for now", sector="police")
    # When the register is exported for the site
    data = exports.register_csv(site=site, audience=exports.FOR_SITE)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    # Then the cells start with an apostrophe, so they stay text
    assert rows[1][2] == '\'=HYPERLINK("http://x")'
    assert rows[1][7] == "'-1 for now"
    workbook = openpyxl.load_workbook(
        io.BytesIO(exports.register_xlsx(site=site, audience=exports.FOR_SITE))
    )
    sheet = workbook.worksheets[0]
    assert sheet["C2"].value == '\'=HYPERLINK("http://x")' and sheet["C2"].data_type == "s"
    # And importing the export into an empty register gives back the same text
    selectors.stakeholders_for_site(site=site).delete()
    (again,) = services.stakeholders_import(site=site, file_name="r.csv", data=data)
    assert again.organisation == '=HYPERLINK("http://x")' and again.notes == "-1 for now"
    assert again.sector == "police"


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(["GP and primary care", "gp-primary-care", "Police", "parent-carer",
                        "Parents and carers", "Universal health services"]),
       st.sampled_from([str.upper, str.lower, str.title, lambda s: f"  {s} "]))  # fmt: skip
def test_a_sector_is_found_by_id_or_name_whatever_the_case(text, change):
    assert find_sector(change(text)) == find_sector(text) is not None


def test_a_text_that_names_no_sector_finds_none():
    assert find_sector("Education") is None  # a group, not a sector
    assert find_sector("") is None


@pytest.mark.django_db
def test_a_name_is_unique_in_a_site_ignoring_case(site, other_site):
    add(site, "Ann Lee")
    with pytest.raises(ValidationError):
        add(site, "ANN  LEE")
    # Another site may have its own Ann Lee
    assert add(other_site, "Ann Lee").site == other_site


@pytest.mark.django_db
def test_workshop_participants_who_gave_a_name_are_marked_as_attended(site):
    # Given three people in the register and a workshop that two of them joined by name
    ann = add(site, "Ann Lee", status=Stakeholder.Status.INVITED)
    bo = add(site, "Bo Chen")
    cat = add(site, "Cat Ode")
    workshop = workshop_services.workshop_create(
        site=site,
        title="Baseline",
        includes_assessment=True,
        includes_checklist=False,
        principles=[],
        levels=[],
        table_names=["Table 1"],
    )
    workshop_services.workshop_open(workshop=workshop)
    for name in ("  ann LEE ", "Bo Chen", ""):
        workshop_services.participant_join(
            workshop=workshop, local_area=None, sector="police", table=None, name=name
        )
    # Then Ann and Bo attended as they joined; Cat did not
    # And marking again when the workshop closes finds nobody left to mark
    assert services.stakeholders_mark_attended(workshop=workshop) == []
    for person, status in ((ann, "attended"), (bo, "attended"), (cat, "identified")):
        person.refresh_from_db()
        assert person.status == status


@pytest.mark.django_db
def test_joining_a_workshop_marks_the_register_and_later_additions_too(site):
    # Given Ann in the register and an open workshop
    ann = add(site, "Ann Lee", status=Stakeholder.Status.INVITED)
    workshop = workshop_services.workshop_create(
        site=site,
        title="Baseline",
        includes_assessment=True,
        includes_checklist=False,
        principles=[],
        levels=[],
        table_names=["Table 1"],
    )
    workshop_services.workshop_open(workshop=workshop)
    # When Ann and Dee (not yet in the register) join by name, while the workshop is still open
    for name in ("ann lee", "Dee Kay"):
        workshop_services.participant_join(
            workshop=workshop, local_area=None, sector="police", table=None, name=name
        )
    # Then Ann is marked as attended at once
    ann.refresh_from_db()
    assert ann.status == Stakeholder.Status.ATTENDED
    # And Dee, added to the register afterwards, by hand or in an import, has attended too
    assert add(site, "Dee Kay").status == Stakeholder.Status.ATTENDED
    imported = import_csv(site, HEADER + "Eve Ray,,,Police,,,,\n")
    assert imported[0].status == Stakeholder.Status.IDENTIFIED
