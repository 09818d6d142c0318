"""Glue between what is stored (an athlete's equipment, an exercise's steps, logged sets) and the pure
progression and loading rules. No queries here: callers pass what they fetched.

The equipment comes from the athlete's settings only; its defaults live once, in accounts.models.DEFAULT_SETUP.
"""

from decimal import Decimal

from .loads import (
    AddedWeightSetup,
    BarbellSetup,
    DumbbellSetup,
    LandmineSetup,
    LoadableRecommendation,
    Setup,
    StackSetup,
    recommend_loadable,
    recommend_loadable_session_start,
)
from .progression import Prescription, SetResult, convert, is_missed

# Library rows loaded with plates at one end of a bar anchored at the other (a landmine). A one-arm
# barbell exercise a user adds is loaded that way too; see is_landmine.
LANDMINE_SLUGS = frozenset({"meadows-row", "t-bar-row"})


def is_landmine(exercise) -> bool:
    return exercise.slug in LANDMINE_SLUGS or (exercise.equipment == "barbell" and exercise.is_unilateral)


def setup_for(exercise, athlete) -> Setup:
    """The loads this athlete can set up for this exercise, in the athlete's unit, from their settings."""
    if is_landmine(exercise):
        # Plates on one sleeve: the bar's own weight is not counted, 45 + 2.5 makes 47.5.
        return LandmineSetup(tuple(athlete.plate_list))
    if exercise.equipment == "barbell":
        return BarbellSetup(bar=athlete.bar_weight, plates=tuple(athlete.plate_list))
    if exercise.equipment == "dumbbell":
        return DumbbellSetup(tuple(athlete.dumbbell_list))
    if exercise.equipment == "bodyweight":
        # The logged weight is what is added on a belt: from none, in the exercise's own steps.
        return AddedWeightSetup(step=Decimal(getattr(exercise, f"increment_{athlete.unit}")), minimum=Decimal(0))
    return StackSetup(step=athlete.cable_step, minimum=athlete.cable_lightest)


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


def drives_advice(logged_set) -> bool:
    """A working set with its RIR. A warm-up never drives advice, and neither does a set imported from an
    app without RPE: the method judges a set by how far from failure it stopped, and that is unknown."""
    return not logged_set.is_warmup and logged_set.rir is not None


def as_result(logged_set) -> SetResult:
    """A logged set as it was logged (its own unit: messages quote it so). No reps was failure, whatever
    RIR an older row carries. Only for a set with its RIR (drives_advice)."""
    if logged_set.rir is None:
        raise ValueError("a set without RIR cannot drive advice")
    rir = logged_set.rir if logged_set.reps else 0
    return SetResult(weight=logged_set.weight, reps=logged_set.reps, rir=rir, unit=logged_set.unit)


def show_loading(exercise) -> bool:
    """Plate maths helps on a barbell and a landmine, and a belt says what hangs from it; a stack or a
    dumbbell rack speaks for itself."""
    return exercise.equipment in ("barbell", "bodyweight") or is_landmine(exercise)


def next_set(
    item, exercise, athlete, last_set, *, topped_out: Decimal | None = None, earlier=()
) -> LoadableRecommendation | None:
    """The next set of this exercise within a session, from the last working set (None: no set yet, or
    it has no RIR). earlier: the session's earlier working sets of the exercise, oldest first; those with a
    RIR let two missed sets in a row stop the lift for today."""
    if last_set is None or last_set.rir is None:
        return None
    unit = athlete.unit
    prescription, result = prescription_for(item, exercise, unit), as_result(last_set)
    # The earlier sets matter only after a miss (a second in a row stops the lift): read them only then.
    if is_missed(prescription, result):
        earlier = [as_result(logged) for logged in earlier if drives_advice(logged)]
    else:
        earlier = ()
    return recommend_loadable(
        prescription, result, setup_for(exercise, athlete), unit=unit, topped_out_at=topped_out, earlier=earlier
    )


def session_start(
    item, exercise, athlete, last_sets, *, logged_range: tuple[int, int] | None, topped_out: Decimal | None = None
) -> LoadableRecommendation | None:
    """The first set of a session from the working sets of the exercise's last session that have a RIR,
    logged under logged_range (rep_min, rep_max). None: no history, or none of those sets has a RIR."""
    sets = [as_result(logged) for logged in last_sets if drives_advice(logged)]
    if not sets:
        return None
    unit = athlete.unit
    return recommend_loadable_session_start(
        prescription_for(item, exercise, unit),
        sets,
        setup_for(exercise, athlete),
        unit=unit,
        logged_range=logged_range,
        topped_out_at=topped_out,
    )
