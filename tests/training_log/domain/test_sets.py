"""One way to write a set, wherever it is shown: the card, the summary, the histories, the coach's page,
the live region and the admin all go through domain.sets.set_text."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from training_log.domain.sets import numbered, set_text


@dataclass
class Logged:
    weight: Decimal
    unit: str = "lb"
    reps: int = 5
    rir: int | None = 2
    reps_left: int | None = None
    rir_left: int | None = None
    reps_right: int | None = None
    rir_right: int | None = None
    is_warmup: bool = False


@pytest.mark.parametrize(
    ("logged", "text"),
    [
        (Logged(Decimal("225.00")), "225 lb × 5 @ RIR 2"),
        (Logged(Decimal("102.50"), unit="kg", reps=8, rir=0), "102.5 kg × 8 @ RIR 0"),
        (Logged(Decimal("0.00"), reps=12, rir=3), "0 lb × 12 @ RIR 3"),
        (Logged(Decimal("225"), rir=None), "225 lb × 5"),  # imported without RPE
        (Logged(Decimal("25"), reps_left=8, rir_left=2, reps_right=9, rir_right=1), "25 lb × L 8 @ 2 / R 9 @ 1"),
    ],
)
def test_a_set_reads_the_way_lifters_write_it(logged, text):
    assert set_text(logged) == text


def test_a_warm_up_says_so_only_where_asked():
    warmup = Logged(Decimal("135"), is_warmup=True)
    assert set_text(warmup) == "135 lb × 5 @ RIR 2"
    assert set_text(warmup, warmup=True) == "135 lb × 5 @ RIR 2 (warm-up)"
    assert set_text(Logged(Decimal("135")), warmup=True) == "135 lb × 5 @ RIR 2"


def test_warm_ups_are_w_and_working_sets_are_numbered_past_them():
    sets = [Logged(Decimal(95), is_warmup=True), Logged(Decimal(135)), Logged(Decimal(95), is_warmup=True), Logged(1)]
    assert [label for label, _ in numbered(sets)] == ["W", "1", "W", "2"]
