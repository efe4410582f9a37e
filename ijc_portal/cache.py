"""The cache on Redis, tolerant of Redis being down: pages keep working without it.

The cache holds nothing the portal cannot do without (sessions are in PostgreSQL; the cache holds
allauth's and the claim form's rate-limit counters). Django's ``RedisCache`` raises when Redis
cannot be reached, which would turn every page that touches the cache (sign-in among them) into a
server error for as long as Redis is down. ``TolerantRedisCache`` logs a warning instead and answers
as an empty cache that forgets at once would: reads miss, writes are dropped, ``add`` succeeds (allauth
takes a lock with it and would refuse every sign-in, 429, when it never succeeds), ``incr`` restarts
from ``delta``. Rate limits therefore do not count while Redis is down (they fail open, logged); the
notification and webhook outboxes, not the cache, keep what must be delivered (``notifications.outbox``).
"""

from __future__ import annotations

import functools
import logging

from django.core.cache.backends.redis import RedisCache
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _tolerant(fallback):
    """Run the cache operation; when Redis is unreachable, log and return ``fallback(*args, **kwargs)``."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE as error:
                logger.warning("cache unavailable (%s): %s answered as a miss", type(error).__name__, method.__name__)
                return fallback(*args, **kwargs)

        return wrapper

    return decorate


def _default(key, default=None, version=None):
    return default


class TolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        # redis-py retries a failed command with exponential backoff (seconds per call): with Redis
        # down, every page would wait that long for each cache call. One try, then the fallback.
        self._options = {"retry": Retry(NoBackoff(), 0), **self._options}

    add = _tolerant(lambda *a, **k: True)(RedisCache.add)
    get = _tolerant(_default)(RedisCache.get)
    set = _tolerant(lambda *a, **k: None)(RedisCache.set)
    touch = _tolerant(lambda *a, **k: False)(RedisCache.touch)
    delete = _tolerant(lambda *a, **k: False)(RedisCache.delete)
    get_many = _tolerant(lambda *a, **k: {})(RedisCache.get_many)
    has_key = _tolerant(lambda *a, **k: False)(RedisCache.has_key)
    incr = _tolerant(lambda key, delta=1, version=None: delta)(RedisCache.incr)
    set_many = _tolerant(lambda *a, **k: [])(RedisCache.set_many)
    delete_many = _tolerant(lambda *a, **k: None)(RedisCache.delete_many)
    clear = _tolerant(lambda *a, **k: False)(RedisCache.clear)
