"""Survey exports from each platform, written from their documented formats (fixtures/)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from thrivekit.feedback.surveys import (
    ColumnMapping,
    SurveyError,
    survey_csv,
    survey_read,
    survey_sniff,
)

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_microsoft_forms_workbook_is_recognised_and_multi_choices_split():
    # Given a Microsoft Forms export (ID, Start time, Completion time, Email, Name, questions)
    data = fixture("microsoft_forms.xlsx")
    # When sniffed and read with the suggested mapping
    shape = survey_sniff(data, filename="responses.xlsx")
    responses = survey_read(data, filename="responses.xlsx")
    # Then the platform, the free-text question and the roles are found
    assert shape.platform == "microsoft-forms"
    assert shape.encoding == "xlsx" and shape.delimiter is None and shape.rows == 3
    assert shape.suggested == ColumnMapping(
        id="ID",
        time="Completion time",
        group="Which of these describes you?",
        area="Which area do you live in?",
        text=("What would make support better for you?",),
    )
    kinds = {column.key: column.kind for column in shape.columns}
    assert kinds["Email"] == kinds["Name"] == "other"  # never offered as free text
    # And ";"-joined choices become separate options, the trailing ";" ignored
    first = responses[0]
    assert first.id == "1" and first.submitted == "2024-03-04T10:12:40"
    assert first.group == "Young person" and first.area == "North"
    assert first.choices["Which services have you used?"] == (
        "School counsellor",
        "Online counselling",
    )
    assert first.answers[0].text == "Being able to message someone instead of phoning."
    # And a response with no free text is kept with no answers
    assert responses[2].answers == ()


def test_limesurvey_question_codes_group_subquestions():
    # Given a LimeSurvey export with question codes and Y for ticked subquestions
    data = fixture("limesurvey_codes.csv")
    shape = survey_sniff(data, filename="results-survey123.csv")
    responses = survey_read(data, filename="results-survey123.csv")
    # Then Q2[SQ001].. are one multi-choice question, and the code columns are named
    assert shape.platform == "limesurvey"
    kinds = {column.key: column.kind for column in shape.columns}
    assert kinds["G01Q02"] == "multi" and kinds["G01Q03"] == "text" and kinds["id"] == "id"
    assert shape.suggested.time == "submitdate"
    assert responses[0].choices["G01Q02"] == ("SQ001", "SQ003")
    # And an incomplete response (no submit date) is kept without a time
    assert responses[2].submitted is None and responses[2].answers == ()


def test_limesurvey_full_question_text_headings():
    # Given the "full question text" headings and full answers
    data = fixture("limesurvey_full.csv")
    responses = survey_read(data, filename="results.csv")
    shape = survey_sniff(data, filename="results.csv")
    # Then "Question [Option]" columns are one question and dates are read day first
    assert shape.platform == "limesurvey"
    assert responses[0].choices["Which services have you used?"] == (
        "School counsellor",
        "Online counselling",
    )
    assert responses[0].submitted == "2024-03-04T10:12:00"
    assert responses[1].group == "Parent or carer"


def test_redcap_raw_with_dictionary_uses_labels():
    # Given a REDCap raw export and its data dictionary
    data, dictionary = fixture("redcap_raw.csv"), fixture("redcap_dictionary.csv")
    shape = survey_sniff(data, filename="export.csv", dictionary=dictionary)
    responses = survey_read(data, filename="export.csv", dictionary=dictionary)
    # Then codes become the dictionary's labels, checkboxes one question, identifiers hidden
    assert shape.platform == "redcap"
    columns = {column.key: column for column in shape.columns}
    assert columns["services"].kind == "multi"
    assert columns["services"].label == "Which services have you used?"
    assert columns["email"].kind == "other"  # marked as an identifier in the dictionary
    assert columns["improve"].kind == "text"
    assert responses[0].group == "Young person" and responses[0].area == "North"
    assert responses[0].choices["Which services have you used?"] == (
        "School counsellor",
        "Online counselling",
    )
    assert responses[1].choices["Did you get the help you needed?"] == ("Yes",)


def test_redcap_labels_export_reads_the_same_as_raw():
    # Given the same records exported as labels (no dictionary needed)
    labels = survey_read(fixture("redcap_labels.csv"), filename="labels.csv")
    raw = survey_read(
        fixture("redcap_raw.csv"), filename="raw.csv", dictionary=fixture("redcap_dictionary.csv")
    )
    # Then the people, their groups, areas, answers and checkboxes agree
    for left, right in zip(labels, raw, strict=True):
        assert (left.id, left.group, left.area, left.answers) == (
            right.id,
            right.group,
            right.area,
            right.answers,
        )
        assert (
            left.choices["Which services have you used?"]
            == right.choices["Which services have you used?"]
        )


def test_redcap_code_missing_from_the_dictionary_is_a_row_problem():
    # Given a raw export whose row 3 has a respondent code the dictionary does not know
    data = fixture("redcap_raw.csv").replace(
        b"\n2,,2024-03-05 18:31:09,2,", b"\n2,,2024-03-05 18:31:09,9,"
    )
    # When read, then nothing is imported and the problem names the row and column
    with pytest.raises(SurveyError) as caught:
        survey_read(data, filename="raw.csv", dictionary=fixture("redcap_dictionary.csv"))
    [problem] = caught.value.problems
    assert (problem.row, problem.column) == (3, "respondent")


def test_kobo_group_paths_and_space_separated_multi_selects():
    # Given a KoboToolbox CSV export (";" separated, group paths, 0/1 option columns)
    data = fixture("kobo.csv")
    shape = survey_sniff(data, filename="kobo.csv")
    responses = survey_read(data, filename="kobo.csv")
    # Then the option columns fold into their question and the meta columns are not text
    assert shape.platform == "kobo" and shape.delimiter == ";"
    keys = [column.key for column in shape.columns]
    assert "group_about/services/gp" not in keys
    assert shape.suggested.text == ("group_views/what_could_be_better",)
    assert shape.suggested.id == "_uuid" and shape.suggested.time == "_submission_time"
    assert responses[0].choices["Services"] == ("school_counsellor", "online")
    assert responses[1].answers[0].question == "What could be better"


def test_smartsurvey_export():
    data = fixture("smartsurvey.csv")
    shape = survey_sniff(data, filename="smartsurvey.csv")
    responses = survey_read(data, filename="smartsurvey.csv")
    assert shape.platform == "smartsurvey"
    assert shape.suggested.id == "UserID" and shape.suggested.time == "Ended"
    assert {column.key: column.kind for column in shape.columns}["IP Address"] == "other"
    assert responses[0].group == "Member of staff"
    assert responses[1].submitted == "2024-03-05T18:31:09"


@pytest.mark.parametrize(
    ("encoding", "delimiter", "expected"),
    [
        ("utf-8", ",", "utf-8"),
        ("utf-8-sig", ",", "utf-8-sig"),
        ("cp1252", ";", "cp1252"),
        ("utf-16", "\t", "utf-16"),
    ],
)
def test_generic_csv_encodings_and_delimiters_are_sniffed(encoding, delimiter, expected):
    # Given the same generic CSV saved in another encoding with another delimiter
    rows = [
        ["Ref", "Date", "Group", "Area", "Comments"],
        [
            "G1",
            "2024-03-04",
            "Young person",
            "North",
            "The café with the youth worker feels normal.",
        ],
        ["G2", "2024-03-05", "Staff", "South", "We lose time chasing referrals between teams."],
    ]
    text = survey_csv(rows[0], rows[1:], delimiter=delimiter).decode("utf-8")
    data = text.encode(encoding)
    # When sniffed and read
    shape = survey_sniff(data, filename="feedback.csv")
    responses = survey_read(data, filename="feedback.csv")
    # Then the encoding and delimiter are found and accents survive
    assert (shape.encoding, shape.delimiter, shape.platform) == (expected, delimiter, "generic")
    assert responses[0].answers[0].text.startswith("The café")
    assert shape.suggested.group == "Group" and shape.suggested.area == "Area"


def test_generic_xlsx():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Comment", "Who"])
    sheet.append(["More evening appointments would help a lot", "Parent"])
    sheet.append(["I like the online chat because nobody sees me go in", "Young person"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    responses = survey_read(buffer.getvalue(), filename="notes.xlsx")
    assert [r.id for r in responses] == ["2", "3"]  # row numbers when there is no id column
    assert responses[1].answers[0].question == "Comment"


def test_every_row_problem_is_listed_and_nothing_is_imported():
    # Given rows with a repeated id, a missing id and a time that is not a date
    data = survey_csv(
        ["ID", "Submitted", "Comment"],
        [
            ["1", "2024-03-04", "fine"],
            ["1", "2024-03-05", "jo@example.com wrote this"],
            ["", "2024-03-06", "no id here"],
            ["4", "last Tuesday-ish", "a date nobody can read"],
        ],
    )
    mapping = ColumnMapping(id="ID", time="Submitted", text=("Comment",))
    with pytest.raises(SurveyError) as caught:
        survey_read(data, filename="x.csv", mapping=mapping)
    problems = caught.value.problems
    assert [(p.row, p.column) for p in problems] == [(3, "ID"), (4, "ID"), (5, "Submitted")]
    # And no message repeats what people wrote
    assert not any("Tuesday" in p.message or "example.com" in p.message for p in problems)


def test_an_unknown_column_in_the_mapping_names_the_columns_there_are():
    data = fixture("generic.csv")
    with pytest.raises(SurveyError) as caught:
        survey_read(data, filename="g.csv", mapping=ColumnMapping(text=("Feedback",)))
    assert "'Feedback'" in str(caught.value) and "'Comments'" in str(caught.value)


def test_a_file_that_is_not_a_table_is_refused():
    with pytest.raises(SurveyError):
        survey_sniff(b"", filename="empty.csv")
    with pytest.raises(SurveyError):
        survey_sniff(b"PK\x03\x04 broken", filename="broken.xlsx")
