"""Alternative wordings, comparisons, lookups and the pure-Python promise."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pydantic import TypeAdapter, ValidationError

from thrivekit.instruments import (
    AssessmentInstrument,
    ChecklistInstrument,
    Instrument,
    InstrumentFileError,
    Problem,
    builtin,
    builtin_paths,
    load_file,
    load_text,
    same_structure,
)


def data_of(kind: str) -> dict:
    return yaml.safe_load(builtin_paths()[kind].read_text(encoding="utf-8"))


def dump(data: dict) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def test_package_imports_no_django() -> None:
    # Given a fresh interpreter, when the package is imported and used
    code = (
        "import sys, thrivekit.instruments as i; i.builtin('checklist'); "
        "bad = [m for m in sys.modules if m == 'django' or m.startswith('django.')]; "
        "assert not bad, bad"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    # Then no Django module was loaded
    assert result.returncode == 0, result.stderr


def test_site_wording_loads_and_keeps_the_structure(tmp_path: Path) -> None:
    # Given a site's own wording of the assessment: same ids, different texts
    data = data_of("assessment")
    data["id"] = "official-wording"
    data["version"] = "licensed-2019"
    for principle in data["principles"]:
        for level in principle["levels"].values():
            level["statement"] = "Official statement for " + principle["id"]
    path = tmp_path / "official.yaml"
    path.write_text(dump(data), encoding="utf-8")
    # When it is loaded, then it validates like the built-in file
    site = load_file(path)
    assert isinstance(site, AssessmentInstrument)
    assert site.item("needs-led.micro").statement == "Official statement for needs-led"
    # And it has the same structure as the built-in one
    assert same_structure(builtin("assessment"), site) == []


def test_same_structure_reports_dropped_and_added_items() -> None:
    # Given a wording that drops accessibility and renames a principle id
    data = data_of("assessment")
    data["principles"] = [p for p in data["principles"] if p["id"] != "accessibility"]
    data["principles"][0]["id"] = "shared-language"
    data["id"] = "site-wording"
    site = load_text(dump(data))
    # When compared with the built-in assessment
    differences = same_structure(builtin("assessment"), site)
    # Then every item that differs is named, and nothing else
    assert len(differences) == 9
    assert (
        "item 'accessibility.micro' is in thrive-assessment 2026.1 but not in site-wording 2026.1"
        in differences
    )
    assert (
        "item 'shared-language.macro' is in site-wording 2026.1 but not in thrive-assessment 2026.1"
        in differences
    )


def test_same_structure_for_checklists_and_other_kinds() -> None:
    checklist = builtin("checklist")
    # Given a checklist with a different status set and the last action dropped
    data = data_of("checklist")
    data["statuses"] = data["statuses"][:3]
    data["actions"] = data["actions"][:30]
    shorter = load_text(dump(data))
    differences = same_structure(checklist, shorter)
    assert differences == [
        "status 'dont_know' is in the first implementation-checklist 2026.1 but not in the "
        "second implementation-checklist 2026.1",
        "action 'ic-31' is in the first implementation-checklist 2026.1 but not in the "
        "second implementation-checklist 2026.1",
    ]
    # And identical instruments of every kind have no differences
    for kind in ("assessment", "checklist", "groupings", "sectors"):
        assert same_structure(builtin(kind), builtin(kind)) == []
    # And different kinds cannot be compared
    with pytest.raises(ValueError, match="cannot compare"):
        same_structure(builtin("groupings"), builtin("sectors"))


def test_checklist_may_list_its_own_principle_ids() -> None:
    # Given a site checklist that cites principles of its own assessment
    data = data_of("checklist")
    data["principle_ids"] = ["whole-system"]
    data["grouping_ids"] = ["getting-advice"]
    data["actions"] = [
        {
            "id": "site-01",
            "number": 1,
            "text": "A local action",
            "level": "meso",
            "principles": ["whole-system"],
            "groupings": ["getting-advice"],
        }
    ]
    # When loaded, then it validates against the ids given in the same file
    checklist = load_text(dump(data))
    assert isinstance(checklist, ChecklistInstrument)
    assert checklist.action("site-01").principles == ("whole-system",)
    # And a built-in principle id is now unknown to it
    data["actions"][0]["principles"] = ["needs-led"]
    with pytest.raises(InstrumentFileError, match="unknown principle 'needs-led'"):
        load_text(dump(data))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Getting Advice and Signposting", "getting-advice"),
        ("getting advice & signposting", "getting-advice"),
        ("GA", "getting-advice"),
        ("  gmh ", "getting-more-help"),
        ("Risk Support", "getting-risk-support"),
        ("getting-help", "getting-help"),
        ("THRIVING", "thriving"),
        ("Getting", None),
        ("Help", None),
        ("", None),
    ],
)
def test_groupings_match_names_and_short_names(text: str, expected: str | None) -> None:
    assert builtin("groupings").match(text) == expected


def test_groupings_with_clashing_names_are_refused() -> None:
    # Given two groupings that both answer to "GH"
    data = data_of("groupings")
    data["groupings"][3]["short_names"].append("gh")
    # Then the clash is reported on the line of the second name
    with pytest.raises(InstrumentFileError, match="would also match grouping 'getting-help'"):
        load_text(dump(data))


def test_reference_figure_needs_a_value_or_a_range() -> None:
    data = data_of("groupings")
    data["groupings"][0]["reference"][0]["value"] = 85
    with pytest.raises(InstrumentFileError, match="not both"):
        load_text(dump(data))
    data["groupings"][0]["reference"][0] = {
        "measure": "share-of-population",
        "low": 90,
        "high": 80,
        "unit": "percent",
        "text": "backwards",
    }
    with pytest.raises(InstrumentFileError, match="greater than 'high'"):
        load_text(dump(data))


def test_sector_in_unknown_group_and_unfilled_key_gap() -> None:
    data = data_of("sectors")
    data["sectors"][0]["group"] = "healthcare"
    data["key_gaps"].append({"id": "faith", "name": "Faith groups", "warning": "No faith groups."})
    with pytest.raises(InstrumentFileError) as caught:
        load_text(dump(data))
    messages = [p.message for p in caught.value.problems]
    assert any("unknown group 'healthcare' (did you mean 'health'?)" in m for m in messages)
    assert any("no sector fills key gap 'faith'" in m for m in messages)


def test_instrument_union_validates_by_kind_outside_the_loader() -> None:
    # Given the raw data of the groupings, when validated through the discriminated union
    adapter = TypeAdapter(Instrument)
    instrument = adapter.validate_python(data_of("groupings"))
    # Then the groupings model is chosen by its kind
    assert instrument.kind == "groupings"
    # And whole-instrument checks still apply outside the loader
    data = data_of("assessment")
    data["principles"][1]["id"] = data["principles"][0]["id"]
    with pytest.raises(ValidationError, match="duplicate principle id"):
        adapter.validate_python(data)


def test_problem_and_error_text() -> None:
    assert str(Problem("a.yaml", 3, "bad")) == "a.yaml:3: bad"
    assert str(Problem("a.yaml", None, "file not found")) == "a.yaml: file not found"
    error = InstrumentFileError([Problem("a.yaml", 3, "bad"), Problem("a.yaml", 9, "worse")])
    assert str(error) == "a.yaml:3: bad\na.yaml:9: worse"


@pytest.mark.parametrize("kind", ["assessment", "checklist", "groupings", "sectors"])
def test_an_exported_instrument_loads_back_unchanged(kind: str) -> None:
    # Given a built-in instrument exported as YAML (as a site would download it to edit)
    original = builtin(kind)
    exported = yaml.safe_dump(original.model_dump(mode="json"), sort_keys=False)
    # When the export is loaded, then it is the same instrument
    assert exported.startswith(f"kind: {kind}\n")
    assert load_text(exported) == original
