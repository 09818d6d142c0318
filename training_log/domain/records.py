"""What counts as a record: the one rule the workout summary's "New record" badges and /progress/ share.

Pure: no Django. Only working sets count (callers pass SetLog.objects.working()); everything compares
the kg columns, so a set logged in lb and one logged in kg are ranked on the same scale.
- Best estimated 1RM: the highest e1rm_kg (Epley on the reps done, no RIR).
- Heaviest weight: the highest weight_kg.
- Most reps at a weight: more reps than were ever done at that weight *or heavier*. 8 reps at 100 kg is
  not a record at 100 kg when 9 were once done at 105 kg; so the records table lists, per weight, the
  most reps done there only where no heavier weight saw as many (`rep_records`).
"""

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import TypeVar

RECORD_E1RM = "Best estimated 1RM"
RECORD_HEAVIEST = "Heaviest weight"
RECORD_REPS = "Most reps at {weight} {unit}"

Row = TypeVar("Row")


def lifted(logged) -> tuple[Decimal, Decimal, int]:
    """What ranks logged sets by what was lifted: Epley on the reps done, then the weight, then the reps."""
    return (logged.e1rm_kg, logged.weight_kg, logged.reps)


def beats(value: Decimal | int, best_before: Decimal | int | None) -> bool:
    """A record beats what came before; the first time an exercise is done sets no record (nothing to beat)."""
    return best_before is not None and value > best_before


def rep_records(rows: Iterable[Row], *, weight: Callable[[Row], Decimal], reps: Callable[[Row], int]) -> list[Row]:
    """From the most reps at each weight (one row per weight), the ones that stand as records: more reps
    than at every heavier weight. Heaviest first. The heaviest weight's best always stands."""
    standing, most_heavier = [], -1
    for row in sorted(rows, key=weight, reverse=True):
        if reps(row) > most_heavier:
            standing.append(row)
            most_heavier = reps(row)
    return standing
