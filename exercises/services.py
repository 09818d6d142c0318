"""Writes to the exercise library: the idempotent loader of our own content, and the exercises users add."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError

from accounts.models import Unit, User
from accounts.versions import changed

from . import content, selectors
from .models import CUSTOM_SLUG_PREFIX, Exercise, ExerciseMuscle, ExerciseStep, Muscle

NEEDS_A_PRIMARY_MUSCLE = "Pick at least one muscle it works as primary."
IN_USE = "This exercise is in a template, a plan or a log, so it can no longer be changed. You can archive it."
ARCHIVED = "This exercise is archived, so it can no longer be changed."


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _upsert(model, slug: str, fields: dict, report: LoadReport):
    """Create or update one row by slug, saving only when a value really differs."""
    obj = model.objects.filter(slug=slug).first()
    if obj is None:
        report.created.append(slug)
        return model.objects.create(slug=slug, **fields)
    changed = [name for name, value in fields.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, fields[name])
        obj.save(update_fields=changed)
        report.updated.append(slug)
    return obj


def _mark_updated(report: LoadReport, slug: str) -> None:
    if slug not in report.created and slug not in report.updated:
        report.updated.append(slug)


@transaction.atomic
def load_library(*, muscles=None, exercises=None) -> LoadReport:
    """Bring our muscles and exercises in line with `exercises/content.py`.

    Re-running it changes nothing. Exercises that users created are never touched, even if a slug clashes.
    """
    muscles = content.MUSCLES if muscles is None else muscles
    exercises = content.EXERCISES if exercises is None else exercises
    report = LoadReport()

    muscle_ids = {}
    for position, data in enumerate(muscles):
        fields = {
            "name": data["name"],
            "location": data["location"],
            "function": data["function"],
            "why_it_matters": data.get("why_it_matters", ""),
            "position": position,
        }
        muscle_ids[data["slug"]] = _upsert(Muscle, data["slug"], fields, report).pk

    ours = {}
    for position, data in enumerate(exercises):
        slug = data["slug"]
        if Exercise.objects.filter(slug=slug, created_by__isnull=False).exists():
            report.skipped.append(slug)
            continue
        fields = {
            "name": data["name"],
            "summary": data["summary"],
            "why": data["why"],
            "equipment": data["equipment"],
            "pattern": data["pattern"],
            "setup": data.get("setup", ""),
            "is_unilateral": data.get("is_unilateral", False),
            "is_addition": data.get("is_addition", False),
            "cues": "\n".join(data.get("cues", [])),
            "mistakes": "\n".join(data.get("mistakes", [])),
            "rep_min": data["rep_min"],
            "rep_max": data["rep_max"],
            "increment_lb": data["increment_lb"],
            "decrement_lb": data["decrement_lb"],
            "increment_kg": data["increment_kg"],
            "decrement_kg": data["decrement_kg"],
            "position": position,
        }
        exercise = _upsert(Exercise, slug, fields, report)
        ours[slug] = exercise

        if list(exercise.steps.values_list("text", flat=True)) != list(data["steps"]):
            exercise.steps.all().delete()
            ExerciseStep.objects.bulk_create(
                ExerciseStep(exercise=exercise, position=number, text=text)
                for number, text in enumerate(data["steps"], start=1)
            )
            _mark_updated(report, slug)

        wanted_roles = {(muscle_ids[s], ExerciseMuscle.Role.PRIMARY.value) for s in data["primary"]} | {
            (muscle_ids[s], ExerciseMuscle.Role.SECONDARY.value) for s in data.get("secondary", [])
        }
        if set(exercise.muscle_roles.values_list("muscle_id", "role")) != wanted_roles:
            exercise.muscle_roles.all().delete()
            ExerciseMuscle.objects.bulk_create(
                ExerciseMuscle(exercise=exercise, muscle_id=muscle_id, role=role) for muscle_id, role in wanted_roles
            )
            _mark_updated(report, slug)

    for data in exercises:
        exercise = ours.get(data["slug"])
        if exercise is None:
            continue
        wanted = {ours[s].pk for s in data.get("alternatives", []) if s in ours}
        if set(exercise.alternatives.values_list("pk", flat=True)) != wanted:
            exercise.alternatives.set(wanted)
            _mark_updated(report, data["slug"])
    if report.changed:
        changed(library=True)
    return report


@dataclass(frozen=True)
class CustomExercise:
    """What a user types to add or change an exercise of their own. Load steps are in `unit`."""

    name: str
    equipment: str
    is_unilateral: bool
    muscles: Sequence[tuple[Muscle, str]]  # (muscle, ExerciseMuscle.Role)
    rep_min: int
    rep_max: int
    unit: str  # "lb" or "kg"
    step_up: Decimal
    step_down: Decimal
    steps: Sequence[str] = ()
    notes: str = ""


def _steps_in_both_units(step: Decimal, unit: str) -> dict[str, Decimal]:
    """A step in the other unit is the matching plate, as in our library (5 lb <-> 2.5 kg, 10 lb <-> 5 kg):
    half the pounds in kilograms, twice the kilograms in pounds. The unit typed keeps its exact value."""
    cent = Decimal("0.01")
    if unit == Unit.KG:
        return {"kg": step, "lb": (step * 2).quantize(cent, rounding=ROUND_HALF_UP)}
    return {"lb": step, "kg": (step / 2).quantize(cent, rounding=ROUND_HALF_UP)}


def _apply(exercise: Exercise, data: CustomExercise) -> None:
    """Copy the typed fields onto the exercise, validate it with the model's own rules, save it with its
    muscles and steps."""
    if not any(role == ExerciseMuscle.Role.PRIMARY for _, role in data.muscles):
        raise ValidationError(NEEDS_A_PRIMARY_MUSCLE)
    up = _steps_in_both_units(data.step_up, data.unit)
    down = _steps_in_both_units(data.step_down, data.unit)
    exercise.name = data.name.strip()
    exercise.equipment = data.equipment
    exercise.is_unilateral = data.is_unilateral
    exercise.rep_min, exercise.rep_max = data.rep_min, data.rep_max
    exercise.increment_lb, exercise.increment_kg = up["lb"], up["kg"]
    exercise.decrement_lb, exercise.decrement_kg = down["lb"], down["kg"]
    exercise.notes = data.notes.strip()
    exercise.full_clean(exclude={"slug"})  # the rep range, the equipment's choices, one name per creator
    exercise.save()
    exercise.muscle_roles.all().delete()
    ExerciseMuscle.objects.bulk_create(
        ExerciseMuscle(exercise=exercise, muscle=muscle, role=role) for muscle, role in data.muscles
    )
    exercise.steps.all().delete()
    lines = [line.strip() for line in data.steps if line.strip()]
    ExerciseStep.objects.bulk_create(
        ExerciseStep(exercise=exercise, position=number, text=text) for number, text in enumerate(lines, start=1)
    )
    # A custom exercise shows on its creator's pages and their coach's or athletes' (never the public ones).
    changed(people=[exercise.created_by_id])


def create_custom_exercise(
    *, actor: User, data: CustomExercise, submission_id: uuid.UUID | None = None
) -> tuple[Exercise, bool]:
    """A new exercise of the actor's own; who else sees it is selectors.custom_exercises_visible_to's rule.

    The same submission_id twice (a double tap, a resent form) stores once: returns (exercise, False).
    """
    if submission_id is not None:
        existing = Exercise.objects.filter(created_by=actor, submission_id=submission_id).first()
        if existing:
            return existing, False
    try:
        with transaction.atomic():
            # The slug is "custom-<id>", known only after the insert; a random placeholder keeps it unique.
            exercise = Exercise(
                created_by=actor, submission_id=submission_id, slug=f"{CUSTOM_SLUG_PREFIX}new-{uuid.uuid4().hex}"
            )
            _apply(exercise, data)
            exercise.slug = f"{CUSTOM_SLUG_PREFIX}{exercise.pk}"
            exercise.save(update_fields=["slug"])
    except IntegrityError:
        if submission_id is None:
            raise
        # Two identical submissions raced; the other one stored it.
        return Exercise.objects.get(created_by=actor, submission_id=submission_id), False
    return exercise, True


def create_imported_exercise(*, actor: User, name: str, equipment: str) -> Exercise:
    """An exercise of the actor's own for a name their import brought in (a bench press, a curl): the
    name and the equipment its name gives, no muscles (ours are the upper back's; the actor adds them).
    The caller holds the transaction."""
    exercise = Exercise(
        created_by=actor,
        slug=f"{CUSTOM_SLUG_PREFIX}new-{uuid.uuid4().hex}",
        name=name.strip(),
        equipment=equipment,
        notes="Added by an import of your history.",
    )
    exercise.full_clean(exclude={"slug"})
    exercise.save()
    exercise.slug = f"{CUSTOM_SLUG_PREFIX}{exercise.pk}"
    exercise.save(update_fields=["slug"])
    changed(people=[actor])
    return exercise


def _check_creator(actor: User, exercise: Exercise) -> None:
    if exercise.created_by_id is None or exercise.created_by_id != actor.pk:
        raise PermissionDenied(selectors.ONLY_THE_CREATOR)


@transaction.atomic
def update_custom_exercise(*, actor: User, exercise: Exercise, data: CustomExercise) -> Exercise:
    """Change an exercise while nothing uses it: a template or a log that uses it keeps what it was."""
    _check_creator(actor, exercise)
    exercise = Exercise.objects.select_for_update().get(pk=exercise.pk)
    if exercise.is_archived:
        raise ValidationError(ARCHIVED)
    if selectors.is_used(exercise):
        raise ValidationError(IN_USE)
    _apply(exercise, data)
    return exercise


@transaction.atomic
def delete_custom_exercise(*, actor: User, exercise: Exercise) -> bool:
    """Delete an unused exercise (True), or archive one that history uses (False): archived, it leaves
    the picker but every template, plan and log that names it keeps it.

    "Used" is any row of another app that points at the exercise (selectors.with_usage finds the relations
    at run time, so this app needs no import of workouts or training_log). If one appears between the
    check and the delete, the PROTECT on those foreign keys stops the delete and we archive instead.
    """
    _check_creator(actor, exercise)
    if not selectors.is_used(exercise):
        try:
            with transaction.atomic():
                exercise.delete()
        except (ProtectedError, RestrictedError):
            pass
        else:
            changed(people=[actor])
            return True
    Exercise.objects.filter(pk=exercise.pk).update(is_archived=True)
    changed(people=[actor])
    return False
