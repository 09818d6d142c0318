"""Bringing history in: /log/import/ from Strong (both layouts), Hevy (kg and lb), FitNotes and our own
export; the preview, the confirm, the summary; bad files; re-imports; what progression makes of it."""

import datetime as dt
import html
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from exercises.models import Exercise
from training_log.models import ImportChunk, ImportJob, SessionExercise, SetLog, TrainingSession
from training_log.transfer import formats, importer, reading, services

SAMPLES = Path(__file__).resolve().parents[4] / "shared" / "samples"
pytestmark = pytest.mark.django_db


def _sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def _upload(client, data: bytes, name: str = "export.csv"):
    return client.post(reverse("training_log:import"), {"file": SimpleUploadedFile(name, data, "text/csv")})


def _preview(client, data: bytes, name="export.csv") -> ImportJob:
    response = _upload(client, data, name)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])


def _confirm(client, job: ImportJob, **extra):
    """Confirm with the preview's own suggestions (a name with none becomes the lifter's own exercise)."""
    data = {}
    for index, entry in enumerate(job.preview["exercises"]):
        if not entry["recognised"]:
            data[f"exercise_{index}"] = str(entry["suggestion"] or importer.NEW)
    data.update(extra)
    return client.post(job.get_absolute_url(), data)


def _sets(athlete):
    return SetLog.objects.filter(athlete=athlete).select_related("exercise", "session_exercise__session")


# -- detection and rows (no database) --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sample", "fmt", "unit"),
    [
        ("strong_classic.csv", formats.Format.STRONG, None),
        ("strong_semicolon.csv", formats.Format.STRONG_NEW, None),
        ("hevy_kg.csv", formats.Format.HEVY, "kg"),
        ("hevy_lbs.csv", formats.Format.HEVY, "lb"),
        ("fitnotes.csv", formats.Format.FITNOTES, "kg"),
    ],
)
def test_each_layout_is_recognised_from_its_header(sample, fmt, unit):
    layout = formats.detect(_sample(sample).decode().splitlines()[0])
    assert (layout.format, layout.unit) == (fmt, unit)


def test_header_names_match_whatever_their_case_and_the_fitnotes_unit_variant():
    layout = formats.detect("DATE,EXERCISE,CATEGORY,WEIGHT,WEIGHT UNIT,REPS,DISTANCE,DISTANCE UNIT,TIME,COMMENT")
    assert layout.format is formats.Format.FITNOTES and layout.unit is None
    rows = list(formats._rows(io.StringIO("2025-05-12,Deadlift,Back,315,lbs,5,,,,\n"), layout))
    assert rows[0].unit == "lb" and rows[0].weight == Decimal(315)


@pytest.mark.parametrize(
    ("rpe", "rir"), [("10", 0), ("9.5", 0), ("9", 1), ("8.5", 1), ("8", 2), ("7,5", 2), ("6", 4), ("", None)]
)
def test_rpe_becomes_rir_half_points_to_the_harder_side(rpe, rir):
    line = f'2025-04-01 17:30:11;"Back Day";"Deadlift (Barbell)";1;140;kg;5;{rpe};;;0;"";"";52m\n'
    layout = formats.detect(_sample("strong_semicolon.csv").decode().splitlines()[0])
    (row,) = formats._rows(io.StringIO(line), layout)
    assert row.rir == rir


@pytest.mark.parametrize(
    ("order", "warmup", "rir"), [("W", True, None), ("D", False, None), ("F", False, 0), ("3", False, None)]
)
def test_strong_set_order_letters(order, warmup, rir):
    layout = formats.detect(_sample("strong_semicolon.csv").decode().splitlines()[0])
    # The newer layout's last column (Workout Duration) may be missing altogether.
    (row,) = formats._rows(
        io.StringIO(f'2025-04-01 17:30:11;"Back Day";"Deadlift (Barbell)";{order};140;kg;5;;;;0;"";""\n'), layout
    )
    assert (row.warmup, row.rir, row.finished) == (warmup, rir, None)


def test_strong_rows_become_sets_warmups_and_skips():
    stream = io.StringIO(_sample("strong_semicolon.csv").decode(), newline="")
    _, rows = formats.read(stream)
    rows = list(rows)
    sets = [row for row in rows if isinstance(row, formats.Row)]
    assert [s.warmup for s in sets[:2]] == [True, False]  # "W" is a warm-up
    assert sets[0].started == dt.datetime(2025, 4, 1, 17, 30, 11)
    assert sets[0].finished == dt.datetime(2025, 4, 1, 18, 22, 11)  # 52m
    assert [(row.line, row.reason) for row in rows if isinstance(row, formats.Skip)] == [(8, "timed")]  # the plank


def test_hevy_dates_set_types_and_failure():
    _, rows = formats.read(io.StringIO(_sample("hevy_kg.csv").decode(), newline=""))
    rows = list(rows)
    assert rows[0].started == dt.datetime(2025, 4, 7, 16, 34) and rows[0].finished == dt.datetime(2025, 4, 7, 17, 35)
    assert rows[0].warmup and not rows[1].warmup
    seal_failure = rows[-1]
    assert (seal_failure.exercise, seal_failure.reps, seal_failure.rir) == ("Seal Row", 9, 0)  # RPE 10


def test_a_note_spanning_lines_keeps_the_line_numbers_of_what_follows():
    text = (
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"
        '2025-03-03 07:12:40,A,1h,Deadlift,1,275,6,0,0,"two\nlines","",8\n'
        "2025-03-03 07:12:40,A,1h,Deadlift,2,275,lots,0,0,,,8\n"
    )
    _, rows = formats.read(io.StringIO(text, newline=""))
    rows = list(rows)
    assert rows[0].note == "two lines"
    assert rows[1] == formats.Broken(4, "reps “lots” is not a number")


# -- the pages -------------------------------------------------------------------------------------------


def test_upload_preview_confirm_summary_strong_classic(client, athlete, library):
    athlete.time_zone = "America/New_York"  # the file's times are the lifter's local times
    athlete.save()
    client.force_login(athlete)
    job = _preview(client, _sample("strong_classic.csv"), "strong.csv")
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Strong export" in page
    assert ">2<" in page and ">11<" in page  # workouts and sets
    assert "3 Mar 2025 – 6 Mar 2025" in page
    assert "Skipped: cardio (distance)" in page
    assert "Bent Over Row (Barbell)" in page and "Face Pull (Cable)" in page
    assert not SetLog.objects.exists()  # the preview stores no sets
    response = _confirm(client, job, unit="lb")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "done"
    summary = client.get(job.get_absolute_url()).content.decode()
    assert "Added 11 sets in 2 workouts." in summary and "1 cardio, timed or empty row skipped." in summary
    sets = _sets(athlete)
    assert sets.count() == 11
    row = sets.filter(exercise__slug="barbell-row").order_by("logged_at").first()
    assert (row.weight, row.unit, row.reps, row.rir) == (Decimal(155), "lb", 8, 2)
    assert sets.filter(exercise__slug="face-pull", rir__isnull=True).count() == 2  # no RPE: no RIR
    session = row.session_exercise.session
    assert session.name == "Upper Back B" and session.imported_from == "Strong"
    assert session.started_at.astimezone(dt.UTC) == dt.datetime(2025, 3, 6, 23, 40, 5, tzinfo=dt.UTC)  # New York
    assert not ImportChunk.objects.exists()  # the file is gone once imported


def test_strong_classic_needs_the_unit(client, athlete, library):
    client.force_login(athlete)
    job = _preview(client, _sample("strong_classic.csv"))
    response = _confirm(client, job)
    assert response.status_code == 400
    assert "Pick kg or lb: Strong's files don't say which." in html.unescape(response.content.decode())
    response = _confirm(client, job, unit="kg")
    assert _sets(athlete).filter(unit="kg").count() == 11


@pytest.mark.parametrize(
    ("sample", "sets", "unit"),
    [("strong_semicolon.csv", 8, "kg"), ("hevy_kg.csv", 9, "kg"), ("hevy_lbs.csv", 4, "lb"), ("fitnotes.csv", 6, "kg")],
)
def test_each_sample_imports_with_its_units(client, athlete, library, sample, sets, unit):
    client.force_login(athlete)
    job = _preview(client, _sample(sample))
    _confirm(client, job)
    assert set(_sets(athlete).values_list("unit", flat=True)) == {unit}
    assert _sets(athlete).count() == sets


def test_warmups_are_kept_and_marked(client, athlete, library):
    client.force_login(athlete)
    _confirm(client, _preview(client, _sample("hevy_kg.csv")))
    deadlifts = list(_sets(athlete).filter(exercise__slug="deadlift").order_by("logged_at"))
    assert [(s.weight, s.is_warmup) for s in deadlifts] == [(60, True), (140, False), (145, False)]
    assert [s.rir for s in deadlifts] == [None, 2, 1]


def test_fitnotes_days_are_workouts(client, athlete, library):
    client.force_login(athlete)
    _confirm(client, _preview(client, _sample("fitnotes.csv")))
    sessions = TrainingSession.objects.filter(athlete=athlete).order_by("started_at")
    assert [(s.name, s.started_at.date()) for s in sessions] == [
        ("Back workout", dt.date(2025, 5, 12)),
        ("Shoulders workout", dt.date(2025, 5, 15)),
    ]
    assert SessionExercise.objects.get(session=sessions[0], exercise__slug="deadlift").note == "grip slipping"


def test_same_file_twice_adds_nothing_and_says_so(client, athlete, library):
    client.force_login(athlete)
    _confirm(client, _preview(client, _sample("hevy_kg.csv")))
    again = _preview(client, _sample("hevy_kg.csv"))
    assert "Every set in this file is already in your log: importing it again adds nothing." in (
        client.get(again.get_absolute_url()).content.decode()
    )
    _confirm(client, again)
    assert _sets(athlete).count() == 9
    assert TrainingSession.objects.filter(athlete=athlete).count() == 2
    assert "Nothing new: all 9 sets in this file were in your log already." in (
        client.get(again.get_absolute_url()).content.decode()
    )


def test_overlapping_files_add_only_the_new_sets(client, athlete, library):
    client.force_login(athlete)
    lines = _sample("hevy_kg.csv").decode().splitlines(keepends=True)
    first, second = "".join(lines[:6]), lines[0] + "".join(lines[3:])  # rows 1-5, then rows 3-9
    _confirm(client, _preview(client, first.encode()))
    assert _sets(athlete).count() == 5
    job = _preview(client, second.encode())
    assert job.preview["already"] == 3
    _confirm(client, job)
    job.refresh_from_db()
    assert (job.result["added_sets"], job.result["already"]) == (4, 3)
    assert _sets(athlete).count() == 9
    assert TrainingSession.objects.filter(athlete=athlete).count() == 2  # the sets joined their workout


def test_imported_sets_are_judged_against_the_workout_exercise_they_join(client, athlete, library):
    client.force_login(athlete)
    lines = _sample("hevy_kg.csv").decode().splitlines(keepends=True)
    _confirm(client, _preview(client, "".join(lines[:3]).encode()))  # the deadlift's warm-up, 140 x 6 @ RPE 8
    # No RPE, not judged; 6 reps inside the deadlift's 4-6 at RIR 2, inside 1-2.
    assert [s.on_target for s in _sets(athlete).order_by("logged_at")] == [None, True]
    SessionExercise.objects.filter(session__athlete=athlete).update(rep_min=6, rep_max=8)

    _confirm(client, _preview(client, (lines[0] + lines[3]).encode()))  # 145 x 5 @ RPE 9 joins that workout

    added = _sets(athlete).get(weight=145)
    assert (added.reps, added.rir, added.on_target) == (5, 1, False)  # under its 6-8


def test_unknown_names_map_to_a_suggestion_your_own_or_nothing(client, athlete, library):
    client.force_login(athlete)
    text = (
        "Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time,Comment\n"
        "2025-05-12,Bent Over Row (Barbell),Back,80,8,,,,\n"
        "2025-05-12,Bench Press (Barbell),Chest,100,5,,,,\n"
        "2025-05-12,Bicep Curl (Dumbbell),Arms,15,10,,,,\n"
    )
    job = _preview(client, text.encode())
    page = client.get(job.get_absolute_url()).content.decode()
    barbell_row = Exercise.objects.get(slug="barbell-row")
    assert f'<option value="{barbell_row.pk}" selected>Barbell row</option>' in page  # the suggestion
    names = [entry["name"] for entry in job.preview["exercises"]]
    data = {
        f"exercise_{names.index('Bent Over Row (Barbell)')}": str(barbell_row.pk),
        f"exercise_{names.index('Bench Press (Barbell)')}": "new",
        f"exercise_{names.index('Bicep Curl (Dumbbell)')}": "skip",
    }
    client.post(job.get_absolute_url(), data)
    bench = Exercise.objects.get(created_by=athlete, name="Bench Press (Barbell)")
    assert bench.equipment == "barbell"
    assert sorted(_sets(athlete).values_list("exercise__name", flat=True)) == ["Barbell row", "Bench Press (Barbell)"]
    job.refresh_from_db()
    assert job.result["left_out"] == 1 and job.result["created_exercises"] == ["Bench Press (Barbell)"]


def test_a_choice_that_is_not_offered_is_refused(client, athlete, other_athlete, library):
    theirs = Exercise.objects.create(
        created_by=other_athlete, slug="custom-theirs", name="Their lift", equipment="cable"
    )
    client.force_login(athlete)
    job = _preview(client, b"Date,Exercise,Category,Weight (kgs),Reps\n2025-05-12,Mystery,Back,80,8\n")
    response = client.post(job.get_absolute_url(), {"exercise_0": str(theirs.pk)})
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert not SetLog.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This isn't a CSV file"),
        (b"name,age\nbob,4\n", "We don't know this file's layout (its first line names name, age)."),
        (b"", "That file is empty: export your history again and upload that file."),
        ("Date,Exercise,Reps\n2025-01-01,Row,5\n".encode("utf-16"), "This isn't a CSV file"),
        (b"Date,Exercise,Category,Weight (kgs),Reps\n2025-05-12,Running,Cardio,,\n", "no sets in this file"),
    ],
)
def test_bad_files_get_a_clear_answer_and_store_nothing(client, athlete, data, message):
    client.force_login(athlete)
    response = _upload(client, data)
    assert response.status_code == 400
    assert message in html.unescape(response.content.decode())
    assert not ImportJob.objects.exists() and not SetLog.objects.exists()


def test_a_file_over_the_limit_says_which_limit(client, athlete, settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    client.force_login(athlete)
    data = _sample("strong_classic.csv") * 1000  # ~1.2 MB
    response = _upload(client, data)
    assert "the limit is 1.0 MB" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_broken_rows_are_listed_with_line_numbers_and_nothing_is_stored_unless_chosen(client, athlete, library):
    client.force_login(athlete)
    header = "Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time,Comment\n"
    good = "2025-05-12,Deadlift,Back,150,5,,,,\n"
    bad = [f"2025-05-12,Deadlift,Back,150,{n},,,,\n" for n in ("x", "101", "-3")] * 8  # 24 broken rows
    job = _preview(client, (header + good + "".join(bad)).encode())
    page = html.unescape(client.get(job.get_absolute_url()).content.decode())
    assert "24 rows can't be read" in page
    assert "Line 3: reps “x” is not a number" in page and "Line 4: 101 reps is more than 100" in page
    assert "Line 5: reps “-3” is not a whole number" in page
    assert page.count("<li>Line ") == 20 and "The first 20 of 24 are shown." in page
    response = client.post(job.get_absolute_url(), {})
    assert response.status_code == 400 and not SetLog.objects.exists()
    client.post(job.get_absolute_url(), {"leave_out_broken": "on"})
    assert _sets(athlete).count() == 1


def test_a_weight_too_heavy_for_the_chosen_unit_fails_the_whole_import(client, athlete, library):
    client.force_login(athlete)
    text = (
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n"
        "2025-03-03 07:12:40,A,1h,Deadlift,1,275.0,6,0,0,,,8\n"
        "2025-03-03 07:12:40,A,1h,Deadlift,2,1500.0,1,0,0,,,8\n"
    )
    job = _preview(client, text.encode())
    _confirm(client, job, unit="kg")
    job.refresh_from_db()
    assert job.status == "failed" and job.error == "Line 3: weight 1500 is more than 1000 kg."
    assert not SetLog.objects.exists() and not TrainingSession.objects.exists()
    assert "Nothing from export.csv was stored." in client.get(job.get_absolute_url()).content.decode()


def test_a_confirmed_import_is_not_confirmed_twice(client, athlete, library):
    client.force_login(athlete)
    job = _preview(client, _sample("hevy_lbs.csv"))
    _confirm(client, job)
    response = _confirm(client, job)
    assert response.status_code == 302
    assert _sets(athlete).count() == 4


def test_cancel_drops_the_file(client, athlete, library):
    client.force_login(athlete)
    job = _preview(client, _sample("hevy_lbs.csv"))
    response = client.post(reverse("training_log:import-discard", args=[job.pk]))
    assert response.status_code == 302
    assert not ImportJob.objects.exists() and not ImportChunk.objects.exists()


def test_the_progress_fragment_polls_until_done(client, athlete, library):
    client.force_login(athlete)
    job = _preview(client, _sample("hevy_lbs.csv"))
    mapping = {entry["name"]: str(entry["recognised"] or entry["suggestion"]) for entry in job.preview["exercises"]}
    ImportJob.objects.filter(pk=job.pk).update(status="queued", mapping=mapping)  # confirmed, not yet run
    fragment = client.get(reverse("training_log:import-progress", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1500ms"' in fragment and "Waiting to start: 5 rows" in fragment
    from django.core.cache import cache

    cache.set(importer.progress_key(job.pk), 3)
    fragment = client.get(reverse("training_log:import-progress", args=[job.pk])).content.decode()
    assert "3 of 5 rows read" in fragment and '<progress id="import-progress"' in fragment
    page = client.get(job.get_absolute_url()).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page  # without JavaScript, the page refreshes itself
    importer.run_import(job.pk)
    fragment = client.get(reverse("training_log:import-progress", args=[job.pk])).content.decode()
    assert "hx-trigger" not in fragment and "Added 4 sets in 1 workout." in fragment


# -- what the log makes of it ----------------------------------------------------------------------------


def test_after_an_import_progress_shows_it_and_the_next_weight_starts_from_it(client, athlete, library):
    from training_log.selectors.cards import session_cards
    from training_log.services.sessions import start_session
    from workouts.models import TemplateItem, WorkoutTemplate

    client.force_login(athlete)
    _confirm(client, _preview(client, _sample("hevy_lbs.csv")))  # Rack Pull 315 x 5 @ RPE 8, 325 x 4 @ RPE 9
    progress = client.get(reverse("training_log:progress")).content.decode()
    assert "Rack pull" in progress
    rack_pull = Exercise.objects.get(slug="rack-pull")
    template = WorkoutTemplate.objects.create(owner=athlete, name="Pull")
    TemplateItem.objects.create(template=template, exercise=rack_pull, sets=3, rep_min=4, rep_max=6)
    session, _ = start_session(actor=athlete, template=template)
    (card,) = session_cards(session, athlete)
    # The last imported working set (325 x 4 at RPE 9) is where the advice starts: stay, add a rep.
    assert card.from_last_time and (card.advice.weight, card.advice.reps) == (Decimal(325), 5)
    assert card.advice.message.startswith("4 reps at 325 lb with 1 rep in reserve")


def test_a_workout_open_during_the_import_starts_from_the_imported_sets(client, athlete, library):
    """Its card was drawn (and its history kept: training_log.cardcache) before the file came in."""
    from training_log.selectors.cards import session_cards
    from training_log.services.sessions import start_session
    from workouts.models import TemplateItem, WorkoutTemplate

    client.force_login(athlete)
    template = WorkoutTemplate.objects.create(owner=athlete, name="Pull")
    TemplateItem.objects.create(
        template=template, exercise=Exercise.objects.get(slug="rack-pull"), sets=3, rep_min=4, rep_max=6
    )
    session, _ = start_session(actor=athlete, template=template)
    assert client.get(session.get_absolute_url()).status_code == 200
    (card,) = session_cards(session, athlete)
    assert card.advice is None and not card.last_time

    _confirm(client, _preview(client, _sample("hevy_lbs.csv")))

    (card,) = session_cards(session, athlete)
    assert card.from_last_time and (card.advice.weight, card.advice.reps) == (Decimal(325), 5)
    assert "325 lb × 4" in client.get(session.get_absolute_url()).content.decode()


def test_round_trip_our_export_into_a_fresh_account(client, athlete, other_athlete, library):
    import uuid

    from training_log.services.sessions import log_set, start_session
    from workouts.models import TemplateItem, WorkoutTemplate

    deadlift, row = Exercise.objects.get(slug="deadlift"), Exercise.objects.get(slug="cable-row")
    template = WorkoutTemplate.objects.create(owner=athlete, name="=Upper")
    TemplateItem.objects.create(template=template, exercise=deadlift, sets=3, rep_min=4, rep_max=6, position=0)
    TemplateItem.objects.create(template=template, exercise=row, sets=3, rep_min=8, rep_max=12, position=1)
    session, _ = start_session(actor=athlete, template=template)
    first, second = session.exercises.order_by("position")
    for item, weight, reps, rir, warmup in [
        (first, "135", 5, 5, True),
        (first, "315", 5, 2, False),
        (first, "325", 4, 1, False),
        (second, "102.5", 10, 2, False),
        (second, "102.5", 0, 0, False),
    ]:
        log_set(
            actor=athlete,
            session_exercise=item,
            weight=Decimal(weight),
            unit="lb",
            reps=reps,
            rir=rir,
            client_id=uuid.uuid4(),
            is_warmup=warmup,
        )
    SessionExercise.objects.filter(pk=second.pk).update(note="=HYPERLINK(evil)")
    client.force_login(athlete)
    exported = b"".join(client.get(reverse("training_log:export-sets")).streaming_content)
    client.force_login(other_athlete)
    job = _preview(client, exported, "scapula-sets.csv")
    _confirm(client, job)
    job.refresh_from_db()
    assert job.status == "done", job.error

    def sets_of(user):
        return [
            (
                s.session_exercise.session.name,
                s.session_exercise.session.started_at.replace(microsecond=0),
                s.exercise_id,
                s.weight,
                s.unit,
                s.reps,
                s.rir,
                s.is_warmup,
                s.session_exercise.note,
            )
            for s in _sets(user).order_by("logged_at", "pk")
        ]

    assert sets_of(other_athlete) == sets_of(athlete)
    assert len(sets_of(other_athlete)) == 5


def test_one_query_budget_whatever_the_file(client, athlete, library, django_assert_max_num_queries):
    client.force_login(athlete)
    job = _preview(client, _sample("hevy_kg.csv"))
    with django_assert_max_num_queries(8):
        client.get(job.get_absolute_url())
    with django_assert_max_num_queries(6):
        client.get(reverse("training_log:import"))
    with django_assert_max_num_queries(5):
        client.get(reverse("training_log:import-progress", args=[job.pk]))


def test_a_long_file_keeps_only_the_last_few_workouts_in_memory():
    places = reading.Places()
    for day in range(5000):
        for number in range(1, 4):
            assert places.place((f"2020-01-01T00:00+{day}", "pull"), "deadlift", str(number)) == (number - 1, 1)
    assert places.sessions == 5000 and len(places.recent) == reading.Places.RECENT


def test_a_long_imported_history_pages_through(client, athlete, library):
    client.force_login(athlete)
    header = "Date,Exercise,Category,Weight (kgs),Reps\n"
    days = [dt.date(2024, 1, 1) + dt.timedelta(days=2 * n) for n in range(60)]
    _confirm(client, _preview(client, (header + "".join(f"{d},Deadlift,Back,100,5\n" for d in days)).encode()))
    first = client.get(reverse("training_log:history")).content.decode()
    assert first.count("imported from FitNotes") == 50 and "Page 1 of 2" in first and "?page=2" in first
    second = client.get(reverse("training_log:history") + "?page=2").content.decode()
    assert second.count("imported from FitNotes") == 10 and "Wed 3 Jan 2024" in second


def test_unconfirmed_uploads_are_purged_after_a_day(client, athlete, library):
    from io import StringIO

    from django.core.management import call_command

    client.force_login(athlete)
    old, recent = _preview(client, _sample("hevy_lbs.csv")), _preview(client, _sample("hevy_kg.csv"))
    done = _preview(client, _sample("fitnotes.csv"))
    _confirm(client, done)
    ImportJob.objects.filter(pk__in=[old.pk, done.pk]).update(created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    out = StringIO()
    call_command("purge_imports", stdout=out)
    assert out.getvalue().splitlines()[0] == "Removed 1 unconfirmed import."
    assert set(ImportJob.objects.values_list("pk", flat=True)) == {recent.pk, done.pk}
    assert not ImportChunk.objects.filter(job=old.pk).exists()


_HEADERS = [
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE",
    "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes",
    '"title","start_time","end_time","description","exercise_title","superset_id","exercise_notes","set_index",'
    '"set_type","weight_kg","reps","distance_km","duration_seconds","rpe"',
    "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment",
    "date,session,exercise,set_number,weight,unit,reps,rir,rpe,warmup,note",
]


@given(
    header=st.sampled_from(_HEADERS),
    body=st.lists(
        st.lists(
            st.one_of(st.text(max_size=12), st.sampled_from(["8.5", "1e9", "-1", "NaN", "W", "kg", "2025-01-01"]))
        ),
        max_size=8,
    ),
)
@settings(max_examples=200, deadline=None)
def test_any_row_is_a_set_a_skip_or_a_broken_row_never_an_error(header, body):
    delimiter = ";" if ";" in header else ","
    text = header + "\n" + "\n".join(delimiter.join(cells) for cells in body) + "\n"
    _, rows = formats.read(io.StringIO(text, newline=""))
    for row in rows:
        assert isinstance(row, formats.Row | formats.Skip | formats.Broken)
        if isinstance(row, formats.Row):
            assert 0 <= row.reps <= 100 and row.weight >= 0 and row.rir in (None, *range(11))


def test_two_names_for_one_lift_in_a_workout_share_its_exercise(client, athlete, library):
    client.force_login(athlete)
    text = (
        "Date,Exercise,Category,Weight (kgs),Reps\n"
        "2025-05-12,Deadlift,Back,150,5\n"
        "2025-05-12,Deadlift (Barbell),Back,160,3\n"
    )
    _confirm(client, _preview(client, text.encode()))  # "Deadlift (Barbell)" is suggested as Deadlift
    (item,) = SessionExercise.objects.filter(session__athlete=athlete)
    assert item.exercise.slug == "deadlift"
    assert list(item.logged_sets.order_by("logged_at").values_list("weight", "reps")) == [(150, 5), (160, 3)]


@pytest.mark.parametrize("who", ["other_athlete", "coach"])
def test_only_the_athlete_confirms_or_cancels_their_import(request, athlete, library, who):
    from django.core.exceptions import PermissionDenied

    actor = request.getfixturevalue(who)  # another athlete; the athlete's own (active) coach
    job = services.start_import(actor=athlete, upload=SimpleUploadedFile("h.csv", _sample("hevy_lbs.csv")))
    with pytest.raises(PermissionDenied):
        services.confirm_import(actor=actor, job=job, mapping={})
    with pytest.raises(PermissionDenied):
        services.discard_import(actor=actor, job=job)
    job.refresh_from_db()
    assert job.status == "preview" and job.chunks.exists() and not SetLog.objects.exists()
