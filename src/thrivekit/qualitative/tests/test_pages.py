"""Every feedback page opens for the roles that use it; themes merge and split."""

import pytest

from thrivekit.demo.feedback import seed_feedback
from thrivekit.qualitative import services
from thrivekit.qualitative.models import Code, Theme
from thrivekit.qualitative.tests.helpers import reviewed, url
from thrivekit.sites.models import Role


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.ANALYST, Role.SITE_LEAD, Role.VIEWER])
def test_the_pages_open_on_the_demo_data(site, member, signed_in, role):
    people = {Role.ANALYST: member(Role.ANALYST), Role.SITE_LEAD: member(Role.SITE_LEAD)}
    seed_feedback(site, people=people)
    response = reviewed(site, "The waiting room was cold")
    code = services.code_add(site=site, name="Waiting")
    services.coding_add(response=response, code=code, start=4, end=16)
    theme = Theme.objects.for_site(site).filter(status="approved").first()
    client = signed_in(member(role))
    pages = [
        url("home", site),
        url("themes", site),
        url("theme", site, theme_id=theme.id),
        url("lens", site),
        url("codebook", site),
        url("code", site, code_id=code.id),
        url("response", site, response_id=response.id),
    ]
    if role != Role.VIEWER:
        pages += [url("flags", site), url("upload", site), url("qdpx_export", site)]
    for page in pages:
        assert client.get(page).status_code == 200, page
    if role == Role.VIEWER:
        assert client.get(url("flags", site)).status_code == 403


@pytest.mark.django_db
def test_themes_merge_and_split(site, member, signed_in):
    answers = [reviewed(site, f"Answer {i}", title=f"E{i}") for i in range(4)]
    waits = Theme.objects.create(site=site, label="Waits", keywords=["wait"])
    waits.responses.set(answers[:2])
    delays = Theme.objects.create(site=site, label="Delays", keywords=["delay"])
    delays.responses.set(answers[2:])
    client = signed_in(member(Role.ANALYST))
    client.post(
        url("themes_merge", site),
        {"themes": [str(waits.id), str(delays.id)], "label": "Waiting for help"},
    )
    merged = Theme.objects.for_site(site).get()
    assert merged.label == "Waiting for help"
    assert merged.responses.count() == 4
    assert set(merged.keywords) == {"wait", "delay"}
    # When one answer is split off into its own theme
    client.post(
        url("theme", site, theme_id=merged.id),
        {"responses": [str(answers[3].id)], "label": "Delays at the GP"},
    )
    split = Theme.objects.for_site(site).get(label="Delays at the GP")
    assert list(split.responses.all()) == [answers[3]]
    assert merged.responses.count() == 3
    assert not Code.objects.exists()
