import os
import socket
import threading

from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from exercises.cache import public_library_page
from exercises.content import WHY_TRAIN

# /healthz/ answers within 2 s whatever the database does: a new connection gives up after its connect_timeout
# (settings, 2 s), a query on PostgreSQL after HEALTH_STATEMENT_TIMEOUT_MS, and a connection whose server went
# silent (stopped, or its packets dropped: no statement timeout fires there) is cut after HEALTH_DEADLINE.
HEALTH_STATEMENT_TIMEOUT_MS = 1500
HEALTH_DEADLINE = 1.8


@require_safe
@public_library_page
def home(request):
    return render(request, "home.html", {"why_train": WHY_TRAIN})


def _cut(wrapper) -> None:
    """Shuts the socket of a PostgreSQL connection stuck waiting: the query fails at once and Django drops the
    connection (the next request opens a new one)."""
    raw = wrapper.connection
    if raw is None or wrapper.vendor != "postgresql":
        return
    try:
        duplicate = socket.socket(fileno=os.dup(raw.pgconn.socket))
    except Exception:  # closed meanwhile: nothing left to cut
        return
    try:
        duplicate.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        duplicate.close()


def _database_answers() -> bool:
    watchdog = threading.Timer(HEALTH_DEADLINE, _cut, [connection])
    watchdog.start()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"SET LOCAL statement_timeout = {HEALTH_STATEMENT_TIMEOUT_MS}")
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    finally:
        watchdog.cancel()
    return True


def _cache_answers() -> bool:
    """The Redis backend says whether Redis answers (config.cache); the others have nothing to be down."""
    ping = getattr(cache, "ping", None)
    return ping() if ping is not None else True


@never_cache
@require_safe
def healthz(request):
    """For load balancers and uptime checks. 200 while the database answers, even with the cache down (pages
    are then made fresh, only slower); 503 when the database does not answer."""
    database = _database_answers()
    body = {
        "status": "ok" if database else "error",
        "database": "ok" if database else "error",
        "cache": "ok" if _cache_answers() else "down",
    }
    return JsonResponse(body, status=200 if database else 503)
