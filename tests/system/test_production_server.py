"""`thrivekit serve` starts gunicorn with production settings and serves real pages."""

import http.client
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.system


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str, dict]:
    # As behind the TLS-terminating proxy production runs behind.
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def test_the_production_server_serves_pages_and_hashed_static_files(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "THRIVEKIT_HOME": str(tmp_path),
        "THRIVEKIT_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env.pop("DEBUG", None)
    thrivekit = Path(sys.executable).parent / "thrivekit"
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [str(thrivekit), "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            if server.poll() is not None:
                break
            try:
                if fetch(base + "/health")[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        status, body, headers = fetch(base + "/accounts/login")
        assert status == 200, (tmp_path / "server.log").read_text()[-3000:]
        assert "Sign in to thrivekit" in body
        assert "max-age=31536000" in headers.get("Strict-Transport-Security", "")
        assert "frame-ancestors 'none'" in headers.get("Content-Security-Policy", "")
        # Static files are served by WhiteNoise under hashed names
        stylesheet = next(
            line.split('href="')[1].split('"')[0]
            for line in body.splitlines()
            if "nhsuk-frontend" in line and "stylesheet" in line
        )
        assert stylesheet.count(".") >= 3, stylesheet  # name.<hash>.min.css
        assert fetch(base + stylesheet)[0] == 200
        # Plain HTTP is sent to HTTPS
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", "/accounts/login")
        response = connection.getresponse()
        assert response.status == 301
        assert response.getheader("Location").startswith("https://")
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
