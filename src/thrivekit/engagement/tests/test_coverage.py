"""Sector coverage and its warnings, on small hand-built groups."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from thrivekit.engagement import presenters, services
from thrivekit.engagement.coverage import coverage, coverage_table
from thrivekit.engagement.sectors import sectors_instrument
from thrivekit.sites.models import Role
from thrivekit.workshops import services as workshop_services

KEY_SECTORS = [
    "gp-primary-care",
    "secondary-school",
    "social-care-safeguarding",
    "voluntary-sector",
    "young-person",
    "parent-carer",
]


def gap_ids(sector_ids):
    found = coverage(title="Group", sector_ids=sector_ids, instrument=sectors_instrument())
    return {gap.id for gap in found.gaps}


def test_a_group_with_every_key_sector_has_no_gaps():
    assert gap_ids(KEY_SECTORS) == set()


@pytest.mark.parametrize(
    ("left_out", "gap"),
    [
        ("gp-primary-care", "gp-primary-care"),
        ("secondary-school", "education"),
        ("social-care-safeguarding", "social-care"),
        ("voluntary-sector", "voluntary-sector"),
        ("young-person", "young-people"),
        ("parent-carer", "parents-carers"),
    ],
)
def test_leaving_out_one_key_sector_raises_exactly_its_gap(left_out, gap):
    assert gap_ids([s for s in KEY_SECTORS if s != left_out]) == {gap}


def test_any_education_sector_fills_the_education_gap():
    others = [s for s in KEY_SECTORS if s != "secondary-school"]
    assert "education" not in gap_ids([*others, "early-years"])


def test_the_table_counts_people_per_sector_and_source():
    instrument = sectors_instrument()
    group = coverage(title="Group", sector_ids=["police", "police"], instrument=instrument)
    workshop = coverage(title="Workshop", sector_ids=["police", "made-up"], instrument=instrument)
    table = coverage_table([group, workshop], instrument=instrument)
    rows = {row.sector_id: row for _, rows in table.groups for row in rows}
    assert rows["police"].cells == (2, 1)
    assert rows["ambulance"].cells == (0, 0)
    assert workshop.unknown == 1 and workshop.people == 2


@pytest.mark.django_db
def test_the_overview_warns_where_each_key_sector_is_missing(site, client, member, signed_in):
    # Given a group with a chair but no lead or champions, from health and social care only,
    services.stakeholder_add(
        site=site, name="Ann Lee", sector="gp-primary-care", group_role="chair"
    )
    services.stakeholder_add(site=site, name="Bo Chen", sector="social-care-safeguarding")
    # and a workshop of young people and parents only
    workshop = workshop_services.workshop_create(
        site=site,
        title="Family voices",
        includes_assessment=True,
        includes_checklist=False,
        principles=[],
        levels=[],
        table_names=[],
    )
    workshop_services.workshop_open(workshop=workshop)
    for sector in ("young-person", "parent-carer"):
        workshop_services.participant_join(
            workshop=workshop, local_area=None, sector=sector, table=None
        )
    # When a viewer opens the overview
    signed_in(member(Role.VIEWER))
    page = client.get(reverse("engagement:overview", kwargs={"site_slug": site.slug}))
    soup = BeautifulSoup(page.text, "html.parser")
    warnings = soup.select_one("[data-testid=coverage-warnings]").get_text(" ", strip=True)
    # Then the register lacks education, voluntary sector, young people and parents
    assert "Stakeholder register: No one from education is represented" in warnings
    assert "Stakeholder register: No children or young people are represented." in warnings
    assert "Stakeholder register: No parents or carers are represented." in warnings
    assert "Stakeholder register: No one from GP practices" not in warnings
    # And the workshop lacks GPs, but not young people
    assert "Family voices: No one from GP practices or primary care is represented." in warnings
    assert "Family voices: No children or young people" not in warnings
    # And the group lacks a lead and champions, but has its chair
    group = soup.select_one("[data-testid=group-warnings]").get_text(" ", strip=True)
    assert "No implementation lead" in group and "No i-THRIVE champions" in group
    assert "no chair" not in group
    # And the table shows the workshop's sectors without counting people
    row = soup.select_one("[data-sector=parent-carer]").get_text(" ", strip=True)
    assert row.endswith("Took part")


@pytest.mark.django_db
def test_group_warnings_name_what_is_missing(site):
    services.stakeholder_add(site=site, name="Ann Lee", sector="police", group_role="champion")
    services.stakeholder_add(
        site=site, name="Bo Chen", sector="police", group_role="implementation_lead"
    )
    warnings = presenters.overview(site=site)["group_warnings"]
    assert warnings == ["The transformation group has no chair yet: it needs a senior chair."]


@pytest.mark.django_db
def test_the_step_summary_counts_the_register_the_group_and_the_gaps(site):
    assert presenters.step_summary(site=site) == {"stakeholders": 0, "group": 0, "register_gaps": 6}
    services.stakeholder_add(site=site, name="Ann Lee", sector="parent-carer", group_role="chair")
    services.stakeholder_add(site=site, name="Bo Chen", sector="police")
    assert presenters.step_summary(site=site) == {"stakeholders": 2, "group": 1, "register_gaps": 5}
