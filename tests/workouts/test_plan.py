"""The plan: what an athlete will train and when, and one session changed by whoever planned it."""

import datetime
import re
import uuid
from html import unescape

import pytest
from django import forms
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts import services as account_services
from accounts.models import CoachingLink
from exercises.models import Exercise
from tests.factories import ExerciseFactory, PlannedExerciseFactory, PlannedSessionFactory, UserFactory
from workouts import services
from workouts.models import ITEMS_MAX, PlannedSession
from workouts.selectors import sessions_changeable_by

DAY = datetime.timedelta(days=1)


def _text(response):
    """The page as a reader sees it: no tags, single spaces."""
    html = re.sub(r"<(script|style).*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _day(date):
    return f"{date:%a} {date.day} {date:%b}"


def _session(athlete, planned_by, date, name, *slugs):
    session = PlannedSessionFactory(athlete=athlete, planned_by=planned_by, date=date, name=name)
    for position, slug in enumerate(slugs):
        PlannedExerciseFactory(session=session, exercise=Exercise.objects.get(slug=slug), position=position)
    return session


@pytest.fixture
def week(library, athlete, coach):
    """Alice's sessions: one yesterday and two ahead from Carol, one ahead she planned herself. All 3 x 4-6."""
    today = timezone.localdate()
    return {
        "upper_b": _session(athlete, coach, today + 3 * DAY, "Upper back B", "rack-pull", "cable-row"),
        "yesterday": _session(athlete, coach, today - DAY, "Yesterday's pulls", "deadlift"),
        "own": _session(athlete, athlete, today + DAY, "My own rows", "seal-row"),
        "upper_a": _session(athlete, coach, today, "Upper back A", "deadlift", "face-pull"),
    }


# /plan/


def test_plan_shows_upcoming_sessions_by_date(client, athlete, week):
    client.force_login(athlete)
    text = _text(client.get("/plan/"))
    headings = [f"{_day(week[key].date)} · {week[key].name}" for key in ("upper_a", "own", "upper_b")]
    assert [text.index(heading) for heading in headings] == sorted(text.index(heading) for heading in headings)


def test_plan_leaves_out_sessions_before_this_week(client, athlete, week):
    monday = timezone.localdate() - timezone.localdate().weekday() * DAY
    _session(athlete, athlete, monday - DAY, "Last Sunday's rows", "seal-row")
    _session(athlete, athlete, monday, "This Monday's rows", "seal-row")
    client.force_login(athlete)
    text = _text(client.get("/plan/"))
    assert "Last Sunday's rows" not in text and "This Monday's rows" in text


def test_plan_says_who_planned_each_session(client, athlete, week):
    client.force_login(athlete)
    text = _text(client.get("/plan/"))
    assert "Upper back A Planned by Carol Coach" in text
    assert "My own rows Planned by you" in text


def test_plan_shows_each_exercises_prescription(client, athlete, week):
    client.force_login(athlete)
    text = _text(client.get("/plan/"))
    assert "Deadlift 3 × 4-6" in text and "Face pull 3 × 4-6" in text and "Cable row 3 × 4-6" in text


def test_coach_sees_the_athletes_plan(client, coach, athlete, week):
    client.force_login(coach)
    text = _text(client.get(f"/plan/athletes/{athlete.pk}/"))
    assert "Alice Athlete's plan" in text
    assert "Upper back A Planned by you" in text and "My own rows Planned by Alice Athlete" in text
    assert "Deadlift 3 × 4-6" in text


@pytest.mark.parametrize("outsider", ["other_athlete", "unlinked_coach"])
def test_nobody_else_sees_the_athletes_plan(client, request, athlete, week, outsider):
    client.force_login(request.getfixturevalue(outsider))
    assert client.get(f"/plan/athletes/{athlete.pk}/").status_code == 404


# Changing one session


@pytest.fixture
def assigned(public_templates, coach, athlete, monday):
    """Carol's copy of Upper back A, assigned to Alice on the next two Mondays."""
    template = services.copy_template(template=public_templates["upper-back-a"], actor=coach)
    services.assign(
        actor=coach,
        athletes=[athlete],
        templates=[template],
        start=monday,
        weekdays=[1],
        weeks=2,
        submission_id=uuid.uuid4(),
    )
    first, second = PlannedSession.objects.order_by("date")
    return {"template": template, "first": first, "second": second}


def _session_form(session, typed=None):
    """The session page's form as it posts it: what is stored, with `typed` typed over it."""
    rows = list(session.exercises.order_by("position", "pk"))
    data = {
        "exercises-TOTAL_FORMS": str(len(rows)),
        "exercises-INITIAL_FORMS": str(len(rows)),
        "exercises-MIN_NUM_FORMS": "0",
        "exercises-MAX_NUM_FORMS": "40",
    }
    for i, row in enumerate(rows):
        data[f"exercises-{i}-id"] = str(row.pk)
        data[f"exercises-{i}-exercise"] = str(row.exercise_id)
        for name in ("sets", "rep_min", "rep_max", "rir_min", "rir_max", "note"):
            data[f"exercises-{i}-{name}"] = str(getattr(row, name))
    return data | (typed or {})


def _prescriptions(rows):
    return [(row.exercise.slug, row.sets, row.rep_min, row.rep_max) for row in rows.order_by("position")]


def _swap_deadlift_for_rack_pulls(client, session):
    rack_pull = Exercise.objects.get(slug="rack-pull")
    typed = {"exercises-0-exercise": str(rack_pull.pk), "exercises-0-sets": "4", "exercises-0-rep_min": "3"}
    return client.post(f"/plan/sessions/{session.pk}/edit/", _session_form(session, typed), follow=True)


def test_coach_swaps_an_exercise_for_an_alternative_and_changes_its_sets_and_reps(client, coach, assigned):
    client.force_login(coach)
    response = _swap_deadlift_for_rack_pulls(client, assigned["first"])
    assert "1. Rack pull 4 × 3-6 reps" in _text(response)
    assert _prescriptions(assigned["first"].exercises)[0] == ("rack-pull", 4, 3, 6)


def test_changing_one_session_leaves_the_others_alone(client, coach, assigned):
    before = _prescriptions(assigned["second"].exercises)
    client.force_login(coach)
    _swap_deadlift_for_rack_pulls(client, assigned["first"])
    assert _prescriptions(assigned["second"].exercises) == before


def test_changing_one_session_leaves_the_template_alone(client, coach, assigned):
    before = _prescriptions(assigned["template"].items)
    client.force_login(coach)
    _swap_deadlift_for_rack_pulls(client, assigned["first"])
    assert _prescriptions(assigned["template"].items) == before


def test_session_edit_offers_the_exercise_and_its_alternatives(client, coach, assigned):
    client.force_login(coach)
    html = client.get(f"/plan/sessions/{assigned['first'].pk}/edit/").content.decode()
    select = re.search(r'<select name="exercises-0-exercise".*?</select>', html, re.S).group(0)
    options = re.findall(r">([^<]+)</option>", select)
    assert options[0] == "Deadlift" and sorted(options[1:]) == ["Rack pull", "Romanian deadlift"]


def test_an_exercise_that_is_not_an_alternative_is_refused(client, coach, assigned):
    session = assigned["first"]
    before = _prescriptions(session.exercises)
    face_pull = Exercise.objects.get(slug="face-pull")
    client.force_login(coach)
    response = client.post(
        f"/plan/sessions/{session.pk}/edit/", _session_form(session, {"exercises-0-exercise": str(face_pull.pk)})
    )
    invalid = forms.ChoiceField.default_error_messages["invalid_choice"] % {"value": face_pull.pk}
    assert response.status_code == 200 and invalid in unescape(response.content.decode())
    assert _prescriptions(session.exercises) == before


def test_the_athlete_cannot_change_what_the_coach_planned(client, athlete, assigned):
    session = assigned["first"]
    before = _prescriptions(session.exercises)
    client.force_login(athlete)
    assert client.get(f"/plan/sessions/{session.pk}/edit/").status_code == 403
    response = client.post(f"/plan/sessions/{session.pk}/edit/", _session_form(session, {"exercises-0-sets": "9"}))
    assert response.status_code == 403
    assert _prescriptions(session.exercises) == before


def test_an_extra_form_in_a_tampered_post_is_no_error_page(client, coach, assigned):
    session = assigned["first"]
    before = _prescriptions(session.exercises)
    client.force_login(coach)
    typed = {
        "exercises-TOTAL_FORMS": "5",
        "exercises-4-sets": "3",
        "exercises-4-rir_min": "1",
        "exercises-4-rir_max": "2",
    }
    response = client.post(f"/plan/sessions/{session.pk}/edit/", _session_form(session, typed))
    assert response.status_code in (200, 302)
    assert _prescriptions(session.exercises) == before


def test_a_huge_form_count_is_refused_without_building_that_many_forms(client, coach, assigned):
    session = assigned["first"]
    client.force_login(coach)
    response = client.post(
        f"/plan/sessions/{session.pk}/edit/", _session_form(session, {"exercises-TOTAL_FORMS": "2000"})
    )
    html = response.content.decode()
    assert "Nothing was saved" in html and html.count("<fieldset") <= ITEMS_MAX


# Query counts


def _plan_for(athlete, sessions, exercises_each):
    planner = UserFactory()
    for n in range(sessions):
        session = PlannedSessionFactory(athlete=athlete, planned_by=planner, date=timezone.localdate() + n * DAY)
        PlannedExerciseFactory.create_batch(exercises_each, session=session)


@pytest.mark.parametrize("sessions, exercises_each", [(4, 1), (60, 5)])
def test_plan_runs_a_bounded_number_of_queries(
    client, athlete, django_assert_max_num_queries, sessions, exercises_each
):
    _plan_for(athlete, sessions, exercises_each)
    client.force_login(athlete)
    with django_assert_max_num_queries(5):  # session, user, sessions, their exercises, unread comments (menu)
        response = client.get("/plan/")
    assert response.content.decode().count("planned-session") == sessions


@pytest.mark.parametrize("exercises", [1, 12])
def test_session_edit_runs_a_bounded_number_of_queries(
    client, coach, athlete, django_assert_max_num_queries, exercises
):
    session = PlannedSessionFactory(athlete=athlete, planned_by=coach)
    for row in PlannedExerciseFactory.create_batch(exercises, session=session):
        row.exercise.alternatives.set(ExerciseFactory.create_batch(2))
    client.force_login(coach)
    with django_assert_max_num_queries(8):  # session, user, the session, its exercises, three for the choices, menu
        response = client.get(f"/plan/sessions/{session.pk}/edit/")
    assert response.content.decode().count("<fieldset") == exercises


def test_a_started_session_can_no_longer_be_changed(client, coach, athlete):
    from django.utils import timezone

    from tests.factories import PlannedExerciseFactory, PlannedSessionFactory

    session = PlannedSessionFactory(athlete=athlete, planned_by=coach, started_at=timezone.now())
    PlannedExerciseFactory(session=session)
    client.force_login(coach)
    assert client.get(f"/plan/sessions/{session.pk}/edit/").status_code == 403


# After the coaching link ends, the sessions the coach planned are the athlete's


@pytest.fixture(params=["athlete", "coach"], ids=["athlete-ended-it", "coach-ended-it"])
def link_ended(request, assigned, coach, athlete):
    """Carol planned two Mondays for Alice; then one of them ended the link."""
    by = {"athlete": athlete, "coach": coach}[request.param]
    account_services.end_link(link=CoachingLink.objects.get(coach=coach, athlete=athlete), actor=by)
    return assigned


def test_after_the_link_ends_the_athlete_changes_a_session_the_coach_planned(client, athlete, link_ended):
    client.force_login(athlete)
    response = _swap_deadlift_for_rack_pulls(client, link_ended["first"])
    assert "1. Rack pull 4 × 3-6 reps" in _text(response)
    assert _prescriptions(link_ended["first"].exercises)[0] == ("rack-pull", 4, 3, 6)


def test_after_the_link_ends_the_session_page_offers_the_athlete_the_change(client, athlete, link_ended):
    client.force_login(athlete)
    session = link_ended["first"]
    response = client.get(f"/plan/sessions/{session.pk}/")
    assert "Change this session" in _text(response) and "planned by Carol Coach" in _text(response)


def test_after_the_link_ends_the_former_coach_changes_nothing(coach, link_ended):
    session = link_ended["first"]
    before = _prescriptions(session.exercises)
    row = session.exercises.order_by("position").first()
    row.sets = 9
    with pytest.raises(PermissionDenied):
        services.save_session_exercises(actor=coach, session=session, exercises=[row])
    assert _prescriptions(session.exercises) == before


def test_while_linked_the_athlete_may_not_change_the_coachs_session_in_the_service(athlete, assigned):
    session = assigned["first"]
    row = session.exercises.order_by("position").first()
    row.sets = 9
    with pytest.raises(PermissionDenied):
        services.save_session_exercises(actor=athlete, session=session, exercises=[row])
    assert session.exercises.order_by("position").first().sets == 3


def test_a_session_whose_planner_is_gone_is_the_athletes(library, athlete):
    session = _session(athlete, UserFactory(), timezone.localdate(), "Old plan", "deadlift")
    session.planned_by.delete()
    assert list(sessions_changeable_by(athlete)) == [session]


def test_an_exercise_of_another_session_is_refused(coach, assigned):
    stray = assigned["second"].exercises.order_by("position").first()
    stray.sets = 9
    with pytest.raises(PermissionDenied):
        services.save_session_exercises(actor=coach, session=assigned["first"], exercises=[stray])
    assert assigned["second"].exercises.order_by("position").first().sets == 3


def test_session_edit_offers_the_athletes_and_coachs_custom_exercises(client, coach, athlete, other_athlete, assigned):
    from tests.factories import CustomExerciseFactory

    CustomExerciseFactory(created_by=athlete, name="Alice's band row")
    CustomExerciseFactory(created_by=coach, name="Carol's pulldown")
    CustomExerciseFactory(created_by=other_athlete, name="Oscar's row")
    client.force_login(coach)
    text = _text(client.get(f"/plan/sessions/{assigned['first'].pk}/edit/"))
    assert "Alice's band row" in text and "Carol's pulldown" in text and "Oscar's row" not in text


def test_a_custom_exercise_the_planner_may_not_pick_is_refused(coach, other_athlete, assigned):
    from exercises.selectors import NOT_PICKABLE
    from tests.factories import CustomExerciseFactory

    row = assigned["first"].exercises.order_by("position").first()
    row.exercise = CustomExerciseFactory(created_by=other_athlete)
    with pytest.raises(PermissionDenied) as error:
        services.save_session_exercises(actor=coach, session=assigned["first"], exercises=[row])
    assert error.value.args == (NOT_PICKABLE,)
    assert assigned["first"].exercises.order_by("position").first().exercise.slug == "deadlift"
