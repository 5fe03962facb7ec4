"""Demo workshops for Northbridge: a closed baseline assessment and a closed checklist workshop.

Answers are drawn from a seeded random generator so that every demo shows the same believable
picture: most principles sit around 2, a few are strong, and the three local areas disagree
about some items.
"""

import random

from thrivekit.instrument_library.selectors import instrument_in_use
from thrivekit.sites.models import LocalArea
from thrivekit.workshops import selectors, services
from thrivekit.workshops.models import ChecklistAnswer, Workshop

ASSESSMENT_TITLE = "Baseline THRIVE Assessment"
# Left open so that a newcomer can join from a phone at once with the code `make demo` prints.
OPEN_TITLE = "Try it: join from your phone"
CHECKLIST_TITLE = "Implementation Checklist workshop"
TABLES = ["Table 1", "Table 2", "Table 3", "Table 4", "Table 5"]
SECTORS = [
    "gp-primary-care",
    "cyp-mental-health",
    "social-care-safeguarding",
    "early-help",
    "secondary-school",
    "primary-school",
    "voluntary-sector",
    "commissioner",
    "police",
    "young-person",
    "parent-carer",
]
COMMENTS = [
    ("support", "We need help to set up a shared data dashboard across agencies."),
    ("support", "Training for school staff on the needs-based groupings would help."),
    ("good_practice", "Our single point of access triages with education and social care."),
    ("good_practice", "Riverside runs a monthly multi-agency risk support panel."),
    ("", "This depends on the new digital front door going live next spring."),
]


def _areas(site):
    return list(LocalArea.objects.for_site(site).order_by("name"))


def _participants(workshop, rng, count):
    areas = _areas(workshop.site)
    tables = list(selectors.workshop_tables(workshop=workshop))
    people = []
    for index in range(count):
        participant, _ = services.participant_join(
            workshop=workshop,
            local_area=areas[index % len(areas)],
            sector=SECTORS[index % len(SECTORS)],
            table=tables[index % len(tables)] if tables else None,
        )
        people.append(participant)
    return people


def _assessment(site, rng):
    workshop = services.workshop_create(
        site=site,
        title=ASSESSMENT_TITLE,
        includes_assessment=True,
        includes_checklist=False,
        principles=[],
        levels=[],
        table_names=TABLES,
    )
    services.workshop_open(workshop=workshop)
    items = selectors.workshop_item_ids(workshop=workshop)
    centre = {item: rng.choice([1.6, 2.0, 2.2, 2.5, 3.1]) for item in items}
    area_bias = {area.id: bias for area, bias in zip(_areas(site), (0.4, -0.3, 0.0), strict=False)}
    for participant in _participants(workshop, rng, 30):
        for item in items:
            if rng.random() < 0.06:
                score = None  # don't know
            else:
                value = rng.gauss(centre[item] + area_bias.get(participant.local_area_id, 0), 0.7)
                score = min(4, max(1, round(value)))
            services.assessment_answer_save(participant=participant, item=item, score=score)
    services.workshop_reveal(workshop=workshop, revealed=True)
    services.workshop_close(workshop=workshop)


def _checklist(site, rng):
    workshop = services.workshop_create(
        site=site,
        title=CHECKLIST_TITLE,
        includes_assessment=False,
        includes_checklist=True,
        principles=[],
        levels=[],
        table_names=TABLES,
    )
    services.workshop_open(workshop=workshop)
    actions = selectors.workshop_action_ids(workshop=workshop)
    statuses = ["in_place", "in_progress", "not_started"]
    typical = {action: rng.choice(statuses) for action in actions}
    areas = _areas(site)
    # Some actions split the areas: each area has its own typical status.
    split = {action: {a.id: rng.choice(statuses) for a in areas} for action in actions[::5]}
    for index, participant in enumerate(_participants(workshop, rng, 24)):
        for action in actions:
            usual = split.get(action, {}).get(participant.local_area_id, typical[action])
            roll = rng.random()
            status = usual if roll < 0.8 else ("dont_know" if roll > 0.95 else rng.choice(statuses))
            tag, comment = ("", "")
            if action in actions[:5] and index % 6 == 0:
                tag, comment = COMMENTS[(index // 6 + actions.index(action)) % len(COMMENTS)]
            services.checklist_answer_save(
                participant=participant, action=action, status=status, comment=comment, tag=tag
            )
    for answer in selectors.comments_for_review(workshop=workshop):
        services.comment_review(answer=answer, review=ChecklistAnswer.Review.APPROVED)
    services.workshop_reveal(workshop=workshop, revealed=True)
    services.workshop_close(workshop=workshop)


def _open(site) -> None:
    # Three principles keep it short enough to finish on a phone in a few minutes.
    instrument = instrument_in_use(site=site, kind="assessment").instrument
    principles = list(dict.fromkeys(item.principle for item in instrument.items()))[:3]
    workshop = services.workshop_create(
        site=site,
        title=OPEN_TITLE,
        includes_assessment=True,
        includes_checklist=False,
        principles=principles,
        levels=[],
        table_names=TABLES[:2],
    )
    services.workshop_open(workshop=workshop)


def seed_workshops(site) -> None:
    """Add the demo workshops once; a second run finds them and does nothing."""
    existing = set(Workshop.objects.for_site(site).values_list("title", flat=True))
    rng = random.Random(2026)
    if ASSESSMENT_TITLE not in existing:
        _assessment(site, rng)
    if CHECKLIST_TITLE not in existing:
        _checklist(site, rng)
    if OPEN_TITLE not in existing:
        _open(site)


def open_workshop_code(site) -> str | None:
    """The join code of the demo's open workshop, for the demo's welcome."""
    workshop = (
        Workshop.objects.for_site(site)
        .filter(title=OPEN_TITLE, status=Workshop.Status.OPEN)
        .first()
    )
    return workshop.join_code if workshop else None
