"""Redis is a cache, not a dependency (config.cache): with a real redis-server killed, hung or full, every page
still answers, log-in works from the database, a set POST stores its set once and answers success, and
/healthz/ says the cache is down; once Redis is back, nothing it held from before the fault is served."""

import datetime
import os
import shutil
import signal
import socket
import subprocess
import time
import uuid

import pytest
import redis
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

from tests.factories import PASSWORD, ExerciseFactory, SessionExerciseFactory
from training_log.models import SetLog

pytestmark = pytest.mark.django_db

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
# Room for the healthy walk: an empty Redis already uses about 0.9 MB.
MAXMEMORY = "2mb"
PUBLIC_PAGES = ["/", "/exercises/", "/exercises/barbell-row/", "/muscles/", "/accounts/login/"]


class RedisServer:
    """A redis-server of the test's own on a free loopback port, in a temporary directory, saving nothing."""

    def __init__(self, directory, *extra):
        self.directory = directory
        self.extra = extra
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        # The server keeps the real clock: under faketime (docs/testing.md) the libfaketime it would inherit through
        # LD_PRELOAD crashes it at start ("unexpected recursive calls to clock_gettime()").
        env = {name: value for name, value in os.environ.items() if name != "LD_PRELOAD"}
        self.process = subprocess.Popen(
            [*command, "--dir", str(self.directory), *self.extra],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        probe = redis.Redis.from_url(self.url, socket_timeout=0.5, socket_connect_timeout=0.5)
        for _ in range(100):
            try:
                probe.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def signal(self, number) -> None:
        os.kill(self.process.pid, number)

    def kill(self) -> None:
        self.signal(signal.SIGKILL)
        self.process.wait()

    def fill(self) -> None:
        """Writes until Redis refuses (maxmemory with noeviction), then lowers its limit below what it holds: a
        refused write frees its own buffers, and without the margin a small write would squeeze in now and then,
        so the test would not know which of the site's writes were refused."""
        writer = redis.Redis.from_url(self.url)
        with pytest.raises(redis.exceptions.OutOfMemoryError):
            for n in range(100_000):
                writer.set(f"filler:{n}", "x" * 10_000)
        writer.config_set("maxmemory", writer.info("memory")["used_memory"] // 2)
        with pytest.raises(redis.exceptions.OutOfMemoryError):
            writer.set("one-more", "x")

    def empty(self) -> None:
        """What an operator does about a full Redis: room again, and what filled it gone."""
        writer = redis.Redis.from_url(self.url)
        writer.config_set("maxmemory", MAXMEMORY)
        writer.flushdb()


class Clock:
    """The breaker's clock, moved by hand: the test waits for no window to pass."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def redis_server(tmp_path):
    if not os.access(REDIS_SERVER, os.X_OK):
        pytest.fail(f"{REDIS_SERVER} is missing: `make redis` installs it")
    server = RedisServer(tmp_path, "--maxmemory", MAXMEMORY, "--maxmemory-policy", "noeviction")
    server.start()
    yield server
    if server.process.poll() is None:
        server.signal(signal.SIGCONT)
        server.kill()


@pytest.fixture
def cache_on_redis(settings, redis_server, monkeypatch):
    """The settings of production (CACHE_URL=redis://...): the Redis backend, logins read through it, and the
    logged-in page cache on. The breaker stays open for its window until the test moves its clock."""
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache.RedisCache",
            "LOCATION": redis_server.url,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5, "breaker_seconds": 2},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.PRIVATE_PAGE_CACHE = True
    settings.CARD_HISTORY_CACHE = True
    breaker = caches["default"].breaker
    monkeypatch.setattr(breaker, "clock", Clock())
    return breaker


@pytest.fixture
def workout(athlete):
    row = ExerciseFactory(name="Barbell row", slug="barbell-row", rep_min=6, rep_max=10)
    started = timezone.now() - datetime.timedelta(minutes=5)
    return SessionExerciseFactory(session__athlete=athlete, session__started_at=started, exercise=row, position=0)


def _log_in() -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": "athlete", "password": PASSWORD})
    assert response.status_code == 302, "log-in failed"
    return client


def _post_set(client, item, weight, client_id):
    data = {"weight": weight, "reps": "8", "rir": "2", "client_id": str(client_id)}
    return client.post(
        f"/log/sessions/{item.session_id}/exercises/{item.pk}/sets/",
        {f"ex{item.pk}-{name}": value for name, value in data.items()},
        HTTP_HX_REQUEST="true",
    )


def _walk(item, weight) -> None:
    """Everything a visitor and a lifter do: public pages, log in, their pages, a set logged (and sent again, as
    a phone on a bad connection does), the workout showing it."""
    visitor = Client()
    for url in PUBLIC_PAGES:
        assert visitor.get(url).status_code == 200, url
    lifter = _log_in()
    session_page = f"/log/sessions/{item.session_id}/"
    for url in ["/today/", session_page, "/log/", "/progress/", "/exercises/"]:
        assert lifter.get(url).status_code == 200, url
    client_id = uuid.uuid4()
    for _ in range(2):
        assert _post_set(lifter, item, weight, client_id).status_code == 200
    assert SetLog.objects.filter(client_id=client_id).count() == 1
    assert f"{weight} lb" in lifter.get(session_page).content.decode()


def _health(client) -> tuple[int, str]:
    response = client.get("/healthz/")
    return response.status_code, response.json()["cache"]


def _reopen_after_window(breaker) -> None:
    breaker.clock.now += breaker.open_seconds + 1


def test_a_healthy_redis_holds_logins_and_pages(cache_on_redis, redis_server, workout, client):
    _walk(workout, "101")

    keys = redis.Redis.from_url(redis_server.url).keys("*")
    assert any(b"sessions.cached_db" in key for key in keys)
    assert any(b"people:page" in key for key in keys)
    assert _health(client) == (200, "ok")
    assert cache_on_redis.failures == 0


def test_a_killed_redis_makes_pages_fresh_and_logins_come_from_the_database(
    cache_on_redis, redis_server, workout, client
):
    _walk(workout, "101")

    redis_server.kill()
    _walk(workout, "102")
    assert _health(client) == (200, "down")
    # One refused connection opened the breaker; every later call in its window skipped Redis.
    assert cache_on_redis.failures == 1
    assert cache_on_redis.skipped > 20

    redis_server.start()
    _reopen_after_window(cache_on_redis)
    assert _health(client) == (200, "ok")
    _walk(workout, "103")
    assert cache_on_redis.failures == 1


def _cache_warnings(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "scapula.cache"]


def test_a_hung_redis_costs_one_timeout_then_is_skipped(cache_on_redis, redis_server, workout, client, caplog):
    _walk(workout, "101")
    lifter = _log_in()
    session_page = f"/log/sessions/{workout.session_id}/"
    assert "101 lb" in lifter.get(session_page).content.decode()  # now kept in Redis

    redis_server.signal(signal.SIGSTOP)
    _walk(workout, "102")
    assert _health(client) == (200, "down")
    assert cache_on_redis.failures == 1  # one read timed out (0.5 s); nothing else waited on Redis

    # Still hung when the window ends: one more timeout, then skipped again.
    _reopen_after_window(cache_on_redis)
    assert _health(client) == (200, "down")
    assert cache_on_redis.failures == 2

    # Redis comes back holding everything from before the hang, the page of the workout without the set
    # logged meanwhile among it: what was written while it hung is deleted first, so that page is not served.
    redis_server.signal(signal.SIGCONT)
    _reopen_after_window(cache_on_redis)
    assert _health(client) == (200, "ok")
    assert "102 lb" in lifter.get(session_page).content.decode()
    _walk(workout, "103")
    assert cache_on_redis.failures == 2
    # Two failures a few seconds apart: one line in the log, not one per call.
    assert len(_cache_warnings(caplog)) == 1


def test_a_full_redis_refuses_writes_and_nothing_stale_is_served(cache_on_redis, redis_server, workout, client, caplog):
    _walk(workout, "101")
    lifter = _log_in()
    session_page = f"/log/sessions/{workout.session_id}/"
    assert "101 lb" in lifter.get(session_page).content.decode()

    redis_server.fill()
    _walk(workout, "102")
    assert _health(client) == (200, "down")
    assert cache_on_redis.failures == 1
    (warning,) = _cache_warnings(caplog)
    assert warning.endswith(
        "command not allowed when used memory > 'maxmemory'.); served without it for 2s at a "
        "time (1 failure(s) since the last warning)."
    )

    # Still full after the window: reads work, but the version the set replaced is gone, so no page from
    # before the set is served.
    _reopen_after_window(cache_on_redis)
    assert "102 lb" in lifter.get(session_page).content.decode()
    _walk(workout, "103")

    redis_server.empty()
    _reopen_after_window(cache_on_redis)
    assert _health(client) == (200, "ok")
    _walk(workout, "104")


def test_healthz_asks_the_database_one_question(cache_on_redis, client, django_assert_num_queries):
    with django_assert_num_queries(1):  # exact: the probe is one SELECT 1, and zero would mean it asked nothing
        assert _health(client) == (200, "ok")


def test_a_refused_write_is_logged_with_redis_reason_and_without_its_values(cache_on_redis, redis_server, caplog):
    """A refused pipeline quotes its command, values and all (a pickled login session among them)."""
    redis_server.fill()
    caches["default"].set_many({"session": "the-session-data"})
    (warning,) = _cache_warnings(caplog)
    assert "command not allowed when used memory > 'maxmemory'" in warning
    assert "the-session-data" not in warning and "MSET" not in warning
