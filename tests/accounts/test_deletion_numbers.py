"""The deletion page writes large counts the way people read them: 1,234 sets, not 1234."""

from accounts import selectors

COUNTS = {
    "workouts": 1204,
    "logged_sets": 31250,
    "planned_workouts": 2,
    "templates": 1000,
    "custom_exercises": 0,
    "athletes": 1,
    "coaches": 0,
}


def test_counts_have_thousands_separators(client, athlete, monkeypatch):
    monkeypatch.setattr(selectors, "account_contents", lambda user: COUNTS)
    client.force_login(athlete)
    html = client.get("/accounts/delete/").content.decode()
    assert "1,204 workouts with 31,250 sets" in html
    assert "1,000 templates" in html and "2 planned workouts" in html and "0 custom exercises" in html
