"""A scenario file uploaded on the web: aliases refused, caps named, nothing echoed at length."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thrivekit.modelling.tests.test_scenario_limits import ALIAS_BOMB
from thrivekit.scenarios.models import Scenario
from thrivekit.scenarios.tests.test_scenarios import SMALL, url
from thrivekit.sites.models import Role


def upload(client, site, name: str, content: bytes):
    return client.post(
        url("scenarios:new", site=site),
        {"source": "file", "name": "Upload", "file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.django_db
def test_a_yaml_alias_chain_is_refused_with_a_short_page(client, site, member, signed_in):
    signed_in(member(Role.ANALYST))
    # when the small file that expanded to a 32 MB page is uploaded
    response = upload(client, site, "laughs.yaml", ALIAS_BOMB.encode())
    # then the page explains the alias, stays small and nothing is saved
    assert "alias" in response.content.decode()
    assert len(response.content) < 100_000
    assert not Scenario.objects.exists()


@pytest.mark.django_db
def test_a_million_replications_are_refused_naming_the_limit(client, site, member, signed_in):
    signed_in(member(Role.ANALYST))
    response = upload(
        client, site, "big.json", json.dumps({**SMALL, "replications": 10**6}).encode()
    )
    assert "replications: must be at most 1,000, not 1,000,000" in response.content.decode()
    assert not Scenario.objects.exists()
