"""What `make reliability` counts and prints (bench/tally.py), from made-up attempts: a set acknowledged but not
stored is lost, a client id stored twice is doubled, recovery is timed from the end of the fault, and a page that
shows other sets than the database has fails the fault."""

import importlib.util
from collections import Counter
from pathlib import Path

spec = importlib.util.spec_from_file_location("bench_tally", Path(__file__).resolve().parents[2] / "bench" / "tally.py")
tally = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tally)

Attempt, Health, OK = tally.Attempt, tally.Health, tally.OK
FAULT_ENDED = 10.0


def _figures(attempts, stored, health=(), page_problems=()):
    return tally.figures("Redis killed", attempts, stored, list(health), FAULT_ENDED, list(page_problems))


def test_every_acknowledged_set_stored_once_is_a_clean_fault():
    attempts = [Attempt("a", 1.0, 1.2, OK), Attempt("b", 9.0, 9.5, "500"), Attempt("b", 10.2, 10.4, OK)]

    result = _figures(attempts, ["a", "b"], [Health(10.1, 10.3, 200, "up")])

    assert (result.requests, result.acknowledged, result.stored, result.lost, result.doubled) == (3, 2, 2, 0, 0)
    assert result.errors == Counter({"500": 1})
    assert result.recovery_post == 0.4  # the retry that started after the fault, answered at 10.4
    assert result.recovery_health == 0.3
    assert not result.failed


def test_an_acknowledged_set_missing_from_the_database_is_lost():
    result = _figures([Attempt("a", 1.0, 1.2, OK), Attempt("b", 2.0, 2.2, OK)], ["a"])

    assert result.lost == 1
    assert result.failed


def test_a_client_id_stored_twice_is_doubled():
    result = _figures([Attempt("a", 1.0, 1.2, OK)], ["a", "a"])

    assert result.doubled == 1
    assert result.failed


def test_a_set_that_never_went_through_fails_the_fault_even_when_nothing_is_lost():
    result = _figures([Attempt("a", 1.0, 1.2, "timeout")], [])

    assert (result.lost, result.unacknowledged) == (0, 1)
    assert result.failed


def test_a_set_stored_that_nobody_sent_fails_the_fault():
    result = _figures([Attempt("a", 1.0, 1.2, OK)], ["a", "z"])

    assert result.unsent == 1
    assert result.failed


def test_recovery_is_never_when_nothing_succeeded_after_the_fault():
    result = _figures([Attempt("a", 1.0, 1.2, OK)], ["a"], [Health(11.0, 11.1, 200, "down")])

    assert (result.recovery_post, result.recovery_health) == (None, None)
    assert "never / never" in tally.table([result])


def test_a_wrong_page_fails_the_fault_and_says_which():
    result = _figures([Attempt("a", 1.0, 1.2, OK)], ["a"], page_problems=["lifter 3's workout page shows 4"])

    printed = tally.table([result])

    assert result.failed
    assert "WRONG" in printed
    assert "FAIL Redis killed: lifter 3's workout page shows 4" in printed


def test_the_table_has_a_line_per_fault_under_its_header():
    rows = [_figures([Attempt("a", 1.0, 1.2, OK)], ["a"]), _figures([Attempt("b", 1.0, 1.2, "refused")], ["b"])]

    lines = tally.table(rows).splitlines()

    assert lines[0].split()[:2] == ["fault", "POSTs"]
    assert set(lines[1]) <= {"-", " "}
    assert "refused x1" in lines[3]


def test_error_kinds_name_the_status_or_what_the_connection_did():
    assert tally.error_kind(status=502) == "502"
    assert tally.error_kind(invalid=True) == "form error"
    assert tally.error_kind(error=TimeoutError("timed out")) == "timeout"
    assert tally.error_kind(error=ConnectionRefusedError(111, "Connection refused")) == "refused"
    assert tally.error_kind(error=ConnectionResetError(104, "Connection reset by peer")) == "dropped"


def test_pages_are_read_by_their_links():
    workout = '<a href="/log/sets/12/edit/">Edit</a> <a href="/log/sets/13/edit/">Edit</a>'
    history = '<a href="/log/sessions/9/summary/">Pull</a><a href="/log/sessions/7/summary/">Push</a>'

    assert tally.set_ids(workout) == {12, 13}
    assert tally.session_ids(history) == [9, 7]
    assert tally.compare("workout page", {12, 13}, {12, 13}) == []
    assert tally.compare("workout page", {12}, {12, 13}) == [
        "workout page shows 1, the database has 2 (1 missing, 0 not stored)"
    ]
    assert tally.compare("/log/", [7, 9], [9, 7])  # the same workouts in another order is wrong too


def test_a_hang_waited_out_and_a_health_check_that_never_said_down_are_warned_about():
    attempts = [Attempt("a", 4.0, 9.5, OK), Attempt("b", 1.0, 1.1, OK)]
    health = [Health(5.0, 9.0, 200, "up")]

    notes, warnings = tally.during_fault(attempts, health, began=5.0, ended=9.0, limit=3.0, down="database")

    assert notes[0] == "1 POSTs met the fault: 0 failed, the slowest took 5.50 s"
    assert len(warnings) == 2
    assert "not failing fast" in warnings[0]
    assert "never said the database was down" in warnings[1]


def test_a_fault_met_quickly_and_reported_down_gets_no_warning():
    attempts = [Attempt("a", 5.5, 6.0, "503")]
    health = [Health(5.2, 5.4, 200, "down")]

    _, warnings = tally.during_fault(attempts, health, began=5.0, ended=9.0, limit=3.0, down="cache")

    assert warnings == []
