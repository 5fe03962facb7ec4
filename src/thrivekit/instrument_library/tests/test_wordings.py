import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thrivekit import instruments
from thrivekit.instrument_library.models import SiteInstrument
from thrivekit.sites.models import Role


def builtin_text(kind: str) -> str:
    return instruments.builtin_paths()[kind].read_text(encoding="utf-8")


def upload(client, site, name: str, text: str):
    url = reverse("instrument_library:upload", kwargs={"site_slug": site.slug})
    return client.post(url, {"file": SimpleUploadedFile(name, text.encode())})


@pytest.mark.django_db
def test_a_site_lead_loads_an_alternative_wording_that_then_shows_everywhere(
    client, site, member, signed_in
):
    # Given a site lead with the official wording of the assessment, as a new version
    signed_in(member(Role.SITE_LEAD))
    text = builtin_text("assessment").replace('version: "2026.1"', 'version: "official-3"', 1)
    text = text.replace("THRIVE Assessment", "Official THRIVE Assessment", 1)
    # When they load it
    response = upload(client, site, "official.yaml", text)
    # Then it is in use for the site, with its version
    assert response.status_code == 302
    listing = client.get(response.url)
    assert "official-3" in listing.text
    assert "Loaded from official.yaml" in listing.text
    loaded = SiteInstrument.objects.for_site(site).get()
    assert (loaded.kind, loaded.version, loaded.is_active) == ("assessment", "official-3", True)


@pytest.mark.django_db
def test_a_broken_wording_file_is_refused_with_located_problems_and_nothing_changes(
    client, site, member, signed_in
):
    signed_in(member(Role.SITE_LEAD))
    text = builtin_text("checklist").replace("number: 3\n", "number: three\n", 1)
    response = upload(client, site, "broken.yaml", text)
    assert response.status_code == 200
    assert "The file was not loaded" in response.text
    assert "broken.yaml:" in response.text
    assert "Traceback" not in response.text
    assert not SiteInstrument.objects.for_site(site).exists()


@pytest.mark.django_db
def test_a_wording_that_drops_items_is_refused(client, site, member, signed_in):
    signed_in(member(Role.SITE_LEAD))
    model = instruments.builtin("groupings")
    text = builtin_text("groupings")
    # Rename one grouping id: answers would no longer line up with the built-in ids
    first = model.groupings[-1].id
    text = text.replace(f"id: {first}", "id: something-else", 1)
    response = upload(client, site, "renamed.yaml", text)
    assert "The file was not loaded" in response.text
    assert not SiteInstrument.objects.for_site(site).exists()


@pytest.mark.django_db
def test_each_instrument_can_be_read_by_any_member(client, site, member, signed_in):
    signed_in(member(Role.VIEWER))
    for kind, expected in [
        ("assessment", "Shared decision making"),
        ("checklist", "in place"),
        ("groupings", "Getting Risk Support"),
        ("sectors", "Police"),
    ]:
        url = reverse("instrument_library:detail", kwargs={"site_slug": site.slug, "kind": kind})
        page = client.get(url)
        assert page.status_code == 200
        assert expected.lower() in page.text.lower(), kind


@pytest.mark.django_db
def test_a_changed_wording_under_the_built_in_version_is_refused(client, site, member, signed_in):
    # Given a site lead with a reworded assessment that keeps the built-in version
    signed_in(member(Role.SITE_LEAD))
    text = builtin_text("assessment").replace("THRIVE Assessment", "Our THRIVE Assessment", 1)
    # When they load it
    response = upload(client, site, "ours.yaml", text)
    # Then it is refused: answers record the version, which must say which wording was used
    assert "The file was not loaded" in response.text
    assert "Give your wording its own version" in response.text
    assert not SiteInstrument.objects.for_site(site).exists()
