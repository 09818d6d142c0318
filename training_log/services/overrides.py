"""Writes for coach overrides: a coach linked to the athlete now sets the next weight (and reps) of one
exercise in place of the method's; the coach clears it, or the athlete dismisses it and goes by their own
advice; and it ends with the coaching link, whichever side ends it. Reads live in
training_log.selectors.overrides."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import CoachingLink, User
from accounts.versions import changed
from exercises.models import Exercise
from exercises.selectors import pickable_exercises

from ..models import CoachOverride
from ..selectors.overrides import still_counting

ONLY_THE_COACH = "Only the athlete's coach sets their next weight."
NOT_THEIR_EXERCISE = "Pick one of the athlete's exercises."
ONLY_THE_ATHLETE_DISMISSES = "Only the athlete dismisses their coach's word."
NOT_THE_LINKS_SIDE = "Only the coach or the athlete of a link ends its overrides."
LINK_STILL_ACTIVE = "The link has not ended, so its coach's overrides still count."


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
    CoachOverride.objects.filter(athlete=athlete, exercise=exercise, cleared_at__isnull=True).update(
        cleared_at=now, cleared_reason=CoachOverride.Cleared.REPLACED
    )
    override.created_at = now
    override.save()
    changed(people=[athlete])  # and their coach, by the link
    return override


@transaction.atomic
def clear_override(*, actor: User, override: CoachOverride) -> None:
    """Clearing twice keeps the first time."""
    _check_coach(actor, override.athlete)
    CoachOverride.objects.filter(pk=override.pk, cleared_at__isnull=True).update(
        cleared_at=timezone.now(), cleared_reason=CoachOverride.Cleared.BY_COACH
    )
    changed(people=[override.athlete_id])


@transaction.atomic
def dismiss_override(*, actor: User, override: CoachOverride) -> bool:
    """The athlete goes by their own advice instead: the override stops counting, and their coach's page
    says it was dismissed. Only while it still counts (one already used up by a set, cleared or ended
    stays as it was), so a second tap changes nothing; True when this call dismissed it."""
    if actor.pk != override.athlete_id:
        raise PermissionDenied(ONLY_THE_ATHLETE_DISMISSES)
    dismissed = still_counting(CoachOverride.objects.filter(pk=override.pk, athlete_id=actor.pk)).update(
        cleared_at=timezone.now(), cleared_reason=CoachOverride.Cleared.DISMISSED
    )
    if dismissed:
        changed(people=[override.athlete_id, override.set_by_id])
    return bool(dismissed)


def end_with_link(*, actor: User, link: CoachingLink) -> int:
    """The coach's overrides of the athlete end with their link, in the transaction that ends it (called by
    accounts.services.end_link through accounts.links): a former coach's word never decides a set.
    The actor is the side that ended the link; the link must have ended. Returns how many were cleared."""
    if actor.pk not in (link.coach_id, link.athlete_id):
        raise PermissionDenied(NOT_THE_LINKS_SIDE)
    if CoachingLink.objects.active().filter(pk=link.pk).exists():
        raise PermissionDenied(LINK_STILL_ACTIVE)
    return CoachOverride.objects.filter(
        athlete_id=link.athlete_id, set_by_id=link.coach_id, cleared_at__isnull=True
    ).update(cleared_at=timezone.now(), cleared_reason=CoachOverride.Cleared.LINK_ENDED)
