"""Hypothesis strategies shared by the progression and loads property tests."""

from decimal import Decimal as D

from hypothesis import strategies as st

from training_log.domain.progression import Prescription, SetResult

units = st.sampled_from(["lb", "kg"])
same_unit = st.none()  # a set logged in the unit the recommendation is asked in


def decimals(low: int, high: int, quantum: str = "0.25"):
    """Exact Decimals: integers scaled by a decimal quantum, never floats."""
    return st.integers(low, high).map(lambda n: n * D(quantum))


@st.composite
def prescriptions(draw):
    rep_min = draw(st.integers(1, 15))
    rir_min, rir_max = sorted(draw(st.lists(st.integers(0, 10), min_size=2, max_size=2)))
    return Prescription(
        rep_min=rep_min,
        rep_max=draw(st.integers(rep_min, rep_min + 10)),
        increment=draw(decimals(1, 80)),
        decrement=draw(decimals(1, 80)),
        rir_min=rir_min,
        rir_max=rir_max,
    )


@st.composite
def set_results(draw, weights=None, logged_units=same_unit):
    """A set as it can be logged: no reps means failure, so RIR 0. logged_units draws the unit the set
    was logged in (None: the recommendation's own unit)."""
    weight = draw(weights if weights is not None else decimals(0, 4000))
    reps = draw(st.integers(0, 30))
    rir = draw(st.integers(0, 10)) if reps else 0
    return SetResult(weight, reps, rir, draw(logged_units))
