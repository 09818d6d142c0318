"""What /progress/ shows for one athlete: per exercise, the strength curve, the records and a stall flag.

Every figure is aggregated in the database, a fixed number of queries for any length of history:
the exercises trained (one), each workout's best estimated 1RM and top weight in the range (one), the
records with their dates (one, window functions), the stall check (one, selectors.coaching) and the
exercises with their alternatives (two). Warm-ups never count. Weights come out in the athlete's unit.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F, Max, Prefetch, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from accounts.models import User
from exercises.models import Exercise
from exercises.selectors import library_exercises

from ..domain import charts
from ..domain.progression import convert, lifted_e1rm
from ..domain.records import rep_records
from ..models import SetLog
from .coaching import stalled_exercises

RANGES = {"3m": ("3 months", 92), "1y": ("1 year", 366), "all": ("All time", None)}
DEFAULT_RANGE = "3m"
E1RM_SERIES = "Estimated 1RM"
TOP_SERIES = "Top weight"
SHOWN_QUANTUM = Decimal("0.1")
STARTED = "session_exercise__session__started_at"
WORKOUT = "session_exercise__session_id"
# What ranks sets by what was lifted, as the summary does (domain.records.lifted): e1RM, then weight, then reps.
LIFTED = [F("e1rm_kg").desc(), F("weight_kg").desc(), F("reps").desc()]


def parse_range(raw: str | None) -> str:
    """'3m', '1y' or 'all'; anything else is the default, never an error."""
    return raw if raw in RANGES else DEFAULT_RANGE


def in_unit(kg: Decimal, unit: str) -> Decimal:
    """A kg figure in the athlete's unit, to 0.1: what the page shows and the chart plots."""
    return convert(kg, "kg", unit).quantize(SHOWN_QUANTUM, rounding=ROUND_HALF_UP).normalize()


@dataclass(frozen=True)
class WorkoutPoint:
    day: datetime.date
    session_id: int
    e1rm: Decimal  # best estimated 1RM of the workout's working sets, in the athlete's unit
    top: Decimal  # heaviest working set of the workout, in the athlete's unit


@dataclass(frozen=True)
class Record:
    day: datetime.date
    weight: Decimal  # in the athlete's unit
    reps: int
    e1rm: Decimal  # in the athlete's unit


@dataclass(frozen=True)
class ExerciseProgress:
    exercise: Exercise
    last_trained: datetime.date
    points: tuple[WorkoutPoint, ...]  # in the range, oldest first
    chart: charts.Chart
    best_e1rm: Record
    heaviest: Record
    reps_records: tuple[Record, ...]  # heaviest first
    stalled: bool
    alternatives: tuple[Exercise, ...]  # library alternatives, for the stall's next step

    @property
    def chart_label(self) -> str:
        return f"{self.exercise.name}: estimated 1RM and top weight"


@dataclass(frozen=True)
class Progress:
    athlete: User
    unit: str
    range: str
    range_label: str
    exercises: tuple[ExerciseProgress, ...]


def _day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def workout_points(athlete: User, since: datetime.datetime | None) -> dict[int, list[WorkoutPoint]]:
    """Per exercise, each workout's best estimated 1RM and heaviest working set, oldest first. One query:
    the sets ranked within their workout by window function, keeping the best, with the workout's top
    weight beside it."""
    sets = SetLog.objects.working().of_athletes([athlete.pk])
    if since is not None:
        sets = sets.filter(**{f"{STARTED}__gte": since})
    workout = [F("exercise_id"), F(WORKOUT)]
    rows = (
        sets.order_by()
        .annotate(
            rank=Window(RowNumber(), partition_by=workout, order_by=[*LIFTED, F("pk").asc()]),
            top=Window(Max("weight_kg"), partition_by=workout),
        )
        .filter(rank=1)
        .values("exercise_id", WORKOUT, STARTED, "weight", "unit", "reps", "top")
        .order_by(STARTED, WORKOUT)
    )
    unit = athlete.unit
    points: dict[int, list[WorkoutPoint]] = {}
    for row in rows:
        e1rm = lifted_e1rm(row["weight"], row["unit"], unit, row["reps"])
        points.setdefault(row["exercise_id"], []).append(
            WorkoutPoint(_day(row[STARTED]), row[WORKOUT], e1rm, in_unit(row["top"], unit))
        )
    return points


def records(athlete: User) -> dict[int, tuple[Record, Record, tuple[Record, ...]]]:
    """Per exercise: (best estimated 1RM, heaviest weight, most reps at each weight that stands), each with
    the day it was first done. One query: three rankings by window function, keeping the top of each."""
    first_done = [F(STARTED).asc(), F("pk").asc()]
    rows = (
        SetLog.objects.working()
        .of_athletes([athlete.pk])
        .order_by()
        .annotate(
            by_e1rm=Window(RowNumber(), partition_by=[F("exercise_id")], order_by=[*LIFTED, *first_done]),
            by_weight=Window(
                RowNumber(),
                partition_by=[F("exercise_id")],
                order_by=[F("weight_kg").desc(), F("reps").desc(), *first_done],
            ),
            by_reps=Window(
                RowNumber(), partition_by=[F("exercise_id"), F("weight_kg")], order_by=[F("reps").desc(), *first_done]
            ),
        )
        .filter(Q(by_e1rm=1) | Q(by_weight=1) | Q(by_reps=1))
        .values("exercise_id", "weight", "unit", "weight_kg", "reps", STARTED, "by_e1rm", "by_weight", "by_reps")
    )
    unit = athlete.unit
    best: dict[int, Record] = {}
    heaviest: dict[int, Record] = {}
    at_weight: dict[int, list[tuple[Decimal, Record]]] = {}
    for row in rows:
        record = Record(
            _day(row[STARTED]),
            in_unit(row["weight_kg"], unit),
            row["reps"],
            lifted_e1rm(row["weight"], row["unit"], unit, row["reps"]),
        )
        exercise_id = row["exercise_id"]
        if row["by_e1rm"] == 1:
            best[exercise_id] = record
        if row["by_weight"] == 1:
            heaviest[exercise_id] = record
        if row["by_reps"] == 1:
            at_weight.setdefault(exercise_id, []).append((row["weight_kg"], record))
    standing = {
        pk: tuple(record for _, record in rep_records(rows, weight=lambda p: p[0], reps=lambda p: p[1].reps))
        for pk, rows in at_weight.items()
    }
    return {pk: (best[pk], heaviest[pk], standing.get(pk, ())) for pk in best}


def _last_trained(athlete: User) -> list[tuple[int, datetime.datetime]]:
    """The exercises the athlete has logged working sets of, most recently trained first. One query."""
    rows = (
        SetLog.objects.working()
        .of_athletes([athlete.pk])
        .order_by()
        .values("exercise_id")
        .annotate(last=Max(STARTED))
        .order_by("-last", "exercise_id")
    )
    return [(row["exercise_id"], row["last"]) for row in rows]


def range_start(key: str, now: datetime.datetime) -> datetime.datetime | None:
    days = RANGES[key][1]
    if days is None:
        return None
    start = timezone.localtime(now).date() - datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))


def _chart(points: list[WorkoutPoint], start: datetime.date | None, end: datetime.date) -> charts.Chart:
    return charts.line_chart(
        [
            (E1RM_SERIES, [(p.day, p.e1rm) for p in points]),
            (TOP_SERIES, [(p.day, p.top) for p in points]),
        ],
        start=start,
        end=end,
    )


def progress_report(athlete: User, range_key: str, *, now: datetime.datetime | None = None) -> Progress:
    """Everything /progress/ shows for `athlete` (already scoped by the caller), in six queries."""
    now = now or timezone.now()
    range_key = parse_range(range_key)
    since = range_start(range_key, now)
    trained = _last_trained(athlete)
    ids = [pk for pk, _ in trained]
    if not ids:
        return Progress(athlete, athlete.unit, range_key, RANGES[range_key][0], ())
    points = workout_points(athlete, since)
    bests = records(athlete)
    stalled = {item.exercise_id for item in stalled_exercises([athlete.pk]).get(athlete.pk, [])}
    alternatives = library_exercises().only("pk", "name", "slug", "created_by_id").order_by("name")
    exercises = Exercise.objects.filter(pk__in=ids).prefetch_related(
        Prefetch("alternatives", queryset=alternatives, to_attr="library_alternatives")
    )
    by_id = {exercise.pk: exercise for exercise in exercises}
    today = _day(now)
    start = _day(since) if since else None
    shown = []
    for pk, last in trained:
        best, heaviest, reps = bests[pk]
        exercise_points = points.get(pk, [])
        shown.append(
            ExerciseProgress(
                exercise=by_id[pk],
                last_trained=_day(last),
                points=tuple(exercise_points),
                chart=_chart(exercise_points, start, today),
                best_e1rm=best,
                heaviest=heaviest,
                reps_records=reps,
                stalled=pk in stalled,
                alternatives=tuple(by_id[pk].library_alternatives),
            )
        )
    return Progress(athlete, athlete.unit, range_key, RANGES[range_key][0], tuple(shown))
