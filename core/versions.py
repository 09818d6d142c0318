"""Versions, the mechanism of every cache here (the library's in exercises.cache, the logged-in pages' in
accounts.pagecache, the workout cards' histories in training_log.cardcache): what is stored carries the
version it was made under and is served only while that is still the current one, so replacing a version
retires everything made under it, on every process that shares the cache.

The lowest layer: it imports no app, so every app may use it.
"""

import uuid

from django.core.cache import cache
from django.db import transaction

# The library's version (exercises.cache): here, so the logged-in pages that show library content can key on it.
LIBRARY_VERSION_KEY = "library:version"


def fresh_version() -> str:
    return uuid.uuid4().hex


def current_version(key: str, found: dict | None = None) -> str:
    """The version under `key` (from `found`, a get_many the caller made, when it asked for it). If the cache
    lost it (cleared, evicted, a new cache server), a fresh one is made: whatever was stored under an earlier
    version is then simply never read, so nothing stale is served."""
    version = found.get(key) if found is not None else cache.get(key)
    if version is None:
        # add() lets the first of several processes that find it missing win; the others read its value.
        cache.add(key, fresh_version(), timeout=None)
        version = cache.get(key) or fresh_version()
    return version


def replace_versions(keys) -> None:
    cache.set_many({key: fresh_version() for key in keys}, timeout=None)


def versions_changed(keys) -> None:
    """Replaces the versions now, and again when the transaction commits: something made between the first
    replacement and the commit still read the old rows, and the second keeps it from being served."""
    keys = list(keys)
    replace_versions(keys)
    transaction.on_commit(lambda: replace_versions(keys))


def has_messages(request) -> bool:
    """A pending message ("Your account is deleted") belongs to one visitor; such a page is not shared.
    Counting them does not mark them shown."""
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0
