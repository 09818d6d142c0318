"""Browser tests: Debian's chromium driven by Playwright, at a phone's 390x844 viewport.

pytest-playwright saves a screenshot of every failing test under test-results/ (see pyproject's addopts).
"""

import os

import pytest
from axe_playwright_python.sync_playwright import Axe

CHROMIUM = "/usr/bin/chromium"
# WCAG 2.1 A and AA, plus the (experimental in axe) check that a control's accessible name contains its visible text.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "rules": {"label-content-name-mismatch": {"enabled": True}},
}
BLOCKING = {"serious", "critical"}
_axe = Axe()

# Playwright's sync API runs an event loop in this thread; the tests only touch the database between pages.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"The browser tests need Debian's chromium at {CHROMIUM} (`make test` installs it as root).")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture(autouse=True)
def _quick_failures(context):
    """Pages here answer in milliseconds; a 30 s wait only delays the failure report."""
    context.set_default_timeout(10_000)


class AxeLog:
    """axe-core's findings for each page the test loaded, by URL, as one line per failing element.

    When the test moves on while axe runs (a click right after a load), the page is opened again in a tab of
    its own, with the same log-in, and checked there. A page axe still could not check is kept with the error
    and fails the test at the end, unless a later load of the same URL was checked: a page never goes
    unchecked silently."""

    def __init__(self, page):
        self.page = page
        self.by_url: dict[str, list[tuple[str, str]]] = {}
        self.unchecked: dict[str, str] = {}

    def check(self, loaded_page):
        url = loaded_page.url
        try:
            result = _axe.run(loaded_page, options=AXE_OPTIONS)
        except Exception:  # noqa: BLE001 - the test moved on while axe ran: check the page in a tab of its own
            try:
                result = self._in_own_tab(loaded_page, url)
            except Exception as error:  # noqa: BLE001 - reported at the end of the test, with its URL
                first_line = str(error).splitlines()[0] if str(error) else ""
                self.unchecked[url] = f"{url}: {type(error).__name__}: {first_line}"
                return
        self.unchecked.pop(url, None)
        self.by_url[url] = [
            (violation["impact"], f"{loaded_page.url} [{violation['impact']}] {violation['id']}: {node['target']}")
            for violation in result.response["violations"]
            for node in violation["nodes"]
        ]

    @staticmethod
    def _in_own_tab(loaded_page, url):
        tab = loaded_page.context.new_page()
        try:
            tab.goto(url)
            return _axe.run(tab, options=AXE_OPTIONS)
        finally:
            tab.close()

    def forget(self, url):
        self.by_url.pop(url, None)

    def violations(self, url=None) -> list[str]:
        """All violations (any impact) on the page at `url` (default: the current one), once axe has run there."""
        url = url or self.page.url
        for _ in range(200):
            if url in self.by_url:
                return [line for _, line in self.by_url[url]]
            self.page.wait_for_timeout(50)
        raise AssertionError(f"axe never finished on {url}")

    def blocking(self) -> list[str]:
        return [line for lines in self.by_url.values() for impact, line in lines if impact in BLOCKING]


@pytest.fixture(autouse=True)
def axe_log(page):
    """Run axe-core on every page a browser test loads; a serious or critical violation fails the test."""
    log = AxeLog(page)
    page.on("load", log.check)
    yield log
    page.remove_listener("load", log.check)
    found = log.blocking()
    assert not found, "Accessibility violations:\n" + "\n".join(found)
    assert not log.unchecked, "axe could not check these pages:\n" + "\n".join(log.unchecked.values())
