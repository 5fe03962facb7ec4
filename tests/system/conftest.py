"""Browser tests: Debian's Chromium driven by Playwright (no downloaded browsers)."""

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

AXE = Path(__file__).parent / "vendor/axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def shots(tmp_path) -> Path:
    """Screenshots go to $THRIVEKIT_SCREENSHOTS when it is set (CI keeps them as artefacts)."""
    folder = Path(os.environ.get("THRIVEKIT_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run `apt-get install chromium`.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _watch_for_errors(page) -> list[str]:
    """Collect script errors and CSP violations; a page that raises any is broken."""
    errors: list[str] = []

    def on_console(message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            errors.append(message.text)

    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", on_console)
    return errors


def new_page(browser, *, width: int, height: int):
    """A page in its own browser context (its own cookies), watched for script errors."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.errors = _watch_for_errors(page)
    return context, page


@pytest.fixture
def phone(browser):
    """A page the size of a small phone: 320 CSS pixels wide."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.errors = _watch_for_errors(page)
    yield page
    context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = _watch_for_errors(page)
    yield page
    context.close()


def axe_violations(page, *, impacts=("serious", "critical")) -> list[str]:
    """Run axe-core in the page; return the serious and critical violations, described."""
    # Evaluated through the DevTools protocol, which the page's CSP does not govern.
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def has_horizontal_scroll(page) -> list[str]:
    """The elements that stick out past the right edge, if the page scrolls sideways."""
    return page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth <= width + 1) return [];
          return [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > width + 1)
            .filter(e => !e.closest('.tk-table-scroll, .tk-map'))
            .slice(-3)
            .map(e => `${e.tagName.toLowerCase()}.${e.className} "${e.textContent.slice(0, 40)}"`);
        }"""
    )


def nhs_styles_loaded(page) -> bool:
    """The vendored nhsuk-frontend CSS is applied: the header is NHS blue."""
    colour = page.evaluate(
        "() => getComputedStyle(document.querySelector('.nhsuk-header')).backgroundColor"
    )
    return colour == "rgb(0, 94, 184)"
