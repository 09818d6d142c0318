"""The training log's services: starting sessions, logging sets once, what the database refuses."""

import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from exercises.models import Exercise
from tests.factories import PlannedExerciseFactory, PlannedSessionFactory, TemplateItemFactory, WorkoutTemplateFactory
from training_log.models import SessionExercise, SetLog, TrainingSession
from training_log.services.sessions import (
    NOT_AN_ALTERNATIVE,
    SWAP_AFTER_SETS,
    finish_session,
    log_set,
    start_session,
    swap_exercise,
)
from workouts.models import PlannedSession

D = Decimal


@pytest.fixture
def deadlift(library):
    return Exercise.objects.get(slug="deadlift")


@pytest.fixture
def item(athlete, deadlift):
    session = TrainingSession.objects.create(athlete=athlete, name="Pulls")
    return SessionExercise.objects.create(session=session, exercise=deadlift, sets=3, rep_min=4, rep_max=6)


def _log(athlete, item, weight="225", unit="lb", reps=6, rir=2, client_id=None, **sides):
    return log_set(
        athlete=athlete,
        session_exercise=item,
        weight=D(weight),
        unit=unit,
        reps=reps,
        rir=rir,
        client_id=client_id or uuid.uuid4(),
        **sides,
    )


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

    session, created = start_session(athlete=athlete, planned_session=planned)

    assert created and session.name == "Upper back A" and session.planned_session == planned
    copied = [(e.exercise.slug, e.sets, e.rep_min, e.rep_max, e.note) for e in session.exercises.all()]
    assert copied == [("deadlift", 4, 4, 6, ""), ("face-pull", 3, 12, 15, "Slow")]
    assert all(e.planned_exercise_id for e in session.exercises.all())


def test_start_marks_the_planned_session_started(athlete, deadlift):
    planned = PlannedSessionFactory(athlete=athlete)
    PlannedExerciseFactory(session=planned, exercise=deadlift)

    session, _ = start_session(athlete=athlete, planned_session=planned)

    assert PlannedSession.objects.get(pk=planned.pk).started_at == session.started_at


def test_starting_a_planned_session_twice_returns_the_same_session(athlete, deadlift):
    planned = PlannedSessionFactory(athlete=athlete)
    PlannedExerciseFactory(session=planned, exercise=deadlift)

    first, _ = start_session(athlete=athlete, planned_session=planned)
    second, created = start_session(athlete=athlete, planned_session=planned)

    assert second == first and not created
    assert TrainingSession.objects.count() == 1 and SessionExercise.objects.count() == 1


def test_start_from_template_copies_its_items(athlete, deadlift):
    template = WorkoutTemplateFactory(owner=athlete, name="Heavy pulls")
    TemplateItemFactory(template=template, exercise=deadlift, position=0, rep_min=4, rep_max=6)

    session, created = start_session(athlete=athlete, template=template)

    assert created and session.name == "Heavy pulls" and session.planned_session is None
    assert [(e.exercise.slug, e.rep_min, e.rep_max) for e in session.exercises.all()] == [("deadlift", 4, 6)]
    assert session.exercises.get().planned_exercise is None


def test_start_empty_workout(athlete):
    session, created = start_session(athlete=athlete)

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


# What the database refuses, whatever the code above it does


def _raw_set(athlete, item, **overrides):
    values = {
        "athlete": athlete,
        "session_exercise": item,
        "exercise_id": item.exercise_id,
        "client_id": uuid.uuid4(),
        "weight": D("225"),
        "unit": "lb",
        "reps": 6,
        "rir": 2,
        "weight_kg": D("102.06"),
        "e1rm_kg": D("129.3"),
    } | overrides
    return SetLog.objects.create(**values)


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"reps": 101}, id="reps-101"),
        pytest.param({"rir": 11}, id="rir-11"),
        pytest.param({"weight": D("-5")}, id="negative-weight"),
        pytest.param({"weight": D("2201")}, id="2201-lb"),
        pytest.param({"weight": D("1001"), "unit": "kg"}, id="1001-kg"),
        pytest.param({"reps_left": 101}, id="left-reps-101"),
        pytest.param({"rir_right": 11}, id="right-rir-11"),
    ],
)
def test_database_refuses_impossible_sets(athlete, item, overrides):
    with pytest.raises(IntegrityError), transaction.atomic():
        _raw_set(athlete, item, **overrides)
    assert not SetLog.objects.exists()


def test_database_accepts_the_limits(athlete, item):
    _raw_set(athlete, item, weight=D("2200"), reps=100, rir=10)
    _raw_set(athlete, item, weight=D("1000"), unit="kg", reps=0, rir=0)

    assert SetLog.objects.count() == 2


def test_database_refuses_the_same_client_id_twice(athlete, item):
    client_id = uuid.uuid4()
    _raw_set(athlete, item, client_id=client_id)

    with pytest.raises(IntegrityError), transaction.atomic():
        _raw_set(athlete, item, client_id=client_id)
    assert SetLog.objects.count() == 1


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


# One arm at a time


def test_one_arm_set_stores_both_sides_and_the_weaker_one(athlete, library):
    row = Exercise.objects.get(slug="single-arm-dumbbell-row")
    session = TrainingSession.objects.create(athlete=athlete, name="Rows")
    item = SessionExercise.objects.create(session=session, exercise=row, sets=3, rep_min=8, rep_max=12)

    logged, _ = _log(
        athlete, item, weight="60", reps=None, rir=None, reps_left=10, rir_left=2, reps_right=8, rir_right=2
    )

    logged.refresh_from_db()
    assert (logged.reps_left, logged.rir_left, logged.reps_right, logged.rir_right) == (10, 2, 8, 2)
    assert (logged.reps, logged.rir) == (8, 2)


def test_one_arm_weaker_side_counts_reps_in_reserve(athlete, library):
    row = Exercise.objects.get(slug="single-arm-dumbbell-row")
    session = TrainingSession.objects.create(athlete=athlete, name="Rows")
    item = SessionExercise.objects.create(session=session, exercise=row, sets=3, rep_min=8, rep_max=12)

    # Left did more reps but went to failure: 10 + 0 left in it, against the right's 9 + 3.
    logged, _ = _log(
        athlete, item, weight="60", reps=None, rir=None, reps_left=10, rir_left=0, reps_right=9, rir_right=3
    )

    assert (logged.reps, logged.rir) == (10, 0)


# Swapping


def test_swap_to_an_alternative_before_any_set(item):
    rack_pull = Exercise.objects.get(slug="rack-pull")

    swap_exercise(session_exercise=item, exercise=rack_pull)

    item.refresh_from_db()
    assert item.exercise == rack_pull and item.swapped_from.slug == "deadlift"
    assert (item.rep_min, item.rep_max) == (rack_pull.rep_min, rack_pull.rep_max)


def test_swap_refused_after_a_set_is_logged(athlete, item):
    _log(athlete, item)

    with pytest.raises(ValidationError) as error:
        swap_exercise(session_exercise=item, exercise=Exercise.objects.get(slug="rack-pull"))

    assert error.value.messages == [SWAP_AFTER_SETS]
    item.refresh_from_db()
    assert item.exercise.slug == "deadlift"


def test_swap_refused_to_a_non_alternative(item):
    with pytest.raises(ValidationError) as error:
        swap_exercise(session_exercise=item, exercise=Exercise.objects.get(slug="face-pull"))

    assert error.value.messages == [NOT_AN_ALTERNATIVE]
    item.refresh_from_db()
    assert item.exercise.slug == "deadlift"


def test_swapping_back_is_no_longer_a_swap(item):
    swap_exercise(session_exercise=item, exercise=Exercise.objects.get(slug="rack-pull"))

    swap_exercise(session_exercise=item, exercise=Exercise.objects.get(slug="deadlift"))

    item.refresh_from_db()
    assert item.exercise.slug == "deadlift" and item.swapped_from is None


# Finishing


def test_finish_sets_finished_at_once(item):
    session = item.session

    finish_session(session=session)
    session.refresh_from_db()
    finished_at = session.finished_at
    finish_session(session=session)
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
    session, _ = start_session(athlete=athlete, planned_session=planned)
    item = session.exercises.get()
    swap_exercise(session_exercise=item, exercise=deadlift.alternatives.first())
    swap_exercise(session_exercise=item, exercise=deadlift)
    item.refresh_from_db()
    assert (item.exercise_id, item.sets, item.rep_min, item.rep_max, item.swapped_from_id) == (
        deadlift.pk,
        5,
        3,
        5,
        None,
    )
