import pytest
from django.core import mail

from accounts.models import User
from accounts.throttling import client_ip
from tests.conftest import ScapulaClient as Client
from tests.factories import PASSWORD, UserFactory


def _login(client, username="lifter", password=PASSWORD, **extra):
    return client.post("/accounts/login/", {"username": username, "password": password, **extra})


@pytest.fixture
def lifter(db):
    return UserFactory(username="lifter")


def test_login_changes_the_session_key(client, lifter):
    session = client.session
    session["probe"] = 1
    session.save()
    before = client.cookies["sessionid"].value
    _login(client)
    assert client.cookies["sessionid"].value != before


def test_wrong_password_says_so_and_keeps_the_username(client, lifter):
    response = _login(client, password="nope")
    html = response.content.decode()
    assert "don&#x27;t match an account" in html
    assert 'value="lifter"' in html


@pytest.mark.parametrize(
    "target", ["//evil.example", "https://evil.example/", "javascript:alert(1)", "/\\evil.example"]
)
def test_next_never_leaves_the_site(client, lifter, target):
    response = _login(client, next=target)
    assert response.status_code == 302
    assert response.url == "/today/"  # LOGIN_REDIRECT_URL: log-in lands on today's workout


def test_log_in_lands_on_today(client, lifter):
    response = _login(client)
    assert response.status_code == 302 and response.url == "/today/"
    assert '<h1 class="h3">Today</h1>' in client.get(response.url).content.decode()


def test_next_on_the_site_is_followed(client, lifter):
    assert _login(client, next="/muscles/").url == "/muscles/"


def test_repeated_failures_lock_the_login_with_a_clear_message(client, lifter):
    for _ in range(5):
        _login(client, password="wrong")
    response = _login(client)  # even the right password, while locked
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_is_post_only_and_ends_other_sessions(lifter):
    phone, laptop = Client(), Client()
    _login(phone)
    _login(laptop)
    assert laptop.get("/accounts/settings/").status_code == 200
    assert phone.get("/accounts/logout/").status_code == 405
    phone.post("/accounts/logout/")
    assert laptop.get("/accounts/settings/").status_code == 302


def test_password_change_ends_other_sessions_but_keeps_this_one(lifter):
    phone, laptop = Client(), Client()
    _login(phone)
    _login(laptop)
    new = "a-new-password-2026"
    response = phone.post(
        "/accounts/password_change/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert phone.get("/accounts/settings/").status_code == 200
    assert laptop.get("/accounts/settings/").status_code == 302


def test_password_reset_answers_the_same_for_unknown_addresses(client, lifter):
    known = client.post("/accounts/password_reset/", {"email": lifter.email})
    unknown = client.post("/accounts/password_reset/", {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [lifter.email]


def test_password_reset_link_sets_a_new_password(client, lifter):
    client.post("/accounts/password_reset/", {"email": lifter.email})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line).split("testserver")[1]
    form_url = client.get(link).url
    new = "brand-new-password-2026"
    client.post(form_url, {"new_password1": new, "new_password2": new})
    assert User.objects.get(pk=lifter.pk).check_password(new)


def test_private_page_sends_anonymous_visitors_to_login_and_back(client, lifter):
    response = client.get("/accounts/settings/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/accounts/settings/"
    assert _login(client, next="/accounts/settings/").url == "/accounts/settings/"


ATTACKER, VICTIM_HOME = "203.0.113.5", "198.51.100.20"


def _login_from(client, username="lifter", password=PASSWORD, **meta):
    """A log-in POST with request headers (REMOTE_ADDR, HTTP_X_FORWARDED_FOR) set."""
    return client.post("/accounts/login/", {"username": username, "password": password}, **meta)


def test_one_address_trying_many_usernames_is_throttled(client, lifter):
    responses = [_login_from(client, username=f"guess{n}", password="wrong", REMOTE_ADDR=ATTACKER) for n in range(30)]
    assert responses[-1].status_code == 429
    response = _login_from(client, REMOTE_ADDR=ATTACKER)  # even a real account's right password, from there
    assert response.status_code == 429 and "_auth_user_id" not in client.session


def test_an_attacker_never_locks_a_lifter_out_from_their_own_address(client, lifter):
    for n in range(30):
        _login_from(client, password=f"wrong-{n}", REMOTE_ADDR=ATTACKER)
    assert _login_from(client, REMOTE_ADDR=ATTACKER).status_code == 429
    response = _login_from(Client(), REMOTE_ADDR=VICTIM_HOME)
    assert response.status_code == 302


def test_logging_in_to_ones_own_account_does_not_clear_the_addresss_failures(client, lifter):
    for n in range(19):
        _login_from(client, username=f"guess{n}", password="wrong", REMOTE_ADDR=ATTACKER)
    assert _login_from(client, REMOTE_ADDR=ATTACKER).status_code == 302
    client.post("/accounts/logout/")
    _login_from(client, username="guess19", password="wrong", REMOTE_ADDR=ATTACKER)
    assert _login_from(client, username="guess20", password="wrong", REMOTE_ADDR=ATTACKER).status_code == 429


PROXY = "10.0.0.2"


def test_behind_the_proxy_each_forwarded_address_is_counted_separately(client, lifter, settings):
    settings.BEHIND_PROXY = True
    for _ in range(5):
        _login_from(client, password="wrong", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)
    assert _login_from(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER).status_code == 429
    response = _login_from(Client(), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=VICTIM_HOME)
    assert response.status_code == 302


@pytest.mark.parametrize(
    "behind_proxy, forwarded, expected",
    [
        (True, "203.0.113.5", "203.0.113.5"),
        (True, "1.2.3.4, 203.0.113.5", "203.0.113.5"),  # the client wrote the left part; our proxy the right
        (True, "", PROXY),
        (True, "not-an-address", PROXY),
        (False, "203.0.113.5", PROXY),  # without a proxy the header is the client's own invention
    ],
)
def test_client_address_comes_from_the_trusted_header_only(rf, settings, behind_proxy, forwarded, expected):
    settings.BEHIND_PROXY = behind_proxy
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
