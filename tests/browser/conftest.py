"""Browser tests: Playwright's sync API driving Debian's Chromium against pytest-django's live server.

Every test in this folder carries the ``browser`` marker. Where Debian's Chromium is not installed they
are all reported as skipped, with the reason naming the package, rather than failing: ``playwright
install`` downloads a browser build of its own, which this project does not use.
"""

import functools
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
PROJECT_DIR = HERE.parent.parent
AXE_SCRIPT = PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "correct horse battery staple"  # what tests.factories.UserFactory sets
SKIP_REASON = "Debian's chromium is not installed: apt-get install chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# Long enough for a slow CI machine, short enough that a missing element fails a test quickly.
TIMEOUT_MS = 10_000


def chromium_path() -> str | None:
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def pytest_collection_modifyitems(config, items):
    """Mark this folder's tests ``browser``, and skip them all, by name, when there is no Chromium."""
    missing = chromium_path() is None
    for item in items:
        if HERE not in Path(str(item.path)).resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        if missing:
            item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


def _check_front_end_is_built() -> None:
    """Pages without their stylesheet fail the contrast checks for reasons that are not theirs."""
    css = PROJECT_DIR / "frontend" / "dist" / "omhub" / "omhub.css"
    scss = PROJECT_DIR / "frontend" / "omhub.scss"
    if not css.exists():
        pytest.fail("frontend/dist is not built: run `make frontend` (npm ci, then node frontend/build.mjs)")
    if scss.exists() and scss.stat().st_mtime > css.stat().st_mtime:
        pytest.fail("frontend/dist is older than frontend/omhub.scss: run `make frontend` to rebuild it")


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the whole folder (a context per test keeps tests apart), stopped after the
    folder's last test, so the rest of the suite runs without Playwright's event loop."""
    executable = chromium_path()
    if executable is None:
        pytest.skip(SKIP_REASON)
    _check_front_end_is_built()
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an asyncio event loop in this thread, which trips Django's guard
    # against ORM calls from async code; the tests and the live server are plain synchronous code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass
class ConsoleLog:
    """What the page said on the console: errors (CSP violations among them) and uncaught exceptions."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))

    def _on_console(self, message) -> None:
        text = f"{message.location.get('url', '')}: {message.text}"
        if message.type == "error":
            self.errors.append(text)
        elif message.type == "warning":
            self.warnings.append(text)


def _new_page(browser, live_server, **context_options):
    context = browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Europe/London",
                                  **context_options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.console_log = ConsoleLog()
    page.console_log.attach(page)
    return context, page


@pytest.fixture
def page(browser, live_server):
    """A page in a fresh browser context (no cookies), as the site serves it: CSP enforced, JavaScript on."""
    context, page = _new_page(browser, live_server)
    yield page
    context.close()


@pytest.fixture
def page_without_javascript(browser, live_server):
    context, page = _new_page(browser, live_server, java_script_enabled=False)
    yield page
    context.close()


@pytest.fixture
def axe_page(browser, live_server):
    """A page for the accessibility checks only: CSP is bypassed so that axe-core can be injected."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT.relative_to(PROJECT_DIR)} is missing: run npm ci")
    context, page = _new_page(browser, live_server, bypass_csp=True)
    yield page
    context.close()


def sign_in(page, user, password: str = PASSWORD) -> None:
    """Sign in through the real sign-in form, as a person would."""
    page.goto("/accounts/sign-in/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@functools.cache
def _axe_source() -> str:
    return AXE_SCRIPT.read_text(encoding="utf-8")


def axe_violations(page) -> list[dict]:
    """Run axe-core with the WCAG 2.0, 2.1 and 2.2 A and AA rules on the page as it is now."""
    page.add_script_tag(content=_axe_source())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return result["violations"]


def describe_violations(url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            lines.append(f"    {', '.join(' '.join(t) if isinstance(t, list) else t for t in node['target'])}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


@pytest.fixture
def check_accessibility():
    """Assert that the page, as it is now, breaks none of the WCAG A and AA rules axe-core checks."""

    def check(page) -> None:
        violations = axe_violations(page)
        assert not violations, describe_violations(page.url, violations)

    return check
