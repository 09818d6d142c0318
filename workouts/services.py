"""Writes for templates and plans. Plain functions with keyword arguments; views and commands call them."""

import datetime
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from exercises.models import Exercise

from . import content
from .models import ITEMS_MAX, MAX_WEEKS, Assignment, PlannedExercise, PlannedSession, TemplateItem, WorkoutTemplate

PRESCRIPTION_FIELDS = [
    "exercise_id", "sets", "rep_min", "rep_max", "rir_min", "rir_max",
    "rest_seconds", "increment", "decrement", "load_unit", "note",
]  # fmt: skip
EMPTY_TEMPLATE = "“{name}” has no exercises yet: add some before assigning it."
TOO_MANY_ITEMS = f"A template holds up to {ITEMS_MAX} exercises: remove one before adding another."


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)


@transaction.atomic
def load_public_templates(templates=None) -> LoadReport:
    """Bring our public templates in line with `workouts/content.py`. Re-running it changes nothing."""
    report = LoadReport()
    exercise_ids = dict(Exercise.objects.filter(created_by__isnull=True).values_list("slug", "pk"))
    for data in content.TEMPLATES if templates is None else templates:
        template = WorkoutTemplate.objects.filter(owner__isnull=True, slug=data["slug"]).first()
        if template is None:
            template = WorkoutTemplate.objects.create(slug=data["slug"], name=data["name"], notes=data["notes"])
            report.created.append(data["slug"])
        elif (template.name, template.notes) != (data["name"], data["notes"]):
            template.name, template.notes = data["name"], data["notes"]
            template.save(update_fields=["name", "notes", "updated_at"])
            report.updated.append(data["slug"])
        wanted = [
            {"exercise_id": exercise_ids[item["exercise"]], "rir_min": 1, "rir_max": 2, "position": position, **item}
            for position, item in enumerate(data["items"])
        ]
        for item in wanted:
            del item["exercise"]
        keys = ["exercise_id", "position", "sets", "rep_min", "rep_max", "rir_min", "rir_max", "rest_seconds"]
        current = list(template.items.order_by("position").values(*keys))
        if current != [{key: item[key] for key in keys} for item in wanted]:
            template.items.all().delete()
            TemplateItem.objects.bulk_create(TemplateItem(template=template, **item) for item in wanted)
            if data["slug"] not in report.created:
                report.updated.append(data["slug"])
    return report


def create_template(*, owner: User, name: str, notes: str = "") -> WorkoutTemplate:
    return WorkoutTemplate.objects.create(owner=owner, name=name, notes=notes)


@transaction.atomic
def copy_template(*, template: WorkoutTemplate, owner: User) -> WorkoutTemplate:
    copy = WorkoutTemplate.objects.create(owner=owner, name=f"{template.name} (my copy)"[:100], notes=template.notes)
    TemplateItem.objects.bulk_create(
        TemplateItem(template=copy, position=item.position, **_prescription(item)) for item in template.items.all()
    )
    return copy


def add_item(*, template: WorkoutTemplate, exercise: Exercise) -> TemplateItem:
    """Append an exercise with its own default rep range; the coach adjusts it in the editor."""
    # The editor refuses more than ITEMS_MAX forms, so one more item would make the template unsaveable.
    if template.items.count() >= ITEMS_MAX:
        raise ValidationError(TOO_MANY_ITEMS)
    last = template.items.order_by("-position").values_list("position", flat=True).first()
    return TemplateItem.objects.create(
        template=template,
        exercise=exercise,
        position=0 if last is None else last + 1,
        sets=3,
        rep_min=exercise.rep_min,
        rep_max=exercise.rep_max,
    )


@transaction.atomic
def save_items(*, template: WorkoutTemplate, items: Sequence[TemplateItem], removed: Iterable[TemplateItem] = ()):
    """Save the edited items in the order given (positions 0, 1, 2...) and delete the removed ones."""
    removed_ids = [item.pk for item in removed if item.pk]
    TemplateItem.objects.filter(template=template, pk__in=removed_ids).delete()
    for position, item in enumerate(items):
        item.template = template
        item.position = position
        item.save()
    template.save(update_fields=["updated_at"])


def _prescription(item) -> dict:
    return {name: getattr(item, name) for name in PRESCRIPTION_FIELDS}


def session_dates(*, start: datetime.date, weekdays: Iterable[int], weeks: int) -> list[datetime.date]:
    """Every date in `weeks` weeks from `start` that falls on one of the ISO weekdays (1 = Monday)."""
    days = set(weekdays)
    return [
        start + datetime.timedelta(days=n)
        for n in range(weeks * 7)
        if (start + datetime.timedelta(days=n)).isoweekday() in days
    ]


def assign(
    *,
    planned_by: User,
    athletes: Sequence[User],
    templates: Sequence[WorkoutTemplate],
    start: datetime.date,
    weekdays: Sequence[int],
    weeks: int,
    submission_id: uuid.UUID,
) -> tuple[Assignment, bool]:
    """Plan sessions for each athlete: one per chosen weekday, alternating the templates (A, B, A...).

    Each session copies the template's items, so later edits to the template change nothing planned.
    The same submission_id twice (a double tap, a resent form) stores once: returns (assignment, False).
    """
    for template in templates:
        if not template.items.exists():
            raise ValidationError(EMPTY_TEMPLATE.format(name=template.name))
    if not 1 <= weeks <= MAX_WEEKS or not weekdays or not athletes:
        raise ValidationError(f"Choose at least one athlete and weekday, and 1 to {MAX_WEEKS} weeks.")
    existing = Assignment.objects.filter(planned_by=planned_by, submission_id=submission_id).first()
    if existing:
        return existing, False
    items = {template.pk: list(template.items.order_by("position", "pk")) for template in templates}
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(
                planned_by=planned_by,
                submission_id=submission_id,
                start_date=start,
                weekdays=",".join(str(day) for day in sorted(set(weekdays))),
                weeks=weeks,
            )
            dates = session_dates(start=start, weekdays=weekdays, weeks=weeks)
            sessions = PlannedSession.objects.bulk_create(
                PlannedSession(
                    athlete=athlete,
                    planned_by=planned_by,
                    assignment=assignment,
                    source_template=templates[n % len(templates)],
                    name=templates[n % len(templates)].name,
                    date=day,
                )
                for athlete in athletes
                for n, day in enumerate(dates)
            )
            PlannedExercise.objects.bulk_create(
                PlannedExercise(session=session, position=position, **_prescription(item))
                for session in sessions
                for position, item in enumerate(items[session.source_template_id])
            )
    except IntegrityError:
        # Two identical submissions raced; the other one stored it.
        return Assignment.objects.get(planned_by=planned_by, submission_id=submission_id), False
    return assignment, True


@transaction.atomic
def reapply_template(*, template: WorkoutTemplate, planned_by: User, today: datetime.date) -> int:
    """Copy the template's current items into the sessions planned from it that have not begun yet."""
    sessions = list(
        PlannedSession.objects.select_for_update().filter(
            source_template=template, planned_by=planned_by, date__gte=today, started_at__isnull=True
        )
    )
    PlannedExercise.objects.filter(session__in=sessions).delete()
    items = list(template.items.order_by("position", "pk"))
    PlannedExercise.objects.bulk_create(
        PlannedExercise(session=session, position=position, **_prescription(item))
        for session in sessions
        for position, item in enumerate(items)
    )
    PlannedSession.objects.filter(pk__in=[s.pk for s in sessions]).update(name=template.name)
    return len(sessions)


@transaction.atomic
def save_session_exercises(*, session: PlannedSession, exercises: Sequence[PlannedExercise]) -> None:
    for exercise in exercises:
        exercise.session = session
        exercise.save()
