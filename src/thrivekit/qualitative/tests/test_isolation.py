"""Another site's feedback does not exist for this site's members."""

import pytest

from thrivekit.qualitative import services
from thrivekit.qualitative.models import Flag, Theme
from thrivekit.qualitative.tests.helpers import reviewed, url
from thrivekit.sites.models import Role


@pytest.mark.django_db
def test_another_sites_rows_are_not_found(site, other_site, member, signed_in):
    theirs = reviewed(other_site, "Sometimes I want to hurt myself")
    code = services.code_add(site=other_site, name="Theirs")
    coding = services.coding_add(response=theirs, code=code, start=0, end=9)
    theme = Theme.objects.create(site=other_site, label="Theirs")
    flag = Flag.objects.for_site(other_site).get()
    client = signed_in(member(Role.ANALYST))
    lead = member(Role.SITE_LEAD)
    for page in [
        url("response", site, response_id=theirs.id),
        url("code", site, code_id=code.id),
        url("theme", site, theme_id=theme.id),
    ]:
        assert client.get(page).status_code == 404, page
    assert client.post(url("review", site, response_id=theirs.id)).status_code == 404
    assert client.post(url("coding_remove", site, coding_id=coding.id)).status_code == 404
    assert client.post(url("theme_approve", site, theme_id=theme.id)).status_code == 404
    signed_in(lead)
    assert client.post(url("flag_acknowledge", site, flag_id=flag.id)).status_code == 404
    # And their pages are not reachable by naming their site
    assert client.get(url("home", other_site)).status_code == 404
    theirs.refresh_from_db()
    flag.refresh_from_db()
    assert flag.acknowledged_at is None


@pytest.mark.django_db
def test_a_site_sees_only_its_own_responses(site, other_site, member, signed_in):
    reviewed(site, "Ours: the drop-in helped")
    reviewed(other_site, "Theirs: the clinic was closed")
    page = signed_in(member(Role.VIEWER)).get(url("home", site))
    assert "Ours: the drop-in helped" in page.text
    assert "Theirs" not in page.text
