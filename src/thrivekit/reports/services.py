"""Writes for report versions: draft, ask for sign-off, approve or return, and the build task.

The sign-off follows the two-person rule of output checking (as OpenSAFELY does): the site
lead who drafted a version cannot approve it; a second site lead must.
"""

import dataclasses

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from thrivekit.reports import assemble
from thrivekit.reports.models import PublishedVersionError, ReportVersion
from thrivekit.sites.models import Membership, Role

FORMATS = ("html", "pdf", "docx", "xlsx")
DEFAULT_TITLE = assemble.TITLE


def _is_lead(site, user) -> bool:
    return (
        user is not None
        and Membership.objects.for_site(site).filter(user=user, role=Role.SITE_LEAD).exists()
    )


def _check_sections(sections) -> list[str]:
    chosen = [s for s in assemble.SECTION_IDS if s in set(sections or ())]
    unknown = set(sections or ()) - set(assemble.SECTION_IDS)
    if unknown or not chosen:
        raise ValidationError({"sections": "Select the sections to include in the report."})
    return chosen


def _refuse_if_published(version: ReportVersion) -> None:
    if version.published:
        raise PublishedVersionError(f"Version {version.number} is published and cannot change.")


def version_label(version: ReportVersion) -> str:
    if version.published and version.approved_at:
        published = timezone.localtime(version.approved_at)
        return f"Version {version.number}, published {published:%-d %B %Y}"
    return f"Draft version {version.number}"


@transaction.atomic
def report_draft_create(
    *, site, author, sections: list[str], executive_summary: str = "", title: str = ""
) -> ReportVersion:
    """A new draft version with the chosen sections; its build runs as a background task."""
    from thrivekit.tasks.services import task_enqueue

    if not _is_lead(site, author):
        raise PermissionDenied("Only a site lead drafts the report.")
    chosen = _check_sections(sections)
    last = ReportVersion.objects.for_site(site).aggregate(n=Max("number"))["n"] or 0
    version = ReportVersion.objects.create(
        site=site,
        number=last + 1,
        title=(title or DEFAULT_TITLE).strip(),
        sections=chosen,
        executive_summary=executive_summary.strip(),
        author=author,
    )
    version.build_task = task_enqueue(
        site=site, kind="report_build", params={"version": str(version.pk)}, created_by=author
    )
    version.save(update_fields=["build_task", "updated_at"])
    version.refresh_from_db()
    return version


def report_freeze(*, version: ReportVersion, progress=None) -> ReportVersion:
    """Assemble the version's report from the site's data now and keep it as its content."""
    from thrivekit.reporting.document import to_json

    _refuse_if_published(version)
    report = assemble.report_assemble(
        site=version.site,
        sections=version.sections,
        executive_summary=version.executive_summary,
        version_label=version_label(version),
        progress=progress,
    )
    version.content = to_json(report)
    version.save(update_fields=["content", "updated_at"])
    return version


def report_build(task, progress) -> dict:
    """The build task: assemble the draft (progress by section) and keep its content."""
    from thrivekit.tasks.services import TaskError

    version = ReportVersion.objects.for_site(task.site).filter(pk=task.params["version"]).first()
    if version is None:
        raise TaskError("The report version was deleted before it could be built.")
    if version.published:
        return {"version": str(version.pk), "sections": len(version.content.get("sections", []))}
    report_freeze(
        version=version,
        progress=lambda fraction, message: progress(0.05 + 0.9 * fraction, message),
    )
    progress(1, "The report is ready")
    return {"version": str(version.pk), "sections": len(version.sections)}


@transaction.atomic
def report_submit(*, version: ReportVersion, by) -> ReportVersion:
    """Ask a second site lead to sign the version off; its content is frozen now."""
    _refuse_if_published(version)
    if not _is_lead(version.site, by):
        raise PermissionDenied("Only a site lead asks for sign-off.")
    if not version.editable:
        raise ValidationError("This version is already waiting for sign-off.")
    report_freeze(version=version)
    version.status = ReportVersion.Status.AWAITING
    version.requested_at = timezone.now()
    version.save(update_fields=["status", "requested_at", "updated_at"])
    return version


@transaction.atomic
def report_approve(*, version: ReportVersion, by) -> ReportVersion:
    """A second site lead signs the version off: it is published and never changes again."""
    from thrivekit.reporting.document import from_json, to_json

    _refuse_if_published(version)
    if not _is_lead(version.site, by):
        raise PermissionDenied("Only a site lead signs a report off.")
    if by is not None and by.pk == version.author_id:
        raise PermissionDenied(
            "You drafted this version: another site lead must sign it off, so two people have "
            "checked everything it publishes."
        )
    if version.status != ReportVersion.Status.AWAITING:
        raise ValidationError("Only a version waiting for sign-off can be signed off.")
    version.status = ReportVersion.Status.PUBLISHED
    version.approver = by
    version.approved_at = timezone.now()
    # The label printed on the report says it is published; nothing else in it changes.
    report = from_json(version.content)
    version.content = to_json(dataclasses.replace(report, version_label=version_label(version)))
    # The last save allowed: the stored row is not published yet.
    version.save(update_fields=["status", "approver", "approved_at", "content", "updated_at"])
    return version


@transaction.atomic
def report_return(*, version: ReportVersion, by, reason: str) -> ReportVersion:
    """A second site lead sends the version back to its author with a reason."""
    _refuse_if_published(version)
    if not _is_lead(version.site, by):
        raise PermissionDenied("Only a site lead returns a report.")
    if by is not None and by.pk == version.author_id:
        raise PermissionDenied("You drafted this version: another site lead checks it.")
    if version.status != ReportVersion.Status.AWAITING:
        raise ValidationError("Only a version waiting for sign-off can be returned.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter what needs to change"})
    version.status = ReportVersion.Status.RETURNED
    version.returned_by = by
    version.return_reason = reason.strip()
    version.save(update_fields=["status", "returned_by", "return_reason", "updated_at"])
    return version
