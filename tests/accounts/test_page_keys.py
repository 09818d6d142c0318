"""What names a cached page, and what may answer from it (accounts.pagecache, exercises.cache, core.pagekeys).

What a user or a tester would check: URLs nobody's link makes (junk parameters, values a view does not know)
are answered but add nothing to a real Redis; no 304 is ever answered before the page's own access check;
logged-in answers are kept by no browser; a deploy and a renamed public template show at once; a deleted
account's pages leave Redis.
"""

import copy
import uuid

import redis
from django.conf import settings as django_settings
from django.test import Client

from accounts.models import CoachingLink
from accounts.pagecache import forget_pages
from accounts.services import end_link
from tests.config import test_cache_outage as outage
from tests.factories import SessionExerciseFactory
from workouts import content
from workouts.services import load_public_templates

# A redis-server of the test's own, and the production cache settings on it (tests/config/test_cache_outage.py).
redis_server = outage.redis_server
cache_on_redis = outage.cache_on_redis

JUNK = 40  # of each kind below: 200 junk URLs in all


def _keys(server) -> set[bytes]:
    return set(redis.Redis.from_url(server.url).keys("*"))


def _warm(client, path):
    """As a phone does: the first page gives it its CSRF cookie, the second is stored."""
    client.get(path)
    return client.get(path)


def test_junk_urls_are_answered_and_add_no_cache_keys(cache_on_redis, redis_server, library, athlete):
    visitor, lifter = Client(), Client()
    lifter.force_login(athlete)
    canonical = ["/exercises/", "/exercises/?equipment=cable", "/progress/", "/progress/?range=1y", "/log/"]
    for path in canonical:  # what real links make is stored
        _warm(lifter if path.startswith(("/progress/", "/log/")) else visitor, path)
    before = _keys(redis_server)
    assert any(b"people:page" in key for key in before) and any(b"library:page" in key for key in before)

    for n in range(JUNK):
        junk = uuid.uuid4().hex
        assert visitor.get(f"/exercises/?z={junk}").status_code == 200
        assert visitor.get(f"/exercises/?muscle={junk}").status_code == 200
        assert visitor.get(f"/exercises/?q={junk}&equipment=cable").status_code == 200
        assert lifter.get(f"/progress/?range={junk}").status_code == 200
        assert lifter.get(f"/log/?page={n + 11}&z={junk}").status_code == 200

    assert _keys(redis_server) == before


def test_no_304_before_the_access_check(client, athlete, coach):
    client.force_login(coach)
    for path in ("/progress/athletes/99999/", "/log/sessions/99999/"):
        assert client.get(path, headers={"if-none-match": "*"}).status_code == 404
    theirs = SessionExerciseFactory(session__athlete=athlete).session.get_absolute_url()
    stranger = Client()
    stranger.force_login(SessionExerciseFactory().session.athlete)
    assert stranger.get(theirs, headers={"if-none-match": "*"}).status_code == 404

    # The coach's stored page of their athlete, and its ETag: once the link ends, neither answers.
    path = f"/progress/athletes/{athlete.pk}/"
    etag = _warm(client, path)["ETag"]
    assert client.get(path, headers={"if-none-match": etag}).status_code == 304
    end_link(actor=athlete, link=CoachingLink.objects.get(coach=coach, athlete=athlete))
    assert client.get(path, headers={"if-none-match": etag}).status_code == 404
    assert client.get(path, headers={"if-none-match": "*"}).status_code == 404


def test_logged_in_pages_are_kept_by_no_browser_and_library_pages_are_public(client, library, athlete):
    client.force_login(athlete)
    for path in ("/today/", "/progress/", "/accounts/settings/", "/exercises/", "/log/export/sets.csv"):
        assert client.get(path)["Cache-Control"] == "private, no-store", path
    public = Client().get("/exercises/")
    assert public["Cache-Control"] == "public, max-age=60" and public["ETag"]


def test_the_release_is_in_every_key_and_etag(client, library, athlete, settings):
    assert django_settings.CACHES["default"]["KEY_PREFIX"] == django_settings.RELEASE
    anonymous = Client()
    old_public = anonymous.get("/exercises/")["ETag"]
    client.force_login(athlete)
    old_private = _warm(client, "/today/")["ETag"]

    settings.RELEASE = "the-next-release"
    assert anonymous.get("/exercises/", headers={"if-none-match": old_public}).status_code == 200
    assert client.get("/today/", headers={"if-none-match": old_private}).status_code == 200


def test_a_renamed_public_template_shows_at_once_on_today(client, library, athlete, django_capture_on_commit_callbacks):
    load_public_templates()
    client.force_login(athlete)
    page = _warm(client, "/today/")
    assert "Upper back A" in page.content.decode()

    renamed = copy.deepcopy(content.TEMPLATES)
    renamed[0]["name"] = "Upper back, heavy"
    with django_capture_on_commit_callbacks(execute=True):  # as `make serve` runs load_templates on deploy
        assert load_public_templates(renamed).updated

    again = client.get("/today/", headers={"if-none-match": page["ETag"]})
    assert again.status_code == 200
    assert "Upper back, heavy" in again.content.decode() and "Upper back A" not in again.content.decode()


def test_forget_pages_deletes_every_page_of_one_person(cache_on_redis, redis_server, athlete, other_athlete):
    for person in (athlete, other_athlete):
        phone = Client()
        phone.force_login(person)
        for path in ("/today/", "/progress/", "/log/"):
            _warm(phone, path)
    pages = {person.pk: f"people:page:{person.pk}:".encode() for person in (athlete, other_athlete)}

    def stored(pk):
        return [key for key in _keys(redis_server) if pages[pk] in key]

    assert len(stored(athlete.pk)) == 3
    assert forget_pages(athlete.pk) == 3
    assert stored(athlete.pk) == [] and len(stored(other_athlete.pk)) == 3
