"""The demo site's finished workshops tell a believable story."""

import pytest

from thrivekit import scoring
from thrivekit.demo.workshops import (
    ASSESSMENT_TITLE,
    CHECKLIST_TITLE,
    OPEN_TITLE,
    seed_workshops,
)
from thrivekit.workshops import presenters, selectors
from thrivekit.workshops.models import AssessmentSnapshot, Participant, Workshop


@pytest.mark.django_db
def test_the_demo_has_a_baseline_assessment_and_a_checklist_workshop_with_disagreement(site):
    # Given the demo workshops seeded for a site with three local areas
    seed_workshops(site)
    seed_workshops(site)  # a second run adds nothing
    workshops = Workshop.objects.for_site(site).exclude(title=OPEN_TITLE)
    assert sorted(w.title for w in workshops) == sorted([ASSESSMENT_TITLE, CHECKLIST_TITLE])
    assessment = workshops.get(title=ASSESSMENT_TITLE)
    checklist = workshops.get(title=CHECKLIST_TITLE)
    assert {w.status for w in workshops} == {Workshop.Status.CLOSED}

    # Then the assessment has about 30 people across 3 local areas and 5 tables
    people = Participant.objects.for_site(site).filter(workshop=assessment)
    assert 25 <= people.count() <= 35
    assert people.values("local_area").distinct().count() == 3
    assert people.values("table").distinct().count() == 5
    # And its results are the site's baseline
    snapshot = AssessmentSnapshot.objects.for_site(site).get()
    assert snapshot.workshop == assessment
    # And the room disagrees believably: medians differ between items, some items are
    # disputed (an interquartile range of at least 1), some are not
    summary = presenters.assessment_results(workshop=assessment)["summary"]
    medians = {item.median for item in summary.items}
    assert len(medians) >= 3
    iqrs = [item.iqr for item in summary.items]
    assert any(iqr >= 1 for iqr in iqrs) and any(iqr < 1 for iqr in iqrs)
    by_area = summary.breakdown("local_area")
    assert len(by_area.groups) == 3
    area_medians = [g.summary.item(summary.most_disputed[0]).median for g in by_area.groups]
    assert len(set(area_medians)) > 1  # the areas see the most disputed item differently

    # And the checklist workshop has common and conflicting responses, support requests and
    # examples of good practice that a facilitator has approved
    result = scoring.summarise_checklist(
        selectors.checklist_responses(workshop=checklist),
        actions=selectors.workshop_action_ids(workshop=checklist),
    )
    assert result.common_actions and result.conflicting_actions
    assert len(result.common_actions) + len(result.conflicting_actions) < len(result.actions)
    assert result.support_requests and result.good_practice
