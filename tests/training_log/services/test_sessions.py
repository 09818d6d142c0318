"""The training log's services: starting sessions, logging sets once, what the database refuses."""

import importlib
import uuid
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from accounts.models import CoachingLink
from exercises.models import Exercise
from exercises.selectors import NOT_PICKABLE
from tests.factories import (
    CustomExerciseFactory,
    PlannedExerciseFactory,
    PlannedSessionFactory,
    SessionExerciseFactory,
    SetLogFactory,
    TemplateItemFactory,
    WorkoutTemplateFactory,
)
from training_log.models import SessionExercise, SetLog, TrainingSession
from training_log.services.sessions import (
    NOT_AN_ALTERNATIVE,
    ONE_ARM,
    ONLY_THE_ATHLETE,
    SESSION_FINISHED,
    SET_REFUSED,
    SWAP_AFTER_SETS,
    add_exercise,
    delete_set,
    finish_session,
    log_set,
    reopen_session,
    set_note,
    set_skipped,
    start_session,
    swap_exercise,
    update_set,
)
from workouts.models import PlannedSession

D = Decimal


@pytest.fixture
def deadlift(library):
    return Exercise.objects.get(slug="deadlift")


@pytest.fixture
def item(athlete, deadlift):
    return SessionExerciseFactory(session__athlete=athlete, exercise=deadlift, rep_min=4, rep_max=6)


@pytest.fixture
def one_arm_item(athlete, library):
    """A single-arm dumbbell row (logged one side at a time), 8-12 reps, in an open workout."""
    row = Exercise.objects.get(slug="single-arm-dumbbell-row")
    return SessionExerciseFactory(session__athlete=athlete, session__name="Rows", exercise=row, rep_min=8, rep_max=12)


def _log(athlete, item, weight="225", unit="lb", reps=6, rir=2, client_id=None, **sides):
    return log_set(
        actor=athlete,
        session_exercise=item,
        weight=D(weight),
        unit=unit,
        reps=reps,
        rir=rir,
        client_id=client_id or uuid.uuid4(),
        **sides,
    )


def _swap(item, slug):
    return swap_exercise(actor=item.session.athlete, session_exercise=item, exercise=Exercise.objects.get(slug=slug))


# Starting


def test_start_from_planned_session_copies_its_exercises(athlete, deadlift):
    planned = PlannedSessionFactory(athlete=athlete, name="Upper back A")
    PlannedExerciseFactory(session=planned, exercise=deadlift, position=0, sets=4, rep_min=4, rep_max=6)
    PlannedExerciseFactory(
        session=planned,
        exercise=Exercise.objects.get(slug="face-pull"),
        position=1,
        rep_min=12,
        rep_max=15,
        note="Slow",
    )

    session, created = start_session(actor=athlete, planned_session=planned)

    assert created and session.name == "Upper back A" and session.planned_session == planned
    copied = [(e.exercise.slug, e.sets, e.rep_min, e.rep_max, e.note) for e in session.exercises.all()]
    assert copied == [("deadlift", 4, 4, 6, ""), ("face-pull", 3, 12, 15, "Slow")]
    assert all(e.planned_exercise_id for e in session.exercises.all())


def test_start_marks_the_planned_session_started(athlete, deadlift):
    planned = PlannedSessionFactory(athlete=athlete)
    PlannedExerciseFactory(session=planned, exercise=deadlift)

    session, _ = start_session(actor=athlete, planned_session=planned)

    assert PlannedSession.objects.get(pk=planned.pk).started_at == session.started_at


def test_starting_a_planned_session_twice_returns_the_same_session(athlete, deadlift):
    planned = PlannedSessionFactory(athlete=athlete)
    PlannedExerciseFactory(session=planned, exercise=deadlift)

    first, _ = start_session(actor=athlete, planned_session=planned)
    second, created = start_session(actor=athlete, planned_session=planned)

    assert second == first and not created
    assert TrainingSession.objects.count() == 1 and SessionExercise.objects.count() == 1


def test_start_from_template_copies_its_items(athlete, deadlift):
    template = WorkoutTemplateFactory(owner=athlete, name="Heavy pulls")
    TemplateItemFactory(template=template, exercise=deadlift, position=0, rep_min=4, rep_max=6)

    session, created = start_session(actor=athlete, template=template)

    assert created and session.name == "Heavy pulls" and session.planned_session is None
    assert [(e.exercise.slug, e.rep_min, e.rep_max) for e in session.exercises.all()] == [("deadlift", 4, 6)]
    assert session.exercises.get().planned_exercise is None


def test_start_empty_workout(athlete):
    session, created = start_session(actor=athlete)

    assert created and session.name == "Workout" and session.is_open
    assert not session.exercises.exists()


# Logging a set once


def test_same_client_id_stores_the_set_once(athlete, item):
    client_id = uuid.uuid4()

    first, first_created = _log(athlete, item, client_id=client_id)
    second, second_created = _log(athlete, item, client_id=client_id, weight="300")

    assert first_created and not second_created
    assert second.pk == first.pk and second.weight == D("225")
    assert SetLog.objects.count() == 1


def test_another_client_id_stores_another_set(athlete, item):
    _log(athlete, item)
    _log(athlete, item)

    assert SetLog.objects.filter(session_exercise=item).count() == 2


# What the database refuses, whatever the code above it does: sets stored straight through the ORM


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"reps": 101}, id="reps-101"),
        pytest.param({"rir": 11}, id="rir-11"),
        # No figures derive from a negative weight (the engine refuses it), so the test gives them.
        pytest.param(
            {"weight": D("-5"), "weight_kg": D("-2.268"), "e1rm_kg": D(0), "on_target": True}, id="negative-weight"
        ),
        pytest.param({"weight": D("2201")}, id="2201-lb"),
        pytest.param({"weight": D("1001"), "unit": "kg"}, id="1001-kg"),
        pytest.param({"reps_left": 101}, id="left-reps-101"),
        pytest.param({"rir_right": 11}, id="right-rir-11"),
    ],
)
def test_database_refuses_impossible_sets(athlete, item, overrides):
    with pytest.raises(IntegrityError), transaction.atomic():
        SetLogFactory(session_exercise=item, **overrides)
    assert not SetLog.objects.exists()


def test_database_accepts_the_limits(athlete, item):
    SetLogFactory(session_exercise=item, weight=D("2200"), reps=100, rir=10)
    SetLogFactory(session_exercise=item, weight=D("1000"), unit="kg", reps=0, rir=0)

    assert SetLog.objects.count() == 2


def test_database_refuses_the_same_client_id_twice(athlete, item):
    client_id = uuid.uuid4()
    SetLogFactory(session_exercise=item, client_id=client_id)

    with pytest.raises(IntegrityError), transaction.atomic():
        SetLogFactory(session_exercise=item, client_id=client_id)
    assert SetLog.objects.count() == 1


def test_a_constraint_the_checks_missed_is_a_message_not_a_500(athlete, item, monkeypatch):
    """log_set leaves the check constraints to Python's validators; were one ever missed, the database's
    refusal comes back as a ValidationError (a message on the card), not as an error page."""
    monkeypatch.setattr(SetLog, "clean", lambda self: None)  # the weight limit's Python check, gone

    with pytest.raises(ValidationError) as error:
        _log(athlete, item, weight="2201")

    assert error.value.messages == [SET_REFUSED]
    assert not SetLog.objects.exists()


def test_two_tabs_logging_to_one_workout_store_each_set_once_in_order(athlete, item):
    """Two tabs render two forms with their own client ids; each tab's retry of the same POST stores nothing."""
    tab_a, tab_b = uuid.uuid4(), uuid.uuid4()
    _log(athlete, item, weight="225", reps=6, client_id=tab_a)
    _log(athlete, item, weight="235", reps=5, client_id=tab_b)
    _log(athlete, item, weight="225", reps=6, client_id=tab_a)  # tab A's request, retried
    third, created = _log(athlete, item, weight="235", reps=4, client_id=uuid.uuid4())

    assert created
    assert [(s.weight, s.reps) for s in SetLog.objects.filter(session_exercise=item)] == [
        (D("225"), 6), (D("235"), 5), (D("235"), 4)
    ]  # fmt: skip


def test_service_refuses_too_heavy_with_a_message(athlete, item):
    with pytest.raises(ValidationError) as error:
        _log(athlete, item, weight="2201")

    assert error.value.message_dict["weight"] == ["That's more than 2200 lb: check the number."]
    assert not SetLog.objects.exists()


# Units


def test_weight_stays_in_the_unit_it_was_entered_in(athlete, item):
    _log(athlete, item, weight="225", unit="lb", reps=6, rir=2)

    logged = SetLog.objects.get()
    assert (logged.weight, logged.unit) == (D("225"), "lb")
    # 225 x 0.45359237 = 102.058..., rounded to the 0.01 kg the conversion keeps.
    assert logged.weight_kg == D("102.06")
    # Epley on the reps done (records compare what was lifted): 102.06 x (30 + 6) / 30 = 122.472 -> 122.5
    assert logged.e1rm_kg == D("122.5")


def test_kg_weight_is_its_own_weight_kg(athlete, item):
    _log(athlete, item, weight="102.5", unit="kg", reps=5, rir=1)

    logged = SetLog.objects.get()
    assert (logged.weight, logged.unit, logged.weight_kg) == (D("102.5"), "kg", D("102.5"))
    assert logged.e1rm_kg == D("119.6")  # 102.5 x 35 / 30, RIR left out


# Each set is judged against its prescription when it is stored (the coach's "on target" counts it)


@pytest.mark.parametrize(
    ("reps", "rir", "judged"),
    [
        pytest.param(5, 2, True, id="inside-4-6-at-rir-2"),
        pytest.param(7, 1, False, id="over-the-range"),
        pytest.param(3, 1, False, id="under-the-range"),
        pytest.param(6, 0, False, id="to-failure-outside-rir-1-2"),
        pytest.param(5, 4, False, id="too-easy"),
    ],
)
def test_a_logged_set_is_judged_against_its_prescription(athlete, item, reps, rir, judged):
    logged, _ = _log(athlete, item, reps=reps, rir=rir)

    logged.refresh_from_db()
    assert logged.on_target is judged


def test_a_corrected_set_is_judged_again(athlete, item):
    logged, _ = _log(athlete, item, reps=5, rir=2)

    update_set(actor=athlete, logged=logged, reps=8)

    logged.refresh_from_db()
    assert (logged.reps, logged.on_target) == (8, False)


def test_a_one_arm_set_is_judged_by_its_weaker_side(athlete, one_arm_item):
    # The left side's 10 is inside 8-12, the right side's 7 is not: the set is not on target.
    logged, _ = _log(
        athlete, one_arm_item, weight="60", reps=None, rir=None, reps_left=10, rir_left=2, reps_right=7, rir_right=2
    )

    logged.refresh_from_db()
    assert (logged.reps, logged.on_target) == (7, False)


def test_a_set_of_the_other_kind_is_refused(athlete, one_arm_item):
    with pytest.raises(ValidationError) as refused:
        _log(athlete, one_arm_item, weight="60", reps=10, rir=2)

    assert refused.value.messages == [ONE_ARM]
    assert not SetLog.objects.exists()


def test_the_migration_judges_the_sets_already_logged(athlete, item):
    judge = importlib.import_module("training_log.migrations.0011_setlog_on_target").judge_logged_sets
    inside, outside, without_rir = (
        SetLogFactory(session_exercise=item, reps=reps, rir=rir, on_target=None)  # as stored before 0011
        for reps, rir in ((5, 2), (8, 2), (5, None))
    )

    judge(apps, SimpleNamespace(connection=connection))  # what the migration's schema editor offers

    judged = dict(SetLog.objects.values_list("pk", "on_target"))
    assert judged == {inside.pk: True, outside.pk: False, without_rir.pk: None}


# One arm at a time


def test_one_arm_set_stores_both_sides_and_the_weaker_one(athlete, one_arm_item):
    logged, _ = _log(
        athlete, one_arm_item, weight="60", reps=None, rir=None, reps_left=10, rir_left=2, reps_right=8, rir_right=2
    )

    logged.refresh_from_db()
    assert (logged.reps_left, logged.rir_left, logged.reps_right, logged.rir_right) == (10, 2, 8, 2)
    assert (logged.reps, logged.rir) == (8, 2)


def test_one_arm_weaker_side_counts_reps_in_reserve(athlete, one_arm_item):
    # Left did more reps but went to failure: 10 + 0 left in it, against the right's 9 + 3.
    logged, _ = _log(
        athlete, one_arm_item, weight="60", reps=None, rir=None, reps_left=10, rir_left=0, reps_right=9, rir_right=3
    )

    assert (logged.reps, logged.rir) == (10, 0)


# Swapping


def test_swap_to_an_alternative_before_any_set(item):
    rack_pull = Exercise.objects.get(slug="rack-pull")

    swap_exercise(actor=item.session.athlete, session_exercise=item, exercise=rack_pull)

    item.refresh_from_db()
    assert item.exercise == rack_pull and item.swapped_from.slug == "deadlift"


def test_a_swap_keeps_the_planned_work_and_takes_the_new_exercises_load_steps(item):
    SessionExercise.objects.filter(pk=item.pk).update(
        sets=5, rep_min=2, rep_max=3, rir_min=0, rir_max=1, rest_seconds=240,
        increment=D("10"), decrement=D("5"), load_unit="lb",
    )  # fmt: skip
    item.refresh_from_db()
    rack_pull = Exercise.objects.get(slug="rack-pull")
    assert (rack_pull.rep_min, rack_pull.rep_max) != (2, 3)  # so keeping the range is not a coincidence

    swap_exercise(actor=item.session.athlete, session_exercise=item, exercise=rack_pull)

    item.refresh_from_db()
    assert (item.sets, item.rep_min, item.rep_max, item.rir_min, item.rir_max, item.rest_seconds) == (
        5,
        2,
        3,
        0,
        1,
        240,
    )
    assert (item.increment, item.decrement, item.load_unit) == (None, None, "")


def test_swap_to_the_athletes_own_custom_exercise(athlete, item):
    own = CustomExerciseFactory(created_by=athlete, name="Band row")

    swap_exercise(actor=athlete, session_exercise=item, exercise=own)

    item.refresh_from_db()
    assert item.exercise == own and item.swapped_from.slug == "deadlift" and (item.rep_min, item.rep_max) == (4, 6)


def test_swap_to_the_coachs_custom_exercise_and_back(athlete, coach, item):
    coachs = CustomExerciseFactory(created_by=coach, name="Carol's pulldown")

    swap_exercise(actor=athlete, session_exercise=item, exercise=coachs)
    swap_exercise(actor=athlete, session_exercise=item, exercise=Exercise.objects.get(slug="deadlift"))

    item.refresh_from_db()
    assert item.exercise.slug == "deadlift" and item.swapped_from is None


@pytest.mark.parametrize("whose", ["other", "archived", "former_coach"])
def test_swap_to_a_custom_exercise_the_athlete_may_not_pick_is_refused(athlete, coach, other_athlete, item, whose):
    exercise = {
        "other": lambda: CustomExerciseFactory(created_by=other_athlete),
        "archived": lambda: CustomExerciseFactory(created_by=athlete, is_archived=True),
        "former_coach": lambda: CustomExerciseFactory(created_by=coach),
    }[whose]()
    if whose == "former_coach":
        CoachingLink.objects.filter(coach=coach, athlete=athlete).update(ended_at=timezone.now())

    with pytest.raises(PermissionDenied) as error:
        swap_exercise(actor=athlete, session_exercise=item, exercise=exercise)

    assert error.value.args == (NOT_PICKABLE,)
    item.refresh_from_db()
    assert item.exercise.slug == "deadlift"


def test_swap_refused_after_a_set_is_logged(athlete, item):
    _log(athlete, item)

    with pytest.raises(ValidationError) as error:
        _swap(item, "rack-pull")

    assert error.value.messages == [SWAP_AFTER_SETS]
    item.refresh_from_db()
    assert item.exercise.slug == "deadlift"


def test_swap_refused_to_a_non_alternative(item):
    with pytest.raises(ValidationError) as error:
        _swap(item, "face-pull")

    assert error.value.messages == [NOT_AN_ALTERNATIVE]
    item.refresh_from_db()
    assert item.exercise.slug == "deadlift"


def test_swapping_back_is_no_longer_a_swap(item):
    _swap(item, "rack-pull")

    swap_exercise(actor=item.session.athlete, session_exercise=item, exercise=Exercise.objects.get(slug="deadlift"))

    item.refresh_from_db()
    assert item.exercise.slug == "deadlift" and item.swapped_from is None


# Finishing


def test_finish_sets_finished_at_once(item):
    session = item.session

    finish_session(actor=session.athlete, session=session)
    session.refresh_from_db()
    finished_at = session.finished_at
    finish_session(actor=session.athlete, session=session)
    session.refresh_from_db()

    assert finished_at is not None and not session.is_open
    assert session.finished_at == finished_at


def test_swapping_back_restores_the_planned_prescription(library, athlete):
    from exercises.models import Exercise
    from tests.factories import PlannedExerciseFactory, PlannedSessionFactory
    from training_log.services.sessions import start_session, swap_exercise

    deadlift = Exercise.objects.get(slug="deadlift")
    planned = PlannedSessionFactory(athlete=athlete)
    PlannedExerciseFactory(session=planned, exercise=deadlift, sets=5, rep_min=3, rep_max=5)
    session, _ = start_session(actor=athlete, planned_session=planned)
    item = session.exercises.get()
    swap_exercise(actor=item.session.athlete, session_exercise=item, exercise=deadlift.alternatives.first())
    swap_exercise(actor=item.session.athlete, session_exercise=item, exercise=deadlift)
    item.refresh_from_db()
    assert (item.exercise_id, item.sets, item.rep_min, item.rep_max, item.swapped_from_id) == (
        deadlift.pk,
        5,
        3,
        5,
        None,
    )


# Whose log it is: the services check, whoever calls them


def test_a_set_for_someone_elses_session_is_refused(athlete, other_athlete, item):
    with pytest.raises(PermissionDenied) as error:
        _log(other_athlete, item)

    assert error.value.args == (ONLY_THE_ATHLETE,)
    assert not SetLog.objects.exists()


def test_a_set_takes_the_exercise_its_session_has_now(athlete, item):
    stale = SessionExercise.objects.get(pk=item.pk)
    swap_exercise(actor=athlete, session_exercise=item, exercise=Exercise.objects.get(slug="rack-pull"))

    logged, _ = _log(athlete, stale)

    assert logged.exercise.slug == "rack-pull" == logged.session_exercise.exercise.slug


def _writes(actor, item, logged):
    """Every change an athlete can make to a session, as (name, call)."""
    face_pull = Exercise.objects.get(slug="face-pull")
    return {
        "log-set": lambda: _log(actor, item),
        "edit-set": lambda: update_set(actor=actor, logged=logged, reps=1),
        "delete-set": lambda: delete_set(actor=actor, logged=logged),
        "add-exercise": lambda: add_exercise(actor=actor, session=item.session, exercise=face_pull),
        "swap": lambda: swap_exercise(
            actor=actor, session_exercise=item, exercise=Exercise.objects.get(slug="rack-pull")
        ),
        "skip": lambda: set_skipped(actor=actor, session_exercise=item, skipped=True),
        "note": lambda: set_note(actor=actor, session_exercise=item, note="Straps"),
        "finish": lambda: finish_session(actor=actor, session=item.session),
        "reopen": lambda: reopen_session(actor=actor, session=item.session),
    }


WRITES = ["log-set", "edit-set", "delete-set", "add-exercise", "swap", "skip", "note", "finish", "reopen"]


def _untouched(item, logged):
    assert list(SetLog.objects.values_list("pk", "reps")) == [(logged.pk, 6)]
    assert list(item.session.exercises.values_list("exercise__slug", "skipped", "note")) == [("deadlift", False, "")]


@pytest.mark.parametrize("write", WRITES)
def test_nobody_but_the_athlete_writes_their_log(athlete, coach, other_athlete, item, write):
    logged, _ = _log(athlete, item)
    for outsider in (coach, other_athlete):
        with pytest.raises(PermissionDenied):
            _writes(outsider, item, logged)[write]()
    _untouched(item, logged)
    assert TrainingSession.objects.get().is_open


@pytest.mark.parametrize("write", [w for w in WRITES if w not in ("finish", "reopen")])
def test_a_finished_session_is_read_only(athlete, item, write):
    logged, _ = _log(athlete, item)
    finish_session(actor=athlete, session=item.session)

    with pytest.raises(ValidationError) as error:
        _writes(athlete, item, logged)[write]()

    assert error.value.messages == [SESSION_FINISHED]
    _untouched(item, logged)


def test_the_same_set_sent_again_after_finishing_is_no_error(athlete, item):
    client_id = uuid.uuid4()
    first, _ = _log(athlete, item, client_id=client_id)
    finish_session(actor=athlete, session=item.session)

    again, created = _log(athlete, item, client_id=client_id)

    assert again == first and not created


def test_reopening_makes_a_finished_session_changeable_and_records_when(athlete, item):
    finish_session(actor=athlete, session=item.session)

    reopen_session(actor=athlete, session=item.session)
    _log(athlete, item)

    session = TrainingSession.objects.get()
    assert session.is_open and session.reopened_at is not None
    assert SetLog.objects.count() == 1


def test_reopening_an_open_session_changes_nothing(athlete, item):
    reopen_session(actor=athlete, session=item.session)

    assert TrainingSession.objects.get().reopened_at is None


def test_starting_someone_elses_planned_session_is_refused(athlete, other_athlete, deadlift):
    planned = PlannedSessionFactory(athlete=athlete)
    PlannedExerciseFactory(session=planned, exercise=deadlift)

    with pytest.raises(PermissionDenied):
        start_session(actor=other_athlete, planned_session=planned)

    assert not TrainingSession.objects.exists()
    assert PlannedSession.objects.get().started_at is None


def test_starting_from_someone_elses_template_is_refused(athlete, other_athlete, deadlift):
    theirs = WorkoutTemplateFactory(owner=athlete, name="Private pulls")
    TemplateItemFactory(template=theirs, exercise=deadlift)

    with pytest.raises(PermissionDenied):
        start_session(actor=other_athlete, template=theirs)

    assert not TrainingSession.objects.exists()


def test_adding_a_strangers_or_an_archived_custom_exercise_is_refused_by_the_service(athlete, other_athlete):
    from tests.factories import CustomExerciseFactory

    session, _ = start_session(actor=athlete)
    strangers = CustomExerciseFactory(created_by=other_athlete)
    archived = CustomExerciseFactory(created_by=athlete, is_archived=True)
    own = CustomExerciseFactory(created_by=athlete)

    for exercise in (strangers, archived):
        with pytest.raises(PermissionDenied):
            add_exercise(actor=athlete, session=session, exercise=exercise)
    add_exercise(actor=athlete, session=session, exercise=own)
    assert list(session.exercises.values_list("exercise", flat=True)) == [own.pk]


def test_a_cancelled_session_is_not_started(athlete):
    from training_log.services.sessions import PLAN_CANCELLED

    planned = PlannedSessionFactory(athlete=athlete, cancelled_at=timezone.now())
    with pytest.raises(PermissionDenied) as error:
        start_session(actor=athlete, planned_session=planned)
    assert error.value.args == (PLAN_CANCELLED,)
    assert not TrainingSession.objects.exists()
