"""The background half of an import: a confirmed file read again from its chunks and written in one
transaction, all of it or, on any error, none of it. The steps before it are transfer.services'.

While that transaction is open nothing it writes is visible to other processes, so the import tells them how
it is doing elsewhere: the rows done go to the cache (a display), and that it is alive goes to the database
(ImportJob.progress_at, at its start and then every PROGRESS_SECONDS through a connection of its own). A worker
that dies takes its transaction with it: nothing of the file is stored, progress_at stops moving, and after
IMPORT_STOPPED_AFTER the pages say the import stopped (ImportJob.has_stopped). The job row is locked only at the
very end, so a Cancel meanwhile is never kept waiting, and an import cancelled meanwhile rolls back."""

import datetime as dt
import logging
import time
from collections import Counter
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.utils import timezone

from accounts.versions import changed
from exercises.models import Exercise
from exercises.selectors import library_exercises, own_exercises
from exercises.services import create_imported_exercise
from workouts.models import SETS_MAX

from ..models import ImportChunk, ImportJob, SessionExercise, SetLog, TrainingSession
from ..services.sessions import derive_figures
from . import formats
from .matching import equipment_in
from .reading import ChunkStream, Keyed, Places, already_stored, keyed, text_of

logger = logging.getLogger(__name__)

BATCH_ROWS = 1000  # rows written per round of queries
PROGRESS_EVERY = 500  # rows between progress updates
PROGRESS_TTL = 60 * 60
SET_SPACING = dt.timedelta(minutes=2)  # between sets of a workout with no finish time
NEW, SKIP = "new", "skip"  # what an exercise name becomes, besides an exercise's id (ConfirmForm's choices)
PROGRESS_SECONDS = 10  # between two records of a live import's progress in the database (PostgreSQL)
FAILED = "Something went wrong on our side, and nothing was imported. Try again in a moment."
STOPPED = "The import stopped; try again."


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
    # Committed before the import's own transaction: other processes see that a worker has it.
    if not ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(progress_at=timezone.now()):
        return  # cancelled, or imported already
    heartbeat = _Heartbeat(job_id)
    try:
        with transaction.atomic():
            job = ImportJob.objects.select_related("athlete").get(pk=job_id)
            result = _Importer(job, heartbeat).run()
            if not ImportJob.objects.select_for_update().filter(pk=job_id, status=ImportJob.Status.QUEUED).exists():
                raise ImportFailed(STOPPED)  # cancelled while it ran: none of it stays
            changed(people=[job.athlete_id], history=[job.athlete_id])  # earlier workouts came in
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
        heartbeat.close()
        cache.delete(progress_key(job_id))


@transaction.atomic
def _fail(job_id: int, message: str) -> None:
    """Only a job still importing: one cancelled (or, by a second run, imported) keeps what it says."""
    ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.FAILED, error=message, finished_at=timezone.now()
    )
    ImportChunk.objects.filter(job_id=job_id).delete()
    changed(people=ImportJob.objects.filter(pk=job_id).values_list("athlete_id", flat=True))


class _Heartbeat:
    """Records that the import is alive (ImportJob.progress_at) while its transaction is still open, through a
    second connection to the database, at most every PROGRESS_SECONDS; and stops the import when that record
    finds it cancelled. PostgreSQL only: SQLite lets one connection write at a time, and that one is the import."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.last = time.monotonic()
        self.connection = None

    def __call__(self) -> None:
        if connection.vendor != "postgresql" or time.monotonic() - self.last < PROGRESS_SECONDS:
            return
        self.last = time.monotonic()
        if self.connection is None:
            self.connection = connections.create_connection(DEFAULT_DB_ALIAS)
        table = ImportJob._meta.db_table
        try:
            with self.connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '1s'")
                cursor.execute(
                    f'UPDATE "{table}" SET "progress_at" = %s WHERE "id" = %s RETURNING "status"',  # noqa: S608
                    [timezone.now(), self.job_id],
                )
                row = cursor.fetchone()
        except DatabaseError:
            logger.warning("Import %s: its progress could not be recorded this time", self.job_id, exc_info=True)
            return
        # No row: the job is not committed yet for other connections (a test's transaction): go on.
        if row is not None and row[0] != ImportJob.Status.QUEUED:
            raise ImportFailed(STOPPED)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


class _Importer:
    def __init__(self, job: ImportJob, heartbeat=lambda: None):
        self.job = job
        self.heartbeat = heartbeat
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
            _layout, rows = formats.read(text_of(ChunkStream(self.job)))
        except formats.FileRefused as refused:
            raise ImportFailed(str(refused)) from None
        batch: list[Keyed] = []
        for done, found in enumerate(keyed(rows, Places()), start=1):
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
                self.heartbeat()
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
        stored = already_stored(self.athlete, [item.client_id for item in batch])
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
