"""The demo coach adds an exercise of his own, plans it for Alex, and Alex logs it: all on a phone."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from exercises.models import Exercise
from training_log.models import SetLog

SCREENSHOTS = Path("test-results")
DEMO_PASSWORD = "scapula-demo-2026"  # noqa: S105 (the demo's published log-in)
PHONE_WIDTH = 390


def _log_in(page, base, username):
    page.goto(base + "/accounts/login/")
    page.get_by_label("Username*").fill(username)
    page.get_by_label("Password*").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def _fits_a_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH, page.url


def test_coach_creates_an_exercise_plans_it_and_the_athlete_logs_it(
    live_server, browser, browser_context_args, page, library_transactional, settings
):
    settings.DEBUG = True  # the demo command refuses to run otherwise
    for command in ("load_templates", "load_demo"):
        call_command(command, stdout=StringIO())
    base = live_server.url
    SCREENSHOTS.mkdir(exist_ok=True)

    # The coach adds a band pull-apart from the library page.
    _log_in(page, base, "coach")
    page.get_by_role("navigation", name="Main").get_by_text("More").click()  # a coach's menu has Coach instead
    page.get_by_role("link", name="Library", exact=True).click()
    page.get_by_role("link", name="New exercise").click()
    page.get_by_label("Name").fill("Band pull-apart")
    page.get_by_label("Equipment").select_option("cable")
    page.get_by_label("Rhomboids").select_option("primary")
    page.get_by_label("Posterior deltoid").select_option("secondary")
    page.get_by_label("Reps from").fill("12")
    page.get_by_label("Reps to").fill("20")
    page.get_by_label("How to do it").fill("Hold a band at shoulder height.\nPull it apart to your chest.")
    _fits_a_phone(page)
    page.screenshot(path=SCREENSHOTS / "custom-exercise-form.png", full_page=True)
    page.get_by_role("button", name="Save exercise").click()
    expect(page.get_by_text("“Band pull-apart” added to your exercises.")).to_be_visible()
    expect(page.locator(".primary-muscles")).to_have_text("Rhomboids")
    _fits_a_phone(page)
    page.screenshot(path=SCREENSHOTS / "custom-exercise-page.png", full_page=True)

    # A new template; the picker finds the exercise by name, after the library, marked as his.
    page.get_by_role("navigation", name="Main").get_by_text("More").click()
    page.get_by_role("link", name="Templates", exact=True).click()
    page.get_by_role("link", name="New template").click()
    page.get_by_label("Name").fill("Band day")
    page.get_by_role("button", name="Create and add exercises").click()
    page.get_by_label("Search by name or muscle").fill("band")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("Yours")).to_be_visible()
    _fits_a_phone(page)
    page.screenshot(path=SCREENSHOTS / "custom-exercise-picker.png", full_page=True)
    page.get_by_role("button", name="Add Band pull-apart").click()
    expect(page.get_by_text("Band pull-apart added.")).to_be_visible()
    page.get_by_role("button", name="Save template").click()

    # Assigned to Alex for today only.
    page.get_by_role("link", name="Band day").click()
    page.get_by_role("link", name="Assign…").click()
    page.get_by_label("Alex").check()
    today = timezone.localdate()
    page.get_by_label(f"{today:%a}", exact=True).check()
    page.get_by_label("Weeks").fill("1")
    page.get_by_label("Start on").fill(today.isoformat())
    page.get_by_role("button", name="Preview dates").click()
    page.get_by_role("button", name="Assign 1 session").click()
    expect(page.get_by_text("Planned 1 session for Alex.")).to_be_visible()

    # Alex, on his phone, starts Band day and logs a set of it.
    context = browser.new_context(**browser_context_args)
    context.set_default_timeout(10_000)
    athlete = context.new_page()
    _log_in(athlete, base, "alex")
    athlete.get_by_role("link", name="Today", exact=True).click()
    athlete.get_by_role("button", name="Start Band day").click()
    card = athlete.locator("article.log-card", has_text="Band pull-apart")
    expect(card).to_contain_text("First time")
    card.get_by_label("Weight (lb)").fill("20")
    card.get_by_label("Reps").fill("15")
    card.locator(".rir-buttons label", has_text="2").first.click()
    card.get_by_role("button", name="Log set 1").click()
    expect(card.locator(".logged-sets li")).to_have_count(1)
    expect(card.locator(".logged-sets li")).to_contain_text("20 lb × 15")
    _fits_a_phone(athlete)
    athlete.screenshot(path=SCREENSHOTS / "custom-exercise-logged.png", full_page=True)
    context.close()

    band = Exercise.objects.get(name="Band pull-apart")
    assert SetLog.objects.get(exercise=band).reps == 15
