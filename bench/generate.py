"""Synthetic training data at scale, straight into the database with COPY (PostgreSQL) or bulk inserts.

Default scale: 1,000 athletes and 50 coaches (20 athletes each), plus one head coach with 50 athletes (the
/coach/ page of the benchmark); each athlete trained a year, 3 workouts a week (Mon, Wed, Fri), 4 exercises x 5
sets (a warm-up and 4 working sets) = 20 sets a workout: about 3.1 million sets, 156,000 workouts. Each athlete
also has 4 weeks planned ahead and a comment from their coach on every tenth workout. SCALE=10 for ten times the
athletes. Every generated user's password is "bench-password".

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/scapula_bench python bench/generate.py
(the database must be migrated and hold the library: bench/run.py does both). Prints how long it took.
"""

import datetime as dt
import os
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ATHLETES = 1000
COACHES = 50
PER_COACH = 20
HEAD_COACH_ATHLETES = 50
WEEKS = 52
WORKOUT_DAYS = (0, 2, 4)  # Mon, Wed, Fri
LIFTS = ("deadlift", "barbell-row", "cable-row", "face-pull", "seal-row", "dumbbell-rear-lateral-raise")
SETS = 5  # a warm-up and four working sets
PASSWORD = "bench-password"  # noqa: S105 - generated benchmark users only
BATCH = 50_000


def _rows_writer(connection):
    """write(model, fields, rows): COPY on PostgreSQL, executemany elsewhere."""
    if connection.vendor == "postgresql":

        def write(model, fields, rows):
            columns = ", ".join(f'"{model._meta.get_field(name).column}"' for name in fields)
            with (
                connection.cursor() as cursor,
                cursor.cursor.copy(
                    f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN'  # noqa: S608 - our own names
                ) as copy,
            ):
                for row in rows:
                    copy.write_row(row)

    else:

        def write(model, fields, rows):
            columns = ", ".join(f'"{model._meta.get_field(name).column}"' for name in fields)
            marks = ", ".join(["%s"] * len(fields))
            sql = f'INSERT INTO "{model._meta.db_table}" ({columns}) VALUES ({marks})'  # noqa: S608
            batch = []
            prepare = [model._meta.get_field(name) for name in fields]
            with connection.cursor() as cursor:
                for row in rows:
                    values = zip(prepare, row, strict=True)
                    batch.append([field.get_db_prep_save(value, connection) for field, value in values])
                    if len(batch) == BATCH:
                        cursor.executemany(sql, batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)

    return write


def _next_id(model) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def _reset_sequences(connection, models) -> None:
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def generate(scale: float = 1.0, *, today: dt.date | None = None, log=print) -> dict:
    """Fill the database; returns the counts. The caller holds no transaction (COPY streams)."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import CoachingLink, User, new_version
    from exercises.models import Exercise
    from training_log.domain.progression import estimated_1rm, to_kg
    from training_log.models import Comment, SessionExercise, SetLog, TrainingSession
    from workouts.models import PlannedExercise, PlannedSession

    started = time.perf_counter()
    today = today or timezone.localdate()
    write = _rows_writer(connection)
    lifts = {e.slug: e for e in Exercise.objects.filter(slug__in=LIFTS, created_by__isnull=True)}
    lifts = [lifts[slug] for slug in LIFTS if slug in lifts]
    athletes_n = max(1, round(ATHLETES * scale))
    coaches_n = max(1, round(COACHES * scale))
    password = make_password(PASSWORD)
    now = timezone.now()
    counts = {}

    with transaction.atomic():
        first_user = _next_id(User)
        users = []
        for n in range(coaches_n + 1 + athletes_n):
            kind = "coach" if n <= coaches_n else "athlete"
            number = n if kind == "coach" else n - coaches_n - 1
            name = "bench-head-coach" if n == 0 else f"bench-{kind}-{number}"
            users.append(
                (first_user + n, password, name, f"{name}@example.com", name.replace("-", " ").title(), kind == "coach")
            )
        write(
            User,
            ("id", "password", "username", "email", "display_name", "is_coach", "first_name", "last_name",
             "is_superuser", "is_staff", "is_active", "date_joined", "unit", "bar_weight", "plates", "cable_lightest",
             "cable_step", "dumbbell_lightest", "dumbbell_heaviest", "dumbbell_step", "dumbbells", "time_zone",
             "confirmed_at", "session_generation", "pages_version", "history_version"),
            (
                (*user, "", "", False, False, True, now, "lb", Decimal(45), "45, 35, 25, 10, 5, 2.5", Decimal(10),
                 Decimal(10), Decimal(5), Decimal(100), Decimal(5), "", "UTC", now, 0, new_version(), new_version())
                for user in users
            ),
        )  # fmt: skip
        head_coach = first_user
        coaches = [first_user + n for n in range(1, coaches_n + 1)]
        athletes = [first_user + coaches_n + 1 + n for n in range(athletes_n)]
        links = [(coaches[i // PER_COACH % len(coaches)], athlete, now) for i, athlete in enumerate(athletes)]
        links += [(head_coach, athlete, now) for athlete in athletes[:HEAD_COACH_ATHLETES]]
        write(CoachingLink, ("coach_id", "athlete_id", "started_at"), links)
        counts["users"] = len(users)
        _reset_sequences(connection, [User, CoachingLink])

    monday = today - dt.timedelta(days=today.weekday())
    days = [
        monday - dt.timedelta(weeks=week) + dt.timedelta(days=day)
        for week in range(WEEKS, 0, -1)
        for day in WORKOUT_DAYS
    ]
    coach_of = {athlete: coach for coach, athlete, _ in links}
    session_id, item_id = _next_id(TrainingSession), _next_id(SessionExercise)
    sessions, items, sets, comments = [], [], [], []

    def flush():
        with transaction.atomic():
            write(
                TrainingSession,
                ("id", "athlete_id", "name", "started_at", "finished_at", "imported_from"),
                sessions,
            )
            write(
                SessionExercise,
                ("id", "session_id", "exercise_id", "position", "sets", "rep_min", "rep_max", "rir_min", "rir_max",
                 "rest_seconds", "load_unit", "note", "skipped"),
                items,
            )  # fmt: skip
            write(
                SetLog,
                ("athlete_id", "session_exercise_id", "exercise_id", "client_id", "weight", "unit", "reps", "rir",
                 "weight_kg", "e1rm_kg", "is_warmup", "logged_at", "on_target"),
                sets,
            )  # fmt: skip
            write(Comment, ("session_id", "athlete_id", "author_id", "body", "client_id", "created_at"), comments)
        counts["sessions"] = counts.get("sessions", 0) + len(sessions)
        counts["sets"] = counts.get("sets", 0) + len(sets)
        sessions.clear(), items.clear(), sets.clear(), comments.clear()

    for index, athlete in enumerate(athletes):
        base = Decimal(135 + (index % 20) * 10)
        for number, day in enumerate(days):
            start = dt.datetime.combine(day, dt.time(17, 30), tzinfo=dt.UTC)
            sessions.append((session_id, athlete, "Upper back", start, start + dt.timedelta(minutes=55), ""))
            if number % 10 == 9:
                comments.append(
                    (session_id, athlete, coach_of[athlete], "Good session: keep the bar close.", uuid.uuid4(), start)
                )
            for position in range(4):
                lift = lifts[(number + position) % len(lifts)]
                items.append(
                    (item_id, session_id, lift.pk, position, SETS - 1, lift.rep_min, lift.rep_max, 1, 2, 120, "", "",
                     False)
                )  # fmt: skip
                top = (base * (Decimal(1) + Decimal(number) / 400) / (1 + position)).quantize(Decimal(5))
                for set_number in range(SETS):
                    warmup = set_number == 0
                    weight = (top / 2).quantize(Decimal(5)) if warmup else top
                    reps = lift.rep_max - set_number % 3 if not warmup else 5
                    kg = to_kg(weight)
                    at = start + dt.timedelta(minutes=3 * (position * SETS + set_number))
                    rir = 4 if warmup else 1 + set_number % 2
                    e1rm = estimated_1rm(kg, reps, 0)
                    inside = lift.rep_min <= reps <= lift.rep_max and 1 <= rir <= 2  # the item's range, RIR 1-2
                    sets.append(
                        (athlete, item_id, lift.pk, uuid.uuid4(), weight, "lb", reps, rir, kg, e1rm, warmup, at, inside)
                    )
                item_id += 1
            session_id += 1
        if len(sets) >= BATCH:
            flush()
    flush()

    plans, planned_items = [], []
    plan_id = _next_id(PlannedSession)
    for athlete in athletes:
        for week in range(4):
            for day in WORKOUT_DAYS:
                date = monday + dt.timedelta(weeks=week + 1, days=day)
                plans.append((plan_id, athlete, coach_of[athlete], date, "Upper back", "", ""))
                for position, lift in enumerate(lifts[:4]):
                    planned_items.append((plan_id, lift.pk, position, 4, lift.rep_min, lift.rep_max, 1, 2, 120, "", ""))
                plan_id += 1
    with transaction.atomic():
        write(PlannedSession, ("id", "athlete_id", "planned_by_id", "date", "name", "notes", "skip_reason"), plans)
        write(
            PlannedExercise,
            ("session_id", "exercise_id", "position", "sets", "rep_min", "rep_max", "rir_min", "rir_max",
             "rest_seconds", "load_unit", "note"),
            planned_items,
        )  # fmt: skip
    counts["planned_sessions"] = len(plans)
    _reset_sequences(connection, [TrainingSession, SessionExercise, SetLog, Comment, PlannedSession, PlannedExercise])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    counts["seconds"] = round(time.perf_counter() - started, 1)
    log(
        f"Generated {counts['users']:,} users, {counts['sessions']:,} workouts, {counts['sets']:,} sets, "
        f"{counts['planned_sessions']:,} planned sessions in {counts['seconds']} s ({connection.vendor})"
    )
    return counts


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    generate(float(os.environ.get("SCALE", "1")))
