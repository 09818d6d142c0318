from django.db import OperationalError


def test_healthz_reports_database_ok(client, db):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_healthz_answers_503_when_database_is_unreachable(client, db, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr("django.db.connection.cursor", broken_cursor)
        response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json()["database"] == "error"


def test_healthz_refuses_post(client, db):
    assert client.post("/healthz/").status_code == 405


def test_healthz_answers_plain_http_when_everything_else_redirects_to_https(client, db, settings):
    """A load balancer checks the web process over plain HTTP; a redirect would read as 'down'."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz/").status_code == 200
    home = client.get("/")
    assert home.status_code == 301
    assert home["Location"] == "https://testserver/"
