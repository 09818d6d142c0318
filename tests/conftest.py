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


# --- The library: load_library runs once per test process; later tests get the rows it wrote -------------


class _LibraryRows:
    """What load_library wrote into empty tables, read back once per process, and written again in a few bulk
    inserts (new primary keys, the foreign keys between them mapped): the same library for a fraction of a
    load's queries. Where the tables are not empty (a test made a muscle, or took a library slug for an
    exercise of its own) the real load runs instead, as it would in production.
    tests/exercises/test_loader.py checks that both give the same library."""

    rows = None

    @classmethod
    def load(cls):
        from exercises import content
        from exercises.models import Exercise, Muscle

        clean = (
            not Muscle.objects.exists()
            and not Exercise.objects.filter(slug__in=[data["slug"] for data in content.EXERCISES]).exists()
        )
        if clean and cls.rows is not None:
            cls._restore()
            return
        call_command("load_library", stdout=StringIO())
        if clean and not Exercise.objects.filter(created_by__isnull=False).exists():
            cls.rows = cls._read()

    @staticmethod
    def _read():
        from exercises.models import Exercise, ExerciseMuscle, ExerciseStep, Muscle

        return {
            "muscles": list(Muscle.objects.order_by("pk").values()),
            "exercises": list(Exercise.objects.order_by("pk").values()),
            "steps": list(ExerciseStep.objects.order_by("pk").values()),
            "roles": list(ExerciseMuscle.objects.order_by("pk").values()),
            "alternatives": list(Exercise.alternatives.through.objects.order_by("pk").values()),
        }

    @classmethod
    def _restore(cls):
        from django.db import transaction

        from accounts.versions import changed
        from exercises.models import Exercise, ExerciseMuscle, ExerciseStep, Muscle

        def insert(model, rows, **maps):
            objects = model.objects.bulk_create(
                model(**{k: maps[k][v] if k in maps else v for k, v in row.items() if k != "id"}) for row in rows
            )
            return {row["id"]: made.pk for row, made in zip(rows, objects, strict=True)}

        muscle = insert(Muscle, cls.rows["muscles"])
        exercise = insert(Exercise, cls.rows["exercises"])
        insert(ExerciseStep, cls.rows["steps"], exercise_id=exercise)
        insert(ExerciseMuscle, cls.rows["roles"], exercise_id=exercise, muscle_id=muscle)
        insert(
            Exercise.alternatives.through,
            cls.rows["alternatives"],
            from_exercise_id=exercise,
            to_exercise_id=exercise,
        )
        with transaction.atomic():
            changed(library=True)  # as the load does: the library pages' cached versions are stale


def _load_library():
    from accounts.versions import LIBRARY_MIRROR_KEY, LIBRARY_MIRROR_SECONDS, library_version

    _LibraryRows.load()
    # What the load's commit does in production: the cache mirrors the library's new version (accounts.versions).
    # A test's transaction never commits, so its on-commit callbacks never run.
    cache.delete(LIBRARY_MIRROR_KEY)
    cache.set(LIBRARY_MIRROR_KEY, library_version(), LIBRARY_MIRROR_SECONDS)


@pytest.fixture
def library(db):
    """Our exercise library, as `make run` loads it (load_library once per process, then its rows)."""
    _load_library()


# --- end of the library ---------------------------------------------------------------------------------


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


# --- The clock (tests/clock.py): a test that depends on today travels to a named instant -------------------


@pytest.fixture
def clock(request, time_machine):
    """Where the test is in time. Parametrised indirectly with tests.clock's instants it travels there
    before the fixtures that follow it; otherwise call clock.travel(instant)."""
    from tests.clock import Clock

    clock = Clock(time_machine)
    instant = getattr(request, "param", None)
    if instant is not None:
        clock.travel(instant)
    return clock
