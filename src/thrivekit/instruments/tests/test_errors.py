"""Broken instrument files give located, readable errors and never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from thrivekit.instruments import (
    InstrumentFileError,
    Problem,
    builtin_paths,
    load_file,
    load_text,
    validate_file,
)


def builtin_text(kind: str) -> str:
    return builtin_paths()[kind].read_text(encoding="utf-8")


def line_of(text: str, snippet: str, *, occurrence: int = 1) -> int:
    """1-based line on which the n-th occurrence of snippet starts."""
    position = -1
    for _ in range(occurrence):
        position = text.index(snippet, position + 1)
    return text.count("\n", 0, position) + 1


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) >= 1, old
    return text.replace(old, new, 1)


def problems_of(tmp_path: Path, name: str, content: str | bytes) -> tuple[Path, list[Problem]]:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    # validate_file reports problems instead of raising: a caller never sees a traceback.
    problems = validate_file(path)
    assert problems, "the broken file should not be valid"
    for problem in problems:
        assert problem.file == str(path)
        assert "Traceback" not in str(problem)
    return path, problems


def test_bad_indentation_is_a_yaml_error_with_its_line(tmp_path: Path) -> None:
    # Given an assessment where one field is indented too far under a plain value
    text = replace_once(
        builtin_text("assessment"),
        "    name: Needs-led\n",
        "    name: Needs-led\n      summary: Meeting need\n",
    )
    # When it is validated
    path, problems = problems_of(tmp_path, "indent.yaml", text)
    # Then one problem points at the offending line and says to check the indentation
    [problem] = problems
    assert problem.line == line_of(text, "      summary: Meeting need")
    assert "not valid YAML" in problem.message
    assert "indentation" in problem.message
    assert str(problem).startswith(f"{path}:{problem.line}: ")


def test_missing_descriptor_names_the_principle_and_level(tmp_path: Path) -> None:
    # Given needs-led at meso level with its score-4 descriptor deleted
    text = builtin_text("assessment")
    block = "          - score: 4\n            text: >-\n              All local pathways are built"
    begin = text.index(block)
    end = text.index("      micro:", begin)
    broken = text[:begin] + text[end:]
    # When it is validated
    _, problems = problems_of(tmp_path, "three.yaml", broken)
    # Then the problem is at the descriptors of needs-led.meso and says four are needed
    [problem] = problems
    descriptors_line = broken.count("\n", 0, broken.rindex("descriptors:", 0, begin)) + 1
    assert problem.line == descriptors_line
    assert "principles[needs-led].levels.meso.descriptors" in problem.message
    assert "exactly four descriptors" in problem.message
    assert "found 3" in problem.message


def test_descriptor_scores_out_of_range(tmp_path: Path) -> None:
    # Given a descriptor scored 5 instead of 4
    text = builtin_text("assessment")
    marker = "              Every partner agency plans"
    score_line = line_of(text, marker) - 2
    lines = text.splitlines(keepends=True)
    assert lines[score_line - 1].strip() == "- score: 4"
    lines[score_line - 1] = lines[score_line - 1].replace("score: 4", "score: 5")
    # When it is validated, then the scores found are listed
    _, problems = problems_of(tmp_path, "five.yaml", "".join(lines))
    [problem] = problems
    assert "scores 1, 2, 3, 5" in problem.message


def test_duplicate_principle_id_points_at_the_repeat(tmp_path: Path) -> None:
    # Given two principles both called needs-led
    text = replace_once(builtin_text("assessment"), "  - id: accessibility", "  - id: needs-led")
    # When it is validated
    _, problems = problems_of(tmp_path, "dup.yaml", text)
    # Then the second one is reported, with the position of the first
    [problem] = problems
    assert problem.line == line_of(text, "  - id: needs-led", occurrence=2)
    assert "duplicate principle id 'needs-led'" in problem.message
    assert "number 2" in problem.message


def test_unknown_principle_and_grouping_in_the_checklist(tmp_path: Path) -> None:
    # Given an action citing a misspelt principle and a grouping that does not exist
    text = replace_once(
        builtin_text("checklist"),
        "    principles: [partnership-working]\n    groupings: [getting-risk-support]",
        "    principles: [partnership-workin]\n    groupings: [risk-supports]",
    )
    # When it is validated
    _, problems = problems_of(tmp_path, "refs.yaml", text)
    # Then both are reported on their own lines, with a suggestion
    assert [p.line for p in problems] == [
        line_of(text, "[partnership-workin]"),
        line_of(text, "[risk-supports]"),
    ]
    assert "unknown principle 'partnership-workin'" in problems[0].message
    assert "did you mean 'partnership-working'" in problems[0].message
    assert "unknown grouping 'risk-supports'" in problems[1].message
    assert "actions[ic-30]" in problems[0].message


def test_extra_field_is_refused_with_the_allowed_fields(tmp_path: Path) -> None:
    # Given a principle with a field the schema does not know
    text = replace_once(
        builtin_text("assessment"),
        "    name: Needs-led\n",
        "    name: Needs-led\n    colour: blue\n",
    )
    _, problems = problems_of(tmp_path, "extra.yaml", text)
    [problem] = problems
    # Then the line of the extra field is given, with the fields allowed there
    assert problem.line == line_of(text, "    colour: blue")
    assert "unknown field 'colour'" in problem.message
    assert "allowed here: id, name, summary, levels" in problem.message


def test_misspelt_field_gets_a_suggestion(tmp_path: Path) -> None:
    text = replace_once(builtin_text("checklist"), "    text: >-", "    txt: >-")
    _, problems = problems_of(tmp_path, "typo.yaml", text)
    messages = " | ".join(p.message for p in problems)
    assert "unknown field 'txt' (did you mean 'text'?)" in messages
    assert "'text' is missing" in messages


def test_wrong_types_are_explained(tmp_path: Path) -> None:
    # Given an unquoted version (read by YAML as a number) and a word where a number belongs
    text = replace_once(builtin_text("assessment"), 'version: "2026.1"', "version: 2026.1")
    text = replace_once(text, "thrive_like_threshold: 3", "thrive_like_threshold: three")
    _, problems = problems_of(tmp_path, "types.yaml", text)
    # Then each is reported on its line, and the version hint says to quote it
    assert [p.line for p in problems] == [
        line_of(text, "version: 2026.1"),
        line_of(text, "thrive_like_threshold"),
    ]
    assert "expected text, got the number 2026.1" in problems[0].message
    assert "put it in quotes" in problems[0].message
    assert "expected a whole number, got the text 'three'" in problems[1].message


def test_unknown_level_id(tmp_path: Path) -> None:
    text = replace_once(builtin_text("checklist"), "    level: micro\n", "    level: individual\n")
    _, problems = problems_of(tmp_path, "level.yaml", text)
    [problem] = problems
    assert problem.line == line_of(text, "level: individual")
    assert "'individual' is not allowed; expected 'macro', 'meso' or 'micro'" in problem.message


def test_action_numbers_must_run_in_order(tmp_path: Path) -> None:
    text = replace_once(builtin_text("checklist"), "    number: 5\n", "    number: 6\n")
    _, problems = problems_of(tmp_path, "numbers.yaml", text)
    [problem] = problems
    assert problem.line == line_of(text, "    number: 6\n")
    assert "should be 5" in problem.message


def test_unknown_kind(tmp_path: Path) -> None:
    text = replace_once(builtin_text("sectors"), "kind: sectors", "kind: sector")
    _, problems = problems_of(tmp_path, "kind.yaml", text)
    [problem] = problems
    assert problem.line == line_of(text, "kind: sector")
    assert "unknown kind 'sector' (did you mean 'sectors'?)" in problem.message


def test_duplicate_yaml_key_is_not_silently_dropped(tmp_path: Path) -> None:
    text = replace_once(
        builtin_text("groupings"),
        "    name: Getting Help\n",
        "    name: Getting Help\n    name: GH\n",
    )
    _, problems = problems_of(tmp_path, "dupkey.yaml", text)
    assert any(
        p.line == line_of(text, "    name: GH") and "'name' appears twice" in p.message
        for p in problems
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "the file is empty"),
        ("   \n\n", "the file is empty"),
        ("# only a comment\n", "only comments"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("kind: assessment\nid: caf\xe9\n".encode("latin-1"), "not UTF-8"),
        ("- just\n- a list\n", "top level must be a mapping"),
        ("kind: checklist\n", "'id' is missing"),
    ],
    ids=["empty", "blank", "comments", "binary", "latin-1", "list", "bare"],
)
def test_files_that_are_not_instruments(
    tmp_path: Path, content: str | bytes, expected: str
) -> None:
    _, problems = problems_of(tmp_path, "odd.yaml", content)
    assert expected in problems[0].message


def test_non_utf8_byte_is_located(tmp_path: Path) -> None:
    # Given a file saved as Windows-1252 with an accented letter on line 5
    text = builtin_text("sectors").replace("name: Police", "name: Polic\u00e9")
    raw = text.encode("cp1252")
    _, problems = problems_of(tmp_path, "cp1252.yaml", raw)
    [problem] = problems
    assert problem.line == line_of(text, "name: Polic")
    assert "0xe9" in problem.message


def test_missing_file_and_folder(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    assert [str(p) for p in validate_file(missing)] == [f"{missing}: file not found"]
    assert "folder" in validate_file(tmp_path)[0].message


def test_load_file_raises_one_error_listing_every_problem(tmp_path: Path) -> None:
    # Given a checklist with two independent mistakes
    text = replace_once(builtin_text("checklist"), "    level: macro\n", "    level: strategic\n")
    text = replace_once(text, "    number: 31\n", "    number: thirty-one\n")
    path = tmp_path / "two.yaml"
    path.write_text(text, encoding="utf-8")
    # When it is loaded
    with pytest.raises(InstrumentFileError) as caught:
        load_file(path)
    # Then the error carries both problems, in file order, one per line of its message
    error = caught.value
    assert len(error.problems) == 2
    assert str(error).splitlines() == [str(p) for p in error.problems]
    assert error.problems[0].line < error.problems[1].line


def test_load_text_uses_the_source_name() -> None:
    with pytest.raises(InstrumentFileError) as caught:
        load_text("kind: a: b\n", source="site-upload.yaml")
    [problem] = caught.value.problems
    assert problem.file == "site-upload.yaml"
    assert problem.line == 1
    assert str(problem).startswith("site-upload.yaml:1: not valid YAML")


def test_python_tags_are_refused_not_executed() -> None:
    # Safe loading: a tag that would build a Python object is a located error.
    with pytest.raises(InstrumentFileError, match="remove the '!' tag"):
        load_text("kind: !!python/object/apply:os.getcwd []\n")


@pytest.mark.parametrize("depth", [5_000, 200_000])
def test_deeply_nested_yaml_is_refused_without_crashing(depth: int) -> None:
    # Given a hostile upload nested far deeper than any instrument (libyaml would crash on it)
    text = "kind: " + "[" * depth + "]" * depth
    # When loaded, then it is a clean, readable error
    with pytest.raises(InstrumentFileError, match="nested far too deeply"):
        load_text(text, source="upload.yaml")
