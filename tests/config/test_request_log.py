import json
import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory

FIELDS = {"request_id", "user_id", "method", "path", "status", "duration_ms", "queries"}


@pytest.fixture
def request_lines(caplog):
    """The request log's lines, parsed. Its logger does not propagate (it has its own stdout handler), so
    caplog's handler is hung on it directly."""
    logger = logging.getLogger("scapula.requests")
    logger.addHandler(caplog.handler)
    with caplog.at_level(logging.INFO, logger="scapula.requests"):
        yield lambda: [json.loads(r.getMessage()) for r in caplog.records if r.name == "scapula.requests"]
    logger.removeHandler(caplog.handler)


def test_one_line_per_request_with_every_field(client, db, request_lines):
    response = client.get("/healthz/")
    (line,) = request_lines()
    assert set(line) == FIELDS
    assert line["method"] == "GET"
    assert line["path"] == "/healthz/"
    assert line["status"] == 200
    assert line["user_id"] is None
    assert line["duration_ms"] >= 0
    assert line["request_id"] == response["X-Request-ID"]
    assert len(line["request_id"]) == 32


def test_healthz_is_counted_as_its_one_query(client, db, request_lines):
    client.get("/healthz/")
    assert request_lines()[0]["queries"] == 1


def test_query_count_matches_what_the_database_ran_for_a_logged_in_page(client, library, request_lines):
    user = UserFactory()
    client.force_login(user)
    with CaptureQueriesContext(connection) as ran:
        response = client.get("/today/")
    assert response.status_code == 200
    (line,) = request_lines()
    assert line["user_id"] == user.pk
    assert line["queries"] == len(ran.captured_queries) > 1


def test_a_sane_incoming_request_id_is_kept_and_echoed(client, db, request_lines):
    response = client.get("/healthz/", headers={"X-Request-ID": "Root=1-5e1b4151-5ac6c58f"})
    assert response["X-Request-ID"] == "Root=1-5e1b4151-5ac6c58f"
    assert request_lines()[0]["request_id"] == "Root=1-5e1b4151-5ac6c58f"


@pytest.mark.parametrize("incoming", ['a" "injected": 1', "x" * 129, "new\nline", ""])
def test_an_odd_incoming_request_id_is_replaced(client, db, request_lines, incoming):
    response = client.get("/healthz/", headers={"X-Request-ID": incoming})
    assert response["X-Request-ID"] != incoming
    assert len(response["X-Request-ID"]) == 32
    assert request_lines()[0]["request_id"] == response["X-Request-ID"]


def test_a_typed_path_cannot_break_the_line(client, db, request_lines, caplog):
    typed = '/exercises/a" "status": 200, "x\n{"forged": 1}\x1b[31m\u2028/'
    response = client.get(typed.replace("\n", "%0A"))
    assert response.status_code == 404
    (message,) = [r.getMessage() for r in caplog.records if r.name == "scapula.requests"]
    assert "\n" not in message and "\u2028" not in message and "\x1b" not in message
    line = json.loads(message)
    assert line["path"] == typed
    assert line["status"] == 404
    assert set(line) == FIELDS


def test_a_token_in_the_url_is_not_logged(client, db, request_lines):
    client.get("/accounts/invite/s3cr3t-t0ken/")
    line = request_lines()[0]
    assert "s3cr3t" not in json.dumps(line)
    assert line["path"] == "/accounts/invite/<str:token>/"


def test_a_streamed_export_is_logged_once_after_its_body_with_its_queries(client, db, request_lines):
    client.force_login(UserFactory())
    response = client.get("/log/export/sets.csv")
    assert response.streaming
    assert request_lines() == []  # nothing read yet
    b"".join(response.streaming_content)
    (line,) = request_lines()
    assert line["status"] == 200
    assert line["queries"] >= 1
