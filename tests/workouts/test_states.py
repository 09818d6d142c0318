"""Every planned session's state, as the selector computes it and as each page shows it."""

import datetime
import re
import uuid
from decimal import Decimal
from html import unescape

import pytest
from django.utils import timezone

from tests.clock import on
from tests.factories import PlannedExerciseFactory, PlannedSessionFactory
from training_log.services.sessions import finish_session, log_set, start_session
from workouts.models import PlannedSession, SessionState
from workouts.selectors import with_state

DAY = datetime.timedelta(days=1)


def _text(response):
    html = re.sub(r"<(script|style).*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _planned(athlete, coach, date, name, sets=2):
    session = PlannedSessionFactory(athlete=athlete, planned_by=coach, date=date, name=name)
    PlannedExerciseFactory(session=session, sets=sets)
    return session


def _train(session, *, working_sets, finish=True, warmups=0):
    log, _ = start_session(actor=session.athlete, planned_session=session)
    item = log.exercises.get()
    for n in range(warmups + working_sets):
        log_set(
            actor=session.athlete, session_exercise=item, weight=Decimal(100), unit="lb", reps=5, rir=2,
            client_id=uuid.uuid4(), is_warmup=n < warmups,
        )  # fmt: skip
    if finish:
        finish_session(actor=session.athlete, session=log)
    return log


@pytest.fixture
def today(clock):
    """A Wednesday unless a test travels elsewhere: the plan then shows yesterday's session (this week's)."""
    if clock.instant is None:
        clock.travel(on("Wednesday", tick=True))
    return clock.today


@pytest.fixture
def states(athlete, coach, today):
    """One session in each state: (session, the workout it became or None), by state. All 2 sets planned."""
    planned = _planned(athlete, coach, today + DAY, "Tomorrow's pulls")
    in_progress = _planned(athlete, coach, today, "Pulls under way")
    done = _planned(athlete, coach, today, "Pulls done")
    partly = _planned(athlete, coach, today, "Pulls half done")
    skipped = _planned(athlete, coach, today + 2 * DAY, "Pulls skipped")
    missed = _planned(athlete, coach, today - DAY, "Pulls missed")
    cancelled = _planned(athlete, coach, today + DAY, "Pulls called off")
    PlannedSession.objects.filter(pk=skipped.pk).update(skipped_at=timezone.now(), skip_reason="Knee sore")
    PlannedSession.objects.filter(pk=cancelled.pk).update(cancelled_at=timezone.now())
    return {
        SessionState.PLANNED: (planned, None),
        SessionState.IN_PROGRESS: (in_progress, _train(in_progress, working_sets=1, finish=False)),
        SessionState.DONE: (done, _train(done, working_sets=2, warmups=1)),
        SessionState.PARTLY_DONE: (partly, _train(partly, working_sets=1, warmups=2)),
        SessionState.SKIPPED: (skipped, None),
        SessionState.MISSED: (missed, None),
        SessionState.CANCELLED: (cancelled, None),
    }


def test_with_state_on_known_data(states, today):
    found = {s.pk: s for s in with_state(PlannedSession.objects.all(), today=today)}
    assert {found[session.pk].state: state for state, (session, _) in states.items()} == {s: s for s in states}
    for session, log in states.values():
        assert found[session.pk].logged_session_id == (log.pk if log else None)
    partly = found[states[SessionState.PARTLY_DONE][0].pk]
    assert (partly.working_sets_done, partly.planned_sets) == (1, 2)  # warm-ups never count


def test_with_state_counts_a_finished_workout_with_every_set_as_done_even_today(states, today):
    done = with_state(PlannedSession.objects.filter(pk=states[SessionState.DONE][0].pk), today=today).get()
    assert done.state == SessionState.DONE


def test_a_past_session_started_late_is_in_progress_not_missed(athlete, coach, today):
    session = _planned(athlete, coach, today - 2 * DAY, "Late")
    _train(session, working_sets=1, finish=False)
    assert with_state(PlannedSession.objects.filter(pk=session.pk), today=today).get().state == SessionState.IN_PROGRESS


# On the pages


def _card(text, name):
    """The text of one session's card: from its name to the next session's date line."""
    start = text.index(name)
    return text[start : start + 160]


def test_planned_shows_as_planned(client, athlete, states):
    client.force_login(athlete)
    assert "Planned" in _card(_text(client.get("/plan/")), "Tomorrow's pulls")


def test_in_progress_links_to_the_workout(client, athlete, states):
    log = states[SessionState.IN_PROGRESS][1]
    client.force_login(athlete)
    html = client.get("/plan/").content.decode()
    assert f'href="/log/sessions/{log.pk}/">In progress</a>' in html


def test_done_links_to_the_workouts_summary(client, athlete, states):
    log = states[SessionState.DONE][1]
    client.force_login(athlete)
    assert f'href="/log/sessions/{log.pk}/summary/">Done</a>' in client.get("/plan/").content.decode()


def test_partly_done_says_how_much_and_links_to_the_summary(client, athlete, states):
    log = states[SessionState.PARTLY_DONE][1]
    client.force_login(athlete)
    html = client.get("/plan/").content.decode()
    assert f'href="/log/sessions/{log.pk}/summary/">Partly done: 1 of 2 sets</a>' in html


def test_skipped_shows_the_reason(client, coach, athlete, states):
    client.force_login(coach)
    assert "Skipped “Knee sore”" in _card(_text(client.get(f"/plan/athletes/{athlete.pk}/")), "Pulls skipped")


def test_missed_shows_as_missed(client, athlete, states):
    client.force_login(athlete)
    assert "Missed" in _card(_text(client.get("/plan/")), "Pulls missed")


@pytest.mark.parametrize("clock", [on("Monday", tick=True)], indirect=True)
def test_on_a_monday_yesterdays_missed_session_is_last_weeks_and_off_the_plan(clock, client, athlete, states):
    client.force_login(athlete)
    assert "Pulls missed" not in _text(client.get("/plan/"))


def test_cancelled_shows_nowhere(client, coach, athlete, states):
    client.force_login(athlete)
    assert "Pulls called off" not in _text(client.get("/plan/"))
    client.force_login(coach)
    assert "Pulls called off" not in _text(client.get(f"/plan/athletes/{athlete.pk}/"))
    assert "Pulls called off" not in _text(client.get("/plan/"))


def test_today_shows_a_finished_workout_as_done(client, athlete, states):
    log = states[SessionState.DONE][1]
    client.force_login(athlete)
    response = client.get("/today/")
    html = response.content.decode()
    assert f'href="/log/sessions/{log.pk}/summary/">Done</a>' in html
    assert "Start Pulls done" not in _text(response)


def test_the_session_page_shows_the_state(client, coach, states):
    session, log = states[SessionState.DONE]
    client.force_login(coach)
    assert f'href="/log/sessions/{log.pk}/summary/">Done</a>' in client.get(session.get_absolute_url()).content.decode()


@pytest.mark.parametrize("extra", [0, 30])
def test_today_runs_a_bounded_number_of_queries(client, athlete, coach, today, django_assert_max_num_queries, extra):
    for n in range(extra):
        _train(_planned(athlete, coach, today, f"Extra {n}"), working_sets=1)
    client.force_login(athlete)
    with django_assert_max_num_queries(8):
        response = client.get("/today/")
    assert _text(response).count("Partly done") == extra


@pytest.mark.parametrize("sessions", [2, 40])
def test_the_plan_with_states_runs_a_bounded_number_of_queries(
    client, coach, athlete, today, django_assert_max_num_queries, sessions
):
    for n in range(sessions):
        _planned(athlete, coach, today + (n % 20) * DAY, f"S{n}")
    client.force_login(coach)
    with django_assert_max_num_queries(6):
        response = client.get(f"/plan/athletes/{athlete.pk}/")
    assert response.content.decode().count("planned-session") == sessions


@pytest.mark.parametrize("exercises", [1, 10])
def test_the_session_page_runs_a_bounded_number_of_queries(
    client, coach, athlete, today, django_assert_max_num_queries, exercises
):
    session = _planned(athlete, coach, today, "Pulls")
    PlannedExerciseFactory.create_batch(exercises, session=session)
    client.force_login(coach)
    with django_assert_max_num_queries(5):
        response = client.get(session.get_absolute_url())
    assert response.content.decode().count("prescription") == exercises + 1
