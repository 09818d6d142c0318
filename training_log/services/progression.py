"""What the next set should be, and why, from the set just done.

The method is a chain of per-set verdicts: the rep range judges a set first (by
its reps alone), then the reps-in-reserve (RIR) band judges sets inside the
range. Each verdict is the next set's target, within a session and across
sessions alike. Standard library only, so the rules can be tested and reused
without Django; weights are ``Decimal`` so 102.5 kg never becomes 102.49999.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from accounts.units import UNITS  # standard library only, like this module

KG_PER_LB = Decimal("0.45359237")  # exact, by the 1959 international definition of the pound
DISPLAY_QUANTUM = Decimal("0.01")  # converted weights are for display: 220.46 lb, not 220.4622621848...
E1RM_QUANTUM = Decimal("0.1")

# Lifter-facing sentences, one per verdict. Fields: done/rir/possible/aim are "6 reps"-style phrases,
# weight/new/change are formatted weights, range is "4-6", band is "1-2 reps" (RIR band), rir_max an int.
MESSAGE_TOP_OF_RANGE = (
    "{done} at {weight} {unit} reached the top of {range}: add {change} {unit}, aim for at least {aim} at {new} {unit}."
)
MESSAGE_BELOW_RANGE = (
    "{done} at {weight} {unit} fell below {range}: take off {change} {unit}, aim for at least {aim} at {new} {unit}."
)
MESSAGE_BELOW_RANGE_FLOOR = (
    "{done} at {weight} {unit} fell below {range} and nothing lighter can be loaded: "
    "stay at {new} {unit}, aim for at least {aim}."
)
MESSAGE_TOO_EASY_ADD_WEIGHT = (
    "{done} at {weight} {unit} with {rir} in reserve was worth {possible} stopping {rir_max} short of failure, "
    "the top of {range}: add {change} {unit}, aim for at least {aim} at {new} {unit}."
)
MESSAGE_TOO_EASY_ADD_REPS = (
    "{done} at {weight} {unit} with {rir} in reserve was worth {possible} stopping {rir_max} short of failure: "
    "stay at {new} {unit} and aim for {aim}."
)
MESSAGE_TOO_HARD = (
    "{done} at {weight} {unit} with {rir} in reserve went too close to failure: "
    "stay at {new} {unit} and aim for {aim} again, stopping {band} short."
)
MESSAGE_ON_TARGET = (
    "{done} at {weight} {unit} with {rir} in reserve was on target: stay at {new} {unit} and aim for {aim}."
)


class Reason(enum.StrEnum):
    """Why a recommendation says what it says; a str, so it compares and stores as its value."""

    TOP_OF_RANGE = "top_of_range"
    BELOW_RANGE = "below_range"
    TOO_EASY_ADD_WEIGHT = "too_easy_add_weight"
    TOO_EASY_ADD_REPS = "too_easy_add_reps"
    ON_TARGET = "on_target"
    TOO_HARD = "too_hard"


_TEMPLATES = {
    Reason.TOP_OF_RANGE: MESSAGE_TOP_OF_RANGE,
    Reason.BELOW_RANGE: MESSAGE_BELOW_RANGE,
    Reason.TOO_EASY_ADD_WEIGHT: MESSAGE_TOO_EASY_ADD_WEIGHT,
    Reason.TOO_EASY_ADD_REPS: MESSAGE_TOO_EASY_ADD_REPS,
    Reason.ON_TARGET: MESSAGE_ON_TARGET,
    Reason.TOO_HARD: MESSAGE_TOO_HARD,
}


def as_decimal(value: Decimal | int, name: str = "weight") -> Decimal:
    """Accept Decimal or int, refuse float: a float weight has already lost the exact value."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{name} must be a Decimal or an int, not {type(value).__name__}")
    value = Decimal(value)
    if not value.is_finite():
        raise ValueError(f"{name} must be a finite number, not {value}")
    return value


def _check_unit(unit: str) -> None:
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {UNITS}, not {unit!r}")


@dataclass(frozen=True, kw_only=True)
class Prescription:
    """How an exercise is progressed. Keyword-only: six similar numbers are easy to swap by position.

    The decrement is usually smaller than the increment: a missed jump is mostly a step that was
    a little too big, so backing off part of it keeps most of the progress.
    """

    rep_min: int
    rep_max: int
    increment: Decimal
    decrement: Decimal
    rir_min: int = 1
    rir_max: int = 2

    def __post_init__(self) -> None:
        object.__setattr__(self, "increment", as_decimal(self.increment, "increment"))
        object.__setattr__(self, "decrement", as_decimal(self.decrement, "decrement"))
        if self.rep_min < 1:
            raise ValueError("rep_min must be at least 1")
        if self.rep_min > self.rep_max:
            raise ValueError("rep_min must not exceed rep_max")
        if self.increment <= 0 or self.decrement <= 0:
            raise ValueError("increment and decrement must be positive")
        if not 0 <= self.rir_min <= self.rir_max <= 10:
            raise ValueError("need 0 <= rir_min <= rir_max <= 10")


@dataclass(frozen=True)
class SetResult:
    """One set as logged: the weight, the reps done, and how many more good reps were left (RIR)."""

    weight: Decimal
    reps: int
    rir: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "weight", as_decimal(self.weight))
        if self.weight < 0:
            raise ValueError("weight must not be negative")
        if self.reps < 0:
            raise ValueError("reps must not be negative")
        if not 0 <= self.rir <= 10:
            raise ValueError("rir must be between 0 and 10")


@dataclass(frozen=True)
class Recommendation:
    """The next set: weight, target reps, the verdict (a Reason value) and one sentence for the lifter."""

    weight: Decimal
    reps: int
    reason: str
    message: str


def format_weight(weight: Decimal) -> str:
    """'235', '102.5', '0': never '235.0' or '1E+2', which read like a bug to a lifter."""
    if weight == 0:
        return "0"  # also turns Decimal("-0") into "0"
    return f"{weight.normalize():f}"


def reps_phrase(count: int) -> str:
    return f"{count} rep" if count == 1 else f"{count} reps"


def _possible_reps(p: Prescription, s: SetResult) -> int:
    """Reps the lifter would have done stopping rir_max short of failure (the 'too easy' yardstick)."""
    return s.reps + s.rir - p.rir_max


def describe(
    reason: str, prescription: Prescription, last_set: SetResult, weight: Decimal, reps: int, *, unit: str = "lb"
) -> str:
    """The sentence for a verdict. Public so loads.py can re-render it after rounding to plates."""
    p, s = prescription, last_set
    template = _TEMPLATES[Reason(reason)]
    if reason == Reason.BELOW_RANGE and weight >= s.weight:
        template = MESSAGE_BELOW_RANGE_FLOOR
    band = reps_phrase(p.rir_min) if p.rir_min == p.rir_max else f"{p.rir_min}-{p.rir_max} reps"
    return template.format(
        done=reps_phrase(s.reps),
        weight=format_weight(s.weight),
        unit=unit,
        range=f"{p.rep_min}-{p.rep_max}",
        rir=reps_phrase(s.rir),
        possible=reps_phrase(_possible_reps(p, s)),
        rir_max=p.rir_max,
        band=band,
        change=format_weight(abs(weight - s.weight)),
        new=format_weight(weight),
        aim=reps_phrase(reps),
    )


def recommend_next(prescription: Prescription, last_set: SetResult, *, unit: str = "lb") -> Recommendation:
    """The next set from the last one. The rep range decides first, whatever the RIR: reps tell
    what happened, RIR is the lifter's estimate, so it only steers sets the range leaves open."""
    _check_unit(unit)
    p, s = prescription, last_set
    if s.reps >= p.rep_max:
        reason, weight, reps = Reason.TOP_OF_RANGE, s.weight + p.increment, p.rep_min
    elif s.reps < p.rep_min:
        # The last set can't tell a failed jump from a bad day, so any set below the range backs off.
        reason, weight, reps = Reason.BELOW_RANGE, max(s.weight - p.decrement, Decimal(0)), p.rep_min
    elif s.rir > p.rir_max:
        possible = _possible_reps(p, s)
        if possible >= p.rep_max:
            reason, weight, reps = Reason.TOO_EASY_ADD_WEIGHT, s.weight + p.increment, p.rep_min
        else:
            reason, weight, reps = Reason.TOO_EASY_ADD_REPS, s.weight, possible
    elif s.rir < p.rir_min:
        reason, weight, reps = Reason.TOO_HARD, s.weight, s.reps
    else:
        reason, weight, reps = Reason.ON_TARGET, s.weight, s.reps + 1
    return Recommendation(weight, reps, reason, describe(reason, p, s, weight, reps, unit=unit))


def recommend_from_history(
    prescription: Prescription, sets: Sequence[SetResult], *, unit: str = "lb"
) -> Recommendation | None:
    """First set of the next session. Only the last working set counts: each set already carries
    the verdicts of the ones before it, so the chain simply continues across the rest day."""
    sets = tuple(sets)
    if not sets:
        return None
    return recommend_next(prescription, sets[-1], unit=unit)


def estimated_1rm(weight: Decimal, reps: int, rir: int) -> Decimal:
    """Epley on reps + RIR (the set as if taken to failure), rounded to 0.1.

    A set with reps + RIR <= 1 was a true single, so it is its own estimate: Epley would add 3.3 %
    to a max. No reps (reps == 0) carries no information and gives Decimal 0.
    """
    weight = as_decimal(weight)
    if weight < 0 or reps < 0 or rir < 0:
        raise ValueError("weight, reps and rir must not be negative")
    if reps == 0:
        return Decimal(0)
    if reps + rir <= 1:
        return weight
    return (weight * (30 + reps + rir) / 30).quantize(E1RM_QUANTUM, rounding=ROUND_HALF_UP)


def to_kg(lb: Decimal | int) -> Decimal:
    """Pounds to kilograms with the exact factor, rounded half-up to 0.01 for display."""
    return (as_decimal(lb) * KG_PER_LB).quantize(DISPLAY_QUANTUM, rounding=ROUND_HALF_UP)


def to_lb(kg: Decimal | int) -> Decimal:
    """Kilograms to pounds with the exact factor, rounded half-up to 0.01 for display."""
    return (as_decimal(kg) / KG_PER_LB).quantize(DISPLAY_QUANTUM, rounding=ROUND_HALF_UP)


def convert(weight: Decimal | int, from_unit: str, to_unit: str) -> Decimal:
    """Convert between "lb" and "kg"; the same unit returns the value untouched (225 stays 225, not 225.00)."""
    _check_unit(from_unit)
    _check_unit(to_unit)
    if from_unit == to_unit:
        return as_decimal(weight)
    return to_kg(weight) if to_unit == "kg" else to_lb(weight)
