"""The site audit log: readable, paginated, and without analysis results (issue 13 item 11)."""

import pytest
from auditlog.models import LogEntry
from bs4 import BeautifulSoup
from django.urls import reverse

from thrivekit.extracts.models import Extract
from thrivekit.priorities.models import PrioritisingSession, Priority, WorksheetVersion
from thrivekit.sites.models import Role
from thrivekit.sites.services import local_area_add
from thrivekit.sites.views import AUDIT_PAGE_SIZE


def audit_page(client, site, page=None) -> BeautifulSoup:
    url = reverse("sites:audit", kwargs={"site_slug": site.slug})
    response = client.get(url, {"page": page} if page else {})
    assert response.status_code == 200
    return BeautifulSoup(response.text, "html.parser")


def log_text(page: BeautifulSoup) -> str:
    return " ".join(page.select_one("[data-testid=audit-log]").get_text(" ").split())


@pytest.mark.django_db
def test_analysis_results_are_never_recorded_or_shown(client, site, member, signed_in):
    # given an extract whose analysis holds exact small counts
    extract = Extract.objects.create(site=site, name="April contacts")
    extract.analysis = {"schema": "thrivekit.analysis/1", "referrals": {"exact_count": 3}}
    extract.save()
    # then no audit entry holds the analysis
    for entry in LogEntry.objects.filter(object_pk=str(extract.pk)):
        assert "analysis" not in (entry.changes_dict or {})
        assert "exact_count" not in str(entry.changes)
    # and the site lead's page does not show it
    signed_in(member(Role.SITE_LEAD))
    text = log_text(audit_page(client, site))
    assert "Activity extract: April contacts" in text or "Extract: April contacts" in text
    assert "exact_count" not in text and "thrivekit.analysis" not in text


@pytest.mark.django_db
def test_entries_name_objects_and_fields_in_words_not_ids_or_json(client, site, member, signed_in):
    # given a priority's worksheet saved as a version (a model with no name of its own)
    lead = member(Role.SITE_LEAD)
    session = PrioritisingSession.objects.create(site=site)
    priority = Priority.objects.create(
        site=site, session=session, rank=2, item="p1", title="Being heard"
    )
    version = WorksheetVersion.objects.create(
        site=site, priority=priority, version=3, fields={"gaps": "x" * 500}, saved_by=lead
    )
    priority.gaps = "Young people are not asked what they think of the service " * 3
    priority.title = "Being heard and understood"
    priority.save()
    # when the lead opens the log
    signed_in(lead)
    text = log_text(audit_page(client, site))
    # then the worksheet version is named by its priority, not "object (uuid)"
    assert "Worksheet version: version 3 for 2. Being heard and understood" in text
    assert "object (" not in text and str(version.pk) not in text
    # and fields are labelled, short values shown, long text and JSON only said to change
    assert "Title: Being heard → Being heard and understood" in text
    assert "Gaps changed" in text
    assert '{"gaps"' not in text and "xxxxxxxx" not in text


@pytest.mark.django_db
def test_the_log_is_paginated_newest_first(client, site, member, signed_in):
    # given more changes than fit on a page
    for n in range(AUDIT_PAGE_SIZE + 5):
        local_area_add(site=site, name=f"Area {n:03d}")
    signed_in(member(Role.SITE_LEAD))
    first = audit_page(client, site)
    rows = first.select("[data-testid=audit-log] tbody tr")
    assert len(rows) == AUDIT_PAGE_SIZE
    assert "Area 054" in log_text(first)  # the newest
    assert first.select_one("a[rel=next]") is not None
    # the second page holds the oldest, and links back
    second = audit_page(client, site, page=2)
    assert "Area 000" in log_text(second)
    assert second.select_one("a[rel=prev]") is not None
    # a page number that is not one shows the first page
    assert "Area 054" in log_text(audit_page(client, site, page="last; DROP"))
