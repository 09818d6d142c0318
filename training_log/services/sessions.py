"""Writes for the training log: starting and finishing sessions, logging sets. Every set is saved the
moment it is logged, and the same client id twice stores it once."""

import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from exercises.models import Exercise
from workouts.models import PlannedSession, WorkoutTemplate
from workouts.services import PRESCRIPTION_FIELDS

from ..models import SessionExercise, SetLog, TrainingSession
from .progression import convert, estimated_1rm

SWAP_AFTER_SETS = "Sets are logged for this exercise already: add the other one instead."
NOT_AN_ALTERNATIVE = "Pick one of this exercise's alternatives."


def _copy(items, session) -> list[SessionExercise]:
    return SessionExercise.objects.bulk_create(
        SessionExercise(
            session=session,
            position=position,
            planned_exercise=item if hasattr(item, "session_id") else None,
            **{name: getattr(item, name) for name in PRESCRIPTION_FIELDS},
        )
        for position, item in enumerate(items)
    )


@transaction.atomic
def start_session(
    *, athlete: User, planned_session: PlannedSession | None = None, template: WorkoutTemplate | None = None
) -> tuple[TrainingSession, bool]:
    """Start today's workout. Starting a planned session twice returns the one already started."""
    if planned_session is not None:
        planned = PlannedSession.objects.select_for_update().get(pk=planned_session.pk, athlete=athlete)
        existing = TrainingSession.objects.filter(planned_session=planned).first()
        if existing:
            return existing, False
        session = TrainingSession.objects.create(athlete=athlete, planned_session=planned, name=planned.name)
        _copy(planned.exercises.order_by("position", "pk"), session)
        planned.started_at = session.started_at
        planned.save(update_fields=["started_at"])
        return session, True
    if template is not None:
        session = TrainingSession.objects.create(athlete=athlete, name=template.name)
        _copy(template.items.order_by("position", "pk"), session)
        return session, True
    return TrainingSession.objects.create(athlete=athlete, name="Workout"), True


def add_exercise(*, session: TrainingSession, exercise: Exercise) -> SessionExercise:
    last = session.exercises.order_by("-position").values_list("position", flat=True).first()
    return SessionExercise.objects.create(
        session=session,
        exercise=exercise,
        position=0 if last is None else last + 1,
        sets=3,
        rep_min=exercise.rep_min,
        rep_max=exercise.rep_max,
    )


def _weaker_side(reps_left, rir_left, reps_right, rir_right) -> tuple[int, int]:
    """The side with fewer reps left in it (reps + RIR) drives the next weight; a tie goes to fewer reps."""
    return min((reps_left, rir_left), (reps_right, rir_right), key=lambda side: (side[0] + side[1], side[0]))


def log_set(
    *,
    athlete: User,
    session_exercise: SessionExercise,
    weight: Decimal,
    unit: str,
    reps: int | None,
    rir: int | None,
    client_id: uuid.UUID,
    reps_left: int | None = None,
    rir_left: int | None = None,
    reps_right: int | None = None,
    rir_right: int | None = None,
    is_warmup: bool = False,
) -> tuple[SetLog, bool]:
    """Save one set now. Returns (set, created); the same client_id again returns the first one."""
    existing = SetLog.objects.filter(athlete=athlete, client_id=client_id).first()
    if existing:
        return existing, False
    if reps_left is not None and reps_right is not None:
        reps, rir = _weaker_side(reps_left, rir_left, reps_right, rir_right)
    logged = SetLog(
        athlete=athlete,
        session_exercise=session_exercise,
        exercise_id=session_exercise.exercise_id,
        client_id=client_id,
        weight=weight,
        unit=unit,
        reps=reps,
        rir=rir,
        reps_left=reps_left,
        rir_left=rir_left,
        reps_right=reps_right,
        rir_right=rir_right,
        is_warmup=is_warmup,
    )
    _derive(logged)
    logged.full_clean(exclude=["session_exercise", "athlete", "exercise"])
    try:
        with transaction.atomic():
            logged.save()
    except IntegrityError:
        # A second request with the same client id got there first.
        return SetLog.objects.get(athlete=athlete, client_id=client_id), False
    return logged, True


def _derive(logged: SetLog) -> None:
    logged.weight_kg = convert(logged.weight, logged.unit, "kg")
    # Records compare what was lifted: Epley on the reps done. RIR-adjusted estimates stay in the engine,
    # or 370 x 4 stopped 4 short would beat 380 x 5 to failure.
    logged.e1rm_kg = estimated_1rm(logged.weight_kg, logged.reps, 0)


def update_set(*, logged: SetLog, **changes) -> SetLog:
    for name, value in changes.items():
        setattr(logged, name, value)
    if logged.reps_left is not None and logged.reps_right is not None:
        logged.reps, logged.rir = _weaker_side(logged.reps_left, logged.rir_left, logged.reps_right, logged.rir_right)
    _derive(logged)
    logged.full_clean(exclude=["session_exercise", "athlete", "exercise", "client_id"])
    logged.save()
    return logged


def delete_set(*, logged: SetLog) -> None:
    logged.delete()


def set_skipped(*, session_exercise: SessionExercise, skipped: bool) -> None:
    SessionExercise.objects.filter(pk=session_exercise.pk).update(skipped=skipped)


def swap_exercise(*, session_exercise: SessionExercise, exercise: Exercise) -> SessionExercise:
    """Swap for one of its alternatives (the rack is taken), before any set of it is logged."""
    if session_exercise.logged_sets.exists():
        raise ValidationError(SWAP_AFTER_SETS)
    allowed = session_exercise.exercise.alternatives.filter(pk=exercise.pk).exists()
    if not allowed:
        raise ValidationError(NOT_AN_ALTERNATIVE)
    original = session_exercise.swapped_from_id or session_exercise.exercise_id
    # Swapping back to the planned exercise is no longer a swap ("Deadlift, instead of Deadlift").
    session_exercise.swapped_from_id = None if exercise.pk == original else original
    planned = session_exercise.planned_exercise
    if planned is not None and planned.exercise_id == exercise.pk:
        # Back to what was planned: the planned prescription comes back with it.
        for name in PRESCRIPTION_FIELDS:
            setattr(session_exercise, name, getattr(planned, name))
    else:
        session_exercise.exercise = exercise
        session_exercise.rep_min, session_exercise.rep_max = exercise.rep_min, exercise.rep_max
        session_exercise.increment = session_exercise.decrement = None
        session_exercise.load_unit = ""
    session_exercise.save()
    return session_exercise


def set_note(*, session_exercise: SessionExercise, note: str) -> None:
    SessionExercise.objects.filter(pk=session_exercise.pk).update(note=note[:200])


def finish_session(*, session: TrainingSession) -> None:
    TrainingSession.objects.filter(pk=session.pk, finished_at__isnull=True).update(finished_at=timezone.now())
