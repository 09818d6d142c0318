"""Reads of the coach's overrides: the ones that still count for an athlete, and the ones the athlete
dismissed lately (their coach's page says so)."""

import datetime

from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import CoachingLink, User

from ..models import CoachOverride, SetLog

DISMISSED_SHOWN_FOR = datetime.timedelta(days=14)  # how long the coach's page tells of a dismissal
DISMISSED_SHOWN_AT_MOST = 5


def pending_overrides(athlete: User, exercise_ids: set[int]) -> dict[int, CoachOverride]:
    """exercise id -> the coach's override that still counts. Most lifters have none pending: one plain
    query says so, and only if there is one does the log decide whether a set has used it up."""
    pending = CoachOverride.objects.filter(athlete=athlete, cleared_at__isnull=True, exercise_id__in=exercise_ids)
    if not pending.exists():
        return {}
    found = active_overrides(athlete).filter(exercise_id__in=exercise_ids)
    return {override.exercise_id: override for override in found}


def active_overrides(athlete: User) -> QuerySet[CoachOverride]:
    """The athlete's coach overrides that still count (still_counting), with who set them."""
    return still_counting(CoachOverride.objects.filter(athlete=athlete)).select_related("set_by")


def still_counting(overrides: QuerySet[CoachOverride]) -> QuerySet[CoachOverride]:
    """Those of `overrides` that count: not cleared; set by a coach who still coaches the athlete under the
    link it was set under; and no working set of that exercise logged since (derived from the log on every
    read, so nothing is written when a set uses one up).

    Ending a link clears its coach's overrides (services.overrides.end_with_link); the link is checked here
    as well so that a row that escaped that (written before the rule, or by hand) never counts, not even
    after the two are linked again by a new invitation."""
    consumed = SetLog.objects.working().filter(
        athlete_id=OuterRef("athlete_id"), exercise_id=OuterRef("exercise_id"), logged_at__gt=OuterRef("created_at")
    )
    under_its_link = CoachingLink.objects.active().filter(
        coach_id=OuterRef("set_by_id"), athlete_id=OuterRef("athlete_id"), started_at__lte=OuterRef("created_at")
    )
    return overrides.filter(cleared_at__isnull=True).filter(Exists(under_its_link)).exclude(Exists(consumed))


def get_own_override(viewer: User, pk) -> CoachOverride:
    """An override on the viewer's own card, in any state (a second tap on "Use my own advice" finds it
    dismissed already); anyone else's is a 404."""
    return get_object_or_404(CoachOverride.objects.filter(athlete=viewer), pk=pk)


def recently_dismissed(athlete: User, *, coach: User, now: datetime.datetime) -> list[CoachOverride]:
    """The coach's overrides the athlete dismissed lately, newest first, for the coach's page of them: one
    query. Only the coach's own: what another coach (or a former one) set is not theirs to see."""
    return list(
        CoachOverride.objects.filter(
            athlete=athlete,
            set_by=coach,
            cleared_reason=CoachOverride.Cleared.DISMISSED,
            cleared_at__gte=now - DISMISSED_SHOWN_FOR,
        )
        .select_related("exercise", "set_by")
        .order_by("-cleared_at", "-pk")[:DISMISSED_SHOWN_AT_MOST]
    )
