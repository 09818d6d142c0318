"""The coach's figures on known data: compliance, quality, stalled exercises, last workout, flags, order."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import CoachingLink
from accounts.services import end_link
from tests.factories import (
    ExerciseFactory,
    PlannedSessionFactory,
    SessionExerciseFactory,
    SetLogFactory,
    TrainingSessionFactory,
    UserFactory,
)
from training_log.domain.coaching import (
    COMPLIANCE_DOWN,
    NO_RECENT_WORKOUT,
    Compliance,
    Quality,
    compliance_down,
    is_stalled,
    percent,
)
from training_log.selectors.coaching import (
    athlete_figures,
    compliance,
    dashboard_rows,
    last_workouts,
    quality,
    stalled_exercises,
)

DAY = datetime.timedelta(days=1)


def _today():
    return timezone.localdate()


def _at(day: datetime.date, hour=18) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _planned(athlete, day, **fields):
    return PlannedSessionFactory(athlete=athlete, date=day, **fields)


# --- Pure arithmetic ---


@pytest.mark.parametrize(
    "part, whole, expected",
    [(6, 8, 75), (2, 3, 67), (1, 3, 33), (0, 4, 0), (4, 4, 100), (1, 8, 13), (0, 0, None)],
)
def test_percent_rounds_half_up_and_is_unknown_without_a_whole(part, whole, expected):
    assert percent(part, whole) == expected


@pytest.mark.parametrize(
    "bests, stalled",
    [
        (["100", "100", "99"], True),  # neither of the last two beat the first
        (["100", "100", "100"], True),
        (["100", "101", "95"], False),  # the middle one was up
        (["100", "95", "101"], False),  # the last one was up
        (["100", "100"], False),  # two workouts: too early to say
        ([], False),
    ],
)
def test_is_stalled_when_neither_of_the_last_two_beat_the_first(bests, stalled):
    assert is_stalled([Decimal(b) for b in bests]) is stalled


@pytest.mark.parametrize(
    "current, previous, down",
    [
        ((4, 5), (5, 5), True),  # 80 % against 100 %: down by exactly a fifth
        ((17, 20), (5, 5), False),  # 85 % against 100 %
        ((1, 2), (3, 4), True),  # 50 % against 75 %
        ((0, 4), (0, 4), False),  # nothing to fall from
        ((0, 0), (4, 4), False),  # nothing planned now: unknown, not down
        ((1, 4), (0, 0), False),  # nothing planned before
    ],
)
def test_compliance_down_by_a_fifth_or_more(current, previous, down):
    assert compliance_down(Compliance(*current), Compliance(*previous)) is down


# --- Compliance ---


@pytest.fixture
def lifter(db):
    return UserFactory(display_name="Lee")


def test_six_of_eight_planned_sessions_done_is_75_percent(lifter):
    today = _today()
    for days_ago in range(1, 9):
        planned = _planned(lifter, today - days_ago * DAY)
        if days_ago <= 5:
            TrainingSessionFactory(athlete=lifter, started_at=_at(planned.date), planned_session=planned, finished=True)
        elif days_ago == 6:
            TrainingSessionFactory(
                athlete=lifter, started_at=_at(planned.date), planned_session=planned
            )  # in progress still counts as done
    skipped = lifter.planned_sessions.get(date=today - 7 * DAY)
    skipped.skipped_at, skipped.skip_reason = timezone.now(), "Sick"
    skipped.save()
    # The eighth is simply missed. Then one from another athlete and one cancelled: neither counts.
    _planned(UserFactory(), today - DAY)
    _planned(lifter, today - 2 * DAY, cancelled_at=timezone.now())

    result = compliance([lifter.pk], today - 27 * DAY, today, today=today)

    assert result[lifter.pk] == Compliance(done=6, planned=8)
    assert result[lifter.pk].percent == 75


def test_a_week_without_planned_sessions_is_unknown_not_a_failure(lifter):
    today = _today()
    TrainingSessionFactory(
        athlete=lifter, started_at=_at(today - DAY), finished=True
    )  # trained on their own: nothing was planned

    week = compliance([lifter.pk], today - 6 * DAY, today, today=today)[lifter.pk]

    assert week == Compliance(done=0, planned=0)
    assert week.percent is None
    row = athlete_figures(lifter, today)
    assert row.flags == []


def test_today_counts_once_started_or_skipped_not_before(lifter):
    today = _today()
    waiting = _planned(lifter, today)
    window = (today - 6 * DAY, today)
    assert compliance([lifter.pk], *window, today=today)[lifter.pk] == Compliance(0, 0)

    TrainingSessionFactory(athlete=lifter, started_at=_at(today), planned_session=waiting)
    skipped = _planned(lifter, today, skipped_at=timezone.now())
    assert compliance([lifter.pk], *window, today=today)[lifter.pk] == Compliance(1, 2)
    assert skipped.pk


def test_compliance_windows_include_both_ends_and_nothing_else(lifter):
    today = _today()
    for days_ago in (0, 6, 7, 27, 28):
        planned = _planned(lifter, today - days_ago * DAY)
        TrainingSessionFactory(athlete=lifter, started_at=_at(planned.date), planned_session=planned, finished=True)
    _planned(lifter, today - 7 * DAY)  # missed, in the 28 days only

    row = athlete_figures(lifter, today)

    assert row.week == Compliance(done=2, planned=2)  # today (started) and 6 days ago
    assert row.month == Compliance(done=4, planned=5)
    assert row.previous_month == Compliance(done=1, planned=1)


# --- Quality ---


def test_quality_counts_working_sets_inside_the_rep_range_and_rir_band(lifter):
    today = _today()
    item = SessionExerciseFactory(
        session=TrainingSessionFactory(athlete=lifter, started_at=_at(today - DAY), finished=True),
        exercise=ExerciseFactory(),
        rep_min=4,
        rep_max=6,
        rir_min=1,
        rir_max=2,
    )
    SetLogFactory(session_exercise=item, reps=5, rir=2)  # inside
    SetLogFactory(session_exercise=item, reps=4, rir=1)  # inside, both edges
    SetLogFactory(session_exercise=item, reps=6, rir=2)  # inside, top edges
    SetLogFactory(session_exercise=item, reps=7, rir=1)  # 7 reps in a 4-6 range: outside
    SetLogFactory(session_exercise=item, reps=5, rir=4)  # RIR 4 in a 1-2 band: outside
    SetLogFactory(session_exercise=item, reps=5, rir=0)  # RIR 0 in a 1-2 band: outside (to failure)
    SetLogFactory(session_exercise=item, reps=3, rir=2)  # 3 reps in a 4-6 range: outside
    SetLogFactory(session_exercise=item, reps=12, rir=5, is_warmup=True)  # a warm-up: not counted at all
    old = SessionExerciseFactory(
        session=TrainingSessionFactory(athlete=lifter, started_at=_at(today - 40 * DAY), finished=True),
        exercise=ExerciseFactory(),
    )
    SetLogFactory(session_exercise=old, reps=5, rir=2)  # before the window

    result = quality([lifter.pk], _at(today - 27 * DAY, 0))

    assert result[lifter.pk] == Quality(inside=3, total=7)
    assert result[lifter.pk].percent == 43


def test_quality_leaves_sets_without_rir_out_of_both_counts(lifter):
    today = _today()
    item = SessionExerciseFactory(
        session=TrainingSessionFactory(athlete=lifter, started_at=_at(today - DAY), finished=True),
        exercise=ExerciseFactory(),
        rep_min=4,
        rep_max=6,
        rir_min=1,
        rir_max=2,
    )
    SetLogFactory(session_exercise=item, reps=5, rir=2)  # inside
    SetLogFactory(session_exercise=item, reps=7, rir=1)  # outside
    SetLogFactory(session_exercise=item, reps=5, rir=None)  # imported without RPE: in range, but its RIR is unknown
    SetLogFactory(session_exercise=item, reps=9, rir=None)
    SetLogFactory(session_exercise=item, reps=5, rir=None, is_warmup=True)  # a warm-up: not counted at all

    result = quality([lifter.pk], _at(today - 27 * DAY, 0))[lifter.pk]

    assert result == Quality(inside=1, total=2, unjudged=2)
    assert result.percent == 50


def test_quality_without_sets_is_unknown(lifter):
    assert quality([lifter.pk], _at(_today(), 0))[lifter.pk].percent is None


def test_quality_uses_each_sets_own_prescription(lifter):
    today = _today()
    heavy = SessionExerciseFactory(
        session=TrainingSessionFactory(athlete=lifter, started_at=_at(today - 2 * DAY), finished=True),
        exercise=ExerciseFactory(),
        rep_min=4,
        rep_max=6,
    )
    light = SessionExerciseFactory(
        session=TrainingSessionFactory(athlete=lifter, started_at=_at(today - DAY), finished=True),
        exercise=ExerciseFactory(),
        rep_min=12,
        rep_max=15,
        rir_min=0,
        rir_max=3,
    )
    SetLogFactory(session_exercise=heavy, reps=12, rir=2)  # 12 reps in 4-6: outside
    SetLogFactory(session_exercise=light, reps=12, rir=3)  # 12 reps in 12-15 at RIR 3 in 0-3: inside

    assert quality([lifter.pk], _at(today - 27 * DAY, 0))[lifter.pk] == Quality(inside=1, total=2)


# --- Stalled exercises ---


def _workouts_of(athlete, exercise, bests, *, first_day):
    """One workout per best e1RM, a day apart, oldest first; each with a lighter set and a warm-up too."""
    for n, best in enumerate(bests):
        item = SessionExerciseFactory(
            session=TrainingSessionFactory(athlete=athlete, started_at=_at(first_day + n * DAY), finished=True),
            exercise=exercise,
        )
        SetLogFactory(session_exercise=item, e1rm_kg=Decimal(best) - 10)
        SetLogFactory(session_exercise=item, e1rm_kg=Decimal(best))
        SetLogFactory(
            session_exercise=item, e1rm_kg=Decimal("999"), is_warmup=True
        )  # a warm-up never counts, however it scores


def test_stalled_when_the_last_two_workouts_do_not_beat_the_one_before(lifter):
    today = _today()
    row, curl, shrug, face_pull = (ExerciseFactory(name=name) for name in ("Row", "Curl", "Shrug", "Face pull"))
    _workouts_of(lifter, row, ["90", "100", "100", "99"], first_day=today - 20 * DAY)  # stalled on the last 3
    _workouts_of(lifter, curl, ["120", "100", "101", "95"], first_day=today - 20 * DAY)  # the 4th back is ignored
    _workouts_of(lifter, shrug, ["100", "100"], first_day=today - 20 * DAY)  # two workouts: not yet
    _workouts_of(lifter, face_pull, ["50", "50", "50"], first_day=today - 10 * DAY)
    other = UserFactory()
    _workouts_of(other, curl, ["100", "90", "90"], first_day=today - 20 * DAY)

    stalled = stalled_exercises([lifter.pk, other.pk])

    assert [item.name for item in stalled[lifter.pk]] == ["Face pull", "Row"]
    assert stalled[lifter.pk][1].bests == (Decimal(100), Decimal(100), Decimal(99))
    assert [item.name for item in stalled[other.pk]] == ["Curl"]


def test_two_sessions_of_one_exercise_on_one_day_are_two_workouts(lifter):
    today = _today()
    row = ExerciseFactory(name="Row")
    for hour, best in ((8, "100"), (12, "90"), (18, "101")):
        workout = TrainingSessionFactory(athlete=lifter, started_at=_at(today - DAY, hour))
        SetLogFactory(session_exercise=SessionExerciseFactory(session=workout, exercise=row), e1rm_kg=Decimal(best))

    assert stalled_exercises([lifter.pk])[lifter.pk] == []


# --- Last workout and the dashboard rows ---


def test_last_workout_is_the_latest_start_per_athlete(lifter):
    today = _today()
    TrainingSessionFactory(athlete=lifter, started_at=_at(today - 9 * DAY), finished=True)
    TrainingSessionFactory(athlete=lifter, started_at=_at(today - 3 * DAY), finished=True)
    never = UserFactory()

    last = last_workouts([lifter.pk, never.pk])

    assert last == {lifter.pk: today - 3 * DAY}


@pytest.fixture
def squad(db):
    """A coach with four athletes, and one whose link ended."""
    coach = UserFactory(is_coach=True)
    athletes = {name: UserFactory(display_name=name) for name in ("Ada", "Ben", "Cy", "Dee", "Former")}
    for athlete in athletes.values():
        CoachingLink.objects.create(coach=coach, athlete=athlete)
    end_link(link=CoachingLink.objects.get(athlete=athletes["Former"]), actor=coach)
    return coach, athletes


def _history(athlete, *, done_recent, planned_recent, done_before, planned_before, today):
    """Planned sessions in the last 28 days and the 28 before, the first `done_*` of them done."""
    periods = ((today - DAY, done_recent, planned_recent), (today - 29 * DAY, done_before, planned_before))
    for start, done, planned in periods:
        for n in range(planned):
            session = _planned(athlete, start - n * DAY)
            if n < done:
                TrainingSessionFactory(
                    athlete=athlete, started_at=_at(session.date), planned_session=session, finished=True
                )


def test_dashboard_rows_flag_and_sort_athletes_who_need_attention_first(squad):
    coach, athletes = squad
    today = _today()
    _history(athletes["Ada"], done_recent=4, planned_recent=4, done_before=4, planned_before=4, today=today)
    # Ben: trained 10 days ago, nothing since; 2 of 4 against 4 of 4 before.
    _history(athletes["Ben"], done_recent=0, planned_recent=2, done_before=4, planned_before=4, today=today)
    for days_ago in (10, 11):
        session = _planned(athletes["Ben"], today - days_ago * DAY)
        TrainingSessionFactory(
            athlete=athletes["Ben"], started_at=_at(session.date), planned_session=session, finished=True
        )
    # Cy: trains, but only half of what was planned (and was at half before too).
    _history(athletes["Cy"], done_recent=2, planned_recent=4, done_before=2, planned_before=4, today=today)
    # Dee: trains without a plan.
    TrainingSessionFactory(athlete=athletes["Dee"], started_at=_at(today - DAY), finished=True)

    rows = dashboard_rows(coach, today, unread={athletes["Dee"].pk: 2, athletes["Ada"].pk: 0})

    assert [(row.athlete.public_name, row.flags) for row in rows] == [
        ("Ben", [NO_RECENT_WORKOUT, COMPLIANCE_DOWN]),
        ("Dee", ["2 unread comments"]),
        ("Cy", []),  # 50 %
        ("Ada", []),  # 100 %
    ]
    ben = rows[0]
    assert ben.month == Compliance(done=2, planned=4)
    assert ben.previous_month == Compliance(done=4, planned=4)
    assert ben.last_workout == today - 10 * DAY


def test_unknown_compliance_sorts_after_known_and_names_break_ties(squad):
    coach, athletes = squad
    today = _today()
    for name in ("Ada", "Ben", "Cy", "Dee"):
        TrainingSessionFactory(athlete=athletes[name], started_at=_at(today), finished=True)
    _history(athletes["Cy"], done_recent=1, planned_recent=1, done_before=0, planned_before=0, today=today)

    rows = dashboard_rows(coach, today, unread={athletes["Ben"].pk: 1})

    assert [row.athlete.public_name for row in rows] == ["Ben", "Cy", "Ada", "Dee"]
    assert rows[0].flags == ["1 unread comment"]


def test_dashboard_rows_are_only_the_coachs_active_athletes(squad):
    coach, athletes = squad
    other_coach = UserFactory(is_coach=True)
    CoachingLink.objects.create(coach=other_coach, athlete=athletes["Ada"])

    names = {row.athlete.public_name for row in dashboard_rows(coach, _today())}

    assert names == {"Ada", "Ben", "Cy", "Dee"}
    assert [row.athlete.public_name for row in dashboard_rows(other_coach, _today())] == ["Ada"]
    assert dashboard_rows(UserFactory(is_coach=True), _today()) == []


def test_no_workout_in_7_days_flags_a_week_but_not_six_days(lifter):
    today = _today()
    TrainingSessionFactory(athlete=lifter, started_at=_at(today - 6 * DAY), finished=True)
    assert NO_RECENT_WORKOUT not in athlete_figures(lifter, today).flags
    assert NO_RECENT_WORKOUT in athlete_figures(lifter, today + DAY).flags


def test_stalled_since_leaves_out_older_workouts(lifter):
    today = _today()
    row = ExerciseFactory(name="Row")
    _workouts_of(lifter, row, ["100", "100"], first_day=today - 80 * DAY)  # long ago
    _workouts_of(lifter, row, ["100", "99"], first_day=today - 5 * DAY)  # recent, but only two

    assert [item.name for item in stalled_exercises([lifter.pk])[lifter.pk]] == ["Row"]
    assert stalled_exercises([lifter.pk], since=_at(today - 56 * DAY, 0))[lifter.pk] == []
    assert athlete_figures(lifter, today).stalled == []  # the dashboard looks back 8 weeks


def test_dashboard_row_names_the_stalled_exercises(lifter):
    today = _today()
    _workouts_of(lifter, ExerciseFactory(name="Face pull"), ["50", "50", "49"], first_day=today - 10 * DAY)

    assert [item.name for item in athlete_figures(lifter, today).stalled] == ["Face pull"]


def test_compliance_reads_done_of_planned_with_its_percent():
    assert str(Compliance(done=2, planned=3)) == "2 of 3 done · 67 %"
    assert str(Compliance(done=0, planned=0)) == ""
