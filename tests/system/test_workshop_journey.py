"""A live workshop from the facilitator's laptop and three participants' phones."""

import io

import pytest
from playwright.sync_api import expect

from tests.system.conftest import axe_violations, has_horizontal_scroll, new_page
from thrivekit.sites.models import Role

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def northbridge(settings):
    from thrivekit.sites.tests.factories import LocalAreaFactory, MembershipFactory, SiteFactory

    settings.THRIVEKIT_REQUIRE_2FA = False
    site = SiteFactory(name="Northbridge", slug="northbridge")
    areas = [LocalAreaFactory(site=site, name=n) for n in ("Eastmoor", "Riverside", "Central")]
    facilitator = MembershipFactory(site=site, role=Role.FACILITATOR).user
    return site, areas, facilitator


def accessible(page, problems, where):
    problems += [f"{where}: {v}" for v in axe_violations(page)]
    if has_horizontal_scroll(page):
        problems.append(f"{where}: scrolls sideways")


def test_a_facilitator_runs_a_workshop_that_three_phones_answer(
    live_server, browser, desktop, northbridge
):
    from thrivekit.sites.tests.factories import PASSWORD

    site, areas, facilitator = northbridge
    problems: list[str] = []
    laptop = desktop
    # Given a facilitator who sets up a workshop with both instruments
    laptop.goto(f"{live_server.url}/accounts/login")
    laptop.get_by_label("Email address").fill(facilitator.email)
    laptop.get_by_label("Password").fill(PASSWORD)
    laptop.get_by_role("button", name="Sign in").click()
    laptop.goto(f"{live_server.url}/sites/northbridge/workshops/new")
    accessible(laptop, problems, "new workshop")
    laptop.get_by_label("Workshop name").fill("Baseline")
    laptop.get_by_label("The Implementation Checklist").check()
    laptop.get_by_role("button", name="Set up workshop").click()
    laptop.get_by_role("button", name="Open the workshop").click()
    code = laptop.get_by_test_id("join-code").inner_text()
    accessible(laptop, problems, "workshop page")

    # When three people join on phones and answer (three different checklist answers: no
    # answer reaches 50%, so the action is a conflicting response)
    for index, (area, table, score, status) in enumerate(
        [
            (areas[0], "Table 1", "2", "Already in place in my local area"),
            (areas[1], "Table 2", "3", "Not yet in place but work in progress"),
            (areas[2], "Table 3", "4", "Not in place and no work towards this yet"),
        ]
    ):
        context, phone = new_page(browser, width=360, height=740)
        phone.goto(f"{live_server.url}/join/")
        if index == 0:
            accessible(phone, problems, "enter code")
        phone.get_by_label("Workshop code").fill(code.lower())
        phone.get_by_role("button", name="Join").click()
        phone.get_by_label(area.name).check()
        phone.get_by_label("Which best describes you?").select_option(
            label="Children and young people"
        )
        phone.get_by_label(table).check()
        if index == 0:
            accessible(phone, problems, "join")
        phone.get_by_role("button", name="Start").click()
        # The first assessment item, answered by a tap that saves at once (HTMX)
        expect(phone.get_by_text("question 1 of 55")).to_be_visible()
        phone.locator(f"input[name=score][value='{score}']").check()
        expect(phone.get_by_text("Saved.")).to_be_visible()
        if index == 0:
            accessible(phone, problems, "assessment question")
        phone.get_by_role("button", name="Save and continue").click()
        expect(phone.get_by_text("question 2 of 55")).to_be_visible()
        # The first checklist action, with a comment tagged as good practice
        phone.goto(f"{live_server.url}/join/{code}/questions/25")
        phone.get_by_label(status).check()
        phone.get_by_label("Comment (optional)").fill(f"Comment from {area.name}")
        phone.get_by_label("Example of good practice").check()
        if index == 0:
            accessible(phone, problems, "checklist question")
        phone.get_by_role("button", name="Save and continue").click()
        phone.goto(f"{live_server.url}/join/{code}/answers")
        expect(phone.get_by_text("You have answered 2 of 55 questions")).to_be_visible()
        phone.goto(f"{live_server.url}/join/{code}/results")
        expect(phone.get_by_text("Results are not shown yet")).to_be_visible()
        assert phone.errors == [], phone.errors
        context.close()

    # Then the facilitator approves a comment, shows the results and sees the projector
    laptop.get_by_role("link", name="Review comments").click()
    accessible(laptop, problems, "comments")
    laptop.get_by_role("button", name="Approve this comment").first.click()
    laptop.get_by_role("link", name="Baseline").first.click()
    laptop.get_by_role("button", name="Show results to the room").click()
    laptop.get_by_role("button", name="Show on the projector").click()
    expect(laptop.get_by_test_id("joined-count")).to_have_text("3")
    expect(laptop.get_by_text("Median score by principle and level", exact=True)).to_be_visible()
    expect(laptop.get_by_test_id("common-responses")).to_be_visible()
    expect(laptop.get_by_test_id("conflicting-responses")).to_contain_text("1.")
    # The heatmap is drawn as a chart as well as a table
    expect(laptop.locator("#projector-live .tk-chart svg").first).to_be_visible()
    accessible(laptop, problems, "projector")
    # And closes the workshop and downloads the answers
    laptop.goto(f"{live_server.url}/sites/northbridge/workshops/")
    laptop.get_by_role("link", name="Baseline").click()
    laptop.get_by_role("button", name="Close the workshop").click()
    expect(laptop.get_by_text("The workshop is closed")).to_be_visible()
    with laptop.expect_download() as download:
        laptop.get_by_role("link", name="Download answers and summaries (Excel)").click()
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
    assert "Assessment answers" in book.sheetnames and "Checklist summary" in book.sheetnames
    laptop.goto(f"{live_server.url}/sites/northbridge/workshops/")
    accessible(laptop, problems, "workshops list")
    assert problems == []
    assert laptop.errors == []
