"""Mail that anyone can ask for goes out from the task worker, never from the request: a registered address
and an unknown one cost the request the same work, and a slow mail server slows nobody's page (accounts.mail)."""

import re
import statistics
import time
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from tests.conftest import ScapulaClient as Client
from tests.factories import PASSWORD, UserFactory

SIGN_UP = {
    "username": "newlifter",
    "email": "new@example.com",
    "display_name": "Prize! Visit evil.example now",
    "password1": "squat-bench-pull-2026",
    "password2": "squat-bench-pull-2026",
}
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class RecordingBackend(EmailBackend):
    """Stands for a slow mail server: each send is recorded with who ran it, the worker or the request, so the
    test needs no clock to show which of them would have waited."""

    sends: list[str] = []

    def send_messages(self, messages):
        RecordingBackend.sends.append("worker" if _in_worker else "request")
        return super().send_messages(messages)


_in_worker = False


def _run_worker():
    global _in_worker
    _in_worker = True
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())
    finally:
        _in_worker = False


@pytest.fixture
def queued(settings):
    """Tasks wait in the database for `db_worker`, as in production; mail goes to the recording backend."""
    settings.TASKS = DATABASE_QUEUE
    settings.EMAIL_BACKEND = f"{__name__}.RecordingBackend"
    RecordingBackend.sends = []
    return RecordingBackend.sends


@pytest.mark.django_db(transaction=True)
def test_a_reset_for_a_registered_address_is_mailed_by_the_worker_not_the_request(client, queued):
    lifter = UserFactory(username="lifter", email="lifter@example.com")

    response = client.post("/accounts/password_reset/", {"email": "lifter@example.com"})

    assert response.status_code == 302 and mail.outbox == [] and queued == []
    assert DBTaskResult.objects.get().status == "READY"
    _run_worker()
    assert queued == ["worker"]
    assert mail.outbox[0].to == [lifter.email] and "/reset/" in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
def test_a_reset_for_an_unknown_address_queues_the_same_task_which_sends_nothing(client, queued):
    response = client.post("/accounts/password_reset/", {"email": "nobody@example.com"})

    assert response.status_code == 302
    task = DBTaskResult.objects.get()
    assert (
        task.task_path == "accounts.tasks.mail_password_reset" and task.args_kwargs["args"][0] == "nobody@example.com"
    )
    _run_worker()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL" and mail.outbox == [] and queued == []


@pytest.mark.django_db(transaction=True)
def test_a_sign_up_is_confirmed_by_mail_from_the_worker(client, queued):
    client.post("/accounts/signup/", SIGN_UP)

    assert User.objects.unconfirmed().filter(username="newlifter").exists()
    assert mail.outbox == [] and queued == []
    _run_worker()
    assert queued == ["worker"] and "/accounts/activate/" in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
def test_a_sign_up_with_a_registered_address_gets_its_note_from_the_worker_and_leaves_no_account(client, queued):
    UserFactory(username="existing", email="new@example.com")

    client.post("/accounts/signup/", SIGN_UP)
    assert mail.outbox == [] and queued == []
    _run_worker()

    assert queued == ["worker"] and "already has one" in mail.outbox[0].body
    assert not User.objects.filter(username="newlifter").exists()


def _statements(queries) -> list[str]:
    """The SQL a request ran, its values and savepoint names blanked: which statements, in which order, on
    which tables."""
    return [re.sub(r"'(?:[^']|'')*'|\b\d+(\.\d+)?\b|\"s\d+_x\d+\"", "?", query["sql"]) for query in queries]


@pytest.mark.parametrize(
    "url, registered, unknown",
    [
        ("/accounts/password_reset/", {"email": "lifter@example.com"}, {"email": "nobody@example.com"}),
        ("/accounts/signup/", {**SIGN_UP, "email": "lifter@example.com"}, {**SIGN_UP, "email": "nobody@example.com"}),
        ("/accounts/signup/again/", {"email": "lifter@example.com"}, {"email": "nobody@example.com"}),
    ],
)
def test_the_request_runs_the_same_statements_for_a_registered_address_as_for_an_unknown_one(
    db, queued, url, registered, unknown
):
    UserFactory(username="lifter", email="lifter@example.com")
    runs = []
    for data in (registered, unknown):
        User.objects.filter(username="newlifter").delete()  # each sign-up starts from the same accounts
        with CaptureQueriesContext(connection) as queries:
            response = Client().post(url, data)  # a new visitor each time: the same session writes
        assert response.status_code == 302
        runs.append(_statements(queries.captured_queries))
    assert runs[0] == runs[1]
    assert mail.outbox == [] and DBTaskResult.objects.count() == 2


def test_no_mail_carries_a_display_name_typed_by_whoever_asked_for_it(client, db, settings):
    """A sign-up, or an e-mail change, sends mail to an address its author needn't own: whatever they typed as
    a name must not reach that inbox under our name."""
    settings.MAIL_PER_ADDRESS_PER_HOUR = 10
    owner = UserFactory(username="owner", email="owner@example.com", display_name="Prize! Visit evil.example now")
    client.post("/accounts/signup/", {**SIGN_UP, "email": "victim@example.com"})
    client.post("/accounts/signup/", {**SIGN_UP, "username": "other", "email": "owner@example.com"})
    client.post("/accounts/signup/again/", {"email": "victim@example.com"})
    client.post("/accounts/password_reset/", {"email": "owner@example.com"})
    client.force_login(owner)
    client.post("/accounts/settings/email/", {"new_email": "victim@example.com", "password": PASSWORD})
    client.post("/accounts/settings/email/", {"new_email": "other@example.com", "password": PASSWORD})

    assert len(mail.outbox) >= 8
    for message in mail.outbox:
        assert "evil.example" not in message.body and "Prize" not in message.body, message.subject


class SlowBackend(EmailBackend):
    """A mail server that takes 0.3 s a message, as a real one across the internet can."""

    def send_messages(self, messages):
        time.sleep(0.3)
        return super().send_messages(messages)


def _reset_seconds(client, email: str) -> float:
    start = time.perf_counter()
    response = client.post("/accounts/password_reset/", {"email": email})
    elapsed = time.perf_counter() - start
    assert response.status_code == 302
    return elapsed


@pytest.mark.timing  # a loaded machine can fail it; `pytest -m timing` runs it
def test_a_reset_takes_as_long_for_a_registered_address_as_for_an_unknown_one_with_a_slow_mail_server(
    client, db, settings
):
    """The review measured 69 ms against 3 ms with a real mail server: the request mailed only existing accounts.
    With the mail in the worker, medians of 7 interleaved attempts each are alike, and neither waits for the
    server (the worker, run afterwards, does)."""
    settings.TASKS = DATABASE_QUEUE
    settings.EMAIL_BACKEND = f"{__name__}.SlowBackend"
    settings.MAIL_PER_ADDRESS_PER_HOUR = settings.MAIL_PER_CLIENT_PER_HOUR = 100  # not the throttle's test
    UserFactory(email="registered@example.com")
    _reset_seconds(client, "warm-up@example.com")
    registered, unknown = [], []
    for n in range(7):
        registered.append(_reset_seconds(client, "registered@example.com"))
        unknown.append(_reset_seconds(client, f"nobody{n}@example.com"))
    assert statistics.median(registered) < 0.3, registered  # nobody waited for the mail server
    assert 0.5 < statistics.median(registered) / statistics.median(unknown) < 2, (registered, unknown)
    _run_worker()
    assert len(mail.outbox) == 7  # the worker mailed the registered address each time, nobody else
