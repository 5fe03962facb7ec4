"""Workshop downloads: every table as Excel and CSV, anonymous and safe to open."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from thrivekit.sites.models import LocalArea, Role
from thrivekit.sites.tests.factories import LocalAreaFactory
from thrivekit.workshops.models import ChecklistAnswer, WorkshopTable
from thrivekit.workshops.services import comment_review
from thrivekit.workshops.tests.helpers import answer, join, open_workshop

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def url(workshop, file_format, table=None):
    path = reverse(
        "workshops:export",
        kwargs={
            "site_slug": workshop.site.slug,
            "workshop_id": workshop.id,
            "file_format": file_format,
        },
    )
    return path + (f"?table={table}" if table else "")


@pytest.fixture
def hostile_workshop(site):
    """Names and comments that a spreadsheet would run as formulas, one per trigger."""
    workshop = open_workshop(site, tables=())
    for position, name in enumerate(["+Table", "-Table", "@Table", "\tTable", "\rTable"]):
        WorkshopTable.objects.create(site=site, workshop=workshop, name=name, position=position)
    area = LocalAreaFactory(site=site, name='=HYPERLINK("http://evil","area")')
    comments = ["=1+1 joint panel", "+44 is not a phone", "-2+3 waits", "@SUM(A1) data", "=A1"]
    for table, comment in zip(workshop.tables.all(), comments, strict=True):
        # Three people at each table: a table of fewer would be merged in the answers.
        for _ in range(3):
            phone = join(workshop, area=area, table=table)
            answer(phone, workshop, "needs-led.macro", score="2")
            answer(phone, workshop, "ic-01", status="in_place", comment=comment)
    for saved in ChecklistAnswer.objects.filter(participant__workshop=workshop):
        comment_review(answer=saved, review=ChecklistAnswer.Review.APPROVED)
    return workshop


@pytest.mark.django_db
def test_every_csv_table_neutralises_formula_like_text(client, member, signed_in, hostile_workshop):
    # Given a workshop whose area, table names and comments start with =, +, -, @, tab or CR
    signed_in(member(Role.ANALYST))
    keys = ["assessment", "assessment-summary", "checklist", "checklist-summary", "comments"]
    seen = set()
    for key in keys:
        # When each table is downloaded as CSV
        response = client.get(url(hostile_workshop, "csv", key))
        assert response.status_code == 200, key
        assert response["Content-Disposition"].endswith(f'-{key}.csv"')
        cells = [
            c for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) for c in row
        ]
        # Then no cell starts with a character that would make it a formula
        assert not [c for c in cells if c.startswith(TRIGGERS)], key
        seen.update(c for c in cells if c.startswith("'"))
    # And the text is kept, after a leading apostrophe
    assert """'=HYPERLINK("http://evil","area")""" in seen
    assert {"'+Table", "'-Table", "'@Table", "'\tTable", "'\rTable"} <= seen
    assert {"'=1+1 joint panel", "'@SUM(A1) data", "'-2+3 waits"} <= seen


@pytest.mark.django_db
def test_the_excel_workbook_has_no_formulas(client, member, signed_in, hostile_workshop):
    signed_in(member(Role.FACILITATOR))
    response = client.get(url(hostile_workshop, "xlsx"))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Assessment answers",
        "Assessment summary",
        "Checklist answers",
        "Checklist summary",
        "Comments",
    ]
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type != "f" for c in cells)
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert not [t for t in texts if t.startswith(TRIGGERS)]
    assert "'=1+1 joint panel" in texts and "'\rTable" in texts


@pytest.mark.django_db
def test_summaries_keep_numbers_as_numbers(client, member, signed_in, site):
    workshop = open_workshop(site, checklist=False)
    for area, score in zip(LocalArea.objects.for_site(site), ("1", "2", "4"), strict=True):
        answer(join(workshop, area=area), workshop, "needs-led.macro", score=score)
    signed_in(member(Role.FACILITATOR))
    book = load_workbook(io.BytesIO(client.get(url(workshop, "xlsx")).content))
    rows = list(book["Assessment summary"].iter_rows(values_only=True))
    header = rows.index(next(r for r in rows if r and r[0] == "Item"))
    scored = next(r for r in rows[header + 1 :] if r[1] == "needs-led" and r[2] == "macro")
    by_name = dict(zip(rows[header], scored, strict=True))
    assert by_name["Median"] == 2
    assert by_name["THRIVE-like %"] == pytest.approx(33.3)
    assert (by_name["Scored 1"], by_name["Scored 2"], by_name["Scored 4"]) == (1, 1, 1)


@pytest.mark.django_db
def test_only_approved_comments_are_exported(client, member, signed_in, site):
    workshop = open_workshop(site, assessment=False)
    area = LocalArea.objects.for_site(site).first()
    answer(join(workshop, area=area), workshop, "ic-02", status="in_place", comment="Kept back")
    answer(join(workshop, area=area), workshop, "ic-02", status="in_place", comment="Approved")
    comment_review(
        answer=ChecklistAnswer.objects.get(comment="Approved"),
        review=ChecklistAnswer.Review.APPROVED,
    )
    signed_in(member(Role.FACILITATOR))
    text = client.get(url(workshop, "csv", "comments")).content.decode("utf-8-sig")
    assert "Approved" in text and "Kept back" not in text


@pytest.mark.django_db
def test_a_table_the_workshop_does_not_have_is_not_found(client, member, signed_in, site):
    workshop = open_workshop(site, checklist=False)
    signed_in(member(Role.FACILITATOR))
    assert client.get(url(workshop, "csv", "comments")).status_code == 404
    assert client.get(url(workshop, "pdf")).status_code == 404


def _csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def one_police_officer(site):
    """Six people at two tables in two areas; one of them is the only police officer, the only
    person from Eastmoor and the only person at Table G2."""
    workshop = open_workshop(site, tables=("Table G1", "Table G2"))
    areas = {a.name: a for a in LocalArea.objects.for_site(site)}
    g1, g2 = workshop.tables.order_by("position")
    people = [("Riverside", "gp-primary-care", g1)] * 5 + [("Eastmoor", "police", g2)]
    for area, sector, table in people:
        phone = join(workshop, area=areas[area], sector=sector, table=table)
        answer(phone, workshop, "needs-led.macro", score="2")
        answer(phone, workshop, "ic-01", status="in_place")
    return workshop


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["assessment", "checklist"])
def test_row_level_csv_does_not_single_out_a_group_of_one(
    client, member, signed_in, one_police_officer, key
):
    # Given a workshop where one person is the only police officer, from Eastmoor, at Table G2
    signed_in(member(Role.ANALYST))
    # When the answers are downloaded row by row
    rows = _csv_rows(client.get(url(one_police_officer, "csv", key)))
    # Then that person's area, sector and table are shown only as the merged group
    assert len(rows) == 6
    merged = [r for r in rows if r["Sector or role"] != "GP and primary care"]
    assert len(merged) == 1
    assert (merged[0]["Local area"], merged[0]["Sector or role"], merged[0]["Table"]) == (
        "Other (fewer than 3)",
        "Other (fewer than 3)",
        "Other (fewer than 3)",
    )
    # And no cell anywhere names their group
    text = "\n".join(",".join(r.values()) for r in rows)
    assert "Police" not in text and "Eastmoor" not in text and "Table G2" not in text
    # And the group of five is still shown by name
    assert sum(r["Local area"] == "Riverside" and r["Table"] == "Table G1" for r in rows) == 5


@pytest.mark.django_db
def test_the_excel_answers_do_not_single_out_a_group_of_one(
    client, member, signed_in, one_police_officer
):
    signed_in(member(Role.FACILITATOR))
    book = load_workbook(io.BytesIO(client.get(url(one_police_officer, "xlsx")).content))
    for sheet in ("Assessment answers", "Checklist answers"):
        texts = {c for row in book[sheet].iter_rows(values_only=True) for c in row if c}
        assert "Other (fewer than 3)" in texts, sheet
        assert not {"Police", "Eastmoor", "Table G2"} & texts, sheet
        assert {"Riverside", "GP and primary care", "Table G1"} <= texts, sheet
