import json

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thrivekit.extracts import services
from thrivekit.extracts.models import Extract
from thrivekit.sites.models import Role

REFERRALS = (
    "UniqServReqID,Person_ID,ReferralRequestReceivedDate,SourceOfReferralMH,ServTeamTypeRefToMH,"
    "ServDischDate,thrive_grouping\n"
    + "".join(
        f"R{n},9434765919,{1 + n % 27:02d}/0{1 + n % 3}/2024,GP,Core,,GH\n" for n in range(40)
    )
)
CONTACTS = "UniqServReqID,CareContDate,AttendOrDNACode,CareContactId\n" + "".join(
    f"R{n},15/04/2024,{5 if n % 4 else 3},C{n}\n" for n in range(40)
)


def upload(client, site, **files):
    data = {
        "name": "Test extract",
        "referrals": SimpleUploadedFile("refs.csv", files.get("referrals", REFERRALS).encode()),
        "contacts": SimpleUploadedFile("contacts.csv", files.get("contacts", CONTACTS).encode()),
        "as_of": "30/04/2024",
    }
    return client.post(reverse("extracts:upload", kwargs={"site_slug": site.slug}), data)


@pytest.mark.django_db
def test_an_analyst_uploads_an_extract_and_sees_exact_figures(
    client, site, member, signed_in, settings
):
    # Given an analyst
    signed_in(member(Role.ANALYST))
    # When they upload MHSDS-named referrals and contacts
    response = upload(client, site)
    extract = Extract.objects.for_site(site).get()
    assert response.url.endswith(f"/activity/{extract.id}/")
    # Then the import ran, the raw upload is gone and no raw identifier was kept
    assert extract.ready and extract.task.status == "done"
    assert not any((settings.THRIVEKIT_UPLOADS_DIR).iterdir())
    stored = settings.THRIVEKIT_EXTRACTS_DIR / extract.folder
    assert b"9434765919" not in b"".join(p.read_bytes() for p in stored.rglob("*") if p.is_file())
    # And the dashboard shows exact figures to the analyst
    page = client.get(response.url)
    summary = BeautifulSoup(page.text, "html.parser").select_one("[data-testid=summary]").text
    assert "Referrals" in summary and "40" in summary


@pytest.mark.django_db
def test_other_roles_see_disclosure_controlled_figures(client, site, member, signed_in):
    analyst_client = type(client)()
    analyst_client.force_login(member(Role.ANALYST))
    from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: F401

    signed_in(member(Role.VIEWER))

    services.extract_upload(
        site=site,
        name="Shared",
        files={
            "referrals": SimpleUploadedFile("r.csv", REFERRALS.encode()),
            "contacts": SimpleUploadedFile("c.csv", CONTACTS.encode()),
        },
        as_of=None,
        uploaded_by=None,
    )
    extract = Extract.objects.for_site(site).get()
    page = client.get(
        reverse("extracts:detail", kwargs={"site_slug": site.slug, "extract_id": extract.id})
    )
    soup = BeautifulSoup(page.text, "html.parser")
    summary = soup.select_one("[data-testid=summary]").text
    assert "40" in summary  # 40 is a multiple of 5: published as it is
    assert "Counts of 1 to 7 people are shown as *" in page.text
    # Every count in the data-quality table is 0, * or a multiple of 5 of at least 10
    for cell in soup.select("[data-testid=validation] tbody td:nth-of-type(3)"):
        value = cell.text.strip()
        assert value in {"0", "*"} or (int(value) % 5 == 0 and int(value) >= 10), value


@pytest.mark.django_db
def test_a_file_missing_a_required_column_fails_with_a_clear_message(
    client, site, member, signed_in, settings
):
    signed_in(member(Role.ANALYST))
    upload(client, site, contacts="something,else\n1,2\n")
    extract = Extract.objects.for_site(site).get()
    assert extract.task.status == "failed"
    assert "contact" in extract.task.error.lower()
    assert not extract.ready
    assert not any(settings.THRIVEKIT_UPLOADS_DIR.iterdir())
    page = client.get(
        reverse("extracts:detail", kwargs={"site_slug": site.slug, "extract_id": extract.id})
    )
    assert "It did not work" in page.text


@pytest.mark.django_db
def test_a_file_of_the_wrong_type_is_refused_before_anything_is_kept(
    client, site, member, signed_in
):
    signed_in(member(Role.ANALYST))
    data = {
        "name": "Bad",
        "referrals": SimpleUploadedFile("refs.exe", b"MZ..."),
        "contacts": SimpleUploadedFile("contacts.csv", CONTACTS.encode()),
    }
    response = client.post(reverse("extracts:upload", kwargs={"site_slug": site.slug}), data)
    assert "is not a CSV, Excel, Parquet or YAML file" in response.text
    assert not Extract.objects.exists()


@pytest.mark.django_db
def test_each_site_has_its_own_pseudonymisation_key_outside_the_database(
    site, other_site, settings
):
    from thrivekit.extracts.keys import site_key

    assert site_key(site) == site_key(site)
    assert site_key(site) != site_key(other_site)
    path = settings.THRIVEKIT_KEYS_DIR / f"{site.id}.key"
    assert oct(path.stat().st_mode)[-3:] == "600"


# Every referral is seen by Core CAMHS, then 30 move on to Eating disorders and 3 to Crisis.
CONTACTS_WITH_TEAMS = "UniqServReqID,CareContDate,AttendOrDNACode,CareContactId,team\n" + "".join(
    f"R{n},10/04/2024,5,A{n},Core CAMHS\n"
    + (f"R{n},20/04/2024,5,B{n},{'Eating disorders' if n < 30 else 'Crisis'}\n" if n < 33 else "")
    for n in range(40)
)


def flows_chart(page):
    """The Sankey the page draws for moves between teams, or None if there is none."""
    soup = BeautifulSoup(page.text, "html.parser")
    if not soup.select_one(".tk-chart[data-chart-spec=chart-flows]"):
        return None
    return json.loads(soup.select_one("script#chart-flows").string)


@pytest.mark.django_db
def test_the_dashboard_draws_moves_between_teams_above_the_table(client, site, member, signed_in):
    # Given an analyst's extract where referrals move from Core CAMHS to two other teams
    signed_in(member(Role.ANALYST))
    page = client.get(upload(client, site, contacts=CONTACTS_WITH_TEAMS).url)
    # Then the analyst sees a Sankey of every move, labelled for screen readers
    chart = flows_chart(page)
    assert chart["$schema"].endswith("/vega/v5.json")
    assert "Core CAMHS to Eating disorders, 30; Core CAMHS to Crisis, 3" in chart["description"]
    # And the table of moves is still there, after the chart
    assert page.text.index('id="chart-flows"') < page.text.index('<th scope="col">From</th>')


@pytest.mark.django_db
def test_small_moves_are_hidden_from_the_chart_for_other_roles(client, site, member, signed_in):
    # Given a viewer, an extract with moves between teams and one with none
    signed_in(member(Role.VIEWER))

    with_teams, without = (
        services.extract_upload(
            site=site,
            name="Shared",
            files={
                "referrals": SimpleUploadedFile("r.csv", REFERRALS.encode()),
                "contacts": SimpleUploadedFile("c.csv", contacts.encode()),
            },
            as_of=None,
            uploaded_by=None,
        )
        for contacts in (CONTACTS_WITH_TEAMS, CONTACTS)
    )
    url = "extracts:detail"
    page = client.get(reverse(url, kwargs={"site_slug": site.slug, "extract_id": with_teams.id}))
    # Then the 3 moves to Crisis are not drawn (the table shows them as *), and the chart says so
    chart = flows_chart(page)
    assert "Crisis" not in json.dumps(chart)
    assert "Small moves hidden: see the table" in chart["title"]["subtitle"]
    assert "<td>Crisis</td><td>*</td>" in page.text
    # And with no moves recorded there is no chart, only the table saying so
    page = client.get(reverse(url, kwargs={"site_slug": site.slug, "extract_id": without.id}))
    assert flows_chart(page) is None and "No moves recorded." in page.text
