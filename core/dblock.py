"""A lock in the database that every host sees, so two hosts deploying at once take turns.

PostgreSQL's session-level advisory lock: held by the connection until released or until the connection ends
(a killed deploy frees it). Two `migrate` runs at once would otherwise both find the same migration unapplied
and the second would fail on "column already exists". SQLite lives on one machine and already lets one writer
in at a time, so it needs none.
"""

from contextlib import contextmanager

from django.db import connections

# Any fixed number: the lock's name among the advisory locks of the database ("SCAP" + 1).
MIGRATION_LOCK = 0x5343_4150_0001


@contextmanager
def migration_lock(using: str = "default"):
    """Waits for the migration lock and holds it for the block; yields whether a lock was taken."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield False
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK])
    try:
        yield True
    finally:
        if connection.is_usable():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK])
