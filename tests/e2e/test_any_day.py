"""The browser at the user's midnight: a running clock (tick=True) moved there for the live server."""

import datetime

import pytest
from playwright.sync_api import expect

from accounts.models import User
from exercises.models import Exercise
from tests.clock import WEST, around_midnight
from tests.factories import PlannedExerciseFactory, PlannedSessionFactory

PASSWORD = "night-lifter-2026"


@pytest.mark.parametrize("clock", around_midnight(WEST, tick=True), indirect=True)
def test_lifter_logs_todays_planned_session_at_their_midnight(clock, live_server, page, library_transactional):
    """Two minutes either side of midnight in Los Angeles (already Monday morning in UTC): /today/ offers the
    session planned for the lifter's date, a set logs into it, and the log dates the workout that day."""
    lifter = User.objects.create_user("night", password=PASSWORD, time_zone=clock.zone)
    for days, name in ((-1, "Yesterday's pulls"), (0, "Today's pulls"), (1, "Tomorrow's pulls")):
        planned = PlannedSessionFactory(athlete=lifter, date=clock.today + datetime.timedelta(days=days), name=name)
        PlannedExerciseFactory(session=planned, exercise=Exercise.objects.get(slug="face-pull"), sets=1)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username*").fill("night")
    page.get_by_label("Password*").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto(live_server.url + "/today/")
    expect(page.get_by_role("button", name="Start Yesterday's pulls")).to_have_count(0)
    expect(page.get_by_role("button", name="Start Tomorrow's pulls")).to_have_count(0)
    page.get_by_role("button", name="Start Today's pulls").click()
    card = page.locator("article.log-card").first
    card.get_by_label("Weight (lb)").fill("40")
    card.get_by_label("Reps").fill("12")
    card.locator(".rir-buttons label", has_text="2").first.click()
    card.get_by_role("button", name="Log set 1").click()
    expect(card.locator(".logged-sets li")).to_have_count(1)

    page.goto(live_server.url + "/log/")
    expect(page.get_by_text(f"{clock.today:%a %-d %b %Y}")).to_be_visible()
    expect(page.get_by_text("Today's pulls")).to_be_visible()
