"""Where lifters look: one exercise's history, page by page. Reads only; the caller scopes the athlete and
the exercise (the views do, through accounts.selectors.get_athlete_for_viewer and
exercises.selectors.exercises_visible_to)."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import F

from accounts.models import User

from ..domain.progression import lifted_e1rm
from ..domain.records import lifted
from ..models import SetLog, TrainingSession

HISTORY_PAGE_SIZE = 20  # workouts per page of an exercise's history


@dataclass(frozen=True)
class HistoryWorkout:
    session: TrainingSession  # pk, name and started_at only
    sets: list[SetLog]  # this exercise's sets in that workout, warm-ups too, in order
    best_e1rm: Decimal | None  # of its working sets, in the athlete's unit


def exercise_history_page(athlete: User, exercise_id: int, page_number) -> tuple[Page, list[HistoryWorkout]]:
    """Every workout in which the athlete logged a set of this exercise, newest first, one page at a time.
    Three queries whatever the history: the count, the page's workouts, their sets. The best e1RM is the
    summary's and /progress/'s: the best working set by what was lifted (records.lifted), in the athlete's unit.
    A page number that is not one (or out of range) gives the first or the last page."""
    workouts = (
        TrainingSession.objects.filter(athlete=athlete, exercises__logged_sets__exercise_id=exercise_id)
        .distinct()
        .only("pk", "name", "started_at", "athlete_id")
        .order_by("-started_at", "-pk")
    )
    page = Paginator(workouts, HISTORY_PAGE_SIZE).get_page(page_number)
    sessions = list(page.object_list)
    by_session: dict[int, list[SetLog]] = {}
    if sessions:
        found = (
            SetLog.objects.filter(
                athlete=athlete, exercise_id=exercise_id, session_exercise__session__in=[s.pk for s in sessions]
            )
            .annotate(session_id=F("session_exercise__session_id"))
            .order_by("logged_at", "pk")
        )
        for logged in found:
            by_session.setdefault(logged.session_id, []).append(logged)
    unit = athlete.unit
    rows = []
    for session in sessions:
        sets = by_session.get(session.pk, [])
        best = max((s for s in sets if not s.is_warmup), key=lifted, default=None)
        e1rm = lifted_e1rm(best.weight, best.unit, unit, best.reps) if best else None
        rows.append(HistoryWorkout(session, sets, e1rm))
    return page, rows
