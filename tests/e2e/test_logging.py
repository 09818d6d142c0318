import uuid
from decimal import Decimal
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from exercises.models import Exercise
from tests.factories import TrainingSessionFactory
from workouts.models import WorkoutTemplate
from workouts.services import assign

SCREENSHOTS = Path("test-results")


def _demo_with_a_workout_today(settings):
    settings.DEBUG = True  # the demo commands refuse to run otherwise
    for command in ("load_templates", "load_demo", "load_demo_history"):
        call_command(command, stdout=StringIO())
    alex = User.objects.get(username="alex")
    today = timezone.localdate()
    if not alex.planned_sessions.filter(date=today).exists():
        assign(
            actor=User.objects.get(username="coach"),
            athletes=[alex],
            templates=[WorkoutTemplate.objects.get(slug="upper-back-a")],
            start=today,
            weekdays=[today.isoweekday()],
            weeks=1,
            submission_id=uuid.uuid4(),
        )
    return alex


def _weight(card) -> Decimal:
    return Decimal(card.get_by_label("Weight (lb)").input_value())


def test_demo_athlete_logs_a_full_session(live_server, page, library_transactional, settings):
    _demo_with_a_workout_today(settings)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username*").fill("alex")
    page.get_by_label("Password*").fill("scapula-demo-2026")
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("link", name="Today").click()
    page.get_by_role("button", name="Start").first.click()
    cards = page.locator("article.log-card")
    expect(cards.first).to_be_visible()

    # The first set of the first exercise: reach the top of the range, and the next set goes up a step.
    first = cards.first
    name = first.locator("h2").inner_text()
    start_weight = _weight(first)
    assert start_weight > 0, "history should prefill the first set"
    top = int(first.locator("p.small").first.inner_text().split("×")[1].split("-")[1].split()[0])
    first.get_by_label("Reps").fill(str(top))
    first.locator("label", has_text="2").first.click()
    first.get_by_role("button", name="Log set 1").click()
    expect(first.locator(".logged-sets li")).to_have_count(1)
    step = Decimal("10") if name in ("Deadlift", "Rack pull") else None
    next_weight = _weight(first)
    assert next_weight > start_weight
    if step:
        assert next_weight == start_weight + step
    expect(first.locator(".reason")).to_contain_text("reached the top of")
    expect(first.locator(".rest-timer")).to_contain_text("Rest")

    # Every other planned set, as prefilled, stopping two reps short.
    for index in range(cards.count()):
        card = cards.nth(index)
        planned = int(card.locator("p.small").first.inner_text().split("×")[0])
        logged = card.locator(".logged-sets li")
        while logged.count() < planned:
            done = logged.count()
            card.locator(".rir-buttons label", has_text="2").first.click()
            card.get_by_role("button", name=f"Log set {done + 1}").click()
            expect(logged).to_have_count(done + 1)

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Finish workout").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Workout done")
    expect(page.locator(".next-time").first).to_contain_text("Next time:")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "logging-summary.png", full_page=True)


def test_today_without_a_plan_offers_a_template(live_server, page, library_transactional):
    call_command("load_templates", stdout=StringIO())
    User.objects.create_user("solo", password="solo-lifter-2026")  # noqa: S106
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username*").fill("solo")
    page.get_by_label("Password*").fill("solo-lifter-2026")
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + "/today/")
    expect(page.get_by_text("Nothing is planned for today")).to_be_visible()
    page.get_by_role("button", name="Start from this template").click()
    expect(page.locator("article.log-card").first).to_contain_text("First time")


def test_light_dumbbells_topped_out_move_to_the_next_dumbbell_up(live_server, page, library_transactional):
    """10 lb x 20 on a 12-20 rear lateral raise: the 15 lb dumbbell is half as heavy again, too far for a tired
    next set, so the card keeps 10 lb with a target inside the range (not "aim for 21 reps") and says the step
    comes next session; focus stays on the card and the live region says what was logged."""
    lifter = User.objects.create_user("raiser", password="light-dumbbells-2026")  # noqa: S106
    raise_ = Exercise.objects.get(slug="dumbbell-rear-lateral-raise")
    session = TrainingSessionFactory(
        athlete=lifter, name="Delts", exercises=[raise_], exercises__rep_min=12, exercises__rep_max=20
    )
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username*").fill("raiser")
    page.get_by_label("Password*").fill("light-dumbbells-2026")
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + session.get_absolute_url())

    card = page.locator("article.log-card").first
    weight = card.get_by_label("Weight (lb)")
    weight.fill("10")
    card.get_by_label("Reps").fill("20")
    card.get_by_role("button", name="Log set 1").click()
    # Forgot the reps in reserve: the error is said, and the keyboard lands on the buttons.
    expect(page.locator("#log-status")).to_contain_text("Set not logged: How many more good reps")
    expect(card.locator(".rir-buttons input").first).to_be_focused()

    card.locator(".rir-buttons label", has_text="2").first.click()
    card.get_by_role("button", name="Log set 1").click()

    expect(card.locator(".logged-sets li")).to_have_count(1)
    expect(card.locator(".next-weight")).to_have_text("10 lb × 20")
    expect(card.locator(".reason")).to_contain_text("reached the top of 12-20")
    expect(card.locator(".reason")).to_contain_text("the step up comes next session")
    expect(weight).to_have_value("10")
    expect(weight).to_be_focused()
    expect(page.locator("#log-status")).to_have_text("Set 1 logged: 10 lb × 20 @ RIR 2.")
    assert 12 <= int(card.get_by_label("Reps").input_value()) <= 20
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "logging-next-dumbbell.png", full_page=True)
