import pytest

from thrivekit.sites.models import LocalArea


@pytest.fixture
def areas(site):
    """The site's local areas, for participants to join with."""
    return list(LocalArea.objects.for_site(site))
