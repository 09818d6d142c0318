"""Reads of the coach's overrides: the ones that still count for an athlete."""

from django.db.models import Exists, OuterRef, QuerySet

from accounts.models import User

from ..models import CoachOverride, SetLog


def pending_overrides(athlete: User, exercise_ids: set[int]) -> dict[int, CoachOverride]:
    """exercise id -> the coach's override that still counts. Most lifters have none pending: one plain
    query says so, and only if there is one does the log decide whether a set has used it up."""
    pending = CoachOverride.objects.filter(athlete=athlete, cleared_at__isnull=True, exercise_id__in=exercise_ids)
    if not pending.exists():
        return {}
    found = active_overrides(athlete).filter(exercise_id__in=exercise_ids)
    return {override.exercise_id: override for override in found}


def active_overrides(athlete: User) -> QuerySet[CoachOverride]:
    """The athlete's coach overrides that still count: not cleared, and no working set of that exercise
    logged since. Derived from the log on every read, so nothing is written when a set consumes one."""
    consumed = SetLog.objects.working().filter(
        athlete_id=OuterRef("athlete_id"), exercise_id=OuterRef("exercise_id"), logged_at__gt=OuterRef("created_at")
    )
    return (
        CoachOverride.objects.filter(athlete=athlete, cleared_at__isnull=True)
        .exclude(Exists(consumed))
        .select_related("set_by")
    )
