"""The engagement pages: who may do what, and another site's entries do not exist."""

from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thrivekit.engagement import demo, selectors, services
from thrivekit.engagement.models import LogEntry, Stakeholder
from thrivekit.sites.models import Role


def url(name, site, **kwargs):
    return reverse(f"engagement:{name}", kwargs={"site_slug": site.slug, **kwargs})


ENTRY = {
    "name": "Ann Lee",
    "job_title": "Head of Inclusion",
    "organisation": "Eastmoor Academy",
    "sector": "secondary-school",
    "email": "ann@eastmoor.example",
    "status": "invited",
    "group_role": "champion",
    "notes": "",
}


@pytest.mark.django_db
def test_a_contributor_adds_changes_and_removes_an_entry(site, client, member, signed_in):
    signed_in(member(Role.CONTRIBUTOR))
    # When they add Ann
    response = client.post(url("stakeholder_add", site), ENTRY)
    assert response.status_code == 302
    ann = selectors.stakeholders_for_site(site=site).get()
    assert (ann.sector, ann.group_role) == ("secondary-school", "champion")
    # And change her status and take her out of the group
    changed = {**ENTRY, "status": "engaged", "group_role": "none"}
    client.post(url("stakeholder_edit", site, stakeholder_id=ann.id), changed)
    ann.refresh_from_db()
    assert (ann.status, ann.group_role) == ("engaged", "")
    # And remove her
    client.post(url("stakeholder_remove", site, stakeholder_id=ann.id))
    assert not selectors.stakeholders_for_site(site=site).exists()


@pytest.mark.django_db
def test_adding_a_name_already_in_the_register_shows_the_problem(site, client, member, signed_in):
    services.stakeholder_add(site=site, name="Ann Lee", sector="police")
    signed_in(member(Role.FACILITATOR))
    response = client.post(url("stakeholder_add", site), {**ENTRY, "name": "ann lee"})
    assert response.status_code == 200
    assert "ann lee is already in the register." in response.text
    assert selectors.stakeholders_for_site(site=site).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.VIEWER, Role.ANALYST])
def test_a_viewer_or_analyst_reads_but_cannot_edit(site, client, member, signed_in, role):
    ann = services.stakeholder_add(site=site, name="Ann Lee", sector="police", email="a@b.example")
    signed_in(member(role))
    # They can read the register, without contact emails
    page = client.get(url("register", site))
    assert page.status_code == 200 and "Ann Lee" in page.text and "a@b.example" not in page.text
    # But every way of changing it is forbidden
    assert client.post(url("stakeholder_add", site), ENTRY).status_code == 403
    edit = url("stakeholder_edit", site, stakeholder_id=ann.id)
    assert client.post(edit, {**ENTRY, "name": "Changed"}).status_code == 403
    remove = url("stakeholder_remove", site, stakeholder_id=ann.id)
    assert client.post(remove).status_code == 403
    assert client.get(url("import", site)).status_code == 403
    assert client.get(url("log_add", site)).status_code == 403
    ann.refresh_from_db()
    assert ann.name == "Ann Lee"


@pytest.mark.django_db
def test_another_sites_entry_does_not_exist(site, other_site, client, member, signed_in):
    # Given an entry at another site
    theirs = services.stakeholder_add(site=other_site, name="Zed Yu", sector="police")
    # When a Northbridge lead uses its id under their own site
    signed_in(member(Role.SITE_LEAD))
    for name in ("stakeholder_edit", "stakeholder_remove"):
        assert client.get(url(name, site, stakeholder_id=theirs.id)).status_code == 404
        assert client.post(url(name, site, stakeholder_id=theirs.id)).status_code == 404
    # Then it is untouched, and another site's pages do not exist for them either
    assert selectors.stakeholders_for_site(site=other_site).get().name == "Zed Yu"
    assert client.get(url("register", other_site)).status_code == 404


@pytest.mark.django_db
def test_the_register_filters_by_sector_and_status(site, client, member, signed_in):
    services.stakeholder_add(site=site, name="Ann Lee", sector="police", status="engaged")
    services.stakeholder_add(site=site, name="Bo Chen", sector="police")
    services.stakeholder_add(site=site, name="Cat Ode", sector="ambulance", status="engaged")
    signed_in(member(Role.VIEWER))
    page = client.get(url("register", site), {"sector": "police", "status": "engaged"})
    rows = BeautifulSoup(page.text, "html.parser").select("[data-testid=register] tbody tr")
    # (the name heads its row; the "Name" label before it shows only on phones)
    names = [r.th.find_all("span", recursive=False)[-1].get_text(strip=True) for r in rows]
    assert names == ["Ann Lee"]


@pytest.mark.django_db
def test_an_upload_with_problems_lists_them_and_adds_no_one(site, client, member, signed_in):
    signed_in(member(Role.CONTRIBUTOR))
    upload = SimpleUploadedFile("r.csv", b"Name,Sector\nAnn Lee,police\nBo Chen,Dragons\n")
    page = client.post(url("import", site), {"file": upload})
    soup = BeautifulSoup(page.text, "html.parser")
    cells = [td.get_text(strip=True) for td in soup.select("[data-testid=row-errors] td")]
    assert cells[:2] == ["3", "Sector"] and "'Dragons' is not a sector" in cells[2]
    assert "Nothing was added" in page.text
    assert not selectors.stakeholders_for_site(site=site).exists()
    # A corrected file adds both
    upload = SimpleUploadedFile("r.csv", b"Name,Sector\nAnn Lee,police\nBo Chen,ambulance\n")
    assert client.post(url("import", site), {"file": upload}).status_code == 302
    assert selectors.stakeholders_for_site(site=site).count() == 2


@pytest.mark.django_db
def test_only_site_leads_export_with_emails(site, client, member, signed_in):
    services.stakeholder_add(site=site, name="Ann Lee", sector="police", email="ann@x.example")
    signed_in(member(Role.FACILITATOR))
    assert client.get(url("export_for_site", site, file_format="csv")).status_code == 403
    shared = client.get(url("export_to_share", site, file_format="csv"))
    assert shared.status_code == 200 and b"Ann Lee" in shared.content
    assert b"@" not in shared.content
    signed_in(member(Role.SITE_LEAD))
    full = client.get(url("export_for_site", site, file_format="xlsx"))
    assert full.status_code == 200
    assert "for-the-site.xlsx" in full["Content-Disposition"]


@pytest.mark.django_db
def test_a_facilitator_logs_a_briefing_and_everyone_sees_it(site, client, member, signed_in):
    signed_in(member(Role.FACILITATOR))
    # A log entry needs to say who was reached
    missing = {"date": "28/01/2026", "kind": "briefing", "title": "Heads' forum"}
    page = client.post(url("log_add", site), missing)
    assert "Say who was reached" in page.text
    entry = {**missing, "sectors": ["primary-school", "secondary-school"], "people_reached": "34"}
    assert client.post(url("log_add", site), entry).status_code == 302
    logged = LogEntry.objects.get()
    assert logged.date == date(2026, 1, 28) and logged.people_reached == 34
    signed_in(member(Role.VIEWER))
    page = client.get(url("log", site))
    assert "Heads&#39; forum" in page.text and "34 people" in page.text
    assert "Primary schools; Secondary schools" in page.text


@pytest.mark.django_db
def test_every_page_opens_for_an_editor(site, client, member, signed_in):
    demo.seed_engagement(site)
    ann = selectors.stakeholders_for_site(site=site).first()
    signed_in(member(Role.SITE_LEAD))
    for name, kwargs in [
        ("overview", {}),
        ("register", {}),
        ("stakeholder_add", {}),
        ("stakeholder_edit", {"stakeholder_id": ann.id}),
        ("stakeholder_remove", {"stakeholder_id": ann.id}),
        ("import", {}),
        ("export", {}),
        ("export_for_site", {"file_format": "csv"}),
        ("export_to_share", {"file_format": "xlsx"}),
        ("log", {}),
        ("log_add", {}),
    ]:
        assert client.get(url(name, site, **kwargs)).status_code == 200, name


@pytest.mark.django_db
def test_the_demo_register_is_believable_with_a_gap_and_seeds_once(site):
    demo.seed_engagement(site)
    demo.seed_engagement(site)
    register = selectors.stakeholders_for_site(site=site)
    assert 20 <= register.count() <= 30
    assert register.values("sector").distinct().count() >= 15
    roles = list(register.exclude(group_role="").values_list("group_role", flat=True))
    assert roles.count("chair") == 1 and roles.count("implementation_lead") == 1
    assert roles.count("champion") >= 2
    assert selectors.log_entries_for_site(site=site).count() == 4
    # The demo shows a gap: no parents or carers in the register
    from thrivekit.engagement.presenters import coverage_warnings, coverages

    warnings = [w.text for w in coverage_warnings(coverages(site=site)[:2])]
    assert "No parents or carers are represented." in warnings
    assert not register.filter(sector="parent-carer").exists()
    assert Stakeholder.objects.for_site(site).filter(email="").count() == 0
