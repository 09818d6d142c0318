"""From what is stored (the athlete's equipment, the exercise's steps, a logged set) to the next set."""

from decimal import Decimal

import pytest

from accounts.models import DEFAULT_SETUP
from exercises.models import Exercise
from tests.factories import UserFactory
from training_log.models import SessionExercise, SetLog
from training_log.services import advice
from training_log.services.loads import BarbellSetup, DumbbellSetup, StackSetup
from training_log.services.progression import Reason

D = Decimal


@pytest.fixture
def exercises(library):
    return {exercise.slug: exercise for exercise in Exercise.objects.all()}


def _lifter(unit="lb", **overrides):
    return UserFactory.build(unit=unit, **(DEFAULT_SETUP[unit] | overrides))


def _item(exercise, **overrides):
    values = {"sets": 3, "rep_min": exercise.rep_min, "rep_max": exercise.rep_max} | overrides
    return SessionExercise(exercise=exercise, **values)


def _logged(weight, reps, rir, unit="lb"):
    return SetLog(weight=D(weight), unit=unit, reps=reps, rir=rir)


# What can be loaded


def test_barbell_uses_the_athletes_bar_and_plates(exercises):
    lifter = _lifter(bar_weight=D("35"), plates="45, 25, 10, 5")

    setup = advice.setup_for(exercises["deadlift"], lifter)

    assert setup == BarbellSetup(bar=D("35"), plates=(D("45"), D("25"), D("10"), D("5")))


def test_meadows_row_is_loaded_at_one_end_without_a_bar(exercises):
    setup = advice.setup_for(exercises["meadows-row"], _lifter())

    assert isinstance(setup, BarbellSetup) and setup.bar == 0
    assert not advice.show_loading(exercises["meadows-row"])
    assert advice.show_loading(exercises["deadlift"])


def test_dumbbells_use_the_athletes_dumbbell_step(exercises):
    setup = advice.setup_for(exercises["single-arm-dumbbell-row"], _lifter(dumbbell_step=D("2.5")))

    assert isinstance(setup, DumbbellSetup)
    assert setup.steps[:4] == (D("2.5"), D("5"), D("7.5"), D("10"))


def test_cable_is_a_stack_in_the_athletes_unit(exercises):
    assert advice.setup_for(exercises["cable-row"], _lifter("lb")) == StackSetup(step=D("5"), minimum=D("5"))
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


def test_deadlift_below_range_takes_off_five_pounds(exercises):
    deadlift = exercises["deadlift"]

    advice_ = advice.next_set(_item(deadlift), deadlift, _lifter(), _logged("235", 3, 2))

    assert (advice_.weight, advice_.reps, advice_.reason) == (D("230"), 4, Reason.BELOW_RANGE)
    assert advice_.loading == "45 lb bar + 45 + 45 + 2.5 each side"


def test_no_history_no_advice(exercises):
    deadlift = exercises["deadlift"]

    assert advice.next_set(_item(deadlift), deadlift, _lifter(), None) is None


def test_kg_athlete_gets_a_set_logged_in_lb_in_kg(exercises):
    deadlift = exercises["deadlift"]

    advice_ = advice.next_set(_item(deadlift), deadlift, _lifter("kg"), _logged("225", 6, 2, unit="lb"))

    # 225 lb is 102.06 kg; + 5 kg is 107.06, and the nearest a 20 kg bar with 1.25s makes is 107.5.
    assert (advice_.weight, advice_.reps, advice_.reason) == (D("107.5"), 4, Reason.TOP_OF_RANGE)
    assert advice_.message.startswith("6 reps at 102.06 kg reached the top of 4-6")
    assert advice_.loading == "20 kg bar + 25 + 15 + 2.5 + 1.25 each side"
    assert "107.5 kg" in advice_.note
