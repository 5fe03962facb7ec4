"""The demo engagement for Northbridge: a believable register, a group and a few log entries.

Fictional people with example.org-style addresses. The register deliberately has no parents or
carers, so the demo shows a coverage gap. Seeding twice adds nothing the second time.
"""

from datetime import date

from django.utils.text import slugify

from thrivekit.engagement import selectors, services
from thrivekit.engagement.models import Stakeholder

S, G = Stakeholder.Status, Stakeholder.GroupRole

# name, job title, organisation, sector, status, group role
PEOPLE = (
    ("Helen Ashworth", "Director of Children's Services", "Northbridge City Council",
     "social-care-safeguarding", S.ENGAGED, G.CHAIR),
    ("Ravi Chandran", "THRIVE Implementation Lead", "NHS Northbridge and Vale ICB",
     "commissioner", S.ATTENDED, G.IMPLEMENTATION_LEAD),
    ("Dr Fiona McLeod", "GP and CYP mental health clinical lead", "Riverside Medical Practice",
     "gp-primary-care", S.ATTENDED, G.MEMBER),
    ("Kwame Asante", "CAMHS Service Manager", "Northbridge Community Health NHS Trust",
     "cyp-mental-health", S.ATTENDED, G.CHAMPION),
    ("Sophie Turner", "Clinical Psychologist", "Northbridge Community Health NHS Trust",
     "cyp-mental-health", S.ENGAGED, G.CHAMPION),
    ("Mark Ellison", "Head of Early Help", "Northbridge City Council",
     "early-help", S.ATTENDED, G.MEMBER),
    ("Priya Nair", "Designated Safeguarding Lead", "Eastmoor Academy",
     "secondary-school", S.ATTENDED, G.CHAMPION),
    ("Joanne Fairclough", "Headteacher", "St Anne's Primary School",
     "primary-school", S.ENGAGED, G.MEMBER),
    ("Dan Whitaker", "Chief Executive", "Northbridge Youth Trust",
     "voluntary-sector", S.ATTENDED, G.MEMBER),
    ("Amira Hassan", "Participation Worker", "Northbridge Youth Trust",
     "voluntary-sector", S.ENGAGED, ""),
    ("Chloe Bennett", "Youth Council member", "Northbridge Youth Council",
     "young-person", S.ENGAGED, G.MEMBER),
    ("Jordan Price", "Young Commissioner", "Northbridge Youth Council",
     "young-person", S.INVITED, ""),
    ("Inspector Gary Holt", "Partnerships Inspector", "Northbridge Police",
     "police", S.INVITED, ""),
    ("Lisa Moran", "Mental Health Lead", "Vale Ambulance Service NHS Trust",
     "ambulance", S.IDENTIFIED, ""),
    ("Nadia Kowalski", "Perinatal Mental Health Team Lead", "Northbridge Community Health NHS Trust",
     "perinatal", S.INVITED, ""),
    ("Dr Owen Griffiths", "Consultant Psychiatrist", "Northbridge Adult Mental Health Services",
     "adult-mental-health", S.IDENTIFIED, ""),
    ("Bethany Shaw", "School Nursing Team Leader", "Northbridge Community Health NHS Trust",
     "universal-health", S.ENGAGED, ""),
    ("Dr Samuel Okoye", "Consultant Paediatrician", "Northbridge General Hospital",
     "specialist-health", S.INVITED, ""),
    ("Karen Doyle", "Youth Justice Service Manager", "Northbridge City Council",
     "youth-justice", S.ENGAGED, ""),
    ("Tariq Mahmood", "Virtual School Head", "Northbridge City Council",
     "looked-after-children", S.ENGAGED, G.MEMBER),
    ("Emma Lindqvist", "Consultant in Public Health", "Northbridge City Council",
     "public-health", S.ATTENDED, ""),
    ("Rachel Oduya", "Children's Centre Manager", "Riverside Family Hub",
     "early-years", S.INVITED, ""),
    ("Paul Hendry", "Principal", "Eastmoor Specialist School",
     "specialist-provision", S.IDENTIFIED, ""),
    ("Gemma Walsh", "Careers and NEET Adviser", "Northbridge College",
     "neet-post-16", S.IDENTIFIED, ""),
    ("Anil Kapoor", "Senior Commissioning Manager", "Northbridge City Council",
     "commissioner", S.ENGAGED, ""),
    ("Martin Crowe", "Team Manager, Children in Need", "Northbridge City Council",
     "social-care-safeguarding", S.INVITED, ""),
)  # fmt: skip

LOG = (
    (date(2026, 1, 14), "meeting", "Transformation group: first meeting",
     ["social-care-safeguarding", "commissioner", "gp-primary-care", "cyp-mental-health",
      "early-help", "voluntary-sector"], 11,
     "Terms of reference agreed; Helen Ashworth to chair."),
    (date(2026, 1, 28), "briefing", "Briefing to the primary and secondary headteachers' forum",
     ["primary-school", "secondary-school"], 34,
     "Asked for a named school contact for the THRIVE Assessment workshop."),
    (date(2026, 2, 9), "communication", "Newsletter item for GP practices",
     ["gp-primary-care"], None, "Sent through the primary care bulletin."),
    (date(2026, 2, 20), "meeting", "Youth Council session on the THRIVE Framework",
     ["young-person"], 15, "Young people want a say in how the new front door works."),
)  # fmt: skip


def _email(name: str, organisation: str) -> str:
    person = ".".join(part.lower() for part in name.split()[-2:]).replace("'", "")
    return f"{person}@{slugify(organisation)}.example"


def seed_engagement(site) -> None:
    """Add the demo register, group and log once; a second run finds them and adds nothing."""
    known = {
        services.name_key(n)
        for n in selectors.stakeholders_for_site(site=site).values_list("name", flat=True)
    }
    for name, job_title, organisation, sector, status, group_role in PEOPLE:
        if services.name_key(name) in known:
            continue
        services.stakeholder_add(
            site=site,
            name=name,
            job_title=job_title,
            organisation=organisation,
            sector=sector,
            email=_email(name, organisation),
            status=status,
            group_role=group_role,
        )
    logged = set(selectors.log_entries_for_site(site=site).values_list("title", flat=True))
    for when, kind, title, sectors, people, notes in LOG:
        if title not in logged:
            services.log_entry_add(
                site=site,
                date=when,
                kind=kind,
                title=title,
                sectors=sectors,
                people_reached=people,
                notes=notes,
            )
