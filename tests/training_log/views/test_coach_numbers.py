"""/coach/ and the coach's athlete page cost the same number of queries for 1 athlete as for 50, each with a
year of history (3 workouts a week, 20 working sets each: about 156,000 sets)."""

import datetime
import uuid
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import CoachingLink, User
from tests.factories import ExerciseFactory
from training_log.models import SessionExercise, SetLog, TrainingSession
from workouts.models import PlannedSession

WEEKS = 52
WORKOUT_DAYS = (0, 2, 4)  # Monday, Wednesday, Friday
SETS_PER_EXERCISE = 5
BATCH = 2000


def _year_of_history(coach, exercises, first: int, count: int) -> list[User]:
    """`count` athletes coached by `coach`, each with a year of planned and logged workouts: rows built in
    Python, one insert per model."""
    athletes = User.objects.bulk_create(
        User(username=f"bulk{n}", email=f"bulk{n}@example.com", display_name=f"Bulk {n:02d}", password="!")
        for n in range(first, first + count)
    )
    CoachingLink.objects.bulk_create(CoachingLink(coach=coach, athlete=athlete) for athlete in athletes)
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday(), weeks=WEEKS)
    days = [monday + datetime.timedelta(weeks=w, days=d) for w in range(WEEKS + 2) for d in WORKOUT_DAYS]
    to_train = [
        PlannedSession(athlete=a, planned_by=coach, date=day, name="Upper back") for a in athletes for day in days
    ]
    # Eight more on Saturdays before today, never started: missed.
    saturdays = [today - datetime.timedelta(days=(today.weekday() - 5) % 7 or 7, weeks=w) for w in range(8)]
    missed = [
        PlannedSession(athlete=a, planned_by=coach, date=day, name="Extra") for a in athletes for day in saturdays
    ]
    PlannedSession.objects.bulk_create(to_train + missed, batch_size=BATCH)
    trained = [p for p in to_train if p.date < today]
    sessions = TrainingSession.objects.bulk_create(
        [
            TrainingSession(
                athlete_id=p.athlete_id,
                planned_session=p,
                name=p.name,
                started_at=timezone.make_aware(datetime.datetime.combine(p.date, datetime.time(18))),
                finished_at=timezone.make_aware(datetime.datetime.combine(p.date, datetime.time(19))),
            )
            for p in trained
        ],
        batch_size=BATCH,
    )
    exercise_rows = [
        (s.pk, exercise.pk, n, SETS_PER_EXERCISE, 4, 8, 1, 2, 120, "", "", False)
        for s in sessions
        for n, exercise in enumerate(exercises)
    ]
    _insert(SessionExercise, EXERCISE_COLUMNS, exercise_rows)
    by_session = {s.pk: s for s in sessions}
    items = (
        SessionExercise.objects.filter(session__athlete__in=athletes)
        .order_by("pk")
        .values_list("pk", "session_id", "exercise_id", "position")
    )
    _insert(SetLog, SET_COLUMNS, _sets(items, by_session))
    return athletes


# Raw inserts for the two big tables: bulk_create prepares each value in Python (156,000 sets x 17 values,
# about a second per athlete-year); the database driver adapts plain values in C.
EXERCISE_COLUMNS = [
    "session_id", "exercise_id", "position", "sets", "rep_min", "rep_max", "rir_min", "rir_max", "rest_seconds",
    "load_unit", "note", "skipped",
]  # fmt: skip
SET_COLUMNS = [
    "athlete_id", "session_exercise_id", "exercise_id", "client_id", "weight", "unit", "reps", "rir", "weight_kg",
    "e1rm_kg", "is_warmup", "logged_at",
]  # fmt: skip


def _insert(model, columns, rows) -> None:
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) VALUES ({placeholders})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH * 10):
            cursor.executemany(sql, rows[start : start + BATCH * 10])


def _sets(items, sessions) -> list[tuple]:
    """SETS_PER_EXERCISE working sets per session exercise, e1RM by Epley on the reps done, a little
    heavier every few workouts. Time stamps as the backend stores them (naive UTC text on SQLite)."""
    naive = connection.vendor == "sqlite"
    rows = []
    for n, (item_id, session_id, exercise_id, position) in enumerate(items):
        session = sessions[session_id]
        started = session.started_at.astimezone(datetime.UTC).replace(tzinfo=None) if naive else session.started_at
        weight = Decimal(60 + (n // 12) % 40)
        for k in range(SETS_PER_EXERCISE):
            reps = 3 + (n + k) % 7
            rows.append(
                (
                    session.athlete_id, item_id, exercise_id, uuid.uuid4().hex, weight, "kg", reps, k % 4, weight,
                    (weight * (1 + Decimal(reps) / 30)).quantize(Decimal("0.001")), False,
                    started + datetime.timedelta(minutes=3 * (position * SETS_PER_EXERCISE + k)),
                )
            )  # fmt: skip
    return rows


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def test_coach_pages_run_as_many_queries_for_50_athletes_with_a_year_each_as_for_one(
    db, client, django_assert_max_num_queries, settings
):
    # The rows go in by bulk insert, which no write hook sees; and what is measured is the page being made.
    settings.PRIVATE_PAGE_CACHE = False
    coach = User.objects.create(username="bulkcoach", email="bulkcoach@example.com", is_coach=True, password="!")
    exercises = ExerciseFactory.create_batch(4)
    first = _year_of_history(coach, exercises, 0, 1)[0]
    client.force_login(coach)
    with_one = {"/coach/": _queries(client, "/coach/"), "athlete": _queries(client, f"/coach/athletes/{first.pk}/")}

    _year_of_history(coach, exercises, 1, 49)
    assert SetLog.objects.count() > 150_000

    with django_assert_max_num_queries(with_one["/coach/"]):
        response = client.get("/coach/")
    assert response.content.decode().count('class="card mb-2 coach-row"') == 50
    with django_assert_max_num_queries(with_one["athlete"]):
        response = client.get(f"/coach/athletes/{first.pk}/")
    assert response.content.decode().count('class="card mb-2 coach-workout"') == 5
    assert with_one["/coach/"] <= 10 and with_one["athlete"] <= 15
