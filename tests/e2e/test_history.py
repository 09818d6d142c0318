"""Where lifters look, on a phone: the demo athlete opens the deadlift history from a workout summary, starts
Upper back A and sees "Last time" on the deadlift card; the menu fits one row for an athlete and a coach."""

import re
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from playwright.sync_api import expect

from training_log.models import TrainingSession

SHOTS = Path("test-results")  # beside pytest-playwright failure screenshots (git ignores it)
PHONE_WIDTH = 390
DEMO_PASSWORD = "scapula-demo-2026"


def _log_in(page, base, username):
    page.goto(base + "/accounts/login/")
    page.get_by_label("Username*").fill(username)
    page.get_by_label("Password*").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def _menu_rows(page) -> int:
    return page.evaluate(
        "new Set([...document.querySelectorAll('header nav > a, header nav > details > summary')]"
        ".map(el => el.getBoundingClientRect()).map(box => Math.round((box.top + box.height / 2) / 20))).size"
    )


def _menu_heights(page) -> list[int]:
    return page.evaluate(
        "[...document.querySelectorAll('header nav > a, header nav > details > summary')]"
        ".map(el => Math.round(el.getBoundingClientRect().height))"
    )


def _fits_a_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH, page.url
    assert _menu_rows(page) == 1, f"{page.url}: the menu wraps"
    assert min(_menu_heights(page)) >= 44, f"{page.url}: menu targets {_menu_heights(page)}"


def test_demo_athlete_opens_the_deadlift_history_then_sees_last_time(
    live_server, page, axe_log, library_transactional, settings
):
    settings.DEBUG = True  # the demo commands refuse to run otherwise
    for command in ("load_templates", "load_demo", "load_demo_history"):
        call_command(command, stdout=StringIO())
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url

    _log_in(page, base, "alex")
    expect(page).to_have_url(base + "/today/")  # log-in lands on today's workout
    menu = page.get_by_role("navigation", name="Main")
    expect(menu.get_by_role("link")).to_have_text(["Scapula", "Today", "Plan", "Progress", "History"])
    _fits_a_phone(page)
    page.screenshot(path=SHOTS / "history-menu-athlete.png")

    # History -> the last Upper back A -> its summary, with a link to each exercise's history.
    menu.get_by_role("link", name="History").click()
    page.locator(".exercise-card", has_text="Upper back A").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Workout done: Upper back A")
    expect(page.locator(".duration")).to_have_text(re.compile(r"^\d+ min$"))
    expect(page.locator(".total-volume")).to_have_text(re.compile(r"^[\d,]+ lb$"))
    expect(page.locator(".summary").first.locator(".exercise-volume")).to_have_text(re.compile(r"^Volume [\d,]+ lb$"))
    _fits_a_phone(page)
    assert axe_log.violations() == []
    page.screenshot(path=SHOTS / "history-summary.png", full_page=True)
    last_date = page.locator("main p.small").first.inner_text()
    expect(page.get_by_role("link", name="Deadlift: history")).to_be_visible()

    # Progress -> the deadlift's chart heading -> its history.
    menu.get_by_role("link", name="Progress").click()
    page.locator(".progress-exercise h2").get_by_role("link", name="Deadlift", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Deadlift")
    workouts = page.locator(".history-workout")
    with_deadlift = TrainingSession.objects.filter(athlete__username="alex", name="Upper back A").count()
    assert with_deadlift >= 8  # 8 weeks and more of Upper back A, once a week
    expect(workouts).to_have_count(with_deadlift)
    expect(workouts.first.locator(".history-sets li")).to_have_count(3)
    one_set = re.compile(r"^\d+(\.\d+)? lb × \d+ @ RIR \d+$")
    expect(workouts.first.locator(".history-sets li").first).to_have_text(one_set)
    expect(workouts.first).to_contain_text("best e1RM")
    _fits_a_phone(page)
    assert axe_log.violations() == []
    page.screenshot(path=SHOTS / "history-deadlift.png", full_page=True)
    newest_sets = workouts.first.locator(".history-sets li").all_inner_texts()

    # Today: start Upper back A from its template; the deadlift card shows what was lifted last time.
    menu.get_by_role("link", name="Today").click()
    # On a day the demo plans a workout, the template picker is folded under the planned one: open it as a lifter would.
    picker = page.locator("details", has=page.get_by_label("Template"))
    if picker.get_attribute("open") is None:
        picker.locator("summary").click()
    page.get_by_label("Template").select_option(label="Upper back A")
    page.get_by_role("button", name="Start from this template").click()
    card = page.locator(".log-card", has=page.get_by_role("heading", name="Deadlift"))
    last_time = card.locator(".last-time")
    weekday_day_month = " ".join(last_date.split()[:3])  # "Thursday 26 November" -> the card says "Thu 26 Nov"
    expect(last_time).to_contain_text("Last time, ")
    expect(last_time).to_contain_text(f"{weekday_day_month.split()[0][:3]} {weekday_day_month.split()[1]}")
    expect(last_time.locator("li")).to_have_text(newest_sets)
    expect(card.get_by_role("link", name="History of Deadlift")).to_be_visible()
    _fits_a_phone(page)
    card.screenshot(path=SHOTS / "history-card-last-time.png")
    assert axe_log.violations() == []
    page.screenshot(path=SHOTS / "history-session.png")

    # The coach: six items and the brand still fit one row.
    page.context.clear_cookies()
    _log_in(page, base, "coach")
    expect(page).to_have_url(base + "/today/")
    coach_menu = ["Scapula", "Today", "Plan", "Progress", "History", re.compile(r"^Coach")]
    expect(menu.get_by_role("link")).to_have_text(coach_menu)
    _fits_a_phone(page)
    page.screenshot(path=SHOTS / "history-menu-coach.png")
    # ... and opens Alex's deadlift history from the summary of Alex's latest workout.
    menu.get_by_role("link", name=re.compile(r"^Coach")).click()
    page.get_by_role("link", name="Alex", exact=True).click()
    page.goto(page.url.replace("/coach/athletes/", "/log/athletes/"))
    page.locator(".exercise-card", has_text="Upper back A").first.click()
    page.get_by_role("link", name="Deadlift: history").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Deadlift")
    expect(page.locator("main")).to_contain_text("Alex's workouts with it, newest first.")
    expect(page.locator(".history-workout").first.locator(".history-sets li")).to_have_text(newest_sets)
    assert axe_log.violations() == []
    page.screenshot(path=SHOTS / "history-deadlift-coach.png")
