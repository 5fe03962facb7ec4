"""The instrument files shipped with thrivekit load and hold what the workshops need."""

from __future__ import annotations

import re

import pytest

from thrivekit.instruments import (
    AssessmentInstrument,
    ChecklistInstrument,
    GroupingsInstrument,
    SectorsInstrument,
    builtin,
    builtin_paths,
    validate_file,
)

PRINCIPLES = [
    "common-language",
    "needs-led",
    "shared-decision-making",
    "proactive-prevention-and-promotion",
    "partnership-working",
    "outcome-informed",
    "reducing-stigma",
    "accessibility",
]


@pytest.mark.parametrize("kind", ["assessment", "checklist", "groupings", "sectors"])
def test_every_builtin_file_is_valid_and_versioned(kind: str) -> None:
    # Given the packaged file of a kind
    path = builtin_paths()[kind]
    # When it is validated and loaded
    problems = validate_file(path)
    instrument = builtin(kind)
    # Then it has no problems, is of that kind and carries a version and a title
    assert problems == []
    assert instrument.kind == kind
    assert instrument.version == "2026.1"
    assert instrument.title and instrument.notes


def test_builtin_is_cached_and_unknown_kind_is_refused() -> None:
    # Given two requests for the same kind, then the same object comes back
    assert builtin("assessment") is builtin("assessment")
    # When an unknown kind is asked for, then the error names the kinds that exist
    with pytest.raises(ValueError, match="assessment, checklist, groupings, sectors"):
        builtin("principles")


def test_assessment_has_eight_principles_at_three_levels() -> None:
    # Given the built-in assessment
    assessment = builtin("assessment")
    assert isinstance(assessment, AssessmentInstrument)
    # Then the principles come in the agreed order, at macro, meso and micro level
    assert [p.id for p in assessment.principles] == PRINCIPLES
    assert [lv.id for lv in assessment.levels] == ["macro", "meso", "micro"]
    assert "commissioning" in assessment.level("macro").name.lower()
    # And there are 24 items, each with a statement and four descriptors scored 1 to 4
    items = assessment.items()
    assert len(items) == 24
    assert items[0].id == "common-language.macro"
    assert items[-1].id == "accessibility.micro"
    for item in items:
        assert item.statement
        assert [d.score for d in item.descriptors] == [1, 2, 3, 4]


def test_assessment_descriptors_are_distinct_texts() -> None:
    # Given all 96 descriptors and 24 statements
    items = builtin("assessment").items()
    texts = [d.text for item in items for d in item.descriptors]
    statements = [item.statement for item in items]
    # Then no two are the same, so every score means something different
    assert len(set(texts)) == 96
    assert len(set(statements)) == 24


def test_assessment_scale_threshold_and_dont_know() -> None:
    # Given the scale of the built-in assessment
    scale = builtin("assessment").scale
    # Then 1 to 4 carry the agreed labels and 3 or more counts as THRIVE-like
    assert [s.label for s in scale.scores] == [
        "Considerable improvement needed",
        "Some progress",
        "Mostly THRIVE-like",
        "Fully THRIVE-like",
    ]
    assert scale.thrive_like_threshold == 3
    assert [scale.is_thrive_like(s) for s in (1, 2, 3, 4)] == [False, False, True, True]
    # And "don't know" is an option that is not one of the scores
    assert scale.dont_know.id == "dont_know"
    assert scale.dont_know.id not in [str(s.score) for s in scale.scores]


def test_assessment_lookups_by_id() -> None:
    assessment = builtin("assessment")
    # When an item is looked up by id, then it is the principle at that level
    item = assessment.item("needs-led.meso")
    assert (item.principle, item.level) == ("needs-led", "meso")
    assert item.descriptor(4) == item.descriptors[3].text
    assert assessment.principle("reducing-stigma").name == "Reducing stigma"
    # When an id is mistyped, then the error suggests the right one
    with pytest.raises(KeyError, match="needs-led.meso"):
        assessment.item("needs-lead.meso")


def test_checklist_has_31_actions_in_seed_order() -> None:
    # Given the built-in checklist
    checklist = builtin("checklist")
    assert isinstance(checklist, ChecklistInstrument)
    # Then it has 31 actions numbered 1 to 31 with ids ic-01 to ic-31
    assert [a.number for a in checklist.actions] == list(range(1, 32))
    assert [a.id for a in checklist.actions] == [f"ic-{n:02d}" for n in range(1, 32)]
    # And the actions keep the meaning and order of the workshop sheet
    expected_keywords = {
        1: ["LTP", "STP", "implementation plan"],
        3: ["commissioning board", "accountable"],
        8: ["preference"],
        9: ["quality improvement"],
        11: ["pathways", "five needs-based groupings"],
        14: ["i-THRIVE Grids"],
        16: ["population", "wellbeing"],
        18: ["digital front door"],
        20: ["senior mental health practitioners", "band 8", "advice and signposting"],
        22: ["CAMHS", "schools"],
        23: ["CAMHS", "primary care"],
        26: ["NICE"],
        29: ["ending"],
        31: ["Risk Support", "multi-agency plan"],
    }
    for number, keywords in expected_keywords.items():
        text = checklist.actions[number - 1].text
        for keyword in keywords:
            assert keyword.lower() in text.lower(), (number, keyword)


def test_checklist_actions_cite_real_principles_and_groupings() -> None:
    checklist = builtin("checklist")
    groupings = {g.id for g in builtin("groupings").groupings}
    for action in checklist.actions:
        # Every action has a level and evidences at least one known principle
        assert action.level in {"macro", "meso", "micro"}
        assert action.principles and set(action.principles) <= set(PRINCIPLES)
        assert set(action.groupings) <= groupings
    # Advice actions point at Getting Advice, risk actions at Getting Risk Support
    assert "getting-advice" in checklist.action("ic-20").groupings
    assert checklist.action("ic-30").groupings == ("getting-risk-support",)
    assert checklist.action("ic-31").groupings == ("getting-risk-support",)
    assert checklist.action("ic-01").level == "macro"
    # Every principle is evidenced by at least one action
    assert {p for a in checklist.actions for p in a.principles} == set(PRINCIPLES)


def test_checklist_statuses_in_order() -> None:
    statuses = builtin("checklist").statuses
    assert [(s.id, s.label) for s in statuses] == [
        ("in_place", "Already in place in my local area"),
        ("in_progress", "Not yet in place but work in progress"),
        ("not_started", "Not in place and no work towards this yet"),
        ("dont_know", "Don't know"),
    ]


def test_groupings_five_in_order_with_reference_lines() -> None:
    # Given the built-in groupings
    groupings = builtin("groupings")
    assert isinstance(groupings, GroupingsInstrument)
    # Then there are five in the THRIVE order
    assert [g.id for g in groupings.groupings] == [
        "thriving",
        "getting-advice",
        "getting-help",
        "getting-more-help",
        "getting-risk-support",
    ]
    assert groupings.grouping("getting-advice").name == "Getting Advice and Signposting"
    # And the reference figures match the THRIVE material
    thriving = groupings.grouping("thriving").figure("share-of-population")
    assert thriving is not None and (thriving.low, thriving.high) == (80, 90)
    assert groupings.grouping("getting-advice").figure("share-of-spend").value == 8
    assert groupings.grouping("getting-advice").figure("modal-contacts").value == 1
    assert groupings.grouping("getting-help").figure("share-of-cases").value == 60
    assert groupings.grouping("getting-help").figure("mean-contacts").value == 7
    assert groupings.grouping("getting-more-help").figure("share-of-appointments").value == 39
    risk = groupings.grouping("getting-risk-support").figure("share-of-cases")
    assert risk is not None and risk.is_range and (risk.low, risk.high) == (5, 10)
    # And the file says they are reference lines, not targets
    assert "never targets" in groupings.notes


def test_sectors_cover_the_recommended_attendees() -> None:
    sectors = builtin("sectors")
    assert isinstance(sectors, SectorsInstrument)
    ids = {s.id for s in sectors.sectors}
    for required in [
        "gp-primary-care",
        "perinatal",
        "adult-mental-health",
        "cyp-mental-health",
        "universal-health",
        "social-care-safeguarding",
        "youth-justice",
        "early-help",
        "looked-after-children",
        "early-years",
        "primary-school",
        "secondary-school",
        "specialist-provision",
        "neet-post-16",
        "commissioner",
        "police",
        "ambulance",
        "voluntary-sector",
        "young-person",
        "parent-carer",
    ]:
        assert required in ids
    assert "CAMHS" in sectors.sector("cyp-mental-health").name
    assert {g.id for g in sectors.groups} == {
        "health",
        "social-care",
        "local-authority",
        "education",
        "commissioning",
        "emergency-services",
        "voluntary-sector",
        "lived-experience",
    }


def test_missing_key_gaps_warn_about_education_and_families() -> None:
    sectors = builtin("sectors")
    # Given a workshop with CAMHS, a GP, social care and the voluntary sector only
    present = [
        "cyp-mental-health",
        "gp-primary-care",
        "social-care-safeguarding",
        "voluntary-sector",
    ]
    # When the key gaps are checked
    missing = {gap.id: gap.warning for gap in sectors.missing_key_gaps(present)}
    # Then education, young people and parents/carers are flagged
    assert set(missing) == {"education", "young-people", "parents-carers"}
    assert re.search(r"no one from education", missing["education"], re.IGNORECASE)
    # When any one school joins, then education is no longer a gap
    assert "education" not in {g.id for g in sectors.missing_key_gaps([*present, "primary-school"])}
    # And a full room has no gaps at all
    assert sectors.missing_key_gaps(s.id for s in sectors.sectors) == []
