"""How a logged set reads, wherever it is shown, and the small sums a workout's summary makes of its sets.

Pure: the functions take anything with a logged set's fields (training_log.models.SetLog, or a row with
the same names), so the card, the summary, the histories, the coach's page, the live region and the admin
all say "225 lb × 5 @ RIR 2" the same way.
"""

from decimal import Decimal

from .progression import convert


def _number(weight: Decimal) -> str:
    """225.00 -> "225", 102.50 -> "102.5": weights read the way lifters write them."""
    return f"{weight.normalize():f}" if weight else "0"


def set_text(logged, *, warmup: bool = False) -> str:
    """What was lifted, the way lifters write it: "225 lb × 5 @ RIR 2"; one arm: "25 lb × L 8 @ 2 / R 9 @ 1";
    imported without RPE: "225 lb × 5". `warmup`: say " (warm-up)" after a warm-up, for a list that has no
    other mark for one (the lists on the pages mark warm-ups with their own badge)."""
    if logged.reps_left is not None:
        what = f"L {logged.reps_left} @ {logged.rir_left} / R {logged.reps_right} @ {logged.rir_right}"
    else:
        what = str(logged.reps) if logged.rir is None else f"{logged.reps} @ RIR {logged.rir}"
    text = f"{_number(logged.weight)} {logged.unit} × {what}"
    return f"{text} (warm-up)" if warmup and logged.is_warmup else text


def numbered(sets: list) -> list[tuple[str, object]]:
    """Each set with its label: "W" for a warm-up, else its number among the working sets."""
    rows, number = [], 0
    for logged in sets:
        if not logged.is_warmup:
            number += 1
        rows.append(("W" if logged.is_warmup else str(number), logged))
    return rows


def set_volume(logged, unit: str) -> Decimal:
    """Weight × reps in `unit`. A one-arm set counts the weaker side's reps (what `reps` holds) twice."""
    reps = logged.reps * (2 if logged.reps_left is not None else 1)
    return convert(logged.weight, logged.unit, unit) * reps


def format_volume(volume: Decimal | int) -> str:
    """12340.5 -> "12,341": volume is a rough tally, whole units read best."""
    return f"{Decimal(volume).quantize(Decimal(1)):,}"


def workout_duration(workout) -> str:
    """Started to finished (a workout's `started_at` and `finished_at`), as a lifter says it: "52 min",
    "1 h 05 min"; "in progress" while open. A reopened workout counts from its start to its last finish."""
    if workout.finished_at is None:
        return "in progress"
    minutes = max(0, round((workout.finished_at - workout.started_at).total_seconds() / 60))
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"
