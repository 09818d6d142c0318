"""The background half of an import: a confirmed file read again from its chunks and written in one
transaction, all of it or, on any error, none of it. Progress (rows done) goes to the cache, which other
processes can read while the transaction is still open. The steps before it are transfer.services'."""

import datetime as dt
import logging
from collections import Counter
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db import transaction
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
FAILED = "Something went wrong on our side, and nothing was imported. Try again in a moment."


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
        cache.delete(progress_key(job_id))


@transaction.atomic
def _fail(job_id: int, message: str) -> None:
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportJob.Status.FAILED, error=message, finished_at=timezone.now()
    )
    ImportChunk.objects.filter(job_id=job_id).delete()
    changed(people=ImportJob.objects.filter(pk=job_id).values_list("athlete_id", flat=True))


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
