"""The plan on any day, at any hour, in any zone: /plan/ and the coach's week at the instants of tests/clock.py."""

import datetime
import re

import pytest

from tests.clock import EAST, WEST, dst_weeks, every_weekday, midnights
from tests.factories import PlannedSessionFactory

DAY = datetime.timedelta(days=1)
STATE = re.compile(r'class="badge [^"]*session-state"[^>]*>([^<]+)<')


def _in_zone(user, zone):
    user.time_zone = zone
    user.save(update_fields=["time_zone"])
    return user


def _plan_cards(content: str) -> dict[str, str]:
    """Session name -> its state, for each card of /plan/'s own plan, in page order."""
    cards = content.split('<article class="card mb-2 planned-session">')[1:]
    return {re.search(r"· (Day [\d-]+)</a>", card).group(1): STATE.search(card).group(1) for card in cards}


def _plan_every_day(athlete, first: datetime.date, last: datetime.date):
    day = first
    while day <= last:
        PlannedSessionFactory(athlete=athlete, date=day, name=f"Day {day.isoformat()}")
        day += DAY


@pytest.mark.parametrize("clock", every_weekday() + every_weekday(WEST) + every_weekday(EAST), indirect=True)
def test_plan_shows_this_week_from_its_monday_with_the_days_gone_missed(clock, client, athlete):
    """Weeks start on Monday: whatever today is, /plan/ starts at this week's Monday, the days before today
    are missed and today's session and the later ones are still planned."""
    _in_zone(athlete, clock.zone)
    _plan_every_day(athlete, clock.monday - 7 * DAY, clock.monday + 13 * DAY)
    client.force_login(athlete)

    cards = _plan_cards(client.get("/plan/").content.decode())

    expected = {}
    for n in range(14):
        day = clock.monday + n * DAY
        expected[f"Day {day.isoformat()}"] = "Missed" if day < clock.today else "Planned"
    assert cards == expected
    assert list(cards)[0] == f"Day {clock.monday.isoformat()}"


@pytest.mark.parametrize("clock", midnights(), indirect=True)
def test_plan_turns_the_day_at_the_users_midnight(clock, client, athlete):
    """Two minutes before midnight on Sunday the user's Sunday session is still to do; two minutes after it,
    the new week starts with Monday. The server's zone (UTC) never decides."""
    _in_zone(athlete, clock.zone)
    _plan_every_day(athlete, clock.today - DAY, clock.today + DAY)
    client.force_login(athlete)

    cards = _plan_cards(client.get("/plan/").content.decode())

    today = f"Day {clock.today.isoformat()}"
    assert cards[today] == "Planned"
    if clock.today.weekday() == 6:  # Sunday 23:58: the week has its Saturday, missed, and its Sunday
        assert list(cards) == [f"Day {clock.today - DAY}", today, f"Day {clock.today + DAY}"]
        assert cards[f"Day {clock.today - DAY}"] == "Missed"
    else:  # Monday 00:02: a new week, last Sunday is behind it
        assert list(cards) == [today, f"Day {clock.today + DAY}"]


@pytest.mark.parametrize("week", dst_weeks())
def test_a_week_with_a_daylight_saving_change_has_seven_days_of_sessions(week, clock, client, athlete):
    """The week whose Sunday moves the clocks shows its seven sessions, from Monday to the Sunday of the
    change, on that Sunday evening; the next morning starts the next week."""
    from tests.clock import Instant

    start, end = (
        Instant.local(week.zone, day, datetime.time(0)).moment for day in (week.monday, week.monday + 7 * DAY)
    )
    assert end.astimezone(datetime.UTC) - start.astimezone(datetime.UTC) == datetime.timedelta(hours=week.hours)
    _in_zone(athlete, week.zone)
    _plan_every_day(athlete, week.monday - DAY, week.monday + 7 * DAY)
    clock.travel(Instant.local(week.zone, week.days[-1], datetime.time(23, 30)))
    client.force_login(athlete)  # at the instant: a log-in from today's real date would have expired by then

    cards = _plan_cards(client.get("/plan/").content.decode())
    this_week = {f"Day {day.isoformat()}": "Missed" for day in week.days[:-1]} | {f"Day {week.days[-1]}": "Planned"}
    assert cards == this_week | {f"Day {week.days[-1] + DAY}": "Planned"}

    clock.travel(Instant.local(week.zone, week.days[-1] + DAY, datetime.time(0, 30)))
    cards = _plan_cards(client.get("/plan/").content.decode())
    assert cards == {f"Day {week.days[-1] + DAY}": "Planned"}


@pytest.mark.parametrize("clock", every_weekday(EAST) + midnights([WEST]), indirect=True)
def test_coach_sees_the_next_seven_days_from_their_today(clock, client, athlete, coach):
    """The coach's week on /plan/ runs from the coach's today (headed "Today") for seven days, whatever the
    weekday; yesterday's and the eighth day's sessions are not in it."""
    _in_zone(coach, clock.zone)
    _plan_every_day(athlete, clock.today - DAY, clock.today + 7 * DAY)
    client.force_login(coach)

    content = client.get("/plan/").content.decode()
    week = content.split('id="coached-week"')[1].split("Your own plan")[0]

    days = re.findall(r'<h3 class="h6 mt-3 mb-1">([^<]+)</h3>', week)
    assert days == ["Today"] + [f"{clock.today + n * DAY:%A %-d %b}" for n in range(1, 7)]
    shown = re.findall(r"Day ([\d-]+)", week)
    assert shown == [(clock.today + n * DAY).isoformat() for n in range(7)]


@pytest.mark.parametrize("clock", midnights([EAST, WEST]), indirect=True)
def test_assigning_from_the_users_today_is_not_in_the_past(clock, client, coach, athlete, library):
    """Just after midnight in Auckland it is still yesterday in UTC (and just before midnight in Los Angeles it
    is already tomorrow): a block assigned from the coach's today starts today, with no 'in the past' question."""
    from workouts.models import PlannedSession, WorkoutTemplate

    _in_zone(coach, clock.zone)
    template = WorkoutTemplate.objects.create(owner=coach, name="Block")
    client.force_login(coach)
    template.items.create(exercise_id=_an_exercise_id(), position=0, sets=3, rep_min=6, rep_max=10)

    response = client.get(f"/workouts/templates/{template.pk}/assign/")
    assert response.status_code == 200
    assert response.context["form"]["start_date"].value() == clock.today

    weekday = clock.today.isoweekday()
    response = client.post(
        f"/workouts/templates/{template.pk}/assign/",
        {
            "athletes": [athlete.pk],
            "start_date": clock.today.isoformat(),
            "weekdays": [weekday],
            "weeks": 1,
            "submission_id": "5f0b8e4e-8b7a-4a47-9f8e-3f8f2b0c9e11",
            "action": "save",
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert list(PlannedSession.objects.filter(athlete=athlete).values_list("date", flat=True)) == [clock.today]


def _an_exercise_id():
    from exercises.models import Exercise

    return Exercise.objects.values_list("pk", flat=True).first()


def test_instants_put_the_user_on_the_named_day_and_hour(clock):
    """The helper itself: every_weekday is Monday to Sunday in the user's zone, and around_midnight straddles
    the user's midnight (not UTC's), so the tests above run where they say they run."""
    from django.utils import timezone

    from tests.clock import Instant

    days = [param.values[0] for param in every_weekday(EAST)]
    assert [instant.today.weekday() for instant in days] == list(range(7))
    before, after = (param.values[0] for param in midnights([WEST]))
    assert (before.now.hour, after.now.hour, after.today - before.today) == (23, 0, DAY)
    assert before.moment.astimezone(datetime.UTC).date() == after.today  # already Monday in UTC

    clock.travel(Instant.local(EAST, datetime.date(2026, 12, 14), datetime.time(0, 2)))
    assert timezone.now() == datetime.datetime(2026, 12, 13, 11, 2, tzinfo=datetime.UTC)
    assert timezone.now() == timezone.now()  # the clock stands still unless the instant ticks
