"""The browser tests' accessibility log (tests/e2e/conftest.py) never lets a page go unchecked silently."""

from tests.e2e.conftest import AxeLog


class _Page:
    """Stands in for a Playwright page that navigated away while axe ran: every evaluation fails."""

    url = "http://testserver/today/"

    def evaluate(self, *args, **kwargs):
        raise RuntimeError("Execution context was destroyed, most likely because of a navigation")


def test_a_page_axe_could_not_check_is_reported_with_its_url_and_error():
    log = AxeLog(_Page())
    log.check(_Page())
    assert list(log.unchecked) == ["http://testserver/today/"]
    assert "Error" in log.unchecked["http://testserver/today/"]
    assert log.blocking() == []  # not a violation: its own failure, reported by the axe_log fixture
