"""Reads for import and export: an athlete's own import jobs, and what an athlete takes away: every logged
set as CSV (our format and Strong's classic layout) and everything the account holds as JSON. Generators
all the way down: rows come from `.values()` querysets read with `.iterator()`, so a long history is never
held in memory, and the query count does not grow with it. The format is documented in docs/export-format.md.
"""

import json
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import CoachingLink
from exercises.models import Exercise, ExerciseMuscle, ExerciseStep
from workouts.models import PlannedExercise, PlannedSession, TemplateItem, WorkoutTemplate
from workouts.selectors import with_state
from workouts.services import PRESCRIPTION_FIELDS

from ..models import Comment, ImportJob, SessionExercise, SetLog, TrainingSession

CHUNK = 2000
RIR_TO_RPE = 10  # RPE = 10 - RIR
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

SETS_HEADER = ["date", "session", "exercise", "set_number", "weight", "unit", "reps", "rir", "rpe", "warmup", "note"]
STRONG_HEADER = [
    "Date", "Workout Name", "Duration", "Exercise Name", "Set Order", "Weight", "Reps",
    "Distance", "Seconds", "Notes", "Workout Notes", "RPE",
]  # fmt: skip


def jobs_of(athlete) -> QuerySet[ImportJob]:
    """The athlete's own imports, newest first, without the big JSON columns the lists don't show."""
    return ImportJob.objects.filter(athlete=athlete).defer("preview", "mapping")


def get_job_for_athlete(athlete, pk) -> ImportJob:
    """One of the athlete's own imports; anyone else's is a 404."""
    return get_object_or_404(ImportJob.objects.filter(athlete=athlete), pk=pk)


def neutralise(text: str) -> str:
    """A text cell a spreadsheet would run as a formula ("=HYPERLINK(...)") comes out as text: a leading '."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def plain(value: Decimal) -> str:
    """102.50 -> "102.5", 100.00 -> "100": the number as a lifter writes it."""
    return f"{value.normalize():f}" if value else "0"


def strong_weight(value: Decimal) -> str:
    """Strong writes weights with at least one decimal: 275.0, 102.5."""
    text = plain(value)
    return text if "." in text else f"{text}.0"


def rpe(rir: int | None) -> int | None:
    """RPE = 10 - RIR; None for a set imported without RPE (its RIR is unknown)."""
    return None if rir is None else RIR_TO_RPE - rir


def strong_duration(started: datetime, finished: datetime | None) -> str:
    """ "1h 4m", "58m"; empty while the workout is unfinished."""
    if finished is None or finished < started:
        return ""
    minutes = int((finished - started) / timedelta(minutes=1))
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes}m" if hours else f"{minutes}m"


SET_FIELDS = (
    "session_exercise_id",
    "session_exercise__note",
    "session_exercise__session__name",
    "session_exercise__session__started_at",
    "session_exercise__session__finished_at",
    "exercise__name",
    "weight",
    "unit",
    "reps",
    "rir",
    "is_warmup",
)


def _sets(athlete) -> Iterator[dict]:
    """The athlete's sets, oldest workout first; within it, exercise by exercise in the workout's order,
    each exercise's sets in the order they were logged."""
    return (
        SetLog.objects.of_athletes([athlete.pk])
        .order_by(
            "session_exercise__session__started_at",
            "session_exercise__session_id",
            "session_exercise__position",
            "session_exercise_id",
            "logged_at",
            "pk",
        )
        .values(*SET_FIELDS)
        .iterator(chunk_size=CHUNK)
    )


def set_rows(athlete) -> Iterator[list]:
    """Our format: the header, then one row per set. Set numbers count every set of the exercise in the
    workout, warm-ups included."""
    zone = ZoneInfo(athlete.time_zone)
    yield SETS_HEADER
    current, number = None, 0
    for row in _sets(athlete):
        if row["session_exercise_id"] != current:
            current, number = row["session_exercise_id"], 0
        number += 1
        yield [
            row["session_exercise__session__started_at"].astimezone(zone).isoformat(timespec="seconds"),
            neutralise(row["session_exercise__session__name"]),
            neutralise(row["exercise__name"]),
            number,
            plain(row["weight"]),
            row["unit"],
            row["reps"],
            row["rir"],  # None (imported without RPE) is an empty cell: csv.writer writes None as ""
            rpe(row["rir"]),
            "yes" if row["is_warmup"] else "no",
            neutralise(row["session_exercise__note"]),
        ]


def strong_rows(athlete) -> Iterator[list]:
    """Strong's classic layout: warm-ups are "W", working sets count 1, 2, 3; the exercise's note sits on
    its first row; weights are in the unit they were logged in (Strong files carry no unit)."""
    zone = ZoneInfo(athlete.time_zone)
    yield STRONG_HEADER
    current, number = None, 0
    for row in _sets(athlete):
        first = row["session_exercise_id"] != current
        if first:
            current, number = row["session_exercise_id"], 0
        if not row["is_warmup"]:
            number += 1
        started = row["session_exercise__session__started_at"]
        yield [
            started.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S"),
            neutralise(row["session_exercise__session__name"]),
            strong_duration(started, row["session_exercise__session__finished_at"]),
            neutralise(row["exercise__name"]),
            "W" if row["is_warmup"] else number,
            strong_weight(row["weight"]),
            row["reps"],
            0,
            0,
            neutralise(row["session_exercise__note"]) if first else "",
            "",
            rpe(row["rir"]),
        ]


# The account as JSON.


def _nest(parents: Iterable[dict], children: Iterable[dict], *, key: str, into: str) -> Iterator[dict]:
    """Hang each parent's children on it. Both come sorted the same way (children by their parent, in
    the parents' order), so one pass over each stream does it without holding either."""
    children = iter(children)
    pending = next(children, None)
    for parent in parents:
        parent[into] = []
        while pending is not None and pending[key] == parent["id"]:
            parent[into].append({k: v for k, v in pending.items() if k != key})
            pending = next(children, None)
        yield parent


def _values(queryset, *fields) -> Iterator[dict]:
    return queryset.values(*fields).iterator(chunk_size=CHUNK)


def _json_default(value):
    if isinstance(value, Decimal):
        return plain(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "hex"):  # UUID
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def _dumps(value) -> str:
    return json.dumps(value, default=_json_default, ensure_ascii=False, separators=(",", ":"))


PROFILE_FIELDS = (
    "username", "display_name", "email", "unit", "time_zone", "is_coach", "date_joined",
    "bar_weight", "plates", "cable_lightest", "cable_step",
    "dumbbell_lightest", "dumbbell_heaviest", "dumbbell_step", "dumbbells",
)  # fmt: skip
# What the export shows of a prescription: the exercise by name (ids mean nothing outside this database).
EXPORTED_PRESCRIPTION = (
    "exercise__name", "position",
    *(name for name in PRESCRIPTION_FIELDS if name != "exercise_id"),
)  # fmt: skip


def _templates(user):
    templates = WorkoutTemplate.objects.filter(owner=user).order_by("pk")
    items = TemplateItem.objects.filter(template__owner=user).order_by("template_id", "position", "pk")
    return _nest(
        _values(templates, "id", "name", "notes", "created_at", "updated_at"),
        _values(items, "template_id", *EXPORTED_PRESCRIPTION),
        key="template_id",
        into="items",
    )


def _custom_exercises(user):
    exercises = Exercise.objects.filter(created_by=user).order_by("pk")
    fields = ("id", "name", "summary", "equipment", "pattern", "setup", "is_unilateral", "cues", "mistakes")
    fields += ("rep_min", "rep_max", "increment_lb", "decrement_lb", "increment_kg", "decrement_kg", "notes")
    muscles = ExerciseMuscle.objects.filter(exercise__created_by=user).order_by("exercise_id", "role", "pk")
    steps = ExerciseStep.objects.filter(exercise__created_by=user).order_by("exercise_id", "position")
    with_muscles = _nest(
        _values(exercises, *fields, "is_archived"),
        _values(muscles, "exercise_id", "muscle__name", "role"),
        key="exercise_id",
        into="muscles",
    )
    return _nest(with_muscles, _values(steps, "exercise_id", "position", "text"), key="exercise_id", into="steps")


def _plan(user):
    today = timezone.localdate(timezone=ZoneInfo(user.time_zone))
    sessions = with_state(PlannedSession.objects.filter(athlete=user), today=today).order_by("pk")
    fields = ("id", "date", "name", "state", "notes", "planned_by__display_name", "planned_by__username")
    fields += ("started_at", "logged_session_id")
    fields += ("cancelled_at", "skipped_at", "skip_reason")
    exercises = PlannedExercise.objects.filter(session__athlete=user).order_by("session_id", "position", "pk")
    return _nest(
        _values(sessions, *fields),
        _values(exercises, "session_id", *EXPORTED_PRESCRIPTION),
        key="session_id",
        into="exercises",
    )


def _sessions(user):
    sessions = TrainingSession.objects.filter(athlete=user).order_by("pk")
    exercises = SessionExercise.objects.filter(session__athlete=user).order_by("session_id", "position", "pk")
    sets = SetLog.objects.filter(athlete=user).order_by(
        "session_exercise__session_id", "session_exercise__position", "session_exercise_id", "logged_at", "pk"
    )
    set_fields = ("session_exercise_id", "exercise__name", "weight", "unit", "reps", "rir")
    set_fields += ("reps_left", "rir_left", "reps_right", "rir_right", "is_warmup", "logged_at")
    with_sets = _nest(
        _values(exercises, "id", "session_id", *PRESCRIPTION_FIELDS, "skipped", "swapped_from__name"),
        _values(sets, *set_fields),
        key="session_exercise_id",
        into="sets",
    )
    return _nest(
        _values(sessions, "id", "name", "started_at", "finished_at", "planned_session_id"),
        ({k: v for k, v in exercise.items() if k != "id"} for exercise in with_sets),
        key="session_id",
        into="exercises",
    )


def _comments(user):
    """The comments the user wrote, and every comment on their own workouts."""
    comments = Comment.objects.filter(Q(author=user) | Q(session__athlete=user)).order_by("created_at", "pk")
    fields = ("session_id", "session__athlete_id", "session__name", "author__display_name", "author__username")
    for comment in _values(comments, *fields, "body", "created_at"):
        own = comment.pop("session__athlete_id") == user.pk
        name, display, username = (
            comment.pop(f) for f in ("session__name", "author__display_name", "author__username")
        )
        yield {
            "workout": name if own else None,  # someone else's workout: only the comment is the user's
            "on_own_workout": own,
            "author": display or username,
            "body": comment["body"],
            "created_at": comment["created_at"],
            "session_id": comment["session_id"],
        }


def _links(user):
    links = CoachingLink.objects.filter(coach=user) | CoachingLink.objects.filter(athlete=user)
    fields = ("coach_id", "coach__display_name", "coach__username", "athlete__display_name", "athlete__username")
    for link in _values(links.order_by("started_at", "pk"), *fields, "started_at", "ended_at"):
        as_coach = link["coach_id"] == user.pk
        other = "athlete" if as_coach else "coach"
        yield {
            "role": "coach" if as_coach else "athlete",
            "other": link[f"{other}__display_name"] or link[f"{other}__username"],
            "started_at": link["started_at"],
            "ended_at": link["ended_at"],
        }


def _named_people(rows: Iterable[dict], prefix: str) -> Iterator[dict]:
    for row in rows:
        display, username = row.pop(f"{prefix}__display_name"), row.pop(f"{prefix}__username")
        row[prefix] = (display or username) if username else None
        yield row


def account_json(user) -> Iterator[str]:
    """The account as one JSON object, in pieces: one json.dumps per object, so nothing is held whole."""
    profile = {field: getattr(user, field) for field in PROFILE_FIELDS}
    yield '{"format":"scapula-account","version":1,"profile":' + _dumps(profile)
    sections = {
        "templates": _templates(user),
        "custom_exercises": _custom_exercises(user),
        "planned_sessions": _named_people(_plan(user), "planned_by"),
        "sessions": _sessions(user),
        "comments": _comments(user),
        "coaching_links": _links(user),
    }
    for name, objects in sections.items():
        yield f',"{name}":['
        for index, obj in enumerate(objects):
            yield ("," if index else "") + _dumps(obj)
        yield "]"
    yield "}\n"
