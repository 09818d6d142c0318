"""/progress/: each workout's best estimated 1RM and top weight, the records with their dates, the stall
flag, in the athlete's unit; warm-ups never count; a bounded number of queries for 3 years of history."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import CoachingLink
from tests.clock import on
from tests.factories import (
    ExerciseFactory,
    SessionExerciseFactory,
    SetLogFactory,
    TrainingSessionFactory,
    UserFactory,
    at,
)
from training_log.models import SessionExercise, SetLog, TrainingSession
from training_log.selectors import progress

D = Decimal
THURSDAY = on("Thursday", tick=True)
TODAY = THURSDAY.today  # read once at import: the module's tests run at that day, not the real one (see _pinned)


@pytest.fixture(autouse=True)
def _pinned(clock):
    """The workouts are dated from TODAY, the page counts from the clock: both the same day, even when the
    suite runs across midnight."""
    clock.travel(THURSDAY)


def _text(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _workout(athlete, days_ago, exercise, sets, *, position=0):
    """One workout `days_ago` with `sets` of (weight, reps) or (weight, reps, unit) or (..., "warm-up"): a table
    over the factories, because these tests read as tables of sets."""
    started = at(TODAY - datetime.timedelta(days=days_ago))
    item = SessionExerciseFactory(
        session__athlete=athlete,
        session__started_at=started,
        session__finished_at=started,
        exercise=exercise,
        position=position,
        sets=len(sets),
        rep_min=5,
        rep_max=10,
    )
    for n, (weight, reps, *rest) in enumerate(sets):
        unit = next((r for r in rest if r in ("kg", "lb")), "lb")
        SetLogFactory(session_exercise=item, weight=weight, unit=unit, reps=reps, is_warmup="warm-up" in rest, minute=n)
    return item.session


@pytest.fixture
def kg_athlete(athlete):
    athlete.unit = "kg"
    athlete.save()
    return athlete


@pytest.fixture
def row(db):
    return ExerciseFactory(name="Chest-supported row")


def _only(report):
    (item,) = report.exercises
    return item


def test_each_workout_plots_its_best_e1rm_and_its_heaviest_set(kg_athlete, row):
    # 100 x 5 -> 116.7; 90 x 10 -> 120 (the best e1RM is not the heaviest set); 110 x 1 -> 110.
    _workout(kg_athlete, 3, row, [(100, 5, "kg"), (90, 10, "kg"), (110, 1, "kg")])
    (point,) = _only(progress.progress_report(kg_athlete, "3m")).points
    assert (point.e1rm, point.top) == (D(120), D(110))


def test_warmups_never_count(kg_athlete, row):
    _workout(kg_athlete, 3, row, [(140, 8, "kg", "warm-up"), (100, 5, "kg")])
    item = _only(progress.progress_report(kg_athlete, "3m"))
    assert (item.points[0].e1rm, item.points[0].top) == (D("116.7"), D(100))
    assert item.heaviest.weight == D(100) and item.best_e1rm.e1rm == D("116.7")
    assert [(r.weight, r.reps) for r in item.reps_records] == [(D(100), 5)]


def test_a_kg_athlete_sees_lb_sets_in_kg(kg_athlete, row):
    _workout(kg_athlete, 3, row, [(225, 5, "lb")])  # 102.06 kg; Epley x 35/30 = 119.07 -> 119.1 kg
    item = _only(progress.progress_report(kg_athlete, "3m"))
    assert (item.points[0].top, item.points[0].e1rm) == (D("102.1"), D("119.1"))
    assert item.reps_records[0].weight == D("102.1")


def test_an_lb_athlete_sees_their_lb_sets_as_typed(athlete, row):
    _workout(athlete, 3, row, [(225, 5, "lb")])
    item = _only(progress.progress_report(athlete, "3m"))
    assert item.points[0].top == D(225) and item.heaviest.weight == D(225)
    assert item.best_e1rm.e1rm == D("262.5")


def test_records_carry_the_day_they_were_first_set(kg_athlete, row):
    _workout(kg_athlete, 30, row, [(100, 8, "kg")])  # e1RM 126.7, the best
    _workout(kg_athlete, 20, row, [(110, 3, "kg")])  # the heaviest, first
    _workout(kg_athlete, 10, row, [(110, 3, "kg"), (100, 8, "kg")])  # equal: no new record day
    item = _only(progress.progress_report(kg_athlete, "3m"))
    assert (item.best_e1rm.e1rm, item.best_e1rm.day) == (D("126.7"), TODAY - datetime.timedelta(days=30))
    assert (item.heaviest.weight, item.heaviest.day) == (D(110), TODAY - datetime.timedelta(days=20))


def test_most_reps_at_a_weight_stands_only_above_every_heavier_weight(kg_athlete, row):
    _workout(kg_athlete, 30, row, [(100, 8, "kg"), (105, 9, "kg")])
    _workout(kg_athlete, 20, row, [(100, 10, "kg"), (110, 3, "kg"), (90, 6, "kg")])
    item = _only(progress.progress_report(kg_athlete, "3m"))
    # 100 x 10 stands (more than 9 at 105); 90 x 6 does not (10 were done heavier).
    assert [(r.weight, r.reps, r.day.isoformat()) for r in item.reps_records] == [
        (D(110), 3, str(TODAY - datetime.timedelta(days=20))),
        (D(105), 9, str(TODAY - datetime.timedelta(days=30))),
        (D(100), 10, str(TODAY - datetime.timedelta(days=20))),
    ]


def test_the_range_limits_the_chart_not_the_records(kg_athlete, row):
    _workout(kg_athlete, 200, row, [(120, 5, "kg")])
    _workout(kg_athlete, 10, row, [(100, 5, "kg")])
    three_months = _only(progress.progress_report(kg_athlete, "3m"))
    assert [p.top for p in three_months.points] == [D(100)]
    assert three_months.heaviest.weight == D(120)
    assert [p.top for p in _only(progress.progress_report(kg_athlete, "1y")).points] == [D(120), D(100)]
    assert progress.progress_report(kg_athlete, "nonsense").range == "3m"


def test_most_recently_trained_first(athlete, row):
    other = ExerciseFactory(name="Face pull")
    _workout(athlete, 10, other, [(50, 12)])
    _workout(athlete, 3, row, [(100, 8)])
    _workout(athlete, 20, row, [(100, 8)])
    names = [item.exercise.name for item in progress.progress_report(athlete, "3m").exercises]
    assert names == ["Chest-supported row", "Face pull"]


def test_only_warmups_is_not_an_exercise_trained(athlete, row):
    _workout(athlete, 3, row, [(45, 10, "warm-up")])
    assert progress.progress_report(athlete, "3m").exercises == ()


# --- The page ---------------------------------------------------------------------------------------


def test_the_page_shows_the_chart_its_numbers_and_the_records(client, athlete, row):
    _workout(athlete, 10, row, [(200, 5)])
    _workout(athlete, 3, row, [(205, 5), (185, 8)])
    client.force_login(athlete)
    response = client.get("/progress/")
    html = response.content.decode()
    assert re.search(r'<svg class="progress-chart"[^>]*role="img"', html)
    assert f'<title id="chart-{row.pk}-title">Chest-supported row: estimated 1RM and top weight</title>' in html
    assert "style=" not in html.split("<main")[1]  # the CSP forbids inline styles
    text = _text(response)
    assert "Workout e1RM (lb) Top (lb)" in text  # the table's header
    assert "Best estimated 1RM 239.2 lb 205 × 5 · " in text
    assert "Heaviest weight 205 lb × 5" in text
    assert "Most reps at 185 lb 8 reps" in text


@pytest.mark.parametrize("raw", ["", "5y", "<script>", "all" * 100])
def test_a_bad_range_falls_back_to_three_months(client, athlete, row, raw):
    _workout(athlete, 3, row, [(200, 5)])
    client.force_login(athlete)
    response = client.get("/progress/", {"range": raw})
    assert response.status_code == 200
    assert re.search(r'class="nav-link active" href="\?range=3m"', response.content.decode())


def test_stalled_exercise_says_what_to_do_and_links_the_alternatives(client, athlete, row):
    alternative = ExerciseFactory(name="Seal row")
    row.alternatives.add(alternative)
    for days_ago in (9, 6, 3):  # the same set three times: not up
        _workout(athlete, days_ago, row, [(200, 5)])
    client.force_login(athlete)
    response = client.get("/progress/")
    text = _text(response)
    assert "Stalled: the estimated 1RM has not gone up over the last 3 workouts." in text
    assert "lighter week" in text and "sleep and food" in text
    assert f'href="{alternative.get_absolute_url()}">Seal row</a>' in response.content.decode()


def test_rising_exercise_is_not_flagged(client, athlete, row):
    for n, days_ago in enumerate((9, 6, 3)):
        _workout(athlete, days_ago, row, [(200 + 5 * n, 5)])
    client.force_login(athlete)
    assert "Stalled" not in _text(client.get("/progress/"))


def test_the_coach_sees_the_athletes_page_in_the_athletes_unit(client, kg_athlete, coach, row):
    _workout(kg_athlete, 3, row, [(100, 5, "kg")])
    client.force_login(coach)
    response = client.get(f"/progress/athletes/{kg_athlete.pk}/")
    text = _text(response)
    assert "Alice Athlete's progress" in text
    assert "Heaviest weight 100 kg × 5" in text
    assert f"/progress/athletes/{kg_athlete.pk}/exercises/{row.pk}/" in response.content.decode()
    coach_page = client.get(f"/coach/athletes/{kg_athlete.pk}/").content.decode()
    assert f'href="/progress/athletes/{kg_athlete.pk}/">Progress</a>' in coach_page


def test_nothing_logged_yet(client, athlete):
    client.force_login(athlete)
    assert "No working sets logged yet." in _text(client.get("/progress/"))


# --- Queries: 3 years of history cost what one workout costs -----------------------------------------

WORKOUTS_A_WEEK = (0, 2, 4)
EXERCISES_A_WORKOUT = 4
SETS_AN_EXERCISE = 5


def _years_of_history(athlete, exercises, weeks):
    """3 workouts a week for `weeks`, 4 of the 8 exercises each (alternating), 5 working sets each."""
    monday = TODAY - datetime.timedelta(days=TODAY.weekday(), weeks=weeks)
    days = [monday + datetime.timedelta(weeks=w, days=d) for w in range(weeks) for d in WORKOUTS_A_WEEK]
    sessions = TrainingSession.objects.bulk_create(
        TrainingSessionFactory.build(athlete=athlete, started_at=at(day), finished=True) for day in days
    )
    items = SessionExercise.objects.bulk_create(
        SessionExerciseFactory.build(
            session=session, exercise=exercise, position=k, sets=SETS_AN_EXERCISE, rep_min=3, rep_max=9
        )
        for n, session in enumerate(sessions)
        for k, exercise in enumerate(exercises[(n % 2) * EXERCISES_A_WORKOUT :][:EXERCISES_A_WORKOUT])
    )
    sets = [
        SetLogFactory.build(
            session_exercise=item,
            weight=60 + (n // 24) % 40,
            unit="kg",
            reps=3 + (n + k) % 7,
            is_warmup=k == 0 and n % 3 == 0,
            minute=3 * k,
        )
        for n, item in enumerate(items)
        for k in range(SETS_AN_EXERCISE)
    ]
    SetLog.objects.bulk_create(sets, batch_size=2000)


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def test_three_years_of_history_cost_what_one_workout_costs(client, athlete, coach, django_assert_max_num_queries):
    exercises = ExerciseFactory.create_batch(8)
    for exercise in exercises:
        exercise.alternatives.add(*exercises[:2])
    _workout(athlete, 2, exercises[0], [(100, 5, "kg")])
    client.force_login(athlete)
    with_one = _queries(client, "/progress/?range=all")
    client.force_login(coach)
    coach_with_one = _queries(client, f"/progress/athletes/{athlete.pk}/?range=all")

    _years_of_history(athlete, exercises, weeks=156)
    assert SetLog.objects.filter(athlete=athlete).count() > 9_000

    client.force_login(athlete)
    for range_key in ("3m", "1y", "all"):
        with django_assert_max_num_queries(with_one):
            response = client.get(f"/progress/?range={range_key}")
        assert response.content.decode().count('class="progress-chart"') == 8
    client.force_login(coach)
    with django_assert_max_num_queries(coach_with_one):
        client.get(f"/progress/athletes/{athlete.pk}/?range=all")
    assert with_one <= 12


def test_the_coach_must_coach_the_athlete_now(client, athlete, coach, row):
    _workout(athlete, 3, row, [(100, 5)])
    CoachingLink.objects.filter(coach=coach).update(ended_at=timezone.now())
    client.force_login(coach)
    assert client.get(f"/progress/athletes/{athlete.pk}/").status_code == 404
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.get(f"/progress/athletes/{athlete.pk}/").status_code == 404
