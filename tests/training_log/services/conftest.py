import pytest

from tests.factories import ExerciseFactory, SessionExerciseFactory


@pytest.fixture
def row(db):
    return ExerciseFactory(name="Chest-supported row")


@pytest.fixture
def workout(athlete, row):
    """An open workout of the athlete's with one exercise, the row, for 8-12 reps (the override tests')."""
    return SessionExerciseFactory(session__athlete=athlete, exercise=row, rep_min=8, rep_max=12).session
