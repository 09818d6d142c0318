import datetime
import uuid
from decimal import Decimal
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import CoachingLink
from tests.factories import PASSWORD, PlannedExerciseFactory, PlannedSessionFactory, TrainingSessionFactory, UserFactory
from training_log.services.sessions import finish_session, log_set, start_session
from workouts.models import Assignment, PlannedSession
from workouts.services import skip_session

PHONE_WIDTH = 390
SCREENSHOTS = Path("test-results")


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
    page.get_by_role("button", name="Preview dates").click()

    # The preview lists the eight dates, nothing already planned; Assign plans them.
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the dates")
    expect(page.locator(".assign-date")).to_have_count(8)
    expect(page.locator(".assign-date").first).to_contain_text(f"{monday:%a} {monday.day} {monday:%b}")
    expect(page.locator(".assign-existing")).to_have_count(0)
    _fits_a_phone(page)
    page.get_by_role("button", name="Assign 8 sessions").click()
    expect(page.get_by_text("Planned 8 sessions for Jordan.")).to_be_visible()
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


def _shot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def test_coach_cancels_one_session_and_moves_another_and_the_athlete_sees_the_plan_as_corrected(
    live_server, page, transactional_db
):
    coach = UserFactory(username="casey", display_name="Coach Casey", is_coach=True)
    athlete = UserFactory(username="jordan", display_name="Jordan")
    CoachingLink.objects.create(coach=coach, athlete=athlete)
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    assignment = Assignment.objects.create(
        planned_by=coach, start_date=today, weekdays="1,4", weeks=4, submission_id=uuid.uuid4()
    )
    sessions = {}
    for name, offset in [("Pulls today", 0), ("Pulls A", 1), ("Pulls B", 2), ("Rows", 3)]:
        sessions[name] = PlannedSessionFactory(
            athlete=athlete, planned_by=coach, assignment=assignment, date=today + offset * day, name=name
        )
        PlannedExerciseFactory(session=sessions[name], sets=2)
    skip_session(actor=athlete, session=sessions["Rows"], reason="Away for work")
    # Today's session is done: two working sets, finished.
    log, _ = start_session(actor=athlete, planned_session=sessions["Pulls today"])
    for _ in range(2):
        log_set(
            actor=athlete, session_exercise=log.exercises.get(), weight=Decimal(100), unit="lb", reps=5, rir=2,
            client_id=uuid.uuid4(),
        )  # fmt: skip
    finish_session(actor=athlete, session=log)
    base = live_server.url
    moved_to = today + 5 * day

    # The coach's /plan/: their athletes' week, each session with its state.
    _log_in(page, base, "casey")
    page.get_by_role("link", name="Plan", exact=True).click()
    week = page.locator(".coached-session")
    expect(week.filter(has_text="Jordan · Pulls today")).to_contain_text("Done")
    expect(week.filter(has_text="Jordan · Rows")).to_contain_text("Skipped “Away for work”")
    _fits_a_phone(page)
    _shot(page, "plan-coach")

    # Cancel Pulls A from its page.
    page.get_by_role("link", name="Jordan · Pulls A").click()
    _shot(page, "session-detail-coach")
    page.get_by_role("button", name="Cancel Pulls A").click()
    expect(page.get_by_text("Cancelled.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jordan's plan")

    # Move Pulls B from Jordan's plan.
    page.get_by_role("link", name="Move Pulls B").click()
    page.get_by_label("New date").fill(moved_to.isoformat())
    _shot(page, "session-move")
    page.get_by_role("button", name="Move session").click()
    expect(page.get_by_text(f"Moved to {moved_to:%a} {moved_to.day} {moved_to:%b}.")).to_be_visible()
    _fits_a_phone(page)

    # Ending the assignment asks first and says what it would remove: Pulls B and the skipped Rows (not started).
    page.get_by_role("link", name="End this assignment").first.click()
    expect(page.get_by_text("It removes 2 upcoming sessions that have not started.")).to_be_visible()
    _shot(page, "assignment-end")
    page.get_by_role("link", name="Keep it").click()

    # Jordan's own phone: Pulls B on its new day, Pulls A gone, today's workout done.
    page.context.clear_cookies()
    _log_in(page, base, "jordan")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Today").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Today")
    expect(page.get_by_role("link", name="Done")).to_have_attribute("href", f"/log/sessions/{log.pk}/summary/")
    _fits_a_phone(page)
    _shot(page, "today-done")
    page.get_by_role("link", name="Plan", exact=True).click()
    planned = page.locator(".planned-session")
    expect(planned.filter(has_text="Pulls B")).to_contain_text(f"{moved_to:%a} {moved_to.day} {moved_to:%b} · Pulls B")
    expect(planned.filter(has_text="Pulls A")).to_have_count(0)
    expect(planned).to_have_count(3)
    _fits_a_phone(page)
    _shot(page, "plan-athlete")
    page.get_by_role("link", name="Pulls B").click()
    _shot(page, "session-detail-athlete")


def test_coach_assigns_over_an_existing_plan_sees_the_conflicts_and_skips_those_dates(
    live_server, page, library_transactional
):
    """The issue's case: a new block on top of the athlete's current one, with today's session already done."""
    call_command("load_templates", stdout=StringIO())
    coach = UserFactory(username="casey", display_name="Coach Casey", is_coach=True)
    athlete = UserFactory(username="jordan", display_name="Jordan")
    CoachingLink.objects.create(coach=coach, athlete=athlete)
    today = timezone.localdate()
    first_day, second_day = today, today + datetime.timedelta(days=3)
    # Jordan's current block: every first training day for 4 weeks; today's is done.
    current = [
        PlannedSession.objects.create(athlete=athlete, planned_by=coach, date=day, name="Upper back B")
        for day in (today + datetime.timedelta(weeks=week) for week in range(4))
    ]
    TrainingSessionFactory(planned_session=current[0], started_at=timezone.now(), finished_at=timezone.now())
    PlannedSession.objects.filter(pk=current[0].pk).update(started_at=timezone.now())
    SCREENSHOTS.mkdir(exist_ok=True)

    _log_in(page, live_server.url, "casey")
    page.goto(live_server.url + "/workouts/templates/")
    page.get_by_role("link", name="Upper back A").click()
    page.get_by_role("link", name="Assign…").click()
    page.get_by_label("Jordan").check()
    page.get_by_label(f"{first_day:%a}", exact=True).check()
    page.get_by_label(f"{second_day:%a}", exact=True).check()
    page.get_by_label("Weeks").fill("4")
    page.screenshot(path=SCREENSHOTS / "assign-form.png", full_page=True)

    # A start in the past needs a confirmation, offered next to the error.
    page.get_by_label("Start on").fill((today - datetime.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Preview dates").click()
    expect(page.get_by_text("That start date is in the past")).to_be_visible()
    expect(page.get_by_label("Yes, start in the past")).to_be_visible()
    _fits_a_phone(page)
    page.screenshot(path=SCREENSHOTS / "assign-form-past-start.png", full_page=True)
    page.get_by_label("Start on").fill(today.isoformat())
    page.get_by_role("button", name="Preview dates").click()

    # The preview: 8 dates, 4 of them already planned, each conflict said in words.
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the dates")
    expect(page.locator(".assign-date")).to_have_count(8)
    expect(page.get_by_text("4 already planned")).to_be_visible()
    expect(page.get_by_text("Already planned: Upper back B, by you, done. Kept: done.")).to_be_visible()
    expect(page.get_by_text("Already planned: Upper back B, by you, planned. Replace removes it.")).to_have_count(3)
    expect(page.get_by_role("button", name="Assign sessions")).to_be_visible()
    _fits_a_phone(page)
    page.screenshot(path=SCREENSHOTS / "assign-preview-conflicts.png", full_page=True)

    # Back to edit keeps what was typed; the preview again, then skip those dates.
    page.get_by_role("button", name="Back to edit").click()
    expect(page.get_by_label("Weeks")).to_have_value("4")
    expect(page.get_by_label(f"{second_day:%a}", exact=True)).to_be_checked()
    page.get_by_role("button", name="Preview dates").click()
    page.get_by_label("Replace the sessions not started yet").check()
    expect(page.get_by_role("button", name="Assign 7 sessions")).to_be_visible()
    page.get_by_label("Skip those dates").check()
    page.screenshot(path=SCREENSHOTS / "assign-preview-skip-chosen.png", full_page=True)
    page.get_by_role("button", name="Assign 4 sessions").click()
    expect(page.get_by_text("Planned 4 sessions for Jordan (4 dates skipped: already planned).")).to_be_visible()
    assert sorted(PlannedSession.objects.filter(athlete=athlete).values_list("date", flat=True)) == sorted(
        [s.date for s in current] + [second_day + datetime.timedelta(weeks=week) for week in range(4)]
    )
