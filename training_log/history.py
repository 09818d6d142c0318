"""Where lifters look: one exercise's history, page by page, and the figures a workout summary adds
(duration, volume). Reads only; the caller scopes the athlete and the exercise (the views do, through
accounts.selectors.get_athlete_for_viewer and exercises.selectors.exercises_visible_to)."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import F

from accounts.models import User

from .models import SetLog, TrainingSession
from .records import lifted
from .services.progression import convert, lifted_e1rm

HISTORY_PAGE_SIZE = 20  # workouts per page of an exercise's history


@dataclass(frozen=True)
class HistoryWorkout:
    session: TrainingSession  # pk, name and started_at only
    sets: list[SetLog]  # this exercise's sets in that workout, warm-ups too, in order
    best_e1rm: Decimal | None  # of its working sets, in the athlete's unit


def exercise_history(athlete: User, exercise_id: int, page_number) -> tuple[Page, list[HistoryWorkout]]:
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


def workout_duration(session: TrainingSession) -> str:
    """Started to finished, as a lifter says it: "52 min", "1 h 05 min"; "in progress" while open.
    A reopened workout counts from its start to its last finish."""
    if session.finished_at is None:
        return "in progress"
    minutes = max(0, round((session.finished_at - session.started_at).total_seconds() / 60))
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def set_volume(logged: SetLog, unit: str) -> Decimal:
    """Weight × reps in `unit`. A one-arm set counts the weaker side's reps (what `reps` holds) twice."""
    reps = logged.reps * (2 if logged.reps_left is not None else 1)
    return convert(logged.weight, logged.unit, unit) * reps


def format_volume(volume: Decimal | int) -> str:
    """12340.5 -> "12,341": volume is a rough tally, whole units read best."""
    return f"{Decimal(volume).quantize(Decimal(1)):,}"
