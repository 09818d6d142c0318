"""Deleting an account: everything of the user goes after their password, other people's history stays,
and a coach loses a deleted athlete at once."""

import uuid
from decimal import Decimal

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.html import escape

from accounts.models import CoachingLink, EmailChange, Invitation, User
from accounts.services import DELETE_WRONG_PASSWORD, ONLY_YOURSELF, create_invitation, request_account_deletion
from exercises.models import Exercise
from exercises.selectors import library_exercises
from tests.factories import (
    PASSWORD,
    CoachOverrideFactory,
    CustomExerciseFactory,
    ExerciseMuscleFactory,
    ExerciseStepFactory,
    PlannedExerciseFactory,
    PlannedSessionFactory,
    SessionExerciseFactory,
    TemplateItemFactory,
    UserFactory,
    WorkoutTemplateFactory,
)
from training_log.models import CoachOverride, Comment, CommentRead, SessionExercise, SetLog, TrainingSession
from training_log.services.comments import add_comment, mark_read
from training_log.services.sessions import log_set, start_session
from workouts.models import PlannedExercise, PlannedSession, TemplateItem, WorkoutTemplate

URL = "/accounts/delete/"
DONE = "Your account and everything in it is deleted."


def _log(athlete, session_exercise, weight="100"):
    logged, _ = log_set(
        actor=athlete,
        session_exercise=session_exercise,
        weight=Decimal(weight),
        unit="lb",
        reps=8,
        rir=2,
        client_id=uuid.uuid4(),
    )
    return logged


def _planned_and_logged(athlete, planner, exercise) -> TrainingSession:
    """A workout `planner` planned for `athlete` with `exercise`, started and one set logged."""
    planned = PlannedSessionFactory(athlete=athlete, planned_by=planner)
    PlannedExerciseFactory(session=planned, exercise=exercise)
    session, _ = start_session(actor=athlete, planned_session=planned)
    _log(athlete, session.exercises.get())
    return session


def _owned_by(user) -> dict[str, int]:
    """How many rows of each kind belong to the user."""
    return {
        "sessions": TrainingSession.objects.filter(athlete=user).count(),
        "session exercises": SessionExercise.objects.filter(session__athlete=user).count(),
        "sets": SetLog.objects.filter(athlete=user).count(),
        "planned": PlannedSession.objects.filter(athlete=user).count(),
        "planned exercises": PlannedExercise.objects.filter(session__athlete=user).count(),
        "templates": WorkoutTemplate.objects.filter(owner=user).count(),
        "template items": TemplateItem.objects.filter(template__owner=user).count(),
        "exercises": Exercise.objects.filter(created_by=user).count(),
        "comments": Comment.objects.filter(author=user).count(),
        "reads": CommentRead.objects.filter(user=user).count(),
        "overrides": CoachOverride.objects.filter(athlete=user).count(),
        "links": CoachingLink.objects.filter(coach=user).count() + CoachingLink.objects.filter(athlete=user).count(),
        "invitations": Invitation.objects.filter(coach=user).count(),
    }


def test_user_who_logged_their_own_exercise_can_be_deleted(athlete):
    # The case: SetLog.exercise PROTECTs the exercise, so a plain user.delete() raised ProtectedError.
    mine = CustomExerciseFactory(created_by=athlete, name="My band row")
    _planned_and_logged(athlete, athlete, mine)
    TemplateItemFactory(template=WorkoutTemplateFactory(owner=athlete), exercise=mine)

    request_account_deletion(actor=athlete, user=athlete, password=PASSWORD)

    assert not User.objects.filter(pk=athlete.pk).exists()
    assert not Exercise.objects.filter(name="My band row").exists()
    assert not SetLog.objects.exists()


def test_wrong_password_deletes_nothing(athlete):
    _planned_and_logged(athlete, athlete, CustomExerciseFactory(created_by=athlete))
    before = _owned_by(athlete)
    with pytest.raises(ValidationError) as error:
        request_account_deletion(actor=athlete, user=athlete, password="not-my-password")
    assert error.value.messages == [DELETE_WRONG_PASSWORD]
    assert User.objects.filter(pk=athlete.pk).exists()
    assert _owned_by(athlete) == before


def test_nobody_else_can_delete_an_account(athlete, coach):
    with pytest.raises(PermissionDenied, match=ONLY_YOURSELF):
        request_account_deletion(actor=coach, user=athlete, password=PASSWORD)
    with pytest.raises(PermissionDenied):
        request_account_deletion(actor=coach, user=athlete, password="anything")
    assert User.objects.filter(pk=athlete.pk).exists()


def _busy_world(athlete, coach, other_athlete, library):
    """Both the athlete and their coach use everything; another athlete has a history of their own."""
    row = Exercise.objects.get(slug="deadlift")
    mine = CustomExerciseFactory(created_by=athlete)
    ours = _planned_and_logged(athlete, coach, row)
    _planned_and_logged(athlete, athlete, mine)
    TemplateItemFactory(template=WorkoutTemplateFactory(owner=athlete), exercise=mine)
    TemplateItemFactory(template=WorkoutTemplateFactory(owner=coach), exercise=row)
    PlannedSessionFactory(athlete=athlete, planned_by=coach)  # a future one
    add_comment(actor=athlete, session=ours, body="Felt heavy", client_id=uuid.uuid4())
    add_comment(actor=coach, session=ours, body="Good work", client_id=uuid.uuid4())
    mark_read(actor=coach, session=ours)
    CoachOverrideFactory(athlete=athlete, exercise=row, set_by=coach, weight=100, reps=None)
    create_invitation(actor=coach)
    EmailChange.objects.create(
        user=athlete, new_email="new@example.com", token_hash="x" * 64, expires_at=ours.started_at.replace(year=2999)
    )
    AccessAttempt.objects.create(username=athlete.username, failures_since_start=2, ip_address="10.0.0.1")
    AccessAttempt.objects.create(username=coach.username, failures_since_start=1, ip_address="10.0.0.1")
    theirs = _planned_and_logged(other_athlete, other_athlete, row)
    add_comment(actor=other_athlete, session=theirs, body="Easy", client_id=uuid.uuid4())
    WorkoutTemplateFactory(owner=other_athlete)


def test_everything_of_the_athlete_goes_and_nothing_of_anyone_else(athlete, coach, other_athlete, library):
    _busy_world(athlete, coach, other_athlete, library)
    coach_before, other_before = _owned_by(coach), _owned_by(other_athlete)
    assert all(_owned_by(athlete)[kind] for kind in ("sessions", "sets", "planned", "templates", "exercises"))

    request_account_deletion(actor=athlete, user=athlete, password=PASSWORD)

    assert set(_owned_by(athlete).values()) == {0}
    assert not EmailChange.objects.exists()
    assert not AccessAttempt.objects.filter(username="athlete").exists()
    assert AccessAttempt.objects.filter(username="coach").exists()
    # The coach loses the link, the comment they wrote in the athlete's thread and the read mark on it.
    assert _owned_by(coach) == coach_before | {"links": 0, "comments": 0, "reads": 0}
    assert _owned_by(other_athlete) == other_before
    assert Comment.objects.get().body == "Easy"


def test_everything_of_the_coach_goes_and_the_athletes_plans_stay(athlete, coach, other_athlete, library):
    _busy_world(athlete, coach, other_athlete, library)
    athlete_before = _owned_by(athlete)

    request_account_deletion(actor=coach, user=coach, password=PASSWORD)

    assert set(_owned_by(coach).values()) == {0}
    assert not User.objects.filter(username="coach").exists()
    # The athlete keeps their workouts, sets and the sessions the coach planned (now with no planner);
    # the coach's word (their comment, their override) and the link go.
    assert _owned_by(athlete) == athlete_before | {"links": 0, "overrides": 0}
    assert list(Comment.objects.filter(session__athlete=athlete).values_list("body", flat=True)) == ["Felt heavy"]
    assert PlannedSession.objects.filter(athlete=athlete, planned_by__isnull=True).count() == 2


def test_coachs_exercise_stays_in_the_athletes_history_and_out_of_the_library(client, athlete, coach):
    band_row = CustomExerciseFactory(created_by=coach, name="Coach band row", notes="Private coach note")
    ExerciseMuscleFactory(exercise=band_row)
    ExerciseStepFactory(exercise=band_row, text="Pull the band apart.")
    session = _planned_and_logged(athlete, coach, band_row)
    swapped = SessionExerciseFactory(session=session, swapped_from=band_row)
    athlete_template = WorkoutTemplateFactory(owner=athlete)
    TemplateItemFactory(template=athlete_template, exercise=band_row)
    TemplateItemFactory(template=WorkoutTemplateFactory(owner=coach), exercise=band_row)

    request_account_deletion(actor=coach, user=coach, password=PASSWORD)

    logged = SetLog.objects.select_related("exercise").get(athlete=athlete)
    kept = logged.exercise
    assert kept.name == "Coach band row"
    assert kept.created_by == athlete and kept.is_archived and kept.notes == ""
    assert kept.slug == f"custom-{kept.pk}"
    assert list(kept.steps.values_list("text", flat=True)) == ["Pull the band apart."]
    assert kept.muscle_roles.count() == 1
    assert session.exercises.get(swapped_from=None).exercise == kept
    swapped.refresh_from_db()
    assert swapped.swapped_from == kept
    assert PlannedExercise.objects.get(session__athlete=athlete).exercise == kept
    assert TemplateItem.objects.get(template=athlete_template).exercise == kept
    assert not Exercise.objects.filter(pk=band_row.pk).exists()
    assert not library_exercises().filter(name="Coach band row").exists()

    client.force_login(athlete)
    assert "Coach band row" in client.get(session.get_absolute_url()).content.decode()
    assert "Coach band row" not in client.get("/exercises/").content.decode()


def test_one_exercise_used_by_two_athletes_gives_each_their_own_copy(athlete, coach, other_athlete):
    CoachingLink.objects.create(coach=coach, athlete=other_athlete)
    band_row = CustomExerciseFactory(created_by=coach, name="Band row")
    _planned_and_logged(athlete, coach, band_row)
    _planned_and_logged(other_athlete, coach, band_row)

    request_account_deletion(actor=coach, user=coach, password=PASSWORD)

    for lifter in (athlete, other_athlete):
        assert SetLog.objects.get(athlete=lifter).exercise.created_by == lifter
    assert Exercise.objects.filter(name="Band row").count() == 2


# The page


def test_page_counts_what_goes_and_suggests_exporting(client, athlete, coach, other_athlete, library):
    _busy_world(athlete, coach, other_athlete, library)
    client.force_login(athlete)
    page = client.get(URL).content.decode()
    assert "2 workouts" in page and "2 sets" in page and "1 template" in page and "1 custom exercise" in page
    assert "1 coach" in page
    assert 'href="/log/export/"' in page


def test_posting_the_password_deletes_logs_out_and_says_so(client, athlete):
    _planned_and_logged(athlete, athlete, CustomExerciseFactory(created_by=athlete))
    client.force_login(athlete)
    response = client.post(URL, {"password": PASSWORD, "understood": "on"}, follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/deleting/")  # its progress page
    assert DONE in response.content.decode()  # the tests' tasks run at once
    assert not User.objects.filter(username="athlete").exists()
    assert "_auth_user_id" not in client.session
    assert client.get("/accounts/settings/").status_code == 302


def test_wrong_password_on_the_page_keeps_everything(client, athlete):
    client.force_login(athlete)
    response = client.post(URL, {"password": "not-it", "understood": "on"})
    assert response.status_code == 200
    assert escape(DELETE_WRONG_PASSWORD) in response.content.decode()
    assert User.objects.filter(username="athlete").exists()


def test_the_box_must_be_ticked(client, athlete):
    client.force_login(athlete)
    response = client.post(URL, {"password": PASSWORD})
    assert response.status_code == 200
    assert User.objects.filter(username="athlete").exists()


def test_wrong_passwords_count_towards_the_log_in_lock(client, athlete, settings):
    client.force_login(athlete)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(URL, {"password": "guess", "understood": "on"}).status_code == 200
    assert AccessAttempt.objects.get(username="athlete").failures_since_start == settings.AXES_FAILURE_LIMIT - 1
    assert client.post(URL, {"password": "guess", "understood": "on"}).status_code == 429
    # Locked: even the right password deletes nothing until the lock cools off.
    assert client.post(URL, {"password": PASSWORD, "understood": "on"}).status_code == 429
    assert User.objects.filter(username="athlete").exists()


def test_coach_loses_a_deleted_athlete_at_once(client, athlete, coach, library):
    _planned_and_logged(athlete, coach, Exercise.objects.get(slug="deadlift"))
    athlete_id = athlete.pk
    client.force_login(coach)
    assert client.get(f"/coach/athletes/{athlete_id}/").status_code == 200

    request_account_deletion(actor=athlete, user=athlete, password=PASSWORD)

    for url in ("/coach/athletes/{}/", "/plan/athletes/{}/", "/log/athletes/{}/", "/progress/athletes/{}/"):
        assert client.get(url.format(athlete_id)).status_code == 404, url
    assert "Alice Athlete" not in client.get("/coach/").content.decode()
    assert "Alice Athlete" not in client.get("/coach/athletes/").content.decode()


def test_page_runs_a_bounded_number_of_queries(client, athlete, coach, library, django_assert_max_num_queries):
    row = Exercise.objects.get(slug="deadlift")
    for _ in range(5):
        _planned_and_logged(athlete, coach, row)
        CustomExerciseFactory(created_by=athlete)
        WorkoutTemplateFactory(owner=athlete)
        CoachingLink.objects.create(coach=UserFactory(is_coach=True), athlete=athlete)
    client.force_login(athlete)
    with django_assert_max_num_queries(4):
        response = client.get(URL)
    assert "5 workouts" in response.content.decode() and "6 coaches" in response.content.decode()
