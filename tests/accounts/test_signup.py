import re

import pytest
from django.core import mail

from accounts.forms import PASSWORDS_DIFFER, USERNAME_TAKEN
from accounts.models import User
from tests.factories import UserFactory

GOOD = {
    "username": "newlifter",
    "email": "new@example.com",
    "display_name": "New Lifter",
    "password1": "squat-bench-pull-2026",
    "password2": "squat-bench-pull-2026",
}


def _confirm_link(message):
    return re.search(r"https?://[^/]+(/accounts/activate/[^\s]+)", message.body).group(1)


def test_signup_creates_an_unconfirmed_account_and_mails_a_link(client, db):
    response = client.post("/accounts/signup/", GOOD)
    assert response.status_code == 302 and response.url == "/accounts/signup/done/"
    user = User.objects.get(username="newlifter")
    assert not user.is_active and user.is_coach is False and user.unit == "lb"
    assert len(mail.outbox) == 1 and "Confirm" in mail.outbox[0].subject


def test_confirm_link_get_changes_nothing_and_post_logs_in(client, db):
    client.post("/accounts/signup/", GOOD)
    link = _confirm_link(mail.outbox[0])
    assert client.get(link).status_code == 200
    assert not User.objects.get(username="newlifter").is_active
    response = client.post(link)
    assert response.status_code == 302
    assert User.objects.get(username="newlifter").is_active
    assert client.get("/accounts/settings/").status_code == 200


def test_confirm_link_carries_a_safe_next(client, db):
    client.post("/accounts/signup/?next=/muscles/", {**GOOD, "next": "/muscles/"})
    link = _confirm_link(mail.outbox[0])
    assert "next=%2Fmuscles%2F" in link
    assert client.post(link).url == "/muscles/"


def test_confirm_link_works_once(client, db):
    client.post("/accounts/signup/", GOOD)
    link = _confirm_link(mail.outbox[0])
    client.post(link)
    client.logout()
    response = client.post(link)
    assert response.status_code == 400
    assert "This link doesn't work" in response.content.decode()


@pytest.mark.parametrize("link", ["/accounts/activate/xx/yy/", "/accounts/activate/MQ/" + "a" * 500 + "/"])
def test_bad_confirm_links_say_so(client, db, link):
    response = client.post(link)
    assert response.status_code == 400


def test_signup_with_a_registered_email_looks_the_same_and_creates_nothing(client, db):
    UserFactory(username="existing", email="new@example.com")
    response = client.post("/accounts/signup/", {**GOOD, "email": "NEW@example.com"})
    assert response.status_code == 302 and response.url == "/accounts/signup/done/"
    assert not User.objects.filter(username="newlifter").exists()
    assert len(mail.outbox) == 1 and "already has one" in mail.outbox[0].body


def test_duplicate_username_gets_a_clear_message_and_keeps_input(client, db):
    UserFactory(username="NewLifter")
    response = client.post("/accounts/signup/", GOOD)
    html = response.content.decode()
    assert response.status_code == 200
    assert USERNAME_TAKEN in html
    assert 'value="new@example.com"' in html and 'value="New Lifter"' in html
    assert "squat-bench-pull-2026" not in html


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"password1": "password", "password2": "password"}, "too common"),
        ({"password1": "12345678901", "password2": "12345678901"}, "entirely numeric"),
        ({"password1": "short1", "password2": "short1"}, "too short"),
        ({"password2": "something-else-2026"}, PASSWORDS_DIFFER),
        ({"email": "not-an-email"}, "valid email"),
        ({"username": "bad name!"}, "valid username"),
    ],
)
def test_bad_signup_input_is_refused_with_a_message(client, db, changes, message):
    response = client.post("/accounts/signup/", {**GOOD, **changes})
    assert response.status_code == 200
    assert message.lower() in response.content.decode().lower().replace("&#x27;", "'")
    assert not User.objects.exists()


def test_unconfirmed_account_is_told_to_confirm_on_login(client, db):
    client.post("/accounts/signup/", GOOD)
    response = client.post("/accounts/login/", {"username": "newlifter", "password": GOOD["password1"]})
    assert "Confirm your e-mail address first" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_signup_as_coach(client, db):
    client.post("/accounts/signup/", {**GOOD, "is_coach": "on"})
    assert User.objects.get(username="newlifter").is_coach


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example/", "javascript:alert(1)"])
def test_signup_next_never_leaves_the_site(client, db, target):
    client.post(f"/accounts/signup/?next={target}", {**GOOD, "next": target})
    link = _confirm_link(mail.outbox[0])
    assert "evil" not in link and "javascript" not in link
    assert client.post(link).url == "/accounts/settings/"
