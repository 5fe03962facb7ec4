"""Five tables rank on their devices, the room sees the consensus, worksheets stay safe."""

import pytest
from playwright.sync_api import expect

from tests.system.conftest import axe_violations, has_horizontal_scroll, new_page
from thrivekit.sites.models import Role

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def sign_in(page, base, email):
    from thrivekit.sites.tests.factories import PASSWORD

    page.goto(f"{base}/accounts/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_tables_rank_the_room_agrees_and_two_editors_meet_a_conflict(
    live_server, browser, desktop, settings
):
    from thrivekit.priorities import selectors, services
    from thrivekit.priorities.tests.helpers import DISPUTED_BALLOTS
    from thrivekit.sites.tests.factories import MembershipFactory, SiteFactory

    settings.THRIVEKIT_REQUIRE_2FA = False
    site = SiteFactory(name="Northbridge", slug="northbridge")
    facilitator = MembershipFactory(site=site, role=Role.FACILITATOR).user
    contributor = MembershipFactory(site=site, role=Role.CONTRIBUTOR).user
    session = services.session_open(
        session=services.session_create(
            site=site,
            title="Prioritising",
            allow_checklist_actions=False,
            table_names=[f"Table {n}" for n in range(1, 6)],
            aims=["Access", "Shorter waits"],
        )
    )
    problems: list[str] = []

    # Given five table devices, each entering its top five
    for table, ballot in zip(
        selectors.session_tables(session=session), DISPUTED_BALLOTS, strict=True
    ):
        context, device = new_page(browser, width=360, height=740)
        device.goto(f"{live_server.url}/table/{table.code}")
        for rank, item in enumerate(ballot, start=1):
            device.locator(f"[id='rank-{item}']").select_option(str(rank))
        device.get_by_role("button", name="Save our ranking").click()
        expect(device.get_by_test_id("chosen").locator("li")).to_have_count(5)
        if table.position == 0:
            problems += [f"ranking: {v}" for v in axe_violations(device)]
            if has_horizontal_scroll(device):
                problems.append("ranking scrolls sideways")
        assert device.errors == []
        context.close()

    # When the facilitator opens the room view
    laptop = desktop
    sign_in(laptop, live_server.url, facilitator.email)
    base = f"{live_server.url}/sites/northbridge/priorities/{session.id}"
    laptop.goto(f"{base}/room")
    # Then it shows the Borda order, the tie and Schulze's disagreement
    expect(laptop.get_by_test_id("tables-voted")).to_have_text("5")
    first_row = laptop.get_by_test_id("consensus").locator("tbody tr").first
    expect(first_row).to_contain_text("Outcome-informed")
    expect(laptop.get_by_test_id("ties")).to_contain_text("Common language")
    expect(laptop.get_by_test_id("checks")).to_contain_text("Schulze: gives a different order")
    problems += [f"room: {v}" for v in axe_violations(laptop)]

    # And confirms the computed top five
    laptop.goto(f"{base}/confirm")
    problems += [f"confirm: {v}" for v in axe_violations(laptop)]
    laptop.get_by_role("button", name="Confirm the top five").click()
    expect(laptop.get_by_text("The top five is confirmed")).to_be_visible()
    laptop.get_by_role("link", name="1. Outcome-informed", exact=False).click()
    worksheet_url = laptop.url
    problems += [f"worksheet: {v}" for v in axe_violations(laptop)]

    # When two people edit the same worksheet at once
    context, other = new_page(browser, width=1280, height=900)
    sign_in(other, live_server.url, contributor.email)
    other.goto(worksheet_url)
    laptop.get_by_label("Identified gaps").fill("No advice out of hours")
    other.get_by_label("Identified gaps").fill("Schools wait too long")
    laptop.get_by_role("button", name="Save worksheet").click()
    expect(laptop.get_by_text("The worksheet is saved")).to_be_visible()
    other.get_by_role("button", name="Save worksheet").click()
    # Then the second gets a conflict showing both versions, and nothing is lost
    conflict = other.get_by_test_id("conflict")
    expect(conflict).to_contain_text("Schools wait too long")
    expect(conflict).to_contain_text("No advice out of hours")
    problems += [f"conflict: {v}" for v in axe_violations(other)]
    context.close()

    # And the Word export opens with the aims and the gap analyses
    laptop.goto(base + "/")
    with laptop.expect_download() as download:
        laptop.get_by_role("link", name="Download for a board paper (Word)").click()
    from docx import Document

    text = "\n".join(p.text for p in Document(download.value.path()).paragraphs)
    assert "Access" in text and "No advice out of hours" in text
    assert problems == []
    assert laptop.errors == []
