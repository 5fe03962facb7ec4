"""The CLI's HTML summary: exact for the analyst, or safe to share with a disclosure policy."""

import re

from thrivekit.activity.html import render_html
from thrivekit.disclosure import DisclosurePolicy
from thrivekit.disclosure.figures import Figures
from thrivekit.disclosure.tests.analysis_json import analysis, older

SHARED = Figures(exact=False, policy=DisclosurePolicy())


def cells(html):
    return re.findall(r"<td>([^<]*)</td>", html)


def test_the_analysts_summary_is_exact():
    html = render_html(analysis())
    assert "Waiting list grew from 2 to 7 in six months" in html
    assert "Exact figures for analysts" in html


def test_a_shared_summary_shows_no_count_of_one_to_seven():
    # Given an analysis with small teams, bands and a small bottleneck
    html = render_html(analysis(), figures=SHARED)
    # Then no table cell is a count of 1 to 7, the bottleneck has no exact figures,
    # and the rule is stated
    assert not [c for c in cells(html) if c.isdigit() and 1 <= int(c) <= 7], cells(html)
    assert "grew from 2 to 7" not in html
    assert "Waiting list grew by more than 20% in six months" in html
    assert "Counts of 1 to 7 people are shown as *" in html
    # And the team DNA rate is 10 of 90 (attended + missed), from the published counts
    assert "<td>11.1%</td>" in html
    # And the empty month is named
    assert "2024-02" in html and "missing data" in html


def test_a_shared_summary_of_an_older_analysis_hides_what_it_cannot_rebuild():
    html = render_html(older(analysis()), figures=SHARED)
    assert not [c for c in cells(html) if c.isdigit() and 1 <= int(c) <= 7], cells(html)
    assert "did not attend rate *" in html and "* within 28 days" in html
