"""Taking the data away: /log/export/ and its three downloads (sets CSV, Strong CSV, account JSON)."""

import csv
import datetime
import io
import json
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import (
    CustomExerciseFactory,
    ExerciseFactory,
    ExerciseMuscleFactory,
    ExerciseStepFactory,
    PlannedExerciseFactory,
    PlannedSessionFactory,
    SessionExerciseFactory,
    SetLogFactory,
    TemplateItemFactory,
    TrainingSessionFactory,
    WorkoutTemplateFactory,
    imported_set,
)
from training_log.models import SessionExercise, SetLog, TrainingSession
from training_log.services.comments import add_comment
from training_log.services.sessions import log_set
from training_log.transfer.selectors import STRONG_HEADER, neutralise

STARTED = datetime.datetime(2026, 3, 3, 12, 12, 40, tzinfo=datetime.UTC)  # 07:12:40 in New York


def _log(athlete, item, weight, reps, rir, *, unit="lb", warmup=False, **sides):
    log_set(
        actor=athlete,
        session_exercise=item,
        weight=Decimal(weight),
        unit=unit,
        reps=reps,
        rir=rir,
        client_id=uuid.uuid4(),
        is_warmup=warmup,
        **sides,
    )


@pytest.fixture
def workout(athlete):
    """One finished workout in New York: a row with a warm-up and two sets (and a formula for a note),
    then a one-arm row."""
    athlete.time_zone = "America/New_York"
    athlete.save()
    row = ExerciseFactory(name="Seated Row (Cable)")
    one_arm = ExerciseFactory(name="- One-arm row", is_unilateral=True)
    session = TrainingSessionFactory(athlete=athlete, name="Upper Back A", started_at=STARTED)
    first = SessionExerciseFactory(session=session, exercise=row, position=0, sets=2, note='=HYPERLINK("http://x")')
    second = SessionExerciseFactory(session=session, exercise=one_arm, position=1, sets=1)
    _log(athlete, first, "45", 10, 5, warmup=True)
    _log(athlete, first, "102.5", 10, 2)
    _log(athlete, first, "102.5", 9, 1)
    _log(athlete, second, "25", None, None, reps_left=8, rir_left=2, reps_right=9, rir_right=1)
    session.finished_at = STARTED + datetime.timedelta(minutes=64, seconds=30)
    session.save()
    return session


def _csv(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.streaming is True
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def _json(client):
    response = client.get("/log/export/account.json")
    assert response.status_code == 200 and response.streaming is True
    return json.loads(b"".join(response.streaming_content))


def test_neutralise_prefixes_formula_starts_only():
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(text) == "'" + text
    assert neutralise("Row - V grip") == "Row - V grip"
    assert neutralise("") == ""


def test_sets_csv_rows_on_a_known_workout(client, athlete, workout):
    client.force_login(athlete)
    rows = _csv(client, "/log/export/sets.csv")
    assert ",".join(rows[0]) == "date,session,exercise,set_number,weight,unit,reps,rir,rpe,warmup,note"
    note, when = '\'=HYPERLINK("http://x")', ["2026-03-03T07:12:40-05:00", "Upper Back A"]
    assert rows[1:] == [
        [*when, "Seated Row (Cable)", "1", "45", "lb", "10", "5", "5", "yes", note],
        [*when, "Seated Row (Cable)", "2", "102.5", "lb", "10", "2", "8", "no", note],
        [*when, "Seated Row (Cable)", "3", "102.5", "lb", "9", "1", "9", "no", note],
        # One arm: the weaker side's reps and RIR (8 reps at RIR 2 on the left).
        [*when, "'- One-arm row", "1", "25", "lb", "8", "2", "8", "no", ""],
    ]


def test_sets_csv_of_a_kg_athlete_keeps_kg_and_their_time_zone(client, athlete):
    athlete.unit, athlete.time_zone = "kg", "Asia/Tokyo"
    athlete.save()
    item = SessionExerciseFactory(session__athlete=athlete, session__started_at=STARTED, sets=1, rep_min=5, rep_max=8)
    _log(athlete, item, "60", 6, 0, unit="kg")
    client.force_login(athlete)
    rows = _csv(client, "/log/export/sets.csv")
    assert rows[1][0] == "2026-03-03T21:12:40+09:00"
    assert rows[1][4:9] == ["60", "kg", "6", "0", "10"]


def test_strong_csv_matches_the_classic_layout(client, athlete, workout):
    client.force_login(athlete)
    rows = _csv(client, "/log/export/strong.csv")
    assert rows[0] == STRONG_HEADER
    assert ",".join(rows[0]) == (
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE"
    )
    note, when = '\'=HYPERLINK("http://x")', ["2026-03-03 07:12:40", "Upper Back A", "1h 4m"]
    assert rows[1:] == [
        [*when, "Seated Row (Cable)", "W", "45.0", "10", "0", "0", note, "", "5"],
        [*when, "Seated Row (Cable)", "1", "102.5", "10", "0", "0", "", "", "8"],
        [*when, "Seated Row (Cable)", "2", "102.5", "9", "0", "0", "", "", "9"],
        [*when, "'- One-arm row", "1", "25.0", "8", "0", "0", "", "", "8"],
    ]


def test_strong_csv_ends_lines_like_strong(client, athlete, workout):
    client.force_login(athlete)
    body = b"".join(client.get("/log/export/strong.csv").streaming_content)
    assert body.startswith(b"Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,")
    assert body.count(b"\n") == 5 and b"\r" not in body


def test_set_numbers_restart_per_exercise_and_per_workout(client, athlete):
    exercise = ExerciseFactory()
    for day in (1, 2):
        session = TrainingSessionFactory(
            athlete=athlete, name=f"Day {day}", started_at=STARTED + datetime.timedelta(days=day)
        )
        item = SessionExerciseFactory(session=session, exercise=exercise, sets=2, rep_min=5, rep_max=8)
        _log(athlete, item, "100", 5, 2)
        _log(athlete, item, "100", 5, 2)
    client.force_login(athlete)
    rows = _csv(client, "/log/export/sets.csv")
    assert [(row[1], row[3]) for row in rows[1:]] == [("Day 1", "1"), ("Day 1", "2"), ("Day 2", "1"), ("Day 2", "2")]


@pytest.mark.parametrize("url", ["/log/export/sets.csv", "/log/export/strong.csv", "/log/export/account.json"])
def test_only_the_viewers_own_data(client, athlete, coach, other_athlete, workout, url):
    """A coach with an active link and another athlete get their own (empty) history, never the athlete's."""
    item = SessionExerciseFactory(
        session__athlete=coach, session__name="Carol's own day", session__started_at=STARTED, sets=1
    )
    _log(coach, item, "135", 5, 2)
    client.force_login(coach)
    body = b"".join(client.get(url).streaming_content).decode()
    assert "Carol's own day" in body
    assert "Upper Back A" not in body and "Seated Row" not in body
    client.force_login(other_athlete)
    body = b"".join(client.get(url).streaming_content).decode()
    assert "Upper Back A" not in body and "Carol's own day" not in body


def test_downloads_are_attachments_named_with_the_date(client, athlete):
    client.force_login(athlete)
    today = timezone.localdate().isoformat()
    for url, name in [
        ("/log/export/sets.csv", f"scapula-sets-{today}.csv"),
        ("/log/export/strong.csv", f"scapula-strong-{today}.csv"),
        ("/log/export/account.json", f"scapula-account-{today}.json"),
    ]:
        response = client.get(url)
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'


def test_account_json_holds_everything_and_no_password(client, athlete, coach, workout):
    custom = CustomExerciseFactory(created_by=athlete, name="Alice's curl")
    ExerciseMuscleFactory(exercise=custom, role="primary")
    ExerciseStepFactory(exercise=custom, position=1, text="Curl it.")
    template = WorkoutTemplateFactory(owner=athlete, name="My pulls")
    TemplateItemFactory(template=template, exercise=custom)
    planned = PlannedSessionFactory(athlete=athlete, planned_by=coach, name="Planned pulls")
    PlannedExerciseFactory(session=planned, exercise=custom)
    add_comment(actor=coach, session=workout, body="Good pace", client_id=uuid.uuid4())
    add_comment(actor=athlete, session=workout, body="Thanks", client_id=uuid.uuid4())
    client.force_login(athlete)
    response = client.get("/log/export/account.json")
    raw = b"".join(response.streaming_content).decode()
    data = json.loads(raw)
    assert data["profile"]["username"] == "athlete"
    assert data["profile"]["time_zone"] == "America/New_York"
    assert data["profile"]["plates"]
    assert "password" not in raw and athlete.password not in raw
    assert [t["name"] for t in data["templates"]] == ["My pulls"]
    assert data["templates"][0]["items"][0]["exercise__name"] == "Alice's curl"
    [exercise] = data["custom_exercises"]
    assert exercise["name"] == "Alice's curl" and len(exercise["muscles"]) == 1
    assert exercise["steps"][0]["text"] == "Curl it."
    [plan] = data["planned_sessions"]
    assert plan["name"] == "Planned pulls" and plan["planned_by"] == "Carol Coach" and plan["state"]
    assert len(plan["exercises"]) == 1
    [session] = data["sessions"]
    assert session["name"] == "Upper Back A"
    assert [len(e["sets"]) for e in session["exercises"]] == [3, 1]
    assert session["exercises"][1]["sets"][0]["reps_left"] == 8
    comments = [(c["author"], c["body"]) for c in data["comments"]]
    assert comments == [("Carol Coach", "Good pace"), ("Alice Athlete", "Thanks")]
    [link] = data["coaching_links"]
    assert (link["role"], link["other"], link["ended_at"]) == ("athlete", "Carol Coach", None)
    assert set(link) == {"role", "other", "started_at", "ended_at"}  # no username, no e-mail of the other person
    # The coach sees the link from their side, with the athlete's display name only.
    client.force_login(coach)
    coach_data = json.loads(b"".join(client.get("/log/export/account.json").streaming_content))
    assert [(link["role"], link["other"]) for link in coach_data["coaching_links"]] == [("coach", "Alice Athlete")]
    assert [c["body"] for c in coach_data["comments"]] == ["Good pace"]
    assert coach_data["sessions"] == []


@pytest.fixture
def imported(athlete):
    """A workout imported from an app without RPE: one set without RIR, then one with it."""
    session = TrainingSessionFactory(athlete=athlete, name="From Strong", started_at=STARTED)
    item = SessionExerciseFactory(session=session, exercise__name="Deadlift", sets=2, rep_min=4, rep_max=6)
    imported_set(item, "225", 5)
    imported_set(item, "235", 4, 2, logged_at=STARTED + datetime.timedelta(minutes=3))
    return session


def test_a_set_without_rir_has_empty_rir_and_rpe_in_our_csv(client, athlete, imported):
    client.force_login(athlete)
    rows = _csv(client, "/log/export/sets.csv")
    assert [row[2:10] for row in rows[1:]] == [
        ["Deadlift", "1", "225", "lb", "5", "", "", "no"],
        ["Deadlift", "2", "235", "lb", "4", "2", "8", "no"],
    ]


def test_a_set_without_rir_has_an_empty_rpe_in_the_strong_csv(client, athlete, imported):
    client.force_login(athlete)
    rows = _csv(client, "/log/export/strong.csv")
    assert [(row[5], row[6], row[11]) for row in rows[1:]] == [("225.0", "5", ""), ("235.0", "4", "8")]


def test_a_set_without_rir_is_null_in_the_json(client, athlete, imported):
    client.force_login(athlete)
    [session] = _json(client)["sessions"]
    assert [(s["weight"], s["reps"], s["rir"]) for s in session["exercises"][0]["sets"]] == [
        ("225", 5, None),
        ("235", 4, 2),
    ]


def test_export_page_offers_the_three_downloads(client, athlete):
    client.force_login(athlete)
    page = client.get("/log/export/").content.decode()
    for url in ("/log/export/sets.csv", "/log/export/strong.csv", "/log/export/account.json"):
        assert f'href="{url}"' in page
    assert 'href="/log/export/"' in client.get("/log/").content.decode()
    assert 'href="/log/export/"' in client.get("/accounts/settings/").content.decode()


def _many_sets(athlete, count):
    exercise = ExerciseFactory()
    sessions = TrainingSession.objects.bulk_create(
        TrainingSessionFactory.build(athlete=athlete, name=f"Day {n}", started_at=STARTED + datetime.timedelta(days=n))
        for n in range(max(1, count // 10))
    )
    items = SessionExercise.objects.bulk_create(
        SessionExerciseFactory.build(session=session, exercise=exercise, rep_min=5, rep_max=8) for session in sessions
    )
    SetLog.objects.bulk_create(SetLogFactory.build(session_exercise=items[n % len(items)]) for n in range(count))


@pytest.mark.parametrize("count", [1, 500])
@pytest.mark.parametrize("url", ["/log/export/sets.csv", "/log/export/strong.csv", "/log/export/account.json"])
def test_downloads_run_a_bounded_number_of_queries(client, athlete, coach, django_assert_max_num_queries, count, url):
    _many_sets(athlete, count)
    client.force_login(athlete)
    # The session and the user, then one query per stream: 1 for a CSV, 12 for the account.
    with django_assert_max_num_queries(3 if url.endswith(".csv") else 14):
        response = client.get(url)
        body = b"".join(response.streaming_content)
    if url.endswith(".csv"):
        assert body.count(b"\n") == count + 1
    else:
        assert sum(len(e["sets"]) for s in json.loads(body)["sessions"] for e in s["exercises"]) == count


def test_export_page_runs_a_bounded_number_of_queries(client, athlete, django_assert_max_num_queries):
    _many_sets(athlete, 50)
    client.force_login(athlete)
    with django_assert_max_num_queries(3):
        assert client.get("/log/export/").status_code == 200
