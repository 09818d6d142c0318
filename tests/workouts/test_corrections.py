"""Correcting a plan: the planner moves, cancels or deletes a session and ends an assignment; the athlete
skips one. Started and cancelled sessions never change, and each service checks who asks itself."""

import datetime
import re
import uuid
from html import unescape

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts import services as account_services
from accounts.models import CoachingLink
from tests.clock import on
from tests.factories import PlannedExerciseFactory, PlannedSessionFactory, UserFactory, WorkoutTemplateFactory
from training_log.services.sessions import start_session
from workouts.models import Assignment, PlannedExercise, PlannedSession
from workouts.selectors import NOT_IN_CHARGE, ONLY_THE_ATHLETE_SKIPS, SESSION_CANCELLED, SESSION_STARTED
from workouts.services import (
    ASSIGNMENT_ENDED,
    MOVE_INTO_THE_PAST,
    MOVE_TOO_FAR,
    ONLY_THE_PLANNER,
    cancel_session,
    delete_session,
    end_assignment,
    move_session,
    skip_session,
    undo_skip,
)

DAY = datetime.timedelta(days=1)


def _text(response):
    html = re.sub(r"<(script|style).*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _day(date):
    return f"{date:%a} {date.day} {date:%b}"


@pytest.fixture
def today(clock):
    """A Wednesday unless a test travels elsewhere: yesterday is in this week's plan."""
    if clock.instant is None:
        clock.travel(on("Wednesday", tick=True))
    return clock.today


@pytest.fixture
def session(athlete, coach, today):
    """Carol's session for Alice in two days, with one exercise."""
    planned = PlannedSessionFactory(athlete=athlete, planned_by=coach, date=today + 2 * DAY, name="Pulls")
    PlannedExerciseFactory(session=planned)
    return planned


@pytest.fixture
def ended(request, coach, athlete):
    """The link between Carol and Alice, ended by one of them."""
    by = {"athlete": athlete, "coach": coach}[request.param]
    account_services.end_link(link=CoachingLink.objects.get(coach=coach, athlete=athlete), actor=by)


def _started(session):
    start_session(actor=session.athlete, planned_session=session)
    session.refresh_from_db()
    return session


def _cancelled(session):
    PlannedSession.objects.filter(pk=session.pk).update(cancelled_at=timezone.now())
    session.refresh_from_db()
    return session


def _reload(session):
    return PlannedSession.objects.filter(pk=session.pk).first()


# Each planner correction: who may, and what it refuses

CORRECTIONS = {
    "move": lambda actor, session, today: move_session(actor=actor, session=session, date=today + 5 * DAY, today=today),
    "cancel": lambda actor, session, today: cancel_session(actor=actor, session=session),
    "delete": lambda actor, session, today: delete_session(actor=actor, session=session),
}


def _as_it_was(session, date):
    reloaded = _reload(session)
    assert reloaded is not None and reloaded.date == date and reloaded.cancelled_at is None
    assert PlannedExercise.objects.filter(session=session).count() == 1


@pytest.mark.parametrize("correction", CORRECTIONS)
@pytest.mark.parametrize("who", ["athlete", "other_athlete", "unlinked_coach"])
def test_only_the_planner_corrects_a_session(request, session, today, correction, who):
    with pytest.raises(PermissionDenied) as error:
        CORRECTIONS[correction](request.getfixturevalue(who), session, today)
    assert error.value.args == (NOT_IN_CHARGE,)
    _as_it_was(session, today + 2 * DAY)


@pytest.mark.parametrize("correction", CORRECTIONS)
@pytest.mark.parametrize("ended", ["athlete", "coach"], indirect=True)
def test_a_former_coach_corrects_nothing(coach, session, today, ended, correction):
    with pytest.raises(PermissionDenied) as error:
        CORRECTIONS[correction](coach, session, today)
    assert error.value.args == (NOT_IN_CHARGE,)
    _as_it_was(session, today + 2 * DAY)


@pytest.mark.parametrize("correction", CORRECTIONS)
@pytest.mark.parametrize("ended", ["athlete", "coach"], indirect=True)
def test_after_the_link_ends_the_athlete_corrects_what_the_coach_planned(athlete, session, today, ended, correction):
    CORRECTIONS[correction](athlete, session, today)
    assert _outcome(_reload(session), today) == correction


def _outcome(reloaded, today):
    """What became of the session: one word per correction, or how it still stands."""
    if reloaded is None:
        return "delete"
    if reloaded.cancelled_at is not None:
        return "cancel" if reloaded.date == today + 2 * DAY else "moved and cancelled"
    return "move" if reloaded.date == today + 5 * DAY else f"as it was, on {reloaded.date}"


@pytest.mark.parametrize("correction", CORRECTIONS)
def test_a_started_session_is_never_corrected(coach, session, today, correction):
    session = _started(session)
    with pytest.raises(PermissionDenied) as error:
        CORRECTIONS[correction](coach, session, today)
    assert error.value.args == (SESSION_STARTED,)
    assert _reload(session).date == today + 2 * DAY


@pytest.mark.parametrize("correction", CORRECTIONS)
def test_a_cancelled_session_is_never_corrected(coach, session, today, correction):
    session = _cancelled(session)
    with pytest.raises(PermissionDenied) as error:
        CORRECTIONS[correction](coach, session, today)
    assert error.value.args == (SESSION_CANCELLED,)
    assert _reload(session).date == today + 2 * DAY


def test_move_to_a_later_day(coach, session, today):
    move_session(actor=coach, session=session, date=today + 6 * DAY, today=today)
    assert _reload(session).date == today + 6 * DAY


def test_move_a_missed_session_to_today(coach, session, today):
    PlannedSession.objects.filter(pk=session.pk).update(date=today - 3 * DAY)
    move_session(actor=coach, session=session, date=today, today=today)
    assert _reload(session).date == today


def test_move_into_the_past_is_refused_with_the_reason(coach, session, today):
    with pytest.raises(ValidationError) as error:
        move_session(actor=coach, session=session, date=today - DAY, today=today)
    assert error.value.messages == [MOVE_INTO_THE_PAST]
    assert _reload(session).date == today + 2 * DAY


def test_move_beyond_a_year_is_refused(coach, session, today):
    with pytest.raises(ValidationError) as error:
        move_session(actor=coach, session=session, date=today + 400 * DAY, today=today)
    assert error.value.messages == [MOVE_TOO_FAR]


def test_moving_a_skipped_session_puts_it_back_on_the_plan(athlete, coach, session, today):
    skip_session(actor=athlete, session=session, reason="Away")
    move_session(actor=coach, session=session, date=today + 4 * DAY, today=today)
    moved = _reload(session)
    assert (moved.skipped_at, moved.skip_reason) == (None, "")


def test_cancel_keeps_the_session_on_record(coach, session):
    cancel_session(actor=coach, session=session)
    assert _reload(session).cancelled_at is not None


def test_delete_removes_the_session_and_its_exercises(coach, session):
    delete_session(actor=coach, session=session)
    assert _reload(session) is None and not PlannedExercise.objects.filter(session_id=session.pk).exists()


def test_the_athlete_corrects_what_they_planned_themselves(athlete, today):
    own = PlannedSessionFactory(athlete=athlete, planned_by=athlete, date=today)
    move_session(actor=athlete, session=own, date=today + DAY, today=today)
    cancel_session(actor=athlete, session=own)
    assert _reload(own).cancelled_at is not None


# Ending an assignment


@pytest.fixture
def assignment(coach, athlete, today):
    """Carol's assignment for Alice: yesterday, today, and the next three days."""
    made = Assignment.objects.create(
        planned_by=coach, start_date=today - DAY, weekdays="1,2,3,4,5,6,7", weeks=1, submission_id=uuid.uuid4()
    )
    for n in range(-1, 4):
        planned = PlannedSessionFactory(athlete=athlete, planned_by=coach, assignment=made, date=today + n * DAY)
        PlannedExerciseFactory(session=planned)
    return made


def test_end_assignment_removes_the_sessions_from_today_that_have_not_started(coach, assignment, today):
    started = _started(assignment.sessions.get(date=today + DAY))
    cancelled = _cancelled(assignment.sessions.get(date=today + 2 * DAY))

    count = end_assignment(actor=coach, assignment=assignment, today=today)

    assert count == 2  # today and in three days: the cancelled one was gone already
    assert sorted(assignment.sessions.values_list("date", flat=True)) == [today - DAY, started.date]
    assert not PlannedSession.objects.filter(pk=cancelled.pk).exists()
    assignment.refresh_from_db()
    assert assignment.ended_at is not None


def test_end_assignment_leaves_other_plans_alone(coach, athlete, assignment, today):
    other = PlannedSessionFactory(athlete=athlete, planned_by=coach, date=today + DAY)
    end_assignment(actor=coach, assignment=assignment, today=today)
    assert _reload(other) is not None


@pytest.mark.parametrize("who", ["athlete", "other_athlete", "unlinked_coach"])
def test_only_the_planner_ends_an_assignment(request, assignment, today, who):
    with pytest.raises(PermissionDenied) as error:
        end_assignment(actor=request.getfixturevalue(who), assignment=assignment, today=today)
    assert error.value.args == (ONLY_THE_PLANNER,)
    assert assignment.sessions.count() == 5


@pytest.mark.parametrize("ended", ["athlete", "coach"], indirect=True)
def test_a_former_coach_ending_an_assignment_removes_nothing_of_the_athletes(coach, assignment, today, ended):
    assert end_assignment(actor=coach, assignment=assignment, today=today) == 0
    assert assignment.sessions.count() == 5


def test_an_assignment_ends_once(coach, assignment, today):
    end_assignment(actor=coach, assignment=assignment, today=today)
    with pytest.raises(ValidationError) as error:
        end_assignment(actor=coach, assignment=assignment, today=today)
    assert error.value.messages == [ASSIGNMENT_ENDED]


# Skipping


def test_the_athlete_skips_with_a_reason_and_undoes_it(athlete, session):
    skip_session(actor=athlete, session=session, reason="  Knee sore  ")
    skipped = _reload(session)
    assert skipped.skipped_at is not None and skipped.skip_reason == "Knee sore"
    undo_skip(actor=athlete, session=session)
    assert (_reload(session).skipped_at, _reload(session).skip_reason) == (None, "")


def test_a_reason_is_optional(athlete, session):
    skip_session(actor=athlete, session=session)
    assert _reload(session).skipped_at is not None


def test_a_long_reason_is_refused(athlete, session):
    with pytest.raises(ValidationError):
        skip_session(actor=athlete, session=session, reason="x" * 201)
    assert _reload(session).skipped_at is None


@pytest.mark.parametrize("who", ["coach", "other_athlete", "unlinked_coach"])
def test_only_the_athlete_skips(request, session, who):
    for call in (skip_session, undo_skip):
        with pytest.raises(PermissionDenied) as error:
            call(actor=request.getfixturevalue(who), session=session)
        assert error.value.args == (ONLY_THE_ATHLETE_SKIPS,)
    assert _reload(session).skipped_at is None


@pytest.mark.parametrize("call", [skip_session, undo_skip])
def test_a_started_session_is_not_skipped(athlete, session, call):
    session = _started(session)
    with pytest.raises(PermissionDenied) as error:
        call(actor=athlete, session=session)
    assert error.value.args == (SESSION_STARTED,)


@pytest.mark.parametrize("call", [skip_session, undo_skip])
def test_a_cancelled_session_is_not_skipped(athlete, session, call):
    session = _cancelled(session)
    with pytest.raises(PermissionDenied) as error:
        call(actor=athlete, session=session)
    assert error.value.args == (SESSION_CANCELLED,)


# The pages


def test_coach_moves_a_session_and_is_told_where(client, coach, session, today):
    client.force_login(coach)
    response = client.post(f"/plan/sessions/{session.pk}/move/", {"date": (today + 4 * DAY).isoformat()}, follow=True)
    assert f"Moved to {_day(today + 4 * DAY)}." in _text(response)
    assert _reload(session).date == today + 4 * DAY


def test_moving_into_the_past_says_why_on_the_form(client, coach, session, today):
    client.force_login(coach)
    response = client.post(f"/plan/sessions/{session.pk}/move/", {"date": (today - DAY).isoformat()})
    assert response.status_code == 200 and MOVE_INTO_THE_PAST in _text(response)
    assert _reload(session).date == today + 2 * DAY


def test_coach_cancels_a_session_and_it_leaves_both_plans(client, coach, athlete, session):
    client.force_login(coach)
    response = client.post(f"/plan/sessions/{session.pk}/cancel/", follow=True)
    assert "Cancelled." in _text(response)
    assert "Pulls" not in _text(client.get(f"/plan/athletes/{athlete.pk}/"))
    client.force_login(athlete)
    assert "Pulls" not in _text(client.get("/plan/"))


def test_delete_asks_first_then_deletes(client, coach, session):
    client.force_login(coach)
    assert "Delete this session?" in _text(client.get(f"/plan/sessions/{session.pk}/delete/"))
    assert _reload(session) is not None
    response = client.post(f"/plan/sessions/{session.pk}/delete/", follow=True)
    assert "Deleted Pulls" in _text(response) and _reload(session) is None


def test_end_assignment_page_says_how_many_sessions_it_removes(client, coach, assignment, today):
    _started(assignment.sessions.get(date=today))
    client.force_login(coach)
    text = _text(client.get(f"/plan/assignments/{assignment.pk}/end/"))
    assert "End this assignment? It removes 3 upcoming sessions that have not started." in text
    response = client.post(f"/plan/assignments/{assignment.pk}/end/", follow=True)
    assert "Assignment ended: 3 upcoming sessions removed." in _text(response)


@pytest.mark.parametrize(
    ("clock", "shown"),
    # From today on, and yesterday's session too unless today is a Monday (yesterday was last week).
    [
        pytest.param(on("Monday", tick=True), 4, id="Monday"),
        pytest.param(on("Wednesday", tick=True), 5, id="Wednesday"),
    ],
    indirect=["clock"],
)
def test_the_athletes_plan_links_each_session_to_its_assignment(clock, shown, client, coach, athlete, assignment):
    client.force_login(coach)
    response = client.get(f"/plan/athletes/{athlete.pk}/")
    assert response.content.decode().count(f"/plan/assignments/{assignment.pk}/end/") == shown
    client.force_login(athlete)
    assert "/end/" not in client.get("/plan/").content.decode()  # the athlete did not make it


def test_the_planner_sees_the_buttons_and_the_athlete_does_not(client, coach, athlete, session):
    client.force_login(coach)
    text = _text(client.get(f"/plan/sessions/{session.pk}/"))
    assert "Move Pulls" in text and "Cancel Pulls" in text and "Delete Pulls" in text
    client.force_login(athlete)
    text = _text(client.get(f"/plan/sessions/{session.pk}/"))
    assert "Move Pulls" not in text and "Skip this session" in text


def test_a_started_session_shows_no_corrections(client, coach, session):
    _started(session)
    client.force_login(coach)
    text = _text(client.get(f"/plan/sessions/{session.pk}/"))
    assert "Move" not in text and "Cancel" not in text and "Delete" not in text
    assert client.post(f"/plan/sessions/{session.pk}/cancel/").status_code == 403


def test_athlete_skips_from_today_and_the_coach_reads_why(client, coach, athlete, today):
    planned = PlannedSessionFactory(athlete=athlete, planned_by=coach, date=today, name="Pulls")
    client.force_login(athlete)
    response = client.post(f"/plan/sessions/{planned.pk}/skip/", {"reason": "Knee sore", "from": "today"}, follow=True)
    assert response.redirect_chain[-1][0] == "/today/"
    assert "Skipped “Knee sore”" in _text(response) and "Undo skip" in _text(response)
    client.force_login(coach)
    assert "Skipped “Knee sore”" in _text(client.get(f"/plan/athletes/{athlete.pk}/"))
    assert "Skipped “Knee sore”" in _text(client.get(f"/plan/sessions/{planned.pk}/"))
    assert "Knee sore" in _text(client.get("/plan/"))


def test_undo_skip_puts_the_start_button_back(client, athlete, today):
    planned = PlannedSessionFactory(athlete=athlete, planned_by=athlete, date=today, name="Rows")
    skip_session(actor=athlete, session=planned)
    client.force_login(athlete)
    assert "Start Rows" not in _text(client.get("/today/"))
    response = client.post(f"/plan/sessions/{planned.pk}/unskip/", {"from": "today"}, follow=True)
    assert "Start Rows" in _text(response)


def test_a_reason_too_long_is_refused_with_a_message(client, athlete, session):
    client.force_login(athlete)
    response = client.post(f"/plan/sessions/{session.pk}/skip/", {"reason": "x" * 201}, follow=True)
    assert "at most 200 characters" in _text(response)
    assert _reload(session).skipped_at is None


@pytest.mark.parametrize("athletes", [1, 50])
def test_coach_plan_shows_the_athletes_week_in_a_bounded_number_of_queries(
    client, coach, today, django_assert_max_num_queries, athletes
):
    template = WorkoutTemplateFactory(owner=coach)
    for n in range(athletes):
        someone = UserFactory(display_name=f"Athlete {n:02d}")
        CoachingLink.objects.create(coach=coach, athlete=someone)
        for day in (0, 3, 6, 7):
            planned = PlannedSessionFactory(
                athlete=someone, planned_by=coach, date=today + day * DAY, name="Pulls", source_template=template
            )
            PlannedExerciseFactory(session=planned)
    client.force_login(coach)
    with django_assert_max_num_queries(7):  # session, user, links for the menu, the week, own plan and exercises
        response = client.get("/plan/")
    assert response.content.decode().count("coached-session") == 3 * athletes  # the 8th day is not in the week
    assert "Athlete 00 · Pulls" in _text(response)


def test_coach_week_leaves_out_cancelled_sessions_and_former_athletes(client, coach, athlete, other_athlete, today):
    PlannedSessionFactory(athlete=athlete, planned_by=coach, date=today + DAY, name="Kept")
    _cancelled(PlannedSessionFactory(athlete=athlete, planned_by=coach, date=today + DAY, name="Called off"))
    link = CoachingLink.objects.create(coach=coach, athlete=other_athlete)
    PlannedSessionFactory(athlete=other_athlete, planned_by=coach, date=today + DAY, name="Oscar's")
    account_services.end_link(link=link, actor=other_athlete)
    client.force_login(coach)
    text = _text(client.get("/plan/"))
    assert "Alice Athlete · Kept" in text and "Called off" not in text and "Oscar's" not in text


def test_an_athlete_sees_no_coach_week(client, athlete):
    client.force_login(athlete)
    assert "Your athletes, next 7 days" not in _text(client.get("/plan/"))


@pytest.mark.parametrize("athletes", [1, 20])
def test_end_assignment_page_runs_a_bounded_number_of_queries(
    client, coach, today, django_assert_max_num_queries, athletes
):
    made = Assignment.objects.create(
        planned_by=coach, start_date=today, weekdays="1,4", weeks=4, submission_id=uuid.uuid4()
    )
    for n in range(athletes):
        someone = UserFactory(display_name=f"Athlete {n:02d}")
        CoachingLink.objects.create(coach=coach, athlete=someone)
        for day in range(4):
            PlannedSessionFactory(athlete=someone, planned_by=coach, assignment=made, date=today + day * DAY)
    client.force_login(coach)
    with django_assert_max_num_queries(6):  # session, user, assignment, how many it removes, its athletes, menu
        response = client.get(f"/plan/assignments/{made.pk}/end/")
    assert f"It removes {4 * athletes} upcoming sessions" in _text(response)


@pytest.mark.parametrize("page", ["move/", "delete/"])
def test_move_and_delete_pages_run_a_bounded_number_of_queries(
    client, coach, session, django_assert_max_num_queries, page
):
    PlannedExerciseFactory.create_batch(10, session=session)
    client.force_login(coach)
    with django_assert_max_num_queries(5):  # session, user, the session, its exercises, unread count
        response = client.get(f"/plan/sessions/{session.pk}/{page}")
    assert response.status_code == 200
