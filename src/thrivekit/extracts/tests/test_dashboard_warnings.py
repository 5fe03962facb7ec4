"""The activity dashboard's reference marks and its warnings about missing months and rows
dated after the as-of date (issue 15 item 7)."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from thrivekit.disclosure import DisclosurePolicy
from thrivekit.disclosure.tests.analysis_json import analysis
from thrivekit.extracts.models import Extract
from thrivekit.extracts.presenters import Figures, dashboard
from thrivekit.sites.models import Role

VIEWER = Figures(exact=False, policy=DisclosurePolicy())
ANALYST = Figures(exact=True, policy=DisclosurePolicy())


def layers(spec: dict) -> list[dict]:
    """Each layer with its rows, wherever Altair put the data."""
    found = []
    for layer in spec["layer"]:
        data = layer.get("data") or spec.get("data") or {}
        rows = data["values"] if "values" in data else spec["datasets"][data["name"]]
        mark = layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
        found.append({"mark": mark, "rows": rows})
    return found


def with_warnings(*warnings) -> dict:
    data = analysis()
    data["validation"]["warnings"] = list(warnings)
    return data


def test_a_single_reference_value_in_the_grouping_mix_is_a_mark_at_that_value():
    # Given Getting Help's reference is one figure (60%) and Risk Support's a range (5-10%)
    board = dashboard(analysis=analysis(), figures=VIEWER)
    drawn = layers(board["mix_chart"])
    # Then the range is a grey bar behind, and the single figure a tick mark at 60, not a bar
    # from 60 to 60 that nobody can see
    ticks = [layer for layer in drawn if layer["mark"] == "tick"]
    assert [(r["category"], r["low"]) for r in ticks[0]["rows"]] == [("Getting Help", 60)]
    ranges = [layer for layer in drawn if layer["mark"] == "bar" and "high" in layer["rows"][0]]
    assert [(r["low"], r["high"]) for r in ranges[0]["rows"]] == [(5, 10)]


def test_months_the_import_found_empty_are_warned_about_and_noted_on_the_charts():
    # Given the import found no activity at all in November 2023, and the series has an
    # empty February 2024
    data = with_warnings({"table": "activity", "rule": "empty_months", "months": ["2023-11"]})
    # When the dashboard is built
    board = dashboard(analysis=data, figures=VIEWER)
    # Then both months are named, in order
    assert board["empty_months"] == ["2023-11", "2024-02"]
    # And the charts over time say those zeros are probably missing data
    for chart in ("demand_chart", "waiting_chart"):
        subtitle = board[chart]["title"]["subtitle"]
        subtitle = subtitle if isinstance(subtitle, str) else " ".join(subtitle)  # lines
        assert "2023-11, 2024-02" in subtitle and "missing data" in subtitle


def test_rows_after_the_as_of_date_are_counted_through_disclosure_control():
    # Given 3 referral rows and 40 contact rows dated after the as-of date
    data = with_warnings(
        {"table": "referrals", "rule": "after_as_of", "count": 3, "examples": [7]},
        {"table": "contacts", "rule": "after_as_of", "count": 42, "examples": [9]},
    )
    # Then a viewer sees the small count hidden and the other rounded; an analyst sees both
    assert dashboard(analysis=data, figures=VIEWER)["after_as_of"] == [
        ("referrals", "*"),
        ("contacts", "40"),
    ]
    assert dashboard(analysis=data, figures=ANALYST)["after_as_of"] == [
        ("referrals", "3"),
        ("contacts", "42"),
    ]
    # And none dated after it means no warning
    quiet = with_warnings({"table": "referrals", "rule": "after_as_of", "count": 0})
    assert dashboard(analysis=quiet, figures=VIEWER)["after_as_of"] == []


@pytest.mark.django_db
def test_the_page_warns_about_missing_months_and_late_rows(client, site, member, signed_in):
    # Given a stored analysis with an empty month and contacts dated after its as-of date
    data = with_warnings(
        {"table": "contacts", "rule": "after_as_of", "count": 42, "examples": [9]},
    )
    extract = Extract.objects.create(site=site, name="Stored", analysis=data)
    signed_in(member(Role.VIEWER))
    # When a viewer opens the dashboard
    page = client.get(
        reverse("extracts:detail", kwargs={"site_slug": site.slug, "extract_id": extract.id})
    )
    soup = BeautifulSoup(page.text, "html.parser")
    # Then both warnings are shown, with the late rows rounded
    assert "2024-02" in soup.select_one("[data-testid=empty-months]").text
    late = soup.select_one("[data-testid=after-as-of]").text
    assert "40 contact rows are dated after" in late
