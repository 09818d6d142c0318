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


def _snapshot():
    return (
        list(Muscle.objects.values().order_by("pk")),
        list(Exercise.objects.values().order_by("pk")),
        list(ExerciseStep.objects.values().order_by("pk")),
        list(ExerciseMuscle.objects.values().order_by("pk")),
        list(Exercise.alternatives.through.objects.values().order_by("pk")),
    )


def test_loads_the_nine_muscles_and_thirteen_exercises(db):
    report = load_library()
    assert list(Muscle.objects.values_list("slug", flat=True)) == MUSCLE_SLUGS
    assert list(Exercise.objects.values_list("slug", flat=True)) == EXERCISE_SLUGS
    assert len(report.created) == 22


def test_rerun_changes_nothing(library):
    before = _snapshot()
    report = load_library()
    assert not report.changed
    assert _snapshot() == before


def test_command_reports_what_it_did(db):
    out = StringIO()
    call_command("load_library", stdout=out)
    assert "22 created, 0 updated, 0 skipped" in out.getvalue()
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


def test_every_muscle_is_trained_by_some_exercise(library):
    trained = set(ExerciseMuscle.objects.values_list("muscle__slug", flat=True))
    assert trained == set(MUSCLE_SLUGS)


def test_every_exercise_has_alternatives_with_steps_and_a_primary_muscle(library):
    for exercise in Exercise.objects.all():
        assert 2 <= exercise.alternatives.count() <= 3, exercise.slug
        assert exercise.steps.count() >= 4, exercise.slug
        assert exercise.muscle_roles.filter(role="primary").exists(), exercise.slug
