"""Each domain constant has one home: the rep limits, the RIR limit, the units, the longest assignment.
A constant with two homes drifts (REPS_MAX was 50 in one app and 100 in another); the pages read
limits from the forms, which read them from the models."""

import ast
import uuid
from collections import defaultdict
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import UNIT_NAMES, Unit, User
from core import units
from exercises.models import PRESCRIBED_REPS_MAX, Exercise
from tests.factories import TemplateItemFactory, WorkoutTemplateFactory
from training_log.domain import progression
from training_log.forms import SetForm
from training_log.models import LOGGED_REPS_MAX, SetLog
from workouts import services as plan_services
from workouts.forms import AssignForm, PlannedExerciseForm, TemplateItemForm
from workouts.models import MAX_WEEKS, RIR_MAX, Assignment, TemplateItem

ROOT = Path(__file__).resolve().parent.parent
OUR_APPS = ("accounts", "exercises", "workouts", "training_log")


def _our_modules():
    for app in OUR_APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path.relative_to(ROOT), ast.parse(path.read_text())


def test_no_constant_is_defined_in_two_modules():
    """Module-level UPPER_CASE names and Unit classes: each in one module; the others import it."""
    homes = defaultdict(list)
    for path, tree in _our_modules():
        for node in tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
            for target in targets:
                if isinstance(target, ast.Name) and target.id.isupper():
                    homes[target.id].append(str(path))
        classes = [node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
        homes["class Unit"] += [str(path)] * classes.count("Unit")
    assert {name: paths for name, paths in homes.items() if len(paths) > 1} == {}


def _max(validators):
    return next(v.limit_value for v in validators if isinstance(v, MaxValueValidator))


def test_logged_reps_have_one_limit():
    for name in ("reps", "reps_left", "reps_right"):
        assert _max(SetLog._meta.get_field(name).validators) == LOGGED_REPS_MAX
    assert SetForm.base_fields["reps"].max_value == LOGGED_REPS_MAX
    assert SetForm.base_fields["reps"].widget.attrs["max"] == LOGGED_REPS_MAX


def test_prescribed_reps_have_one_limit():
    for name in ("rep_min", "rep_max"):
        assert _max(TemplateItem._meta.get_field(name).validators) == PRESCRIBED_REPS_MAX
        assert TemplateItemForm().fields[name].widget.attrs["max"] == PRESCRIBED_REPS_MAX
        assert PlannedExerciseForm().fields[name].widget.attrs["max"] == PRESCRIBED_REPS_MAX
    constraint = next(c for c in Exercise._meta.constraints if c.name == "exercise_rep_range_valid")
    assert ("rep_max__lte", PRESCRIBED_REPS_MAX) in constraint.condition.children
    assert PRESCRIBED_REPS_MAX < LOGGED_REPS_MAX  # a lifter may beat the plan


def test_reps_in_reserve_have_one_limit():
    assert _max(TemplateItem._meta.get_field("rir_max").validators) == RIR_MAX
    assert _max(SetLog._meta.get_field("rir").validators) == RIR_MAX
    assert [value for value, _ in SetForm.base_fields["rir"].choices] == list(range(RIR_MAX + 1))


@pytest.mark.django_db
def test_the_longest_assignment_is_one_number(coach, athlete):
    assert _max(Assignment._meta.get_field("weeks").validators) == MAX_WEEKS
    assert AssignForm.base_fields["weeks"].max_value == MAX_WEEKS
    assert AssignForm.base_fields["weeks"].widget.attrs["max"] == MAX_WEEKS
    plan = WorkoutTemplateFactory(owner=coach)
    TemplateItemFactory(template=plan)
    with pytest.raises(ValidationError, match=f"1 to {MAX_WEEKS} weeks"):
        plan_services.assign(
            actor=coach,
            athletes=[athlete],
            templates=[plan],
            start=timezone.localdate(),
            weekdays=[1],
            weeks=MAX_WEEKS + 1,
            submission_id=uuid.uuid4(),
        )
    # The database draws the same line: the longest assignment is stored, one week more is refused.
    stored = {"planned_by": coach, "start_date": timezone.localdate(), "weekdays": "1"}
    Assignment.objects.create(weeks=MAX_WEEKS, submission_id=uuid.uuid4(), **stored)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(weeks=MAX_WEEKS + 1, submission_id=uuid.uuid4(), **stored)
    # And the longest the form offers is one the service plans in full.
    assert AssignForm.base_fields["weeks"].clean(str(MAX_WEEKS)) == MAX_WEEKS
    plan_services.assign(
        actor=coach,
        athletes=[athlete],
        templates=[plan],
        start=timezone.localdate(),
        weekdays=[timezone.localdate().isoweekday()],
        weeks=MAX_WEEKS,
        submission_id=uuid.uuid4(),
    )
    assert athlete.planned_sessions.count() == MAX_WEEKS


def test_units_have_one_home():
    assert tuple(Unit.values) == units.UNITS
    assert progression.UNITS is units.UNITS
    assert set(UNIT_NAMES) == set(Unit)
    fields = [
        field
        for app in OUR_APPS
        for model in apps.get_app_config(app).get_models()
        for field in model._meta.get_fields()
        if field.name in ("unit", "load_unit")
    ]
    # the lifter's, a logged set's, a coach override's, an import's (a file without units), and the steps of
    # three prescriptions
    assert len(fields) == 7
    for field in fields:
        assert tuple(value for value, _ in field.choices) == units.UNITS, field
    assert User._meta.get_field("unit").choices == [("lb", "Pounds (lb)"), ("kg", "Kilograms (kg)")]
