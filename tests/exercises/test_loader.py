from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from exercises import content
from exercises.models import Exercise, ExerciseMuscle, ExerciseStep, Muscle
from exercises.services import load_library
from tests.factories import CustomExerciseFactory, ExerciseFactory, UserFactory

MUSCLE_SLUGS = [
    "trapezius", "rhomboids", "erector-spinae", "teres-major", "teres-minor", "posterior-deltoid",
    "infraspinatus", "serratus-posterior-superior", "serratus-posterior-inferior",
]  # fmt: skip
EXERCISE_SLUGS = [
    "deadlift", "romanian-deadlift", "rack-pull", "barbell-row", "single-arm-dumbbell-row", "cable-row",
    "chest-supported-row", "seal-row", "meadows-row", "t-bar-row", "upright-row", "face-pull",
    "dumbbell-rear-lateral-raise",
]  # fmt: skip
ADDITION_SLUGS = ["pull-up", "lat-pulldown", "barbell-shrug"]


def _snapshot():
    return (
        list(Muscle.objects.values().order_by("pk")),
        list(Exercise.objects.values().order_by("pk")),
        list(ExerciseStep.objects.values().order_by("pk")),
        list(ExerciseMuscle.objects.values().order_by("pk")),
        list(Exercise.alternatives.through.objects.values().order_by("pk")),
    )


def test_loads_the_nine_muscles_thirteen_core_exercises_and_three_additions(db):
    report = load_library()
    assert list(Muscle.objects.values_list("slug", flat=True)) == MUSCLE_SLUGS
    assert list(Exercise.objects.values_list("slug", flat=True)) == EXERCISE_SLUGS + ADDITION_SLUGS
    assert list(Exercise.objects.filter(is_addition=True).values_list("slug", flat=True)) == ADDITION_SLUGS
    assert len(report.created) == 25


def test_rerun_changes_nothing(library):
    before = _snapshot()
    report = load_library()
    assert not report.changed
    assert _snapshot() == before


def test_command_reports_what_it_did(db):
    out = StringIO()
    call_command("load_library", stdout=out)
    assert "25 created, 0 updated, 0 skipped" in out.getvalue()
    out = StringIO()
    call_command("load_library", stdout=out)
    assert "0 created, 0 updated, 0 skipped" in out.getvalue()


def test_rerun_restores_an_edited_library_entry(library):
    Exercise.objects.filter(slug="deadlift").update(rep_min=1, rep_max=20)
    ExerciseStep.objects.filter(exercise__slug="deadlift").delete()
    report = load_library()
    deadlift = Exercise.objects.get(slug="deadlift")
    assert report.updated == ["deadlift"]
    assert (deadlift.rep_min, deadlift.rep_max) == (4, 6)
    assert deadlift.steps.count() == len(content.EXERCISES[0]["steps"])


def test_never_touches_an_exercise_a_user_created(library):
    owner = UserFactory()
    mine = CustomExerciseFactory(name="My cable shrug", created_by=owner)
    load_library()
    mine.refresh_from_db()
    assert mine.name == "My cable shrug"


def test_a_user_exercise_can_never_take_a_library_slug(db):
    """Custom slugs are "custom-<id>" (a database constraint), so the loader never has to skip one of ours."""
    with pytest.raises(IntegrityError), transaction.atomic():
        ExerciseFactory(slug="face-pull", name="My own face pull", created_by=UserFactory())
    assert not load_library().skipped


def test_steps_are_numbered_rows_in_order(library):
    steps = list(ExerciseStep.objects.filter(exercise__slug="deadlift").values_list("position", "text"))
    assert [position for position, _ in steps] == list(range(1, len(steps) + 1))
    assert [text for _, text in steps] == content.EXERCISES[0]["steps"]


@pytest.mark.parametrize("slug", ["deadlift", "rack-pull"])
def test_big_pulls_step_by_ten_up_and_five_down(library, slug):
    exercise = Exercise.objects.get(slug=slug)
    assert (exercise.increment_lb, exercise.decrement_lb) == (10, 5)
    assert (exercise.increment_kg, exercise.decrement_kg) == (5, 2.5)
    assert (exercise.rep_min, exercise.rep_max) == (4, 6)


def test_every_muscle_but_the_serratus_posterior_is_trained_by_some_exercise(library):
    trained = set(ExerciseMuscle.objects.values_list("muscle__slug", flat=True))
    assert trained == set(MUSCLE_SLUGS) - {"serratus-posterior-superior", "serratus-posterior-inferior"}


def test_no_exercise_lists_the_serratus_posterior(library):
    assert not ExerciseMuscle.objects.filter(muscle__slug__startswith="serratus-posterior").exists()


def test_upright_row_is_an_upper_trap_lift_without_rhomboids(library):
    roles = dict(ExerciseMuscle.objects.filter(exercise__slug="upright-row").values_list("muscle__slug", "role"))
    assert roles == {"trapezius": "primary", "posterior-deltoid": "secondary"}


@pytest.mark.parametrize("slug", ["face-pull", "dumbbell-rear-lateral-raise"])
def test_rear_shoulder_lifts_no_longer_suggest_the_upright_row(library, slug):
    alternatives = Exercise.objects.get(slug=slug).alternatives.values_list("slug", flat=True)
    assert "upright-row" not in alternatives


def test_upright_row_suggests_lifts_that_train_the_upper_traps(library):
    alternatives = set(Exercise.objects.get(slug="upright-row").alternatives.values_list("slug", flat=True))
    assert "barbell-shrug" in alternatives
    assert not alternatives & {"face-pull", "dumbbell-rear-lateral-raise"}


def test_rerun_brings_an_old_library_in_line_and_then_changes_nothing(library):
    """A database loaded before the corrections: the serratus on the deadlift, rhomboids on the upright row,
    no additions. One run fixes it; the next run changes nothing."""
    serratus = Muscle.objects.get(slug="serratus-posterior-inferior")
    ExerciseMuscle.objects.create(exercise=Exercise.objects.get(slug="deadlift"), muscle=serratus, role="secondary")
    Exercise.objects.filter(slug__in=ADDITION_SLUGS).delete()
    Exercise.objects.filter(slug="face-pull").first().alternatives.add(Exercise.objects.get(slug="upright-row"))
    report = load_library()
    assert set(report.created) == set(ADDITION_SLUGS)
    assert {"deadlift", "face-pull"} <= set(report.updated)
    assert not ExerciseMuscle.objects.filter(muscle=serratus).exists()
    before = _snapshot()
    assert not load_library().changed
    assert _snapshot() == before


def test_every_exercise_has_alternatives_with_steps_and_a_primary_muscle(library):
    for exercise in Exercise.objects.all():
        assert 2 <= exercise.alternatives.count() <= 3, exercise.slug
        assert exercise.steps.count() >= 4, exercise.slug
        assert exercise.muscle_roles.filter(role="primary").exists(), exercise.slug


def _library_by_slug():
    """The library without its primary keys: what the pages show, whichever keys the rows got."""
    drop = {"id", "exercise_id", "muscle_id", "from_exercise_id", "to_exercise_id"}
    return (
        sorted(tuple(sorted((k, str(v)) for k, v in row.items() if k not in drop)) for row in Muscle.objects.values()),
        sorted(
            tuple(sorted((k, str(v)) for k, v in row.items() if k not in drop)) for row in Exercise.objects.values()
        ),
        sorted(ExerciseStep.objects.values_list("exercise__slug", "position", "text")),
        sorted(ExerciseMuscle.objects.values_list("exercise__slug", "muscle__slug", "role")),
        sorted(Exercise.alternatives.through.objects.values_list("from_exercise__slug", "to_exercise__slug")),
    )


def _empty_library():
    Exercise.alternatives.through.objects.all().delete()
    ExerciseStep.objects.all().delete()
    ExerciseMuscle.objects.all().delete()
    Exercise.objects.all().delete()
    Muscle.objects.all().delete()


def test_the_library_fixture_gives_what_load_library_gives(library):
    """tests/conftest.py loads the library once per process, then writes the rows it read back: the same
    library, or every test using it would test something else."""
    from tests.conftest import _LibraryRows

    assert _LibraryRows.rows is not None  # read back from the load above (or an earlier one)
    _empty_library()
    _LibraryRows.load()  # clean tables and rows read: the quick path
    restored = _library_by_slug()
    _empty_library()
    call_command("load_library", stdout=StringIO())

    assert restored == _library_by_slug()
    assert len(restored[1]) == len(EXERCISE_SLUGS + ADDITION_SLUGS)
