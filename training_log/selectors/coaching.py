"""What a coach reads on /coach/ and on an athlete's page: compliance, quality, stalled exercises, flags.

Every figure is counted in the database, a fixed number of queries for any number of athletes and any
length of history; the arithmetic on the counts (percentages, "stalled", "down") is pure and lives in
training_log.domain.coaching. Callers pass athletes already scoped by accounts.selectors.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Max, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from accounts.models import User
from accounts.selectors import active_athlete_links
from workouts.models import PlannedSession
from workouts.selectors import with_state

from ..domain.coaching import (
    COMPLIANCE_DOWN,
    NO_RECENT_WORKOUT,
    STALLED_WORKOUTS,
    Compliance,
    Quality,
    compliance_down,
    is_stalled,
    unread_flag,
)
from ..domain.sets import numbered
from ..models import SessionExercise, SetLog, TrainingSession

STALLED_WEEKS = 8  # stalls are judged within this many weeks: what the athlete trains now, and a bounded scan
PLAN_DAYS = 14  # the athlete page shows the plan this many days back and ahead
RECENT_WORKOUTS = 5


# --- Queries: one each, for all the athletes given ---------------------------------------------------


def _compliance_windows(
    athlete_ids, windows: dict[str, tuple[datetime.date, datetime.date]], *, today: datetime.date
) -> dict[int, dict[str, Compliance]]:
    """For each athlete, a Compliance per named window [start, end] (dates included), in one query."""
    day_over = Q(date__lt=today) | Q(training_session__isnull=False) | Q(skipped_at__isnull=False)
    done = Q(training_session__isnull=False)
    aggregates = {}
    for name, (start, end) in windows.items():
        counted = Q(date__gte=start, date__lte=end) & day_over
        aggregates[f"{name}_planned"] = Count("pk", filter=counted)
        aggregates[f"{name}_done"] = Count("pk", filter=counted & done)
    rows = (
        PlannedSession.objects.filter(
            athlete_id__in=athlete_ids,
            cancelled_at__isnull=True,
            date__gte=min(start for start, _ in windows.values()),
            date__lte=max(end for _, end in windows.values()),
        )
        .order_by()
        .values("athlete_id")
        .annotate(**aggregates)
    )
    found = {
        row["athlete_id"]: {name: Compliance(row[f"{name}_done"], row[f"{name}_planned"]) for name in windows}
        for row in rows
    }
    return {pk: found.get(pk, {name: Compliance() for name in windows}) for pk in athlete_ids}


def compliance(athlete_ids, start: datetime.date, end: datetime.date, *, today: datetime.date) -> dict[int, Compliance]:
    """Planned sessions done between start and end (both included), per athlete.

    Planned: not cancelled, and its day is over (a session dated today that was neither started nor
    skipped does not count yet). Done: it became a workout (done, partly done or in progress); skipped and
    missed sessions are planned and not done. Nothing planned: percent None, which is not a failure.
    """
    windows = _compliance_windows(athlete_ids, {"window": (start, end)}, today=today)
    return {pk: by_window["window"] for pk, by_window in windows.items()}


def quality(athlete_ids, since: datetime.datetime) -> dict[int, Quality]:
    """Per athlete, the working sets logged since `since` and how many were inside both the rep range and
    the RIR band their session prescribed (judged when each was stored: SetLog.on_target). Warm-ups never
    count; sets without RIR are counted apart."""
    rows = (
        SetLog.objects.working()
        .filter(athlete_id__in=athlete_ids, logged_at__gte=since)
        .order_by()
        .values("athlete_id")
        .annotate(
            total=Count("pk", filter=Q(rir__isnull=False)),
            inside=Count("pk", filter=Q(on_target=True)),
            unjudged=Count("pk", filter=Q(rir__isnull=True)),
        )
    )
    found = {row["athlete_id"]: Quality(row["inside"], row["total"], row["unjudged"]) for row in rows}
    return {pk: found.get(pk, Quality()) for pk in athlete_ids}


@dataclass(frozen=True)
class Stalled:
    exercise_id: int
    name: str
    bests: tuple[Decimal, ...]  # best estimated 1RM (kg) of each of the last three workouts, oldest first


def last_workout_bests(athlete_ids, since: datetime.datetime | None = None) -> QuerySet:
    """Rows of (athlete, exercise, workout, best e1RM in kg), only each exercise's last three workouts per
    athlete (started since `since`, when given): the working sets grouped by workout, ranked newest first
    with a window function."""
    workout_started = "session_exercise__session__started_at"
    # Through the workouts' athlete index (of_athletes): 50 athletes, 3.1M sets, 100 -> 40 ms.
    sets = SetLog.objects.working().of_athletes(athlete_ids)
    if since is not None:
        sets = sets.filter(logged_at__gte=since, session_exercise__session__started_at__gte=since)
    return (
        sets.order_by()
        .values("athlete_id", "exercise_id", "exercise__name", "session_exercise__session_id", workout_started)
        .annotate(best=Max("e1rm_kg"))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("athlete_id"), F("exercise_id")],
                order_by=[F(workout_started).desc(), F("session_exercise__session_id").desc()],
            )
        )
        .filter(rank__lte=STALLED_WORKOUTS)
    )


def stalled_exercises(athlete_ids, since: datetime.datetime | None = None) -> dict[int, list[Stalled]]:
    """Per athlete, the exercises whose estimated 1RM (Epley on the reps done) is not up over their last
    three workouts, by name. One query. `since` leaves out older workouts: an exercise not trained three
    times since then is not judged (the dashboard looks back STALLED_WEEKS)."""
    bests: dict[tuple[int, int], list] = {}
    names: dict[int, str] = {}
    for row in last_workout_bests(athlete_ids, since):
        bests.setdefault((row["athlete_id"], row["exercise_id"]), []).append((row["rank"], row["best"]))
        names[row["exercise_id"]] = row["exercise__name"]
    stalled: dict[int, list[Stalled]] = {pk: [] for pk in athlete_ids}
    for (athlete_id, exercise_id), ranked in bests.items():
        oldest_first = [best for _, best in sorted(ranked, reverse=True)]
        if is_stalled(oldest_first):
            stalled.setdefault(athlete_id, []).append(Stalled(exercise_id, names[exercise_id], tuple(oldest_first)))
    for found in stalled.values():
        found.sort(key=lambda item: item.name.casefold())
    return stalled


def last_workouts(athlete_ids) -> dict[int, datetime.date]:
    """Per athlete who has one, the day (in the current time zone) of their last workout."""
    rows = (
        TrainingSession.objects.filter(athlete_id__in=athlete_ids)
        .order_by()
        .values("athlete_id")
        .annotate(last=Max("started_at"))
    )
    return {row["athlete_id"]: timezone.localtime(row["last"]).date() for row in rows}


# --- What the pages show ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AthleteFigures:
    """One athlete's row on /coach/, and the top of their page."""

    athlete: User
    last_workout: datetime.date | None
    days_since_workout: int | None
    week: Compliance
    month: Compliance
    previous_month: Compliance
    quality: Quality
    stalled: list[Stalled] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    @property
    def sort_key(self) -> tuple:
        """Most flags first, then the lowest 28-day compliance (unknown last), then the name."""
        month = self.month.percent
        return (-len(self.flags), month is None, month or 0, self.athlete.public_name.casefold(), self.athlete.pk)


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _figures(athletes: list[User], today: datetime.date, unread: dict[int, int] | None) -> list[AthleteFigures]:
    ids = [athlete.pk for athlete in athletes]
    if not ids:
        return []
    day = datetime.timedelta(days=1)
    month_start = today - 27 * day
    windows = _compliance_windows(
        ids,
        {
            "week": (today - 6 * day, today),
            "month": (month_start, today),
            "previous_month": (month_start - 28 * day, month_start - day),
        },
        today=today,
    )
    qualities = quality(ids, _start_of(month_start))
    stalled = stalled_exercises(ids, since=_start_of(today - datetime.timedelta(weeks=STALLED_WEEKS)))
    last = last_workouts(ids)
    unread = unread or {}
    rows = []
    for athlete in athletes:
        counts = windows[athlete.pk]
        flags = []
        last_day = last.get(athlete.pk)
        if last_day is None or (today - last_day).days >= 7:
            flags.append(NO_RECENT_WORKOUT)
        if compliance_down(counts["month"], counts["previous_month"]):
            flags.append(COMPLIANCE_DOWN)
        if unread.get(athlete.pk):
            flags.append(unread_flag(unread[athlete.pk]))
        rows.append(
            AthleteFigures(
                athlete=athlete,
                last_workout=last_day,
                days_since_workout=(today - last_day).days if last_day else None,
                week=counts["week"],
                month=counts["month"],
                previous_month=counts["previous_month"],
                quality=qualities[athlete.pk],
                stalled=stalled.get(athlete.pk, []),
                flags=flags,
            )
        )
    return rows


def dashboard_rows(coach: User, today: datetime.date, unread: dict[int, int] | None = None) -> list[AthleteFigures]:
    """One row per athlete the coach coaches now, those who need attention first.

    `unread`: athlete id -> unread comments for the coach (from the comments' selector), when known."""
    athletes = [link.athlete for link in active_athlete_links(coach)]
    return sorted(_figures(athletes, today, unread), key=lambda row: row.sort_key)


def athlete_figures(athlete: User, today: datetime.date, unread: dict[int, int] | None = None) -> AthleteFigures:
    return _figures([athlete], today, unread)[0]


def plan_around(athlete: User, today: datetime.date) -> QuerySet[PlannedSession]:
    """The athlete's plan from PLAN_DAYS back to PLAN_DAYS ahead, each session with its state
    (workouts.selectors.with_state, shown by workouts/_state.html). Cancelled sessions are left out, as
    everywhere."""
    window = datetime.timedelta(days=PLAN_DAYS)
    return with_state(
        PlannedSession.objects.filter(
            athlete=athlete, date__gte=today - window, date__lte=today + window, cancelled_at__isnull=True
        ),
        today=today,
    ).order_by("date", "pk")


@dataclass(frozen=True)
class LoggedExercise:
    item: SessionExercise
    rows: list[tuple[str, SetLog]]  # each set with its label: "W" for a warm-up, else its number


@dataclass(frozen=True)
class RecentWorkout:
    session: TrainingSession
    exercises: list[LoggedExercise]


def recent_workouts(athlete: User, count: int = RECENT_WORKOUTS) -> list[RecentWorkout]:
    """The athlete's last workouts with every exercise, its note and every set (warm-ups included), in
    three queries."""
    sets = SetLog.objects.order_by("logged_at", "pk")
    exercises = (
        SessionExercise.objects.select_related("exercise")
        .prefetch_related(Prefetch("logged_sets", queryset=sets))
        .order_by("position", "pk")
    )
    sessions = (
        TrainingSession.objects.filter(athlete=athlete)
        .order_by("-started_at", "-pk")
        .prefetch_related(Prefetch("exercises", queryset=exercises))[:count]
    )
    return [
        RecentWorkout(
            session,
            [LoggedExercise(item, numbered(list(item.logged_sets.all()))) for item in session.exercises.all()],
        )
        for session in sessions
    ]
