"""Coaching over a training block, in the browser, on the demo data (issue 12's "done when").

The demo coach assigns a template over Alex's current plan, sees the conflicts and skips those dates; cancels
one session; opens /coach/ and finds both demo athletes with their compliance; opens Alex, comments on his last
workout and sets his next deadlift. Then Alex, on his own phone, reads the comment, finds the coach's weight on
the deadlift card and the cancelled session gone from his plan.
"""

import datetime
import re
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.management.commands.load_demo import DEMO_PASSWORD
from accounts.models import User
from workouts.models import Assignment

SHOTS = Path("test-results")  # beside pytest-playwright failure screenshots (git ignores it)
PHONE_WIDTH = 390


def _log_in(page, base, username):
    page.goto(base + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def _menu(page):
    return page.get_by_role("navigation", name="Main")


def _fits_a_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH, page.url


def _shot(page, name):
    page.screenshot(path=SHOTS / f"block-{name}.png", full_page=True)


def test_coach_corrects_a_block_and_talks_to_the_athlete_who_sees_it_all(
    live_server, browser, browser_context_args, page, library_transactional, settings
):
    settings.DEBUG = True  # the demo commands refuse to run otherwise
    for command in ("load_templates", "load_demo", "load_demo_history"):
        call_command(command, stdout=StringIO())
    SHOTS.mkdir(exist_ok=True)
    base = live_server.url
    alex = User.objects.get(username="alex")
    today = timezone.localdate()
    # Alex trains Monday and Thursday; the new block adds Wednesday, and Monday clashes every week.
    wednesdays = [today + datetime.timedelta(days=n) for n in range(28) if (today.weekday() + n) % 7 == 2]

    # The coach assigns Upper back A on Monday and Wednesday for 4 weeks: the preview shows the clashes.
    _log_in(page, base, "coach")
    page.goto(base + "/workouts/templates/")
    page.get_by_role("link", name="Upper back A").click()
    page.get_by_role("link", name="Assign…").click()
    page.get_by_label("Alex").check()
    page.get_by_label("Mon", exact=True).check()
    page.get_by_label("Wed", exact=True).check()
    page.get_by_label("Start on").fill(today.isoformat())
    page.get_by_label("Weeks").fill("4")
    page.get_by_role("button", name="Preview dates").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the dates")
    expect(page.get_by_text("4 already planned")).to_be_visible()
    expect(page.locator(".assign-existing")).to_have_count(4)
    expect(page.locator(".assign-existing").first).to_contain_text("Already planned: Upper back A, by you, planned.")
    _fits_a_phone(page)
    _shot(page, "preview")
    page.get_by_label("Skip those dates").check()
    page.get_by_role("button", name=re.compile("^Assign")).click()
    expect(page.get_by_text("Planned 4 sessions for Alex (4 dates skipped: already planned).")).to_be_visible()
    block = Assignment.objects.latest("created_at")
    assert sorted(block.sessions.values_list("date", flat=True)) == wednesdays

    # The coach's /plan/ shows the athletes' week; the coach cancels this week's new Wednesday session.
    cancelled = block.sessions.get(date=wednesdays[0])
    _menu(page).get_by_role("link", name="Plan", exact=True).click()
    page.locator(f'.coached-session a[href="/plan/sessions/{cancelled.pk}/"]').click()
    page.get_by_role("button", name=re.compile("^Cancel Upper back A")).click()
    expect(page.get_by_text("Cancelled.")).to_be_visible()
    cancelled.refresh_from_db()
    assert cancelled.cancelled_at is not None

    # /coach/: both demo athletes, each with compliance; Sam, who let a fortnight slip, first.
    _menu(page).get_by_role("link", name="Coach").click()
    cards = page.locator(".coach-row")
    expect(cards.get_by_role("heading")).to_have_text(["Sam", "Alex"])
    for card in (cards.nth(0), cards.nth(1)):
        expect(card.locator("dt", has_text="28 days").locator("+ dd")).to_have_text(
            re.compile(r"^\d+ of \d+ done · \d+ %")
        )
    expect(cards.nth(0).locator(".coach-flag")).to_have_text(["No workout in 7 days", "Compliance down"])
    _fits_a_phone(page)
    _shot(page, "dashboard")

    # Alex's page: his last workout, a comment on it.
    page.get_by_role("link", name="Alex", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alex")
    page.locator(".coach-workout").first.get_by_role("link").first.click()
    page.get_by_label("Add a comment").fill("Good session. Straps on the last deadlift set are fine.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator(".comment").last).to_contain_text("Straps on the last deadlift set are fine.")

    # ... and his next deadlift, from his page.
    page.goto(f"{base}/coach/athletes/{alex.pk}/")
    page.get_by_role("link", name="Set the next weight for an exercise").click()
    page.get_by_label("Exercise").select_option(label="Deadlift")
    page.get_by_label("Weight").fill("300")
    page.get_by_label("Reps (optional)").fill("5")
    page.get_by_label("Note for the athlete (optional)").fill("A lighter week: move it fast")
    page.get_by_role("button", name="Set next weight").click()
    expect(page.locator(".override")).to_contain_text("Deadlift: 300 lb × 5")
    _shot(page, "override")

    # Alex, on his own phone.
    athlete_context = browser.new_context(**browser_context_args)
    athlete_context.set_default_timeout(10_000)
    phone = athlete_context.new_page()
    _log_in(phone, base, "alex")
    # The comment: counted in the menu, then read on the workout.
    _menu(phone).get_by_role("link", name="History 1 unread comment").click()
    phone.locator(".has-unread").click()
    expect(phone.locator(".comment").last).to_contain_text("Coach Casey")
    expect(phone.locator(".comment").last).to_contain_text("Straps on the last deadlift set are fine.")
    _shot(phone, "athlete-comment")

    # The cancelled Wednesday is gone from his plan; next week's is there.
    _menu(phone).get_by_role("link", name="Plan", exact=True).click()
    expect(phone.locator(f'a[href="/plan/sessions/{cancelled.pk}/"]')).to_have_count(0)
    next_wednesday = block.sessions.get(date=wednesdays[1])
    expect(phone.locator(f'a[href="/plan/sessions/{next_wednesday.pk}/"]')).to_have_count(1)
    _fits_a_phone(phone)
    _shot(phone, "athlete-plan")

    # The coach's deadlift weight, in place of the method's, on the card.
    _menu(phone).get_by_role("link", name="Today", exact=True).click()
    # is_visible() does not wait: let Today load first, or the check reads the Plan page still
    # on screen and the click below closes a fold that was open.
    expect(phone.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    template = phone.get_by_label("Template")
    if not template.is_visible():
        phone.get_by_text("Start from a template, or empty").click()
    template.select_option(label="Upper back A")
    phone.get_by_role("button", name="Start from this template").click()
    card = phone.locator("article.log-card").first
    expect(card).to_contain_text("Deadlift")
    expect(card.locator(".coach-override")).to_contain_text("set by your coach")
    expect(card.locator(".coach-override")).to_contain_text("300 lb × 5")
    expect(card.locator(".coach-note")).to_contain_text("A lighter week: move it fast")
    expect(card.get_by_label("Weight (lb)")).to_have_value("300")
    _fits_a_phone(phone)
    card.screenshot(path=SHOTS / "block-athlete-card.png")
    athlete_context.close()
