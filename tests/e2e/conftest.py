"""Browser tests: Debian's chromium driven by Playwright, at a phone's 390x844 viewport.

pytest-playwright saves a screenshot of every failing test under test-results/ (see pyproject's addopts).
"""

import os

import pytest

CHROMIUM = "/usr/bin/chromium"

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
