"""REFI-QDA (.qdpx) export and import, and the Taguette-compatible codebook CSV."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree as ET

import pytest

from thrivekit.feedback.codebook import (
    CodebookEntry,
    CodebookError,
    codebook_from_csv,
    codebook_to_csv,
)
from thrivekit.feedback.qdpx import (
    NS,
    QdaCode,
    QdaCoding,
    QdaProject,
    QdaSource,
    QdpxError,
    qdpx_export,
    qdpx_import,
    qdpx_validate,
)

WAITING = "6f0b2a51-6a0e-4b43-9a55-0d3f1c9a7e01"
LONG_WAITS = "6f0b2a51-6a0e-4b43-9a55-0d3f1c9a7e02"
SCHOOL = "6f0b2a51-6a0e-4b43-9a55-0d3f1c9a7e03"
SOURCE_A = "0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5"
SOURCE_B = "0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d6"


def project() -> QdaProject:
    text_a = "We waited nine months. The school counsellor was lovely – café chats helped."
    text_b = "Nobody rang back 📞 after the referral."
    return QdaProject(
        name="Northbridge listening events",
        codes=(
            QdaCode(WAITING, "Waiting", "Time before help starts", "#FF8800"),
            QdaCode(LONG_WAITS, "Long waits", parent=WAITING),
            QdaCode(SCHOOL, "Support in school"),
        ),
        sources=(
            QdaSource(SOURCE_A, "Response 1", text_a),
            QdaSource(SOURCE_B, "Response 2", text_b),
        ),
        codings=(
            QdaCoding(SOURCE_A, 0, 22, LONG_WAITS),
            QdaCoding(SOURCE_A, 23, text_a.index(" helped"), SCHOOL),
            QdaCoding(SOURCE_B, 0, len(text_b), WAITING),
        ),
    )


def test_a_project_survives_export_and_import():
    # Given a project with nested codes, two sources (one with an emoji) and three codings
    original = project()
    # When exported to .qdpx and imported again
    again = qdpx_import(qdpx_export(original))
    # Then everything comes back the same, offsets counted in characters
    assert again == original
    coding = again.codings[1]
    assert again.sources[0].text[coding.start : coding.end].startswith("The school counsellor")


def test_the_zip_holds_project_qde_in_the_refi_namespace_and_text_sources():
    data = qdpx_export(project())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        root = ET.fromstring(archive.read("project.qde"))
    assert "project.qde" in names
    assert sorted(n for n in names if n.startswith("sources/")) == [
        f"sources/{SOURCE_A}.txt",
        f"sources/{SOURCE_B}.txt",
    ]
    assert root.tag == f"{{{NS}}}Project"
    assert root.find(f"{{{NS}}}CodeBook/{{{NS}}}Codes/{{{NS}}}Code/{{{NS}}}Code") is not None
    selection = root.find(f".//{{{NS}}}TextSource/{{{NS}}}PlainTextSelection")
    assert selection.get("startPosition") == "0" and selection.get("endPosition") == "22"
    assert qdpx_validate(data) == []


def test_ids_that_are_not_guids_get_stable_guids():
    small = QdaProject(
        "p", (QdaCode("theme-1", "Waits"),), (QdaSource("12", "r12", "long wait"),), ()
    )
    first, second = qdpx_import(qdpx_export(small)), qdpx_import(qdpx_export(small))
    assert first.codes[0].guid == second.codes[0].guid != "theme-1"
    assert qdpx_validate(qdpx_export(small)) == []


def test_validation_names_what_the_schema_requires():
    # Given a project.qde with a code missing isCodable and a coding pointing nowhere
    xml = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="{NS}" name="x"><CodeBook><Codes>
<Code guid="{WAITING}" name="Waiting"/></Codes></CodeBook>
<Sources><TextSource guid="{SOURCE_A}" name="a"><PlainTextContent>hello</PlainTextContent>
<PlainTextSelection guid="{SOURCE_B}" startPosition="0" endPosition="9">
<Coding guid="{LONG_WAITS}"><CodeRef targetGUID="{SCHOOL}"/></Coding></PlainTextSelection>
</TextSource></Sources></Project>"""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.qde", xml)
    problems = qdpx_validate(buffer.getvalue())
    assert "a Code has no isCodable" in problems
    assert "a CodeRef points to no Code" in problems
    assert any("outside" in problem for problem in problems)
    with pytest.raises(QdpxError):
        qdpx_import(buffer.getvalue())


def test_not_a_qdpx_is_refused():
    with pytest.raises(QdpxError, match="not a .qdpx"):
        qdpx_import(b"plain text")


def test_codebook_csv_has_taguettes_columns_and_round_trips():
    entries = [
        CodebookEntry("Waiting", "Time before help starts"),
        CodebookEntry("Long waits", 'Over 18 weeks, "officially"', parent="Waiting"),
        CodebookEntry("=cmd|' /C calc'!A0", "a formula someone typed"),
    ]
    text = codebook_to_csv(entries, highlights={"Waiting": 4})
    lines = text.splitlines()
    assert lines[0] == "tag,parent,description,number of highlights"
    assert lines[1] == "Waiting,,Time before help starts,4"
    assert "'=cmd" in text  # not run as a formula when opened in a spreadsheet
    assert codebook_from_csv(text) == entries


def test_a_taguette_export_imports():
    # Given a codebook exported by Taguette (its four columns)
    text = (
        "tag,parent,description,number of highlights\r\n"
        "waiting,,Long waits,12\r\n"
        "waiting.camhs,waiting,For CAMHS,3\r\n"
        "\r\n"
    )
    assert codebook_from_csv(text) == [
        CodebookEntry("waiting", "Long waits"),
        CodebookEntry("waiting.camhs", "For CAMHS", parent="waiting"),
    ]


def test_a_name_or_path_column_works_and_bad_files_name_the_row():
    assert codebook_from_csv("Name;Description\nSchool;In school\n") == [
        CodebookEntry("School", "In school")
    ]
    with pytest.raises(CodebookError, match="no 'tag'"):
        codebook_from_csv("code,description\nx,y\n")
    with pytest.raises(CodebookError, match="one of tag, name, path"):
        codebook_from_csv("tag,name\nx,y\n")
    with pytest.raises(CodebookError) as caught:
        codebook_from_csv("tag,description\nok,fine\n,empty name\n")
    assert caught.value.row == 3
