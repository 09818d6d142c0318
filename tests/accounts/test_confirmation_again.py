"""Someone whose confirmation mail got lost asks for it again from the log-in page. The answer is the same for
any address; only an unconfirmed sign-up's mailbox gets a link."""

import re

from django.core import mail

from accounts.models import User
from tests.factories import UserFactory

GOOD = {
    "username": "newlifter",
    "email": "new@example.com",
    "display_name": "",
    "password1": "squat-bench-pull-2026",
    "password2": "squat-bench-pull-2026",
}


def test_the_log_in_page_links_to_it(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert '<a href="/accounts/signup/again/">Send the confirmation again</a>' in html


def test_an_unconfirmed_sign_up_gets_a_new_link_that_confirms_it(client, db):
    client.post("/accounts/signup/", GOOD)
    mail.outbox.clear()

    response = client.post("/accounts/signup/again/", {"email": "NEW@example.com"})

    assert response.status_code == 302 and response.url == "/accounts/signup/done/"
    assert [message.to for message in mail.outbox] == [["new@example.com"]]
    link = re.search(r"https?://testserver(/accounts/activate/\S+)", mail.outbox[0].body).group(1)
    client.post(link)
    assert User.objects.get(username="newlifter").is_active


def test_a_confirmed_or_unknown_address_gets_the_same_answer_and_no_mail(client, db):
    UserFactory(username="owner", email="owner@example.com")
    answers = []
    for email in ("owner@example.com", "nobody@example.com"):
        response = client.post("/accounts/signup/again/", {"email": email}, follow=True)
        answers.append(response.content.decode().replace(email, "ADDRESS"))
    assert answers[0] == answers[1] and "Check your e-mail" in answers[0]
    assert mail.outbox == []


def test_a_mistyped_address_is_asked_again(client, db):
    response = client.post("/accounts/signup/again/", {"email": "not-an-address"})
    assert response.status_code == 200 and "valid email" in response.content.decode()
    assert mail.outbox == []


def test_the_page_and_the_request_run_a_bounded_number_of_queries(client, db, django_assert_max_num_queries):
    client.post("/accounts/signup/", GOOD)
    with django_assert_max_num_queries(1):
        client.get("/accounts/signup/again/")
    with django_assert_max_num_queries(10):  # the task's own queries too: the tests run it in the request
        client.post("/accounts/signup/again/", {"email": "new@example.com"})
