"""Production settings are strict; the demo keeps its own secret key."""

import os
import subprocess
import sys

import pytest


def run_check(env: dict, tmp_path) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, "-m", "thrivekit", "manage", "check"],
        env={**base, "THRIVEKIT_HOME": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_check({"THRIVEKIT_ENV": "production", "ALLOWED_HOSTS": "x.example"}, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_development_generates_and_keeps_a_secret_key(tmp_path):
    first = run_check({"THRIVEKIT_ENV": "demo"}, tmp_path)
    assert first.returncode == 0, first.stderr
    key = (tmp_path / "secret_key").read_text()
    run_check({"THRIVEKIT_ENV": "demo"}, tmp_path)
    assert (tmp_path / "secret_key").read_text() == key
    assert len(key) >= 50


def test_sqlite_uses_wal_immediate_transactions_and_a_busy_timeout(settings):
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]


PRODUCTION = {
    "THRIVEKIT_ENV": "production",
    "SECRET_KEY": "a-long-random-production-key-for-the-settings-tests-only-0123456789",
    "ALLOWED_HOSTS": "thrivekit.example.org",
}


def python_process(code: str, env: dict, tmp_path) -> subprocess.CompletedProcess:
    """Run `code` in a fresh server process with Django set up."""
    base = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    prelude = (
        "import os, django\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'thrivekit.config.settings')\n"
        "django.setup()\n"
    )
    return subprocess.run(
        [sys.executable, "-c", prelude + code],
        env={**base, "THRIVEKIT_HOME": str(tmp_path), **env},
        capture_output=True,
        text=True,
        timeout=120,
        # The usual umask, under which files are created readable by everyone.
        preexec_fn=lambda: os.umask(0o022),
    )


def run_python(code: str, env: dict, tmp_path) -> str:
    result = python_process(code, env, tmp_path)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_sqlite_database_and_its_wal_are_readable_by_the_service_only(tmp_path):
    # Given a new installation, when the server migrates and writes with its connection open
    modes = run_python(
        "from django.core.management import call_command\n"
        "from django.db import connection\n"
        "call_command('migrate', verbosity=0)\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('CREATE TABLE written (x)')\n"
        "    cursor.execute('INSERT INTO written VALUES (1)')\n"
        "    name = connection.settings_dict['NAME']\n"
        "    for suffix in ('', '-wal', '-shm'):\n"
        "        print(suffix or 'db', oct(os.stat(f'{name}{suffix}').st_mode & 0o777))\n",
        PRODUCTION,
        tmp_path,
    )
    # Then the database, its WAL and its shared-memory file are all 0600
    assert modes.split() == ["db", "0o600", "-wal", "0o600", "-shm", "0o600"]


def test_a_database_left_readable_by_an_earlier_version_is_made_private(tmp_path):
    for name in ("thrivekit.sqlite3", "thrivekit.sqlite3-wal"):
        (tmp_path / name).touch(mode=0o644)
        (tmp_path / name).chmod(0o644)
    run_python("", PRODUCTION, tmp_path)
    for name in ("thrivekit.sqlite3", "thrivekit.sqlite3-wal"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o600


GUESS_WRONG_CODES = (
    "from django.test import RequestFactory\n"
    "from thrivekit.workshops import ratelimit\n"
    "request = RequestFactory().post('/', REMOTE_ADDR='{address}')\n"
    "for _ in range(ratelimit.WRONG_CODES):\n"
    "    ratelimit.wrong_code(request)\n"
)
ASK_IF_BLOCKED = (
    "from django.test import RequestFactory\n"
    "from thrivekit.workshops import ratelimit\n"
    "request = RequestFactory().post('/', REMOTE_ADDR='{address}')\n"
    "print(ratelimit.code_guessing_blocked(request))\n"
)


def test_production_counts_wrong_codes_in_the_database_shared_by_all_processes(tmp_path):
    # Given a production server that has migrated (which creates the cache table)
    run_python(
        "from django.core.management import call_command\ncall_command('migrate', verbosity=0)\n",
        PRODUCTION,
        tmp_path,
    )
    # When one server process sees an address guess too many codes
    run_python(GUESS_WRONG_CODES.format(address="198.51.100.23"), PRODUCTION, tmp_path)
    # Then another process refuses that address's next guess, and not another address's
    assert (
        run_python(ASK_IF_BLOCKED.format(address="198.51.100.23"), PRODUCTION, tmp_path) == "True\n"
    )
    assert (
        run_python(ASK_IF_BLOCKED.format(address="198.51.100.24"), PRODUCTION, tmp_path)
        == "False\n"
    )


def _redis_running() -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_running(), reason="no Redis on 127.0.0.1:6379")
def test_with_redis_wrong_codes_are_counted_across_processes(tmp_path):
    import secrets

    env = {**PRODUCTION, "CACHE_URL": "redis://127.0.0.1:6379/15"}
    address = f"2001:db8::{secrets.randbelow(0xFFFF):x}"
    run_python(GUESS_WRONG_CODES.format(address=address), env, tmp_path)
    blocked = run_python(
        ASK_IF_BLOCKED.format(address=address)
        + "from django.core.cache import cache\ncache.clear()\n",
        env,
        tmp_path,
    )
    assert blocked == "True\n"


def test_the_cache_is_chosen_by_cache_url():
    from django.core.exceptions import ImproperlyConfigured

    from thrivekit.config.settings import cache_settings

    assert cache_settings("", production=True)["BACKEND"].endswith("DatabaseCache")
    assert cache_settings("", production=False)["BACKEND"].endswith("LocMemCache")
    assert cache_settings("redis://127.0.0.1:6379/1", production=True) == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
    }
    assert cache_settings("db://rate_limits", production=False)["LOCATION"] == "rate_limits"
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        cache_settings("memcached://x", production=True)


def test_production_refuses_a_trusted_proxy_that_is_not_an_address(tmp_path):
    env = {**PRODUCTION, "TRUSTED_PROXIES": "10.0.0.1, proxy.internal"}
    result = python_process("", env, tmp_path)
    assert result.returncode != 0
    assert "TRUSTED_PROXIES has 'proxy.internal'" in result.stderr
