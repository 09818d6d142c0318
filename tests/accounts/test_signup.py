import re
import statistics
import time

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core import mail

from accounts.forms import PASSWORDS_DIFFER, USERNAME_TAKEN
from accounts.models import User
from tests.conftest import ScapulaClient as Client
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


def test_confirm_link_get_changes_nothing_and_post_activates_then_asks_for_the_password(client, db):
    client.post("/accounts/signup/", GOOD)
    link = _confirm_link(mail.outbox[0])
    page = client.get(link)
    assert page.status_code == 200 and "newlifter" in page.content.decode()
    assert not User.objects.get(username="newlifter").is_active
    response = client.post(link, follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/"
    assert "Your e-mail address is confirmed. Log in as newlifter" in response.content.decode()
    assert User.objects.get(username="newlifter").is_active
    assert "_auth_user_id" not in client.session
    response = client.post("/accounts/login/", {"username": "newlifter", "password": GOOD["password1"]})
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_confirming_a_strangers_sign_up_never_logs_the_address_owner_in(client, db):
    attacker, victim = Client(), Client()
    attacker.post("/accounts/signup/", {**GOOD, "username": "attacker", "email": "victim@example.com"})
    link = _confirm_link(mail.outbox[0])  # lands in the victim's mailbox
    victim.post(link)
    assert "_auth_user_id" not in victim.session
    assert victim.get("/accounts/settings/").status_code == 302


def test_confirm_link_carries_a_safe_next(client, db):
    client.post("/accounts/signup/?next=/muscles/", {**GOOD, "next": "/muscles/"})
    link = _confirm_link(mail.outbox[0])
    assert "next=%2Fmuscles%2F" in link
    assert client.post(link).url == "/accounts/login/?next=%2Fmuscles%2F"


def test_confirm_link_works_once(client, db):
    client.post("/accounts/signup/", GOOD)
    link = _confirm_link(mail.outbox[0])
    client.post(link)
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
    assert client.post(link).url == "/accounts/login/"


def test_confirm_link_is_not_a_password_reset_link(client, db):
    client.post("/accounts/signup/", GOOD)
    uid, token = _confirm_link(mail.outbox[0]).split("/")[3:5]
    response = client.get(f"/accounts/reset/{uid}/{token}/", follow=True)
    assert "New password" not in response.content.decode()


def test_an_unconfirmed_account_never_blocks_the_owner_of_the_address(client, db):
    client.post("/accounts/signup/", {**GOOD, "username": "squatter", "email": "owner@example.com"})
    response = client.post("/accounts/signup/", {**GOOD, "username": "owner", "email": "OWNER@example.com"})
    assert response.url == "/accounts/signup/done/"
    owner = User.objects.get(username="owner")
    assert not owner.is_active
    assert "Confirm" in mail.outbox[1].subject and "/accounts/activate/" in mail.outbox[1].body


def test_confirming_removes_other_unconfirmed_accounts_for_the_address(client, db):
    client.post("/accounts/signup/", {**GOOD, "username": "squatter", "email": "owner@example.com"})
    client.post("/accounts/signup/", {**GOOD, "username": "owner", "email": "owner@example.com"})
    client.post(_confirm_link(mail.outbox[1]))
    assert list(User.objects.values_list("username", flat=True)) == ["owner"]
    assert User.objects.get(username="owner").is_active


def test_a_stale_link_for_an_address_confirmed_meanwhile_does_not_work(client, db):
    client.post("/accounts/signup/", {**GOOD, "username": "first", "email": "owner@example.com"})
    stale = _confirm_link(mail.outbox[0])
    UserFactory(username="owner", email="owner@example.com")
    response = client.post(stale)
    assert response.status_code == 400 and "This link doesn't work" in response.content.decode()
    assert not User.objects.get(username="first").is_active


def test_signup_keeps_the_browsers_time_zone(client, db):
    client.post("/accounts/signup/", {**GOOD, "time_zone": "America/Los_Angeles"})
    assert User.objects.get(username="newlifter").time_zone == "America/Los_Angeles"


@pytest.mark.parametrize("sent", ["", "Mars/Olympus_Mons", "../../etc/passwd", "x" * 5000])
def test_signup_without_a_known_time_zone_uses_the_sites(client, db, settings, sent):
    settings.TIME_ZONE = "Europe/Berlin"
    response = client.post("/accounts/signup/", {**GOOD, "time_zone": sent})
    assert response.status_code == 302
    assert User.objects.get(username="newlifter").time_zone == "Europe/Berlin"


def test_signup_page_loads_the_time_zone_script_and_carries_the_field(client, db):
    html = client.get("/accounts/signup/").content.decode()
    assert 'type="hidden" name="time_zone"' in html
    assert "js/timezone.js" in html


def _signup_seconds(client, n: int, email: str) -> float:
    start = time.perf_counter()
    response = client.post("/accounts/signup/", {**GOOD, "username": f"timing{n}", "email": email})
    elapsed = time.perf_counter() - start
    assert response.status_code == 302
    return elapsed


@pytest.mark.timing  # a loaded machine can fail it; `pytest -m timing` runs it
def test_signup_takes_as_long_for_a_registered_address_as_for_a_new_one(client, db, settings, monkeypatch):
    """The one timing test: a real password hasher (fewer rounds, to stay quick), medians of 7 attempts
    each, interleaved so a busy machine slows both alike, and a generous margin."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    settings.MAIL_PER_ADDRESS_PER_HOUR = settings.MAIL_PER_CLIENT_PER_HOUR = 100  # not the throttle's test
    monkeypatch.setattr(PBKDF2PasswordHasher, "iterations", 100_000)
    UserFactory(username="existing", email="registered@example.com")
    _signup_seconds(client, 0, "warm-up@example.com")
    registered, new = [], []
    for n in range(1, 8):
        registered.append(_signup_seconds(client, 2 * n, "registered@example.com"))
        new.append(_signup_seconds(client, 2 * n + 1, f"new{n}@example.com"))
    ratio = statistics.median(registered) / statistics.median(new)
    assert 0.5 < ratio < 2, (registered, new)
