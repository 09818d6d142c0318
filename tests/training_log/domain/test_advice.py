"""From what is stored (the athlete's equipment, the exercise's steps, a logged set) to the next set."""

from decimal import Decimal

import pytest

from accounts.models import DEFAULT_SETUP
from exercises.models import Exercise
from tests.factories import UserFactory
from training_log.domain import advice
from training_log.domain.loads import BarbellSetup, DumbbellSetup, LandmineSetup, StackSetup
from training_log.domain.progression import Reason
from training_log.models import SessionExercise, SetLog

D = Decimal


@pytest.fixture
def exercises(library):
    return {exercise.slug: exercise for exercise in Exercise.objects.all()}


def _lifter(unit="lb", **overrides):
    return UserFactory.build(unit=unit, **(DEFAULT_SETUP[unit] | overrides))


def _item(exercise, **overrides):
    values = {"sets": 3, "rep_min": exercise.rep_min, "rep_max": exercise.rep_max} | overrides
    return SessionExercise(exercise=exercise, **values)


def item_range(item):
    return (item.rep_min, item.rep_max)


def _logged(weight, reps, rir, unit="lb", is_warmup=False):
    return SetLog(weight=D(weight), unit=unit, reps=reps, rir=rir, is_warmup=is_warmup)


# What can be loaded


def test_barbell_uses_the_athletes_bar_and_plates(exercises):
    lifter = _lifter(bar_weight=D("35"), plates="45, 25, 10, 5")

    setup = advice.setup_for(exercises["deadlift"], lifter)

    assert setup == BarbellSetup(bar=D("35"), plates=(D("45"), D("25"), D("10"), D("5")))


@pytest.mark.parametrize("slug", ["meadows-row", "t-bar-row"])
def test_meadows_and_t_bar_rows_are_plates_on_one_sleeve(exercises, slug):
    setup = advice.setup_for(exercises[slug], _lifter(plates="45, 25, 10, 5, 2.5"))

    assert setup == LandmineSetup((D("45"), D("25"), D("10"), D("5"), D("2.5")))
    assert advice.show_loading(exercises[slug]) and advice.show_loading(exercises["deadlift"])


def test_a_landmine_loads_47_5_lb(exercises):
    meadows = exercises["meadows-row"]

    # 45 x 12 tops out 8-12: next session, the next load up on one sleeve, 47.5 (45 + 2.5): the exercise's
    # 5 lb step would add 11 %, and 47.5 is neither 50 nor "can't be loaded".
    item = _item(meadows)
    advice_ = advice.session_start(item, meadows, _lifter(), [_logged("45", 12, 2)], logged_range=item_range(item))

    assert (advice_.weight, advice_.reps, advice_.reason) == (D("47.5"), 8, Reason.TOP_OF_RANGE)
    assert advice_.loading == "45 + 2.5 lb on the sleeve"
    kept = advice.next_set(_item(meadows), meadows, _lifter(), _logged("47.5", 9, 2))
    assert (kept.weight, kept.loading) == (D("47.5"), "45 + 2.5 lb on the sleeve")


def test_dumbbells_use_the_athletes_evenly_stepped_rack(exercises):
    lifter = _lifter(dumbbell_lightest=D("2.5"), dumbbell_step=D("2.5"), dumbbell_heaviest=D("20"))

    setup = advice.setup_for(exercises["single-arm-dumbbell-row"], lifter)

    assert isinstance(setup, DumbbellSetup)
    assert setup.steps[:4] == (D("2.5"), D("5"), D("7.5"), D("10")) and setup.steps[-1] == D("20")


def test_a_listed_rack_gives_the_next_dumbbell_up(exercises):
    raise_ = exercises["dumbbell-rear-lateral-raise"]
    lifter = _lifter(dumbbells="5, 8, 10, 13, 16, 20")

    item = _item(raise_)
    advice_ = advice.session_start(item, raise_, lifter, [_logged("10", 20, 2)], logged_range=item_range(item))

    # 10 lb x 20 tops out 12-20; the rack has no 15, and 16 would add 60 %: the next dumbbell up, 13.
    assert (advice_.weight, advice_.reps) == (D("13"), 12)
    assert advice_.loading == "13 lb dumbbells"


def test_cable_is_the_athletes_stack(exercises):
    lifter = _lifter(cable_lightest=D("10"), cable_step=D("7.5"))

    assert advice.setup_for(exercises["cable-row"], lifter) == StackSetup(step=D("7.5"), minimum=D("10"))
    assert advice.setup_for(exercises["face-pull"], _lifter("kg")) == StackSetup(step=D("2.5"), minimum=D("2.5"))


# Load steps


def test_prescription_uses_the_exercises_steps_in_the_athletes_unit(exercises):
    deadlift = exercises["deadlift"]

    in_lb = advice.prescription_for(_item(deadlift), deadlift, "lb")
    in_kg = advice.prescription_for(_item(deadlift), deadlift, "kg")

    assert (in_lb.rep_min, in_lb.rep_max, in_lb.increment, in_lb.decrement) == (4, 6, D("10"), D("5"))
    assert (in_kg.increment, in_kg.decrement) == (D("5"), D("2.5"))


def test_prescription_uses_the_items_own_steps_converted_to_lb(exercises):
    deadlift = exercises["deadlift"]
    item = _item(deadlift, increment=D("2.5"), decrement=D("1.25"), load_unit="kg")

    prescription = advice.prescription_for(item, deadlift, "lb")

    assert (prescription.increment, prescription.decrement) == (D("5.51"), D("2.76"))


def test_prescription_uses_the_items_own_steps_in_the_same_unit(exercises):
    deadlift = exercises["deadlift"]
    item = _item(deadlift, rep_min=3, rep_max=5, rir_min=0, rir_max=1, increment=D("20"), load_unit="lb")

    prescription = advice.prescription_for(item, deadlift, "lb")

    # No step down given: the step up serves both ways.
    assert (prescription.increment, prescription.decrement) == (D("20"), D("20"))
    assert (prescription.rep_min, prescription.rep_max, prescription.rir_min, prescription.rir_max) == (3, 5, 0, 1)


# The next set


def test_deadlift_top_of_range_adds_ten_pounds(exercises):
    deadlift = exercises["deadlift"]

    advice_ = advice.next_set(_item(deadlift), deadlift, _lifter(), _logged("225", 6, 2))

    assert (advice_.weight, advice_.reps, advice_.reason) == (D("235"), 4, Reason.TOP_OF_RANGE)
    assert advice_.loading == "45 lb bar + 45 + 45 + 5 each side"
    assert advice_.message == ("6 reps at 225 lb reached the top of 4-6: add 10 lb, aim for at least 4 reps at 235 lb.")
    assert advice_.note == ""


def test_deadlift_below_range_takes_off_five_pounds_next_session(exercises):
    deadlift = exercises["deadlift"]
    item = _item(deadlift)

    advice_ = advice.session_start(item, deadlift, _lifter(), [_logged("235", 3, 2)], logged_range=item_range(item))

    assert (advice_.weight, advice_.reps, advice_.reason) == (D("230"), 4, Reason.BELOW_RANGE)
    assert advice_.loading == "45 lb bar + 45 + 45 + 2.5 each side"


def test_pull_up_adds_weight_on_a_belt_from_bodyweight(exercises):
    pull_up = exercises["pull-up"]
    item = _item(pull_up)

    stay = advice.next_set(item, pull_up, _lifter(), _logged("0", item.rep_min + 1, 2))
    top = [_logged("0", item.rep_max, 2)]
    heavier = advice.session_start(item, pull_up, _lifter(), top, logged_range=item_range(item))

    # Within the session the same reps again; the top of the range adds weight next session.
    assert (stay.weight, stay.reps, stay.loading) == (D("0"), item.rep_min + 1, "bodyweight only")
    assert "stack" not in stay.message + stay.note
    assert heavier.weight == D(pull_up.increment_lb) and heavier.reps == item.rep_min
    assert heavier.loading == "5 lb on a belt"


def test_no_history_no_advice(exercises):
    deadlift = exercises["deadlift"]

    assert advice.next_set(_item(deadlift), deadlift, _lifter(), None) is None


def test_a_set_without_rir_drives_no_next_set(exercises):
    deadlift = exercises["deadlift"]

    # 225 x 6 tops out 4-6 whatever the RIR, but the method judges a set by its RIR: no guess.
    assert advice.next_set(_item(deadlift), deadlift, _lifter(), _logged("225", 6, None)) is None
    with pytest.raises(ValueError):
        advice.as_result(_logged("225", 6, None))


def test_kg_athlete_gets_a_set_logged_in_lb_in_kg(exercises):
    deadlift = exercises["deadlift"]

    advice_ = advice.next_set(_item(deadlift), deadlift, _lifter("kg"), _logged("225", 6, 2, unit="lb"))

    # 225 lb is 102.06 kg; + 5 kg is 107.06, and the nearest a 20 kg bar with 1.25s makes is 107.5.
    assert (advice_.weight, advice_.reps, advice_.reason) == (D("107.5"), 4, Reason.TOP_OF_RANGE)
    # The set is quoted as it was logged; the recommendation is in the athlete's unit.
    assert advice_.message.startswith("6 reps at 225 lb reached the top of 4-6: move to 107.5 kg")
    assert advice_.loading == "20 kg bar + 25 + 15 + 2.5 + 1.25 each side"
    assert "107.5 kg" in advice_.note


# The first set of a session


def _sets(*sets, warmups=()):
    return [_logged(*w, is_warmup=True) for w in warmups] + [_logged(*s) for s in sets]


def test_session_starts_from_the_heaviest_set_that_reached_the_range(exercises):
    deadlift = exercises["deadlift"]
    last_time = _sets(("315", 6, 1), ("325", 4, 1), ("325", 3, 0))

    start = advice.session_start(_item(deadlift), deadlift, _lifter(), last_time, logged_range=(4, 6))

    # Not from the last, most tired set (325 x 3 -> 320 x 4): 325 x 4 on target -> 325 x 5.
    assert (start.weight, start.reps) == (D("325"), 5)


def test_warm_ups_never_start_a_session(exercises):
    deadlift = exercises["deadlift"]
    last_time = _sets(("225", 5, 2), warmups=[("135", 5, 5), ("185", 6, 4)])

    start = advice.session_start(_item(deadlift), deadlift, _lifter(), last_time, logged_range=(4, 6))

    assert (start.weight, start.reps) == (D("225"), 6)
    assert (
        advice.session_start(_item(deadlift), deadlift, _lifter(), _sets(warmups=[("135", 5, 5)]), logged_range=(4, 6))
        is None
    )


def test_a_session_starts_from_the_sets_that_have_rir(exercises):
    deadlift = exercises["deadlift"]
    with_rir = _sets(("225", 5, 2))
    # An imported 275 x 6 without RIR would be the best set by far; it is left out, not guessed at.
    mixed = _sets(("275", 6, None), ("225", 5, 2), ("275", 4, None))

    start = advice.session_start(_item(deadlift), deadlift, _lifter(), mixed, logged_range=(4, 6))

    assert start == advice.session_start(_item(deadlift), deadlift, _lifter(), with_rir, logged_range=(4, 6))
    assert (start.weight, start.reps) == (D("225"), 6)


def test_sets_without_rir_never_start_a_session(exercises):
    deadlift = exercises["deadlift"]
    last_time = _sets(("225", 5, None), ("225", 5, None), warmups=[("135", 5, 5)])

    assert advice.session_start(_item(deadlift), deadlift, _lifter(), last_time, logged_range=(4, 6)) is None


def test_a_new_rep_range_resizes_the_first_set(exercises):
    deadlift = exercises["deadlift"]
    item = _item(deadlift, rep_min=8, rep_max=12)

    start = advice.session_start(item, deadlift, _lifter(), _sets(("315", 6, 2)), logged_range=(4, 6))

    # 315 x (6 + 2) to failure, Epley, for 8 reps stopping 2 short: about 299, loaded down to 295.
    assert (start.weight, start.reps, start.reason) == (D("295"), 8, Reason.NEW_RANGE)


def test_topped_out_weight_holds_the_step_up(exercises):
    row = exercises["cable-row"]

    # 55 x 7 in 8-12 after topping out at 50: stay at 55 and build back, no ping-pong to 50.
    held = advice.next_set(_item(row), row, _lifter(), _logged("55", 7, 1), topped_out=D("50"))
    dropped = advice.next_set(_item(row), row, _lifter(), _logged("55", 7, 1))

    assert (held.weight, held.reps) == (D("55"), 8)
    assert dropped.weight < D("55")


def test_two_missed_deadlift_sets_stop_the_lift_for_today(exercises):
    deadlift = exercises["deadlift"]
    item = _item(deadlift)

    first = advice.next_set(item, deadlift, _lifter(), _logged("300", 1, 0))
    stop = advice.next_set(item, deadlift, _lifter(), _logged("270", 1, 0), earlier=[_logged("300", 1, 0)])

    assert (first.weight, first.reps, first.reason) == (D("270"), 4, Reason.MISSED)
    assert stop.reason == Reason.STOP_FOR_TODAY and "stop this lift for today" in stop.message
    assert (stop.weight, stop.loading) == (D("270"), "45 lb bar + 45 + 45 + 10 + 10 + 2.5 each side")
