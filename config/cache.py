"""Django's Redis cache backend, made optional: an unreachable, hung or full Redis makes pages slower, never errors.

Every call is guarded. When Redis does not answer in time (settings: connect and read timeouts well under a
second), refuses the connection, or refuses a write (a full Redis under `maxmemory-policy noeviction` answers
"OOM command not allowed"), a read answers "missing" (or the caller's default), a write does nothing, and
one warning is logged (at most one a minute, with the count of failures since the last).

A circuit breaker then skips Redis for `breaker_seconds` (per process and location), so a hung Redis costs
one timeout per process and window, not one per call: a page makes two or three cache calls, a set logged six.

A write that Redis did not take leaves whatever it held under that key, and that old value would come back when
Redis does: an old version (a page served although its data changed), a login session that was logged out.
So every key written or deleted while Redis did not take it is deleted as soon as Redis answers again, before
anything else is asked of it (a DEL is allowed even when Redis is full, so after a refused write it is tried
at once too). Past MAX_STALE_KEYS the whole cache is cleared instead: a cache may always be emptied.

It also keeps one Redis client per connection pool: Django's own makes a new `redis.Redis` for every call (its
constructor fills a table of about eighty response callbacks), a tenth of a millisecond each time. The client
holds no connection of its own (the pool does) and is safe to share between threads.
"""

import logging
import re
import threading
import time

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError, RedisError, TimeoutError
from redis.retry import Retry

logger = logging.getLogger("scapula.cache")

BREAKER_SECONDS = 2.0
WARNING_INTERVAL = 60.0
MAX_STALE_KEYS = 10_000
HEALTH_KEY = "scapula:healthz"


class Breaker:
    """What one process knows about one Redis: whether to skip it for now, and what to delete when it is back.
    Shared by the threads of the process (Django makes a cache backend per thread)."""

    def __init__(self, location: str, open_seconds: float, clock=time.monotonic):
        self.location = location
        self.open_seconds = open_seconds
        self.clock = clock
        self.lock = threading.Lock()
        self.open_until = None  # a clock reading while open, None while closed
        self.stale: set = set()
        self.clear_pending = False
        # Counters for tests and the health check: calls that went to Redis and failed, calls not sent.
        self.failures = 0
        self.skipped = 0
        self._unreported = 0
        self._last_warning = None

    def is_open(self) -> bool:
        return self.open_until is not None and self.clock() < self.open_until

    def forget(self, keys) -> None:
        """Keys whose value in Redis may now be wrong: deleted before Redis is next used."""
        with self.lock:
            if self.clear_pending:
                return
            self.stale.update(keys)
            if len(self.stale) > MAX_STALE_KEYS:
                self.stale.clear()
                self.clear_pending = True

    def opened(self, error: Exception) -> None:
        with self.lock:
            self.failures += 1
            self._unreported += 1
            self.open_until = self.clock() + self.open_seconds
            now = self.clock()
            if self._last_warning is not None and now - self._last_warning < WARNING_INTERVAL:
                return
            self._last_warning, count, self._unreported = now, self._unreported, 0
        # A pipeline's error quotes the command with its values (a pickled login session): only Redis' reason.
        reason = str(error).rsplit("caused error: ", 1)[-1][:200]
        logger.warning(
            "Cache at %s unusable (%s: %s); served without it for %ss at a time (%d failure(s) since the last "
            "warning).",
            self.location,
            type(error).__name__,
            reason,
            self.open_seconds,
            count,
        )


_breakers: dict[str, Breaker] = {}
_breakers_lock = threading.Lock()


def breaker_for(location: str, open_seconds: float) -> Breaker:
    with _breakers_lock:
        breaker = _breakers.get(location)
        if breaker is None:
            breaker = _breakers[location] = Breaker(location, open_seconds)
        return breaker


class _GuardedClient(RedisCacheClient):
    def __init__(self, servers, *, breaker_seconds=BREAKER_SECONDS, **options):
        # No retries: redis-py would otherwise try again after a timeout, doubling what a hung Redis costs.
        options.setdefault("retry", Retry(NoBackoff(), 0))
        super().__init__(servers, **options)
        self._clients = {}
        self.breaker = breaker_for(",".join(servers), breaker_seconds)

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def _guarded(self, call, missing, written=()):
        """`call()`, or `missing` when Redis cannot be used; `written` names the keys the call changes."""
        breaker = self.breaker
        if breaker.is_open() or not self._retire_stale(close=True):
            breaker.skipped += 1
            breaker.forget(written)
            return missing
        try:
            return call()
        except RedisError as error:
            breaker.forget(written)
            breaker.opened(error)
            if written and not isinstance(error, (ConnectionError, TimeoutError)):
                # Redis answered but refused (full): it takes deletes, so the old values go now, not later.
                self._retire_stale(close=False)
            return missing

    def _retire_stale(self, *, close: bool) -> bool:
        """Deletes what went stale while Redis was not used, then closes the breaker if asked; False (breaker
        reopened) if Redis still fails."""
        breaker = self.breaker
        if not breaker.stale and not breaker.clear_pending:
            if close:
                breaker.open_until = None
            return True
        with breaker.lock:
            stale, clear = list(breaker.stale), breaker.clear_pending
        try:
            client = self.get_client(write=True)
            if clear:
                client.flushdb()
            for start in range(0, len(stale), 1000):
                client.delete(*stale[start : start + 1000])
        except RedisError as error:
            breaker.opened(error)
            return False
        with breaker.lock:
            breaker.stale.difference_update(stale)
            if clear:
                breaker.clear_pending = False
            if close:
                breaker.open_until = None
        return True

    def ping(self) -> bool:
        """Whether Redis takes a write now (the health check: a full Redis answers reads but is of no use); no
        call while the breaker is open."""
        return self._guarded(lambda: bool(self.get_client(write=True).set(HEALTH_KEY, 1, ex=60)), False)

    def add(self, key, value, timeout):
        return self._guarded(lambda: super(_GuardedClient, self).add(key, value, timeout), False, [key])

    def get(self, key, default):
        return self._guarded(lambda: super(_GuardedClient, self).get(key, default), default)

    def set(self, key, value, timeout):
        self._guarded(lambda: super(_GuardedClient, self).set(key, value, timeout), None, [key])

    def touch(self, key, timeout):
        return self._guarded(lambda: super(_GuardedClient, self).touch(key, timeout), False, [key])

    def delete(self, key):
        return self._guarded(lambda: super(_GuardedClient, self).delete(key), False, [key])

    def get_many(self, keys):
        return self._guarded(lambda: super(_GuardedClient, self).get_many(keys), {})

    def has_key(self, key):
        return self._guarded(lambda: super(_GuardedClient, self).has_key(key), False)

    def incr(self, key, delta):
        result = self._guarded(lambda: super(_GuardedClient, self).incr(key, delta), None, [key])
        if result is None:
            # What Django's incr says of a missing key, which is what an unusable cache holds.
            raise ValueError(f"Key '{key}' not found.")
        return result

    def set_many(self, data, timeout):
        self._guarded(lambda: super(_GuardedClient, self).set_many(data, timeout), None, list(data))

    def delete_many(self, keys):
        self._guarded(lambda: super(_GuardedClient, self).delete_many(keys), None, list(keys))

    def delete_matching(self, pattern: str) -> int:
        """Deletes the keys matching a Redis glob pattern, found with SCAN (never KEYS, which blocks Redis while
        it walks every key); 0 when Redis cannot be used (what was not deleted expires on its own)."""

        def delete_now():
            client, deleted, batch = self.get_client(write=True), 0, []
            for key in client.scan_iter(match=pattern, count=1000):
                batch.append(key)
                if len(batch) == 500:
                    deleted += client.delete(*batch)
                    batch = []
            return deleted + (client.delete(*batch) if batch else 0)

        return self._guarded(delete_now, 0)

    def clear(self):
        def clear_now():
            return super(_GuardedClient, self).clear()

        result = self._guarded(clear_now, None)
        if result is None:
            with self.breaker.lock:
                self.breaker.stale.clear()
                self.breaker.clear_pending = True
            return False
        return result


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _GuardedClient

    @property
    def breaker(self) -> Breaker:
        return self._cache.breaker

    def ping(self) -> bool:
        return self._cache.ping()

    def delete_matching(self, prefix: str) -> int:
        """Deletes every key that starts with `prefix` (as given to the cache: the key prefix and version are
        added here, and glob characters in either are matched literally)."""
        made = self.make_key(prefix)
        return self._cache.delete_matching(re.sub(r"([*?\[\]\\])", r"\\\1", made) + "*")
