"""The coach's word on the next set: set by a coach linked now, shown once on the athlete's card in place of
the method's advice, used up by the next working set of that exercise (a warm-up does not count)."""

import re
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import CoachingLink
from accounts.services import end_link
from tests.factories import CustomExerciseFactory, ExerciseFactory, SessionExerciseFactory
from tests.pages import page_text as _text
from training_log.models import CoachOverride, TrainingSession
from training_log.selectors.overrides import active_overrides
from training_log.services.overrides import NOT_THEIR_EXERCISE, clear_override, set_override
from training_log.services.sessions import log_set
from training_log.views.coaching import OVERRIDE_CLEARED

D = Decimal
Cleared = CoachOverride.Cleared


def _override(coach, athlete, exercise, weight="60", reps=8, note="Slow on the way down", unit="lb"):
    return set_override(
        actor=coach, athlete=athlete, exercise=exercise, weight=D(weight), unit=unit, reps=reps, note=note
    )


def _log(athlete, workout, weight="50", reps=10, warmup=False):
    item = workout.exercises.get()
    return log_set(
        actor=athlete,
        session_exercise=item,
        weight=D(weight),
        unit="lb",
        reps=reps,
        rir=2,
        client_id=uuid.uuid4(),
        is_warmup=warmup,
    )[0]


def _card(client, workout) -> str:
    content = client.get(f"/log/sessions/{workout.pk}/").content.decode()
    start = content.index('<article id="card-')
    return content[start : content.index("</article>", start)]


def _prefilled(card, name) -> str:
    return re.search(rf'name="ex\d+-{name}"[^>]*value="([^"]*)"', card).group(1)


# Who may set one


def test_the_coach_sets_one(coach, athlete, row):
    override = _override(coach, athlete, row)
    assert list(active_overrides(athlete)) == [override]
    assert (override.weight, override.unit, override.reps, override.set_by) == (D(60), "lb", 8, coach)


@pytest.mark.parametrize("who", ["athlete", "other_athlete", "unlinked_coach"])
def test_only_the_linked_coach_sets_one(request, coach, athlete, row, who):
    with pytest.raises(PermissionDenied):
        _override(request.getfixturevalue(who), athlete, row)
    assert not CoachOverride.objects.exists()


@pytest.mark.parametrize("ended_by", ["athlete", "coach"])
def test_a_former_coach_neither_sets_nor_clears(coach, athlete, row, ended_by):
    override = _override(coach, athlete, row)
    end_link(link=CoachingLink.objects.get(coach=coach), actor=athlete if ended_by == "athlete" else coach)
    with pytest.raises(PermissionDenied):
        _override(coach, athlete, row, weight="70")
    with pytest.raises(PermissionDenied):
        clear_override(actor=coach, override=override)
    # Ending the link ended it; the former coach's clear left it as the link's end left it.
    assert list(CoachOverride.objects.values_list("weight", "cleared_reason")) == [(D(60), Cleared.LINK_ENDED)]


def test_a_new_one_replaces_the_earlier_one(coach, athlete, row):
    first = _override(coach, athlete, row)
    second = _override(coach, athlete, row, weight="65")
    first.refresh_from_db()
    assert first.cleared_at is not None
    assert list(active_overrides(athlete)) == [second]


def test_only_an_exercise_the_athlete_may_pick(coach, athlete, other_athlete):
    theirs = CustomExerciseFactory(created_by=other_athlete, name="Oscar's row")
    with pytest.raises(ValidationError) as refused:
        _override(coach, athlete, theirs)
    assert refused.value.message_dict["exercise"] == [NOT_THEIR_EXERCISE]


def test_a_weight_over_the_limit_is_refused(coach, athlete, row):
    with pytest.raises(ValidationError):
        _override(coach, athlete, row, weight="1001", unit="kg")
    assert not CoachOverride.objects.exists()


def test_clearing_ends_it(coach, athlete, row):
    override = _override(coach, athlete, row)
    clear_override(actor=coach, override=override)
    assert not active_overrides(athlete).exists()


# Its lifetime on the athlete's card


@pytest.fixture
def athlete_client(client, athlete):
    client.force_login(athlete)
    return client


def test_the_card_shows_it_in_place_of_the_advice(athlete_client, coach, athlete, workout, row):
    _log(athlete, workout, weight="50", reps=12)  # topped the range: the method would add weight
    _override(coach, athlete, row, weight="52.5", reps=9)
    card = _card(athlete_client, workout)
    text = _text(card)
    assert "Next set, set by your coach 52.5 lb × 9" in text
    assert "“Slow on the way down” · Carol Coach" in text
    assert (_prefilled(card, "weight"), _prefilled(card, "reps")) == ("52.5", "9")


def test_after_the_next_working_set_the_method_is_back(athlete_client, coach, athlete, workout, row):
    _override(coach, athlete, row, weight="52.5", reps=9)
    _log(athlete, workout, weight="52.5", reps=9)
    card = _card(athlete_client, workout)
    assert "set by your coach" not in _text(card)
    assert "Next set" in _text(card)
    assert not active_overrides(athlete).exists()
    assert CoachOverride.objects.get().cleared_at is None  # nothing written: derived from the log


def test_a_warm_up_does_not_use_it_up(athlete_client, coach, athlete, workout, row):
    _override(coach, athlete, row, weight="52.5", reps=9)
    _log(athlete, workout, weight="20", reps=10, warmup=True)
    assert "set by your coach 52.5 lb × 9" in _text(_card(athlete_client, workout))


def test_a_set_logged_before_it_was_set_does_not_use_it_up(athlete_client, coach, athlete, workout, row):
    _log(athlete, workout)
    _override(coach, athlete, row)
    assert "set by your coach" in _text(_card(athlete_client, workout))


def test_without_reps_the_methods_reps_stay(athlete_client, coach, athlete, workout, row):
    _log(athlete, workout, weight="50", reps=9)
    _override(coach, athlete, row, weight="45", reps=None, note="")
    card = _card(athlete_client, workout)
    assert "set by your coach 45 lb" in _text(card) and "“" not in _text(card)
    assert _prefilled(card, "weight") == "45" and _prefilled(card, "reps") == "9"  # the same reps again (issue 24)


def test_it_shows_in_the_athletes_unit(athlete_client, coach, athlete, workout, row):
    athlete.unit = "kg"
    athlete.save()
    _override(coach, athlete, row, weight="100", unit="lb")
    card = _card(athlete_client, workout)
    assert "set by your coach 45.36 kg" in _text(card)
    assert _prefilled(card, "weight") == "45.36"


def test_a_finished_workout_does_not_show_it(athlete_client, coach, athlete, workout, row):
    _override(coach, athlete, row)
    TrainingSession.objects.filter(pk=workout.pk).update(finished_at=workout.started_at)
    assert "set by your coach" not in _text(_card(athlete_client, workout))


def test_one_query_for_all_of_the_pages_overrides(
    athlete_client, coach, athlete, django_assert_max_num_queries, workout
):
    # tests/training_log/test_pages.py's bound for the session page, with an override on each of 6 cards: one
    # query more, as only with an override pending does the log say whether a set has used it up.
    for position in range(1, 6):
        SessionExerciseFactory(session=workout, position=position, rep_min=8, rep_max=12)
    for item in workout.exercises.all():
        _override(coach, athlete, item.exercise)
    with django_assert_max_num_queries(12):
        response = athlete_client.get(f"/log/sessions/{workout.pk}/")
    assert _text(response.content).count("set by your coach") == 6


# The coach's page


@pytest.fixture
def coach_client(client, coach):
    client.force_login(coach)
    return client


def test_the_form_defaults_to_the_athletes_unit_and_the_linked_exercise(coach_client, athlete, row):
    athlete.unit = "kg"
    athlete.save()
    page = coach_client.get(f"/coach/athletes/{athlete.pk}/override/?exercise={row.pk}").content.decode()
    assert re.search(rf'<option value="{row.pk}" selected>Chest-supported row</option>', page)
    assert '<option value="kg" selected>' in page


@pytest.mark.parametrize("exercise", ["x", "²", "9" * 25, ""])
def test_a_bad_exercise_in_the_link_preselects_nothing(coach_client, athlete, row, exercise):
    response = coach_client.get(f"/coach/athletes/{athlete.pk}/override/?exercise={exercise}")
    assert response.status_code == 200 and " selected>Chest" not in response.content.decode()


def test_setting_one_from_the_page(coach_client, athlete, row):
    data = {"exercise": row.pk, "weight": "62,5", "unit": "lb", "reps": "8", "note": "Pause at the top"}
    response = coach_client.post(f"/coach/athletes/{athlete.pk}/override/", data, follow=True)
    text = _text(response.content)
    assert "Chest-supported row: next set 62.5 lb × 8. Alice Athlete sees it on their next workout." in text
    assert "Chest-supported row : 62.5 lb × 8" in text and "“Pause at the top”" in text
    assert CoachOverride.objects.get().weight == D("62.5")


@pytest.mark.parametrize(
    "data, message",
    [
        ({"weight": "lots"}, "Enter the weight as a number"),
        ({"weight": "2201"}, "That's more than 2200 lb"),
        ({"weight": "1001", "unit": "kg"}, "That's more than 1000 kg"),
        ({"reps": "0"}, "Reps go from 1 to 100."),
        ({"note": "x" * 141}, "at most 140 characters"),
        ({"exercise": "999999"}, "Pick an exercise from the list."),
    ],
)
def test_bad_input_comes_back_with_a_message(coach_client, athlete, row, data, message):
    posted = {"exercise": row.pk, "weight": "60", "unit": "lb", "reps": "8", "note": ""} | data
    response = coach_client.post(f"/coach/athletes/{athlete.pk}/override/", posted)
    assert response.status_code == 200 and message in _text(response.content)
    assert not CoachOverride.objects.exists()


def test_clearing_from_the_page(coach_client, coach, athlete, row):
    override = _override(coach, athlete, row)
    response = coach_client.post(f"/coach/athletes/{athlete.pk}/override/{override.pk}/clear/", follow=True)
    assert OVERRIDE_CLEARED in _text(response.content)
    assert "Nothing set" in _text(response.content)


def test_another_athletes_override_cannot_be_cleared_through_this_athlete(coach_client, coach, athlete, row):
    from tests.factories import UserFactory

    bob = UserFactory()
    CoachingLink.objects.create(coach=coach, athlete=bob)
    bobs = _override(coach, bob, row)
    response = coach_client.post(f"/coach/athletes/{athlete.pk}/override/{bobs.pk}/clear/")
    assert response.status_code == 404 and active_overrides(bob).exists()


@pytest.mark.parametrize("count", [1, 20])
def test_the_page_runs_a_bounded_number_of_queries(coach_client, coach, athlete, django_assert_max_num_queries, count):
    for _ in range(count):
        _override(coach, athlete, ExerciseFactory())
    # session, user, athlete, exercises to pick, the overrides (with exercise and coach), the menu
    with django_assert_max_num_queries(6):
        response = coach_client.get(f"/coach/athletes/{athlete.pk}/override/")
    assert (
        response.content.decode().count('class="card card-body mb-2 d-flex flex-row align-items-center gap-2 override"')
        == count
    )
