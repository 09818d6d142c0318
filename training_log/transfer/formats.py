"""Reading other apps' exports: which app wrote the file (from its header line), and each row as a plain
`Row`, a `Skip` (cardio, a timed hold, an empty set: counted, not stored) or a `Broken` (a row we cannot
read, with its line number and why). Plain Python on a text stream (it takes only constants from the app,
never the database): rows come one at a time, so a long file never sits in memory.

The layouts, as the apps write them:
- Strong, classic: comma, `Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,
  Notes,Workout Notes,RPE`; no unit (the lifter says which); `Duration` like `1h 6m`.
- Strong, newer: semicolon, a `Weight Unit` per row, blanks for zero, `Workout Duration` last (or missing).
- Hevy: every field quoted, `start_time` like `7 Apr 2024, 16:34`, `set_index` from 0, `set_type`
  normal/warmup/dropset/failure, `weight_kg` or `weight_lbs`.
- FitNotes: `Date,Exercise,Category,Weight (kgs),Reps,...` or `Weight,Weight Unit` (kgs/lbs); no workout,
  so a day is a workout.
- Ours (docs/export-format.md), so an export comes back in as it went out.
"""

import csv
import dataclasses
import datetime as dt
import enum
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TextIO

from ..models import LOGGED_REPS_MAX, MAX_WEIGHT
from .selectors import FORMULA_STARTS

HEADER_MAX = 4096  # characters: a header line longer than this is not one we know


class Format(enum.StrEnum):
    STRONG = "strong", "Strong"
    STRONG_NEW = "strong-new", "Strong (with units)"
    HEVY = "hevy", "Hevy"
    FITNOTES = "fitnotes", "FitNotes"
    SCAPULA = "scapula", "Scapula"

    def __new__(cls, value, label):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


class SkipReason(enum.StrEnum):
    CARDIO = "cardio"  # a distance: running, rowing, swimming, carries
    TIMED = "timed"  # seconds but no reps: planks, hangs, stretching
    EMPTY = "empty"  # no reps (blank or 0) and nothing else: a set the other app kept blank


SKIP_LABELS = {
    SkipReason.CARDIO: "cardio (distance)",
    SkipReason.TIMED: "timed (seconds, no reps)",
    SkipReason.EMPTY: "no reps",
}


class FileRefused(Exception):
    """The whole file is refused: not text, not a CSV, a header we don't know."""


@dataclass(frozen=True, slots=True)
class Row:
    line: int
    started: dt.datetime  # the workout's start: naive local time, or aware (our own format)
    finished: dt.datetime | None
    workout: str
    exercise: str
    weight: Decimal
    unit: str | None  # None: the file has no unit (Strong classic), the lifter picks it
    reps: int
    rir: int | None  # None: no RPE, and not marked as failure
    warmup: bool
    note: str
    order: str = ""  # the set's own label in the file ("1", "W", Hevy's index), when it has one


@dataclass(frozen=True, slots=True)
class Skip:
    line: int
    reason: SkipReason


@dataclass(frozen=True, slots=True)
class Broken:
    line: int
    reason: str


# -- detection --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    format: Format
    delimiter: str
    columns: dict[str, int]  # our name -> index in the row
    unit: str | None  # the file's one unit, when its header says it


def _key(name: str) -> str:
    return " ".join(name.strip().strip('"').lower().split())


# For each format: the columns it must have (matched case-insensitively), and the ones it may have.
_SIGNATURES: list[tuple[Format, set[str], set[str]]] = [
    (
        Format.SCAPULA,
        {"date", "session", "exercise", "set_number", "weight", "unit", "reps"},
        {"rir", "rpe", "warmup", "note"},
    ),
    (
        Format.STRONG_NEW,
        {"date", "workout name", "exercise name", "set order", "weight", "weight unit", "reps"},
        {"rpe", "distance", "distance unit", "seconds", "notes", "workout notes", "workout duration"},
    ),
    (
        Format.STRONG,
        {"date", "workout name", "exercise name", "set order", "weight", "reps"},
        {"duration", "distance", "seconds", "notes", "workout notes", "rpe"},
    ),
    (
        Format.HEVY,
        {"title", "start_time", "exercise_title", "set_index", "set_type", "reps"},
        {
            "end_time",
            "weight_kg",
            "weight_lbs",
            "distance_km",
            "distance_miles",
            "duration_seconds",
            "rpe",
            "exercise_notes",
        },
    ),
    (
        Format.FITNOTES,
        {"date", "exercise", "reps"},
        {"category", "weight (kgs)", "weight (lbs)", "weight", "weight unit", "distance", "time", "comment"},
    ),
]
EXPECTED = "Strong, Hevy, FitNotes or Scapula's own export"


def detect(header_line: str) -> Layout:
    """The layout of a file from its first line: the delimiter sniffed, the columns matched by name."""
    line = header_line.lstrip("\ufeff").rstrip("\r\n")
    if not line.strip():
        raise FileRefused("The file is empty: export your history again and upload that file.")
    if "\x00" in line or len(line) > HEADER_MAX:
        raise FileRefused(f"This isn't a CSV file. Upload the .csv file your app exported ({EXPECTED}).")
    try:
        delimiter = csv.Sniffer().sniff(line, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    names = [_key(name) for name in next(csv.reader([line], delimiter=delimiter))]
    columns = {name: index for index, name in reversed(list(enumerate(names)))}
    for fmt, required, optional in _SIGNATURES:
        if not required <= columns.keys():
            continue
        if fmt is Format.HEVY and not {"weight_kg", "weight_lbs"} & columns.keys():
            continue
        unit = None
        if fmt is Format.HEVY:
            unit = "kg" if "weight_kg" in columns else "lb"
        elif fmt is Format.FITNOTES:
            if "weight (kgs)" in columns:
                unit, columns["weight"] = "kg", columns["weight (kgs)"]
            elif "weight (lbs)" in columns:
                unit, columns["weight"] = "lb", columns["weight (lbs)"]
            elif not {"weight", "weight unit"} <= columns.keys():
                continue
        known = required | optional
        return Layout(fmt, delimiter, {name: i for name, i in columns.items() if name in known}, unit)
    shown = ", ".join(name for name in names[:8] if name) or "nothing"
    raise FileRefused(
        f"We don't know this file's layout (its first line names {shown}). We read exports from {EXPECTED}."
    )


# -- values -----------------------------------------------------------------------------------------------


class _Bad(ValueError):
    pass


def _number(text: str, what: str) -> Decimal | None:
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(r"-?\d+,\d+", text):  # a decimal comma (semicolon files from comma-decimal locales)
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise _Bad(f"{what} “{text[:20]}” is not a number") from None
    if not value.is_finite():
        raise _Bad(f"{what} “{text[:20]}” is not a number")
    return value


def _reps(text: str) -> int | None:
    value = _number(text, "reps")
    if value is None:
        return None
    if value < 0 or value != value.to_integral_value():
        raise _Bad(f"reps “{text.strip()}” is not a whole number")
    if value > LOGGED_REPS_MAX:
        raise _Bad(f"{value} reps is more than {LOGGED_REPS_MAX}")
    return int(value)


def rpe_to_rir(rpe: Decimal) -> int:
    """RPE 8 is 2 reps in reserve; a half point rounds to the harder side: RPE 8.5 is RIR 1."""
    return math.floor(Decimal(10) - rpe)


def _rir(text: str) -> int | None:
    rpe = _number(text, "RPE")
    if rpe is None:
        return None
    if not 0 <= rpe <= 10:
        raise _Bad(f"RPE {rpe} is outside 0-10")
    return rpe_to_rir(rpe)


def _weight(text: str, unit: str | None) -> Decimal:
    value = _number(text, "weight") or Decimal(0)
    if value < 0:
        raise _Bad(f"weight {value} is below zero (an assisted set: log it as 0 or leave it out)")
    limit = MAX_WEIGHT.get(unit or "lb")
    if value > limit:
        raise _Bad(f"weight {value.normalize():f} is more than {limit} {unit or 'lb'}")
    if value != value.quantize(Decimal("0.01")):
        value = value.quantize(Decimal("0.01"))
    return value


def _unit(text: str) -> str | None:
    text = text.strip().lower()
    if not text:
        return None
    if text in ("kg", "kgs", "kilograms"):
        return "kg"
    if text in ("lb", "lbs", "pounds"):
        return "lb"
    raise _Bad(f"unit “{text[:10]}” is neither kg nor lb")


_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d %b %Y, %H:%M", "%d %B %Y, %H:%M", "%Y-%m-%dT%H:%M:%S")


def _datetime(text: str) -> dt.datetime:
    text = text.strip()
    for pattern in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern)
        except ValueError:
            continue
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise _Bad(f"date “{text[:30]}” is not a date and time we read") from None


def _date(text: str) -> dt.datetime:
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise _Bad(f"date “{text.strip()[:30]}” is not a date like 2025-05-12") from None
    # A FitNotes day has no time: call it noon, so no time zone moves it to another day.
    return dt.datetime.combine(day, dt.time(12))


def _duration(text: str) -> dt.timedelta | None:
    """Strong's "1h 6m", "58m", "45s"; None when blank or unreadable (it only sets the finish time)."""
    parts = re.findall(r"(\d+)\s*([hms])", text.lower())
    if not parts:
        return None
    seconds = sum(int(n) * {"h": 3600, "m": 60, "s": 1}[u] for n, u in parts)
    return dt.timedelta(seconds=seconds) if seconds else None


def _plain(text: str) -> str:
    return " ".join(text.split())


def _unneutralised(text: str) -> str:
    """Our export puts a ' before a cell a spreadsheet would run as a formula; take it off again."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


# -- rows -------------------------------------------------------------------------------------------------


def _get(row: list[str], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    return row[index] if index is not None and index < len(row) else ""


def _positive(row, columns, name) -> bool:
    value = _get(row, columns, name).strip().replace(",", ".")
    try:
        return float(value) > 0 if value else False
    except ValueError:
        return False


def _skip_reason(reps: int | None, distance: bool, seconds: bool) -> SkipReason | None:
    """Cardio and timed rows are not sets of reps; a set with no reps (blank or 0) is one the other app kept
    as a placeholder, and stored as a 0-rep failure it would wrongly pull the next weight down."""
    if distance:
        return SkipReason.CARDIO
    if not reps:
        return SkipReason.TIMED if seconds else SkipReason.EMPTY
    return None


def _strong(row, c, layout) -> Row | SkipReason:
    order = _get(row, c, "set order").strip().upper()
    reps = _reps(_get(row, c, "reps"))
    skip = _skip_reason(reps, _positive(row, c, "distance"), _positive(row, c, "seconds"))
    if skip:
        return skip
    unit = _unit(_get(row, c, "weight unit")) if layout.format is Format.STRONG_NEW else None
    started = _datetime(_get(row, c, "date"))
    length = _duration(_get(row, c, "duration") or _get(row, c, "workout duration"))
    rir = _rir(_get(row, c, "rpe"))
    if rir is None and order == "F":
        rir = 0  # marked as a set to failure
    return Row(
        line=0,
        started=started,
        finished=started + length if length else None,
        workout=_plain(_get(row, c, "workout name")),
        exercise=_plain(_get(row, c, "exercise name")),
        weight=_weight(_get(row, c, "weight"), unit),
        unit=unit,
        reps=reps,
        rir=rir,
        warmup=order == "W",
        note=_plain(_get(row, c, "notes")),
        order=order,
    )


def _hevy(row, c, layout) -> Row | SkipReason:
    reps = _reps(_get(row, c, "reps"))
    distance = _positive(row, c, "distance_km") or _positive(row, c, "distance_miles")
    skip = _skip_reason(reps, distance, _positive(row, c, "duration_seconds"))
    if skip:
        return skip
    kind = _get(row, c, "set_type").strip().lower()
    rir = _rir(_get(row, c, "rpe"))
    if rir is None and kind == "failure":
        rir = 0
    end = _get(row, c, "end_time").strip()
    return Row(
        line=0,
        started=_datetime(_get(row, c, "start_time")),
        finished=_datetime(end) if end else None,
        workout=_plain(_get(row, c, "title")),
        exercise=_plain(_get(row, c, "exercise_title")),
        weight=_weight(_get(row, c, "weight_kg" if layout.unit == "kg" else "weight_lbs"), layout.unit),
        unit=layout.unit,
        reps=reps,
        rir=rir,
        warmup=kind == "warmup",
        note=_plain(_get(row, c, "exercise_notes")),
        order=_get(row, c, "set_index").strip(),
    )


def _fitnotes(row, c, layout) -> Row | SkipReason:
    reps = _reps(_get(row, c, "reps"))
    skip = _skip_reason(reps, _positive(row, c, "distance"), bool(_get(row, c, "time").strip(" 0:")))
    if skip:
        return skip
    unit = layout.unit or _unit(_get(row, c, "weight unit"))
    category = _plain(_get(row, c, "category"))
    return Row(
        line=0,
        started=_date(_get(row, c, "date")),
        finished=None,
        workout=f"{category} workout" if category else "Workout",
        exercise=_plain(_get(row, c, "exercise")),
        weight=_weight(_get(row, c, "weight"), unit),
        unit=unit,
        reps=reps,
        rir=None,
        warmup=False,
        note=_plain(_get(row, c, "comment")),
    )


def _scapula(row, c, layout) -> Row | SkipReason:
    reps = _reps(_get(row, c, "reps"))
    if reps is None:
        return SkipReason.EMPTY
    unit = _unit(_get(row, c, "unit"))
    if unit is None:
        raise _Bad("the unit is missing (kg or lb)")
    rir_text = _get(row, c, "rir").strip()
    if rir_text:
        rir_value = _number(rir_text, "RIR")
        if not (0 <= rir_value <= 10 and rir_value == rir_value.to_integral_value()):
            raise _Bad(f"RIR “{rir_text}” is not a whole number from 0 to 10")
        rir = int(rir_value)
    else:
        rir = _rir(_get(row, c, "rpe"))
    return Row(
        line=0,
        started=_datetime(_get(row, c, "date")),
        finished=None,
        workout=_unneutralised(_plain(_get(row, c, "session"))),
        exercise=_unneutralised(_plain(_get(row, c, "exercise"))),
        weight=_weight(_get(row, c, "weight"), unit),
        unit=unit,
        reps=reps,
        rir=rir,
        warmup=_get(row, c, "warmup").strip().lower() in ("yes", "true", "1"),
        note=_unneutralised(_plain(_get(row, c, "note"))),
        order=_get(row, c, "set_number").strip(),
    )


_READERS = {
    Format.STRONG: _strong,
    Format.STRONG_NEW: _strong,
    Format.HEVY: _hevy,
    Format.FITNOTES: _fitnotes,
    Format.SCAPULA: _scapula,
}
NAME_MAX = 100  # characters of a workout or exercise name (exercises.models.NAME_MAX_LENGTH)


def read(stream: TextIO) -> tuple[Layout, Iterator[Row | Skip | Broken]]:
    """The file's layout (FileRefused if we don't know it), and its rows one at a time, each with the line
    it starts on (a quoted note may run over several lines)."""
    header = stream.readline()
    layout = detect(header)
    return layout, _rows(stream, layout)


def _rows(stream: TextIO, layout: Layout) -> Iterator[Row | Skip | Broken]:
    reader = csv.reader(stream, delimiter=layout.delimiter)
    parse = _READERS[layout.format]
    line = 2
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield Broken(line, f"the row can't be read as CSV ({error})")
            line = reader.line_num + 2
            continue
        start, line = line, reader.line_num + 2
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        try:
            found = parse(row, layout.columns, layout)
        except _Bad as error:
            yield Broken(start, str(error))
            continue
        if isinstance(found, SkipReason):
            yield Skip(start, found)
            continue
        if not found.exercise:
            yield Broken(start, "the exercise has no name")
            continue
        if len(found.exercise) > NAME_MAX:
            yield Broken(start, f"the exercise's name is longer than {NAME_MAX} characters")
            continue
        yield dataclasses.replace(found, line=start, workout=found.workout[:NAME_MAX] or "Workout")
