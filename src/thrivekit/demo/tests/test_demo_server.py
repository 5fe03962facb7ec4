"""`thrivekit demo` serves the service's own error pages, with its static files still served."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_the_demo_server_shows_the_service_404_page_and_serves_static_files(tmp_path):
    # Given `thrivekit demo` started as `make demo` starts it, with no DEBUG in the environment
    port = free_port()
    env = {**os.environ, "THRIVEKIT_HOME": str(tmp_path), "PORT": str(port)}
    for name in ("DEBUG", "THRIVEKIT_ENV", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    thrivekit = Path(sys.executable).parent / "thrivekit"
    log_path = tmp_path / "server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [str(thrivekit), "demo"], env=env, stdout=log, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            if server.poll() is not None:
                break
            try:
                if fetch(base + "/health")[0] == 200:
                    break
            except OSError:
                time.sleep(0.5)
        # When a newcomer mistypes an address
        status, body = fetch(base + "/no-such-page")
        # Then they see the service's own "Page not found" page, not Django's technical page
        assert status == 404, log_path.read_text()[-3000:]
        assert "<h1>Page not found</h1>" in body
        assert "Go to the start page" in body
        assert "URLconf" not in body and "DEBUG = True" not in body
        # And the page is styled: its stylesheet is served with DEBUG off
        stylesheet = next(
            line.split('href="')[1].split('"')[0]
            for line in body.splitlines()
            if "nhsuk-frontend" in line and "stylesheet" in line
        )
        css_status, css = fetch(base + stylesheet)
        assert css_status == 200 and ".nhsuk-header" in css
    finally:
        server.terminate()
        server.wait(timeout=10)
