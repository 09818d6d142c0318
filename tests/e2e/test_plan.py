import datetime
from io import StringIO

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import CoachingLink
from tests.factories import PASSWORD, UserFactory

PHONE_WIDTH = 390


def _log_in(page, base, username):
    page.goto(base + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def _prescribe(page, exercise, sets, rep_min, rep_max):
    item = page.get_by_role("group", name=exercise)
    item.get_by_label("Sets").fill(str(sets))
    item.get_by_label("Reps from").fill(str(rep_min))
    item.get_by_label("Reps to").fill(str(rep_max))


def _fits_a_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH, page.url


def test_coach_copies_upper_back_a_changes_it_and_assigns_it_and_the_plan_keeps_a_snapshot(
    live_server, browser, browser_context_args, page, library_transactional
):
    call_command("load_templates", stdout=StringIO())
    coach = UserFactory(username="casey", display_name="Coach Casey", is_coach=True)
    athlete = UserFactory(username="jordan", display_name="Jordan")
    CoachingLink.objects.create(coach=coach, athlete=athlete)
    today = timezone.localdate()
    monday = today + datetime.timedelta(days=-today.weekday() % 7)
    base = live_server.url

    # The coach copies our Upper back A and makes it theirs: the deadlift 3 x 4-6, the row 4 x 8-10.
    _log_in(page, base, "casey")
    page.get_by_role("navigation", name="Main").get_by_text("More").click()
    page.get_by_role("link", name="Templates").click()
    page.get_by_role("link", name="Upper back A").click()
    page.get_by_role("button", name="Make my own copy").click()
    expect(page.get_by_text("“Upper back A (my copy)” is yours to change.")).to_be_visible()
    _prescribe(page, "1. Deadlift", 3, 4, 6)
    _prescribe(page, "2. Barbell row", 4, 8, 10)
    _fits_a_phone(page)
    page.get_by_role("button", name="Save template").click()
    expect(page.get_by_text("Template saved.")).to_be_visible()

    # Back on the template page: Assign… to Jordan, Mondays and Thursdays, 4 weeks from a Monday.
    page.get_by_role("link", name="Upper back A (my copy)").click()
    expect(page.get_by_text("3 × 4-6 reps")).to_be_visible()
    page.get_by_role("link", name="Assign…").click()
    page.get_by_label("Jordan").check()
    page.get_by_label("Mon", exact=True).check()
    page.get_by_label("Thu", exact=True).check()
    page.get_by_label("Weeks").fill("4")
    page.get_by_label("Start on").fill(monday.isoformat())
    _fits_a_phone(page)
    page.get_by_role("button", name="Plan sessions").click()
    expect(page.get_by_text("8 sessions planned.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jordan's plan")

    # The athlete, on their own phone, sees the eight sessions as the coach wrote them.
    athlete_context = browser.new_context(**browser_context_args)
    athlete_context.set_default_timeout(10_000)
    athlete_page = athlete_context.new_page()
    _log_in(athlete_page, base, "jordan")
    athlete_page.get_by_role("link", name="Plan").click()
    sessions = athlete_page.locator(".planned-session")
    expect(sessions).to_have_count(8)
    expect(sessions.filter(has_text="Deadlift 3 × 4-6")).to_have_count(8)
    expect(sessions.filter(has_text="Barbell row 4 × 8-10")).to_have_count(8)
    expect(sessions.filter(has_text="Planned by Coach Casey")).to_have_count(8)
    _fits_a_phone(athlete_page)

    # The coach changes the template again; what was planned stays as it was.
    page.get_by_role("navigation", name="Main").get_by_text("More").click()
    page.get_by_role("link", name="Templates").click()
    page.get_by_role("link", name="Upper back A (my copy)").click()
    page.get_by_role("link", name="Edit").click()
    _prescribe(page, "1. Deadlift", 5, 4, 6)
    page.get_by_role("button", name="Save template").click()
    expect(page.get_by_text("Template saved.")).to_be_visible()
    athlete_page.reload()
    expect(sessions.filter(has_text="Deadlift 3 × 4-6")).to_have_count(8)
    expect(sessions.filter(has_text="Deadlift 5 ×")).to_have_count(0)
    athlete_context.close()
