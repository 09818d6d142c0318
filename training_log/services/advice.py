"""Glue between what is stored (an athlete's equipment, an exercise's steps, logged sets) and the pure
progression and loading rules. No queries here: callers pass what they fetched."""

from decimal import Decimal

from .loads import (
    DEFAULT_HEAVIEST_DUMBBELL,
    BarbellSetup,
    DumbbellSetup,
    LoadableRecommendation,
    Setup,
    StackSetup,
    recommend_loadable,
)
from .progression import Prescription, SetResult, convert

STACK_STEP = {"lb": Decimal("5"), "kg": Decimal("2.5")}


def setup_for(exercise, athlete) -> Setup:
    """The loads this athlete can set up for this exercise, in the athlete's unit."""
    unit = athlete.unit
    if exercise.equipment == "barbell":
        # A one-arm barbell row (Meadows) is loaded at one end only: the plates are the load.
        bar = Decimal(0) if exercise.is_unilateral else athlete.bar_weight
        return BarbellSetup(bar=bar, plates=tuple(athlete.plate_list))
    if exercise.equipment == "dumbbell":
        return DumbbellSetup.every(athlete.dumbbell_step, heaviest=DEFAULT_HEAVIEST_DUMBBELL[unit])
    return StackSetup(step=STACK_STEP[unit], minimum=STACK_STEP[unit])


def prescription_for(item, exercise, unit: str) -> Prescription:
    """The item's own load steps when it has them (converted to the athlete's unit), else the exercise's."""
    if item.increment and item.load_unit:
        increment = convert(item.increment, item.load_unit, unit)
        decrement = convert(item.decrement or item.increment, item.load_unit, unit)
    else:
        increment = getattr(exercise, f"increment_{unit}")
        decrement = getattr(exercise, f"decrement_{unit}")
    return Prescription(
        rep_min=item.rep_min,
        rep_max=item.rep_max,
        increment=Decimal(increment),
        decrement=Decimal(decrement),
        rir_min=item.rir_min,
        rir_max=item.rir_max,
    )


def as_result(logged_set, unit: str) -> SetResult:
    """A logged set in the athlete's current unit. No reps is failure: RIR 0, whatever was typed."""
    rir = logged_set.rir if logged_set.reps else 0
    return SetResult(weight=convert(logged_set.weight, logged_set.unit, unit), reps=logged_set.reps, rir=rir)


def show_loading(exercise) -> bool:
    """Plate maths helps on a two-ended barbell; a stack or a dumbbell rack speaks for itself."""
    return exercise.equipment == "barbell" and not exercise.is_unilateral


def next_set(item, exercise, athlete, last_set) -> LoadableRecommendation | None:
    """What the next set of this exercise should be, given the last working set (None: no history)."""
    if last_set is None:
        return None
    unit = athlete.unit
    return recommend_loadable(
        prescription_for(item, exercise, unit), as_result(last_set, unit), setup_for(exercise, athlete), unit=unit
    )
