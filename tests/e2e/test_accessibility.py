"""Every page people use passes axe-core's WCAG 2.1 A/AA checks with no violation at all, its controls are
thumb-sized, and the menu stays on one row at 390 px."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from exercises.models import Exercise
from tests.factories import PASSWORD, PlannedExerciseFactory, PlannedSessionFactory

BRAND_INK = "rgb(138, 53, 32)"
BRAND_ACCENT = "rgb(180, 71, 42)"
MIN_TAP_HEIGHT = 32
PUBLIC_PAGES = [
    "/", "/exercises/", "/exercises/?muscle=rhomboids", "/exercises/deadlift/", "/exercises/face-pull/",
    "/muscles/", "/muscles/trapezius/", "/accounts/login/", "/accounts/signup/", "/accounts/password_reset/",
    "/accounts/signup/again/",
]  # fmt: skip
ATHLETE_PAGES = ["/today/", "/log/", "/plan/", "/workouts/templates/", "/accounts/settings/", "/accounts/delete/"]
COACH_PAGES = ["/coach/", "/coach/athletes/", "/plan/", "/workouts/templates/"]
# The anatomy figure's regions are shapes, not buttons: they have a numbered key, which is measured.
TAPPABLE = (
    "a:not(svg a):not(.visually-hidden-focusable), button, summary, select,"
    " input:not([type=hidden]):not(.btn-check), label.btn"
)


def _log_in(page, base, username):
    page.goto(base + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(base + "/accounts/login/")


def _small_targets(page) -> list[str]:
    return page.evaluate(
        """([selector, minimum]) => [...document.querySelectorAll(selector)]
            .filter(el => el.offsetParent !== null && !el.closest('details:not([open]) > :not(summary)'))
            .map(el => [el, el.getBoundingClientRect()])
            .filter(([el, box]) => box.height < minimum)
            .map(([el, box]) => `${el.outerHTML.slice(0, 80)} is ${Math.round(box.height)} px tall`)""",
        [TAPPABLE, MIN_TAP_HEIGHT],
    )


def _menu_rows(page) -> int:
    return page.evaluate(
        "new Set([...document.querySelectorAll('header nav > a, header nav > details > summary')]"
        ".map(el => el.getBoundingClientRect()).map(box => Math.round((box.top + box.height / 2) / 20))).size"
    )


def _assert_page_is_clean(page, axe_log, url):
    axe_log.forget(url)
    page.goto(url)
    assert axe_log.violations(url) == []
    assert _menu_rows(page) == 1, f"{url}: the menu wraps"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{url}: scrolls sideways"


def test_public_pages_have_no_violations_and_thumb_sized_controls(live_server, page, axe_log, library_transactional):
    for path in PUBLIC_PAGES:
        _assert_page_is_clean(page, axe_log, live_server.url + path)
        if path.startswith(("/exercises", "/muscles")):
            assert _small_targets(page) == [], path


def test_sign_up_is_one_tap_from_the_home_page(live_server, page, library_transactional):
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Create an account")


def test_private_pages_have_no_violations_for_athlete_and_coach(live_server, page, axe_log, library_transactional):
    from accounts.models import CoachingLink
    from tests.factories import UserFactory

    athlete = UserFactory(username="avery")
    coach = UserFactory(username="casey", is_coach=True)
    CoachingLink.objects.create(coach=coach, athlete=athlete)
    deadlift = Exercise.objects.get(slug="deadlift")
    for days in (1, 4):
        planned = PlannedSessionFactory(
            athlete=athlete, planned_by=coach, date=timezone.localdate() + datetime.timedelta(days=days)
        )
        PlannedExerciseFactory(session=planned, exercise=deadlift)

    _log_in(page, live_server.url, "avery")
    for path in ATHLETE_PAGES:
        _assert_page_is_clean(page, axe_log, live_server.url + path)
        if path == "/plan/":
            expect(page.locator(".planned-session")).to_have_count(2)
            assert _small_targets(page) == []
    page.goto(live_server.url + "/today/")
    page.get_by_role("button", name="Start an empty workout").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert axe_log.violations() == []

    page.context.clear_cookies()
    _log_in(page, live_server.url, "casey")
    for path in COACH_PAGES:
        _assert_page_is_clean(page, axe_log, live_server.url + path)
    _assert_page_is_clean(page, axe_log, f"{live_server.url}/plan/athletes/{athlete.pk}/")
    assert _small_targets(page) == []
    _assert_page_is_clean(page, axe_log, f"{live_server.url}/coach/athletes/{athlete.pk}/")
    assert _small_targets(page) == []


def test_more_menu_opens_without_javascript_and_holds_the_rest(
    live_server, browser, browser_context_args, library_transactional
):
    from tests.factories import UserFactory

    UserFactory(username="casey", is_coach=True)
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    _log_in(page, live_server.url, "casey")
    menu = page.get_by_role("navigation", name="Main")
    expect(menu.get_by_role("link", name="Settings")).to_be_hidden()
    menu.get_by_text("More").click()
    for name in ("Library", "Templates", "Athletes", "Anatomy", "Settings"):
        expect(menu.get_by_role("link", name=name)).to_be_visible()
    context.close()


def test_focus_ring_and_selected_rir_are_the_brand_colour(live_server, page, library_transactional):
    from tests.factories import UserFactory

    UserFactory(username="avery")
    _log_in(page, live_server.url, "avery")
    page.goto(live_server.url + "/today/")
    page.get_by_role("button", name="Start an empty workout").click()
    page.get_by_role("link", name="Add an exercise").click()
    page.get_by_role("button", name="Add").first.click()

    weight = page.get_by_label("Weight").first
    weight.focus()
    assert weight.evaluate("el => getComputedStyle(el).outlineColor") == BRAND_INK
    rir = page.locator(".rir-buttons label.btn", has_text="2").first
    rir.click()
    expect(rir).to_have_css("background-color", BRAND_ACCENT)
    page.keyboard.press("Tab")
    focused = page.evaluate("getComputedStyle(document.activeElement).outlineColor")
    assert focused == BRAND_INK
