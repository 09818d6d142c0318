"""The coach's arithmetic on counts the database made: percentages, "stalled", "down", the flags' words.

training_log.selectors.coaching does the counting, a fixed number of queries for any number of athletes.
"""

from dataclasses import dataclass
from decimal import Decimal

NO_RECENT_WORKOUT = "No workout in 7 days"
COMPLIANCE_DOWN = "Compliance down"
UNREAD_ONE = "1 unread comment"
UNREAD_MANY = "{count} unread comments"
STALLED_WORKOUTS = 3  # an exercise is judged on its last three workouts


def percent(part: int, whole: int) -> int | None:
    """Whole percent, rounded half up; None when there is nothing to divide by (nothing was planned)."""
    if whole <= 0:
        return None
    return (200 * part + whole) // (2 * whole)


def is_stalled(bests: list[Decimal]) -> bool:
    """`bests`: an exercise's best estimated 1RM in each of its last workouts, oldest first (a, b, c).
    Stalled when neither of the last two beat the first: max(b, c) <= a. Fewer than three: too early to say."""
    if len(bests) < STALLED_WORKOUTS:
        return False
    a, b, c = bests[-STALLED_WORKOUTS:]
    return max(b, c) <= a


@dataclass(frozen=True)
class Compliance:
    """Planned sessions done over a window: `planned` counts only sessions whose day is over (or that
    were started or skipped); cancelled sessions count for nothing."""

    done: int = 0
    planned: int = 0

    @property
    def percent(self) -> int | None:
        return percent(self.done, self.planned)

    def __str__(self) -> str:
        """ "2 of 3 done · 67 %", or "" when nothing was planned."""
        return f"{self.done} of {self.planned} done · {self.percent} %" if self.planned else ""


def compliance_down(current: Compliance, previous: Compliance) -> bool:
    """Down by a fifth or more: current share <= 0.8 x previous share, both known, previous above zero.
    Compared as exact fractions (done/planned), not the rounded percentages."""
    if not current.planned or not previous.planned or not previous.done:
        return False
    return 5 * current.done * previous.planned <= 4 * previous.done * current.planned


@dataclass(frozen=True)
class Quality:
    """Working sets that landed inside the prescribed rep range and RIR band, out of the working sets with a
    RIR. A set imported without RPE can't be judged: it is left out of both and counted in `unjudged`."""

    inside: int = 0
    total: int = 0
    unjudged: int = 0

    @property
    def percent(self) -> int | None:
        return percent(self.inside, self.total)


def unread_flag(count: int) -> str:
    return UNREAD_ONE if count == 1 else UNREAD_MANY.format(count=count)
