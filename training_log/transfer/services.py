"""Importing another app's history: upload -> preview -> confirm -> the import (a background task) -> summary.

- `start_import` reads the upload once, streaming, and refuses what we can't read (too big, not a CSV, a
  header we don't know) before anything is stored; a readable file is kept in ImportChunk rows with the
  preview's figures. Broken rows are listed on the preview; nothing is imported unless the lifter chooses
  to leave them out.
- `confirm_import` records what each exercise name becomes and queues the task.
- `importer.run_import` (the task's body) reads the file again from the chunks and writes everything in
  one transaction.

Every set gets a client id made from what it is (the workout's start and name, the exercise, its place
among that exercise's sets, weight and reps), so importing a file twice, or two files that overlap, stores
each set once: SetLog's (athlete, client_id) constraint is the last word.
"""

import datetime as dt
import io
import uuid
from collections import Counter

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from accounts.versions import changed
from exercises.selectors import library_exercises, own_exercises

from ..models import IMPORT_STOPPED_AFTER, ImportChunk, ImportJob
from . import formats
from .importer import BATCH_ROWS, NEW, SKIP, STOPPED
from .matching import Matcher
from .reading import Places, already_stored, keyed, text_of

CHUNK_BYTES = 1024 * 1024
BROKEN_SHOWN = 20

ONLY_YOURS = "Only you can import into your log."
TOO_BIG = "This file is {size}; the limit is {limit}. Export a shorter period, or split the file."
NOT_TEXT = "This isn't a CSV file (it isn't text we can read). Upload the .csv file your app exported."
NOTHING_TO_IMPORT = "There are no sets in this file we can import."
NOT_WAITING = "This import has already been confirmed."
PICK_EVERY_NAME = "Say what each exercise name becomes."
PICK_A_UNIT = "Say whether the weights in this file are kg or lb."
ACCEPT_BROKEN = "Some rows can't be read: tick “Leave those rows out” to import the rest, or fix the file."


def human_size(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{max(size // 1024, 1)} KB"


def _matcher(athlete: User) -> Matcher:
    own = own_exercises(athlete).values_list("pk", "name")
    return Matcher(library_exercises().values_list("pk", "name", "slug", "equipment"), own)


def analyse(stream: io.TextIOBase, athlete: User) -> dict:
    """The preview's figures, reading the file once: FileRefused if we can't read it at all."""
    layout, rows = formats.read(stream)
    places = Places()
    names: Counter = Counter()
    skipped: Counter = Counter()
    broken: list[dict] = []
    broken_total = sets = already = rows_total = 0
    units: set[str] = set()
    first = last = None
    batch: list[uuid.UUID] = []
    for found in keyed(rows, places):
        rows_total += 1
        if isinstance(found, formats.Skip):
            skipped[found.reason] += 1
        elif isinstance(found, formats.Broken):
            broken_total += 1
            if len(broken) < BROKEN_SHOWN:
                broken.append({"line": found.line, "reason": found.reason})
        else:
            sets += 1
            row = found.row
            names[row.exercise] += 1
            if row.unit:
                units.add(row.unit)
            day = row.started.date()
            first, last = min(first or day, day), max(last or day, day)
            batch.append(found.client_id)
            if len(batch) == BATCH_ROWS:
                already += len(already_stored(athlete, batch))
                batch = []
    if batch:
        already += len(already_stored(athlete, batch))
    matcher = _matcher(athlete)
    exercises = []
    for name, count in sorted(names.items(), key=lambda item: item[0].lower()):
        recognised = matcher.recognised(name)
        exercises.append(
            {
                "name": name,
                "sets": count,
                "recognised": recognised,
                "suggestion": None if recognised else matcher.suggestion(name),
            }
        )
    return {
        "format": layout.format.value,
        "format_label": layout.format.label,
        "needs_unit": layout.format is formats.Format.STRONG,
        "units": sorted(units),
        "rows": rows_total,
        "sets": sets,
        "sessions": places.sessions,
        "first": first.isoformat() if first else None,
        "last": last.isoformat() if last else None,
        "already": already,
        "skipped": {formats.SKIP_LABELS[reason]: count for reason, count in skipped.items()},
        "broken": broken,
        "broken_total": broken_total,
        "exercises": exercises,
    }


def start_import(*, actor: User, upload) -> ImportJob:
    """Check the actor's upload and keep it for the preview, for their own log. ValidationError (the reason,
    in words) when we can't read it: then nothing is stored."""
    limit = settings.IMPORT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(TOO_BIG.format(size=human_size(upload.size), limit=human_size(limit)))
    upload.seek(0)
    try:
        preview = analyse(text_of(_Unclosing(upload)), actor)
    except formats.FileRefused as refused:
        raise ValidationError(str(refused)) from None
    except UnicodeDecodeError:
        raise ValidationError(NOT_TEXT) from None
    if not preview["sets"] and not preview["broken_total"]:
        raise ValidationError(NOTHING_TO_IMPORT)
    with transaction.atomic():
        job = ImportJob.objects.create(
            athlete=actor,
            filename=(upload.name or "upload.csv")[:255],
            size=upload.size,
            format=preview["format"],
            rows_total=preview["rows"],
            unit="" if preview["needs_unit"] else (preview["units"] or [actor.unit])[0],
            preview=preview,
        )
        upload.seek(0)
        index = 0
        while data := upload.read(CHUNK_BYTES):  # one megabyte at a time, whatever the upload's class
            ImportChunk.objects.create(job=job, index=index, data=data)
            index += 1
        changed(people=[actor])
    return job


class _Unclosing(io.RawIOBase):
    """The upload as a raw stream the text wrapper may close without closing the upload."""

    def __init__(self, upload):
        self.upload = upload

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        data = self.upload.read(len(target))
        target[: len(data)] = data
        return len(data)


# -- confirming ------------------------------------------------------------------------------------------


def mapping_choices(athlete: User) -> list[tuple[str, str]]:
    """What an exercise name may become: one of the library's, one of the lifter's own, a new exercise of
    their own, or nothing (its rows are left out)."""
    library = [(str(pk), name) for pk, name in library_exercises().order_by("name").values_list("pk", "name")]
    own = own_exercises(athlete).order_by("name").values_list("pk", "name")
    return [
        (NEW, "Create as my own exercise"),
        (SKIP, "Leave it out"),
        *library,
        *[(str(pk), f"{name} (yours)") for pk, name in own],
    ]


@transaction.atomic
def confirm_import(
    *, actor: User, job: ImportJob, mapping: dict[str, str], unit: str = "", leave_out_broken: bool = False
) -> ImportJob:
    """The lifter's word on each listed name (and the unit, for a file without one): queue the import."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.athlete_id != actor.pk:
        raise PermissionDenied(ONLY_YOURS)
    if job.status != ImportJob.Status.PREVIEW:
        raise ValidationError(NOT_WAITING)
    if job.preview.get("broken_total") and not leave_out_broken:
        raise ValidationError(ACCEPT_BROKEN)
    if job.preview.get("needs_unit"):
        if unit not in ("kg", "lb"):
            raise ValidationError(PICK_A_UNIT)
        job.unit = unit
    allowed = {value for value, _ in mapping_choices(actor)}
    resolved = {}
    for entry in job.preview["exercises"]:
        if entry["recognised"]:
            resolved[entry["name"]] = str(entry["recognised"])
            continue
        choice = mapping.get(entry["name"], "")
        if choice not in allowed:
            raise ValidationError(PICK_EVERY_NAME)
        resolved[entry["name"]] = choice
    job.mapping = resolved
    job.status = ImportJob.Status.QUEUED
    job.save(update_fields=["mapping", "unit", "status"])
    from .tasks import import_history  # the task module imports this one

    # The database backend stores the task in this transaction: the worker sees the job and its task
    # together, or neither.
    task = import_history.enqueue(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(task_id=task.id)
    job.task_id = task.id
    changed(people=[actor])
    return job


@transaction.atomic
def discard_import(*, actor: User, job: ImportJob) -> bool:
    """Drop an import that was never confirmed, file and all. False when it has been confirmed already."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.athlete_id != actor.pk:
        raise PermissionDenied(ONLY_YOURS)
    if job.status != ImportJob.Status.PREVIEW:
        return False
    job.delete()
    changed(people=[actor])
    return True


@transaction.atomic
def cancel_import(*, actor: User, job: ImportJob) -> bool:
    """End an import that stopped (its worker died: ImportJob.has_stopped) or that no worker has started yet,
    and its task. False when it is running, finished or ended already: then nothing changes. Nothing of the file
    is in the log either way: the import stores all of it or none."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.athlete_id != actor.pk:
        raise PermissionDenied(ONLY_YOURS)
    if job.status != ImportJob.Status.QUEUED or not (job.has_stopped or job.progress_at is None):
        return False
    _end_stopped([job.pk])
    return True


def _end_stopped(job_ids) -> None:
    """Record stopped imports as failed (they keep their summary line), drop their files, end their tasks."""
    now = timezone.now()
    jobs = ImportJob.objects.filter(pk__in=job_ids)
    task_ids = [task_id for task_id in jobs.values_list("task_id", flat=True) if task_id]
    jobs.update(status=ImportJob.Status.FAILED, error=STOPPED, finished_at=now)
    changed(people=list(jobs.values_list("athlete_id", flat=True)))  # their import lists say so
    ImportChunk.objects.filter(job_id__in=job_ids).delete()
    # The dead worker's task row says RUNNING for ever (a waiting one would still be run, to find nothing to do).
    DBTaskResult.objects.filter(pk__in=task_ids, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]).update(
        status=TaskResultStatus.FAILED, finished_at=now, exception_class_path="", traceback=STOPPED
    )


UNCONFIRMED_IMPORT_LIFETIME = dt.timedelta(days=1)
# A confirmed import that no worker has started for this long: no worker is running (make serve and systemd
# start one again when it exits), or it died between taking the task and starting.
UNSTARTED_IMPORT_LIFETIME = dt.timedelta(days=1)


def purge_unconfirmed_imports(now: dt.datetime | None = None) -> int:
    """Drop uploads nobody confirmed within a day (their files can be 20 MB each). Imported or failed jobs
    keep their summary; their files are gone already."""
    cutoff = (now or timezone.now()) - UNCONFIRMED_IMPORT_LIFETIME
    jobs = ImportJob.objects.filter(status=ImportJob.Status.PREVIEW, created_at__lt=cutoff)
    count = jobs.count()
    jobs.delete()
    return count


def purge_stopped_imports() -> int:
    """End the imports whose worker died (no progress for IMPORT_STOPPED_AFTER) or that nobody started within
    UNSTARTED_IMPORT_LIFETIME, as their Cancel would. Their pages said so already; this tidies up for those who
    never came back."""
    now = timezone.now()
    queued = ImportJob.objects.filter(status=ImportJob.Status.QUEUED)
    stuck = queued.filter(progress_at__lt=now - IMPORT_STOPPED_AFTER) | queued.filter(
        progress_at__isnull=True, created_at__lt=now - UNSTARTED_IMPORT_LIFETIME
    )
    with transaction.atomic():
        job_ids = list(stuck.select_for_update().values_list("pk", flat=True))
        _end_stopped(job_ids)
    return len(job_ids)
