"""Hypothesis strategies for workshop answers (shared by the scoring tests)."""

from hypothesis import settings
from hypothesis import strategies as st

from thrivekit.scoring import ALL_STATUSES, AssessmentResponse, ChecklistResponse

PROPERTY = settings(deadline=None, max_examples=80)

ITEMS = ("needs-led.macro", "needs-led.meso", "needs-led.micro", "shared.meso", "outcomes.micro")
ACTIONS = ("A1", "A2", "A3")
AREAS = ("North", "South", "East", None)


@st.composite
def assessment_answers(draw, max_people: int = 14) -> list[AssessmentResponse]:
    """A room of people, each in one area/sector/table, answering some of the items."""
    responses = []
    for person in range(draw(st.integers(0, max_people))):
        area = draw(st.sampled_from(AREAS))
        sector = draw(st.sampled_from(("health", "education", None)))
        table = draw(st.sampled_from(("T1", "T2", "T3")))
        for item in draw(st.sets(st.sampled_from(ITEMS), min_size=1)):
            score = draw(st.one_of(st.none(), st.integers(1, 4)))
            responses.append(AssessmentResponse(f"p{person}", item, score, area, sector, table))
    return responses


@st.composite
def checklist_answers(draw, max_people: int = 16) -> list[ChecklistResponse]:
    responses = []
    for person in range(draw(st.integers(0, max_people))):
        area = draw(st.sampled_from(AREAS))
        for action in draw(st.sets(st.sampled_from(ACTIONS), min_size=1)):
            status = draw(st.sampled_from(ALL_STATUSES))
            tag = draw(st.sampled_from((None, None, "support", "good_practice")))
            comment = draw(st.sampled_from((None, "a comment")))
            responses.append(
                ChecklistResponse(f"p{person}", action, status, comment, tag, local_area=area)
            )
    return responses
