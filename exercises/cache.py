"""The public library pages, cached for visitors who are not logged in.

An anonymous page is stored under the release, the library's version (accounts.versions: a database row,
mirrored in the cache for a minute, given a new token by every write to the library or to a public template)
and its path with only the query parameters its view declares (core.pagekeys). Its ETag is made of the same, so
a library change or a deploy retires every stored page and every ETag at once, on every process that shares
the cache. A URL with anything else in it (an unknown parameter, a value the view does not allow, a search) is
made fresh and never stored: a visitor cannot fill the cache by typing URLs. A search is free text, so its
results are never stored; the library is small, and a search page costs a few milliseconds to make.

Logged-in pages carry the person's menu (their name, their unread comments) and, on the library, their own
exercises: they are never stored here, and are `private, no-store`.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

from accounts.versions import library_version
from core.pagekeys import canonical_path, has_messages

PAGE_KEY = "library:page:{}"
# Stored pages of an old version are never read again; this only bounds how long they take up room.
PAGE_TIMEOUT = 24 * 60 * 60
# A browser or proxy may reuse an anonymous page for a minute without asking: the library changes on a
# deploy, not by the second, and nothing private is on it. After that it revalidates with the ETag (a 304).
BROWSER_MAX_AGE = 60


def _anonymous(request, view, args, kwargs, path):
    digest = hashlib.sha256(f"{settings.RELEASE}\n{library_version()}\nanonymous\n{path}".encode()).hexdigest()[:32]
    etag = f'"{digest}"'
    key = PAGE_KEY.format(digest)
    stored = cache.get(key)
    if stored is not None:
        response = get_conditional_response(request, etag=etag) or HttpResponse(stored[0], content_type=stored[1])
    else:
        response = view(request, *args, **kwargs)
        if (
            response.status_code != 200
            or response.streaming
            or response.cookies
            # A page that holds a CSRF token is the visitor's own (none of ours do; this keeps it so).
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        ):
            return response
        cache.set(key, (response.content, response["Content-Type"]), PAGE_TIMEOUT)
        response = get_conditional_response(request, etag=etag, response=response)
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=BROWSER_MAX_AGE)
    return response


def public_library_page(view=None, *, query=None):
    """For the pages anyone may read: stored and answered with 304 for anonymous visitors (see above). `query`:
    the parameters the view reads, each with the values it allows (core.pagekeys)."""
    if view is None:
        return lambda view: public_library_page(view, query=query)
    allowed = query or {}

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        if request.user.is_authenticated or has_messages(request):  # a page of one person's
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_store=True)
        else:
            path = canonical_path(request, allowed)
            response = view(request, *args, **kwargs) if path is None else _anonymous(request, view, args, kwargs, path)
        # The same URL is another page once logged in: no browser or proxy may hand one for the other.
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapped
