"""The exercise library's part of a deleted account (see accounts.deletion): the custom exercises the person
added. Other people's rows that name one of them (a coach's exercise that their athlete logged, an athlete's
exercise in their coach's template) move first to an archived copy owned by that person: deleting the exercise
could not keep them (logs and plans PROTECT it) and a null creator would mean "our library".

The apps built on this one say which of their rows name an exercise, and whose each row is, with
`names_exercises` from their AppConfig.ready(): this app imports none of them.
"""

import uuid
from dataclasses import dataclass

from django.db.models import Model

from accounts.deletion import AccountData, count_rows, register
from accounts.models import User
from accounts.versions import changed

from .models import CUSTOM_SLUG_PREFIX, Exercise, ExerciseMuscle, ExerciseStep


@dataclass(frozen=True)
class Reference:
    model: type[Model]
    field: str  # the foreign key to Exercise
    owner: str  # the path from the row to the user it belongs to


_references: dict[tuple[type[Model], str], Reference] = {}


def names_exercises(model: type[Model], field: str, *, owner: str) -> None:
    """Rows of `model` name an exercise in `field` and belong to the user at the path `owner`."""
    _references[(model, field)] = Reference(model, field, owner)


def _archived_copy(exercise_id: int, owner_id: int) -> Exercise:
    """A copy of a custom exercise, archived and owned by someone whose history uses it: their logs and plans
    keep its name and how-to, it stays out of the picker and out of our library (created_by is set)."""
    copy = Exercise.objects.get(pk=exercise_id)
    copy.pk = None
    copy._state.adding = True
    copy.created_by_id = owner_id
    copy.is_archived = True
    copy.submission_id = None
    copy.notes = ""  # the creator's own notes go with them
    copy.slug = f"{CUSTOM_SLUG_PREFIX}new-{uuid.uuid4().hex}"  # as create_custom_exercise: the id comes after
    copy.save()
    copy.slug = f"{CUSTOM_SLUG_PREFIX}{copy.pk}"
    copy.save(update_fields=["slug"])
    roles = ExerciseMuscle.objects.filter(exercise_id=exercise_id)
    ExerciseMuscle.objects.bulk_create(ExerciseMuscle(exercise=copy, muscle_id=r.muscle_id, role=r.role) for r in roles)
    steps = ExerciseStep.objects.filter(exercise_id=exercise_id)
    ExerciseStep.objects.bulk_create(ExerciseStep(exercise=copy, position=s.position, text=s.text) for s in steps)
    return copy


def hand_over_custom_exercises(user: User) -> None:
    """Lock the user's custom exercises, then move every other person's row that names one of them to that
    person's archived copy (one copy per exercise and person, whichever of their rows name it)."""
    # Locked first: a set logged meanwhile against one of these exercises waits for us, instead of slipping
    # in between the hand-over and the delete (where its PROTECT would stop the whole deletion).
    list(Exercise.objects.select_for_update().filter(created_by=user).values_list("pk"))
    copies: dict[tuple[int, int], Exercise] = {}
    for ref in _references.values():
        rows = ref.model._base_manager.filter(**{f"{ref.field}__created_by": user, f"{ref.owner}__isnull": False})
        rows = rows.exclude(**{ref.owner: user})
        for exercise_id, owner_id in rows.values_list(ref.field, ref.owner).distinct():
            key = (exercise_id, owner_id)
            if key not in copies:
                copies[key] = _archived_copy(exercise_id, owner_id)
            rows.filter(**{ref.field: exercise_id, ref.owner: owner_id}).update(**{ref.field: copies[key]})
            changed(people=[owner_id], history=[owner_id])  # their sets moved to the copy


def _rows(user: User) -> list:
    return [Exercise.objects.filter(created_by=user)]


def register_part() -> None:
    register(
        AccountData(
            app_label="exercises",
            counts=lambda user: {"custom_exercises": count_rows(Exercise, created_by=user, is_archived=False)},
            prepare=hand_over_custom_exercises,
            rows=_rows,
        )
    )
