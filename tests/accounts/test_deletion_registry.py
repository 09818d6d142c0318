"""Each app registers its part of a deleted account (accounts.deletion); these tests fail when a new model
would be forgotten by the deletion, or when the parts would run in an order the foreign keys refuse."""

from django.apps import apps

from accounts.deletion import parts
from accounts.models import User
from exercises import accounts_data as exercise_data
from exercises.models import Exercise
from exercises.selectors import _history_relations

PROJECT_APPS = ("accounts", "exercises", "workouts", "training_log")


def test_rows_go_before_the_rows_they_point_at():
    # A set PROTECTs its exercise and its planned workout's exercise: the log first, then plans, then the library.
    assert [part.app_label for part in parts()] == ["training_log", "workouts", "exercises"]


def test_every_app_holding_a_persons_rows_has_a_part():
    holding = {
        model._meta.app_label
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
        if any(field.is_relation and field.related_model is User for field in model._meta.get_fields())
    }
    assert holding - {"accounts"} == {part.app_label for part in parts()}


def test_every_row_naming_an_exercise_is_handed_over_with_its_owner():
    # A relation missing here would keep the deleted creator's exercise in someone else's history: the
    # PROTECT on it would then stop the whole deletion.
    pointing_at_exercise = {
        (relation.related_model, relation.field.name)
        for relation in _history_relations()
        if relation.related_model._meta.app_label in PROJECT_APPS and relation.field.related_model is Exercise
    }
    assert pointing_at_exercise == set(exercise_data._references)
