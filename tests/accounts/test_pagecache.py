"""A logged-in person's pages come from the cache until something on them changes (accounts.pagecache).

What a user would check: a page read again is the same page and costs no work; after any change (their own
set, their coach's comment, a link ended, a write outside any request) the next page shows it; one person
never gets another's page, nor one phone another's; a coach who lost the link gets a 404 at once."""

import uuid
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import CoachingLink
from accounts.services import end_link
from tests.factories import SessionExerciseFactory, UserFactory
from training_log.models import SetLog
from training_log.services.comments import add_comment
from training_log.services.sessions import delete_set, finish_session, log_set

# The session and the user: all a page read from the cache costs.
READ_FROM_CACHE = 2


def _session(athlete, name="Pull day"):
    item = SessionExerciseFactory(session__athlete=athlete, session__name=name, exercise__name="Seal row", position=0)
    return item.session, item


def _get(client, path, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
    return response, len(queries)


def _warm(client, path):
    """As a phone does: the first page gives it its CSRF cookie, the second is stored."""
    client.get(path)
    return client.get(path)


def _post_set(client, session, item, weight="100", reps="10"):
    prefix = f"ex{item.pk}"
    data = {f"{prefix}-weight": weight, f"{prefix}-reps": reps, f"{prefix}-rir": "2"}
    data[f"{prefix}-client_id"] = str(uuid.uuid4())
    return client.post(f"/log/sessions/{session.pk}/exercises/{item.pk}/sets/", data)


def test_a_page_read_again_is_the_same_page_from_the_cache(client, athlete):
    session, _ = _session(athlete)
    client.force_login(athlete)
    first = _warm(client, session.get_absolute_url())
    again, queries = _get(client, session.get_absolute_url())
    assert again.status_code == 200 and again.content == first.content
    assert queries == READ_FROM_CACHE
    assert again["ETag"] == first["ETag"]
    assert "private" in again["Cache-Control"]
    # The phone that has it is told it has not changed, without the page being sent again.
    not_modified = client.get(session.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304 and not_modified.content == b""


def test_a_set_logged_shows_on_the_next_page_and_on_the_coachs_dashboard(client, athlete, coach):
    session, item = _session(athlete)
    coach_client = type(client)()
    coach_client.force_login(coach)
    client.force_login(athlete)
    assert "Seal row" in _warm(client, session.get_absolute_url()).content.decode()
    before = _warm(coach_client, "/coach/").content.decode()

    assert _post_set(client, session, item, weight="142.5").status_code == 302

    page, queries = _get(client, session.get_absolute_url())
    assert "142.5 lb × 10" in page.content.decode() and queries > READ_FROM_CACHE
    dashboard, queries = _get(coach_client, "/coach/")
    assert queries > READ_FROM_CACHE and dashboard.content.decode() != before


def test_a_coachs_comment_reaches_the_athletes_menu(client, athlete, coach):
    session, _ = _session(athlete)
    client.force_login(athlete)
    assert "unread-badge" not in _warm(client, "/today/").content.decode()
    add_comment(actor=coach, session=session, body="Chest on the pad.", client_id=uuid.uuid4())
    assert '1<span class="visually-hidden"> unread comment</span>' in client.get("/today/").content.decode()


def test_a_write_outside_any_request_shows_at_once(client, athlete):
    """The task worker, a management command: the services give new versions wherever they run."""
    session, item = _session(athlete)
    client.force_login(athlete)
    _warm(client, session.get_absolute_url())
    logged, _ = log_set(actor=athlete, session_exercise=item, weight=Decimal("77.5"), unit="lb", reps=9, rir=1,
                        client_id=uuid.uuid4())  # fmt: skip
    assert "77.5 lb × 9" in client.get(session.get_absolute_url()).content.decode()
    delete_set(actor=athlete, logged=logged)
    assert "77.5 lb" not in client.get(session.get_absolute_url()).content.decode()


def test_deleting_an_account_still_deletes_its_sets_in_bulk(client, athlete):
    """No signal on sets (versions change in the services): Django deletes an account's sets without loading them."""
    session, item = _session(athlete)
    for reps in range(3):
        log_set(actor=athlete, session_exercise=item, weight=Decimal(100), unit="lb", reps=reps + 5, rir=2,
                client_id=uuid.uuid4())  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        athlete.delete()
    sets_read = [q for q in queries.captured_queries if 'FROM "training_log_setlog"' in q["sql"].split(" WHERE ")[0]]
    assert sets_read and all(q["sql"].startswith("DELETE") for q in sets_read)  # deleted in bulk, never loaded
    assert not SetLog.objects.exists()


def test_a_coach_whose_link_ended_gets_a_404_not_the_stored_page(client, athlete, coach):
    client.force_login(coach)
    path = f"/progress/athletes/{athlete.pk}/"
    assert _warm(client, path).status_code == 200
    assert client.get(path).status_code == 200
    end_link(link=CoachingLink.objects.get(coach=coach, athlete=athlete), actor=athlete)
    assert client.get(path).status_code == 404


def test_nobody_gets_anothers_page_and_no_phone_anothers(client, athlete):
    other = UserFactory(username="bea", display_name="Bea Other")
    _session(athlete, name="Alice's pulls")
    _session(other, name="Bea's pulls")
    client.force_login(athlete)
    assert "Alice&#x27;s pulls" in _warm(client, "/today/").content.decode()

    bea = type(client)()
    bea.force_login(other)
    page = bea.get("/today/").content.decode()
    assert "Bea&#x27;s pulls" in page and "Alice" not in page

    # Alice's second phone: its own login, its own CSRF secret, so its own page, whose form it can post.
    phone = type(client)(enforce_csrf_checks=True)
    phone.force_login(athlete)
    phone.get("/today/")
    page, queries = _get(phone, "/today/")
    assert queries > READ_FROM_CACHE
    token = page.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    started = phone.post("/log/sessions/start/", {"csrfmiddlewaretoken": token})
    assert started.status_code == 302


def test_a_page_with_a_message_is_not_stored(client, athlete):
    session, _ = _session(athlete)
    finish_session(actor=athlete, session=session)
    client.force_login(athlete)
    _warm(client, session.get_absolute_url())
    response = client.post(f"/log/sessions/{session.pk}/reopen/", follow=True)
    assert "Workout reopened" in response.content.decode()  # the workout's page, with its message
    again = client.get(session.get_absolute_url()).content.decode()
    assert "Workout reopened" not in again  # made again, not the one with the message


def test_without_a_shared_cache_every_page_is_made(client, athlete, settings):
    settings.PRIVATE_PAGE_CACHE = False
    client.force_login(athlete)
    _warm(client, "/today/")
    page, queries = _get(client, "/today/")
    assert queries > READ_FROM_CACHE and "ETag" not in page
