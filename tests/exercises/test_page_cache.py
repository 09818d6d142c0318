"""The public library pages: stored for anonymous visitors under the library version, answered with 304
when unchanged, and never shared between people who are logged in."""

import copy

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.test import Client

from accounts.versions import LIBRARY_MIRROR_KEY, changed
from accounts.views import ACCOUNT_DELETED
from exercises import content
from exercises.models import Exercise
from exercises.services import load_library
from tests.factories import CustomExerciseFactory

PUBLIC_PAGES = ["/", "/exercises/", "/exercises/face-pull/", "/muscles/", "/muscles/rhomboids/"]


def _with_face_pull_summary(summary):
    exercises = copy.deepcopy(content.EXERCISES)
    next(item for item in exercises if item["slug"] == "face-pull")["summary"] = summary
    return exercises


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_second_anonymous_visit_is_served_from_the_cache_without_a_query(
    client, library, url, django_assert_max_num_queries
):
    first = client.get(url)
    with django_assert_max_num_queries(0):
        second = client.get(url)
    assert second.status_code == 200
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_anonymous_page_may_be_kept_a_minute_by_browsers_and_proxies_per_cookie(client, library, url):
    for response in (client.get(url), client.get(url)):
        assert response["Cache-Control"] == "public, max-age=60"
        assert "Cookie" in response["Vary"]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_matching_etag_gets_304_without_a_body_or_a_query(client, library, url, django_assert_max_num_queries):
    etag = client.get(url)["ETag"]
    with django_assert_max_num_queries(0):
        response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert "public" in response["Cache-Control"]


def test_changed_library_text_shows_on_the_next_request_with_a_new_etag(
    client, library, django_capture_on_commit_callbacks
):
    before = client.get("/exercises/face-pull/")
    client.get("/exercises/")
    with django_capture_on_commit_callbacks(execute=True):
        assert load_library(exercises=_with_face_pull_summary("A brand-new summary of the face pull.")).changed

    detail = client.get("/exercises/face-pull/", headers={"if-none-match": before["ETag"]})
    assert detail.status_code == 200
    assert "A brand-new summary of the face pull." in detail.content.decode()
    assert detail["ETag"] != before["ETag"]
    assert "A brand-new summary of the face pull." in client.get("/exercises/").content.decode()


def test_rerunning_an_unchanged_loader_keeps_the_cache(client, library, django_capture_on_commit_callbacks):
    etag = client.get("/exercises/")["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        assert not load_library().changed
    assert client.get("/exercises/", headers={"if-none-match": etag}).status_code == 304


def test_the_library_version_is_the_databases_and_the_cache_only_mirrors_it(client, library):
    client.get("/exercises/face-pull/")
    with transaction.atomic():
        Exercise.objects.filter(slug="face-pull").update(name="Rope face pull")
        changed(library=True)
    # The mirror is set when the change commits (here the test's transaction never does): once it is gone,
    # the version comes from the database.
    cache.delete(LIBRARY_MIRROR_KEY)
    assert "Rope face pull" in client.get("/exercises/face-pull/").content.decode()


def test_a_custom_exercise_shows_to_its_creator_and_leaves_the_public_pages_alone(
    client, library, athlete, django_capture_on_commit_callbacks
):
    anonymous = Client()
    etag = anonymous.get("/exercises/")["ETag"]
    client.force_login(athlete)
    assert "Band pull-apart" not in client.get("/exercises/").content.decode()
    form = {
        "name": "Band pull-apart",
        "equipment": "cable",
        "muscle_rhomboids": "primary",
        "rep_min": "12",
        "rep_max": "20",
        "unit": "lb",
        "step_up": "5",
        "step_down": "2.5",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/exercises/new/", form).status_code == 302

    assert "Band pull-apart" in client.get("/exercises/").content.decode()
    assert anonymous.get("/exercises/", headers={"if-none-match": etag}).status_code == 304


def test_each_filter_is_its_own_page_and_a_search_is_made_fresh(client, library, django_assert_max_num_queries):
    cables = client.get("/exercises/?equipment=cable").content.decode()
    barbells = client.get("/exercises/?equipment=barbell&muscle=").content.decode()
    assert cables != barbells
    with django_assert_max_num_queries(0):
        assert client.get("/exercises/?equipment=cable").content.decode() == cables
        assert client.get("/exercises/?equipment=barbell").content.decode() == barbells
    rows = client.get("/exercises/?q=row")
    shrugs = client.get("/exercises/?q=shrug").content.decode()
    assert "Barbell shrug" in shrugs and "Barbell shrug" not in rows.content.decode()
    assert "ETag" not in rows  # free text: never stored (exercises.cache)


def test_a_logged_in_page_never_reaches_anonymous_visitors_or_other_users(client, library, athlete, other_athlete):
    CustomExerciseFactory(created_by=athlete, name="Alice secret row")
    client.force_login(athlete)
    own = client.get("/exercises/")
    assert "Alice secret row" in own.content.decode()
    assert own["Cache-Control"] == "private, no-store" and "ETag" not in own

    anonymous = Client().get("/exercises/")
    assert "Alice secret row" not in anonymous.content.decode()
    assert "Log in" in anonymous.content.decode()

    other = Client()
    other.force_login(other_athlete)
    page = other.get("/exercises/", headers={"if-none-match": "*"})
    assert page.status_code == 200
    assert "Alice secret row" not in page.content.decode()


def test_an_anonymous_page_in_the_cache_is_not_served_to_someone_logged_in(client, library, athlete):
    anonymous = Client().get("/exercises/")
    client.force_login(athlete)
    page = client.get("/exercises/", headers={"if-none-match": anonymous["ETag"]})
    assert page.status_code == 200
    assert "Log in" not in page.content.decode()
    assert 'href="/today/"' in page.content.decode()


def test_a_logged_in_library_page_is_kept_by_no_browser(client, library, athlete):
    """no-store: Back after log-out on a shared phone shows nothing of theirs; a browser keeping nothing never
    revalidates, so there is no ETag to send."""
    client.force_login(athlete)
    response = client.get("/muscles/", headers={"if-none-match": "*"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def _waiting_message(text: str) -> str:
    """The messages cookie of a visitor with one message waiting for their next page."""
    return CookieStorage(HttpRequest())._encode([Message(constants.SUCCESS, text)])


def test_a_message_for_one_visitor_is_not_cached_for_the_next(client, library):
    client.get("/")  # the anonymous home page is in the cache
    client.cookies["messages"] = _waiting_message(ACCOUNT_DELETED)
    response = client.get("/")
    assert ACCOUNT_DELETED in response.content.decode()
    assert "private" in response["Cache-Control"]
    assert ACCOUNT_DELETED not in Client().get("/").content.decode()
    assert ACCOUNT_DELETED not in client.get("/").content.decode()
