"""Rounding recommendations to plates, dumbbells and stacks without breaking what they promise."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.training_log.strategies import decimals, prescriptions
from training_log.services import loads
from training_log.services.loads import (
    DEFAULT_PLATES_KG,
    DEFAULT_PLATES_LB,
    BarbellSetup,
    DumbbellSetup,
    StackSetup,
    default_barbell,
    default_dumbbells,
    format_loading,
    loadable_weights,
    nearest_loadable,
    plate_breakdown,
    recommend_loadable,
)
from training_log.services.progression import (
    MESSAGE_BELOW_RANGE_FLOOR,
    Prescription,
    SetResult,
    format_weight,
    recommend_next,
)

D = Decimal
BARBELL_LB = default_barbell("lb")
BARBELL_KG = default_barbell("kg")
DUMBBELLS_LB = default_dumbbells("lb")
DEADLIFT = Prescription(rep_min=4, rep_max=6, increment=D("10"), decrement=D("5"))
DEADLIFT_KG = Prescription(rep_min=4, rep_max=6, increment=D("5"), decrement=D("2.5"))
MICRO = Prescription(rep_min=4, rep_max=6, increment=D("2"), decrement=D("2"))
CURL = Prescription(rep_min=8, rep_max=12, increment=D("5"), decrement=D("5"))
PUSHDOWN = Prescription(rep_min=10, rep_max=15, increment=D("5"), decrement=D("5"))

PROPERTY = settings(max_examples=300, deadline=None, database=None)


def test_defaults_are_standard_gym_equipment():
    assert tuple(D(p) for p in ("45", "35", "25", "10", "5", "2.5")) == DEFAULT_PLATES_LB
    assert tuple(D(p) for p in ("25", "20", "15", "10", "5", "2.5", "1.25")) == DEFAULT_PLATES_KG
    assert (BARBELL_LB.bar, BARBELL_KG.bar) == (D("45"), D("20"))
    assert DUMBBELLS_LB.steps[:3] == (D("5"), D("10"), D("15"))
    assert default_dumbbells("kg").steps[:3] == (D("2.5"), D("5"), D("7.5"))


def test_plate_breakdown_of_225_is_a_plate_and_a_plate_each_side():
    assert plate_breakdown(BARBELL_LB, D("225")) == (D("45"), D("45"))


@pytest.mark.parametrize(
    ("setup", "weight", "unit", "text"),
    [
        (BARBELL_LB, D("185"), "lb", "45 lb bar + 45 + 25 each side"),
        (BARBELL_LB, D("225"), "lb", "45 lb bar + 45 + 45 each side"),
        (BARBELL_LB, D("235"), "lb", "45 lb bar + 45 + 45 + 5 each side"),
        (BARBELL_LB, D("45"), "lb", "empty 45 lb bar"),
        (BARBELL_KG, D("102.5"), "kg", "20 kg bar + 25 + 15 + 1.25 each side"),
        (DUMBBELLS_LB, D("25"), "lb", "25 lb dumbbells"),
        (StackSetup(D("10"), D("10")), D("50"), "lb", "stack pinned at 50 lb"),
    ],
)
def test_loading_says_how_to_set_the_weight_up(setup, weight, unit, text):
    assert format_loading(setup, weight, unit=unit) == text


def test_micro_plates_go_on_last():
    with_micro = BarbellSetup(D("45"), (D("1.25"), *DEFAULT_PLATES_LB))
    assert format_loading(with_micro, D("232.5")) == "45 lb bar + 45 + 45 + 2.5 + 1.25 each side"


def test_odd_plate_sets_backtrack_where_greedy_would_leave_a_gap():
    no_tens = BarbellSetup(D("45"), (D("45"), D("35")))
    assert plate_breakdown(no_tens, D("185")) == (D("35"), D("35"))
    assert loadable_weights(no_tens, up_to=D("200")) == (D("45"), D("115"), D("135"), D("185"))


def test_a_weight_the_plates_cannot_make_is_refused():
    with pytest.raises(ValueError):
        plate_breakdown(BARBELL_LB, D("226"))
    with pytest.raises(ValueError):
        plate_breakdown(BARBELL_LB, D("40"))


@pytest.mark.parametrize(
    ("setup", "target", "direction", "expected"),
    [
        (BARBELL_LB, D("232"), "nearest", D("230")),
        (BARBELL_LB, D("232"), "up", D("235")),
        (BARBELL_LB, D("233"), "down", D("230")),
        (BARBELL_LB, D("232.5"), "nearest", D("230")),  # a tie goes down
        (BARBELL_LB, D("20"), "down", D("45")),  # never below the empty bar
        (DUMBBELLS_LB, D("500"), "up", D("150")),  # past the end of the rack
        (StackSetup(D("7.5"), D("10")), D("31"), "nearest", D("32.5")),
    ],
)
def test_nearest_loadable_rounds_in_the_direction_asked(setup, target, direction, expected):
    assert nearest_loadable(setup, target, direction=direction) == expected


def test_unknown_rounding_direction_is_refused():
    with pytest.raises(ValueError):
        nearest_loadable(BARBELL_LB, D("100"), direction="sideways")


def test_setups_refuse_impossible_equipment():
    with pytest.raises(ValueError):
        DumbbellSetup(())
    with pytest.raises(ValueError):
        BarbellSetup(D("45"), (D("-5"),))
    with pytest.raises(ValueError):
        StackSetup(D("0"), D("10"))
    with pytest.raises(TypeError):
        BarbellSetup(45.0, DEFAULT_PLATES_LB)


def test_loadable_deadlift_keeps_the_method_and_shows_the_plates():
    rec = recommend_loadable(DEADLIFT, SetResult(D("225"), 6, 2), BARBELL_LB, unit="lb")
    assert (rec.weight, rec.reps, rec.reason, rec.note) == (D("235"), 4, "top_of_range", "")
    assert rec.message == recommend_next(DEADLIFT, SetResult(D("225"), 6, 2)).message
    assert rec.loading == "45 lb bar + 45 + 45 + 5 each side"


@pytest.mark.parametrize(
    ("last_set", "weight", "loading"),
    [
        (SetResult(D("100"), 6, 2), D("105"), "20 kg bar + 25 + 15 + 2.5 each side"),
        (SetResult(D("105"), 3, 2), D("102.5"), "20 kg bar + 25 + 15 + 1.25 each side"),
    ],
)
def test_kg_barbell_loads_the_kg_steps_exactly(last_set, weight, loading):
    rec = recommend_loadable(DEADLIFT_KG, last_set, BARBELL_KG, unit="kg")
    assert (rec.weight, rec.loading, rec.note) == (weight, loading, "")


def test_rounding_never_cancels_an_increase():
    rec = recommend_loadable(MICRO, SetResult(D("225"), 6, 2), BARBELL_LB)
    assert (rec.weight, rec.reps, rec.reason) == (D("230"), 4, "top_of_range")
    assert rec.note == loads.NOTE_ROUNDED_AWAY.format(
        target="227", rounded="225", way="heavier", weight="230", unit="lb"
    )
    assert rec.message == "6 reps at 225 lb reached the top of 4-6: add 5 lb, aim for at least 4 reps at 230 lb."


def test_rounding_never_cancels_a_decrease():
    rec = recommend_loadable(MICRO, SetResult(D("225"), 3, 2), BARBELL_LB)
    assert (rec.weight, rec.reason) == (D("220"), "below_range")
    assert rec.note == loads.NOTE_ROUNDED_AWAY.format(
        target="223", rounded="225", way="lighter", weight="220", unit="lb"
    )


def test_rounding_a_stack_increase_goes_to_the_next_pin():
    rec = recommend_loadable(PUSHDOWN, SetResult(D("150"), 15, 2), StackSetup(D("10"), D("10")))
    assert (rec.weight, rec.reps, rec.loading) == (D("160"), 10, "stack pinned at 160 lb")


def test_decrease_at_the_empty_bar_stays_on_the_empty_bar():
    rec = recommend_loadable(DEADLIFT, SetResult(D("45"), 2, 2), BARBELL_LB)
    assert (rec.weight, rec.loading) == (D("45"), "empty 45 lb bar")
    assert rec.note == loads.NOTE_LIGHTEST.format(weight="45", unit="lb")
    assert rec.message == MESSAGE_BELOW_RANGE_FLOOR.format(
        done="2 reps", weight="45", unit="lb", range="4-6", new="45", aim="4 reps"
    )


def test_decrease_never_goes_below_the_empty_bar():
    deep_cut = Prescription(rep_min=4, rep_max=6, increment=D("10"), decrement=D("20"))
    assert recommend_loadable(deep_cut, SetResult(D("55"), 2, 2), BARBELL_LB).weight == D("45")


def test_kept_weight_snaps_to_the_nearest_loadable_and_says_so():
    rec = recommend_loadable(DEADLIFT, SetResult(D("226"), 5, 2), BARBELL_LB)
    assert (rec.weight, rec.reps, rec.reason) == (D("225"), 6, "on_target")
    assert rec.note == loads.NOTE_ROUNDED.format(target="226", weight="225", unit="lb")


def test_light_dumbbell_adds_reps_first_when_the_next_one_is_more_than_ten_percent_heavier():
    rec = recommend_loadable(CURL, SetResult(D("20"), 12, 2), DUMBBELLS_LB)
    assert (rec.weight, rec.reps, rec.reason) == (D("20"), 13, "top_of_range")
    assert rec.note == "the next dumbbell up is 25 % heavier: add reps first."
    assert rec.message == (
        "12 reps at 20 lb earned more weight, but the next dumbbell up is 25 % heavier: "
        "stay at 20 lb and aim for 13 reps."
    )


def test_reps_first_aims_for_the_reps_a_too_easy_set_was_worth():
    rec = recommend_loadable(CURL, SetResult(D("20"), 11, 5), DUMBBELLS_LB)
    assert (rec.weight, rec.reps, rec.reason) == (D("20"), 14, "too_easy_add_weight")


def test_reps_first_ends_once_the_heavier_dumbbell_should_still_give_the_bottom_of_the_range():
    # Epley on 18 reps + 2 RIR at 20 lb predicts 8 reps at 25 lb stopping 2 short: take the jump.
    rec = recommend_loadable(CURL, SetResult(D("20"), 18, 2), DUMBBELLS_LB)
    assert (rec.weight, rec.reps, rec.note) == (D("25"), 8, "")


def test_heavy_dumbbell_steps_are_small_enough_to_take():
    rec = recommend_loadable(CURL, SetResult(D("100"), 12, 2), DUMBBELLS_LB)
    assert (rec.weight, rec.reps, rec.loading) == (D("105"), 8, "105 lb dumbbells")


def test_top_of_the_rack_adds_reps_instead():
    rack = DumbbellSetup.every(D("5"), heaviest=D("50"))
    rec = recommend_loadable(CURL, SetResult(D("50"), 12, 2), rack)
    assert (rec.weight, rec.reps) == (D("50"), 13)
    assert rec.note == "nothing heavier than 50 lb can be loaded: add reps first."


def test_light_cable_adds_reps_first():
    rec = recommend_loadable(PUSHDOWN, SetResult(D("30"), 15, 2), StackSetup(D("10"), D("10")))
    assert (rec.weight, rec.reps) == (D("30"), 16)
    assert rec.note == "the next stack setting up is 33 % heavier: add reps first."


def test_empty_bar_adds_reps_until_the_first_small_jump_is_earned():
    assert recommend_loadable(DEADLIFT, SetResult(D("45"), 6, 2), BARBELL_LB).weight == D("45")
    rec = recommend_loadable(DEADLIFT, SetResult(D("45"), 8, 2), BARBELL_LB)
    assert (rec.weight, rec.loading) == (D("55"), "45 lb bar + 5 each side")


# --- properties -------------------------------------------------------------------------------------------------------

SETUPS = [
    (BARBELL_LB, "lb"),
    (BARBELL_KG, "kg"),
    (DUMBBELLS_LB, "lb"),
    (default_dumbbells("kg"), "kg"),
    (StackSetup(D("5"), D("5")), "lb"),
    (StackSetup(D("2.5"), D("10")), "kg"),
    (BarbellSetup(D("45"), (D("45"), D("35"))), "lb"),
]
LOADABLE = {setup: loadable_weights(setup, up_to=D("700")) for setup, _ in SETUPS}


@st.composite
def loadable_sets(draw):
    """A setup, its unit, and a set done at a weight that setup can make."""
    setup, unit = draw(st.sampled_from(SETUPS))
    weight = draw(st.sampled_from(LOADABLE[setup]))
    return setup, unit, SetResult(weight, draw(st.integers(0, 30)), draw(st.integers(0, 10)))


@PROPERTY
@given(prescriptions(), decimals(0, 4000), st.integers(0, 30), st.integers(0, 10), st.sampled_from(["lb", "kg"]))
def test_barbell_never_goes_below_the_empty_bar(prescription, weight, reps, rir, unit):
    setup = default_barbell(unit)
    assert recommend_loadable(prescription, SetResult(weight, reps, rir), setup, unit=unit).weight >= setup.bar


@PROPERTY
@given(prescriptions(), loadable_sets())
def test_rounding_keeps_the_direction_of_the_recommendation(prescription, case):
    setup, unit, last_set = case
    plain = recommend_next(prescription, last_set, unit=unit)
    rec = recommend_loadable(prescription, last_set, setup, unit=unit)
    assert rec.reason == plain.reason
    if plain.weight > last_set.weight:
        reps_first = rec.weight == last_set.weight and rec.reps > last_set.reps and "add reps first" in rec.note
        assert rec.weight > last_set.weight or reps_first
    elif plain.weight < last_set.weight:
        assert rec.weight < last_set.weight or rec.weight == last_set.weight == LOADABLE[setup][0]
    else:
        assert (rec.weight, rec.reps, rec.message) == (plain.weight, plain.reps, plain.message)


@PROPERTY
@given(prescriptions(), loadable_sets())
def test_loadable_weight_is_one_the_setup_can_make_and_the_message_names_it(prescription, case):
    setup, unit, last_set = case
    rec = recommend_loadable(prescription, last_set, setup, unit=unit)
    assert rec.weight in loadable_weights(setup, up_to=rec.weight)
    assert f"{format_weight(rec.weight)} {unit}" in rec.message
    if isinstance(setup, BarbellSetup):
        assert setup.bar + 2 * sum(plate_breakdown(setup, rec.weight)) == rec.weight
    else:
        assert f"{format_weight(rec.weight)} {unit}" in rec.loading


@PROPERTY
@given(prescriptions(), loadable_sets())
def test_top_of_range_never_loads_less_than_the_set(prescription, case):
    setup, unit, last_set = case
    top = SetResult(last_set.weight, max(last_set.reps, prescription.rep_max), last_set.rir)
    assert recommend_loadable(prescription, top, setup, unit=unit).weight >= top.weight
