"""Turning a recommended weight into one the lifter can actually set up.

progression.py works in exact numbers and would prescribe 227 lb; a gym has plates in pairs,
a rack of fixed dumbbells and pin stacks. Rounding must never break the recommendation's
promise: an increase stays an increase and a decrease stays a decrease. When the smallest
jump the equipment allows is too big (light dumbbell and cable work), reps go up instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import ClassVar

from training_log.services.progression import (
    Prescription,
    SetResult,
    as_decimal,
    describe,
    format_weight,
    recommend_next,
    reps_phrase,
)

DEFAULT_PLATES_LB = tuple(Decimal(p) for p in ("45", "35", "25", "10", "5", "2.5"))
DEFAULT_PLATES_KG = tuple(Decimal(p) for p in ("25", "20", "15", "10", "5", "2.5", "1.25"))
DEFAULT_BAR = {"lb": Decimal("45"), "kg": Decimal("20")}
DEFAULT_DUMBBELL_STEP = {"lb": Decimal("5"), "kg": Decimal("2.5")}
DEFAULT_HEAVIEST_DUMBBELL = {"lb": Decimal("150"), "kg": Decimal("70")}
# Above this relative jump the next load is unlikely to give rep_min reps; see _jump_too_big.
MAX_JUMP = Decimal("0.10")

NOTE_ROUNDED = "{target} {unit} can't be loaded: using {weight} {unit}, the nearest loadable weight."
# {way} is "heavier" for an increase that rounding would have cancelled, "lighter" for a decrease.
NOTE_ROUNDED_AWAY = "{target} {unit} would round to {rounded} {unit}, no {way} than last time: using {weight} {unit}."
NOTE_LIGHTEST = "{weight} {unit} is the lightest this setup allows: stay there until the reps come back."
REPS_FIRST_JUMP = "the next {kind} up is {percent} % heavier"
REPS_FIRST_CEILING = "nothing heavier than {weight} {unit} can be loaded"
NOTE_REPS_FIRST = "{why}: add reps first."
MESSAGE_REPS_FIRST = (
    "{done} at {weight} {unit} earned more weight, but {why}: stay at {weight} {unit} and aim for {aim}."
)


@dataclass(frozen=True)
class BarbellSetup:
    """A bar and the plate denominations, loaded in pairs; any number of pairs of each is assumed."""

    bar: Decimal
    plates: tuple[Decimal, ...]
    kind: ClassVar[str] = "barbell load"

    def __post_init__(self) -> None:
        object.__setattr__(self, "bar", as_decimal(self.bar, "bar"))
        plates = tuple(sorted({as_decimal(p, "plate") for p in self.plates}, reverse=True))
        if self.bar < 0 or any(p <= 0 for p in plates):
            raise ValueError("the bar must not be negative and plates must be positive")
        object.__setattr__(self, "plates", plates)  # heaviest first, as they go on the bar


@dataclass(frozen=True)
class DumbbellSetup:
    """The dumbbell weights on the rack (any order); DumbbellSetup.every() builds an evenly stepped rack."""

    steps: tuple[Decimal, ...]
    kind: ClassVar[str] = "dumbbell"

    def __post_init__(self) -> None:
        steps = tuple(sorted({as_decimal(w, "dumbbell") for w in self.steps}))
        if not steps or steps[0] <= 0:
            raise ValueError("a dumbbell rack needs at least one positive weight")
        object.__setattr__(self, "steps", steps)

    @classmethod
    def every(cls, step: Decimal, *, heaviest: Decimal) -> DumbbellSetup:
        count = int(as_decimal(heaviest) // as_decimal(step))
        return cls(tuple(step * k for k in range(1, count + 1)))


@dataclass(frozen=True)
class StackSetup:
    """A cable or machine stack: minimum, then minimum + step, minimum + 2 * step, ..."""

    step: Decimal
    minimum: Decimal
    kind: ClassVar[str] = "stack setting"

    def __post_init__(self) -> None:
        object.__setattr__(self, "step", as_decimal(self.step, "step"))
        object.__setattr__(self, "minimum", as_decimal(self.minimum, "minimum"))
        if self.step <= 0 or self.minimum < 0:
            raise ValueError("the step must be positive and the minimum not negative")


Setup = BarbellSetup | DumbbellSetup | StackSetup


@dataclass(frozen=True)
class LoadableRecommendation:
    """A Recommendation rounded to the equipment, with how to load it and why it differs, if it does."""

    weight: Decimal
    reps: int
    reason: str
    message: str
    loading: str
    note: str = ""


def default_barbell(unit: str = "lb") -> BarbellSetup:
    return BarbellSetup(DEFAULT_BAR[unit], DEFAULT_PLATES_LB if unit == "lb" else DEFAULT_PLATES_KG)


def default_dumbbells(unit: str = "lb") -> DumbbellSetup:
    return DumbbellSetup.every(DEFAULT_DUMBBELL_STEP[unit], heaviest=DEFAULT_HEAVIEST_DUMBBELL[unit])


def lightest(setup: Setup) -> Decimal:
    if isinstance(setup, BarbellSetup):
        return setup.bar
    return setup.steps[0] if isinstance(setup, DumbbellSetup) else setup.minimum


def _reach(setup: Setup) -> Decimal:
    """A span that always holds the next load above any weight (for a finite rack: all of it)."""
    if isinstance(setup, BarbellSetup):
        return 2 * setup.plates[0] if setup.plates else Decimal(0)
    return setup.steps[-1] if isinstance(setup, DumbbellSetup) else setup.step


def _barbell_weights(setup: BarbellSetup, up_to: Decimal) -> tuple[Decimal, ...]:
    """Every bar + pairs total up to up_to. Counting per-side sums in integer multiples of the plates'
    common quantum is exact and also right for odd plate sets where not every multiple is reachable."""
    if up_to < setup.bar:
        return ()
    if not setup.plates:
        return (setup.bar,)
    places = max(-min(p.as_tuple().exponent, 0) for p in setup.plates)
    quantum = Decimal(math.gcd(*(int(p.scaleb(places)) for p in setup.plates))).scaleb(-places)
    most = int((up_to - setup.bar) / 2 // quantum)
    reachable = [True] + [False] * most
    for size in (int(p / quantum) for p in setup.plates):
        for total in range(size, most + 1):
            reachable[total] = reachable[total] or reachable[total - size]
    return tuple(setup.bar + 2 * quantum * k for k, ok in enumerate(reachable) if ok)


def loadable_weights(setup: Setup, *, up_to: Decimal) -> tuple[Decimal, ...]:
    """Every weight the setup can make, up to and including up_to, lightest first."""
    up_to = as_decimal(up_to, "up_to")
    if isinstance(setup, DumbbellSetup):
        return tuple(w for w in setup.steps if w <= up_to)
    if isinstance(setup, StackSetup):
        count = int((up_to - setup.minimum) // setup.step) if up_to >= setup.minimum else -1
        return tuple(setup.minimum + setup.step * k for k in range(count + 1))
    return _barbell_weights(setup, up_to)


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


def plate_breakdown(setup: BarbellSetup, weight: Decimal) -> tuple[Decimal, ...]:
    """Plates for one side, heaviest first. Greedy is how lifters load and is right for standard plate
    sets; the memoised backtracking only matters for odd sets (45s and 35s, no 10s: 185 = 35 + 35)."""
    weight = as_decimal(weight)
    if weight not in loadable_weights(setup, up_to=weight):
        raise ValueError(f"{format_weight(weight)} can't be loaded on this bar with these plates")
    plates = setup.plates

    @cache
    def fill(rest: Decimal, start: int) -> tuple[Decimal, ...] | None:
        if rest == 0:
            return ()
        for i in range(start, len(plates)):
            if plates[i] <= rest and (tail := fill(rest - plates[i], i)) is not None:
                return (plates[i], *tail)
        return None

    return fill((weight - setup.bar) / 2, 0) or ()


def format_loading(setup: Setup, weight: Decimal, *, unit: str = "lb") -> str:
    """How to set the weight up: "45 lb bar + 45 + 25 each side", "empty 45 lb bar", "25 lb dumbbells"."""
    if isinstance(setup, DumbbellSetup):
        return f"{format_weight(weight)} {unit} dumbbells"
    if isinstance(setup, StackSetup):
        return f"stack pinned at {format_weight(weight)} {unit}"
    bar = f"{format_weight(setup.bar)} {unit} bar"
    plates = plate_breakdown(setup, weight)
    return f"{bar} + {' + '.join(format_weight(p) for p in plates)} each side" if plates else f"empty {bar}"


def _jump_too_big(p: Prescription, s: SetResult, heavier: Decimal) -> bool:
    """More than MAX_JUMP heavier, unless Epley on reps + RIR says the lifter would still get rep_min
    reps at heavier stopping rir_max short. That escape ends the rep climb once strength has caught up."""
    last = s.weight
    if last == 0 or heavier - last <= last * MAX_JUMP:
        return False
    return heavier * (30 + p.rep_min + p.rir_max) > last * (30 + s.reps + s.rir)


def _note_away(target: Decimal, rounded: Decimal, used: Decimal, way: str, unit: str) -> str:
    w = format_weight
    return NOTE_ROUNDED_AWAY.format(target=w(target), rounded=w(rounded), weight=w(used), way=way, unit=unit)


def recommend_loadable(
    prescription: Prescription, last_set: SetResult, setup: Setup, *, unit: str = "lb"
) -> LoadableRecommendation:
    """recommend_next, rounded to the equipment. The reason stays the method's verdict; when the weight
    or reps differ from that verdict's plain arithmetic, note says why. A last weight the setup can't
    make stands for its nearest loadable weight when the verdict keeps the weight."""
    p, s = prescription, last_set
    rec = recommend_next(p, s, unit=unit)
    last, reps, note, message = s.weight, rec.reps, "", None
    weight = nearest_loadable(setup, rec.weight)
    if rec.weight > last:
        heavier = next((w for w in _around(setup, last) if w > last), None)
        if heavier is None or _jump_too_big(p, s, heavier):
            weight, reps = nearest_loadable(setup, last), max(s.reps + 1, s.reps + s.rir - p.rir_max)
            if heavier is None:
                why = REPS_FIRST_CEILING.format(weight=format_weight(weight), unit=unit)
            else:
                percent = ((heavier - last) * 100 / last).quantize(Decimal(1), rounding=ROUND_HALF_UP)
                why = REPS_FIRST_JUMP.format(kind=setup.kind, percent=percent)
            note = NOTE_REPS_FIRST.format(why=why)
            message = MESSAGE_REPS_FIRST.format(
                done=reps_phrase(s.reps), weight=format_weight(weight), unit=unit, why=why, aim=reps_phrase(reps)
            )
        elif weight <= last:
            note, weight = _note_away(rec.weight, weight, heavier, "heavier", unit), heavier
    elif rec.weight < last and weight >= last:
        lighter = [w for w in loadable_weights(setup, up_to=last) if w < last]
        if lighter:
            note, weight = _note_away(rec.weight, weight, lighter[-1], "lighter", unit), lighter[-1]
        else:
            weight = lightest(setup)
            note = NOTE_LIGHTEST.format(weight=format_weight(weight), unit=unit)
    if weight != rec.weight and not note:
        note = NOTE_ROUNDED.format(target=format_weight(rec.weight), weight=format_weight(weight), unit=unit)
    if message is None:
        message = describe(rec.reason, p, s, weight, reps, unit=unit)
    return LoadableRecommendation(weight, reps, rec.reason, message, format_loading(setup, weight, unit=unit), note)
