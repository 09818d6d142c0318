"""Reading an uploaded file back, row by row, each row with its workout and its client id: what both the
preview (services) and the import (importer) read, the same way, so a set gets the same id in both."""

import datetime as dt
import io
import uuid
from collections import Counter, OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass

from accounts.models import User

from ..models import ImportChunk, ImportJob, SetLog
from . import formats

NAMESPACE = uuid.UUID("6f1c9a52-3c55-4a4e-9d3b-6b1e0d9a7c21")  # the client ids of imported sets


def text_of(raw: io.RawIOBase | io.BufferedIOBase) -> io.TextIOWrapper:
    """UTF-8 text, a byte-order mark dropped; newline="" as the csv module wants."""
    return io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")


class ChunkStream(io.RawIOBase):
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


class Places:
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


def keyed(rows: Iterator, places: Places) -> Iterator[Keyed | formats.Skip | formats.Broken]:
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


def already_stored(athlete: User, client_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    return set(SetLog.objects.filter(athlete=athlete, client_id__in=client_ids).values_list("client_id", flat=True))
