"""Django's Redis cache backend, keeping one Redis client per connection pool.

Django's own makes a new `redis.Redis` for every call (its constructor fills a table of about eighty response
callbacks), a tenth of a millisecond each time; a page read from the cache makes two or three calls and a set
logged six. The client holds no connection of its own (the pool does) and is safe to share between threads.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _KeptClients(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _KeptClients
