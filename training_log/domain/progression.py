"""What the next set should be, and why, from the sets just done.

Two questions with different answers. The next set *in the same session* (recommend_next) comes after a
set that tired the lifter: about a rep is lost from one set to the next, so it never asks for more reps
than the set just done. The first set of the *next session* (recommend_session_start) comes fresh and
tries to beat last time by a rep or some weight, judged from that session's best working set.

``possible`` below is the reps the set was worth stopping ``rir_max`` short of failure (reps + RIR -
rir_max); a set is *missed* when reps + RIR fall below rep_min - 1 (1 rep in 4-6, or none). The rules,
judged in this order:

0. Within a session, two missed sets in a row (the set and the last of ``earlier``): stop this lift for
   today. The recommendation is where the next session starts, from the same function the next
   session uses, so the two never disagree.
1. Missed: take the weight to the heaviest weight at or below 90 % of it, in decrement steps (300 ->
   270 in 5 lb steps), aim for rep_min. A token cut after a failed heavy set only sets up the next miss.
2. reps >= rep_max: top of the range. Add weight, aim for rep_min. A set worth rep_max + 3 or more
   sizes the jump from strength: Epley on reps + RIR gives the weight for rep_min at rir_max; the jump
   is that minus the weight, capped at 10 % of the weight, in whole increments, at least one. Within a
   session, a top set taken to failure (RIR below the band, and not worth rep_max inside it) keeps the
   weight and aims for rep_max - 1: grinding out the top earns nothing until next session. And within a
   session the heavier weight must leave rep_min at rir_min after the usual lost rep (Epley), else the
   weight stays and the step waits for the next session, which always adds it.
3. reps < rep_min: when ``possible`` still reaches rep_min the lifter stopped early, so the weight
   stays; otherwise the set fell below the range and the weight comes down one decrement.
4. RIR above the band (reps in range): worth rep_max or more, add weight (sized as in 2); else aim
   for the reps it was worth.
5. RIR below the band (reps in range): too hard. Aim for the reps the set would have given inside
   the band; below rep_min, take the weight down one decrement instead.
6. Otherwise on target. Next session: the same weight, one more rep. Within a session: the same reps
   again, or one fewer when the usual lost rep would take the next set below the band; at rep_min
   that is a lighter weight instead (Epley-sized, in decrement steps), so a lifter who follows the card
   stays one or two reps short of failure until the last set.

Targets never leave the range. A set of no reps was taken to failure, so SetResult refuses one with
reps in reserve. The next session is judged from its best working set (best_set), not from the last,
most tired one, and a changed rep range re-sizes the weight from that set's estimated max.

Standard library only, so the rules can be tested and reused without Django; weights are ``Decimal``
so 102.5 kg never becomes 102.49999. A set remembers the unit it was logged in: messages quote it as
logged ("4 reps at 320 lb") and the recommendation in the athlete's unit, a converted figure with at
most one decimal and never a converted difference ("move to 147.5 kg", never "add 2.35 kg").
"""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from core.units import UNITS  # standard library only, like this module

KG_PER_LB = Decimal("0.45359237")  # exact, by the 1959 international definition of the pound
DISPLAY_QUANTUM = Decimal("0.01")  # converted weights are for display: 220.46 lb, not 220.4622621848...
E1RM_QUANTUM = Decimal("0.1")
CONVERTED_QUANTUM = Decimal("0.1")  # a weight carried across units is quoted with at most one decimal
MAX_JUMP = Decimal("0.10")  # a strength-sized jump adds at most 10 % of the weight
WELL_PAST_TOP = 3  # a set worth rep_max + 3 reps or more sizes the jump from strength
MISSED_CUT = Decimal("0.90")  # a missed set comes down to 90 % of its weight, or the next step below
FATIGUE_REPS = 1  # reps a working set usually loses to the one before it in the same session

ERROR_MISSED_REP_RIR = "A set with no reps was taken to failure: its RIR must be 0."

# Lifter-facing text. A message is a verdict (what the set showed), sometimes a reason the usual step
# can't be taken, and an action (what to do next): MESSAGE.format(verdict=..., action=...).
# Fields: done/rir/possible/aim are "6 reps"-style phrases; logged/new/change are weights with their
# unit ("225 lb"); range and old_range are "4-6"; band is "1-2 reps" (the RIR band); rir_max an int.
MESSAGE = "{verdict}: {action}."
MESSAGE_WITH_WHY = "{verdict}, but {why}: {action}."
VERDICT_TOP_OF_RANGE = "{done} at {logged} reached the top of {range}"
VERDICT_WELL_PAST_TOP = (
    "{done} at {logged} with {rir} in reserve was worth {possible} stopping {rir_max} short of failure, "
    "well past the top of {range}"
)
VERDICT_BELOW_RANGE = "{done} at {logged} fell below {range}"
VERDICT_STOPPED_EARLY = "{done} at {logged} with {rir} in reserve stopped short of {range} with reps to spare"
VERDICT_TOO_EASY_ADD_WEIGHT = (
    "{done} at {logged} with {rir} in reserve was worth {possible} stopping {rir_max} short of failure, "
    "the top of {range}"
)
VERDICT_TOO_EASY_ADD_REPS = (
    "{done} at {logged} with {rir} in reserve was worth {possible} stopping {rir_max} short of failure"
)
VERDICT_TOO_HARD = "{done} at {logged} with {rir} in reserve went too close to failure"
VERDICT_ON_TARGET = "{done} at {logged} with {rir} in reserve was on target"
VERDICT_TOP_AT_FAILURE = "{done} at {logged} reached the top of {range} with {rir} in reserve"
VERDICT_MISSED = "{done} at {logged} missed {range} by a long way"
VERDICT_MISSED_AGAIN = "{done} at {logged} missed {range} again"
VERDICT_NEW_RANGE = "{done} at {logged} with {rir} in reserve was logged for {old_range}, and the range is now {range}"
ACTION_ADD = "add {change}, aim for at least {aim} at {new}"
ACTION_TAKE_OFF = "take off {change}, aim for at least {aim} at {new}"
ACTION_MOVE = "move to {new}, aim for at least {aim}"  # after a unit switch: no converted differences
ACTION_STAY = "stay at {new} and aim for {aim}"
ACTION_STAY_AT_LEAST = "stay at {new} and aim for at least {aim}"
ACTION_NEW_RANGE = "start at {new} and aim for at least {aim}"
ACTION_STOP = "stop this lift for today; next time, start at {new} and aim for {aim}"
ACTION_STOP_AT_LEAST = "stop this lift for today; next time, start at {new} and aim for at least {aim}"
STOPPING_SHORT = ", stopping {band} short"  # appended to a too-hard action
WHY_NOTHING_LIGHTER = "nothing lighter can be loaded"
WHY_FATIGUE_LATER = "after this set {heavier} would go too close to failure"
FATIGUE_NOTE = ", as the next set usually loses a rep"  # appended to an action that allows for fatigue
STEP_NEXT_SESSION = "; the step up comes next session"  # appended when the top kept the weight today


class Reason(enum.StrEnum):
    """Why a recommendation says what it says; a str, so it compares and stores as its value."""

    TOP_OF_RANGE = "top_of_range"
    BELOW_RANGE = "below_range"
    STOPPED_EARLY = "stopped_early"
    TOO_EASY_ADD_WEIGHT = "too_easy_add_weight"
    TOO_EASY_ADD_REPS = "too_easy_add_reps"
    ON_TARGET = "on_target"
    TOO_HARD = "too_hard"
    NEW_RANGE = "new_range"
    MISSED = "missed"
    STOP_FOR_TODAY = "stop_for_today"


_VERDICTS = {
    Reason.TOP_OF_RANGE: VERDICT_TOP_OF_RANGE,
    Reason.BELOW_RANGE: VERDICT_BELOW_RANGE,
    Reason.STOPPED_EARLY: VERDICT_STOPPED_EARLY,
    Reason.TOO_EASY_ADD_WEIGHT: VERDICT_TOO_EASY_ADD_WEIGHT,
    Reason.TOO_EASY_ADD_REPS: VERDICT_TOO_EASY_ADD_REPS,
    Reason.ON_TARGET: VERDICT_ON_TARGET,
    Reason.TOO_HARD: VERDICT_TOO_HARD,
    Reason.NEW_RANGE: VERDICT_NEW_RANGE,
    Reason.MISSED: VERDICT_MISSED,
    Reason.STOP_FOR_TODAY: VERDICT_MISSED_AGAIN,
}
# Verdicts whose rule aims for rep_min: "at least" is the honest way to say it.
_AIMS_FOR_REP_MIN = {
    Reason.TOP_OF_RANGE,
    Reason.BELOW_RANGE,
    Reason.STOPPED_EARLY,
    Reason.TOO_EASY_ADD_WEIGHT,
    Reason.MISSED,
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

    @property
    def rep_range(self) -> tuple[int, int]:
        return (self.rep_min, self.rep_max)


@dataclass(frozen=True)
class SetResult:
    """One set as logged: the weight, the reps done, how many more good reps were left (RIR), and the
    unit it was logged in (None: the unit the recommendation is asked in)."""

    weight: Decimal
    reps: int
    rir: int
    unit: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "weight", as_decimal(self.weight))
        if self.weight < 0:
            raise ValueError("weight must not be negative")
        if self.reps < 0:
            raise ValueError("reps must not be negative")
        if not 0 <= self.rir <= 10:
            raise ValueError("rir must be between 0 and 10")
        if self.reps == 0 and self.rir > 0:
            raise ValueError(ERROR_MISSED_REP_RIR)
        if self.unit is not None:
            _check_unit(self.unit)


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


def is_converted(last_set: SetResult, unit: str) -> bool:
    """Was the set logged in another unit than the one the recommendation is asked in?"""
    return last_set.unit is not None and last_set.unit != unit


def weight_in(last_set: SetResult, unit: str) -> Decimal:
    """The set's weight in unit: as logged in the same unit, else converted and rounded to 0.1."""
    _check_unit(unit)
    if not is_converted(last_set, unit):
        return last_set.weight
    exact = last_set.weight * KG_PER_LB if unit == "kg" else last_set.weight / KG_PER_LB
    return exact.quantize(CONVERTED_QUANTUM, rounding=ROUND_HALF_UP)


def logged_phrase(last_set: SetResult, unit: str) -> str:
    """The set's weight as it was logged: '320 lb', whatever the athlete's unit is now."""
    return f"{format_weight(last_set.weight)} {last_set.unit or unit}"


def _possible_reps(p: Prescription, s: SetResult) -> int:
    """Reps the lifter would have done stopping rir_max short of failure (the 'too easy' yardstick)."""
    return s.reps + s.rir - p.rir_max


def _well_past_top(p: Prescription, s: SetResult) -> bool:
    return _possible_reps(p, s) >= p.rep_max + WELL_PAST_TOP


def _epley(weight: Decimal, reps_to_failure: int) -> Decimal:
    """Epley, unrounded; a single (or less) is its own max."""
    return weight if reps_to_failure <= 1 else weight * (30 + reps_to_failure) / 30


def weight_for_reps(e1rm: Decimal, reps: int, rir: int) -> Decimal:
    """Epley backwards: the weight that gives reps stopping rir short of failure, unrounded."""
    return e1rm * 30 / (30 + reps + rir)


def _jump(p: Prescription, s: SetResult, weight: Decimal) -> Decimal:
    """The step up: one increment, or, from a set well past the top of the range, what strength says
    (the weight for rep_min at rir_max) capped at 10 % and rounded down to whole increments, at least one."""
    if not _well_past_top(p, s):
        return p.increment
    wanted = weight_for_reps(_epley(weight, s.reps + s.rir), p.rep_min, p.rir_max) - weight
    steps = int(min(wanted, weight * MAX_JUMP) // p.increment)
    return p.increment * max(steps, 1)


def is_missed(prescription: Prescription, last_set: SetResult) -> bool:
    """A set so far short that it says the weight is wrong today, not a rep or two off: reps + RIR below
    rep_min - 1 (1 rep in 4-6, or none)."""
    return last_set.reps + last_set.rir < prescription.rep_min - 1


def missed_cut(weight: Decimal, decrement: Decimal) -> Decimal:
    """The heaviest weight at or below 90 % of weight in decrement steps from it (300 -> 270 in 5 lb steps),
    never below 0."""
    steps = math.ceil(weight * (1 - MISSED_CUT) / decrement) if weight > 0 else 0
    return max(weight - decrement * max(steps, 1), Decimal(0))


def reps_left_after(last_set: SetResult, last: Decimal, weight: Decimal) -> Decimal:
    """Reps to failure the next set of the session would have at weight, by Epley from the set just done
    (reps + RIR at last) less the rep a set usually loses to the one before. Unrounded; at 0 lb Epley
    says nothing, so a load from nothing is taken to leave no reps."""
    if weight <= 0:
        return Decimal(last_set.reps + last_set.rir - FATIGUE_REPS)
    return (30 + last_set.reps + last_set.rir) * last / weight - 30 - FATIGUE_REPS


def has_room(p: Prescription, last_set: SetResult, last: Decimal, weight: Decimal) -> bool:
    """Would weight, as the next set of the session, still give rep_min stopping rir_min short?"""
    return reps_left_after(last_set, last, weight) >= p.rep_min + p.rir_min


def fatigue_weight(p: Prescription, s: SetResult, last: Decimal) -> Decimal:
    """The weight at which the next set of the session, a rep down on this one, would still give rep_min
    stopping rir_min short (Epley), unrounded: what a lighter next set aims at."""
    return last * (30 + s.reps + s.rir - FATIGUE_REPS) / (30 + p.rep_min + p.rir_min)


def _lighter_next_set(p: Prescription, s: SetResult, last: Decimal) -> Decimal:
    """fatigue_weight in decrement steps down from the set's weight: at least one step, never more than a
    missed set's cut (a better set never gets a bigger cut), never below 0."""
    steps = max(math.ceil((last - fatigue_weight(p, s, last)) / p.decrement), 1)
    return max(last - p.decrement * steps, missed_cut(last, p.decrement), Decimal(0))


def earned_weight(p: Prescription, s: SetResult, *, unit: str = "lb") -> Decimal | None:
    """The heavier weight the set earned by the fresh-set rules (None: it earned none). Within a session the
    step may wait (has_room); loads.py fits this weight to the equipment before asking."""
    last = weight_in(s, unit)
    step = _fresh_step(p, s, last)
    if step.reason in (Reason.TOP_OF_RANGE, Reason.TOO_EASY_ADD_WEIGHT) and step.weight > last:
        return _to_converted(step.weight, last, is_converted(s, unit))
    return None


def fatigue_aim(p: Prescription, s: SetResult) -> int:
    """Reps for the next set at the same weight: the same again, or fewer when the usual lost rep would
    take it below the band; never above rep_max."""
    return min(s.reps, p.rep_max, s.reps + s.rir - FATIGUE_REPS - p.rir_min)


def verdict(
    reason: str,
    prescription: Prescription,
    last_set: SetResult,
    *,
    unit: str = "lb",
    logged_range: tuple[int, int] | None = None,
) -> str:
    """What the set showed, in words: the first half of every message."""
    p, s = prescription, last_set
    template = _VERDICTS[Reason(reason)]
    if reason in (Reason.TOP_OF_RANGE, Reason.TOO_EASY_ADD_WEIGHT) and _well_past_top(p, s):
        template = VERDICT_WELL_PAST_TOP
    if reason == Reason.TOO_HARD and s.reps >= p.rep_max:
        template = VERDICT_TOP_AT_FAILURE
    old = logged_range or p.rep_range
    return template.format(
        done=reps_phrase(s.reps),
        logged=logged_phrase(s, unit),
        range=f"{p.rep_min}-{p.rep_max}",
        old_range=f"{old[0]}-{old[1]}",
        rir=reps_phrase(s.rir),
        possible=reps_phrase(_possible_reps(p, s)),
        rir_max=p.rir_max,
    )


def action(
    reason: str,
    prescription: Prescription,
    last_set: SetResult,
    weight: Decimal,
    reps: int,
    *,
    unit: str = "lb",
    suffix: str = "",
) -> str:
    """What to do next, in words: add, take off, move to (after a unit switch), stay, or stop for today.
    suffix (FATIGUE_NOTE, STEP_NEXT_SESSION) ends the action."""
    p, s = prescription, last_set
    last = weight_in(s, unit)
    new = f"{format_weight(weight)} {unit}"
    aim = reps_phrase(reps)
    if reason == Reason.STOP_FOR_TODAY:
        stop = ACTION_STOP_AT_LEAST if reps == p.rep_min else ACTION_STOP
        return stop.format(new=new, aim=aim) + suffix
    if reason == Reason.NEW_RANGE:
        text = ACTION_NEW_RANGE.format(new=new, aim=aim)
    elif weight != last and is_converted(s, unit):
        text = ACTION_MOVE.format(new=new, aim=aim)
    elif weight > last:
        text = ACTION_ADD.format(change=f"{format_weight(weight - last)} {unit}", new=new, aim=aim)
    elif weight < last:
        text = ACTION_TAKE_OFF.format(change=f"{format_weight(last - weight)} {unit}", new=new, aim=aim)
    else:
        stay = ACTION_STAY_AT_LEAST if reason in _AIMS_FOR_REP_MIN and reps == p.rep_min else ACTION_STAY
        if is_converted(s, unit):
            new = f"{new} ({logged_phrase(s, unit)})"
        text = stay.format(new=new, aim=aim)
    if reason == Reason.TOO_HARD:
        band = reps_phrase(p.rir_min) if p.rir_min == p.rir_max else f"{p.rir_min}-{p.rir_max} reps"
        text += STOPPING_SHORT.format(band=band)
    return text + suffix


def compose(verdict_text: str, action_text: str, why: str = "") -> str:
    """One sentence: the verdict, why the usual step can't be taken (if so), and the action."""
    if why:
        return MESSAGE_WITH_WHY.format(verdict=verdict_text, why=why, action=action_text)
    return MESSAGE.format(verdict=verdict_text, action=action_text)


def describe(
    reason: str,
    prescription: Prescription,
    last_set: SetResult,
    weight: Decimal,
    reps: int,
    *,
    unit: str = "lb",
    why: str = "",
    logged_range: tuple[int, int] | None = None,
    suffix: str = "",
) -> str:
    """The sentence for a verdict. Public so loads.py can re-render it after fitting the weight to the
    equipment. A decrease that could not go lower says so unless another why is given."""
    if not why and weight == weight_in(last_set, unit) and _wanted_lighter(reason, prescription, last_set):
        why = WHY_NOTHING_LIGHTER
    return compose(
        verdict(reason, prescription, last_set, unit=unit, logged_range=logged_range),
        action(reason, prescription, last_set, weight, reps, unit=unit, suffix=suffix),
        why,
    )


def _wanted_lighter(reason: str, p: Prescription, s: SetResult) -> bool:
    """Did the rule for this verdict take weight off (below_range, missed, too_hard below rep_min)?"""
    too_hard_below = reason == Reason.TOO_HARD and s.reps < p.rep_max and s.reps - (p.rir_min - s.rir) < p.rep_min
    return reason in (Reason.BELOW_RANGE, Reason.MISSED) or too_hard_below


def _to_converted(weight: Decimal, last: Decimal, converted: bool) -> Decimal:
    """A converted recommendation keeps one decimal, rounded away from the last weight so an increase
    stays an increase and a decrease a decrease."""
    if not converted or weight == last:
        return weight
    rounding = ROUND_CEILING if weight > last else ROUND_FLOOR
    return max(weight.quantize(CONVERTED_QUANTUM, rounding=rounding), Decimal(0))


@dataclass(frozen=True)
class _Step:
    """A rule's answer before it is put in words."""

    reason: str
    weight: Decimal
    reps: int
    suffix: str = ""
    why: str = ""


def _fresh_step(p: Prescription, s: SetResult, last: Decimal) -> _Step:
    """The rules for a fresh first set (the next session): missed, top of range whatever the RIR, then v2."""
    possible = _possible_reps(p, s)
    if is_missed(p, s):
        return _Step(Reason.MISSED, missed_cut(last, p.decrement), p.rep_min)
    if s.reps >= p.rep_max:
        return _Step(Reason.TOP_OF_RANGE, last + _jump(p, s, last), p.rep_min)
    if s.reps < p.rep_min:
        if possible >= p.rep_min:
            return _Step(Reason.STOPPED_EARLY, last, p.rep_min)
        return _Step(Reason.BELOW_RANGE, max(last - p.decrement, Decimal(0)), p.rep_min)
    if s.rir > p.rir_max:
        if possible >= p.rep_max:
            return _Step(Reason.TOO_EASY_ADD_WEIGHT, last + _jump(p, s, last), p.rep_min)
        return _Step(Reason.TOO_EASY_ADD_REPS, last, possible)
    if s.rir < p.rir_min:
        aim = s.reps - (p.rir_min - s.rir)
        if aim >= p.rep_min:
            return _Step(Reason.TOO_HARD, last, aim)
        return _Step(Reason.TOO_HARD, max(last - p.decrement, Decimal(0)), p.rep_min)
    return _Step(Reason.ON_TARGET, last, s.reps + 1)


def held_step(p: Prescription, s: SetResult, last: Decimal, heavier: Decimal, unit: str) -> _Step:
    """Within a session, a set that earned weight when the heavier weight would not leave room after the
    usual lost rep: the same weight, the reps the fatigue allows (at least rep_min), the step next session."""
    why = WHY_FATIGUE_LATER.format(heavier=f"{format_weight(heavier)} {unit}")
    aim = max(fatigue_aim(p, s), p.rep_min)
    reason = Reason.TOP_OF_RANGE if s.reps >= p.rep_max else Reason.TOO_EASY_ADD_WEIGHT
    return _Step(reason, last, aim, suffix=STEP_NEXT_SESSION, why=why)


def _within_session_step(p: Prescription, s: SetResult, last: Decimal, unit: str) -> _Step:
    """The rules for the next set of the same session, after the two-misses check."""
    if is_missed(p, s):
        return _Step(Reason.MISSED, missed_cut(last, p.decrement), p.rep_min)
    if s.reps >= p.rep_max and s.rir < p.rir_min and s.reps - (p.rir_min - s.rir) < p.rep_max:
        return _Step(Reason.TOO_HARD, last, max(p.rep_max - 1, p.rep_min))
    step = _fresh_step(p, s, last)
    if step.reason in (Reason.TOP_OF_RANGE, Reason.TOO_EASY_ADD_WEIGHT):
        return step if has_room(p, s, last, step.weight) else held_step(p, s, last, step.weight, unit)
    if step.reason == Reason.TOO_EASY_ADD_REPS:
        return replace(step, reps=min(step.reps, s.reps + s.rir - FATIGUE_REPS - p.rir_min))
    if step.reason == Reason.BELOW_RANGE:  # a milder miss: the cut sized for a tired next set
        return replace(step, weight=_lighter_next_set(p, s, last), suffix=FATIGUE_NOTE)
    if step.reason not in (Reason.ON_TARGET, Reason.TOO_HARD):
        return step
    # On target or too hard (in the range): the reps that leave rir_min after the usual lost rep, at most
    # the same again. Below rep_min, a lighter weight instead: what Epley says buys the reps back.
    aim = fatigue_aim(p, s)
    suffix = FATIGUE_NOTE if aim < s.reps - max(p.rir_min - s.rir, 0) else ""
    if aim >= p.rep_min:
        return _Step(step.reason, last, aim, suffix=suffix)
    return _Step(step.reason, _lighter_next_set(p, s, last), p.rep_min, suffix=FATIGUE_NOTE)


def _recommendation(p: Prescription, s: SetResult, step: _Step, unit: str) -> Recommendation:
    last = weight_in(s, unit)
    weight = _to_converted(step.weight, last, is_converted(s, unit))
    message = describe(step.reason, p, s, weight, step.reps, unit=unit, why=step.why, suffix=step.suffix)
    return Recommendation(weight, step.reps, step.reason, message)


def recommend_next(
    prescription: Prescription,
    last_set: SetResult,
    *,
    unit: str = "lb",
    earlier: Sequence[SetResult] = (),
) -> Recommendation:
    """The next set of the same session from the last one, by the rules of the module docstring. The rep
    range decides first: reps tell what happened, RIR is the lifter's estimate, so it only steers sets the
    range leaves open (and tells a set stopped early from one that fell short). earlier: this exercise's
    earlier working sets of the session, oldest first; after a second miss in a row the recommendation is
    where the next session starts, with reason stop_for_today."""
    _check_unit(unit)
    p, s = prescription, last_set
    earlier = tuple(earlier)
    if is_missed(p, s) and earlier and is_missed(p, earlier[-1]):
        start = recommend_session_start(p, (*earlier, s), unit=unit)
        assert start is not None  # there were sets
        message = describe(Reason.STOP_FOR_TODAY, p, s, start.weight, start.reps, unit=unit)
        return Recommendation(start.weight, start.reps, Reason.STOP_FOR_TODAY, message)
    return _recommendation(p, s, _within_session_step(p, s, weight_in(s, unit), unit), unit)


def best_set(
    prescription: Prescription,
    sets: Sequence[SetResult],
    *,
    unit: str = "lb",
    logged_range: tuple[int, int] | None = None,
) -> SetResult | None:
    """The working set a session is judged by: the heaviest weight at which a set reached rep_min (of the
    range the sets were logged under), and there the set worth the most reps (reps + RIR), the earlier on a
    tie; when no set reached rep_min, the set worth the most reps, the heavier and then the earlier on a
    tie. A later set is a more tired one, so a tie goes to the earlier, fresher set."""
    _check_unit(unit)
    sets = tuple(sets)
    if not sets:
        return None
    rep_min = (logged_range or prescription.rep_range)[0]
    reached = [s for s in sets if s.reps >= rep_min]
    if reached:
        return max(reached, key=lambda s: (weight_in(s, unit), s.reps + s.rir))  # max keeps the first of equals
    return max(sets, key=lambda s: (s.reps + s.rir, weight_in(s, unit)))


def recommend_session_start(
    prescription: Prescription,
    sets: Sequence[SetResult],
    *,
    unit: str = "lb",
    logged_range: tuple[int, int] | None = None,
) -> Recommendation | None:
    """The first set of the next session from the working sets of the exercise's last session, judged
    from best_set: a rep or some weight over it, its missed cut if it missed, and the step whenever it
    reached the top of the range. When those sets were logged under another rep range (logged_range, as
    (rep_min, rep_max)), the weight comes from that set's Epley max: the weight for rep_min at rir_max,
    rounded down to 0.1 (the equipment rounds it further)."""
    _check_unit(unit)
    p = prescription
    s = best_set(p, sets, unit=unit, logged_range=logged_range)
    if s is None:
        return None
    if logged_range is None or tuple(logged_range) == p.rep_range:
        return _recommendation(p, s, _fresh_step(p, s, weight_in(s, unit)), unit)
    logged_range = (int(logged_range[0]), int(logged_range[1]))
    e1rm = _epley(weight_in(s, unit), s.reps + s.rir)
    weight = weight_for_reps(e1rm, p.rep_min, p.rir_max).quantize(CONVERTED_QUANTUM, rounding=ROUND_DOWN)
    message = describe(Reason.NEW_RANGE, p, s, weight, p.rep_min, unit=unit, logged_range=logged_range)
    return Recommendation(weight, p.rep_min, Reason.NEW_RANGE, message)


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


def lifted_e1rm(weight: Decimal, set_unit: str, unit: str, reps: int) -> Decimal:
    """A logged set's estimated 1RM in `unit`, as every page shows it: Epley on the reps done (no RIR) on the
    weight in that unit, not the stored e1rm_kg converted back (which would read 262.6 lb for 225 lb x 5)."""
    return estimated_1rm(convert(weight, set_unit, unit), reps, 0)


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
