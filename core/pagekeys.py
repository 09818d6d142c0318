"""What names a cached page: its path with only the query parameters its view reads, each at a value the view
allows. The caches (accounts.pagecache, exercises.cache) store a page only when its URL is in that form, so a
URL nobody's link makes (`/exercises/?z=<random>`, `/progress/?range=<random>`) is answered, made fresh, and
never takes room: the number of keys is bounded by the pages that exist, not by what visitors type.

The lowest layer: it imports no app, so every app may use it.
"""

from urllib.parse import urlencode

# A free-text parameter (a search): any value but an empty one makes the page uncacheable.
FREE_TEXT = frozenset()
# The first pages of a paginated list: the ones people open; later pages are made fresh.
FIRST_PAGES = frozenset(str(number) for number in range(1, 11))


def canonical_path(request, query: dict) -> str | None:
    """The path and the declared parameters (`query`: name -> the values allowed), sorted; None when the URL
    has anything else: an unknown parameter, a value not allowed, a parameter twice. An empty value counts as
    absent, so the view must read "" as it reads a missing parameter (forms send empty fields)."""
    kept = []
    for name in request.GET:
        values = request.GET.getlist(name)
        if name not in query or len(values) != 1:
            return None
        if values[0] == "":
            continue
        if values[0] not in query[name]:
            return None
        kept.append((name, values[0]))
    return f"{request.path}?{urlencode(sorted(kept))}" if kept else request.path


def has_messages(request) -> bool:
    """A pending message ("Your account is deleted") belongs to one visitor; such a page is not shared.
    Counting them does not mark them shown."""
    storage = getattr(request, "_messages", None)
    return storage is not None and len(storage) > 0
