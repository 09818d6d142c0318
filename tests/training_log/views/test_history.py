"""Where lifters look: "Last time" on the session card, an exercise's history pages, and the summary's
duration and volume."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import CoachingLink
from accounts.services import end_link
from tests.factories import (
    CustomExerciseFactory,
    ExerciseFactory,
    SessionExerciseFactory,
    SetLogFactory,
    TrainingSessionFactory,
    UserFactory,
)
from training_log.domain.sets import workout_duration
from training_log.models import SessionExercise, SetLog, TrainingSession
from training_log.selectors.cards import session_cards
from training_log.selectors.history import exercise_history_page

MONDAY = timezone.make_aware(datetime.datetime(2026, 11, 23, 18, 0))


def _text(html) -> str:
    html = html.decode() if isinstance(html, bytes) else html
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def deadlift(db):
    return ExerciseFactory(name="Deadlift", slug="deadlift-h")


@pytest.fixture
def row(db):
    return ExerciseFactory(name="Barbell row", slug="barbell-row-h")


# "Last time" on the session card.


def test_last_time_is_the_most_recent_earlier_workout_with_the_exercise(athlete, other_athlete, deadlift, row):
    older = TrainingSessionFactory(
        athlete=athlete, started_at=MONDAY - datetime.timedelta(days=7), exercises=[deadlift], finished=True
    )
    SetLogFactory(session_exercise=older.exercises.get(exercise=deadlift), weight=300, reps=5)
    previous = TrainingSessionFactory(athlete=athlete, started_at=MONDAY, exercises=[deadlift, row], finished=True)
    SetLogFactory(
        session_exercise=previous.exercises.get(exercise=deadlift), weight=135, reps=5, rir=5, is_warmup=True, minute=1
    )
    SetLogFactory(session_exercise=previous.exercises.get(exercise=deadlift), weight=225, reps=5, rir=2, minute=4)
    SetLogFactory(session_exercise=previous.exercises.get(exercise=deadlift), weight=235, reps=4, rir=1, minute=8)
    # Not chosen: a later workout without a deadlift, another athlete's later deadlift.
    workout = TrainingSessionFactory(
        athlete=athlete, started_at=MONDAY + datetime.timedelta(days=1), exercises=[row], finished=True
    )
    SetLogFactory(session_exercise=workout.exercises.get(exercise=row), weight=100, reps=8)
    workout = TrainingSessionFactory(
        athlete=other_athlete, started_at=MONDAY + datetime.timedelta(days=2), exercises=[deadlift], finished=True
    )
    SetLogFactory(session_exercise=workout.exercises.get(exercise=deadlift), weight=500, reps=1)
    today = TrainingSessionFactory(
        athlete=athlete, started_at=MONDAY + datetime.timedelta(days=3), exercises=[deadlift]
    )
    SetLogFactory(
        session_exercise=today.exercises.get(exercise=deadlift), weight=245, reps=5, minute=2
    )  # this workout's own sets are not "last time"

    card = session_cards(today, athlete)[0]

    shown = [logged.text for logged in card.last_time]
    assert shown == ["135 lb × 5 @ RIR 5", "225 lb × 5 @ RIR 2", "235 lb × 4 @ RIR 1"]
    assert [logged.is_warmup for logged in card.last_time] == [True, False, False]
    assert card.last_time_at == previous.started_at


def test_an_older_workout_viewed_later_shows_the_one_before_it(athlete, deadlift):
    first = TrainingSessionFactory(
        athlete=athlete, started_at=MONDAY - datetime.timedelta(days=7), exercises=[deadlift], finished=True
    )
    SetLogFactory(session_exercise=first.exercises.get(exercise=deadlift), weight=200, reps=5)
    second = TrainingSessionFactory(athlete=athlete, started_at=MONDAY, exercises=[deadlift], finished=True)
    SetLogFactory(session_exercise=second.exercises.get(exercise=deadlift), weight=210, reps=5)
    workout = TrainingSessionFactory(
        athlete=athlete, started_at=MONDAY + datetime.timedelta(days=7), exercises=[deadlift], finished=True
    )
    SetLogFactory(session_exercise=workout.exercises.get(exercise=deadlift), weight=220, reps=5)

    card = session_cards(second, athlete, swaps=False)[0]

    assert [logged.text for logged in card.last_time] == ["200 lb × 5 @ RIR 2"]


def test_no_last_time_on_a_first_workout(athlete, other_athlete, deadlift):
    workout = TrainingSessionFactory(athlete=other_athlete, started_at=MONDAY, exercises=[deadlift], finished=True)
    SetLogFactory(session_exercise=workout.exercises.get(exercise=deadlift), weight=315, reps=5)
    today = TrainingSessionFactory(
        athlete=athlete, started_at=MONDAY + datetime.timedelta(days=1), exercises=[deadlift]
    )

    card = session_cards(today, athlete)[0]

    assert card.last_time == [] and card.last_time_at is None


def test_the_card_shows_last_time_with_its_date_and_a_history_link(client, athlete, deadlift):
    previous = TrainingSessionFactory(athlete=athlete, started_at=MONDAY, exercises=[deadlift], finished=True)
    SetLogFactory(session_exercise=previous.exercises.get(exercise=deadlift), weight=135, reps=5, rir=5, is_warmup=True)
    SetLogFactory(session_exercise=previous.exercises.get(exercise=deadlift), weight=225, reps=5, rir=2, minute=3)
    today = TrainingSessionFactory(
        athlete=athlete, started_at=MONDAY + datetime.timedelta(days=3), exercises=[deadlift]
    )
    client.force_login(athlete)

    page = client.get(f"/log/sessions/{today.pk}/").content.decode()

    last_time = _text(re.search(r'<div class="last-time.*?</div>', page, flags=re.S).group(0))
    assert last_time == "Last time, Mon 23 Nov W Warm-up: 135 lb × 5 @ RIR 5 225 lb × 5 @ RIR 2"
    assert f'href="/progress/exercises/{deadlift.pk}/"' in page


def test_the_coach_sees_last_time_and_links_to_the_athletes_history(client, athlete, coach, deadlift):
    workout = TrainingSessionFactory(athlete=athlete, started_at=MONDAY, exercises=[deadlift], finished=True)
    SetLogFactory(session_exercise=workout.exercises.get(exercise=deadlift), weight=225, reps=5)
    today = TrainingSessionFactory(
        athlete=athlete, started_at=MONDAY + datetime.timedelta(days=3), exercises=[deadlift]
    )
    client.force_login(coach)

    page = client.get(f"/log/sessions/{today.pk}/").content.decode()

    assert "Last time, Mon 23 Nov" in _text(page)
    assert f'href="/progress/athletes/{athlete.pk}/exercises/{deadlift.pk}/"' in page


def _session_page_queries(client, session) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/log/sessions/{session.pk}/")
    assert response.status_code == 200
    return len(captured)


def test_the_session_page_costs_the_same_with_one_exercise_or_ten_and_long_history(client, athlete):
    exercises = [ExerciseFactory(name=f"Pull {n}", slug=f"pull-{n}") for n in range(10)]
    for week in range(30):
        past = TrainingSessionFactory(
            athlete=athlete, started_at=MONDAY - datetime.timedelta(weeks=week + 1), exercises=exercises, finished=True
        )
        for exercise in exercises:
            SetLogFactory(
                session_exercise=past.exercises.get(exercise=exercise), weight=60, reps=10, rir=4, is_warmup=True
            )
            for k in range(3):
                SetLogFactory(
                    session_exercise=past.exercises.get(exercise=exercise), weight=100 + week, reps=5 + k, minute=k + 1
                )
    client.force_login(athlete)
    one = _session_page_queries(
        client, TrainingSessionFactory(athlete=athlete, started_at=MONDAY, exercises=exercises[:1])
    )
    TrainingSession.objects.filter(finished_at__isnull=True).update(finished_at=MONDAY)
    ten_session = TrainingSessionFactory(
        athlete=athlete, started_at=MONDAY + datetime.timedelta(hours=2), exercises=exercises
    )
    ten = _session_page_queries(client, ten_session)

    assert ten == one  # equal, not a bound: a page whose queries grow with its exercises is the bug
    assert ten <= 11
    assert len(session_cards(ten_session, athlete)[9].last_time) == 4


# An exercise's history.


def _history_page(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200
    return response.content.decode()


def test_history_lists_every_workout_newest_first_with_its_sets(client, athlete, deadlift, row):
    first = TrainingSessionFactory(
        athlete=athlete,
        started_at=MONDAY - datetime.timedelta(days=7),
        exercises=[deadlift],
        name="Heavy",
        finished=True,
    )
    SetLogFactory(session_exercise=first.exercises.get(exercise=deadlift), weight=300, reps=5, rir=2)
    second = TrainingSessionFactory(
        athlete=athlete, started_at=MONDAY, exercises=[deadlift, row], name="Heavy again", finished=True
    )
    SetLogFactory(session_exercise=second.exercises.get(exercise=deadlift), weight=135, reps=5, rir=5, is_warmup=True)
    SetLogFactory(session_exercise=second.exercises.get(exercise=deadlift), weight=315, reps=5, rir=1, minute=3)
    SetLogFactory(
        session_exercise=second.exercises.get(exercise=row), weight=185, reps=8
    )  # another exercise: not on the deadlift's page
    workout = TrainingSessionFactory(
        athlete=athlete, started_at=MONDAY + datetime.timedelta(days=2), exercises=[row], finished=True
    )
    SetLogFactory(session_exercise=workout.exercises.get(exercise=row), weight=185, reps=8)
    client.force_login(athlete)

    page = _history_page(client, f"/progress/exercises/{deadlift.pk}/")

    workouts = [_text(w) for w in re.findall(r'<li class="card card-body mb-2 history-workout">.*?</ol>', page, re.S)]
    assert workouts == [
        "Heavy again Mon 23 Nov 2026 · best e1RM 367.5 lb W Warm-up: 135 lb × 5 @ RIR 5 315 lb × 5 @ RIR 1",
        "Heavy Mon 16 Nov 2026 · best e1RM 350 lb 300 lb × 5 @ RIR 2",
    ]
    assert f'href="/log/sessions/{second.pk}/summary/"' in page


def test_a_set_imported_without_rir_reads_without_it(client, athlete, deadlift):
    workout = TrainingSessionFactory(
        athlete=athlete, started_at=MONDAY, exercises=[deadlift], name="From Strong", finished=True
    )
    imported = SetLogFactory(
        session_exercise=workout.exercises.get(exercise=deadlift), weight="102.5", reps=8, rir=None
    )
    warmup = SetLogFactory(
        session_exercise=workout.exercises.get(exercise=deadlift), weight=60, reps=5, rir=None, is_warmup=True, minute=1
    )
    client.force_login(athlete)

    page = _text(_history_page(client, f"/progress/exercises/{deadlift.pk}/"))

    assert (imported.text, str(warmup)) == ("102.5 lb × 8", "60 lb × 5 (warm-up)")
    assert "102.5 lb × 8 W Warm-up: 60 lb × 5" in page
    assert "RIR" not in page.split("From Strong")[1] and "None" not in page


def test_history_shows_one_arm_sides_and_the_e1rm_in_the_athletes_unit(client, athlete):
    athlete.unit = "kg"
    athlete.save()
    raise_ = ExerciseFactory(name="One-arm row", slug="one-arm-row-h", is_unilateral=True)
    workout = TrainingSessionFactory(athlete=athlete, started_at=MONDAY, exercises=[raise_], finished=True)
    SetLogFactory(
        session_exercise=workout.exercises.get(exercise=raise_),
        weight=50,
        reps=8,
        rir=1,
        unit="lb",
        reps_left=8,
        rir_left=1,
        reps_right=9,
        rir_right=1,
    )
    client.force_login(athlete)

    page = _text(_history_page(client, f"/progress/exercises/{raise_.pk}/"))

    assert "50 lb × L 8 @ 1 / R 9 @ 1" in page
    assert "best e1RM 28.7 kg" in page  # 50 lb = 22.68 kg; Epley on the weaker side's 8 reps


def test_history_pages_hold_20_workouts_and_a_bad_page_never_fails(client, athlete, deadlift):
    for n in range(45):
        workout = TrainingSessionFactory(
            athlete=athlete,
            started_at=MONDAY - datetime.timedelta(days=n),
            exercises=[deadlift],
            name=f"W{n}",
            finished=True,
        )
        SetLogFactory(session_exercise=workout.exercises.get(exercise=deadlift), weight=200 + n, reps=5)
    client.force_login(athlete)
    path = f"/progress/exercises/{deadlift.pk}/"

    first = _history_page(client, path)
    second = _history_page(client, path, page="2")
    last = _history_page(client, path, page="3")

    assert first.count("history-workout") == 20 and "Page 1 of 3" in first and 'href="?page=2"' in first
    assert ">W0<" in first and ">W19<" in first and ">W20<" not in first
    assert ">W20<" in second and "Newer" in second and "Older" in second
    assert last.count("history-workout") == 5 and ">W44<" in last and "Older" not in _text(last)
    for bad in ("0", "-1", "abc", "9999", "1e9", "2.5", "", "\u0663", "9" * 400):
        assert "history-workout" in _history_page(client, path, page=bad), bad


def test_history_is_empty_until_the_exercise_is_logged(client, athlete, deadlift):
    client.force_login(athlete)
    assert "You have not logged Deadlift yet." in _text(_history_page(client, f"/progress/exercises/{deadlift.pk}/"))


def test_history_refusals(client, athlete, coach, other_athlete, deadlift):
    workout = TrainingSessionFactory(athlete=athlete, started_at=MONDAY, exercises=[deadlift], finished=True)
    SetLogFactory(session_exercise=workout.exercises.get(exercise=deadlift), weight=225, reps=5)
    someone_elses = CustomExerciseFactory(created_by=other_athlete, name="Oscar's shrug")
    mine = f"/progress/athletes/{athlete.pk}/exercises/{deadlift.pk}/"
    client.force_login(other_athlete)
    assert client.get(mine).status_code == 404  # another athlete
    client.force_login(athlete)
    assert client.get(f"/progress/exercises/{someone_elses.pk}/").status_code == 404  # their custom exercise
    assert client.get(f"/progress/exercises/{deadlift.pk + 10_000}/").status_code == 404
    client.force_login(coach)
    assert "225 lb × 5 @ RIR 2" in _text(_history_page(client, mine))
    end_link(link=CoachingLink.objects.get(coach=coach, athlete=athlete), actor=athlete)
    assert client.get(mine).status_code == 404  # the former coach


def _three_years(athlete, exercises) -> None:
    """3 years, 3 workouts a week, 20 sets each (4 exercises × a warm-up and 4 working sets)."""
    sessions = TrainingSession.objects.bulk_create(
        TrainingSessionFactory.build(
            athlete=athlete,
            name=f"Pulls {n}",
            started_at=MONDAY - datetime.timedelta(days=7 * (n // 3) + 2 * (n % 3)),
            finished=True,
        )
        for n in range(3 * 52 * 3)
    )
    items = SessionExercise.objects.bulk_create(
        SessionExerciseFactory.build(session=s, exercise=e, position=p, sets=4)
        for s in sessions
        for p, e in enumerate(exercises)
    )
    SetLog.objects.bulk_create(
        (
            SetLogFactory.build(session_exercise=item, weight=100, unit="kg", reps=5, is_warmup=k == 0, minute=k)
            for item in items
            for k in range(5)
        ),
        batch_size=2000,
    )


def test_history_runs_a_bounded_number_of_queries_with_three_years(
    client, athlete, coach, django_assert_max_num_queries
):
    exercises = [ExerciseFactory(name=f"Pull {n}", slug=f"pull-{n}") for n in range(4)]
    _three_years(athlete, exercises)
    assert SetLog.objects.filter(athlete=athlete).count() == 3 * 52 * 3 * 20
    client.force_login(athlete)
    with django_assert_max_num_queries(7):  # session, user, exercise, count, page, sets, menu
        page = _history_page(client, f"/progress/exercises/{exercises[0].pk}/", page="5")
    assert page.count("history-workout") == 20 and "Page 5 of 24" in page
    client.force_login(coach)
    with django_assert_max_num_queries(8):  # and the athlete
        _history_page(client, f"/progress/athletes/{athlete.pk}/exercises/{exercises[0].pk}/")


# The summary: duration and volume.


def test_duration_reads_like_a_lifter_says_it(athlete):
    workout = TrainingSessionFactory(
        athlete=athlete, started_at=MONDAY, finished_at=MONDAY + datetime.timedelta(minutes=52)
    )
    assert workout_duration(workout) == "52 min"
    workout.finished_at = MONDAY + datetime.timedelta(minutes=65)
    assert workout_duration(workout) == "1 h 05 min"
    workout.finished_at = None
    assert workout_duration(workout) == "in progress"


def test_a_reopened_workout_counts_from_its_start_to_its_last_finish(athlete, deadlift):
    from training_log.services.sessions import finish_session, reopen_session

    workout = TrainingSessionFactory(
        athlete=athlete, started_at=timezone.now() - datetime.timedelta(minutes=90), exercises=[deadlift]
    )
    finish_session(actor=athlete, session=workout)
    reopen_session(actor=athlete, session=workout)
    finish_session(actor=athlete, session=workout)
    workout.refresh_from_db()
    assert workout_duration(workout) == "1 h 30 min"


def test_the_summary_shows_duration_and_volume_per_exercise_and_in_total(client, athlete, deadlift, row):
    one_arm = ExerciseFactory(name="One-arm row", slug="one-arm-row-v", is_unilateral=True)
    workout = TrainingSessionFactory(
        athlete=athlete,
        started_at=MONDAY,
        exercises=[deadlift, row, one_arm],
        finished_at=MONDAY + datetime.timedelta(minutes=52),
    )
    SetLogFactory(
        session_exercise=workout.exercises.get(exercise=deadlift), weight=135, reps=5, rir=5, is_warmup=True
    )  # warm-ups never count
    SetLogFactory(session_exercise=workout.exercises.get(exercise=deadlift), weight=225, reps=5, minute=1)  # 1,125
    SetLogFactory(session_exercise=workout.exercises.get(exercise=deadlift), weight=225, reps=4, minute=2)  # 900
    SetLogFactory(
        session_exercise=workout.exercises.get(exercise=row), weight=100, reps=8, unit="kg", minute=3
    )  # 100 kg = 220.46 lb × 8 = 1,763.7
    SetLogFactory(
        session_exercise=workout.exercises.get(exercise=one_arm),
        weight=50,
        reps=8,
        minute=4,
        reps_left=8,
        rir_left=1,
        reps_right=9,
        rir_right=1,
    )  # the weaker side twice: 800
    client.force_login(athlete)

    page = _text(client.get(f"/log/sessions/{workout.pk}/summary/").content)

    assert "Duration 52 min" in page
    assert "Volume 4,589 lb" in page  # 1,125 + 900 + 1,763.7 + 800
    assert "Deadlift: history" not in page  # the link's name is for screen readers, not shown
    assert re.search(r"Deadlift Best set: .*? Volume 2,025 lb", page)
    assert re.search(r"Barbell row Best set: .*? Volume 1,764 lb", page)
    assert re.search(r"One-arm row Best set: .*? Volume 800 lb", page)
    assert "a one-arm set counts its weaker side twice" in page


def test_an_open_workout_is_in_progress_and_links_each_exercise_to_its_history(client, athlete, coach, deadlift):
    workout = TrainingSessionFactory(athlete=athlete, started_at=MONDAY, exercises=[deadlift])
    client.force_login(athlete)
    page = client.get(f"/log/sessions/{workout.pk}/summary/").content.decode()
    assert "Duration in progress" in _text(page) and "Volume 0 lb" in _text(page)
    assert f'href="/progress/exercises/{deadlift.pk}/"' in page
    client.force_login(coach)
    page = client.get(f"/log/sessions/{workout.pk}/summary/").content.decode()
    assert f'href="/progress/athletes/{athlete.pk}/exercises/{deadlift.pk}/"' in page


def test_the_summary_costs_the_same_with_one_exercise_or_ten(client, athlete):
    exercises = [ExerciseFactory(name=f"Pull {n}", slug=f"pull-{n}") for n in range(10)]
    before = TrainingSessionFactory(
        athlete=athlete, started_at=MONDAY - datetime.timedelta(days=7), exercises=exercises, finished=True
    )  # both have a history
    for exercise in exercises:
        SetLogFactory(session_exercise=before.exercises.get(exercise=exercise), weight=90, reps=5)
    counts = []
    for size, day in ((1, 0), (10, 1)):
        workout = TrainingSessionFactory(
            athlete=athlete, started_at=MONDAY + datetime.timedelta(days=day), exercises=exercises[:size], finished=True
        )
        for exercise in exercises[:size]:
            for k in range(4):
                SetLogFactory(
                    session_exercise=workout.exercises.get(exercise=exercise),
                    weight=100,
                    reps=5,
                    is_warmup=k == 0,
                    minute=k,
                )
        client.force_login(athlete)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/log/sessions/{workout.pk}/summary/").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]  # equal, not a bound: the count must not grow with the history


def test_a_set_reads_the_way_lifters_write_it():
    logged = SetLog(weight=Decimal("102.50"), unit="kg", reps=5, rir=0)
    assert logged.text == "102.5 kg × 5 @ RIR 0"
    assert SetLog(weight=Decimal("0.00"), unit="lb", reps=12, rir=3).text == "0 lb × 12 @ RIR 3"


def test_a_user_without_sets_has_no_history_rows(db):
    lifter = UserFactory()
    page, rows = exercise_history_page(lifter, 1, None)
    assert rows == [] and page.number == 1
