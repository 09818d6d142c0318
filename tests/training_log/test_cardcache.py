"""Each workout card's history kept in the cache (training_log.cardcache): read once, served while nothing
earlier changes, read again the moment something does."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from exercises.models import Exercise
from tests.factories import ExerciseFactory, SessionExerciseFactory, SetLogFactory, UserFactory
from training_log.selectors.cards import session_cards
from training_log.services.sessions import delete_set, finish_session, log_set, reopen_session, update_set

pytestmark = pytest.mark.django_db
LAST_WEEK = timezone.now() - datetime.timedelta(days=7)


@pytest.fixture
def deadlift():
    return ExerciseFactory(name="Deadlift", slug="deadlift", equipment=Exercise.Equipment.BARBELL, rep_min=4, rep_max=6)


@pytest.fixture
def past(athlete, deadlift):
    """Last week: deadlift 4-6, 300 lb × 5 twice, one rep in reserve."""
    item = SessionExerciseFactory(
        session__athlete=athlete, session__started_at=LAST_WEEK, session__finished=True, exercise=deadlift
    )
    SetLogFactory(session_exercise=item, weight=300, reps=5, rir=1, minute=1)
    SetLogFactory(session_exercise=item, weight=300, reps=5, rir=1, minute=4)
    return item.session


@pytest.fixture
def today(athlete, deadlift, past):
    started = timezone.now() - datetime.timedelta(minutes=5)
    return SessionExerciseFactory(session__athlete=athlete, session__started_at=started, exercise=deadlift).session


def _card(session, athlete):
    (card,) = session_cards(session, athlete)
    return card


def _queries(session, athlete) -> int:
    with CaptureQueriesContext(connection) as captured:
        session_cards(session, athlete, swaps=False)
    return len(captured)


def _log(athlete, session, weight, reps, rir=2):
    item = session.exercises.get()
    logged, _ = log_set(
        actor=athlete, session_exercise=item, weight=Decimal(weight), unit="lb", reps=reps, rir=rir,
        client_id=uuid.uuid4(),
    )  # fmt: skip
    return logged


def test_the_history_is_read_once_and_a_set_logged_now_keeps_it(athlete, today):
    first = _queries(today, athlete)
    assert _card(today, athlete).advice.weight == Decimal(300)
    kept = _queries(today, athlete)
    assert kept == first - 2  # which earlier sets, then those sets
    _log(athlete, today, 300, 6)
    assert _queries(today, athlete) == kept  # exact: one query more would mean the set dropped the cache
    card = _card(today, athlete)
    assert [s.text for s in card.last_time] == ["300 lb × 5 @ RIR 1"] * 2
    assert card.advice.weight == Decimal(305)  # 6 reps, the top of 4-6: heavier, from today's set


def test_a_corrected_earlier_set_changes_the_open_workouts_advice(athlete, past, today):
    assert (_card(today, athlete).advice.weight, _card(today, athlete).advice.reps) == (Decimal(300), 6)
    reopen_session(actor=athlete, session=past)
    for logged in past.exercises.get().logged_sets.all():
        update_set(actor=athlete, logged=logged, reps=6, rir=1)
    finish_session(actor=athlete, session=past)
    card = _card(today, athlete)
    assert [s.text for s in card.last_time] == ["300 lb × 6 @ RIR 1"] * 2
    assert card.advice.weight == Decimal(305)  # they reached the top of the range: heavier


def test_a_removed_earlier_set_leaves_last_time(athlete, past, today):
    assert len(_card(today, athlete).last_time) == 2
    reopen_session(actor=athlete, session=past)
    delete_set(actor=athlete, logged=past.exercises.get().logged_sets.last())
    assert len(_card(today, athlete).last_time) == 1


def test_without_a_shared_cache_every_card_reads_its_history(athlete, today, settings):
    settings.CARD_HISTORY_CACHE = False
    first = _queries(today, athlete)
    assert _queries(today, athlete) == first  # exact: with no cache, each card pays the same reads again
    assert _card(today, athlete).advice.weight == Decimal(300)


def test_each_athlete_keeps_their_own_cards_history(athlete, deadlift, today):
    other = UserFactory(username="other")
    theirs = SessionExerciseFactory(
        session__athlete=other, session__started_at=LAST_WEEK, session__finished=True, exercise=deadlift
    )
    SetLogFactory(session_exercise=theirs, weight=100, reps=5, rir=1)
    their_today = SessionExerciseFactory(session__athlete=other, exercise=deadlift).session
    assert _card(today, athlete).advice.weight == Decimal(300)
    assert _card(their_today, other).advice.weight == Decimal(100)
    assert [s.text for s in _card(their_today, other).last_time] == ["100 lb × 5 @ RIR 1"]
