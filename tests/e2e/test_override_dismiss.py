"""The athlete sets their coach's weight aside from the card, with the keyboard: the card goes back to the
method's advice in place (htmx), a screen reader hears what happened, and the coach's page says so."""

from decimal import Decimal
from pathlib import Path

from playwright.sync_api import expect

from accounts.models import CoachingLink
from exercises.models import Exercise
from tests.factories import PASSWORD, TrainingSessionFactory, UserFactory
from training_log.services.overrides import set_override
from training_log.views.workout import OVERRIDE_DISMISSED

SHOTS = Path("test-results")


def _log_in(page, base, username):
    page.goto(base + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_use_my_own_advice_from_the_keyboard(live_server, browser, browser_context_args, page, library_transactional):
    SHOTS.mkdir(parents=True, exist_ok=True)
    coach = UserFactory(username="casey", display_name="Coach Casey", is_coach=True)
    athlete = UserFactory(username="jordan", display_name="Jordan")
    CoachingLink.objects.create(coach=coach, athlete=athlete)
    deadlift = Exercise.objects.get(slug="deadlift")
    today = TrainingSessionFactory(athlete=athlete, name="Heavy day", exercises=[deadlift], exercises__rep_min=4)
    set_override(actor=coach, athlete=athlete, exercise=deadlift, weight=Decimal(235), unit="lb", reps=4)
    base = live_server.url

    _log_in(page, base, "jordan")
    page.goto(f"{base}/log/sessions/{today.pk}/")
    card = page.locator("article.log-card").first
    expect(card.locator(".coach-override")).to_contain_text("235 lb × 4")
    expect(card.get_by_label("Weight (lb)")).to_have_value("235")
    card.screenshot(path=SHOTS / "card-override-dismiss-before.png")

    card.get_by_role("button", name="Use my own advice for Deadlift").focus()
    page.keyboard.press("Enter")
    expect(card.locator(".coach-override")).to_have_count(0)
    expect(card.get_by_role("heading", name="Deadlift")).to_be_focused()
    expect(page.locator("#log-status")).to_have_text(OVERRIDE_DISMISSED.format(exercise="Deadlift"))
    expect(card.get_by_label("Weight (lb)")).not_to_have_value("235")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    card.screenshot(path=SHOTS / "card-override-dismiss-after.png")

    page.context.clear_cookies()
    _log_in(page, base, "casey")
    page.goto(f"{base}/coach/athletes/{athlete.pk}/")
    expect(page.locator(".dismissed-overrides")).to_contain_text("Deadlift: your 235 lb × 4 dismissed")
