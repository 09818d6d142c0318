import os
import socket
import threading

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from exercises.cache import public_library_page
from exercises.content import WHY_TRAIN

# /healthz/ answers within about 2 s whatever the database does: a new connection gives up after its
# connect_timeout (settings: 2 s, libpq's least), and a query still waiting after HEALTH_DEADLINE has its socket
# cut. A server-side statement_timeout would not do: a silent server (stopped, or its packets dropped) runs no
# timer, and the transaction it needs costs a round trip more; the deadline here bounds a slow server too.
HEALTH_DEADLINE = 1.8


@require_safe
@public_library_page()
def home(request):
    return render(request, "home.html", {"why_train": WHY_TRAIN})


class _Watchdog:
    """Shuts the socket of a PostgreSQL connection still waiting after HEALTH_DEADLINE: the query fails at once
    and Django drops the connection (the next request opens a new one)."""

    def __init__(self, wrapper):
        self.wrapper = wrapper  # this thread's connection: the timer's thread has its own
        self.fired = False
        self.timer = threading.Timer(HEALTH_DEADLINE, self.cut)

    def cut(self) -> None:
        self.fired = True
        raw = self.wrapper.connection
        if raw is None or self.wrapper.vendor != "postgresql":
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


def _probe(wrapper) -> None:
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _database_answers() -> bool:
    wrapper = connections[DEFAULT_DB_ALIAS]
    # The probe is the health check: Django's own (CONN_HEALTH_CHECKS) would first send a SELECT 1 of its own
    # that the watchdog cuts, then open a new connection, which a silent server holds for a whole
    # connect_timeout more.
    wrapper.health_check_done = True
    watchdog = _Watchdog(wrapper)
    watchdog.timer.start()
    try:
        for attempt in (1, 2):
            try:
                _probe(wrapper)
                return True
            except DatabaseError:
                if watchdog.fired or attempt == 2 or wrapper.in_atomic_block:
                    return False
                # Failed at once: a kept connection the server dropped (a restart). Once more on a new one (a
                # connection inside a transaction, as in a test, cannot be replaced).
                wrapper.close()
    finally:
        watchdog.timer.cancel()
    return False


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
