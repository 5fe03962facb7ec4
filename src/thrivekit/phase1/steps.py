"""The five steps of Phase 1 of the i-THRIVE Approach to Implementation."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    number: int
    slug: str
    title: str
    short_title: str
    purpose: str
    # Why the step matters, in the words of the i-THRIVE Phase 1 materials (the seeds).
    why: tuple[str, ...]


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
            "Phase 1 starts by establishing a team who will oversee the process: senior "
            "oversight that includes the commissioners and providers of health, care and "
            "education.",
            "Then engage the whole system, from senior leadership to team leads and those who "
            "work with children and young people day to day. The aim is agreement from the "
            "system: awareness of the issues and an understanding of the possible approaches "
            "to improvement.",
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
            "The system of services for children and young people's mental health is often "
            "complex, and it needs to be understood before it is changed: what is already "
            "working well, and what would benefit from improvement.",
            "Three kinds of information build that understanding: the pathways within and "
            "between services, quantitative data on demand, capacity, flow and bottlenecks, "
            "and what young people, families, the public and staff think of the services.",
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
            "Once you understand your local services, assess how THRIVE-like they are now and "
            "find the opportunities to work in a more THRIVE-like way.",
            "The first assessment is the baseline before implementation starts; later "
            "assessments show the change against it.",
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
            "This session brings together the THRIVE Assessment, the pathway maps, the data "
            "and the opportunities for improvement. The group re-establishes what it wants "
            "the transformation to achieve, for example patient experience, access, waiting "
            "times or costs.",
            "Each table ranks the principles, the room agrees its top priorities, and the gap "
            "analysis for each one shows what is missing.",
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
            "The final step of Phase 1: decide as a group what your services will look like. "
            "Working from your priorities and from examples of best practice and evidence-based "
            "models of care, plan how each needs-based grouping of the THRIVE Framework will "
            "be delivered.",
            "The result is a clear description of how each service will look at the end of "
            "implementation, a stepwise plan to get there, the workforce up-skilling and "
            "capacity building it needs, and the Phase 1 analysis report and implementation "
            "plan.",
        ),
    ),
)

STEPS_BY_SLUG = {step.slug: step for step in STEPS}
