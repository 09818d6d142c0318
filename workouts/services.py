"""Writes for templates and plans. Plain functions with keyword arguments; views and commands call them.

Each takes the person acting and checks them against the rules the reads use (templates_visible_to,
athletes_visible_to, sessions_changeable_by), so no caller can forget: a refusal is PermissionDenied,
which views turn into 404 or 403, and a ValidationError is a message for the form.
"""

import datetime
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from accounts.selectors import athletes_visible_to
from accounts.versions import changed
from exercises.models import Exercise
from exercises.selectors import NOT_PICKABLE, check_pickable, pickable_exercises

from . import content
from .models import (
    ITEMS_MAX,
    MAX_WEEKS,
    SKIP_REASON_MAX,
    Assignment,
    PlannedExercise,
    PlannedSession,
    TemplateItem,
    WorkoutTemplate,
)
from .selectors import (
    NOT_IN_CHARGE,
    ON_CONFLICT,
    ON_CONFLICT_SKIP,
    ONLY_THE_ATHLETE_SKIPS,
    PUBLIC_TEMPLATE,
    SESSION_CANCELLED,
    SESSION_STARTED,
    assignment_preview,
    removable_sessions,
    sessions_changeable_by,
    templates_visible_to,
)

PRESCRIPTION_FIELDS = [
    "exercise_id", "sets", "rep_min", "rep_max", "rir_min", "rir_max",
    "rest_seconds", "increment", "decrement", "load_unit", "note",
]  # fmt: skip
EMPTY_TEMPLATE = "“{name}” has no exercises yet: add some before assigning it."
TOO_MANY_ITEMS = f"A template holds up to {ITEMS_MAX} exercises: remove one before adding another."
NOT_YOUR_TEMPLATE = "Only the template's owner can change it."
NOT_VISIBLE_TEMPLATE = "You can only use your own templates and ours."
NOT_YOUR_ATHLETE = "You can only plan for yourself and the athletes you coach now."
NOT_THIS_SESSION = "That exercise belongs to another session."
MOVE_INTO_THE_PAST = "Pick today or a later date: a session can't be moved into the past."
MOVE_DAYS_MAX = 366
MOVE_TOO_FAR = f"Pick a date within {MOVE_DAYS_MAX} days from today."
ONLY_THE_PLANNER = "Only whoever made this assignment can end it."
ASSIGNMENT_ENDED = "This assignment has already been ended."
SKIP_REASON_TOO_LONG = f"Keep the reason under {SKIP_REASON_MAX} characters."
START_IN_PAST = "That start date is in the past: sessions before today would show as missed."
CHOOSE_ON_CONFLICT = "Some dates already have a session: choose what to do with them."
CONFLICTS = "conflicts"  # the code of that ValidationError


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
    if report.created or report.updated:
        changed(library=True)  # our templates show on everyone's /today/ and template pages
    return report


def _check_owner(actor: User, template: WorkoutTemplate) -> None:
    if template.owner_id is None:
        raise PermissionDenied(PUBLIC_TEMPLATE)
    if template.owner_id != actor.pk:
        raise PermissionDenied(NOT_YOUR_TEMPLATE)


def _check_visible(actor: User, templates: Sequence[WorkoutTemplate]) -> None:
    pks = {template.pk for template in templates}
    if templates_visible_to(actor).filter(pk__in=pks).count() != len(pks):
        raise PermissionDenied(NOT_VISIBLE_TEMPLATE)


@transaction.atomic
def create_template(*, actor: User, name: str, notes: str = "") -> WorkoutTemplate:
    """A new template of the actor's own."""
    changed(people=[actor])
    return WorkoutTemplate.objects.create(owner=actor, name=name, notes=notes)


@transaction.atomic
def copy_template(*, actor: User, template: WorkoutTemplate) -> WorkoutTemplate:
    """Copy a template the actor can see (their own or one of ours) into one of theirs, to change."""
    _check_visible(actor, [template])
    copy = WorkoutTemplate.objects.create(owner=actor, name=f"{template.name} (my copy)"[:100], notes=template.notes)
    TemplateItem.objects.bulk_create(
        TemplateItem(template=copy, position=item.position, **_prescription(item)) for item in template.items.all()
    )
    changed(people=[actor])
    return copy


@transaction.atomic
def delete_template(*, actor: User, template: WorkoutTemplate) -> None:
    """Sessions already planned from it keep their exercises (they are snapshots)."""
    _check_owner(actor, template)
    template.delete()
    changed(people=[actor])


@transaction.atomic
def add_item(*, actor: User, template: WorkoutTemplate, exercise: Exercise) -> TemplateItem:
    """Append an exercise with its own default rep range; the coach adjusts it in the editor."""
    _check_owner(actor, template)
    check_pickable(actor, exercise)
    # The editor refuses more than ITEMS_MAX forms, so one more item would make the template unsaveable.
    if template.items.count() >= ITEMS_MAX:
        raise ValidationError(TOO_MANY_ITEMS)
    last = template.items.order_by("-position").values_list("position", flat=True).first()
    changed(people=[actor])
    return TemplateItem.objects.create(
        template=template,
        exercise=exercise,
        position=0 if last is None else last + 1,
        sets=3,
        rep_min=exercise.rep_min,
        rep_max=exercise.rep_max,
    )


@transaction.atomic
def save_items(
    *, actor: User, template: WorkoutTemplate, items: Sequence[TemplateItem], removed: Iterable[TemplateItem] = ()
):
    """Save the template's name and notes, the edited items in the order given (positions 0, 1, 2...),
    and delete the removed ones. Every item must already belong to this template."""
    _check_owner(actor, template)
    if any(item.template_id != template.pk for item in [*items, *removed]):
        raise PermissionDenied(NOT_YOUR_TEMPLATE)
    removed_ids = [item.pk for item in removed if item.pk]
    TemplateItem.objects.filter(template=template, pk__in=removed_ids).delete()
    for position, item in enumerate(items):
        item.position = position
        item.save()
    template.save(update_fields=["name", "notes", "updated_at"])
    changed(people=[actor])


def _prescription(item) -> dict:
    return {name: getattr(item, name) for name in PRESCRIPTION_FIELDS}


@dataclass(frozen=True)
class AthleteOutcome:
    """What one assignment did for one athlete, for the message after saving."""

    name: str  # "you" or the athlete's name
    planned: int
    skipped: int  # dates left as they were because something was already planned
    replaced: int  # sessions removed to make room
    doubled: int  # dates that now hold two sessions ("Add anyway")

    @property
    def message(self) -> str:
        plural = "" if self.planned == 1 else "s"
        notes = []
        if self.replaced:
            notes.append(f"{self.replaced} replaced")
        if self.skipped:
            notes.append(f"{self.skipped} date{'' if self.skipped == 1 else 's'} skipped: already planned")
        if self.doubled:
            notes.append(f"{self.doubled} on date{'' if self.doubled == 1 else 's'} already planned")
        detail = f" ({'; '.join(notes)})" if notes else ""
        return f"Planned {self.planned} session{plural} for {self.name}{detail}."


@dataclass(frozen=True)
class Assigned:
    """`assign`'s answer. It unpacks as `(assignment, created)`, as callers written before the preview expect."""

    assignment: Assignment
    created: bool
    outcomes: tuple[AthleteOutcome, ...] = ()

    def __iter__(self):
        return iter((self.assignment, self.created))


def check_assignment(
    *,
    actor: User,
    athletes: Sequence[User],
    templates: Sequence[WorkoutTemplate],
    start: datetime.date,
    weekdays: Sequence[int],
    weeks: int,
    allow_past: bool,
    today: datetime.date,
) -> None:
    """Everything `assign` refuses, without writing: the preview runs it before showing any date."""
    athlete_pks = {athlete.pk for athlete in athletes}
    if athletes_visible_to(actor).filter(pk__in=athlete_pks).count() != len(athlete_pks):
        raise PermissionDenied(NOT_YOUR_ATHLETE)
    _check_visible(actor, templates)
    with_items = set(TemplateItem.objects.filter(template__in=templates).values_list("template", flat=True))
    empty = [template for template in templates if template.pk not in with_items]
    if empty:
        raise ValidationError(EMPTY_TEMPLATE.format(name=empty[0].name))
    if not templates or not 1 <= weeks <= MAX_WEEKS or not weekdays or not athletes:
        raise ValidationError(f"Choose at least one athlete and weekday, and 1 to {MAX_WEEKS} weeks.")
    if start < today and not allow_past:
        raise ValidationError(START_IN_PAST)


def assign(
    *,
    actor: User,
    athletes: Sequence[User],
    templates: Sequence[WorkoutTemplate],
    start: datetime.date,
    weekdays: Sequence[int],
    weeks: int,
    submission_id: uuid.UUID,
    on_conflict: str | None = ON_CONFLICT_SKIP,
    allow_past: bool = False,
    today: datetime.date | None = None,
) -> Assigned:
    """Plan sessions for each athlete: one per chosen weekday, alternating the templates (A, B, A...).

    Each session copies the template's items, so later edits to the template change nothing planned.
    Where an athlete already has a live session on a date (`selectors.assignment_preview` says which):
    "skip" plans nothing that day; "replace" removes the sessions there that the planner is in charge of
    and that have not started, or keeps the date as it is when any other session is on it; "add" plans
    anyway; None refuses (ValidationError, code CONFLICTS) when any date is taken, for a caller whose preview
    showed none. A start before `today` (the planner's date) needs `allow_past`.
    The same submission_id twice (a double tap, a resent form) stores once: created is False.
    Only for the planner and the athletes they coach now, and only from templates they can see.
    """
    today = timezone.localdate() if today is None else today
    athletes = list({athlete.pk: athlete for athlete in athletes}.values())
    if on_conflict is not None and on_conflict not in ON_CONFLICT:
        raise ValidationError(CHOOSE_ON_CONFLICT, code=CONFLICTS)
    check_assignment(
        actor=actor, athletes=athletes, templates=templates, start=start,
        weekdays=weekdays, weeks=weeks, allow_past=allow_past, today=today,
    )  # fmt: skip
    existing = Assignment.objects.filter(planned_by=actor, submission_id=submission_id).first()
    if existing:
        return Assigned(existing, False)
    items = {template.pk: list(template.items.order_by("position", "pk")) for template in templates}
    try:
        with transaction.atomic():
            # One assignment at a time per athlete, so two planners (or two tabs) that both saw a free date
            # cannot both fill it: the second reads the conflicts after the first has committed.
            list(User.objects.select_for_update().filter(pk__in=[a.pk for a in athletes]).order_by("pk"))
            preview = assignment_preview(
                viewer=actor, athletes=athletes, templates=templates, start=start,
                weekdays=weekdays, weeks=weeks, today=today,
            )  # fmt: skip
            if on_conflict is None and preview.conflicts:
                raise ValidationError(CHOOSE_ON_CONFLICT, code=CONFLICTS)
            removable = [pk for athlete in preview.athletes for day in athlete.dates for pk in day.removes(on_conflict)]
            # Lock what will go; one started since the preview stays, and its date gets nothing new.
            removed = set(
                sessions_changeable_by(actor)
                .select_for_update()
                .filter(pk__in=removable, started_at__isnull=True)
                .values_list("pk", flat=True)
            )
            PlannedSession.objects.filter(pk__in=removed).delete()
            assignment = Assignment.objects.create(
                planned_by=actor,
                submission_id=submission_id,
                start_date=start,
                weekdays=",".join(str(day) for day in sorted(set(weekdays))),
                weeks=weeks,
            )
            new, outcomes = [], []
            for athlete, planned in zip(athletes, preview.athletes, strict=True):
                days = [
                    (n, day)
                    for n, day in enumerate(planned.dates)
                    if day.creates(on_conflict) and removed.issuperset(day.removes(on_conflict))
                ]
                new += [
                    PlannedSession(
                        athlete=athlete,
                        planned_by=actor,
                        assignment=assignment,
                        source_template=templates[n % len(templates)],
                        name=templates[n % len(templates)].name,
                        date=day.date,
                    )
                    for n, day in days
                ]
                outcomes.append(
                    AthleteOutcome(
                        name=planned.name,
                        planned=len(days),
                        skipped=len(planned.dates) - len(days),
                        replaced=sum(1 for day in planned.dates for pk in day.removes(on_conflict) if pk in removed),
                        doubled=sum(1 for _, day in days if day.existing and not day.removes(on_conflict)),
                    )
                )
            sessions = PlannedSession.objects.bulk_create(new)
            PlannedExercise.objects.bulk_create(
                PlannedExercise(session=session, position=position, **_prescription(item))
                for session in sessions
                for position, item in enumerate(items[session.source_template_id])
            )
            changed(people=[actor, *athletes])
    except IntegrityError:
        # Two identical submissions raced; the other one stored it.
        return Assigned(Assignment.objects.get(planned_by=actor, submission_id=submission_id), False)
    return Assigned(assignment, True, tuple(outcomes))


@transaction.atomic
def reapply_template(*, actor: User, template: WorkoutTemplate, today: datetime.date) -> int:
    """Copy the template's current items into the sessions the actor planned from it and is still in
    charge of (not an ex-athlete's) that have not begun yet. Returns how many: only sessions the
    actor may see, so the count tells nothing about anyone else."""
    _check_owner(actor, template)
    sessions = list(
        sessions_changeable_by(actor)
        .select_for_update()
        .filter(source_template=template, planned_by=actor, date__gte=today, started_at__isnull=True)
    )
    PlannedExercise.objects.filter(session__in=sessions).delete()
    items = list(template.items.order_by("position", "pk"))
    PlannedExercise.objects.bulk_create(
        PlannedExercise(session=session, position=position, **_prescription(item))
        for session in sessions
        for position, item in enumerate(items)
    )
    PlannedSession.objects.filter(pk__in=[s.pk for s in sessions]).update(name=template.name)
    changed(people=[actor, *{s.athlete_id for s in sessions}])
    return len(sessions)


@transaction.atomic
def save_session_exercises(*, actor: User, session: PlannedSession, exercises: Sequence[PlannedExercise]) -> None:
    """Save one planned session's changed exercises, if the actor is in charge of it and it has not begun."""
    locked = sessions_changeable_by(actor).select_for_update().filter(pk=session.pk).first()
    if locked is None:
        raise PermissionDenied(NOT_IN_CHARGE)
    if locked.started_at is not None:
        raise PermissionDenied(SESSION_STARTED)
    if any(exercise.session_id != session.pk for exercise in exercises):
        raise PermissionDenied(NOT_THIS_SESSION)
    stored = dict(PlannedExercise.objects.filter(session=locked).values_list("pk", "exercise_id"))
    swapped_in = {exercise.exercise_id for exercise in exercises if stored.get(exercise.pk) != exercise.exercise_id}
    custom = Exercise.objects.filter(pk__in=swapped_in, created_by__isnull=False)
    if custom.exclude(pk__in=pickable_exercises(actor).values("pk")).exists():
        raise PermissionDenied(NOT_PICKABLE)
    for exercise in exercises:
        exercise.save()
    changed(people=[actor, locked.athlete_id])


# Correcting a plan. The planner (see sessions_changeable_by) moves, cancels or deletes a session, the
# athlete skips one; a session the athlete has started is the log's now and never changes, and a
# cancelled one is gone from every list, so it changes no more either.


def _session_to_change(actor: User, session: PlannedSession) -> PlannedSession:
    """The session, locked until the end of the caller's transaction, if the actor may change it now."""
    locked = sessions_changeable_by(actor).select_for_update().filter(pk=session.pk).first()
    if locked is None:
        raise PermissionDenied(NOT_IN_CHARGE)
    _check_open(locked)
    return locked


def _check_open(session: PlannedSession) -> None:
    if session.started_at is not None:
        raise PermissionDenied(SESSION_STARTED)
    if session.cancelled_at is not None:
        raise PermissionDenied(SESSION_CANCELLED)


@transaction.atomic
def move_session(
    *, actor: User, session: PlannedSession, date: datetime.date, today: datetime.date | None = None
) -> PlannedSession:
    """Move a session to another day, today or later. A skip was about the old day, so it is undone."""
    today = today or timezone.localdate()
    locked = _session_to_change(actor, session)
    if date < today:
        raise ValidationError(MOVE_INTO_THE_PAST)
    if date > today + datetime.timedelta(days=MOVE_DAYS_MAX):
        raise ValidationError(MOVE_TOO_FAR)
    locked.date = date
    locked.skipped_at, locked.skip_reason = None, ""
    locked.save(update_fields=["date", "skipped_at", "skip_reason"])
    changed(people=[actor, locked.athlete_id])
    return locked


@transaction.atomic
def cancel_session(*, actor: User, session: PlannedSession) -> PlannedSession:
    """Call a session off: it leaves the athlete's plan and counts for nothing, but stays on record."""
    locked = _session_to_change(actor, session)
    locked.cancelled_at = timezone.now()
    locked.save(update_fields=["cancelled_at"])
    changed(people=[actor, locked.athlete_id])
    return locked


@transaction.atomic
def delete_session(*, actor: User, session: PlannedSession) -> None:
    """Remove a session as if it had never been planned; its planned exercises go with it."""
    locked = _session_to_change(actor, session)
    locked.delete()
    changed(people=[actor, locked.athlete_id])


@transaction.atomic
def end_assignment(*, actor: User, assignment: Assignment, today: datetime.date) -> int:
    """End an assignment: its sessions from today on that have not started, and that the actor is still
    in charge of, are removed (started ones are the log's; an ex-athlete's are theirs now). Only the
    planner who made it. Returns how many were removed, leaving out those already cancelled, as the
    confirmation page counted them (`removable_sessions`)."""
    locked = Assignment.objects.select_for_update().filter(pk=assignment.pk).first()
    if locked is None or locked.planned_by_id != actor.pk:
        raise PermissionDenied(ONLY_THE_PLANNER)
    if locked.ended_at is not None:
        raise ValidationError(ASSIGNMENT_ENDED)
    sessions = list(removable_sessions(actor, locked, today=today).select_for_update())
    count = sum(1 for session in sessions if session.cancelled_at is None)
    PlannedSession.objects.filter(pk__in=[session.pk for session in sessions]).delete()
    locked.ended_at = timezone.now()
    locked.save(update_fields=["ended_at"])
    changed(people=[actor, *{session.athlete_id for session in sessions}])
    return count


def _session_to_skip(actor: User, session: PlannedSession) -> PlannedSession:
    locked = PlannedSession.objects.select_for_update().filter(pk=session.pk, athlete=actor).first()
    if locked is None or not actor.is_authenticated:
        raise PermissionDenied(ONLY_THE_ATHLETE_SKIPS)
    _check_open(locked)
    return locked


@transaction.atomic
def skip_session(*, actor: User, session: PlannedSession, reason: str = "") -> PlannedSession:
    """The athlete says they won't do a session, and (if they like) why; their coach sees the reason.
    Skipping again changes the reason."""
    reason = reason.strip()
    if len(reason) > SKIP_REASON_MAX:
        raise ValidationError(SKIP_REASON_TOO_LONG)
    locked = _session_to_skip(actor, session)
    locked.skipped_at = locked.skipped_at or timezone.now()
    locked.skip_reason = reason
    locked.save(update_fields=["skipped_at", "skip_reason"])
    changed(people=[actor])
    return locked


@transaction.atomic
def undo_skip(*, actor: User, session: PlannedSession) -> PlannedSession:
    locked = _session_to_skip(actor, session)
    locked.skipped_at, locked.skip_reason = None, ""
    locked.save(update_fields=["skipped_at", "skip_reason"])
    changed(people=[actor])
    return locked
