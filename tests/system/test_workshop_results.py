"""Workshop results on a 390 px phone and the facilitator's projector, in Chromium (issue 15).

Screenshots go to $THRIVEKIT_SCREENSHOTS when it is set (CI keeps them as artefacts), else to
the test's temporary directory.
"""

import pytest
from playwright.sync_api import expect

from tests.system.conftest import axe_violations, new_page
from thrivekit.sites.models import Role

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]

OVERFLOW = "() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth"


@pytest.fixture
def room(settings):
    """An open workshop with both instruments, three people's answers and results shown."""
    from thrivekit.sites.tests.factories import LocalAreaFactory, MembershipFactory, SiteFactory
    from thrivekit.workshops import services

    settings.THRIVEKIT_REQUIRE_2FA = False
    site = SiteFactory(name="Northbridge", slug="northbridge")
    areas = [LocalAreaFactory(site=site, name=n) for n in ("Eastmoor", "Riverside", "Central")]
    facilitator = MembershipFactory(site=site, role=Role.FACILITATOR).user
    workshop = services.workshop_create(
        site=site,
        title="Spring workshop",
        includes_assessment=True,
        includes_checklist=True,
        principles=[],
        levels=[],
        table_names=["Table 1"],
    )
    services.workshop_open(workshop=workshop)
    tokens = []
    for index, area in enumerate(areas):
        participant, token = services.participant_join(
            workshop=workshop, local_area=area, sector="gp-primary-care", table=None
        )
        tokens.append(token)
        for item in ("common-language.macro", "common-language.meso", "needs-led.micro"):
            services.assessment_answer_save(participant=participant, item=item, score=index + 2)
        for action in ("ic-01", "ic-02", "ic-03"):
            services.checklist_answer_save(
                participant=participant, action=action, status="in_place"
            )
    services.workshop_reveal(workshop=workshop, revealed=True)
    return workshop, facilitator, tokens[0]


def sign_in(page, base_url, user):
    from thrivekit.sites.tests.factories import PASSWORD

    page.goto(f"{base_url}/accounts/login")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.parametrize("width", [390, 320])
def test_results_fit_a_phone(live_server, browser, room, shots, width):
    workshop, _, token = room
    # Given a participant's phone, 390 (or 320) px wide, that joined the workshop
    context, phone = new_page(browser, width=width, height=844)
    context.add_cookies(
        [{"name": f"tk_participant_{workshop.id.hex}", "value": token, "url": live_server.url}]
    )
    # When they open the room's results
    phone.goto(f"{live_server.url}/join/{workshop.join_code}/results")
    expect(phone.get_by_role("heading", name="The room's results")).to_be_visible()
    phone.wait_for_load_state("networkidle")
    phone.screenshot(path=shots / f"workshop-results-{width}.png", full_page=True)
    # Then nothing sticks out sideways
    assert phone.evaluate(OVERFLOW) <= 0
    # And the heatmap reads as a list by principle: each level named beside its median
    heatmap = phone.locator("table.workshops-heatmap")
    expect(heatmap.get_by_text("Median score by principle and level")).to_be_visible()
    common_language = heatmap.locator("tbody tr").filter(has_text="Common language")
    expect(
        common_language.get_by_text("Macro (commissioning and inter-agency working)")
    ).to_be_visible()
    expect(common_language.locator(".tk-heatmap__median").first).to_have_text("3")
    # And every checklist action is in words, not a squeezed chart
    actions = phone.get_by_test_id("checklist-actions")
    expect(actions).to_be_visible()
    expect(actions.get_by_text("Already in place: 3").first).to_be_visible()
    for chart in phone.locator(".tk-chart").all():
        expect(chart).to_be_hidden()
    # And no element is wider than the screen
    wide = phone.evaluate(
        """() => [...document.querySelectorAll('main *')]
              // visually hidden headers (a responsive table's) are clipped to 1 px: not seen
              .filter(e => !e.closest('.nhsuk-table__head, .nhsuk-u-visually-hidden'))
              .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
              .map(e => e.tagName + '.' + e.className).slice(0, 5)"""
    )
    assert wide == []
    assert axe_violations(phone) == []
    assert phone.errors == []
    context.close()


def test_the_projector_fills_the_room_and_answers_to_keys(live_server, browser, room, shots):
    workshop, facilitator, _ = room
    context, laptop = new_page(browser, width=1280, height=800)
    sign_in(laptop, live_server.url, facilitator)
    url = f"{live_server.url}/sites/northbridge/workshops/{workshop.id}/projector"
    laptop.goto(url)
    laptop.wait_for_load_state("networkidle")
    laptop.screenshot(path=shots / "workshop-projector-1280.png")
    # No site header or menu; the keys are written on the screen
    expect(laptop.locator(".nhsuk-header")).to_have_count(0)
    keys = laptop.get_by_test_id("projector-keys")
    expect(keys).to_be_visible()
    expect(keys).to_contain_text("next screen")
    expect(keys).to_contain_text("hide results")
    assert laptop.evaluate(OVERFLOW) <= 0
    # Results are shown, so the heatmap comes first, in large type
    first = laptop.locator("[data-slide]").first
    expect(first).to_have_id("slide-heatmap")
    expect(laptop.get_by_text("Median score by principle and level", exact=True)).to_be_visible()
    median_px = laptop.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('.tk-heatmap__median')).fontSize)"
    )
    assert median_px >= 28
    expect(laptop.locator("#slide-checklist .tk-chart svg")).to_be_visible()
    # When the facilitator presses → twice, the second screen is in view
    laptop.keyboard.press("ArrowRight")
    laptop.keyboard.press("ArrowRight")
    expect(laptop.locator("#slide-disputed")).to_be_focused()
    expect(laptop.locator("#slide-disputed")).to_be_in_viewport()
    # And R hides the results: how to join comes first, with a large code and the QR
    laptop.keyboard.press("r")
    expect(laptop.locator("[data-slide]").first).to_have_id("slide-join")
    code = laptop.get_by_test_id("projector-join-code")
    expect(code).to_have_text(workshop.join_code)
    code_px = laptop.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('.workshops-join__code')).fontSize)"
    )
    assert code_px >= 96
    expect(laptop.locator(".workshops-join__qr svg")).to_be_visible()
    expect(keys).to_contain_text("show results")
    laptop.screenshot(path=shots / "workshop-projector-join-1280.png")
    assert axe_violations(laptop) == []
    # And pressing R again shows them once more
    laptop.keyboard.press("r")
    expect(laptop.locator("[data-slide]").first).to_have_id("slide-heatmap")
    assert laptop.errors == []
    context.close()


def test_the_projector_fits_a_narrow_window(live_server, browser, room, shots):
    workshop, facilitator, _ = room
    context, small = new_page(browser, width=390, height=844)
    sign_in(small, live_server.url, facilitator)
    small.goto(f"{live_server.url}/sites/northbridge/workshops/{workshop.id}/projector")
    small.wait_for_load_state("networkidle")
    small.screenshot(path=shots / "workshop-projector-390.png", full_page=True)
    assert small.evaluate(OVERFLOW) <= 0
    expect(small.get_by_text("Median score by principle and level", exact=True)).to_be_visible()
    expect(small.get_by_test_id("projector-join-code")).to_have_text(workshop.join_code)
    assert small.errors == []
    context.close()


def test_the_answered_count_follows_an_autosave(live_server, browser, room):
    workshop, _, token = room
    context, phone = new_page(browser, width=390, height=844)
    context.add_cookies(
        [{"name": f"tk_participant_{workshop.id.hex}", "value": token, "url": live_server.url}]
    )
    # Given a participant with 6 answers, on a question they have not answered
    phone.goto(f"{live_server.url}/join/{workshop.join_code}/questions/4")
    count = phone.get_by_test_id("answered-count")
    expect(count).to_have_text("6 of 55 answered")
    # The title is said once, as the heading
    heading = phone.get_by_role("heading", level=1)
    expect(heading).to_contain_text("question 4 of 55")
    # When they tap an answer (saved at once, HTMX)
    phone.locator("input[name=score][value='2']").check()
    expect(phone.get_by_text("Saved.")).to_be_visible()
    # Then the count in the link to all questions follows
    expect(count).to_have_text("7 of 55 answered")
    assert phone.evaluate(OVERFLOW) <= 0
    assert phone.errors == []
    context.close()
