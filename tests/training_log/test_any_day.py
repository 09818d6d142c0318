"""Today, the log, /progress/'s weeks and the coach's flags on any day, at any hour, in any zone (tests/clock.py)."""

import datetime
import re
import uuid
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from tests.clock import A_MONDAY, EAST, WEST, Instant, dst_weeks, every_weekday, midnights
from tests.factories import PlannedExerciseFactory, PlannedSessionFactory
from training_log.services.sessions import finish_session, log_set, start_session
from workouts.models import WorkoutTemplate

DAY = datetime.timedelta(days=1)
POSTERIOR_DELTOID = "Posterior deltoid"  # a primary muscle of the face pull (exercises/content.py)


def _in_zone(user, zone):
    user.time_zone = zone
    user.save(update_fields=["time_zone"])
    return user


@pytest.fixture
def face_pulls(library, athlete):
    """The athlete's own template: one exercise, the face pull."""
    from exercises.models import Exercise

    template = WorkoutTemplate.objects.create(owner=athlete, name="Face pulls")
    template.items.create(exercise=Exercise.objects.get(slug="face-pull"), position=0, sets=3, rep_min=8, rep_max=12)
    return template


def _workout_with_a_hard_set(athlete, template=None, planned=None):
    """Start a workout now (from a template or a planned session), log one hard set and finish."""
    session, _ = start_session(actor=athlete, template=template, planned_session=planned)
    item = session.exercises.first()
    log_set(actor=athlete, session_exercise=item, weight=Decimal(20), unit="kg", reps=10, rir=2, client_id=uuid.uuid4())
    finish_session(actor=athlete, session=session)
    return session


def _hard_sets(content: str, muscle: str) -> list[str]:
    """The heat map table's row for `muscle`: this week first, then the weeks before."""
    row = re.search(rf'<th scope="row">{muscle}</th>(.*?)</tr>', content, re.S)
    return re.findall(r"<td[^>]*>([^<]*)</td>", row.group(1)) if row else []


@pytest.mark.parametrize("clock", every_weekday(WEST) + every_weekday(EAST) + midnights(), indirect=True)
def test_today_shows_the_session_planned_for_the_users_date(clock, client, athlete):
    _in_zone(athlete, clock.zone)
    for day in (clock.today - DAY, clock.today, clock.today + DAY):
        PlannedSessionFactory(athlete=athlete, date=day, name=f"Day {day.isoformat()}")
    client.force_login(athlete)

    content = client.get("/today/").content.decode()

    assert re.findall(r"Start (Day [\d-]+)</button>", content) == [f"Day {clock.today.isoformat()}"]


@pytest.mark.parametrize("clock", midnights(), indirect=True)
def test_a_set_logged_in_the_users_last_minutes_of_sunday_counts_for_that_day_and_week(
    clock, client, athlete, face_pulls
):
    """At 23:58 on the user's Sunday the workout is Sunday's and its set is in this week's heat map; at 00:02 on
    Monday it is Monday's and the week is new. Four minutes later the figures move over, never earlier."""
    _in_zone(athlete, clock.zone)
    client.force_login(athlete)
    _workout_with_a_hard_set(athlete, face_pulls)

    assert f"{clock.today:%a %-d %b %Y}" in client.get("/log/").content.decode()
    assert _hard_sets(client.get("/progress/").content.decode(), POSTERIOR_DELTOID)[:2] == ["1", "0"]

    sundays = clock.today.weekday() == 6
    clock.shift(datetime.timedelta(minutes=4))
    expected = ["0", "1"] if sundays else ["1", "0"]  # Sunday's set is last week's now
    assert _hard_sets(client.get("/progress/").content.decode(), POSTERIOR_DELTOID)[:2] == expected


@pytest.mark.parametrize("clock", midnights(), indirect=True)
def test_an_open_workout_keeps_the_day_it_started_on_today(clock, client, athlete, face_pulls):
    """A workout started two minutes before the user's midnight and still open after it: /today/ offers to
    resume it with the day it started, in the user's zone."""
    _in_zone(athlete, clock.zone)
    started_on = clock.today
    start_session(actor=athlete, template=face_pulls)
    clock.shift(datetime.timedelta(minutes=4))
    client.force_login(athlete)

    content = client.get("/today/").content.decode()

    assert f"Resume Face pulls ({started_on:%a %-d %b})" in content


@pytest.mark.parametrize("week", dst_weeks())
def test_the_heat_map_counts_seven_days_in_a_week_with_a_daylight_saving_change(
    week, clock, client, athlete, face_pulls
):
    """A set at 23:30 on each day of the week whose Sunday moves the clocks: the week holds all seven."""
    _in_zone(athlete, week.zone)
    for day in week.days:
        clock.travel(week.at(day, datetime.time(23, 30)))
        _workout_with_a_hard_set(athlete, face_pulls)
    client.force_login(athlete)

    assert _hard_sets(client.get("/progress/").content.decode(), POSTERIOR_DELTOID)[:2] == ["7", "0"]
    clock.travel(week.at(week.days[-1] + DAY, datetime.time(0, 30)))
    assert _hard_sets(client.get("/progress/").content.decode(), POSTERIOR_DELTOID)[:3] == ["0", "7", "0"]


@pytest.mark.parametrize("clock", midnights(), indirect=True)
def test_coach_sees_a_week_without_training_at_their_midnight(clock, client, athlete, coach, face_pulls):
    """The athlete trained on Monday in the first minute of the day and missed a session every day since.
    At 23:58 on Sunday that was six days ago, 1 of the 6 sessions whose day is over was done; two minutes
    after midnight it is seven days, the flag is up and the last 7 days hold none of the 6 done."""
    _in_zone(athlete, clock.zone)
    _in_zone(coach, clock.zone)
    here = clock.instant
    clock.travel(Instant.local(clock.zone, A_MONDAY, datetime.time(0, 1)))
    planned = [PlannedSessionFactory(athlete=athlete, planned_by=coach, date=A_MONDAY + n * DAY) for n in range(8)]
    PlannedExerciseFactory(session=planned[0], exercise=face_pulls.items.get().exercise)
    _workout_with_a_hard_set(athlete, planned=planned[0])
    clock.travel(here)
    client.force_login(coach)

    content = client.get("/coach/").content.decode()

    if clock.today.weekday() == 6:
        assert f"{A_MONDAY:%a %-d %b} · 6 days ago" in content
        assert "No workout in 7 days" not in content
        assert "1 of 6 done · 17 %" in content
    else:
        assert f"{A_MONDAY:%a %-d %b} · 7 days ago" in content
        assert "No workout in 7 days" in content
        assert "0 of 6 done · 0 %" in content


@pytest.mark.parametrize("clock", midnights([EAST, WEST]), indirect=True)
def test_an_export_is_named_after_the_users_date(clock, client, athlete):
    _in_zone(athlete, clock.zone)
    client.force_login(athlete)

    response = client.get("/log/export/sets.csv")

    assert response["Content-Disposition"] == f'attachment; filename="scapula-sets-{clock.today:%Y-%m-%d}.csv"'


# The demo (load_demo, load_demo_history) on each day of the week: ~400 sets through the real services
# each time, so one test per day checks what each of its three people sees first.


def _demo(settings):
    settings.DEBUG = True
    for command in ("load_library", "load_templates", "load_demo", "load_demo_history"):
        call_command(command, stdout=StringIO(), stderr=StringIO())
    return {user.username: user for user in User.objects.all()}


@pytest.mark.parametrize("clock", every_weekday(), indirect=True)
def test_the_demo_is_coherent_whatever_the_day(clock, db, client, settings):
    """Alex and Sam train on Mondays and Thursdays: on those days /today/ offers the session, on the others
    nothing is planned; the plan shows this week's days gone by as done (Alex) or missed (Sam); Alex's heat
    map has this week's sets once this week had a session; the coach sees Sam flagged and Alex's comment."""
    users = _demo(settings)
    training_day = clock.today.isoweekday() in (1, 4)
    sessions_this_week = sum(1 for n in (0, 3) if clock.monday + n * DAY < clock.today)

    client.force_login(users["alex"])
    today = client.get("/today/").content.decode()
    assert ("Nothing is planned for today" in today) is not training_day
    assert bool(re.search(r"Start Upper back [AB]</button>", today)) is training_day
    plan = client.get("/plan/").content.decode()
    assert plan.count(">Done</a>") == sessions_this_week
    assert "Missed" not in plan
    this_week = _hard_sets(client.get("/progress/").content.decode(), POSTERIOR_DELTOID)
    assert len(this_week) == 8
    assert (this_week[0] != "0") is bool(sessions_this_week)
    assert all(cell != "0" for cell in this_week[1:])  # two workouts every week before this one

    client.force_login(users["sam"])
    assert client.get("/plan/").content.decode().count(">Done</a>") == 0  # Sam's last three slipped

    client.force_login(users["coach"])
    rows = client.get("/coach/").content.decode().split('class="card mb-2 coach-row"')[1:]
    cards = {re.search(r'class="tap-link"[^>]*>([^<]+)</a>', row).group(1): row for row in rows}
    assert list(cards) == ["Sam", "Alex"] or "1 unread comment" in cards["Alex"]  # flags first
    assert "Compliance down" in cards["Sam"]
    assert "1 unread comment" in cards["Alex"]
    assert "Compliance down" not in cards["Alex"]
