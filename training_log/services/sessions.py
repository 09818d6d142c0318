"""Writes for the training log: starting and finishing sessions, logging sets. Every set is saved the
moment it is logged, and the same client id twice stores it once.

Only the athlete writes their log (their coach reads it), and a finished session is read-only until
the athlete reopens it. Every service here checks both itself, on the session row it locks, so no
caller can forget: PermissionDenied for the wrong person, ValidationError (a message) for a finished
session.
"""

import uuid
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.models import User
from accounts.versions import changed
from exercises.models import Exercise
from exercises.selectors import check_pickable
from workouts.models import PlannedSession, WorkoutTemplate
from workouts.selectors import templates_visible_to
from workouts.services import PRESCRIPTION_FIELDS

from ..domain.progression import convert, estimated_1rm
from ..models import CoachOverride, SessionExercise, SetLog, TrainingSession

SWAP_AFTER_SETS = "Sets are logged for this exercise already: add the other one instead."
NOT_AN_ALTERNATIVE = "Pick one of this exercise's alternatives."
ONLY_THE_ATHLETE = "Only the athlete changes their own log."
NOT_YOUR_PLAN = "You can only start your own planned sessions."
PLAN_CANCELLED = "This session was cancelled: start a workout from a template instead."
NOT_A_TEMPLATE_TO_START = "You can only start from your own templates and ours."
SESSION_FINISHED = "This workout is finished: reopen it to change it."
RIR_NEEDED = "Say how many reps were left in reserve (0 = failure)."
ONE_ARM = "This exercise is now logged one side at a time: the page was out of date, here it is again."
TWO_ARMS = "This exercise is now logged with both arms together: the page was out of date, here it is again."
SET_REFUSED = "That set could not be stored: check the weight, reps and reps in reserve."


def _writable(actor: User, session_id: int, *, open_only: bool = True) -> TrainingSession:
    """The session, locked until the end of the caller's transaction, if the actor may change it now."""
    session = TrainingSession.objects.select_for_update().get(pk=session_id)
    if session.athlete_id != actor.pk:
        raise PermissionDenied(ONLY_THE_ATHLETE)
    if open_only and session.finished_at is not None:
        raise ValidationError(SESSION_FINISHED)
    return session


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
    *, actor: User, planned_session: PlannedSession | None = None, template: WorkoutTemplate | None = None
) -> tuple[TrainingSession, bool]:
    """Start today's workout, the actor's own. Starting a planned session twice returns the one already started.

    From the actor's own planned session, a template they can see, or nothing.
    """
    if planned_session is not None:
        planned = PlannedSession.objects.select_for_update().filter(pk=planned_session.pk, athlete=actor).first()
        if planned is None:
            raise PermissionDenied(NOT_YOUR_PLAN)
        if planned.cancelled_at is not None:
            raise PermissionDenied(PLAN_CANCELLED)
        existing = TrainingSession.objects.filter(planned_session=planned).first()
        if existing:
            return existing, False
        session = TrainingSession.objects.create(athlete=actor, planned_session=planned, name=planned.name)
        _copy(planned.exercises.order_by("position", "pk"), session)
        planned.started_at = session.started_at
        planned.save(update_fields=["started_at"])
        changed(people=[actor])
        return session, True
    if template is not None:
        if not templates_visible_to(actor).filter(pk=template.pk).exists():
            raise PermissionDenied(NOT_A_TEMPLATE_TO_START)
        session = TrainingSession.objects.create(athlete=actor, name=template.name)
        _copy(template.items.order_by("position", "pk"), session)
        changed(people=[actor])
        return session, True
    changed(people=[actor])
    return TrainingSession.objects.create(athlete=actor, name="Workout"), True


@transaction.atomic
def add_exercise(*, actor: User, session: TrainingSession, exercise: Exercise) -> SessionExercise:
    session = _writable(actor, session.pk)
    check_pickable(actor, exercise)
    last = session.exercises.order_by("-position").values_list("position", flat=True).first()
    changed(people=[actor])
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
    actor: User,
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
    """Save one set now. Returns (set, created); the same client_id again returns the first one.

    The set is the actor's, on their own open session, for that session's exercise as it is now: the
    caller's `session_exercise` need only carry its id and its session's (a view passes what the URL says).
    A new set comes back with that exercise as locked, with its workout and exercise, ready for the card.
    """
    try:
        return _store_set(
            athlete=actor,
            session_exercise=session_exercise,
            weight=weight,
            unit=unit,
            reps=reps,
            rir=rir,
            client_id=client_id,
            reps_left=reps_left,
            rir_left=rir_left,
            reps_right=reps_right,
            rir_right=rir_right,
            is_warmup=is_warmup,
        )
    except IntegrityError:
        # The same client id again, a double tap or a retry: the first one stands (if there is none, a
        # constraint refused the set). Asked after the refused insert's transaction is gone, so the request
        # that stores a set pays for no savepoint.
        first = _set_with_client_id(actor, client_id)
        if first is None:
            raise ValidationError(SET_REFUSED) from None
        return first, False


def _set_with_client_id(athlete: User, client_id) -> SetLog | None:
    return SetLog.objects.filter(athlete=athlete, client_id=client_id).first()


@transaction.atomic
def _store_set(
    *, athlete, session_exercise, client_id, reps, rir, reps_left, rir_left, reps_right, rir_right, **set_fields
):
    # The exercise and its workout, both locked until the set is stored: the exercise may have been swapped
    # since the caller fetched it, or the workout finished (PostgreSQL hands back the rows as those writers
    # left them). Whether the coach has an override pending for it comes along (the card asks).
    pending = CoachOverride.objects.filter(
        athlete_id=athlete.pk, exercise_id=OuterRef("exercise_id"), cleared_at__isnull=True
    )
    # One row or none, by its key: no ORDER BY (the model's ordering) or LIMIT to build for nothing.
    rows = list(
        SessionExercise.objects.select_related("session", "exercise", "swapped_from")
        .select_for_update(of=("self", "session"))
        .annotate(pending_override=Exists(pending))
        .filter(pk=session_exercise.pk)
        .order_by()
    )
    locked = rows[0] if rows else None
    if locked is None or locked.session.athlete_id != athlete.pk or locked.session_id != session_exercise.session_id:
        raise PermissionDenied(ONLY_THE_ATHLETE)
    session = locked.session
    session.athlete = athlete
    if session.finished_at is not None:
        existing = _set_with_client_id(athlete, client_id)
        if existing:  # sent before the workout was finished, and answered then
            return existing, False
        raise ValidationError(SESSION_FINISHED)
    if locked.exercise.is_unilateral != (reps_left is not None or reps_right is not None):
        # A page drawn before a swap (in another tab) sends the other kind of set.
        raise ValidationError(ONE_ARM if locked.exercise.is_unilateral else TWO_ARMS)
    if reps_left is not None and reps_right is not None:
        reps, rir = _weaker_side(reps_left, rir_left, reps_right, rir_right)
    if rir is None:
        # Only an import stores a set without RIR (its app had no RPE): a set logged here always says it.
        raise ValidationError(RIR_NEEDED)
    logged = SetLog(
        athlete=athlete,
        session_exercise=locked,
        exercise_id=locked.exercise_id,
        client_id=client_id,
        reps=reps,
        rir=rir,
        reps_left=reps_left,
        rir_left=rir_left,
        reps_right=reps_right,
        rir_right=rir_right,
        **set_fields,
    )
    derive_figures(logged, locked)
    # The fields' validators and SetLog.clean say in Python everything the check constraints say in the
    # database; asking the database too would cost three queries a constraint on the busiest write.
    logged.full_clean(exclude=["session_exercise", "athlete", "exercise"], validate_constraints=False)
    logged.save()
    # A set logged now is in no workout's history yet (cardcache): the pages change, the histories do not.
    changed(people=[athlete])
    return logged, True


def derive_figures(logged: SetLog, prescription: SessionExercise) -> None:
    """The set's weight in kg, its estimated 1RM and whether it was inside what its workout exercise
    (`prescription`) asked for, from what was typed: every writer of sets calls this."""
    logged.weight_kg = convert(logged.weight, logged.unit, "kg")
    # Records compare what was lifted: Epley on the reps done. RIR-adjusted estimates stay in the engine,
    # or 370 x 4 stopped 4 short would beat 380 x 5 to failure.
    logged.e1rm_kg = estimated_1rm(logged.weight_kg, logged.reps, 0)
    logged.on_target = on_target(logged.reps, logged.rir, prescription)


def on_target(reps: int, rir: int | None, prescription) -> bool | None:
    """Inside both the rep range and the RIR band (a one-arm set: its weaker side); None without a RIR."""
    if rir is None:
        return None
    p = prescription
    return p.rep_min <= reps <= p.rep_max and p.rir_min <= rir <= p.rir_max


EDITABLE_SET_FIELDS = {"weight", "reps", "rir", "reps_left", "rir_left", "reps_right", "rir_right", "is_warmup"}


def _writable_set(actor: User, logged: SetLog) -> None:
    if logged.athlete_id != actor.pk:
        raise PermissionDenied(ONLY_THE_ATHLETE)
    _writable(actor, logged.session_exercise.session_id)


@transaction.atomic
def update_set(*, actor: User, logged: SetLog, **changes) -> SetLog:
    """Correct a set's numbers; which session, exercise and athlete it belongs to never changes."""
    if not changes.keys() <= EDITABLE_SET_FIELDS:
        raise TypeError(f"update_set changes only {sorted(EDITABLE_SET_FIELDS)}")
    _writable_set(actor, logged)
    for name, value in changes.items():
        setattr(logged, name, value)
    if logged.reps_left is not None and logged.reps_right is not None:
        logged.reps, logged.rir = _weaker_side(logged.reps_left, logged.rir_left, logged.reps_right, logged.rir_right)
    derive_figures(logged, logged.session_exercise)
    logged.full_clean(exclude=["session_exercise", "athlete", "exercise", "client_id"])
    logged.save()
    changed(people=[actor], history=[actor])  # a later workout's "Last time" may show it
    return logged


@transaction.atomic
def delete_set(*, actor: User, logged: SetLog) -> None:
    _writable_set(actor, logged)
    logged.delete()
    changed(people=[actor], history=[actor])


@transaction.atomic
def set_skipped(*, actor: User, session_exercise: SessionExercise, skipped: bool) -> None:
    _writable(actor, session_exercise.session_id)
    SessionExercise.objects.filter(pk=session_exercise.pk).update(skipped=skipped)
    changed(people=[actor])


@transaction.atomic
def swap_exercise(*, actor: User, session_exercise: SessionExercise, exercise: Exercise) -> SessionExercise:
    """Swap for what the card offers (the rack is taken), before any set of it is logged: one of the
    exercise's library alternatives, the exercise it replaced, or a custom exercise the athlete may pick.

    The prescription stays (sets, rep range, RIR band, rest): the coach asked for that work, whatever
    does it. The load steps go back to the new exercise's own: 5 lb on a deadlift means nothing on a
    cable row. Swapping back to what was planned brings the planned prescription back whole.
    """
    _writable(actor, session_exercise.session_id)
    if session_exercise.logged_sets.exists():
        raise ValidationError(SWAP_AFTER_SETS)
    original = session_exercise.swapped_from_id or session_exercise.exercise_id
    if exercise.created_by_id is not None:
        check_pickable(actor, exercise)
    elif exercise.pk != original and not session_exercise.exercise.alternatives.filter(pk=exercise.pk).exists():
        raise ValidationError(NOT_AN_ALTERNATIVE)
    # Swapping back to the planned exercise is no longer a swap ("Deadlift, instead of Deadlift").
    session_exercise.swapped_from_id = None if exercise.pk == original else original
    planned = session_exercise.planned_exercise
    if planned is not None and planned.exercise_id == exercise.pk:
        # Back to what was planned: the planned prescription comes back with it.
        for name in PRESCRIPTION_FIELDS:
            setattr(session_exercise, name, getattr(planned, name))
    else:
        session_exercise.exercise = exercise
        session_exercise.increment = session_exercise.decrement = None
        session_exercise.load_unit = ""
    session_exercise.save()
    changed(people=[actor], history=[actor])  # the card's history is of another exercise now
    return session_exercise


@transaction.atomic
def set_note(*, actor: User, session_exercise: SessionExercise, note: str) -> None:
    _writable(actor, session_exercise.session_id)
    SessionExercise.objects.filter(pk=session_exercise.pk).update(note=note[:200])
    changed(people=[actor])


@transaction.atomic
def finish_session(*, actor: User, session: TrainingSession) -> None:
    """Finishing twice keeps the first time."""
    _writable(actor, session.pk, open_only=False)
    TrainingSession.objects.filter(pk=session.pk, finished_at__isnull=True).update(finished_at=timezone.now())
    changed(people=[actor])


@transaction.atomic
def reopen_session(*, actor: User, session: TrainingSession) -> None:
    """Make a finished session changeable again, on purpose; `reopened_at` records when."""
    _writable(actor, session.pk, open_only=False)
    TrainingSession.objects.filter(pk=session.pk, finished_at__isnull=False).update(
        finished_at=None, reopened_at=timezone.now()
    )
    changed(people=[actor])
