"""Assigning a template: which athletes, which weekdays, how many weeks. Each session is a snapshot."""

import datetime
import uuid

import pytest
from django import forms
from django.core.exceptions import PermissionDenied
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from accounts import services as account_services
from accounts.models import CoachingLink
from tests.factories import PlannedExerciseFactory, PlannedSessionFactory, WorkoutTemplateFactory
from workouts import services
from workouts.forms import NO_ATHLETES, NO_WEEKDAYS, START_TOO_EARLY, START_TOO_LATE
from workouts.models import Assignment, PlannedSession
from workouts.selectors import session_dates
from workouts.services import EMPTY_TEMPLATE, NOT_YOUR_ATHLETE

DAY = datetime.timedelta(days=1)


@pytest.fixture
def template(public_templates, coach):
    """Carol's own copy of Upper back A."""
    return services.copy_template(template=public_templates["upper-back-a"], actor=coach)


def _assign_form(athlete, monday, **changes):
    """The form as the preview's "Assign" button posts it (the first submit only previews: see test_assign_preview)."""
    data = {
        "action": "save",
        "athletes": [athlete.pk],
        "start_date": monday.isoformat(),
        "weekdays": [1, 4],
        "weeks": 4,
        "submission_id": str(uuid.uuid4()),
        "alternate_with": "",
    }
    return {**data, **changes}


def _assign(client, template, athlete, monday, **changes):
    return client.post(f"/workouts/templates/{template.pk}/assign/", _assign_form(athlete, monday, **changes))


def _prescriptions(rows):
    return [
        (row.exercise_id, row.sets, row.rep_min, row.rep_max, row.rir_min, row.rir_max, row.rest_seconds)
        for row in rows
    ]


def _deadlift_sets(session):
    return session.exercises.get(exercise__slug="deadlift").sets


# Planning


def test_mondays_and_thursdays_for_four_weeks_plans_eight_sessions_on_those_dates(
    client, template, coach, athlete, monday
):
    client.force_login(coach)
    _assign(client, template, athlete, monday)
    dates = list(PlannedSession.objects.filter(athlete=athlete).values_list("date", flat=True))
    assert dates == [monday + DAY * (week * 7 + day) for week in range(4) for day in (0, 3)]


def test_each_session_copies_the_template_prescriptions(client, template, coach, athlete, monday):
    client.force_login(coach)
    _assign(client, template, athlete, monday)
    wanted = _prescriptions(template.items.order_by("position"))
    for session in PlannedSession.objects.filter(athlete=athlete):
        assert session.name == "Upper back A (my copy)"
        assert _prescriptions(session.exercises.order_by("position")) == wanted


def test_the_sessions_say_the_coach_planned_them(client, template, coach, athlete, monday):
    client.force_login(coach)
    _assign(client, template, athlete, monday)
    assert set(PlannedSession.objects.values_list("planned_by", flat=True)) == {coach.pk}


def test_the_coach_lands_on_the_athletes_plan(client, template, coach, athlete, monday):
    client.force_login(coach)
    response = client.post(f"/workouts/templates/{template.pk}/assign/", _assign_form(athlete, monday), follow=True)
    assert response.redirect_chain[-1][0] == f"/plan/athletes/{athlete.pk}/"
    assert "Planned 8 sessions for Alice Athlete." in response.content.decode()


def test_alternating_with_b_plans_a_then_b_in_date_order(client, public_templates, coach, athlete, monday):
    a, b = public_templates["upper-back-a"], public_templates["upper-back-b"]
    client.force_login(coach)
    _assign(client, a, athlete, monday, alternate_with=b.pk, weekdays=[1, 3, 5], weeks=2)
    names = list(PlannedSession.objects.order_by("date").values_list("name", flat=True))
    assert names == ["Upper back A", "Upper back B"] * 3


def test_a_self_coached_athlete_plans_for_themselves(client, public_templates, athlete, monday):
    client.force_login(athlete)
    response = _assign(client, public_templates["upper-back-a"], athlete, monday)
    assert response.url == "/plan/"
    assert PlannedSession.objects.filter(athlete=athlete, planned_by=athlete).count() == 8


# Snapshots and re-applying


def test_editing_the_template_later_leaves_planned_sessions_alone(client, template, coach, athlete, monday):
    client.force_login(coach)
    _assign(client, template, athlete, monday)
    template.items.filter(exercise__slug="deadlift").update(sets=5, rep_min=2, rep_max=3)
    for session in PlannedSession.objects.all():
        deadlift = session.exercises.get(exercise__slug="deadlift")
        assert (deadlift.sets, deadlift.rep_min, deadlift.rep_max) == (3, 4, 6)


@pytest.fixture
def week_around_today(template, coach, athlete):
    """Every day from three days ago to three days ahead, planned by Carol from her template; then she
    changes the deadlift to 5 sets. One upcoming session has been started."""
    services.assign(
        actor=coach,
        athletes=[athlete],
        templates=[template],
        start=timezone.localdate() - 3 * DAY,
        weekdays=range(1, 8),
        weeks=1,
        submission_id=uuid.uuid4(),
        allow_past=True,
    )
    started = PlannedSession.objects.get(date=timezone.localdate() + 2 * DAY)
    started.started_at = timezone.now()
    started.save()
    template.items.filter(exercise__slug="deadlift").update(sets=5)
    return PlannedSession.objects.filter(athlete=athlete)


def test_reapply_updates_upcoming_sessions(client, template, coach, week_around_today):
    client.force_login(coach)
    response = client.post(f"/workouts/templates/{template.pk}/reapply/", follow=True)
    assert "Updated 3 upcoming sessions you planned from it." in response.content.decode()
    today = timezone.localdate()
    for day in (0, 1, 3):
        assert _deadlift_sets(week_around_today.get(date=today + day * DAY)) == 5


def test_reapply_skips_a_started_session(client, template, coach, week_around_today):
    client.force_login(coach)
    client.post(f"/workouts/templates/{template.pk}/reapply/")
    assert _deadlift_sets(week_around_today.get(started_at__isnull=False)) == 3


def test_reapply_skips_past_sessions(client, template, coach, week_around_today):
    client.force_login(coach)
    client.post(f"/workouts/templates/{template.pk}/reapply/")
    for session in week_around_today.filter(date__lt=timezone.localdate()):
        assert _deadlift_sets(session) == 3


def test_reapply_skips_sessions_someone_else_planned(client, template, coach, athlete, week_around_today):
    theirs = PlannedSessionFactory(athlete=athlete, planned_by=athlete, source_template=template, name="Mine")
    PlannedExerciseFactory(session=theirs, exercise=template.items.get(exercise__slug="deadlift").exercise)
    client.force_login(coach)
    client.post(f"/workouts/templates/{template.pk}/reapply/")
    assert _deadlift_sets(theirs) == 3 and theirs.exercises.count() == 1


# Sending the form twice


def test_the_same_form_sent_twice_plans_once(client, template, coach, athlete, monday):
    client.force_login(coach)
    form = _assign_form(athlete, monday)
    client.post(f"/workouts/templates/{template.pk}/assign/", form)
    client.post(f"/workouts/templates/{template.pk}/assign/", form)
    assert Assignment.objects.count() == 1 and PlannedSession.objects.count() == 8


def test_two_separate_assignments_added_anyway_plan_twice(client, template, coach, athlete, monday):
    client.force_login(coach)
    _assign(client, template, athlete, monday)
    _assign(client, template, athlete, monday, on_conflict="add")
    assert Assignment.objects.count() == 2 and PlannedSession.objects.count() == 16


# Refusals


def _refused(response, message):
    assert response.status_code == 200
    assert escape(message) in response.content.decode()
    assert not Assignment.objects.exists() and not PlannedSession.objects.exists()


@pytest.mark.parametrize(
    "changes, message",
    [
        pytest.param({"athletes": []}, NO_ATHLETES, id="no-athletes"),
        pytest.param({"weekdays": []}, NO_WEEKDAYS, id="no-weekdays"),
        pytest.param({"weeks": 0}, MinValueValidator.message % {"limit_value": 1}, id="weeks-0"),
        pytest.param({"weeks": 27}, MaxValueValidator.message % {"limit_value": 26}, id="weeks-27"),
        pytest.param({"weekdays": [8]}, "Select a valid choice. 8 is not one of the available choices.", id="day-8"),
    ],
)
def test_an_incomplete_assignment_is_refused(client, template, coach, athlete, monday, changes, message):
    client.force_login(coach)
    _refused(_assign(client, template, athlete, monday, **changes), message)


@pytest.mark.parametrize(
    "days_from_today, message", [(-30, START_TOO_EARLY), (730, START_TOO_LATE)], ids=["month-ago", "two-years-ahead"]
)
def test_a_start_date_too_far_away_is_refused(client, template, coach, athlete, monday, days_from_today, message):
    client.force_login(coach)
    start = timezone.localdate() + days_from_today * DAY
    _refused(_assign(client, template, athlete, monday, start_date=start.isoformat()), message)


def test_a_template_with_no_exercises_is_refused(client, coach, athlete, monday):
    empty = WorkoutTemplateFactory(owner=coach, name="Nothing yet")
    client.force_login(coach)
    _refused(_assign(client, empty, athlete, monday), EMPTY_TEMPLATE.format(name="Nothing yet"))


def test_an_athlete_the_coach_does_not_coach_is_refused(client, template, coach, athlete, other_athlete, monday):
    client.force_login(coach)
    response = _assign(client, template, athlete, monday, athletes=[other_athlete.pk])
    invalid = forms.ModelMultipleChoiceField.default_error_messages["invalid_choice"]
    _refused(response, invalid % {"value": other_athlete.pk})


# After the coaching link ends


@pytest.fixture
def ended(client, template, coach, athlete, monday):
    """Carol planned Alice's month, then Alice ended the coaching."""
    client.force_login(coach)
    _assign(client, template, athlete, monday)
    account_services.end_link(link=CoachingLink.objects.get(coach=coach, athlete=athlete), actor=athlete)
    return PlannedSession.objects.filter(athlete=athlete).first()


@pytest.mark.parametrize(
    "path", ["/plan/sessions/{session}/", "/plan/sessions/{session}/edit/", "/plan/athletes/{athlete}/"]
)
def test_a_former_coach_no_longer_sees_the_athletes_sessions(client, ended, athlete, path):
    assert client.get(path.format(session=ended.pk, athlete=athlete.pk)).status_code == 404


def test_a_former_coach_can_no_longer_change_a_session(client, ended):
    response = client.post(f"/plan/sessions/{ended.pk}/edit/", {"exercises-TOTAL_FORMS": "0"})
    assert response.status_code == 404


@pytest.mark.parametrize("ended_by", ["athlete", "coach"])
def test_a_former_coach_reapplying_changes_nothing_and_counts_nothing(
    client, template, coach, athlete, week_around_today, ended_by
):
    """Carol planned Alice's week and changed her template; the link ended; she re-applies it."""
    account_services.end_link(
        link=CoachingLink.objects.get(coach=coach, athlete=athlete),
        actor={"athlete": athlete, "coach": coach}[ended_by],
    )
    client.force_login(coach)
    response = client.post(f"/workouts/templates/{template.pk}/reapply/", follow=True)
    assert "Updated 0 upcoming sessions you planned from it." in response.content.decode()
    for session in week_around_today:
        assert _deadlift_sets(session) == 3


def test_reapply_of_someone_elses_template_is_refused_by_the_service(template, athlete, week_around_today):
    with pytest.raises(PermissionDenied):
        services.reapply_template(actor=athlete, template=template, today=timezone.localdate())
    assert all(_deadlift_sets(session) == 3 for session in week_around_today)


def test_assign_refuses_an_athlete_the_planner_does_not_coach(template, coach, other_athlete, monday):
    with pytest.raises(PermissionDenied) as error:
        services.assign(
            actor=coach,
            athletes=[other_athlete],
            templates=[template],
            start=monday,
            weekdays=[1],
            weeks=1,
            submission_id=uuid.uuid4(),
        )
    assert error.value.args == (NOT_YOUR_ATHLETE,)
    assert not PlannedSession.objects.exists()


def test_assign_refuses_someone_elses_template(template, other_athlete, monday):
    with pytest.raises(PermissionDenied):
        services.assign(
            actor=other_athlete,
            athletes=[other_athlete],
            templates=[template],
            start=monday,
            weekdays=[1],
            weeks=1,
            submission_id=uuid.uuid4(),
        )
    assert not PlannedSession.objects.exists()


def test_a_former_coach_can_no_longer_assign_to_the_athlete(client, template, ended, athlete, monday):
    response = _assign(client, template, athlete, monday)
    invalid = forms.ModelMultipleChoiceField.default_error_messages["invalid_choice"]
    assert escape(invalid % {"value": athlete.pk}) in response.content.decode()
    assert PlannedSession.objects.count() == 8


# session_dates: pure


MON, TUE, WED, THU, FRI, SAT, SUN = range(1, 8)
A_MONDAY = datetime.date(2026, 1, 5)


@pytest.mark.parametrize(
    "start, weekdays, weeks, expected",
    [
        (A_MONDAY, [MON, THU], 1, ["2026-01-05", "2026-01-08"]),
        (A_MONDAY, [MON, THU], 2, ["2026-01-05", "2026-01-08", "2026-01-12", "2026-01-15"]),
        (A_MONDAY, [SUN], 2, ["2026-01-11", "2026-01-18"]),
        (A_MONDAY + 2 * DAY, [MON, THU], 1, ["2026-01-08", "2026-01-12"]),  # from a Wednesday
        (A_MONDAY + 2 * DAY, [WED], 2, ["2026-01-07", "2026-01-14"]),  # the start day itself counts
        (datetime.date(2025, 12, 29), [TUE, FRI], 1, ["2025-12-30", "2026-01-02"]),  # across the new year
    ],
)
def test_session_dates(start, weekdays, weeks, expected):
    dates = session_dates(start=start, weekdays=weekdays, weeks=weeks)
    assert dates == [datetime.date.fromisoformat(day) for day in expected]


@given(
    start=st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 1, 1)),
    weekdays=st.sets(st.integers(min_value=MON, max_value=SUN), min_size=1),
    weeks=st.integers(min_value=1, max_value=26),
)
def test_session_dates_gives_each_chosen_weekday_once_a_week(start, weekdays, weeks):
    dates = session_dates(start=start, weekdays=weekdays, weeks=weeks)
    assert len(dates) == weeks * len(weekdays)
    assert {day.isoweekday() for day in dates} == weekdays
    assert dates == sorted(set(dates))
    assert start <= dates[0] and dates[-1] < start + weeks * 7 * DAY
