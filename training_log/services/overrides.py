"""Writes for coach overrides: a coach linked to the athlete now sets the next weight (and reps) of one
exercise in place of the method's. Reads live in training_log.selectors.overrides."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import CoachingLink, User
from accounts.versions import changed
from exercises.models import Exercise
from exercises.selectors import pickable_exercises

from ..models import CoachOverride

ONLY_THE_COACH = "Only the athlete's coach sets their next weight."
NOT_THEIR_EXERCISE = "Pick one of the athlete's exercises."


def _check_coach(actor: User, athlete: User) -> None:
    """The actor coaches the athlete now; the link row stays locked until the caller's transaction ends,
    so two overrides set at once are set one after the other."""
    link = (
        CoachingLink.objects.active()
        .select_for_update()
        .filter(coach_id=actor.pk, athlete_id=athlete.pk)
        .exclude(coach_id=athlete.pk)
        .first()
    )
    if link is None:
        raise PermissionDenied(ONLY_THE_COACH)


@transaction.atomic
def set_override(
    *,
    actor: User,
    athlete: User,
    exercise: Exercise,
    weight: Decimal,
    unit: str,
    reps: int | None = None,
    note: str = "",
) -> CoachOverride:
    """Set the athlete's next set of this exercise; an earlier override of it is cleared."""
    _check_coach(actor, athlete)
    if not pickable_exercises(athlete).filter(pk=exercise.pk).exists():
        raise ValidationError({"exercise": NOT_THEIR_EXERCISE})
    override = CoachOverride(
        athlete=athlete, exercise=exercise, set_by=actor, weight=weight, unit=unit, reps=reps, note=note.strip()
    )
    override.full_clean(exclude=["athlete", "exercise", "set_by"], validate_constraints=False)
    now = timezone.now()
    CoachOverride.objects.filter(athlete=athlete, exercise=exercise, cleared_at__isnull=True).update(cleared_at=now)
    override.created_at = now
    override.save()
    changed(people=[athlete])  # and their coach, by the link
    return override


@transaction.atomic
def clear_override(*, actor: User, override: CoachOverride) -> None:
    """Clearing twice keeps the first time."""
    _check_coach(actor, override.athlete)
    CoachOverride.objects.filter(pk=override.pk, cleared_at__isnull=True).update(cleared_at=timezone.now())
    changed(people=[override.athlete_id])
