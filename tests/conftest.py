from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client

LOGIN_BACKEND = "accounts.backends.EmailConfirmationBackend"


class ScapulaClient(Client):
    """Django's test client, logging in through our backend: django-axes' backend comes first in
    AUTHENTICATION_BACKENDS and, having no users of its own, would make force_login a no-op."""

    def force_login(self, user, backend=LOGIN_BACKEND):
        super().force_login(user, backend=backend)


@pytest.fixture
def client():
    return ScapulaClient()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Close stray PostgreSQL connections before pytest-django drops the test database.

    Playwright's sync API runs on greenlets, which carry their own context variables, so Django code
    called from a browser test can open a second connection for the main thread that nothing closes;
    PostgreSQL then refuses to drop the test database ("being accessed by other users").
    """
    yield
    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
        connection.close()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing costs ~0.3 s a password; tests check behaviour, not key stretching."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Background tasks (an import) run inside the request that enqueues them, so a test sees the result.
    tests/training_log/test_import_worker.py runs the real database backend and its worker instead."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    """The cache outlives a test's database transaction, so each test starts with it empty. The tests run in
    one process, so its own memory is the shared cache and the logged-in pages and the cards' histories are
    stored as in production."""
    settings.PRIVATE_PAGE_CACHE = True
    settings.CARD_HISTORY_CACHE = True
    cache.clear()
    yield
    cache.clear()


def _load_library():
    call_command("load_library", stdout=StringIO())


@pytest.fixture
def library(db):
    """Our exercise library, loaded the way `make run` loads it."""
    _load_library()


@pytest.fixture
def library_transactional(transactional_db):
    """The library for tests that share the database with a live server thread."""
    _load_library()


# The cast for permission tests: an athlete, their coach, another athlete and a coach without a link.
@pytest.fixture
def athlete(db):
    from tests.factories import UserFactory

    return UserFactory(username="athlete", display_name="Alice Athlete")


@pytest.fixture
def coach(db, athlete):
    from accounts.models import CoachingLink
    from tests.factories import UserFactory

    coach = UserFactory(username="coach", display_name="Carol Coach", is_coach=True)
    CoachingLink.objects.create(coach=coach, athlete=athlete)
    return coach


@pytest.fixture
def other_athlete(db):
    from tests.factories import UserFactory

    return UserFactory(username="other", display_name="Oscar Other")


@pytest.fixture
def unlinked_coach(db):
    from tests.factories import UserFactory

    return UserFactory(username="stranger", display_name="Sid Stranger", is_coach=True)
