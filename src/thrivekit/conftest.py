"""Fixtures for the Django apps' tests: sites, members in each role, signed-in clients."""

import pytest


@pytest.fixture(autouse=True)
def _empty_cache(request):
    """Rate limits live in the cache: each test starts with none."""
    if not request.config.pluginmanager.hasplugin("django"):
        yield  # a pure-Python package tested with -p no:django
        return
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _tasks_run_at_once(request):
    """Background tasks run before the request returns, so tests see their results."""
    if request.config.pluginmanager.hasplugin("django"):
        settings = request.getfixturevalue("settings")
        settings.THRIVEKIT_TASKS = "eager"
        settings.THRIVEKIT_UPLOADS_DIR = request.getfixturevalue("tmp_path") / "uploads"
        settings.THRIVEKIT_EXTRACTS_DIR = request.getfixturevalue("tmp_path") / "extracts"
        settings.THRIVEKIT_KEYS_DIR = request.getfixturevalue("tmp_path") / "keys"


@pytest.fixture
def site(db):
    from thrivekit.sites.tests.factories import LocalAreaFactory, SiteFactory

    site = SiteFactory(name="Northbridge", slug="northbridge")
    for name in ("Northbridge Central", "Riverside", "Eastmoor"):
        LocalAreaFactory(site=site, name=name)
    return site


@pytest.fixture
def other_site(db):
    from thrivekit.sites.tests.factories import SiteFactory

    return SiteFactory(name="Southvale", slug="southvale")


@pytest.fixture
def member(site):
    """member("site_lead") -> a user with that role at the site."""
    from thrivekit.sites.tests.factories import MembershipFactory

    def make(role: str, *, at=None):
        return MembershipFactory(site=at or site, role=role).user

    return make


@pytest.fixture
def signed_in(client):
    """signed_in(user) -> the test client, signed in and past two-factor checks."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def sign_in(user, *, verified: bool = True):
        client.force_login(user)
        if verified:
            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client

    return sign_in
