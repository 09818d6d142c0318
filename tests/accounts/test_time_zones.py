"""Each lifter's "today" and clock are their own: a middleware activates the user's time zone."""

import datetime
import re
from pathlib import Path
from unittest import mock

import pytest
from django.utils import timezone

from tests.factories import PlannedSessionFactory, TrainingSessionFactory, UserFactory, WorkoutTemplateFactory

# Friday 27 November 2026, 17:30 in Los Angeles: already Saturday 01:30 in UTC.
LA_EVENING = datetime.datetime(2026, 11, 28, 1, 30, tzinfo=datetime.UTC)
FRIDAY, SATURDAY = datetime.date(2026, 11, 27), datetime.date(2026, 11, 28)


@pytest.fixture
def angeleno(db):
    return UserFactory(username="angeleno", time_zone="America/Los_Angeles")


@pytest.fixture
def la_evening():
    with mock.patch("django.utils.timezone.now", return_value=LA_EVENING):
        yield


def test_a_lifter_in_los_angeles_sees_todays_workout_in_the_evening(
    client, angeleno, la_evening, django_assert_max_num_queries
):
    PlannedSessionFactory(athlete=angeleno, date=FRIDAY, name="Friday pulls")
    PlannedSessionFactory(athlete=angeleno, date=SATURDAY, name="Saturday rows")
    client.force_login(angeleno)
    with django_assert_max_num_queries(10):
        html = client.get("/today/").content.decode()
    assert "Start Friday pulls" in html
    assert "Saturday rows" not in html


def test_times_are_shown_on_the_lifters_clock(client, angeleno):
    session = TrainingSessionFactory(athlete=angeleno, name="Evening pulls", started_at=LA_EVENING)
    client.force_login(angeleno)
    html = client.get(session.get_absolute_url()).content.decode()
    assert "Fri 27 Nov, 17:30" in html


def test_a_plan_starts_on_the_lifters_today(client, angeleno, la_evening):
    template = WorkoutTemplateFactory(owner=angeleno)
    client.force_login(angeleno)
    html = client.get(f"/workouts/templates/{template.pk}/assign/").content.decode()
    assert 'name="start_date" value="2026-11-27"' in html


def test_visitors_and_the_next_request_get_the_sites_zone(client, angeleno, settings):
    client.force_login(angeleno)
    client.get("/today/")
    assert timezone.get_current_timezone_name() == settings.TIME_ZONE


def test_an_unknown_stored_zone_falls_back_to_the_sites(client, angeleno):
    type(angeleno).objects.filter(pk=angeleno.pk).update(time_zone="Nowhere/Atlantis")
    client.force_login(angeleno)
    assert client.get("/today/").status_code == 200


def test_new_accounts_default_to_the_sites_zone(db, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    assert UserFactory().time_zone == "Europe/Berlin"


ROOT = Path(__file__).resolve().parents[2]


def test_code_asks_for_the_users_today_never_the_servers():
    """`date.today()` and naive `datetime.now()` read the server's clock; `timezone.localdate()` the user's."""
    offenders = []
    for path in ROOT.glob("**/*.py"):
        if any(part in {".venv", "node_modules", "migrations"} for part in path.parts) or path == Path(__file__):
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"\bdate\.today\b|\bdatetime\.now\(\)", line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}")
    assert offenders == []
