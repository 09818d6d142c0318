"""The demo coach opens /coach/ on a phone, sees both demo athletes with their compliance, opens one."""

import datetime
import re
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import CoachingLink, User
from tests.factories import PlannedSessionFactory, UserFactory

SHOTS = Path("test-results")  # beside pytest-playwright failure screenshots (git ignores it)
PHONE_WIDTH = 390


def _fits_a_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH, page.url


def test_demo_coach_sees_both_athletes_with_compliance_and_opens_one(
    live_server, page, library_transactional, settings
):
    settings.DEBUG = True  # the demo commands refuse to run otherwise
    for command in ("load_templates", "load_demo", "load_demo_history"):
        call_command(command, stdout=StringIO())
    SHOTS.mkdir(parents=True, exist_ok=True)
    # A third athlete who has not trained: missed both sessions planned this week.
    coach = User.objects.get(username="coach")
    jordan = UserFactory(username="jordan", display_name="Jordan")
    CoachingLink.objects.create(coach=coach, athlete=jordan)
    for days_ago in (2, 5):
        PlannedSessionFactory(
            athlete=jordan, planned_by=coach, date=timezone.localdate() - datetime.timedelta(days_ago)
        )

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username*").fill("coach")
    page.get_by_label("Password*").fill("scapula-demo-2026")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Coach").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your athletes today")
    cards = page.locator(".coach-row")
    expect(cards).to_have_count(3)
    # Whoever needs the coach comes first, the flags in words: Sam's fortnight slipped (most flags), Jordan
    # has not trained at all, Alex trains every session and only asked something.
    expect(cards.get_by_role("heading")).to_have_text(["Sam", "Jordan", "Alex"])
    expect(cards.nth(0).locator(".coach-flag")).to_have_text(["No workout in 7 days", "Compliance down"])
    expect(cards.nth(1).locator(".coach-flag")).to_have_text(["No workout in 7 days"])
    expect(cards.nth(1).locator("dt", has_text="7 days").locator("+ dd")).to_have_text("0 of 2 done · 0 %")
    expect(cards.nth(2).locator(".coach-flag")).to_have_text(["1 unread comment"])
    for name in ("Alex", "Sam"):
        card = cards.filter(has=page.get_by_role("link", name=name, exact=True))
        # Eight weeks of Monday/Thursday sessions: known compliance, not "nothing planned".
        expect(card.locator("dt", has_text="28 days").locator("+ dd")).to_have_text(
            re.compile(r"^\d+ of \d+ done · \d+ %")
        )
        expect(card.locator("dt", has_text="On target").locator("+ dd")).to_contain_text("% of")
    _fits_a_phone(page)
    page.screenshot(path=SHOTS / "coach-dashboard.png", full_page=True)

    page.get_by_role("link", name="Alex", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alex")
    plan = page.locator(".coach-plan-entry")
    expect(plan.filter(has_text="Done").first).to_be_visible()
    expect(plan.filter(has_text="Planned").first).to_be_visible()
    workouts = page.locator(".coach-workout")
    expect(workouts).to_have_count(5)
    expect(workouts.first.locator(".logged-sets li").first).to_contain_text(re.compile(r"lb × \d+ @ RIR \d"))
    _fits_a_phone(page)
    page.screenshot(path=SHOTS / "coach-athlete.png", full_page=True)
    page.screenshot(path=SHOTS / "coach-athlete-top.png")
    page.get_by_role("heading", name="Last workouts").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, document.querySelector('#workouts-heading').getBoundingClientRect().top)")
    page.screenshot(path=SHOTS / "coach-athlete-workouts.png")

    workouts.first.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Workout done")
