"""Is a lift stalled? Judged the way a coach reads a log, from each workout's best working set.

The v2 flag compared three workouts by Epley on the reps done and counted a tie as a stall, so lifters
who were progressing were flagged in half their sessions: a set with more reps in reserve was no
better than a grinder, and the first workout at a new weight (fewer reps, as planned) looked like a
drop. Here:

- Strength is the estimated 1RM with reserve: Epley on reps + RIR (progression.estimated_1rm), so
  the same reps with more in reserve is progress.
- The first workout after a weight increase is left out: fewer reps at the heavier weight is the plan
  working, not a step back. The workout after it counts again.
- It takes 4 counted workouts: the oldest of the last four is the mark, and the lift is stalled when
  none of the three since beat it and at least one fell short. Matching it is holding, not stalling.

Pure: standard library and progression only, like the rest of training_log.domain.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .progression import SetResult, estimated_1rm, format_weight, weight_in

STALL_WORKOUTS = 4  # counted workouts a verdict needs: the mark and three since

WHY_TOO_EARLY = "Too early to tell: {count} of the {needed} workouts a stall takes."
WHY_PROGRESSING = "Progressing: estimated max up from {mark} to {best}."
WHY_HOLDING = "Holding at an estimated max of {mark}: no stall while it is matched."
WHY_STALLED = "Stalled: {since} workouts without beating an estimated max of {mark}; the best since is {best}."
# Said of every verdict when a workout was left out, so a coach sees why a lower figure did not count.
WHY_SKIPPED = " The first workout at a heavier weight is not counted."


@dataclass(frozen=True)
class StallCheck:
    """The verdict, a sentence a coach would say, and the estimated maxes that were counted (oldest first)."""

    stalled: bool
    why: str
    counted: tuple[Decimal, ...]


def _phrase(weight: Decimal, unit: str) -> str:
    return f"{format_weight(weight)} {unit}"


def check_stall(best_sets: Sequence[SetResult], *, unit: str = "lb") -> StallCheck:
    """best_sets: the best working set of each of a lift's workouts, oldest first (progression.best_set picks
    it), for a bodyweight lift with the body weight added (the caller knows it). Weights compare in unit."""
    best_sets = tuple(best_sets)
    counted: list[Decimal] = []
    skipped = False
    for number, s in enumerate(best_sets):
        if number and weight_in(s, unit) > weight_in(best_sets[number - 1], unit):
            skipped = True
            continue
        counted.append(estimated_1rm(weight_in(s, unit), s.reps, s.rir))
    note = WHY_SKIPPED if skipped else ""
    if len(counted) < STALL_WORKOUTS:
        why = WHY_TOO_EARLY.format(count=len(counted), needed=STALL_WORKOUTS)
        return StallCheck(False, why + note, tuple(counted))
    mark, *since = counted[-STALL_WORKOUTS:]
    best = max(since)
    words = {"mark": _phrase(mark, unit), "best": _phrase(best, unit), "since": len(since)}
    if best > mark:
        return StallCheck(False, WHY_PROGRESSING.format(**words) + note, tuple(counted))
    if best == mark:
        return StallCheck(False, WHY_HOLDING.format(**words) + note, tuple(counted))
    return StallCheck(True, WHY_STALLED.format(**words) + note, tuple(counted))
