"""The demo feedback, the group and area lens, and what the gap analysis is given."""

import pytest

from thrivekit.demo.feedback import seed_feedback
from thrivekit.qualitative import selectors
from thrivekit.qualitative.models import Response, Theme
from thrivekit.qualitative.tests.helpers import reviewed, url
from thrivekit.sites.models import Role


@pytest.mark.django_db
def test_the_demo_has_about_150_reviewed_answers_from_three_groups_with_themes(site, member):
    people = {Role.ANALYST: member(Role.ANALYST), Role.SITE_LEAD: member(Role.SITE_LEAD)}
    seed_feedback(site, people=people)
    seed_feedback(site, people=people)  # twice adds nothing
    responses = Response.objects.for_site(site)
    assert selectors.responses_count(site) == 150
    assert set(responses.values_list("group", flat=True)) == {
        "young_person",
        "parent_carer",
        "staff",
    }
    assert set(responses.values_list("area", flat=True)) == {
        "Northbridge Central",
        "Riverside",
        "Eastmoor",
    }
    # And the lens has one column per area, however many answers each holds
    assert selectors.areas_in_use(site) == ["Eastmoor", "Northbridge Central", "Riverside"]
    assert not responses.filter(reviewed_at__isnull=True).exists()
    assert Theme.objects.for_site(site).filter(status="suggested").exists()
    assert selectors.themes_approved_count(site) >= 1
    evidence = selectors.approved_themes_for_site(site)
    assert all(e["source"] == "Qualitative feedback" and e["quotes"] for e in evidence)


@pytest.mark.django_db
def test_a_small_respondent_group_is_not_broken_out(site, member, signed_in):
    # Given ten young people and three staff, with a threshold of 7
    for i in range(10):
        reviewed(site, f"Young person's answer {i}", group="young_person", title=f"Y{i}")
    for i in range(3):
        reviewed(site, f"Staff answer {i}", group="staff", title=f"S{i}")
    client = signed_in(member(Role.VIEWER))
    page = client.get(url("lens", site))
    # Then staff are folded into "Other or not known" and the lens says why
    assert "Staff: too few respondents to be shown on their own" in page.text
    assert '<th scope="row" class="nhsuk-table__header">Staff</th>' not in page.text
    assert '<th scope="row" class="nhsuk-table__header">Young people</th>' in page.text
    # And their answers are not listed as a group on their own
    filtered = client.get(url("home", site), {"group": "staff"})
    assert "its answers are not shown on their own" in filtered.text
    assert "Staff answer" not in filtered.text


@pytest.mark.django_db
def test_approved_themes_are_offered_to_the_gap_analysis_with_their_thrive_links(site):
    answers = [reviewed(site, f"The wait was too long, said person {i}") for i in range(9)]
    approved = Theme.objects.create(
        site=site, label="Long waits", status="approved", principles=["needs-led"]
    )
    approved.responses.set(answers)
    Theme.objects.create(site=site, label="Not approved yet")
    [evidence] = selectors.approved_themes_for_site(site)
    assert evidence["text"] == "Long waits (10 responses)"  # 9, published rounded
    assert evidence["principles"] == ["needs-led"]
    assert len(evidence["quotes"]) == 3


@pytest.mark.django_db
def test_a_small_groups_answers_are_not_labelled_with_the_group(site, member, signed_in):
    for i in range(8):
        reviewed(site, f"Young person's answer {i}", group="young_person", title=f"Y{i}")
    staff = reviewed(site, "A staff member's answer", group="staff")
    client = signed_in(member(Role.VIEWER))
    home = client.get(url("home", site))
    assert "Young people, Riverside" in home.text
    assert "Staff, Riverside" not in home.text
    assert "Other or not known, Riverside" in home.text
    page = client.get(url("response", site, response_id=staff.id))
    assert "Staff" not in page.text.split("response-about")[1].split("</p>")[0]
    # The analyst still sees the group
    analyst = signed_in(member(Role.ANALYST))
    assert "Staff, Riverside" in analyst.get(url("home", site)).text
