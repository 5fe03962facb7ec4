from django.http import Http404

from thrivekit.extracts.models import Extract


def extracts_for_site(*, site):
    return Extract.objects.for_site(site).select_related("task", "uploaded_by")


def extract_for_site(*, site, extract_id) -> Extract:
    extract = extracts_for_site(site=site).filter(pk=extract_id).first()
    if extract is None:
        raise Http404("No such extract")
    return extract


def latest_analysis(*, site) -> dict:
    extract = extracts_for_site(site=site).exclude(analysis={}).first()
    return extract.analysis if extract else {}
