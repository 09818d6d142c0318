"""How a coach's override stops counting before its set: the coaching link ends (either side ends it), or
the athlete dismisses it from their card ("Use my own advice") and their coach's page says so."""

import datetime
import importlib
import re
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.models import CoachingLink
from accounts.services import accept_invitation, create_invitation, end_link
from tests.clock import on
from tests.factories import ExerciseFactory, SessionExerciseFactory, UserFactory
from tests.pages import page_text as _text
from training_log.models import CoachOverride
from training_log.selectors.overrides import active_overrides, pending_overrides
from training_log.services.overrides import dismiss_override, end_with_link, set_override
from training_log.services.sessions import log_set
from training_log.views.workout import OVERRIDE_DISMISSED

D = Decimal
Cleared = CoachOverride.Cleared
TUESDAY = on("Tuesday")


def _override(coach, athlete, exercise, weight="52.5", reps=9):
    return set_override(
        actor=coach, athlete=athlete, exercise=exercise, weight=D(weight), unit="lb", reps=reps, note="Slow down"
    )


def _log(athlete, workout, weight="50", reps=12):
    log_set(
        actor=athlete,
        session_exercise=workout.exercises.get(),
        weight=D(weight),
        unit="lb",
        reps=reps,
        rir=2,
        client_id=uuid.uuid4(),
    )


def _card(client, workout) -> str:
    content = client.get(f"/log/sessions/{workout.pk}/").content.decode()
    start = content.index('<article id="card-')
    return content[start : content.index("</article>", start)]


def _weight_offered(card) -> str:
    return re.search(r'name="ex\d+-weight"[^>]*value="([^"]*)"', card).group(1)


def _dismiss_url(workout, override) -> str:
    return f"/log/sessions/{workout.pk}/exercises/{workout.exercises.get().pk}/overrides/{override.pk}/dismiss/"


@pytest.fixture
def athlete_client(client, athlete):
    client.force_login(athlete)
    return client


def _end(coach, athlete, by):
    end_link(
        link=CoachingLink.objects.get(coach=coach, athlete=athlete), actor={"athlete": athlete, "coach": coach}[by]
    )


# The link ends


@pytest.mark.parametrize("ended_by", ["athlete", "coach"])
def test_the_override_stops_counting_the_moment_the_link_ends(athlete_client, coach, athlete, workout, row, ended_by):
    _log(athlete, workout)
    own_advice = _weight_offered(_card(athlete_client, workout))
    _override(coach, athlete, row)
    assert "set by your coach 52.5 lb × 9" in _text(_card(athlete_client, workout))
    _end(coach, athlete, ended_by)
    card = _card(athlete_client, workout)
    assert "set by your coach" not in _text(card) and "Use my own advice" not in _text(card)
    assert _weight_offered(card) == own_advice
    assert CoachOverride.objects.get().cleared_reason == Cleared.LINK_ENDED


def test_another_coachs_overrides_outlive_the_old_coachs_link(coach, athlete, row):
    new_coach = UserFactory(display_name="Nina New", is_coach=True)
    invitation, _ = create_invitation(actor=new_coach)
    accept_invitation(actor=athlete, invitation=invitation)
    press = ExerciseFactory(name="Overhead press")
    _override(coach, athlete, row)
    theirs = _override(new_coach, athlete, press, weight="40")
    _end(coach, athlete, "athlete")
    assert list(active_overrides(athlete)) == [theirs]
    assert list(pending_overrides(athlete, {row.pk, press.pk})) == [press.pk]


def test_a_coach_linked_after_the_old_one_left_keeps_theirs(coach, athlete, row):
    _override(coach, athlete, row)
    _end(coach, athlete, "coach")
    new_coach = UserFactory(is_coach=True)
    CoachingLink.objects.create(coach=new_coach, athlete=athlete)
    theirs = _override(new_coach, athlete, row, weight="45")
    end_link(link=CoachingLink.objects.get(coach=coach, athlete=athlete), actor=coach)  # ending it again
    assert list(active_overrides(athlete)) == [theirs]


@pytest.mark.parametrize("clock", [TUESDAY], indirect=True)
def test_an_override_that_outlived_its_link_never_counts(clock, coach, athlete, row):
    """A row the link's end did not clear (it ended before the rule, or by hand) counts neither while the two
    are apart nor after a new invitation links them again."""
    old = _override(coach, athlete, row)
    CoachingLink.objects.filter(coach=coach, athlete=athlete).update(ended_at=timezone.now())
    assert not active_overrides(athlete).exists() and pending_overrides(athlete, {row.pk}) == {}
    clock.shift(datetime.timedelta(days=1))
    CoachingLink.objects.create(coach=coach, athlete=athlete)
    assert CoachOverride.objects.get(pk=old.pk).cleared_at is None
    assert not active_overrides(athlete).exists()
    again = _override(coach, athlete, row, weight="55")  # what they set under the new link counts
    assert list(active_overrides(athlete)) == [again]


def test_only_a_side_of_an_ended_link_ends_its_overrides(coach, athlete, other_athlete, row):
    _override(coach, athlete, row)
    link = CoachingLink.objects.get(coach=coach, athlete=athlete)
    with pytest.raises(PermissionDenied):
        end_with_link(actor=coach, link=link)  # the link has not ended
    CoachingLink.objects.filter(pk=link.pk).update(ended_at=link.started_at)
    with pytest.raises(PermissionDenied):
        end_with_link(actor=other_athlete, link=link)
    assert CoachOverride.objects.get().cleared_at is None
    assert end_with_link(actor=athlete, link=link) == 1


def test_a_failing_ending_leaves_the_link_as_it_was(monkeypatch, coach, athlete, row):
    from accounts import links

    _override(coach, athlete, row)

    def broken(*, actor, link):
        raise RuntimeError("the database went away")

    monkeypatch.setitem(links._endings, "broken", broken)
    with pytest.raises(RuntimeError):
        _end(coach, athlete, "athlete")
    assert CoachingLink.objects.active().filter(coach=coach, athlete=athlete).exists()
    assert CoachOverride.objects.get().cleared_at is None


# The athlete dismisses it


def test_use_my_own_advice_brings_the_method_back(athlete_client, coach, athlete, workout, row):
    _log(athlete, workout)
    own_advice = _weight_offered(_card(athlete_client, workout))
    override = _override(coach, athlete, row)
    card = _card(athlete_client, workout)
    assert _weight_offered(card) == "52.5"
    # A real button in a form that posts without JavaScript, named for a screen reader by what it says.
    button = re.search(r"<button[^>]*override-dismiss[^>]*>([^<]*)</button>", card)
    assert button.group(1) == "Use my own advice" and 'type="submit"' in button.group(0)
    assert 'aria-label="Use my own advice for Chest-supported row"' in button.group(0)
    url = _dismiss_url(workout, override)
    assert f'action="{url}"' in card and f'hx-post="{url}"' in card
    response = athlete_client.post(_dismiss_url(workout, override), follow=True)
    assert response.redirect_chain[-1][0].endswith(f"#card-{workout.exercises.get().pk}")
    assert OVERRIDE_DISMISSED.format(exercise="Chest-supported row") in _text(response.content)
    card = _card(athlete_client, workout)
    assert "set by your coach" not in _text(card) and "Next set" in _text(card)
    assert _weight_offered(card) == own_advice
    assert CoachOverride.objects.get().cleared_reason == Cleared.DISMISSED


def test_with_htmx_the_card_comes_back_and_says_what_happened(athlete_client, coach, athlete, workout, row):
    override = _override(coach, athlete, row)
    response = athlete_client.post(_dismiss_url(workout, override), headers={"HX-Request": "true"})
    fragment = response.content.decode()
    assert response.status_code == 200 and fragment.lstrip().startswith('<article id="card-')
    announce = OVERRIDE_DISMISSED.format(exercise="Chest-supported row").replace("'", "&#x27;")
    assert f'data-announce="{announce}"' in fragment
    assert "set by your coach" not in _text(fragment)


@pytest.mark.parametrize("clock", [TUESDAY], indirect=True)
def test_a_second_tap_changes_nothing(clock, athlete_client, coach, athlete, workout, row):
    override = _override(coach, athlete, row)
    athlete_client.post(_dismiss_url(workout, override))
    first = CoachOverride.objects.get().cleared_at
    clock.shift(datetime.timedelta(minutes=1))
    response = athlete_client.post(_dismiss_url(workout, override))
    assert response.status_code == 302
    assert CoachOverride.objects.values_list("cleared_at", "cleared_reason").get() == (first, Cleared.DISMISSED)


@pytest.mark.parametrize("who", ["coach", "other_athlete", "unlinked_coach"])
def test_nobody_else_can_dismiss_it(client, request, coach, athlete, workout, row, who):
    override = _override(coach, athlete, row)
    client.force_login(request.getfixturevalue(who))
    assert client.post(_dismiss_url(workout, override)).status_code == 404
    assert list(active_overrides(athlete)) == [override]


def test_a_visitor_is_sent_to_log_in(client, coach, athlete, workout, row):
    override = _override(coach, athlete, row)
    response = client.post(_dismiss_url(workout, override))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/?next=")
    assert list(active_overrides(athlete)) == [override]


def test_another_athletes_workout_does_not_carry_it(client, coach, athlete, other_athlete, workout, row):
    override = _override(coach, athlete, row)
    theirs = SessionExerciseFactory(session__athlete=other_athlete, exercise=row).session
    client.force_login(other_athlete)
    assert client.post(_dismiss_url(theirs, override)).status_code == 404
    client.force_login(athlete)
    assert client.post(_dismiss_url(theirs, override)).status_code == 404
    assert list(active_overrides(athlete)) == [override]


def test_the_service_refuses_anyone_but_the_athlete(coach, athlete, row):
    override = _override(coach, athlete, row)
    with pytest.raises(PermissionDenied):
        dismiss_override(actor=coach, override=override)
    assert list(active_overrides(athlete)) == [override]


def test_one_used_up_by_a_set_is_not_marked_dismissed(coach, athlete, workout, row):
    override = _override(coach, athlete, row)
    _log(athlete, workout, weight="52.5", reps=9)
    assert dismiss_override(actor=athlete, override=override) is False
    assert CoachOverride.objects.get().cleared_reason == ""


def test_the_coach_only_reads_the_card(client, coach, athlete, workout, row):
    _override(coach, athlete, row)
    client.force_login(coach)
    assert "Use my own advice" not in _text(_card(client, workout))


# The coach's page of the athlete


@pytest.fixture
def coach_client(client, coach):
    client.force_login(coach)
    return client


@pytest.mark.parametrize("clock", [TUESDAY], indirect=True)
def test_the_coach_sees_it_was_dismissed(clock, coach_client, coach, athlete, row):
    dismiss_override(actor=athlete, override=_override(coach, athlete, row))
    text = _text(coach_client.get(f"/coach/athletes/{athlete.pk}/").content)
    assert "Alice Athlete went by their own advice Chest-supported row: your 52.5 lb × 9 dismissed Tue 8 Dec" in text


@pytest.mark.parametrize("clock", [TUESDAY], indirect=True)
def test_after_two_weeks_the_page_no_longer_says_so(clock, coach_client, coach, athlete, row):
    dismiss_override(actor=athlete, override=_override(coach, athlete, row))
    clock.shift(datetime.timedelta(days=15))
    assert "went by their own advice" not in _text(coach_client.get(f"/coach/athletes/{athlete.pk}/").content)


def test_another_coach_does_not_see_whose_word_was_dismissed(client, coach, athlete, row):
    other_coach = UserFactory(is_coach=True)
    CoachingLink.objects.create(coach=other_coach, athlete=athlete)
    dismiss_override(actor=athlete, override=_override(coach, athlete, row))
    client.force_login(other_coach)
    assert "went by their own advice" not in _text(client.get(f"/coach/athletes/{athlete.pk}/").content)


@pytest.mark.parametrize("dismissed", [0, 1, 5])
def test_the_coachs_page_costs_the_same_with_dismissals(
    coach_client, coach, athlete, django_assert_max_num_queries, dismissed
):
    for _ in range(dismissed):
        dismiss_override(actor=athlete, override=_override(coach, athlete, ExerciseFactory()))
    with django_assert_max_num_queries(12):
        response = coach_client.get(f"/coach/athletes/{athlete.pk}/")
    assert response.content.decode().count("dismissed ") == dismissed


# Overrides left over from before the rule


def test_the_migration_clears_what_outlived_its_link(coach, athlete, row):
    from django.apps import apps

    clear = importlib.import_module("training_log.migrations.0012_overrides_end_with_the_link")
    kept = _override(coach, athlete, ExerciseFactory())
    former = UserFactory(is_coach=True)
    CoachingLink.objects.create(coach=former, athlete=athlete)
    left_over = _override(former, athlete, row)
    CoachingLink.objects.filter(coach=former).update(ended_at=timezone.now())  # as links ended before the rule

    clear.clear_overrides_of_ended_links(apps, None)

    reasons = dict(CoachOverride.objects.values_list("pk", "cleared_reason"))
    assert reasons == {kept.pk: "", left_over.pk: Cleared.LINK_ENDED}
