"""Django's Redis cache backend, keeping its Redis client (issue 17: fast uncached pages).

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every command. The
connection pool is kept, but the client's constructor fills a table of about 170 response
callbacks each time: measured on the benchmark database, four of them per article (the chrome's
fragments, the kept lists) cost more than the GETs they send. A ``redis.Redis`` is safe to share
between threads (each command takes a connection from the pool), and Django's cache backends are
per thread anyway, so one client per connection pool is kept and reused.
"""

from django.core.cache.backends import redis as django_redis


class KeptClientRedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)  # Django's choice of server and its kept pool
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with ``KeptClientRedisCacheClient``."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient
