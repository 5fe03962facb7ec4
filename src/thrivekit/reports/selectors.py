"""Reads for report versions: always through one site, 404 for another site's."""

from django.http import Http404

from thrivekit.reports.models import ReportVersion


def versions_for_site(*, site):
    return ReportVersion.objects.for_site(site).select_related(
        "author", "approver", "returned_by", "build_task"
    )


def version_for_site(*, site, version_id) -> ReportVersion:
    version = versions_for_site(site=site).filter(pk=version_id).first()
    if version is None:
        raise Http404("No such report version")
    return version


def published_count(site) -> int:
    return (
        ReportVersion.objects.for_site(site).filter(status=ReportVersion.Status.PUBLISHED).count()
    )


def built_versions(*, site):
    """Versions whose report has been assembled, newest first: the ones that can be compared."""
    return versions_for_site(site=site).exclude(content={})
