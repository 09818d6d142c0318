"""training_log.records: the one rule for records, shared by the workout summary and /progress/."""

from decimal import Decimal

import pytest

from training_log.domain.records import beats, rep_records


@pytest.mark.parametrize(
    ("value", "before", "record"),
    [(Decimal(101), Decimal(100), True), (Decimal(100), Decimal(100), False), (Decimal(99), Decimal(100), False)],
)
def test_a_record_beats_what_came_before(value, before, record):
    assert beats(value, before) is record


def test_the_first_time_is_not_a_record():
    assert beats(Decimal(100), None) is False


@pytest.mark.parametrize(
    ("most_at_each_weight", "standing"),
    [
        ([], []),
        ([(100, 8)], [(100, 8)]),
        # 8 at 100 is no record when 9 were done at 105; 12 at 90 is.
        ([(100, 8), (105, 9), (90, 12)], [(105, 9), (90, 12)]),
        # Equal reps at a lighter weight do not stand either.
        ([(100, 5), (95, 5), (90, 6)], [(100, 5), (90, 6)]),
    ],
)
def test_most_reps_stands_only_above_every_heavier_weight(most_at_each_weight, standing):
    rows = [(Decimal(w), r) for w, r in most_at_each_weight]
    found = rep_records(rows, weight=lambda row: row[0], reps=lambda row: row[1])
    assert found == [(Decimal(w), r) for w, r in standing]
