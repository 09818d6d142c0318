"""Is a lift stalled? Judged the way a coach reads a log, from each workout's best working set.

The v2 flag compared three workouts by Epley on the reps done and counted a tie as a stall, so lifters
who were progressing were flagged in half their sessions: a set with more reps in reserve was no
better than a grinder, and the first workout at a new weight (fewer reps, as planned) looked like a
drop. Here:

- Strength is the estimated 1RM with reserve: Epley on reps + RIR (progression.estimated_1rm), so
  the same reps with more in reserve is progress.
- The first workout after a weight increase is left out: fewer reps at the heavier weight is the plan
  working, not a step back. The workout after it counts again.
- It takes 4 counted workouts. The mark is the best estimated max so far (the first workout to reach
  it). The lift is stalled when the 3 counted workouts since the mark all fell short of it, or when 6
  have gone by without beating it: matching the best is holding, and holding for a while is fine, but
  six workouts flat is a stall a coach would act on (the simulated stalled intermediate matched their
  best for ten weeks).

Pure: standard library and progression only, like the rest of training_log.domain.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .progression import SetResult, estimated_1rm, format_weight, weight_in

STALL_WORKOUTS = 4  # counted workouts a verdict needs
FALLING_SHORT = 3  # this many counted workouts since the mark, all below it: stalled
HOLDING_AT_MOST = 5  # more than this many since the mark without beating it: stalled, ties or not

WHY_TOO_EARLY = "Too early to tell: {count} of the {needed} workouts a stall takes."
WHY_PROGRESSING = "Progressing: a new best estimated max, {mark}."
WHY_HOLDING = "Not stalled: the best estimated max, {mark}, was {since} ago."
WHY_FALLING_SHORT = "Stalled: {since} workouts short of the best estimated max of {mark}; the best since is {best}."
WHY_FLAT = "Stalled: {since} workouts without beating the best estimated max of {mark}."
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
    found = tuple(counted)
    if len(counted) < STALL_WORKOUTS:
        return StallCheck(False, WHY_TOO_EARLY.format(count=len(counted), needed=STALL_WORKOUTS) + note, found)
    mark_at = max(range(len(counted)), key=lambda i: (counted[i], -i))  # the first to reach the best
    mark, since = counted[mark_at], counted[mark_at + 1 :]
    words = {"mark": _phrase(mark, unit), "since": len(since)}
    if len(since) > HOLDING_AT_MOST:
        return StallCheck(True, WHY_FLAT.format(**words) + note, found)
    if len(since) >= FALLING_SHORT and max(since) < mark:
        return StallCheck(True, WHY_FALLING_SHORT.format(best=_phrase(max(since), unit), **words) + note, found)
    if not since:
        return StallCheck(False, WHY_PROGRESSING.format(**words) + note, found)
    since_words = "1 workout" if len(since) == 1 else f"{len(since)} workouts"
    return StallCheck(False, WHY_HOLDING.format(mark=words["mark"], since=since_words) + note, found)
