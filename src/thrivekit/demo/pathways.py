"""A demo pathway map for Northbridge: about 25 services across the five needs-based
groupings and 60 routes, with the activity extract's team names so the data links up."""

from thrivekit import pathways
from thrivekit.maps import selectors, services

AREAS = ("Northbridge Central", "Riverside", "Eastmoor")
# (name, provider, sector, groupings, ages, local areas or None for all)
SERVICES = [
    (
        "Single Point of Access",
        "Northbridge CAMHS",
        "cyp-mental-health",
        ["getting-advice"],
        (0, 18),
        None,
    ),
    (
        "Mental Health Support Team",
        "Northbridge CAMHS",
        "cyp-mental-health",
        ["getting-advice", "getting-help"],
        (5, 18),
        None,
    ),
    (
        "Early Help",
        "Northbridge City Council",
        "early-help",
        ["getting-advice", "thriving"],
        (0, 18),
        None,
    ),
    (
        "Core CAMHS North",
        "Northbridge CAMHS",
        "cyp-mental-health",
        ["getting-help"],
        (0, 18),
        ["Northbridge Central"],
    ),
    (
        "Core CAMHS South",
        "Northbridge CAMHS",
        "cyp-mental-health",
        ["getting-help"],
        (0, 18),
        ["Riverside"],
    ),
    (
        "Core CAMHS Central",
        "Northbridge CAMHS",
        "cyp-mental-health",
        ["getting-help"],
        (0, 18),
        ["Eastmoor"],
    ),
    (
        "Eating Disorders",
        "Northbridge CAMHS",
        "cyp-mental-health",
        ["getting-more-help"],
        (8, 18),
        None,
    ),
    (
        "Neurodevelopmental",
        "Northbridge CAMHS",
        "cyp-mental-health",
        ["getting-help", "getting-more-help"],
        (4, 18),
        None,
    ),
    ("Crisis", "Northbridge CAMHS", "cyp-mental-health", ["getting-risk-support"], (11, 18), None),
    (
        "Learning Disabilities",
        "Northbridge CAMHS",
        "cyp-mental-health",
        ["getting-more-help"],
        (5, 18),
        None,
    ),
    (
        "Looked After Children",
        "Northbridge City Council",
        "looked-after-children",
        ["getting-help", "getting-risk-support"],
        (0, 18),
        None,
    ),
    ("Infant Mental Health", "Northbridge CAMHS", "perinatal", ["getting-help"], (0, 4), None),
    ("Psychology", "Northbridge CAMHS", "cyp-mental-health", ["getting-more-help"], (5, 18), None),
    ("Medical", "Northbridge CAMHS", "cyp-mental-health", ["getting-more-help"], (5, 18), None),
    (
        "Tier 4 Liaison",
        "Northbridge CAMHS",
        "cyp-mental-health",
        ["getting-risk-support"],
        (12, 18),
        None,
    ),
    (
        "Kooth-style online support",
        "Online provider",
        "voluntary-sector",
        ["getting-advice"],
        (11, 25),
        None,
    ),
    (
        "Riverside Youth Counselling",
        "Riverside Youth Trust",
        "voluntary-sector",
        ["getting-help"],
        (11, 25),
        ["Riverside"],
    ),
    (
        "Eastmoor Family Hub",
        "Northbridge City Council",
        "early-help",
        ["thriving", "getting-advice"],
        (0, 11),
        ["Eastmoor"],
    ),
    (
        "School Wellbeing Programme",
        "Northbridge schools",
        "secondary-school",
        ["thriving"],
        (5, 18),
        None,
    ),
    (
        "Youth Justice Health",
        "Northbridge Youth Justice",
        "youth-justice",
        ["getting-risk-support"],
        (10, 18),
        None,
    ),
    (
        "Multi-agency Risk Panel",
        "Northbridge partnership",
        "social-care-safeguarding",
        ["getting-risk-support"],
        (0, 18),
        None,
    ),
    (
        "Bereavement Support",
        "Northbridge Hospice",
        "voluntary-sector",
        ["getting-help"],
        (5, 18),
        None,
    ),
    (
        "Parenting Programme",
        "Northbridge City Council",
        "early-help",
        ["getting-advice"],
        (0, 11),
        None,
    ),
    (
        "Young Adults Transition",
        "Northbridge adult services",
        "adult-mental-health",
        ["getting-help"],
        (16, 25),
        None,
    ),
    (
        "Peer Support Groups",
        "Northbridge Young Minds",
        "voluntary-sector",
        ["thriving", "getting-advice"],
        (11, 25),
        None,
    ),
]
ENTRY_POINTS = [
    ("GP", "gp"),
    ("School", "school"),
    ("Self-referral", "self-referral"),
    ("A&E", "a-and-e"),
    ("Children's social care", "social-care"),
    ("Police", "police"),
    ("Digital front door", "digital-front-door"),
]


def _id(name: str) -> str:
    from django.utils.text import slugify

    return slugify(name)


def demo_map() -> pathways.PathwayMap:
    services_ = [
        pathways.Service(
            id=_id(name), name=name, provider=provider, sector=sector, groupings=tuple(groupings),
            age_min=ages[0], age_max=ages[1], local_areas=tuple(areas or ()),
        )
        for name, provider, sector, groupings, ages, areas in SERVICES
    ]  # fmt: skip
    entries = [pathways.EntryPoint(id=_id(n), name=n, kind=k) for n, k in ENTRY_POINTS]
    routes = []

    def route(source, target, kind="referral"):
        routes.append(pathways.Route(from_id=_id(source), to_id=_id(target), kind=kind))

    for entry in ("GP", "School", "Self-referral", "Children's social care", "Digital front door"):
        route(entry, "Single Point of Access")
    route("School", "Mental Health Support Team")
    route("School", "School Wellbeing Programme", "signpost")
    route("GP", "Parenting Programme", "signpost")
    route("A&E", "Crisis")
    route("Police", "Youth Justice Health")
    route("Digital front door", "Kooth-style online support", "signpost")
    route("Self-referral", "Peer Support Groups", "signpost")
    for target in (
        "Core CAMHS North",
        "Core CAMHS South",
        "Core CAMHS Central",
        "Neurodevelopmental",
        "Eating Disorders",
        "Mental Health Support Team",
        "Early Help",
        "Infant Mental Health",
        "Bereavement Support",
        "Kooth-style online support",
        "Riverside Youth Counselling",
    ):
        route("Single Point of Access", target)
    for core_team in ("Core CAMHS North", "Core CAMHS South", "Core CAMHS Central"):
        route(core_team, "Psychology")
        route(core_team, "Medical")
        route(core_team, "Crisis", "step-up")
        route(core_team, "Eating Disorders", "step-up")
        route(core_team, "Young Adults Transition")
        route(core_team, "Early Help", "step-down")
        route(core_team, "Single Point of Access", "step-down")
    route("Mental Health Support Team", "Core CAMHS North", "step-up")
    route("Mental Health Support Team", "Core CAMHS South", "step-up")
    route("Mental Health Support Team", "Core CAMHS Central", "step-up")
    route("Mental Health Support Team", "School Wellbeing Programme", "step-down")
    route("Early Help", "Parenting Programme")
    route("Early Help", "Eastmoor Family Hub")
    route("Early Help", "Single Point of Access", "step-up")
    route("Crisis", "Tier 4 Liaison", "step-up")
    route("Crisis", "Multi-agency Risk Panel", "consultation")
    route("Tier 4 Liaison", "Crisis", "step-down")
    route("Eating Disorders", "Medical")
    route("Eating Disorders", "Tier 4 Liaison", "step-up")
    route("Looked After Children", "Multi-agency Risk Panel", "consultation")
    route("Children's social care", "Looked After Children")
    route("Youth Justice Health", "Multi-agency Risk Panel", "consultation")
    route("Neurodevelopmental", "Learning Disabilities")
    route("Neurodevelopmental", "Parenting Programme", "signpost")
    route("Learning Disabilities", "Psychology")
    route("Psychology", "Young Adults Transition")
    route("Kooth-style online support", "Single Point of Access", "step-up")
    route("Riverside Youth Counselling", "Core CAMHS South", "step-up")
    route("Peer Support Groups", "Kooth-style online support", "signpost")
    route("Bereavement Support", "Peer Support Groups", "step-down")
    return pathways.PathwayMap(services=services_, entry_points=entries, routes=routes)


# (service, profession, band, WTE, vacancies, training) for the workforce table.
WORKFORCE = [
    ("Single Point of Access", "Clinical psychologist", "8a", 1.0, 0, "THRIVE groupings"),
    ("Single Point of Access", "Mental health practitioner", "6", 3.0, 1, "THRIVE groupings"),
    ("Mental Health Support Team", "Education mental health practitioner", "5", 8.0, 2, ""),
    ("Mental Health Support Team", "Senior supervisor", "8a", 1.0, 0, "Shared decision making"),
    ("Early Help", "Family support worker", "Not AfC", 6.0, 1, "THRIVE groupings"),
    ("Core CAMHS North", "Clinical psychologist", "Band 8b", 2.0, 0.5, "Shared decision making"),
    ("Core CAMHS North", "Mental health nurse", "6", 4.0, 1, ""),
    ("Core CAMHS South", "Mental health nurse", "6", 3.5, 0, ""),
    ("Core CAMHS Central", "Family therapist", "7", 2.0, 1, "Shared decision making"),
    ("Crisis", "Mental health nurse", "7", 5.0, 2, "THRIVE groupings"),
    ("Eating Disorders", "Dietitian", "7", 1.0, 0, ""),
    ("Psychology", "Consultant clinical psychologist", "8c", 1.5, 0, "THRIVE groupings"),
    ("Medical", "Consultant psychiatrist", "Medical consultant", 2.0, 1, ""),
]


def seed_pathway_map(site, *, saved_by=None) -> None:
    """The map, its teams matched to the demo extract's, volumes from the data, a workforce."""
    from thrivekit.extracts.selectors import latest_analysis
    from thrivekit.maps import presenters

    if selectors.map_document(site=site) is not None:
        return
    pathway_map = demo_map()
    services.map_save(site=site, pathway_map=pathway_map, base_version=0, saved_by=saved_by)
    ids = {s.name: s.id for s in pathway_map.services}
    services.workforce_replace(
        site=site,
        rows=[
            {
                "service_id": ids[name],
                "profession": profession,
                "band": band,
                "wte": wte,
                "vacancies": vacancies,
                "training": training,
            }
            for name, profession, band, wte, vacancies, training in WORKFORCE
        ],
    )
    analysis = latest_analysis(site=site)
    if not analysis:
        return
    teams = [t["team"] for t in analysis.get("teams", [])]
    matches = presenters.team_matches(pathway_map, teams, None)
    services.team_services_save(site=site, mapping={team: sid for team, sid in matches if sid})
    services.route_volumes_fill(
        site=site,
        flows=presenters.flows_for_map(pathway_map, analysis, selectors.map_document(site=site)),
        months=len(analysis.get("monthly", [])),
        policy=presenters.site_policy(site),
        saved_by=saved_by,
    )
