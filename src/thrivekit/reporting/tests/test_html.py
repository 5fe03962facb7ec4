"""The HTML report: one accessible, standalone page that also prints well."""

import re

import pytest
from bs4 import BeautifulSoup

from thrivekit.reporting import RENDERERS, render_html


@pytest.fixture(scope="module")
def page(report):
    return BeautifulSoup(render_html(report), "html.parser")


def test_the_page_is_in_british_english_with_a_skip_link_and_one_h1(page, report):
    assert page.html["lang"] == "en-GB"
    skip = page.find("a", class_="skip-link")
    assert skip.get_text(strip=True) == "Skip to main content"
    assert page.find(id=skip["href"][1:]).name == "main"
    assert [h.get_text(strip=True) for h in page.find_all("h1")] == [report.title]
    assert page.title.get_text().startswith(report.title)


def test_every_section_has_an_h2_and_a_contents_link_to_it(page, report):
    titles = [s.title for s in report.sections]
    sections = page.find_all("section")
    assert [s.h2.get_text(strip=True) for s in sections] == ["Executive summary", *titles]
    links = page.find("nav", class_="contents").find_all("a")
    assert [a.get_text(strip=True) for a in links] == ["Executive summary", *titles]
    for link, section in zip(links, sections, strict=True):
        assert link["href"] == f"#{section['id']}"
    ids = [element["id"] for element in page.find_all(id=True)]
    assert len(ids) == len(set(ids))


def test_tables_have_captions_and_scoped_headers_and_keep_protected_counts(page, report):
    tables = page.find_all("table")
    assert [t.caption.get_text(strip=True) for t in tables] == [
        "People who took part, by group",
        "Checklist actions in place",
    ]
    first = tables[0]
    assert [th["scope"] for th in first.thead.find_all("th")] == ["col"] * 3
    assert all(th["scope"] == "row" for th in first.tbody.find_all("th"))
    assert [td.get_text(strip=True) for td in first.tbody.tr.find_all("td")] == ["<8", ""]
    assert "Counts of 1 to 7 are shown as <8" in page.get_text()


def test_a_chart_is_inline_svg_with_its_description_for_screen_readers_and_on_screen(page):
    figure = page.find("figure", class_="chart")
    svg = figure.find("svg")
    assert svg["role"] == "img"
    alternative = page.find(id=svg["aria-labelledby"])
    assert alternative.name == "title"
    assert "Getting help has the most referrals" in alternative.get_text()
    visible = figure.find(class_="chart-description").get_text(strip=True)
    assert visible == "Bar chart: Getting help has the most referrals, 85."


def test_quotes_and_a_section_without_data_say_what_they_are(page):
    assert "We finally talk the same language." in page.find("blockquote").get_text()
    empty = page.find(class_="empty")
    text = " ".join(empty.get_text(" ", strip=True).split())
    assert text.startswith("Not captured yet")
    assert "No qualitative feedback has been imported yet." in text
    assert "What fills it: Step 2, Understanding your system: import a survey export." in text


def test_text_from_the_site_is_escaped_and_nothing_is_loaded_or_run(report):
    html = render_html(report)
    assert "Riverside &lt;Place&gt; &amp; Co" in html
    assert "<Place>" not in html
    assert "<script" not in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)


def test_the_print_stylesheet_is_a4_starts_sections_on_new_pages_and_hides_navigation(report):
    css = BeautifulSoup(render_html(report), "html.parser").style.get_text()
    print_rules = css[css.index("@media print") :]
    assert "size: A4" in print_rules
    assert "break-before: page" in print_rules
    assert ".web .contents" in print_rules


def test_a_nonce_can_be_put_on_the_stylesheet_for_a_content_security_policy(report):
    page = BeautifulSoup(render_html(report, nonce="abc123"), "html.parser")
    assert page.style["nonce"] == "abc123"


def test_the_html_format_is_served_as_utf8_html(report):
    html = RENDERERS["html"]
    assert (html.content_type, html.extension) == ("text/html; charset=utf-8", "html")
    assert html.render_bytes(report).startswith(b"<!DOCTYPE html>")
