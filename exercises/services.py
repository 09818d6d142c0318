"""Writes to the exercise library: the idempotent loader of our own content."""

from dataclasses import dataclass, field

from django.db import transaction

from . import content
from .models import Exercise, ExerciseMuscle, ExerciseStep, Muscle


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
    return report
