"""A small map built through the forms is drawn, and the analysis finds a wrong door."""

import pytest
from playwright.sync_api import expect

from tests.system.conftest import axe_violations, has_horizontal_scroll
from thrivekit.sites.models import Role

pytestmark = [pytest.mark.system, pytest.mark.django_db(transaction=True)]


def test_a_small_map_is_built_drawn_and_analysed(live_server, desktop, settings):
    from thrivekit.sites.tests.factories import PASSWORD, MembershipFactory, SiteFactory

    settings.THRIVEKIT_REQUIRE_2FA = False
    site = SiteFactory(name="Northbridge", slug="northbridge")
    contributor = MembershipFactory(site=site, role=Role.CONTRIBUTOR).user
    page = desktop
    page.goto(f"{live_server.url}/accounts/login")
    page.get_by_label("Email address").fill(contributor.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    base = f"{live_server.url}/sites/northbridge/pathways/"
    page.goto(base)
    problems = [f"empty map: {v}" for v in axe_violations(page)]
    # Given an entry point and two services added through the forms
    page.get_by_role("button", name="Add an entry point").click()
    page.get_by_label("Entry point").fill("GP")
    page.get_by_role("button", name="Add entry point").click()
    for name, grouping in [
        ("Single Point of Access", "Getting Advice"),
        ("Crisis team", "Getting Risk"),
    ]:
        page.get_by_role("button", name="Add a service").click()
        page.get_by_label("Service name").fill(name)
        page.get_by_label(grouping, exact=False).check()
        if name == "Crisis team":
            problems += [f"service form: {v}" for v in axe_violations(page)]
        page.get_by_role("button", name="Save service").click()
    # And a route from the GP to the single point of access
    page.get_by_role("button", name="Add a route").click()
    page.get_by_label("From").select_option(label="GP (entry point)")
    page.get_by_label("To").select_option(label="Single Point of Access")
    page.get_by_role("button", name="Add route").click()
    # Then the map is drawn in the page
    expect(page.locator("#pathway-map canvas").first).to_be_attached()
    expect(page.get_by_test_id("routes")).to_contain_text("GP → Single Point of Access")
    problems += [f"map: {v}" for v in axe_violations(page)]
    if has_horizontal_scroll(page):
        problems.append("map scrolls sideways")
    # And the analysis finds the wrong door
    page.get_by_role("link", name="Analyse the map").click()
    expect(page.get_by_test_id("finding-wrong-door")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Getting Risk Support")
    problems += [f"analysis: {v}" for v in axe_violations(page)]
    assert problems == [], "\n".join(problems)
    assert page.errors == []


# Geometry of the drawn map, read from Cytoscape in the page (the registry it keeps on its
# container): boxes and label boxes in model coordinates, and each route as drawn.
MAP_GEOMETRY = """() => {
  const cy = document.getElementById('pathway-map')._cyreg.cy;
  const boxes = cy.nodes('.service, .entry-point').map(n => ({
    id: n.id(),
    body: n.boundingBox({includeLabels: false, includeOverlays: false}),
    label: n.boundingBox({includeNodes: false, includeLabels: true, includeOverlays: false}),
    fontPx: parseFloat(n.renderedStyle('font-size')),
    fill: n.style('background-color'),
  }));
  const routes = cy.edges().map(e => ({
    id: e.id(), source: e.source().id(), target: e.target().id(),
    routed: e.hasClass('routed'),
    points: [e.sourceEndpoint(), ...(e.segmentPoints() || []), e.targetEndpoint()],
  }));
  return {zoom: cy.zoom(), boxes, routes};
}"""


def _crosses(a, b, box, margin=2.0) -> bool:
    left, top = box["x1"] + margin, box["y1"] + margin
    right, bottom = box["x2"] - margin, box["y2"] - margin
    for i in range(101):
        x = a["x"] + (b["x"] - a["x"]) * i / 100
        y = a["y"] + (b["y"] - a["y"]) * i / 100
        if left < x < right and top < y < bottom:
            return True
    return False


def _signed_in_on_the_demo_map(live_server, page):
    from thrivekit.demo.pathways import demo_map
    from thrivekit.maps.services import map_save
    from thrivekit.sites.tests.factories import PASSWORD, MembershipFactory, SiteFactory

    site = SiteFactory(name="Northbridge", slug="northbridge")
    map_save(site=site, pathway_map=demo_map(), base_version=0)
    contributor = MembershipFactory(site=site, role=Role.CONTRIBUTOR).user
    page.goto(f"{live_server.url}/accounts/login")
    page.get_by_label("Email address").fill(contributor.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/sites/northbridge/pathways/")
    expect(page.locator("#pathway-map canvas").first).to_be_attached()
    page.wait_for_function("() => document.getElementById('pathway-map')._cyreg?.cy")
    return site


def test_the_demo_map_is_readable_with_boxes_apart_and_routes_off_the_boxes(
    live_server, desktop, settings
):
    settings.THRIVEKIT_REQUIRE_2FA = False
    # Given the demo map (about 25 services, 60 routes), opened at 1280 px
    _signed_in_on_the_demo_map(live_server, desktop)
    geometry = desktop.evaluate(MAP_GEOMETRY)
    boxes = geometry["boxes"]
    assert len(boxes) > 25 and len(geometry["routes"]) > 40
    problems = []
    # Then labels are drawn at body-text size at the zoom the map opens at, inside their boxes
    for box in boxes:
        if box["fontPx"] < 14:
            problems.append(f"{box['id']}: label drawn at {box['fontPx']:.1f} px")
        body, label = box["body"], box["label"]
        if (
            label["x1"] < body["x1"]
            or label["x2"] > body["x2"]
            or label["y1"] < body["y1"]
            or (label["y2"] > body["y2"])
        ):
            problems.append(f"{box['id']}: label spills out of its box")
    # And no two boxes touch
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            p, q = a["body"], b["body"]
            apart = max(q["x1"] - p["x2"], p["x1"] - q["x2"], q["y1"] - p["y2"], p["y1"] - q["y2"])
            if apart < 8:
                problems.append(f"{a['id']} and {b['id']} are {apart:.0f} px apart")
    # And every route runs in the gaps, behind no box but its own two ends
    for route in geometry["routes"]:
        if not route["routed"]:
            problems.append(f"{route['id']} is not routed")
        points = route["points"]
        for a, b in zip(points, points[1:], strict=False):
            for box in boxes:
                if box["id"] not in (route["source"], route["target"]) and _crosses(
                    a, b, box["body"]
                ):
                    problems.append(f"{route['id']} runs behind {box['id']}")
    # And the key shows each grouping, in the colours of the boxes
    legend = desktop.get_by_test_id("map-legend")
    for name in ("Thriving", "Getting Advice", "Getting Help", "Getting More Help", "Getting Risk"):
        expect(legend).to_contain_text(name)
    assert problems == [], "\n".join(problems[:20])
    assert desktop.errors == []


def _drag(page, node_id, dx, dy):
    # Cytoscape reads the pointer against where its container is on screen: show it first.
    page.locator("#pathway-map").scroll_into_view_if_needed()
    at = page.evaluate(
        """id => {
          const cy = document.getElementById('pathway-map')._cyreg.cy;
          const p = cy.getElementById(id).renderedPosition();
          const r = document.getElementById('pathway-map').getBoundingClientRect();
          return {x: r.left + p.x, y: r.top + p.y};
        }""",
        node_id,
    )
    page.mouse.move(at["x"], at["y"])
    page.mouse.down()
    for step in range(1, 6):
        page.mouse.move(at["x"] + dx * step / 5, at["y"] + dy * step / 5)
    page.mouse.up()


def test_moving_a_box_says_whether_its_place_was_saved(live_server, desktop, settings):
    from thrivekit.maps.selectors import map_document

    settings.THRIVEKIT_REQUIRE_2FA = False
    site = _signed_in_on_the_demo_map(live_server, desktop)
    status = desktop.get_by_test_id("map-save-status")
    # Given the server cannot save (it answers with an error)
    desktop.route(
        "**/pathways/positions",
        lambda route: route.fulfill(status=500, body="Server error"),
    )
    # When a box is dragged
    _drag(desktop, "gp", 0, 30)
    # Then the page says, as an alert, that its new place was not saved
    expect(status).to_contain_text("was not saved")
    expect(status).to_have_attribute("role", "alert")
    assert map_document(site=site).positions == {}
    # Given the server can save again, when the box is dragged again
    desktop.unroute("**/pathways/positions")
    _drag(desktop, "gp", 0, 30)
    # Then the page says it is saved, and it is
    expect(status).to_contain_text("is saved")
    expect(status).not_to_contain_text("not saved")
    assert "gp" in map_document(site=site).positions
