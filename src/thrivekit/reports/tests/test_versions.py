"""Report versions: a fresh site's report says what fills each section; a draft is built in the
background, signed off by a second site lead only, published for good, and compared with
another version section by section; the command writes each format (issue 18)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from typer.testing import CliRunner

from thrivekit.reporting.document import Empty, from_json
from thrivekit.reports import services
from thrivekit.reports.assemble import SECTION_IDS, report_assemble
from thrivekit.reports.models import PublishedVersionError, ReportVersion
from thrivekit.sites.models import Role


@pytest.mark.django_db
def test_a_fresh_sites_report_says_plainly_which_step_fills_each_section(site):
    report = report_assemble(site=site)

    assert [s.id for s in report.sections] == list(SECTION_IDS)
    for section in report.sections:
        empties = [b for b in section.blocks if isinstance(b, Empty)]
        assert empties, section.id
        assert empties[0].fills_it.startswith("Step "), section.id
    activity = next(s for s in report.sections if s.id == "activity")
    assert activity.blocks[0].fills_it == (
        "Step 2, Understanding your system: upload an activity extract."
    )


@pytest.mark.django_db
def test_a_version_is_signed_off_by_a_second_lead_published_for_good_and_compared(
    site, member, client, signed_in
):
    author, second, viewer = member(Role.SITE_LEAD), member(Role.SITE_LEAD), member(Role.VIEWER)
    home = reverse("reports:home", kwargs={"site_slug": site.slug})

    # Given a site lead builds a draft from the Reports page (the build is a background task)
    signed_in(author)
    response = client.post(
        home,
        {"sections": ["summary", "engagement", "plan"], "executive_summary": "First words."},
    )
    first = ReportVersion.objects.for_site(site).get()
    assert response.status_code == 302
    assert first.build_task.status == "done"
    assert [s["id"] for s in first.content["sections"]] == ["summary", "engagement", "plan"]
    page = client.get(response.url).content.decode()
    assert "Preview the report" in page and "Ask for sign-off" in page
    preview = client.get(reverse("reports:preview", args=[site.slug, first.pk]))
    assert preview.status_code == 200 and b"First words." in preview.content
    word = client.get(reverse("reports:download", args=[site.slug, first.pk, "docx"]))
    assert word.status_code == 200 and word.content.startswith(b"PK")
    assert 'filename="phase1-report-northbridge-v1.docx"' in word["Content-Disposition"]

    # When they ask for sign-off, they are offered no button to approve it themselves
    services.report_submit(version=first, by=author)
    page = client.get(response.url).content.decode()
    assert "Sign off and publish" not in page
    assert "another site lead must sign it off" in page
    with pytest.raises(PermissionDenied):
        services.report_approve(version=first, by=author)
    assert client.post(reverse("reports:approve", args=[site.slug, first.pk])).status_code == 403
    # and a viewer cannot either
    with pytest.raises(PermissionDenied):
        services.report_approve(version=first, by=viewer)

    # Then a second site lead signs it off and it is published
    signed_in(second)
    page = client.get(response.url).content.decode()
    assert "Sign off and publish" in page
    client.post(reverse("reports:approve", args=[site.slug, first.pk]))
    first.refresh_from_db()
    assert first.status == ReportVersion.Status.PUBLISHED and first.approver == second
    assert from_json(first.content).version_label.startswith("Version 1, published")

    # and a published version never changes: not through the services, not through save()
    frozen = dict(first.content)
    with pytest.raises(PublishedVersionError):
        services.report_submit(version=first, by=author)
    first.executive_summary = "Rewritten."
    with pytest.raises(PublishedVersionError):
        first.save()
    with pytest.raises(PublishedVersionError):
        first.delete()
    first.refresh_from_db()
    assert first.content == frozen and first.executive_summary == "First words."

    # When a second version adds an action to the plan, the comparison shows that section
    from thrivekit.planning.services import action_create

    action_create(site=site, title="Open one front door", grouping="getting-help")
    signed_in(author)
    client.post(home, {"sections": ["summary", "engagement", "plan"], "executive_summary": ""})
    second_version = ReportVersion.objects.for_site(site).get(number=2)
    compared = client.get(
        reverse("reports:compare", kwargs={"site_slug": site.slug}),
        {"before": str(first.pk), "after": str(second_version.pk)},
    ).content.decode()
    assert 'data-section="plan"' in compared
    assert '<ins><span class="nhsuk-u-visually-hidden">Added: </span>' in compared
    assert "Open one front door" in compared
    assert 'data-section="engagement"' not in compared  # unchanged: collapsed
    assert "Engagement and coverage: unchanged" in compared


@pytest.mark.django_db
def test_only_a_site_lead_drafts_and_a_returned_version_says_why(site, member):
    lead, other, analyst = member(Role.SITE_LEAD), member(Role.SITE_LEAD), member(Role.ANALYST)
    with pytest.raises(PermissionDenied):
        services.report_draft_create(site=site, author=analyst, sections=["summary"])
    version = services.report_draft_create(site=site, author=lead, sections=["summary"])
    services.report_submit(version=version, by=lead)
    services.report_return(version=version, by=other, reason="Add the executive summary.")
    version.refresh_from_db()
    assert version.status == ReportVersion.Status.RETURNED
    assert version.return_reason == "Add the executive summary."
    # The audit log records each step, not a copy of the whole report each time
    from auditlog.models import LogEntry

    entries = LogEntry.objects.get_for_object(version)
    assert any("status" in e.changes_dict for e in entries)
    assert not any("content" in e.changes_dict for e in entries)


@pytest.mark.django_db
def test_the_report_command_writes_each_format_and_refuses_a_bad_site_or_format(site, tmp_path):
    from thrivekit.cli import app

    runner = CliRunner()
    for file_format, magic in (
        ("html", b"<!DOCTYPE html"),
        ("pdf", b"%PDF"),
        ("docx", b"PK"),
        ("xlsx", b"PK"),
    ):
        out = tmp_path / f"report.{file_format}"
        result = runner.invoke(
            app,
            ["report", "--site", site.slug, "--format", file_format, "--out", str(out),
             "--sections", "summary,activity"],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert out.read_bytes()[:20].upper().startswith(magic.upper()), file_format

    bad_site = runner.invoke(app, ["report", "--site", "nowhere", "--out", str(out)])
    assert bad_site.exit_code == 2 and "no site called 'nowhere'" in bad_site.output
    bad_format = runner.invoke(
        app, ["report", "--site", site.slug, "--format", "odt", "--out", str(out)]
    )
    assert bad_format.exit_code == 2 and "no report format 'odt'" in bad_format.output
