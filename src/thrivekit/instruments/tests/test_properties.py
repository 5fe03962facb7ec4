"""Properties that hold for any input, checked with hypothesis."""

from __future__ import annotations

import copy
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from thrivekit.instruments import (
    InstrumentFileError,
    builtin,
    builtin_paths,
    load_text,
    same_structure,
)

ASSESSMENT = yaml.safe_load(builtin_paths()["assessment"].read_text(encoding="utf-8"))
CHECKLIST = yaml.safe_load(builtin_paths()["checklist"].read_text(encoding="utf-8"))
MARKER = "wrong-value-marker"


def leaf_paths(node: Any, path: tuple = ()) -> list[tuple]:
    if isinstance(node, dict):
        return [p for key, value in node.items() for p in leaf_paths(value, (*path, key))]
    if isinstance(node, list) and node:
        return [p for i, value in enumerate(node) for p in leaf_paths(value, (*path, i))]
    return [path]


def set_at(data: Any, path: tuple, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000)


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.text(max_size=200), st.binary(max_size=200)))
def test_any_input_gives_an_instrument_or_a_located_error(content: str | bytes) -> None:
    # Given arbitrary text or bytes, when loaded
    try:
        load_text(content, source="fuzz.yaml")
    except InstrumentFileError as error:
        # Then the only failure is an InstrumentFileError whose lines lie within the input
        lines = len(content.splitlines()) + 1 if content else 1
        assert error.problems
        for problem in error.problems:
            assert problem.file == "fuzz.yaml"
            assert problem.line is None or 1 <= problem.line <= lines
            assert problem.message


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(leaf_paths(ASSESSMENT)))
def test_a_wrong_value_anywhere_is_reported_on_its_line(path: tuple) -> None:
    # Given the assessment with one value replaced by a mapping, which no field accepts
    data = copy.deepcopy(ASSESSMENT)
    set_at(data, path, {MARKER: 1})
    text = dump(data)
    # When it is loaded
    try:
        load_text(text)
    except InstrumentFileError as error:
        problems = error.problems
    else:
        raise AssertionError(f"a mapping at {path} was accepted")
    # Then a problem points at the key of that value (the line above the marker) or the marker
    marker_line = text.count("\n", 0, text.index(MARKER)) + 1
    assert any(p.line in (marker_line - 1, marker_line) for p in problems), (path, problems)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=6), max_size=6))
def test_descriptor_scores_must_be_exactly_one_to_four(scores: list[int]) -> None:
    # Given needs-led.meso with descriptors scored as drawn
    data = copy.deepcopy(ASSESSMENT)
    level = data["principles"][1]["levels"]["meso"]
    level["descriptors"] = [{"score": s, "text": f"Descriptor {i}"} for i, s in enumerate(scores)]
    # When loaded, then only 1, 2, 3, 4 in order is accepted
    try:
        load_text(dump(data))
    except InstrumentFileError as error:
        assert scores != [1, 2, 3, 4]
        assert any("needs-led].levels.meso.descriptors" in p.message for p in error.problems)
    else:
        assert scores == [1, 2, 3, 4]


@settings(max_examples=30, deadline=None)
@given(st.sets(st.integers(min_value=0, max_value=30), max_size=30))
def test_same_structure_names_exactly_the_dropped_actions(dropped: set[int]) -> None:
    # Given the checklist without some actions, renumbered so that it is still valid
    data = copy.deepcopy(CHECKLIST)
    kept = [a for i, a in enumerate(data["actions"]) if i not in dropped]
    if not kept:
        return
    for number, action in enumerate(kept, start=1):
        action["number"] = number
    data["actions"] = kept
    smaller = load_text(dump(data))
    # When compared with the built-in checklist
    differences = same_structure(builtin("checklist"), smaller)
    # Then each dropped action is named once; kept ones differ only in number
    removed = {f"ic-{i + 1:02d}" for i in dropped}
    named = {d.split("'")[1] for d in differences if "but not in" in d}
    assert named == removed
    assert all("is number" in d for d in differences if "but not in" not in d)


@given(
    st.sampled_from(
        [(g.id, name) for g in builtin("groupings").groupings for name in (g.name, *g.short_names)]
    ),
    st.randoms(use_true_random=False),
    st.text(alphabet=" \t", max_size=3),
)
def test_any_casing_of_a_grouping_name_matches(pair: tuple[str, str], rnd, pad: str) -> None:
    grouping_id, name = pair
    # Given a name or short name with random letter case and surrounding spaces
    varied = "".join(c.upper() if rnd.random() < 0.5 else c.lower() for c in name)
    # When matched, then it leads back to its grouping
    assert builtin("groupings").match(pad + varied + pad) == grouping_id
