"""What a card decides in Python, so the template only shows it: which next set the form starts from (the
coach's word over the method's), the first-time advice, and whether the viewer may change anything."""

import uuid
from dataclasses import dataclass
from decimal import Decimal

import pytest

from exercises.models import Exercise
from tests.factories import ExerciseFactory
from training_log.models import CoachOverride
from training_log.selectors.cards import FIRST_TIME, NextSet, next_set, session_cards
from training_log.services.sessions import finish_session, log_set, start_session

pytestmark = pytest.mark.django_db


@dataclass
class Advice:
    weight: Decimal
    reps: int


def test_the_coachs_weight_and_reps_win_over_the_advice():
    override = CoachOverride(weight=Decimal("60"), unit="lb", reps=9)
    assert next_set(override, Decimal("60.00"), Advice(Decimal("55"), 8)) == NextSet(Decimal("60.00"), 9)


def test_an_override_without_reps_takes_the_advices_reps():
    override = CoachOverride(weight=Decimal("60"), unit="lb", reps=None)
    assert next_set(override, Decimal("60.00"), Advice(Decimal("55"), 8)) == NextSet(Decimal("60.00"), 8)
    assert next_set(override, Decimal("60.00"), None) == NextSet(Decimal("60.00"), None)


def test_without_an_override_the_advice_is_the_next_set_and_without_either_nothing():
    assert next_set(None, None, Advice(Decimal("55"), 8)) == NextSet(Decimal("55"), 8)
    assert next_set(None, None, None) is None


@pytest.fixture
def workout(athlete):
    row = ExerciseFactory(name="Row", equipment=Exercise.Equipment.CABLE, rep_min=8, rep_max=12)
    session, _ = start_session(actor=athlete)
    session.exercises.create(exercise=row, position=0, sets=3, rep_min=8, rep_max=12)
    return session


def test_a_first_time_card_says_how_to_pick_a_weight(workout, athlete):
    (card,) = session_cards(workout, athlete)
    assert card.first_time_advice == FIRST_TIME.format(reps=14, rep_min=8, rep_max=12)
    assert card.next_set is None


def test_once_a_set_is_logged_there_is_advice_and_no_first_time_text(workout, athlete):
    log_set(
        actor=athlete, session_exercise=workout.exercises.get(), weight=Decimal(50), unit="lb", reps=10, rir=2,
        client_id=uuid.uuid4(),
    )  # fmt: skip
    (card,) = session_cards(workout, athlete)
    assert card.first_time_advice == ""
    assert card.next_set == NextSet(card.advice.weight, card.advice.reps)


def test_only_the_athlete_edits_and_only_while_the_workout_is_open(workout, athlete, coach):
    (mine,) = session_cards(workout, athlete)
    (theirs,) = session_cards(workout, coach)
    assert (mine.can_edit, mine.can_log, theirs.can_edit, theirs.can_log) == (True, True, False, False)
    finish_session(actor=athlete, session=workout)
    workout.refresh_from_db()
    (finished,) = session_cards(workout, athlete)
    assert (finished.can_edit, finished.can_log) == (False, False)


def test_a_skipped_exercise_is_editable_but_takes_no_set(workout, athlete):
    workout.exercises.update(skipped=True)
    (card,) = session_cards(workout, athlete)
    assert (card.can_edit, card.can_log) == (True, False)


def test_two_missed_sets_in_a_row_stop_the_lift_for_today_on_the_card(workout, athlete):
    """The card passes the workout's earlier sets to the advice (issue 24): one miss cuts the weight, a second
    in a row says stop."""
    item = workout.exercises.get()

    def miss(weight):
        log_set(
            actor=athlete, session_exercise=item, weight=Decimal(weight), unit="lb", reps=3, rir=0,
            client_id=uuid.uuid4(),
        )  # fmt: skip
        (card,) = session_cards(workout, athlete)
        return card.advice

    first = miss(100)
    assert first.reason == "missed" and first.weight < 100
    second = miss(first.weight)
    assert second.reason == "stop_for_today"
    assert "stop this lift for today" in second.message


def test_the_card_of_a_lift_stopped_for_today_says_stop_first(client, workout, athlete):
    """Not "Next set 270 lb x 4" over a message that says stop: the heading is the stop."""
    item = workout.exercises.get()
    for weight in (100, 90):
        log_set(
            actor=athlete, session_exercise=item, weight=Decimal(weight), unit="lb", reps=3, rir=0,
            client_id=uuid.uuid4(),
        )  # fmt: skip
    client.force_login(athlete)
    html = client.get(workout.get_absolute_url()).content.decode()
    assert "Stop this lift for today" in html
    assert "Next set" not in html
