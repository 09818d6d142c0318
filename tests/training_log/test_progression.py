"""The progression method, set by set: worked examples from the method's description, then properties."""

from decimal import ROUND_DOWN, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.training_log.strategies import decimals, prescriptions
from training_log.services import progression
from training_log.services.progression import (
    KG_PER_LB,
    Prescription,
    Reason,
    Recommendation,
    SetResult,
    convert,
    estimated_1rm,
    format_weight,
    recommend_from_history,
    recommend_next,
    to_kg,
    to_lb,
)

D = Decimal
DEADLIFT = Prescription(rep_min=4, rep_max=6, increment=D("10"), decrement=D("5"))
DEADLIFT_KG = Prescription(rep_min=4, rep_max=6, increment=D("5"), decrement=D("2.5"))
HIGH_REP_LOW_RIR = Prescription(rep_min=8, rep_max=12, increment=D("5"), decrement=D("5"), rir_min=0, rir_max=1)

# Properties run many examples; no example database so test runs leave nothing behind.
PROPERTY = settings(max_examples=300, deadline=None, database=None)


@pytest.mark.parametrize(
    ("prescription", "last_set", "weight", "reps", "reason"),
    [
        pytest.param(DEADLIFT, SetResult(D("225"), 6, 2), D("235"), 4, "top_of_range", id="top-adds-increment"),
        pytest.param(DEADLIFT, SetResult(D("225"), 6, 0), D("235"), 4, "top_of_range", id="top-rir0-still-adds"),
        pytest.param(DEADLIFT, SetResult(D("225"), 8, 5), D("235"), 4, "top_of_range", id="above-top-adds"),
        pytest.param(DEADLIFT, SetResult(D("235"), 3, 2), D("230"), 4, "below_range", id="below-takes-decrement"),
        pytest.param(DEADLIFT, SetResult(D("225"), 3, 5), D("220"), 4, "below_range", id="below-rir5-still-drops"),
        pytest.param(DEADLIFT, SetResult(D("225"), 0, 0), D("220"), 4, "below_range", id="no-reps-drops"),
        pytest.param(DEADLIFT, SetResult(D("3"), 2, 2), D("0"), 4, "below_range", id="drop-floors-at-zero"),
        pytest.param(DEADLIFT, SetResult(D("225"), 4, 3), D("225"), 5, "too_easy_add_reps", id="rir3-adds-rep"),
        pytest.param(DEADLIFT, SetResult(D("225"), 4, 4), D("235"), 4, "too_easy_add_weight", id="rir4-adds-weight"),
        pytest.param(DEADLIFT, SetResult(D("225"), 5, 3), D("235"), 4, "too_easy_add_weight", id="rir3-at-5-adds"),
        pytest.param(DEADLIFT, SetResult(D("225"), 5, 0), D("225"), 5, "too_hard", id="rir0-repeats-reps"),
        pytest.param(DEADLIFT, SetResult(D("225"), 5, 2), D("225"), 6, "on_target", id="rir2-adds-one-rep"),
        pytest.param(DEADLIFT, SetResult(D("225"), 4, 1), D("225"), 5, "on_target", id="rir-min-is-on-target"),
        pytest.param(DEADLIFT_KG, SetResult(D("100"), 6, 2), D("105"), 4, "top_of_range", id="kg-top"),
        pytest.param(DEADLIFT_KG, SetResult(D("105"), 3, 2), D("102.5"), 4, "below_range", id="kg-below"),
        pytest.param(DEADLIFT_KG, SetResult(D("102.5"), 5, 1), D("102.5"), 6, "on_target", id="kg-on-target"),
        pytest.param(HIGH_REP_LOW_RIR, SetResult(D("50"), 10, 0), D("50"), 11, "on_target", id="band-0-1"),
        pytest.param(HIGH_REP_LOW_RIR, SetResult(D("50"), 9, 2), D("50"), 10, "too_easy_add_reps", id="band-0-1-easy"),
        pytest.param(HIGH_REP_LOW_RIR, SetResult(D("50"), 10, 3), D("55"), 8, "too_easy_add_weight", id="band-0-1-add"),
    ],
)
def test_recommendation_follows_the_method(prescription, last_set, weight, reps, reason):
    rec = recommend_next(prescription, last_set, unit="lb")
    assert (rec.weight, rec.reps, rec.reason) == (weight, reps, reason)


def test_top_of_range_adds_increment_with_the_worked_message():
    rec = recommend_next(DEADLIFT, SetResult(D("225"), 6, 2), unit="lb")
    message = "6 reps at 225 lb reached the top of 4-6: add 10 lb, aim for at least 4 reps at 235 lb."
    assert rec == Recommendation(D("235"), 4, "top_of_range", message)
    assert rec.reason == "top_of_range"
    assert rec.reason is Reason.TOP_OF_RANGE


@pytest.mark.parametrize(
    ("last_set", "template", "fields"),
    [
        (SetResult(D("235"), 3, 2), progression.MESSAGE_BELOW_RANGE, {"done": "3 reps", "change": "5", "new": "230"}),
        (SetResult(D("225"), 4, 3), progression.MESSAGE_TOO_EASY_ADD_REPS, {"possible": "5 reps", "aim": "5 reps"}),
        (SetResult(D("225"), 4, 4), progression.MESSAGE_TOO_EASY_ADD_WEIGHT, {"possible": "6 reps", "new": "235"}),
        (SetResult(D("225"), 5, 0), progression.MESSAGE_TOO_HARD, {"rir": "0 reps", "aim": "5 reps"}),
        (SetResult(D("225"), 5, 2), progression.MESSAGE_ON_TARGET, {"rir": "2 reps", "aim": "6 reps"}),
    ],
)
def test_every_reason_has_a_concrete_message(last_set, template, fields):
    defaults = {"done": f"{last_set.reps} reps", "weight": format_weight(last_set.weight), "unit": "lb"}
    defaults |= {"range": "4-6", "rir": f"{last_set.rir} reps", "rir_max": 2, "band": "1-2 reps"}
    defaults |= {"change": "10", "new": "225", "aim": "4 reps", "possible": ""}
    assert recommend_next(DEADLIFT, last_set).message == template.format(**(defaults | fields))


def test_messages_read_as_sentences():
    assert recommend_next(DEADLIFT, SetResult(D("225"), 5, 0)).message == (
        "5 reps at 225 lb with 0 reps in reserve went too close to failure: "
        "stay at 225 lb and aim for 5 reps again, stopping 1-2 reps short."
    )
    assert recommend_next(DEADLIFT, SetResult(D("225"), 1, 1)).message == (
        "1 rep at 225 lb fell below 4-6: take off 5 lb, aim for at least 4 reps at 220 lb."
    )


def test_kg_message_has_no_trailing_zeros():
    rec = recommend_next(DEADLIFT_KG, SetResult(D("105.00"), 3, 2), unit="kg")
    assert rec.message == "3 reps at 105 kg fell below 4-6: take off 2.5 kg, aim for at least 4 reps at 102.5 kg."


def test_below_range_at_zero_weight_says_stay():
    rec = recommend_next(DEADLIFT, SetResult(D("0"), 2, 2))
    assert rec.weight == 0
    assert rec.message == progression.MESSAGE_BELOW_RANGE_FLOOR.format(
        done="2 reps", weight="0", unit="lb", range="4-6", new="0", aim="4 reps"
    )


def test_reason_values_are_exactly_the_six():
    assert {r.value for r in Reason} == {
        "top_of_range",
        "below_range",
        "too_easy_add_weight",
        "too_easy_add_reps",
        "on_target",
        "too_hard",
    }
    assert Reason("too_hard") == "too_hard"


def test_next_session_starts_where_the_last_working_set_pointed():
    sets = [SetResult(D("225"), 6, 2), SetResult(D("235"), 5, 2), SetResult(D("235"), 3, 1)]
    rec = recommend_from_history(DEADLIFT, sets)
    assert (rec.weight, rec.reps, rec.reason) == (D("230"), 4, "below_range")
    assert rec == recommend_next(DEADLIFT, sets[-1])


def test_history_without_sets_gives_no_recommendation():
    assert recommend_from_history(DEADLIFT, []) is None


@pytest.mark.parametrize(
    "kwargs",
    [
        {"rep_min": 0, "rep_max": 6},
        {"rep_min": 7, "rep_max": 6},
        {"increment": D("0")},
        {"decrement": D("-5")},
        {"rir_min": -1},
        {"rir_min": 3, "rir_max": 2},
        {"rir_max": 11},
    ],
)
def test_prescription_rejects_impossible_values(kwargs):
    base = {"rep_min": 4, "rep_max": 6, "increment": D("10"), "decrement": D("5")}
    with pytest.raises(ValueError):
        Prescription(**(base | kwargs))


def test_prescription_defaults_to_an_rir_band_of_one_to_two():
    assert (DEADLIFT.rir_min, DEADLIFT.rir_max) == (1, 2)


@pytest.mark.parametrize(("weight", "reps", "rir"), [(D("-1"), 5, 2), (D("100"), -1, 2), (D("100"), 5, 11)])
def test_set_result_rejects_impossible_values(weight, reps, rir):
    with pytest.raises(ValueError):
        SetResult(weight, reps, rir)


def test_float_weights_are_refused():
    with pytest.raises(TypeError):
        SetResult(102.5, 5, 2)
    with pytest.raises(TypeError):
        Prescription(rep_min=4, rep_max=6, increment=2.5, decrement=D("5"))


@pytest.mark.parametrize(
    ("weight", "text"),
    [(D("235.0"), "235"), (D("102.50"), "102.5"), (D("1E+2"), "100"), (D("0.00"), "0"), (D("-0"), "0")],
)
def test_weights_format_without_trailing_zeros_or_exponents(weight, text):
    assert format_weight(weight) == text


@pytest.mark.parametrize(
    ("weight", "reps", "rir", "expected"),
    [
        (D("100"), 5, 1, D("120.0")),  # 100 * (1 + 6/30)
        (D("225"), 6, 2, D("285.0")),
        (D("102.5"), 3, 2, D("119.6")),  # 119.583... rounds to 0.1
        (D("140"), 1, 0, D("140")),  # a true single is its own max
        (D("140"), 0, 1, D("0")),  # no rep, no estimate
    ],
)
def test_estimated_1rm_is_epley_on_reps_plus_rir(weight, reps, rir, expected):
    assert estimated_1rm(weight, reps, rir) == expected


def test_kg_lb_conversion_uses_the_exact_factor():
    assert D("0.45359237") == KG_PER_LB
    assert to_lb(D("100")) == D("220.46")
    assert to_kg(D("225")) == D("102.06")
    assert convert(D("100"), "kg", "lb") == D("220.46")
    assert convert(D("225"), "lb", "kg") == D("102.06")


def test_converting_to_the_same_unit_changes_nothing():
    assert str(convert(D("225"), "lb", "lb")) == "225"
    assert str(convert(D("102.5"), "kg", "kg")) == "102.5"


def test_unknown_units_are_refused():
    with pytest.raises(ValueError):
        convert(D("100"), "kg", "stone")
    with pytest.raises(ValueError):
        recommend_next(DEADLIFT, SetResult(D("225"), 5, 2), unit="kgs")


# --- properties -------------------------------------------------------------------------------------------------------


set_results = st.builds(SetResult, decimals(0, 4000), st.integers(0, 30), st.integers(0, 10))
units = st.sampled_from(["lb", "kg"])


@PROPERTY
@given(prescriptions(), set_results, units)
def test_weight_is_never_negative(prescription, last_set, unit):
    assert recommend_next(prescription, last_set, unit=unit).weight >= 0


@PROPERTY
@given(prescriptions(), set_results)
def test_top_of_range_never_recommends_less_weight(prescription, last_set):
    if last_set.reps < prescription.rep_max:
        last_set = SetResult(last_set.weight, prescription.rep_max + last_set.reps % 3, last_set.rir)
    assert recommend_next(prescription, last_set).weight > last_set.weight


@PROPERTY
@given(prescriptions(), set_results, st.integers(1, 10))
def test_more_reps_at_the_same_weight_and_rir_never_recommend_less_weight(prescription, last_set, extra):
    more = SetResult(last_set.weight, last_set.reps + extra, last_set.rir)
    assert recommend_next(prescription, more).weight >= recommend_next(prescription, last_set).weight


@PROPERTY
@given(prescriptions(), set_results, units)
def test_reason_is_always_one_of_the_six_and_targets_are_sane(prescription, last_set, unit):
    rec = recommend_next(prescription, last_set, unit=unit)
    assert rec.reason in {r.value for r in Reason}
    assert rec.reps >= 1
    if rec.weight != last_set.weight:
        assert rec.reps == prescription.rep_min


@PROPERTY
@given(prescriptions(), set_results, units)
def test_message_names_the_recommended_weight_and_unit(prescription, last_set, unit):
    rec = recommend_next(prescription, last_set, unit=unit)
    assert f"{format_weight(rec.weight)} {unit}" in rec.message
    assert "E+" not in rec.message and ".0 " not in rec.message


@PROPERTY
@given(decimals(0, 4000), st.integers(1, 30), st.integers(0, 10))
def test_estimated_1rm_is_never_below_the_weight_lifted(weight, reps, rir):
    assert estimated_1rm(weight, reps, rir) >= weight.quantize(D("0.1"), rounding=ROUND_DOWN)
