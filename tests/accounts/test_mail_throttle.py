"""Mail anyone can ask for is throttled: a few an hour to one address, a bounded number from one client.
A throttled request answers exactly as an accepted one, sends nothing, and is logged (accounts.mail.allow)."""

import datetime
import logging
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from accounts.mail import PER_ADDRESS, PER_CLIENT
from accounts.models import MailRequest, User
from tests.factories import PASSWORD, UserFactory

SIGN_UP = {
    "email": "someone@example.com",
    "display_name": "",
    "password1": "squat-bench-pull-2026",
    "password2": "squat-bench-pull-2026",
}


def _sign_up(client, n, **changes):
    return client.post("/accounts/signup/", {**SIGN_UP, "username": f"lifter{n}", **changes})


def test_sign_ups_past_the_limit_for_an_address_answer_the_same_and_mail_nothing(client, db, caplog):
    for n in range(PER_ADDRESS):
        _sign_up(client, n)
    assert len(mail.outbox) == PER_ADDRESS

    with caplog.at_level(logging.WARNING, logger="accounts.mail"):
        response = _sign_up(client, 99, email="SomeOne@example.com")

    assert response.status_code == 302 and response.url == "/accounts/signup/done/"
    assert len(mail.outbox) == PER_ADDRESS and not User.objects.filter(username="lifter99").exists()
    assert "Mail throttled: sign-up from 127.0.0.1 (the address had its share)" in caplog.text
    assert "someone@example.com" not in caplog.text.lower()  # the log names no address


def test_resets_past_the_limit_answer_the_same_and_mail_nothing(client, athlete, caplog):
    answers = {client.post("/accounts/password_reset/", {"email": athlete.email}).url for _ in range(PER_ADDRESS + 2)}
    assert answers == {"/accounts/password_reset/done/"}
    assert len(mail.outbox) == PER_ADDRESS
    assert caplog.text.count("Mail throttled: password-reset") == 2


def test_an_unknown_address_is_throttled_the_same_as_a_registered_one(client, db):
    for _ in range(PER_ADDRESS):
        client.post("/accounts/password_reset/", {"email": "nobody@example.com"})
    assert MailRequest.objects.count() == PER_ADDRESS
    client.post("/accounts/password_reset/", {"email": "nobody@example.com"})
    assert MailRequest.objects.count() == PER_ADDRESS  # refused, so not counted


def test_an_hour_later_the_address_gets_mail_again_and_old_counts_are_gone(client, athlete):
    for _ in range(PER_ADDRESS + 1):
        client.post("/accounts/password_reset/", {"email": athlete.email})
    later = timezone.now() + datetime.timedelta(hours=1, minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        client.post("/accounts/password_reset/", {"email": athlete.email})
    assert len(mail.outbox) == PER_ADDRESS + 1
    assert MailRequest.objects.count() == 1


def test_one_client_asking_for_many_addresses_is_throttled_and_another_client_is_not(client, db, caplog):
    for n in range(PER_CLIENT):
        client.post("/accounts/password_reset/", {"email": f"list{n}@example.com"}, REMOTE_ADDR="203.0.113.9")
    UserFactory(username="fresh", email="fresh@example.com")

    client.post("/accounts/password_reset/", {"email": "fresh@example.com"}, REMOTE_ADDR="203.0.113.9")
    assert mail.outbox == []
    assert "Mail throttled: password-reset from 203.0.113.9 (the client had its share)" in caplog.text

    client.post("/accounts/password_reset/", {"email": "fresh@example.com"}, REMOTE_ADDR="198.51.100.7")
    assert [message.to for message in mail.outbox] == [["fresh@example.com"]]


def test_sign_up_reset_and_confirmation_again_share_one_addresss_budget(client, db):
    _sign_up(client, 1)
    client.post("/accounts/password_reset/", {"email": SIGN_UP["email"]})
    client.post("/accounts/signup/again/", {"email": SIGN_UP["email"]})
    client.post("/accounts/signup/again/", {"email": SIGN_UP["email"]})
    assert MailRequest.objects.count() == PER_ADDRESS
    assert len(mail.outbox) == 2  # the sign-up's link and one link again; no reset for an unconfirmed account


@pytest.fixture
def mover(client, athlete):
    client.force_login(athlete)
    return athlete


def test_e_mail_changes_past_the_limit_answer_the_same_and_mail_nothing(client, mover):
    pages = []
    for _ in range(PER_ADDRESS + 1):
        response = client.post(
            "/accounts/settings/email/", {"new_email": "new@example.com", "password": PASSWORD}, follow=True
        )
        pages.append(response.content.decode().count("We sent a link to new@example.com"))
    assert pages == [1] * (PER_ADDRESS + 1)
    assert len(mail.outbox) == 2 * PER_ADDRESS  # each accepted change: the link and the notice


def test_e_mail_changes_count_toward_the_old_address_that_gets_the_notice(client, mover):
    for n in range(PER_ADDRESS + 1):
        client.post("/accounts/settings/email/", {"new_email": f"new{n}@example.com", "password": PASSWORD})
    notices = [message for message in mail.outbox if message.to == [mover.email]]
    assert len(notices) == PER_ADDRESS


def test_a_wrong_password_sends_nothing_and_is_not_counted(client, mover):
    client.post("/accounts/settings/email/", {"new_email": "new@example.com", "password": "wrong"})
    assert mail.outbox == [] and not MailRequest.objects.exists()


def test_a_client_address_that_is_not_an_ip_counts_as_unknown(client, db):
    client.post("/accounts/password_reset/", {"email": "nobody@example.com"}, REMOTE_ADDR="unix:/run/gunicorn.sock")
    assert MailRequest.objects.get().client is None
