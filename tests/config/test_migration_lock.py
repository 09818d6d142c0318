"""Two hosts deploying at once take turns at migrating (core.dblock, `manage.py migrate_locked`)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from core.dblock import MIGRATION_LOCK, migration_lock

pytestmark = pytest.mark.django_db


def _other_host_gets_the_lock() -> bool:
    """What a second host's migrate would find: whether the lock is free (taken and let go again if so)."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [MIGRATION_LOCK])
            (got,) = cursor.fetchone()
            if got:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK])
        return got
    finally:
        other.close()


def test_the_migration_lock_keeps_a_second_host_waiting_until_it_is_let_go():
    """On PostgreSQL the lock is real; SQLite (one machine, one writer at a time) takes none and asks nothing."""
    if connection.vendor == "postgresql":
        with migration_lock() as held:
            assert held is True
            assert _other_host_gets_the_lock() is False
        assert _other_host_gets_the_lock() is True
    else:
        with CaptureQueriesContext(connection) as queries, migration_lock() as held:
            assert held is False
        assert len(queries) == 0


def test_migrate_locked_migrates_and_finds_nothing_left_the_second_time():
    out = StringIO()
    call_command("migrate_locked", interactive=False, stdout=out)
    assert "No migrations to apply." in out.getvalue()
