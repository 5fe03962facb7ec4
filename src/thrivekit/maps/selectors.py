import json

from django.http import Http404

from thrivekit import pathways
from thrivekit.maps.models import MapProposal, PathwayMapDocument

EMPTY = {"schema": pathways.SCHEMA, "services": [], "entry_points": [], "routes": []}


def map_document(*, site) -> PathwayMapDocument | None:
    return PathwayMapDocument.objects.for_site(site).first()


def site_map(*, site) -> pathways.PathwayMap:
    document = map_document(site=site)
    result = pathways.import_json(json.dumps(document.data if document else EMPTY))
    if not result.ok:  # stored maps were validated when saved; this is a corrupt row
        raise ValueError("; ".join(str(p.message) for p in result.problems))
    return result.pathway_map


def map_version(*, site) -> int:
    document = map_document(site=site)
    return document.version if document else 0


def proposals(*, site):
    return MapProposal.objects.for_site(site)


def proposal(*, site, proposal_id) -> MapProposal:
    found = proposals(site=site).filter(pk=proposal_id or None).first()
    if found is None:
        raise Http404("No such proposal")
    return found
