"""Deleting an account in the background: the click makes it unusable at once in a few queries whatever its
history, the task worker deletes the rest in batches, a page without log-in shows what is left, and a deletion
whose worker died is picked up again."""

import datetime as dt
import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from accounts import deletion
from accounts.forms import BEING_DELETED
from accounts.models import DELETION_STALLED_AFTER, AccountDeletion, CoachingLink, User
from tests.clock import on
from tests.conftest import LOGIN_BACKEND
from tests.factories import PASSWORD, SessionExerciseFactory, SetLogFactory, TrainingSessionFactory
from training_log.models import SetLog, TrainingSession

pytestmark = pytest.mark.django_db
URL = "/accounts/delete/"
DONE = "Your account and everything in it is deleted."


class WorkerKilled(BaseException):
    """The worker's death seen from inside: no `except Exception` runs, the open transaction goes."""


@pytest.fixture
def queued(settings):
    """Tasks wait in the database for a worker, as in production, instead of running in the request."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _history(athlete, workouts: int, sets: int = 3):
    for _ in range(workouts):
        item = SessionExerciseFactory(session=TrainingSessionFactory(athlete=athlete, finished=True))
        for _ in range(sets):
            SetLogFactory(session_exercise=item)


def _phone(user) -> Client:
    phone = Client()
    phone.force_login(user, backend=LOGIN_BACKEND)
    return phone


def _delete(client, user):
    client.force_login(user, backend=LOGIN_BACKEND)
    response = client.post(URL, {"password": PASSWORD, "understood": "on"})
    assert response.status_code == 302, response.content.decode()[:1000]
    return response["Location"]


@pytest.mark.parametrize("workouts", [5, 50])
def test_the_click_runs_the_same_few_queries_whatever_the_history(
    queued, client, athlete, workouts, django_assert_max_num_queries
):
    _history(athlete, workouts)
    client.force_login(athlete, backend=LOGIN_BACKEND)
    with django_assert_max_num_queries(20):
        response = client.post(URL, {"password": PASSWORD, "understood": "on"})
    assert response.status_code == 302
    assert SetLog.objects.filter(athlete=athlete).count() == workouts * 3  # the worker deletes them


def test_the_account_is_unusable_from_the_click(queued, client, athlete, coach):
    _history(athlete, 2)
    other_phone = _phone(athlete)
    assert other_phone.get("/accounts/settings/").status_code == 200

    progress = _delete(client, athlete)

    assert other_phone.get("/accounts/settings/").status_code == 302  # logged out on every phone
    login = Client().post(reverse("login"), {"username": "athlete", "password": PASSWORD})
    assert escape(BEING_DELETED) in login.content.decode()
    assert not CoachingLink.objects.active().filter(athlete=athlete).exists()  # the coach no longer sees them
    page = Client().get(progress).content.decode()  # no log-in needed
    assert "Deleting your account" in page and "2 workouts with 6 sets" in page
    assert '<meta http-equiv="refresh" content="3">' in page


def test_the_worker_deletes_everything_and_the_page_says_so(queued, client, athlete):
    _history(athlete, 3)
    other_phone = _phone(athlete)
    progress = _delete(client, athlete)
    assert Session.objects.count() >= 1  # the other phone's session row is still there

    deletion.run(AccountDeletion.objects.get().pk)

    assert not User.objects.filter(pk=athlete.pk).exists()
    assert not TrainingSession.objects.exists() and not SetLog.objects.exists()
    assert not Session.objects.filter(session_key=other_phone.session.session_key).exists()
    page = Client().get(progress).content.decode()
    assert DONE in page and "refresh" not in page


def test_a_big_history_shows_thousands_separators_while_it_goes(queued, client, athlete):
    _history(athlete, 1, sets=1)
    progress = _delete(client, athlete)
    item = SessionExerciseFactory(session=TrainingSession.objects.get())
    SetLog.objects.bulk_create(SetLogFactory.build(session_exercise=item) for _ in range(1233))
    assert "1 workout with 1,234 sets" in Client().get(progress).content.decode()


def test_a_deletion_whose_worker_died_is_picked_up_again(queued, clock, client, athlete, monkeypatch, settings):
    clock.travel(on("Wednesday"))
    _history(athlete, 12, sets=2)
    progress = _delete(client, athlete)
    monkeypatch.setattr(deletion, "DELETION_BATCH", 5)
    batches = []
    real_batch = deletion._delete_batch

    def die_after_three(*args):
        if batches.count(True) == 3:  # three batches deleted something
            raise WorkerKilled
        batches.append(real_batch(*args))
        return batches[-1]

    monkeypatch.setattr(deletion, "_delete_batch", die_after_three)
    pending = AccountDeletion.objects.get()
    with pytest.raises(WorkerKilled):
        deletion.run(pending.pk)
    monkeypatch.setattr(deletion, "_delete_batch", real_batch)
    left = SetLog.objects.filter(athlete=athlete).count()
    assert 0 < left < 24  # three batches went, each its own transaction; the rest waits
    assert re.search(r"12 workouts with \d+ sets", Client().get(progress).content.decode())

    assert deletion.resume_deletions() == 0  # it might still be running: not yet
    clock.shift(DELETION_STALLED_AFTER + dt.timedelta(seconds=1))
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}  # a worker runs it
    assert deletion.resume_deletions() == 1  # a new task takes it up where the rows end

    assert not User.objects.filter(pk=athlete.pk).exists() and not SetLog.objects.exists()
    assert AccountDeletion.objects.get().finished_at is not None
    assert DONE in Client().get(progress).content.decode()


def test_a_forged_or_unknown_progress_link_is_a_404(client):
    assert client.get("/accounts/deleting/MQ:1xaieA:not-a-signature/").status_code == 404
    assert client.get("/accounts/deleting/nothing/").status_code == 404


def test_another_account_is_untouched(queued, client, athlete, other_athlete):
    _history(other_athlete, 2)
    _delete(client, athlete)
    deletion.run(AccountDeletion.objects.get().pk)
    assert User.objects.get(pk=other_athlete.pk).is_active
    assert SetLog.objects.filter(athlete=other_athlete).count() == 6


def test_nobody_else_can_ask_for_a_deletion(athlete, other_athlete):
    from django.core.exceptions import PermissionDenied

    from accounts.services import request_account_deletion

    with pytest.raises(PermissionDenied):
        request_account_deletion(actor=other_athlete, user=athlete, password=PASSWORD)
    assert User.objects.get(pk=athlete.pk).is_active and not AccountDeletion.objects.exists()
