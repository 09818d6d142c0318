"""Importing another app's history: upload -> preview -> confirm -> the import (a background task) -> summary.

- `start_import` reads the upload once, streaming, and refuses what we can't read (too big, not a CSV, a
  header we don't know) before anything is stored; a readable file is kept in ImportChunk rows with the
  preview's figures. Broken rows are listed on the preview; nothing is imported unless the lifter chooses
  to leave them out.
- `confirm_import` records what each exercise name becomes and queues the task.
- `run_import` (the task's body) reads the file again from the chunks and writes everything in one
  transaction: all of it or, on any error, none of it. Progress (rows done) goes to the cache, which other
  processes can read while the transaction is still open.

Every set gets a client id made from what it is (the workout's start and name, the exercise, its place
among that exercise's sets, weight and reps), so importing a file twice, or two files that overlap, stores
each set once: SetLog's (athlete, client_id) constraint is the last word.
"""

import datetime as dt
import io
import logging
import uuid
from collections import Counter, OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from exercises.models import Exercise
from exercises.selectors import library_exercises, own_exercises
from exercises.services import create_imported_exercise
from workouts.models import SETS_MAX

from .. import cardcache
from ..models import ImportChunk, ImportJob, SessionExercise, SetLog, TrainingSession
from ..services.sessions import derive_figures
from . import formats
from .matching import Matcher, equipment_in

logger = logging.getLogger(__name__)

CHUNK_BYTES = 1024 * 1024
BATCH_ROWS = 1000  # rows written per round of queries
BROKEN_SHOWN = 20
PROGRESS_EVERY = 500  # rows between progress updates
PROGRESS_TTL = 60 * 60
SET_SPACING = dt.timedelta(minutes=2)  # between sets of a workout with no finish time
NEW, SKIP = "new", "skip"
NAMESPACE = uuid.UUID("6f1c9a52-3c55-4a4e-9d3b-6b1e0d9a7c21")  # the client ids of imported sets

ONLY_YOURS = "Only you can import into your log."
TOO_BIG = "This file is {size}; the limit is {limit}. Export a shorter period, or split the file."
NOT_TEXT = "This isn't a CSV file (it isn't text we can read). Upload the .csv file your app exported."
NOTHING_TO_IMPORT = "There are no sets in this file we can import."
NOT_WAITING = "This import has already been confirmed."
PICK_EVERY_NAME = "Say what each exercise name becomes."
PICK_A_UNIT = "Say whether the weights in this file are kg or lb."
ACCEPT_BROKEN = "Some rows can't be read: tick “Leave those rows out” to import the rest, or fix the file."
FAILED = "Something went wrong on our side, and nothing was imported. Try again in a moment."


def human_size(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{max(size // 1024, 1)} KB"


# -- reading ---------------------------------------------------------------------------------------------


def _text(raw: io.RawIOBase | io.BufferedIOBase) -> io.TextIOWrapper:
    """UTF-8 text, a byte-order mark dropped; newline="" as the csv module wants."""
    return io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")


class _ChunkStream(io.RawIOBase):
    """The stored file, read back one chunk (one query) at a time."""

    def __init__(self, job: ImportJob):
        self.job_id = job.pk
        self.count = ImportChunk.objects.filter(job_id=job.pk).count()
        self.index = 0
        self.buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:
        while not self.buffer and self.index < self.count:
            data = ImportChunk.objects.filter(job_id=self.job_id, index=self.index).values_list("data", flat=True)
            self.buffer = bytes(data.get())
            self.index += 1
        size = min(len(target), len(self.buffer))
        target[:size] = self.buffer[:size]
        self.buffer = self.buffer[size:]
        return size


@dataclass(frozen=True, slots=True)
class Keyed:
    row: formats.Row
    session: tuple  # (started, workout): the rows of one workout share it
    client_id: uuid.UUID
    position: int  # the set's place in its workout, from 0


class _Places:
    """Where each row sits in its workout: how many sets the workout, and each exercise and set label in it,
    have had so far. Every app writes a workout's rows together, so only the last few workouts are kept:
    memory stays flat however long the file. `sessions` counts the workouts seen."""

    RECENT = 16

    def __init__(self):
        self.recent: OrderedDict[tuple, Counter] = OrderedDict()
        self.sessions = 0

    def place(self, session: tuple, exercise: str, order: str) -> tuple[int, int]:
        """(the set's place in its workout from 0, its number among the exercise's sets with that label)."""
        counts = self.recent.get(session)
        if counts is None:
            self.sessions += 1
            counts = self.recent[session] = Counter()
            if len(self.recent) > self.RECENT:
                self.recent.popitem(last=False)
        else:
            self.recent.move_to_end(session)
        position = counts[None]
        counts[None] += 1
        counts[exercise, order] += 1
        return position, counts[exercise, order]


def _keyed(rows: Iterator, places: _Places) -> Iterator[Keyed | formats.Skip | formats.Broken]:
    """Each row with its workout and its client id."""
    for found in rows:
        if not isinstance(found, formats.Row):
            yield found
            continue
        started = found.started
        stamp = started.astimezone(dt.UTC) if started.tzinfo else started
        session = (stamp.replace(second=0, microsecond=0, tzinfo=None).isoformat(), found.workout.lower())
        exercise = found.exercise.lower()
        # The set's own label where the file has one (so a file that starts mid-workout still matches),
        # counted, since Strong repeats "W" for each warm-up; FitNotes has none: its place then.
        position, number = places.place(session, exercise, found.order)
        weight = f"{found.weight.normalize():f}"
        key = "|".join((*session, exercise, f"{found.order}#{number}", weight, str(found.reps)))
        yield Keyed(found, session, uuid.uuid5(NAMESPACE, key), position)


def _already_stored(athlete: User, client_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    return set(SetLog.objects.filter(athlete=athlete, client_id__in=client_ids).values_list("client_id", flat=True))


def _matcher(athlete: User) -> Matcher:
    own = own_exercises(athlete).values_list("pk", "name")
    return Matcher(library_exercises().values_list("pk", "name", "slug", "equipment"), own)


def analyse(stream: io.TextIOBase, athlete: User) -> dict:
    """The preview's figures, reading the file once: FileRefused if we can't read it at all."""
    layout, rows = formats.read(stream)
    places = _Places()
    names: Counter = Counter()
    skipped: Counter = Counter()
    broken: list[dict] = []
    broken_total = sets = already = rows_total = 0
    units: set[str] = set()
    first = last = None
    batch: list[uuid.UUID] = []
    for found in _keyed(rows, places):
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
                already += len(_already_stored(athlete, batch))
                batch = []
    if batch:
        already += len(_already_stored(athlete, batch))
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


def start_import(*, athlete: User, upload) -> ImportJob:
    """Check the upload and keep it for the preview. ValidationError (the reason, in words) when we
    can't read it: then nothing is stored."""
    limit = settings.IMPORT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(TOO_BIG.format(size=human_size(upload.size), limit=human_size(limit)))
    upload.seek(0)
    try:
        preview = analyse(_text(_Unclosing(upload)), athlete)
    except formats.FileRefused as refused:
        raise ValidationError(str(refused)) from None
    except UnicodeDecodeError:
        raise ValidationError(NOT_TEXT) from None
    if not preview["sets"] and not preview["broken_total"]:
        raise ValidationError(NOTHING_TO_IMPORT)
    with transaction.atomic():
        job = ImportJob.objects.create(
            athlete=athlete,
            filename=(upload.name or "upload.csv")[:255],
            size=upload.size,
            format=preview["format"],
            rows_total=preview["rows"],
            unit="" if preview["needs_unit"] else (preview["units"] or [athlete.unit])[0],
            preview=preview,
        )
        upload.seek(0)
        index = 0
        while data := upload.read(CHUNK_BYTES):  # one megabyte at a time, whatever the upload's class
            ImportChunk.objects.create(job=job, index=index, data=data)
            index += 1
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
    import_history.enqueue(job.pk)
    return job


# -- importing -------------------------------------------------------------------------------------------


class ImportFailed(Exception):
    """A reason in words; the transaction is rolled back, nothing is stored."""


def progress_key(job_id: int) -> str:
    return f"import-progress:{job_id}"


def rows_done(job: ImportJob) -> int:
    if job.status == ImportJob.Status.DONE:
        return job.rows_total
    return cache.get(progress_key(job.pk), 0)


def run_import(job_id: int) -> None:
    """The task: import a confirmed file, all of it or nothing."""
    try:
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().select_related("athlete").get(pk=job_id)
            if job.status != ImportJob.Status.QUEUED:
                return
            result = _Importer(job).run()
            # Its sets went in by bulk inserts, which send no signal: the cards read their history again.
            cardcache.history_changed([job.athlete_id])
            job.status, job.result, job.finished_at = ImportJob.Status.DONE, result, timezone.now()
            job.save(update_fields=["status", "result", "finished_at"])
            job.chunks.all().delete()
    except ImportFailed as failed:
        _fail(job_id, str(failed))
    except Exception:
        logger.exception("Import %s failed", job_id)
        _fail(job_id, FAILED)
        raise
    finally:
        cache.delete(progress_key(job_id))


def _fail(job_id: int, message: str) -> None:
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportJob.Status.FAILED, error=message, finished_at=timezone.now()
    )
    ImportChunk.objects.filter(job_id=job_id).delete()


class _Importer:
    def __init__(self, job: ImportJob):
        self.job = job
        self.athlete = job.athlete
        self.zone = ZoneInfo(self.athlete.time_zone)
        self.now = timezone.now()
        self.exercises: dict[str, Exercise | None] = {}  # name -> exercise (None: left out)
        self.result = Counter()
        self.sessions: set[int] = set()
        self.created_exercises: list[str] = []

    def run(self) -> dict:
        self._resolve_exercises()
        try:
            _layout, rows = formats.read(_text(_ChunkStream(self.job)))
        except formats.FileRefused as refused:
            raise ImportFailed(str(refused)) from None
        batch: list[Keyed] = []
        for done, found in enumerate(_keyed(rows, _Places()), start=1):
            if isinstance(found, formats.Skip):
                self.result["skipped"] += 1
            elif isinstance(found, formats.Broken):
                self.result["broken"] += 1
            elif self.exercises.get(found.row.exercise) is None:
                self.result["left_out"] += 1
            else:
                if batch and len(batch) >= BATCH_ROWS and batch[-1].session != found.session:
                    self._write(batch)
                    batch = []
                batch.append(found)
            if done % PROGRESS_EVERY == 0:
                cache.set(progress_key(self.job.pk), done, PROGRESS_TTL)
        if batch:
            self._write(batch)
        return {
            "added_sets": self.result["added"],
            "added_sessions": self.result["new_sessions"],
            "sessions": len(self.sessions),
            "already": self.result["already"],
            "skipped": self.result["skipped"],
            "left_out": self.result["left_out"],
            "broken": self.result["broken"],
            "created_exercises": self.created_exercises,
        }

    def _resolve_exercises(self) -> None:
        visible = {
            str(pk): exercise for pk, exercise in (library_exercises() | own_exercises(self.athlete)).in_bulk().items()
        }
        for name, choice in self.job.mapping.items():
            if choice == SKIP:
                self.exercises[name] = None
            elif choice == NEW:
                existing = own_exercises(self.athlete).filter(name__iexact=name.strip()).first()
                self.exercises[name] = existing or create_imported_exercise(
                    actor=self.athlete, name=name, equipment=equipment_in(name) or Exercise.Equipment.MACHINE
                )
                if existing is None:
                    self.created_exercises.append(name)
            elif choice in visible:
                self.exercises[name] = visible[choice]
            else:
                raise ImportFailed(f"“{name}” was to become an exercise that is no longer there: start again.")

    def _aware(self, moment: dt.datetime) -> dt.datetime:
        return moment if moment.tzinfo else moment.replace(tzinfo=self.zone)

    def _unit(self, row: formats.Row) -> str:
        unit = row.unit or self.job.unit or self.athlete.unit
        if row.weight > formats.MAX_WEIGHT[unit]:
            raise ImportFailed(
                f"Line {row.line}: weight {row.weight.normalize():f} is more than {formats.MAX_WEIGHT[unit]} {unit}."
            )
        return unit

    def _write(self, batch: list[Keyed]) -> None:
        """A few queries for up to BATCH_ROWS rows (and the rest of the last workout in them)."""
        stored = _already_stored(self.athlete, [item.client_id for item in batch])
        fresh = [item for item in batch if item.client_id not in stored]
        self.result["already"] += len(batch) - len(fresh)
        if not fresh:
            return
        workouts: dict[tuple, list[Keyed]] = {}
        for item in fresh:
            workouts.setdefault(item.session, []).append(item)
        sessions = self._sessions(workouts)
        items = self._session_exercises(workouts, sessions)
        sets = []
        for key, rows in workouts.items():
            session = sessions[key]
            self.sessions.add(session.pk)
            spacing = self._spacing(session, rows)
            for item in rows:
                row = item.row
                prescription = items[key, row.exercise]
                logged = SetLog(
                    athlete=self.athlete,
                    session_exercise_id=prescription.pk,
                    exercise=self.exercises[row.exercise],
                    client_id=item.client_id,
                    weight=row.weight,
                    unit=self._unit(row),
                    reps=row.reps,
                    rir=row.rir,
                    is_warmup=row.warmup,
                    logged_at=min(session.started_at + spacing * (item.position + 1), self.now),
                )
                derive_figures(logged, prescription)
                sets.append(logged)
        SetLog.objects.bulk_create(sets)
        self.result["added"] += len(sets)

    def _spacing(self, session: TrainingSession, rows: list[Keyed]) -> dt.timedelta:
        count = max(item.position for item in rows) + 2
        if session.finished_at and session.finished_at > session.started_at:
            return min((session.finished_at - session.started_at) / count, SET_SPACING)
        return SET_SPACING

    def _sessions(self, workouts: dict[tuple, list[Keyed]]) -> dict[tuple, TrainingSession]:
        """The workout of each key: one this or an earlier import made, else a new one."""
        starts = {key: self._aware(rows[0].row.started) for key, rows in workouts.items()}
        found = {
            (session.started_at, session.name.lower()): session
            for session in TrainingSession.objects.filter(athlete=self.athlete, started_at__in=set(starts.values()))
        }
        sessions, new = {}, []
        for key, rows in workouts.items():
            started = starts[key]
            existing = found.get((started, rows[0].row.workout.lower()))
            if existing:
                sessions[key] = existing
                continue
            if started > self.now:
                raise ImportFailed(f"Line {rows[0].row.line}: the workout's date is in the future.")
            finished = rows[0].row.finished
            finished = self._aware(finished) if finished else started + SET_SPACING * (len(rows) + 1)
            session = TrainingSession(
                athlete=self.athlete,
                name=rows[0].row.workout,
                started_at=started,
                finished_at=min(max(finished, started), self.now),
                imported_from=self.job.preview.get("format_label", ""),
            )
            sessions[key] = session
            new.append(session)
        TrainingSession.objects.bulk_create(new)
        self.result["new_sessions"] += len(new)
        return sessions

    def _session_exercises(self, workouts, sessions) -> dict[tuple, SessionExercise]:
        """(workout key, exercise name) -> the session exercise its sets go under, with its prescription."""
        chosen = {}
        by_session = {}
        existing = SessionExercise.objects.filter(session__in=[s.pk for s in sessions.values()]).only(
            "session_id", "exercise_id", "position", "rep_min", "rep_max", "rir_min", "rir_max"
        )
        last_position: Counter = Counter()
        for found in existing:
            by_session[found.session_id, found.exercise_id] = found
            last_position[found.session_id] = max(last_position[found.session_id], found.position + 1)
        new = []  # (workout key, name, the session exercise to create)
        pending: dict[tuple[int, int], SessionExercise] = {}  # (session, exercise) -> one of those
        for key, rows in workouts.items():
            session = sessions[key]
            working = Counter(item.row.exercise for item in rows if not item.row.warmup)
            note = {}
            for item in rows:
                if not note.get(item.row.exercise):
                    note[item.row.exercise] = item.row.note
            for name in dict.fromkeys(item.row.exercise for item in rows):
                exercise = self.exercises[name]
                found = by_session.get((session.pk, exercise.pk))
                if (session.pk, exercise.pk) in pending:
                    new.append((key, name, pending[session.pk, exercise.pk]))
                elif found is None:
                    item = SessionExercise(
                        session=session,
                        exercise=exercise,
                        position=last_position[session.pk],
                        sets=min(max(working[name], 1), SETS_MAX),
                        rep_min=exercise.rep_min,
                        rep_max=exercise.rep_max,
                        note=note[name][:200],
                    )
                    last_position[session.pk] += 1
                    pending[session.pk, exercise.pk] = item
                    new.append((key, name, item))
                else:
                    chosen[key, name] = found
        # A second name mapped to the same exercise in one workout shares its session exercise.
        SessionExercise.objects.bulk_create(list(pending.values()))
        for key, name, item in new:
            chosen[key, name] = item
        return chosen


@transaction.atomic
def discard_import(*, actor: User, job: ImportJob) -> bool:
    """Drop an import that was never confirmed, file and all. False when it has been confirmed already."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.athlete_id != actor.pk:
        raise PermissionDenied(ONLY_YOURS)
    if job.status != ImportJob.Status.PREVIEW:
        return False
    job.delete()
    return True


UNCONFIRMED_IMPORT_LIFETIME = dt.timedelta(days=1)


def purge_unconfirmed_imports(now: dt.datetime | None = None) -> int:
    """Drop uploads nobody confirmed within a day (their files can be 20 MB each). Imported or failed jobs
    keep their summary; their files are gone already."""
    cutoff = (now or timezone.now()) - UNCONFIRMED_IMPORT_LIFETIME
    jobs = ImportJob.objects.filter(status=ImportJob.Status.PREVIEW, created_at__lt=cutoff)
    count = jobs.count()
    jobs.delete()
    return count
