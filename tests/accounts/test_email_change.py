"""Changing the e-mail address: the current password, a link to the new address, a notice to the old
one, and never a word about whether another account uses an address."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import EmailChange, User
from accounts.services import SAME_EMAIL, WRONG_PASSWORD
from tests.factories import PASSWORD, UserFactory

URL = "/accounts/settings/email/"


def _change(client, new_email, password=PASSWORD):
    return client.post(URL, {"new_email": new_email, "password": password})


def _link(message) -> str:
    return re.search(r"https?://[^/]+(/accounts/email/[^\s]+)", message.body).group(1)


def _mail_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def test_new_address_gets_a_link_and_the_old_one_stays_until_it_is_opened(client, athlete):
    client.force_login(athlete)
    response = _change(client, "new@example.com")
    assert response.status_code == 302
    athlete.refresh_from_db()
    assert athlete.email == "athlete@example.com"
    page = client.get("/accounts/settings/").content.decode()
    assert "We sent a link to new@example.com" in page and "Waiting for you to open the link" in page

    (link_mail,) = _mail_to("new@example.com")
    assert client.get(_link(link_mail)).status_code == 200
    athlete.refresh_from_db()
    assert athlete.email == "athlete@example.com"

    response = client.post(_link(link_mail), follow=True)
    assert "Your e-mail address is now new@example.com" in response.content.decode()
    athlete.refresh_from_db()
    assert athlete.email == "new@example.com"
    assert not EmailChange.objects.exists()


def test_old_address_gets_a_notice(client, athlete):
    client.force_login(athlete)
    _change(client, "new@example.com")
    (notice,) = _mail_to("athlete@example.com")
    assert "new@example.com" in notice.body and "/accounts/email/" not in notice.body


def test_changing_the_email_needs_the_current_password(client, athlete):
    client.force_login(athlete)
    response = _change(client, "new@example.com", password="not-my-password")
    assert response.status_code == 200
    assert WRONG_PASSWORD.replace("'", "&#x27;") in response.content.decode()
    assert mail.outbox == [] and not EmailChange.objects.exists()


def test_the_same_address_is_refused(client, athlete):
    client.force_login(athlete)
    response = _change(client, "ATHLETE@example.com")
    assert SAME_EMAIL in response.content.decode()


def test_settings_never_say_another_account_uses_an_address(client, athlete, other_athlete):
    client.force_login(athlete)
    taken_address = "Other@example.com"  # other_athlete's, in another case
    taken = client.post(URL, {"new_email": taken_address, "password": PASSWORD}, follow=True)
    free = client.post(URL, {"new_email": "free@example.com", "password": PASSWORD}, follow=True)
    assert "Another account" not in taken.content.decode()
    assert _page(taken, taken_address) == _page(free, "free@example.com")
    # The owner of the taken address hears about it, and gets no link.
    (note,) = _mail_to(taken_address)
    assert "already has one" in note.body and "/accounts/email/" not in note.body
    athlete.refresh_from_db()
    assert athlete.email == "athlete@example.com"


def _page(response, address: str) -> str:
    """The page as the user sees it, but for the address they typed and the per-request CSRF token."""
    html = response.content.decode().replace(address, "ADDRESS")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_a_link_for_an_address_confirmed_elsewhere_in_the_meantime_fails(client, athlete):
    client.force_login(athlete)
    _change(client, "new@example.com")
    link = _link(_mail_to("new@example.com")[0])
    UserFactory(username="quicker", email="new@example.com")
    assert client.post(link).status_code == 400
    athlete.refresh_from_db()
    assert athlete.email == "athlete@example.com"


def test_confirming_removes_unconfirmed_sign_ups_for_the_address(client, athlete):
    squatter = UserFactory(username="squatter", email="new@example.com", is_active=False, confirmed_at=None)
    client.force_login(athlete)
    _change(client, "new@example.com")
    client.post(_link(_mail_to("new@example.com")[0]))
    assert not User.objects.filter(pk=squatter.pk).exists()
    athlete.refresh_from_db()
    assert athlete.email == "new@example.com"


def test_a_link_works_once_and_only_the_newest_works(client, athlete):
    client.force_login(athlete)
    _change(client, "first@example.com")
    _change(client, "second@example.com")
    first, second = _link(_mail_to("first@example.com")[0]), _link(_mail_to("second@example.com")[0])
    assert client.post(first).status_code == 400
    assert client.post(second).status_code == 302
    assert client.post(second).status_code == 400


def test_an_expired_link_does_not_work(client, athlete):
    client.force_login(athlete)
    _change(client, "new@example.com")
    long_ago = timezone.now() - timedelta(days=4)
    EmailChange.objects.update(created_at=long_ago, expires_at=long_ago + timedelta(days=3))
    response = client.post(_link(_mail_to("new@example.com")[0]))
    assert response.status_code == 400 and "This link doesn't work" in response.content.decode().replace("&#x27;", "'")


def test_the_link_works_without_a_session_and_logs_no_one_in(client, athlete):
    client.force_login(athlete)
    _change(client, "new@example.com")
    client.logout()
    response = client.post(_link(_mail_to("new@example.com")[0]))
    assert response.url == "/accounts/login/" and "_auth_user_id" not in client.session
    athlete.refresh_from_db()
    assert athlete.email == "new@example.com"


@pytest.mark.parametrize("token, status", [("x", 404), ("²" * 43, 404), ("a" * 43, 400), ("a" * 500, 404)])
def test_bad_links_say_so(client, db, token, status):
    assert client.post(f"/accounts/email/{token}/").status_code == status
