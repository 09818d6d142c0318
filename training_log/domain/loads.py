"""Turning a recommended weight into one the lifter can actually set up.

progression.py works in exact numbers and would prescribe 227 lb; a gym has plates in pairs, plates
on one end of a landmine, a rack of fixed dumbbells and pin stacks. Fitting a recommendation to the
equipment keeps its promise and its sense over weeks:

- Targets stay inside the range: a range is a range.
- An increase uses the lightest loadable weight at or above the rule's target and above the last
  weight; when that is more than 10 % above the last weight, the lightest loadable weight above it
  instead (15 lb -> 17.5, not 20, when the rack has 17.5), aiming for rep_min. Past that, however big
  the step: at the top of the range, weight goes on. When nothing heavier can be set up, the weight
  stays, the target is rep_max, and the note says what would help. Within a session the fitted weight
  must still leave room after the usual lost rep (progression.has_room), else the step waits.
- A missed set comes down to the heaviest loadable weight at or below 90 % of it. Only where that is
  more than 20 % lighter (coarse dumbbells, stacks) and at least half of rep_min was done does the
  weight stay, aiming for rep_min as below. Two misses in a row stop the lift for today, with the next
  session's start fitted here like any other.
- Any other decrease uses the heaviest loadable weight at or below the rule's target and below the last
  weight. When that would undo the last increase (at or below ``topped_out_at``, where the lifter
  last reached the top of the range) or cut more than 10 % of the load, the weight stays and the
  target is rep_min (never a target below the range); only a set under half of rep_min takes such a
  cut. Equal steps up and down would otherwise ping-pong for ever. With nothing lighter to set up at
  all, the weight stays and the target is rep_min the same way.
- A verdict that keeps the weight never changes it, even when the setup can't make it (the note
  says so).
- A new rep range (the first set of a session) rounds its estimate down, the safer miss.

Stacks and dumbbells may have add-on weights (a 2.5 lb or 1.25 kg plate that clips on), each used at
most once; they fill the gaps between settings.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import ClassVar

from .progression import (
    FATIGUE_NOTE,
    MISSED_CUT,
    WHY_NOTHING_LIGHTER,
    Prescription,
    Reason,
    Recommendation,
    SetResult,
    as_decimal,
    best_set,
    describe,
    earned_weight,
    fatigue_weight,
    format_weight,
    has_room,
    held_step,
    logged_phrase,
    recommend_next,
    weight_in,
)
from .progression import recommend_session_start as _plain_session_start

# A decrease that takes off more than this share of the load waits until the reps say it must.
MAX_CUT = Decimal("0.10")
# An increase that would add more than this share goes to the next load up instead, when there is one.
MAX_STEP = Decimal("0.10")
# A missed set stays at its weight only when the next load at or below 90 % is more than this much lighter.
COARSE_CUT = Decimal("0.20")

# Notes: why the weight differs from the rule's plain arithmetic. Weights come with their unit.
NOTE_NEXT_UP = "{target} can't be set up: {weight} is the next {kind} up."
NOTE_NEXT_DOWN = "{target} can't be set up: {weight} is the next {kind} down."
NOTE_SMALLER_STEP = "{target} would add {percent} %: {weight} is the next {kind} up."
NOTE_NOTHING_HEAVIER = "{help} would help."
NOTE_LIGHTEST = "{weight} is the lightest this setup allows."
NOTE_CANT_SET_UP = "{logged} can't be set up here: the nearest loads are {below} and {above}."
NOTE_CANT_SET_UP_END = "{logged} can't be set up here: the nearest load is {nearest}."
HELP_DUMBBELL = "A heavier dumbbell"
HELP_PLATES = "More plates"
# Why the usual step is not taken, in the middle of the message: "{verdict}, but {why}: {action}."
WHY_NOTHING_HEAVIER = "nothing heavier than {weight} can be set up"
WHY_UNDO = "going back to {lighter} would undo the step up you earned"
WHY_BIG_CUT = "the next {kind} down, {lighter}, would cut {percent} % of the load"


def _positive_plates(plates) -> tuple[Decimal, ...]:
    plates = tuple(sorted({as_decimal(p, "plate") for p in plates}, reverse=True))
    if any(p <= 0 for p in plates):
        raise ValueError("plates must be positive")
    return plates  # heaviest first, as they go on


def _add_ons(add_ons) -> tuple[Decimal, ...]:
    add_ons = tuple(sorted((as_decimal(a, "add-on") for a in add_ons), reverse=True))
    if any(a <= 0 for a in add_ons):
        raise ValueError("add-on weights must be positive")
    return add_ons


def _add_on_sums(add_ons: tuple[Decimal, ...]) -> dict[Decimal, tuple[Decimal, ...]]:
    """Every total the add-ons make (each used at most once), with the fewest pieces that make it."""
    sums: dict[Decimal, tuple[Decimal, ...]] = {Decimal(0): ()}
    for piece in add_ons:
        for total, used in list(sums.items()):
            if total + piece not in sums:
                sums[total + piece] = (*used, piece)
    return sums


@dataclass(frozen=True)
class BarbellSetup:
    """A bar and the plate denominations, loaded in pairs; any number of pairs of each is assumed."""

    bar: Decimal
    plates: tuple[Decimal, ...]
    kind: ClassVar[str] = "barbell load"

    def __post_init__(self) -> None:
        object.__setattr__(self, "bar", as_decimal(self.bar, "bar"))
        if self.bar < 0:
            raise ValueError("the bar must not be negative")
        object.__setattr__(self, "plates", _positive_plates(self.plates))


@dataclass(frozen=True)
class LandmineSetup:
    """Plates on one sleeve (Meadows row, plate-loaded T-bar): any combination, the bar not counted, so
    45 + 2.5 makes 47.5 lb. At least one plate goes on: the lightest load is the smallest plate."""

    plates: tuple[Decimal, ...]
    kind: ClassVar[str] = "landmine load"

    def __post_init__(self) -> None:
        plates = _positive_plates(self.plates)
        if not plates:
            raise ValueError("a landmine needs at least one plate")
        object.__setattr__(self, "plates", plates)


@dataclass(frozen=True)
class DumbbellSetup:
    """The dumbbell weights on the rack (any order); DumbbellSetup.every() builds an evenly stepped rack."""

    steps: tuple[Decimal, ...]
    add_ons: tuple[Decimal, ...] = field(default=(), kw_only=True)  # clip-on plates, one dumbbell's worth
    kind: ClassVar[str] = "dumbbell"

    def __post_init__(self) -> None:
        steps = tuple(sorted({as_decimal(w, "dumbbell") for w in self.steps}))
        if not steps or steps[0] <= 0:
            raise ValueError("a dumbbell rack needs at least one positive weight")
        object.__setattr__(self, "steps", steps)
        object.__setattr__(self, "add_ons", _add_ons(self.add_ons))

    @classmethod
    def every(cls, step: Decimal, *, heaviest: Decimal, lightest: Decimal | None = None, add_ons=()) -> DumbbellSetup:
        """lightest, lightest + step, ... up to heaviest (lightest defaults to the step: 5, 10, 15 ...)."""
        step, heaviest = as_decimal(step, "step"), as_decimal(heaviest, "heaviest")
        lightest = step if lightest is None else as_decimal(lightest, "lightest")
        if step <= 0 or lightest <= 0 or heaviest < lightest:
            raise ValueError("need a positive step and 0 < lightest <= heaviest")
        count = int((heaviest - lightest) // step)
        return cls(tuple(lightest + step * k for k in range(count + 1)), add_ons=tuple(add_ons))


@dataclass(frozen=True)
class StackSetup:
    """A cable or machine stack: the lightest setting (minimum), then minimum + step, minimum + 2 * step..."""

    step: Decimal
    minimum: Decimal
    add_ons: tuple[Decimal, ...] = field(default=(), kw_only=True)  # clip-on plates beside the pin
    kind: ClassVar[str] = "stack setting"

    def __post_init__(self) -> None:
        object.__setattr__(self, "step", as_decimal(self.step, "step"))
        object.__setattr__(self, "minimum", as_decimal(self.minimum, "minimum"))
        if self.step <= 0 or self.minimum < 0:
            raise ValueError("the step must be positive and the minimum not negative")
        object.__setattr__(self, "add_ons", _add_ons(self.add_ons))


@dataclass(frozen=True)
class AddedWeightSetup(StackSetup):
    """Bodyweight lifts (the pull-up): the weight is what hangs from a belt, from nothing (0) up in steps."""

    kind: ClassVar[str] = "added weight"


Setup = BarbellSetup | LandmineSetup | DumbbellSetup | StackSetup


@dataclass(frozen=True)
class LoadableRecommendation:
    """A Recommendation fitted to the equipment, with how to load it and why it differs, if it does.
    loading is empty when the weight can't be set up (a kept weight the setup can't make)."""

    weight: Decimal
    reps: int
    reason: str
    message: str
    loading: str
    note: str = ""


def lightest(setup: Setup) -> Decimal:
    if isinstance(setup, BarbellSetup):
        return setup.bar
    if isinstance(setup, LandmineSetup):
        return setup.plates[-1]
    return setup.steps[0] if isinstance(setup, DumbbellSetup) else setup.minimum


def _reach(setup: Setup) -> Decimal:
    """A span that always holds the next load above any weight (for a finite rack: all of it)."""
    if isinstance(setup, BarbellSetup):
        return 2 * setup.plates[0] if setup.plates else Decimal(0)
    if isinstance(setup, LandmineSetup):
        return setup.plates[0]
    return setup.steps[-1] + sum(setup.add_ons) if isinstance(setup, DumbbellSetup) else setup.step


def _plate_sums(plates: tuple[Decimal, ...], up_to: Decimal) -> tuple[Decimal, ...]:
    """Every total of any number of each plate, 0 included, up to up_to. Counting in integer multiples
    of the plates' common quantum is exact and also right for odd plate sets where not every multiple
    is reachable."""
    if up_to < 0:
        return ()
    if not plates:
        return (Decimal(0),)
    places = max(-min(p.as_tuple().exponent, 0) for p in plates)
    quantum = Decimal(math.gcd(*(int(p.scaleb(places)) for p in plates))).scaleb(-places)
    most = int(up_to // quantum)
    reachable = [True] + [False] * most
    for size in (int(p / quantum) for p in plates):
        for total in range(size, most + 1):
            reachable[total] = reachable[total] or reachable[total - size]
    return tuple(_tidy(quantum * k) for k, ok in enumerate(reachable) if ok)


def _tidy(weight: Decimal) -> Decimal:
    """220 rather than 220.0: same value, but it reads (and prints in a test failure) as a lifter writes it."""
    return weight.quantize(Decimal(1)) if weight == weight.to_integral_value() else weight.normalize()


def loadable_weights(setup: Setup, *, up_to: Decimal) -> tuple[Decimal, ...]:
    """Every weight the setup can make, up to and including up_to, lightest first."""
    up_to = as_decimal(up_to, "up_to")
    if isinstance(setup, DumbbellSetup | StackSetup):
        if isinstance(setup, DumbbellSetup):
            bases = tuple(w for w in setup.steps if w <= up_to)
        else:
            count = int((up_to - setup.minimum) // setup.step) if up_to >= setup.minimum else -1
            bases = tuple(setup.minimum + setup.step * k for k in range(count + 1))
        sums = _add_on_sums(setup.add_ons)
        return tuple(sorted({_tidy(b + a) for b in bases for a in sums if b + a <= up_to}))
    if isinstance(setup, LandmineSetup):
        return tuple(w for w in _plate_sums(setup.plates, up_to) if w > 0)
    if up_to < setup.bar:
        return ()
    return tuple(_tidy(setup.bar + 2 * side) for side in _plate_sums(setup.plates, (up_to - setup.bar) / 2))


def can_load(setup: Setup, weight: Decimal) -> bool:
    weight = as_decimal(weight)
    options = loadable_weights(setup, up_to=weight)
    return bool(options) and options[-1] == weight


def _around(setup: Setup, weight: Decimal) -> tuple[Decimal, ...]:
    return loadable_weights(setup, up_to=max(weight, lightest(setup)) + _reach(setup))


def nearest_loadable(setup: Setup, target: Decimal, *, direction: str = "nearest") -> Decimal:
    """The loadable weight closest to target: "up" (>=), "down" (<=) or "nearest" (a tie goes down,
    the safer miss). Past the ends of what the setup makes, the lightest or heaviest load."""
    target = as_decimal(target, "target")
    options = _around(setup, target)
    below = [w for w in options if w <= target] or [options[0]]
    above = [w for w in options if w >= target] or [options[-1]]
    if direction == "down":
        return below[-1]
    if direction == "up":
        return above[0]
    if direction != "nearest":
        raise ValueError(f'direction must be "up", "down" or "nearest", not {direction!r}')
    return below[-1] if abs(target - below[-1]) <= abs(above[0] - target) else above[0]


def plate_breakdown(setup: BarbellSetup | LandmineSetup, weight: Decimal) -> tuple[Decimal, ...]:
    """Plates for one side of a bar (or the one sleeve of a landmine), heaviest first. Greedy is how
    lifters load and is right for standard plate sets; the memoised backtracking only matters for odd
    sets (45s and 35s, no 10s: 185 = 35 + 35 each side)."""
    weight = as_decimal(weight)
    if not can_load(setup, weight):
        raise ValueError(f"{format_weight(weight)} can't be loaded with these plates")
    plates = setup.plates

    @cache
    def fill(rest: Decimal, start: int) -> tuple[Decimal, ...] | None:
        if rest == 0:
            return ()
        for i in range(start, len(plates)):
            if plates[i] <= rest and (tail := fill(rest - plates[i], i)) is not None:
                return (plates[i], *tail)
        return None

    per_side = weight if isinstance(setup, LandmineSetup) else (weight - setup.bar) / 2
    return fill(per_side, 0) or ()


def format_loading(setup: Setup, weight: Decimal, *, unit: str = "lb") -> str:
    """How to set the weight up: "45 lb bar + 45 + 25 each side", "empty 45 lb bar", "25 lb dumbbells",
    "45 + 2.5 lb on the sleeve"."""
    if isinstance(setup, AddedWeightSetup):
        return f"{format_weight(weight)} {unit} on a belt" if weight else "bodyweight only"
    if isinstance(setup, DumbbellSetup | StackSetup):
        base, pieces = _base_and_add_ons(setup, weight)
        extra = " + ".join(format_weight(p) for p in pieces)
        if isinstance(setup, DumbbellSetup):
            text = f"{format_weight(base)} {unit} dumbbells"
            return f"{text}, each with {extra} {unit} clipped on" if pieces else text
        text = f"stack pinned at {format_weight(base)} {unit}"
        return f"{text} + {extra} {unit} add-on" if pieces else text
    plates = " + ".join(format_weight(p) for p in plate_breakdown(setup, weight))
    if isinstance(setup, LandmineSetup):
        return f"{plates} {unit} on the sleeve"
    bar = f"{format_weight(setup.bar)} {unit} bar"
    return f"{bar} + {plates} each side" if plates else f"empty {bar}"


def _base_and_add_ons(setup: DumbbellSetup | StackSetup, weight: Decimal) -> tuple[Decimal, tuple[Decimal, ...]]:
    """The heaviest dumbbell or pin setting under weight that the add-ons make up to it (fewest pieces)."""
    sums = _add_on_sums(setup.add_ons)
    if isinstance(setup, DumbbellSetup):
        bases = [w for w in setup.steps if w <= weight]
    else:
        bases = list(loadable_weights(StackSetup(setup.step, setup.minimum), up_to=weight))
    for base in reversed(bases):
        if weight - base in sums:
            return base, sums[weight - base]
    return weight, ()  # not loadable: callers only format loadable weights


def _what_would_help(setup: Setup) -> str:
    return HELP_DUMBBELL if isinstance(setup, DumbbellSetup) else HELP_PLATES


def _note_cant_set_up(setup: Setup, s: SetResult, weight: Decimal, unit: str) -> str:
    options = _around(setup, weight)
    below = [w for w in options if w < weight]
    above = [w for w in options if w > weight]
    if below and above:
        return NOTE_CANT_SET_UP.format(
            logged=logged_phrase(s, unit), below=_w(below[-1], unit), above=_w(above[0], unit)
        )
    return NOTE_CANT_SET_UP_END.format(logged=logged_phrase(s, unit), nearest=_w((below or above)[-1], unit))


def _w(weight: Decimal, unit: str) -> str:
    return f"{format_weight(weight)} {unit}"


def _fit(
    p: Prescription,
    s: SetResult,
    rec: Recommendation,
    setup: Setup,
    *,
    unit: str,
    topped_out_at: Decimal | None,
    logged_range: tuple[int, int] | None = None,
    within_session: bool = False,
) -> LoadableRecommendation:
    """Fit the rule's recommendation for last set s to the setup, by the rules of the module docstring."""
    last = weight_in(s, unit)
    weight, reps, why, note, suffix = rec.weight, rec.reps, "", "", ""
    if rec.reason == Reason.NEW_RANGE:
        weight = nearest_loadable(setup, rec.weight, direction="down")
        if weight != rec.weight:
            note = NOTE_NEXT_DOWN.format(target=_w(rec.weight, unit), weight=_w(weight, unit), kind=setup.kind)
    elif rec.weight > last:
        options = [w for w in _around(setup, rec.weight) if w > last]
        heavier = next((w for w in options if w >= rec.weight), None)
        if heavier is None:
            weight, reps = last, p.rep_max
            why = WHY_NOTHING_HEAVIER.format(weight=_w(last, unit))
            note = NOTE_NOTHING_HEAVIER.format(help=_what_would_help(setup))
        else:
            weight, reps = heavier, rec.reps
            if last > 0 and heavier > last * (1 + MAX_STEP) and options[0] < heavier:
                weight, reps = options[0], p.rep_min
                percent = ((heavier - last) * 100 / last).quantize(Decimal(1), rounding=ROUND_HALF_UP)
                note = NOTE_SMALLER_STEP.format(
                    target=_w(heavier, unit), percent=percent, weight=_w(weight, unit), kind=setup.kind
                )
            elif weight != rec.weight:
                note = NOTE_NEXT_UP.format(target=_w(rec.weight, unit), weight=_w(weight, unit), kind=setup.kind)
            if within_session and not has_room(p, s, last, weight):
                held = held_step(p, s, last, weight, unit)
                weight, reps, why, suffix, note = last, held.reps, held.why, held.suffix, ""
    elif rec.weight < last:
        lower = [w for w in loadable_weights(setup, up_to=last) if w < last]
        missed = rec.reason == Reason.MISSED
        # Within a session, a lighter set for fatigue (on target or too hard) aims at Epley's weight, not
        # the decrement steps the plain rule counts in.
        lighter_today = within_session and rec.reason in (Reason.ON_TARGET, Reason.TOO_HARD)
        if missed:
            wanted = last * MISSED_CUT
        elif within_session and rec.reason in (Reason.ON_TARGET, Reason.TOO_HARD, Reason.BELOW_RANGE):
            wanted = max(fatigue_weight(p, s, last), last * MISSED_CUT)
        else:
            wanted = rec.weight
        if not lower:
            weight, reps, why = last, p.rep_min, WHY_NOTHING_LIGHTER
            if can_load(setup, last):
                note = NOTE_LIGHTEST.format(weight=_w(last, unit))
        else:
            lighter = ([w for w in lower if w <= wanted] or lower[:1])[-1]
            cut = last - lighter
            if missed:
                hold = cut > last * COARSE_CUT and 2 * s.reps >= p.rep_min
                undo = False
            elif lighter_today:  # a lighter next set today, not a step back for next time
                hold, undo = cut > last * MAX_CUT, False
            else:  # undo: from above the weight that topped out to it or below
                undo = topped_out_at is not None and lighter <= topped_out_at < last
                hold = (undo or cut > last * MAX_CUT) and 2 * s.reps >= p.rep_min
            if hold:
                weight = last
                reps = p.rep_min
                if undo:
                    why = WHY_UNDO.format(lighter=_w(lighter, unit))
                else:
                    percent = (cut * 100 / last).quantize(Decimal(1), rounding=ROUND_HALF_UP)
                    why = WHY_BIG_CUT.format(kind=setup.kind, lighter=_w(lighter, unit), percent=percent)
            else:
                weight = lighter
                if within_session and not missed:
                    suffix = FATIGUE_NOTE
                elif weight != wanted and not missed:
                    note = NOTE_NEXT_DOWN.format(target=_w(rec.weight, unit), weight=_w(weight, unit), kind=setup.kind)
    elif within_session:  # a weight the rules kept: keep their words too
        return _as_loadable(rec, setup, s, unit)
    loadable = can_load(setup, weight)
    if not loadable:  # only a kept weight can be one the setup can't make
        note = " ".join(filter(None, (_note_cant_set_up(setup, s, weight, unit), note)))
    message = describe(rec.reason, p, s, weight, reps, unit=unit, why=why, logged_range=logged_range, suffix=suffix)
    loading = format_loading(setup, weight, unit=unit) if loadable else ""
    return LoadableRecommendation(weight, reps, rec.reason, message, loading, note)


def _as_loadable(rec: Recommendation, setup: Setup, s: SetResult, unit: str) -> LoadableRecommendation:
    """The rules' own recommendation at a weight they kept, with how to load it (or why it can't be)."""
    if can_load(setup, rec.weight):
        return LoadableRecommendation(
            rec.weight, rec.reps, rec.reason, rec.message, format_loading(setup, rec.weight, unit=unit)
        )
    note = _note_cant_set_up(setup, s, rec.weight, unit)
    return LoadableRecommendation(rec.weight, rec.reps, rec.reason, rec.message, "", note)


def _as_weight(value: Decimal | int | None) -> Decimal | None:
    return None if value is None else as_decimal(value, "topped_out_at")


def recommend_loadable(
    prescription: Prescription,
    last_set: SetResult,
    setup: Setup,
    *,
    unit: str = "lb",
    topped_out_at: Decimal | None = None,
    earlier: Sequence[SetResult] = (),
) -> LoadableRecommendation:
    """recommend_next, fitted to the equipment. The reason stays the method's verdict; the message says
    why when the usual step can't be taken, the note when the weight differs from the rule's arithmetic.
    topped_out_at is the weight (in unit) at which the lifter last reached the top of the range; earlier
    the exercise's earlier working sets of this session, oldest first. After a second miss in a row the
    weight is where the next session starts, fitted as recommend_loadable_session_start fits it."""
    earlier = tuple(earlier)
    rec = recommend_next(prescription, last_set, unit=unit, earlier=earlier)
    earned = earned_weight(prescription, last_set, unit=unit)
    held = rec.reason in (Reason.TOP_OF_RANGE, Reason.TOO_EASY_ADD_WEIGHT) and rec.weight == weight_in(last_set, unit)
    if earned is not None and held:
        # The plain rule kept the weight because its step would not leave room today; the equipment may
        # offer a smaller step that does, so fit the earned weight and ask again.
        rec = replace(rec, weight=earned)
    if rec.reason == Reason.STOP_FOR_TODAY:
        start = recommend_loadable_session_start(
            prescription, (*earlier, last_set), setup, unit=unit, topped_out_at=topped_out_at
        )
        assert start is not None  # there were sets
        message = describe(Reason.STOP_FOR_TODAY, prescription, last_set, start.weight, start.reps, unit=unit)
        return LoadableRecommendation(start.weight, start.reps, rec.reason, message, start.loading, start.note)
    return _fit(
        prescription,
        last_set,
        rec,
        setup,
        unit=unit,
        topped_out_at=_as_weight(topped_out_at),
        within_session=True,
    )


def recommend_loadable_session_start(
    prescription: Prescription,
    sets: Sequence[SetResult],
    setup: Setup,
    *,
    unit: str = "lb",
    logged_range: tuple[int, int] | None = None,
    topped_out_at: Decimal | None = None,
) -> LoadableRecommendation | None:
    """recommend_session_start, fitted to the equipment (None: no sets)."""
    rec = _plain_session_start(prescription, sets, unit=unit, logged_range=logged_range)
    if rec is None:
        return None
    s = best_set(prescription, sets, unit=unit, logged_range=logged_range)
    assert s is not None  # a recommendation means there was a set
    logged_range = tuple(logged_range) if rec.reason == Reason.NEW_RANGE else None
    return _fit(
        prescription,
        s,
        rec,
        setup,
        unit=unit,
        topped_out_at=_as_weight(topped_out_at),
        logged_range=logged_range,
    )
