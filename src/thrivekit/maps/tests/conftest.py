import pytest


@pytest.fixture
def demo_site_map(site):
    """The site with the demo pathway map saved."""
    from thrivekit.demo.pathways import demo_map
    from thrivekit.maps.services import map_save

    map_save(site=site, pathway_map=demo_map(), base_version=0)
    return site
