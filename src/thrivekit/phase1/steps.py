"""The five steps of Phase 1 of the i-THRIVE Approach to Implementation."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    number: int
    slug: str
    title: str
    short_title: str
    purpose: str
    will_hold: tuple[str, ...]


STEPS = (
    Step(
        1,
        "engagement",
        "Engagement",
        "Engagement",
        "Bring the whole system together: a transformation group with a senior chair, an "
        "implementation lead, i-THRIVE champions and people from every sector, including young "
        "people and parents or carers.",
        (
            "The transformation group, the implementation lead and the i-THRIVE champions",
            "A stakeholder register with each person's sector and engagement status",
            "Sector coverage, with a warning for each sector that is missing",
            "An engagement log of meetings, briefings and communications",
        ),
    ),
    Step(
        2,
        "understanding-your-system",
        "Understanding your system",
        "Your system",
        "Build a picture of how the current system works before changing it: how young people "
        "move through it, what the activity data says, and what young people, families and staff "
        "think of it.",
        (
            "A pathway map of services, entry points and the routes between them",
            "Activity data: demand, capacity, flow, waits and bottlenecks",
            "Qualitative feedback from young people, families, the public and staff",
        ),
    ),
    Step(
        3,
        "thrive-assessment",
        "THRIVE Assessment",
        "THRIVE Assessment",
        "Find out how THRIVE-like the system is now: everyone scores each principle at the "
        "macro, meso and micro level, and answers the Implementation Checklist.",
        (
            "Live workshops that people join on their phones with a short code",
            "The THRIVE Assessment heatmap, with where people agree and where they do not",
            "The Implementation Checklist: common and conflicting responses, support requests "
            "and examples of good practice",
            "A dated baseline, and the change against it at each later assessment",
        ),
    ),
    Step(
        4,
        "prioritising",
        "Prioritising improvement and gap analysis",
        "Prioritising",
        "Agree what the transformation is for, let each table rank its top five priorities, "
        "agree a consensus top five and analyse the gaps for each one.",
        (
            "The collective aims of the transformation",
            "Each table's ranked top five and the room's consensus",
            "A gap analysis worksheet for each priority",
        ),
    ),
    Step(
        5,
        "redesign",
        "Redesign and implementation planning",
        "Redesign",
        "Decide how each needs-based grouping will be served at the end of implementation and "
        "plan the steps to get there.",
        (
            "How each needs-based grouping will look, with a stepwise plan, owners and dates",
            "Workforce up-skilling and capacity building",
            "A jointly owned outcome framework",
            "Demand and capacity what-ifs",
            "The Phase 1 analysis report and implementation plan",
        ),
    ),
)

STEPS_BY_SLUG = {step.slug: step for step in STEPS}
