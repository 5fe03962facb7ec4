"""Shared test set-up: fast password hashing and a clear message when PostgreSQL is down."""

import os

import pytest


def pytest_configure(config):
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        try:
            psycopg.connect(url.replace("postgresql://", "postgres://"), connect_timeout=3).close()
        except psycopg.OperationalError as error:
            pytest.exit(
                f"PostgreSQL is not reachable at {url}: {error}\n"
                "Start it (for example `pg_ctlcluster 15 main start`) or unset DATABASE_URL "
                "to test on SQLite.",
                returncode=3,
            )


@pytest.fixture(autouse=True)
def _fast_passwords(request):
    # Pure-Python packages may be tested without the Django plugin (-p no:django).
    if request.config.pluginmanager.hasplugin("django"):
        settings = request.getfixturevalue("settings")
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
