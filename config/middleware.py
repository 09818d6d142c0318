"""One structured log line per request, for the people who run Scapula.

Each line is one JSON object on the `scapula.requests` logger: a request id (the caller's X-Request-ID when it
looks like one, else a fresh one; echoed in the response), the user id, method, path, status, the time spent in
ms and the number of SQL queries. JSON rather than key=value because json.dumps escapes whatever a client puts
in a path (quotes, newlines, escape codes), so no request can forge or split a line, and log stores read it
without a custom parser.
"""

import json
import logging
import re
import time
import uuid
from contextlib import ExitStack, contextmanager

from django.db import connections
from django.http import FileResponse

logger = logging.getLogger("scapula.requests")

REQUEST_ID_HEADER = "X-Request-ID"
# What proxies and load balancers send (hex, UUIDs, "Root=1-5e1b-..."): short, printable, no spaces or quotes.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:/+=-]{1,128}")
# URL parts that are secrets (an invitation's or a confirmation link's token): the line shows the route instead.
_SECRET_URL_KWARGS = frozenset({"token", "uidb64"})


class QueryCounter:
    """Counts the SQL statements run on every database connection of this thread while `counting()` is open."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    @contextmanager
    def counting(self):
        with ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(self))
            yield self


def request_id_for(request) -> str:
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    return incoming if _SANE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex


def _logged_path(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is not None and _SECRET_URL_KWARGS & match.kwargs.keys():
        return "/" + match.route
    return request.path


def _user_id(request):
    user = getattr(request, "user", None)  # absent when a middleware above authentication answered
    return user.pk if user is not None and user.is_authenticated else None


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_for(request)
        counter = QueryCounter()
        started = time.perf_counter()
        with counter.counting():
            response = self.get_response(request)
            # Inside the count: on a page that never looked at the user, this is where the session is read.
            user_id = _user_id(request)
        response[REQUEST_ID_HEADER] = request.request_id
        fields = {
            "request_id": request.request_id,
            "user_id": user_id,
            "method": request.method,
            "path": _logged_path(request),
            "status": response.status_code,
        }
        if response.streaming and not isinstance(response, FileResponse):
            # An export's rows are read while the body is sent: the line waits for the last of them.
            response.streaming_content = self._streamed(response.streaming_content, fields, counter, started)
        else:
            self._log(fields, counter, started)
        return response

    def _streamed(self, content, fields, counter, started):
        try:
            with counter.counting():
                yield from content
        finally:
            self._log(fields, counter, started)

    @staticmethod
    def _log(fields, counter, started):
        fields["duration_ms"] = round((time.perf_counter() - started) * 1000, 1)
        fields["queries"] = counter.count
        # ensure_ascii: no raw line or paragraph separators (U+2028) that some log readers split on.
        logger.info(json.dumps(fields, ensure_ascii=True))
