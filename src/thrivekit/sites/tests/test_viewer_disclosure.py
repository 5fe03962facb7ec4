"""A viewer's crawl of the demo site finds no count of 1 to 7 people outside `*` (issue 13).

The crawl signs in as a viewer of the seeded demo site, follows every link within the site
(GET only, capped), and scans tables, summary lists, list items and sentences for numbers
beside labels that count people (referrals, young people, contacts, waiting, moves ...).
"""

import json
import re
from urllib.parse import urldefrag, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from thrivekit.demo.services import demo_seed
from thrivekit.sites.models import Membership, Role, Site

MAX_PAGES = 120
SMALL = set(range(1, 8))

# Words that make a number a count of the young people a service sees (or of their
# referrals, contacts or waits). Staff and workshop participants are not scanned: the
# workshops have their own small-group rule for them.
PEOPLE = re.compile(
    r"\b(referrals?|young people|young person|children|families|patients|waiting"
    r"|contacts?|attended|did not attend|moves?|cases|episodes)\b",
    re.IGNORECASE,
)
# Words that make a number something else (a day count, a rate, a score, a year ...).
NOT_PEOPLE = re.compile(
    r"(%|\bdays?\b|\bweeks?\b|\bmonths?\b|\bhours?\b|\byears?\b|\bscore|\brank|\blevel\b"
    r"|\bper week\b|\bmedian\b|\bmean\b|\baverage\b|\bpercentile\b|\bversion\b|\bstep\b"
    r"|\baction\b)",
    re.IGNORECASE,
)
# Sentences that state the rule itself ("counts of 1 to 7 people are shown as *").
RULE = re.compile(r"shown as \*|fewer than \d|more than \d|at least \d", re.IGNORECASE)
INTEGER = re.compile(r"^\d+$")
# "3 referrals", "2 young people", "from 2 to 7", "waiting now: 4"
COUNT_THEN_PEOPLE = re.compile(
    r"(?<![\d.,/:-])(\d+)\s+(?:more\s+|fewer\s+|of\s+them\s+)?" + PEOPLE.pattern,
    re.IGNORECASE,
)
FROM_TO = re.compile(r"\bfrom (\d+) to (\d+)\b", re.IGNORECASE)


def crawl(client, start: str, prefix: str):
    """(url, html) of every page reachable from `start` within `prefix`, GET only."""
    seen, queue, pages = {start}, [start], []
    while queue and len(pages) < MAX_PAGES:
        url = queue.pop(0)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages.append((url, html))
        for link in BeautifulSoup(html, "html.parser").select("a[href]"):
            href = urldefrag(link["href"])[0]
            path = urlsplit(href).path
            if not path.startswith(prefix) or href in seen:
                continue
            if any(word in path for word in ("/delete", "/logout", "/export", "/download")):
                continue
            seen.add(href)
            queue.append(href)
    return pages


def _is_small(text: str) -> bool:
    return bool(INTEGER.match(text)) and int(text) in SMALL


def _rows(node):
    """Every inline data row of a chart spec (Vega-Lite or Vega), however deeply layered."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "values" and isinstance(value, list):
                yield from (row for row in value if isinstance(row, dict))
            else:
                yield from _rows(value)
    elif isinstance(node, list):
        for item in node:
            yield from _rows(item)


def chart_counts(spec: dict) -> list[int]:
    """Counts of 1-7 drawn in a chart of people (not a rate, a wait or a simulation)."""
    about = json.dumps(spec.get("title")) + " " + spec.get("description", "")
    if not PEOPLE.search(about) or NOT_PEOPLE.search(about) or "simulat" in about.lower():
        return []
    return [
        row[key]
        for row in _rows(spec)
        for key in ("value", "count")
        if isinstance(row.get(key), int | float)
        and float(row[key]).is_integer()
        and int(row[key]) in SMALL
    ]


def leaks_in(html: str) -> list[str]:
    """Every count of 1-7 shown beside a people-count label, with its context."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup.select("script:not([type='application/json']), style, form, nav"):
        hidden.decompose()
    found = []
    # Tables: a cell of 1-7 under a people-count column heading (row heading as context).
    for table in soup.select("table"):
        headings = [th.get_text(" ", strip=True) for th in table.select("thead th")]
        caption = table.caption.get_text(" ", strip=True) if table.caption else ""
        for row in table.select("tbody tr"):
            cells = row.find_all(["th", "td"])
            for index, cell in enumerate(cells):
                if cell.name != "td" or not _is_small(cell.get_text(strip=True)):
                    continue
                label = headings[index] if index < len(headings) else caption
                if PEOPLE.search(label or caption) and not NOT_PEOPLE.search(label):
                    found.append(f"table {caption!r}: {label!r} = {cell.get_text(strip=True)}")
    # Summary lists: a value of 1-7 for a people-count key.
    for row in soup.select(".nhsuk-summary-list__row, dl > div"):
        key, value = row.find("dt"), row.find("dd")
        if key and value and _is_small(value.get_text(strip=True)):
            label = key.get_text(" ", strip=True)
            if PEOPLE.search(label) and not NOT_PEOPLE.search(label):
                found.append(f"summary {label!r} = {value.get_text(strip=True)}")
    # Sentences and list items: "3 referrals", "grew from 2 to 7", "GP: 4" under referrals.
    texts = [el.get_text(" ", strip=True) for el in soup.select("p, li, h2, h3, caption")]
    for script in soup.select("script[type='application/json']"):
        try:
            spec = json.loads(script.string or "")
        except ValueError:
            continue
        if isinstance(spec, dict) and isinstance(spec.get("description"), str):
            texts.append(spec["description"])
            found += [f"chart {spec['description'][:80]!r}: {n}" for n in chart_counts(spec)]
    for text in texts:
        if RULE.search(text):
            continue
        for match in COUNT_THEN_PEOPLE.finditer(text):
            # "median 3 attended contacts" is a statistic, not a count
            before = text[max(0, match.start() - 12) : match.start()]
            if int(match.group(1)) in SMALL and not NOT_PEOPLE.search(before + match.group(0)):
                found.append(f"sentence {text[:160]!r}")
        if PEOPLE.search(text):
            for match in FROM_TO.finditer(text):
                if {int(match.group(1)), int(match.group(2))} & SMALL:
                    found.append(f"sentence {text[:160]!r}")
    return found


def test_the_scanner_finds_a_small_count_in_a_table_a_summary_and_a_sentence():
    html = (
        "<table><caption>Teams</caption><thead><tr><th>Team</th><th>Waiting now</th>"
        "<th>Median wait (days)</th></tr></thead><tbody><tr><th>Crisis</th><td>3</td>"
        "<td>4</td></tr></tbody></table>"
        "<dl><div class='nhsuk-summary-list__row'><dt>Referrals</dt><dd>6</dd></div></dl>"
        "<ul><li><strong>Crisis</strong>: Waiting list grew from 2 to 7 in six months.</li></ul>"
        "<p>Over 5 referrals, 4 days.</p>"
        "<p>Counts of 1 to 7 people are shown as *.</p><p>Over 40 referrals: median 3 contacts.</p>"
    )
    assert leaks_in(html) == [
        "table 'Teams': 'Waiting now' = 3",
        "summary 'Referrals' = 6",
        "sentence 'Crisis : Waiting list grew from 2 to 7 in six months.'",
        "sentence 'Over 5 referrals, 4 days.'",
    ]
    assert leaks_in("<p>Over * referrals, median 4 days; 10 young people.</p>") == []


def test_the_scanner_finds_a_small_count_drawn_in_a_chart_of_people():
    spec = {
        "description": "Bar chart of closed referrals.",
        "layer": [{"data": {"values": [{"category": "14", "value": 3}]}}],
    }
    html = f"<script type='application/json'>{json.dumps(spec)}</script>"
    assert leaks_in(html) == ["chart 'Bar chart of closed referrals.': 3"]
    spec["description"] = "Bar chart of did not attend (%)."
    assert leaks_in(f"<script type='application/json'>{json.dumps(spec)}</script>") == []


@pytest.mark.django_db
def test_a_viewer_crawl_of_the_demo_finds_no_count_of_one_to_seven_people(client, signed_in):
    # Given the demo site and a viewer member of it
    demo_seed()
    site = Site.objects.get(slug="northbridge")
    viewer = Membership.objects.for_site(site).get(role=Role.VIEWER).user
    signed_in(viewer)
    # When they visit every page they can reach within the site
    prefix = f"/sites/{site.slug}/"
    pages = crawl(client, reverse("phase1:home", kwargs={"site_slug": site.slug}), prefix)
    # Then the crawl reached the activity dashboard, and no page shows 1-7 people outside *
    reached = [url for url, _ in pages]
    for part in ("/activity/", "/scenarios/", "/pathways/", "/engagement/", "/workshops/"):
        assert any(part in url for url in reached), (part, reached)
    leaks = {url: found for url, html in pages if (found := leaks_in(html))}
    assert not leaks, json.dumps(leaks, indent=1)
