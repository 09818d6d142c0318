"""The Settings picker lists places a person lives in, grouped by area; an old name saved before stays theirs."""

import re

import pytest

from accounts.models import User, time_zone_names
from tests.accounts.test_settings import SETTINGS


def _options(html: str) -> list[str]:
    select = re.search(r'<select name="time_zone".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"', select)


def _groups(html: str) -> list[str]:
    select = re.search(r'<select name="time_zone".*?</select>', html, re.S).group(0)
    return re.findall(r'<optgroup label="([^"]*)"', select)


@pytest.fixture
def picker(client, athlete):
    client.force_login(athlete)
    return client.get("/accounts/settings/").content.decode()


@pytest.mark.parametrize(
    "not_a_place", ["Factory", "localtime", "posixrules", "Etc/GMT+5", "US/Eastern", "Japan", "GMT", "Asia/Calcutta"]
)
def test_names_that_are_not_places_are_not_offered(picker, not_a_place):
    assert not_a_place in time_zone_names() or not_a_place in ("localtime", "posixrules")  # Python knows them
    assert not_a_place not in _options(picker)


def test_the_places_come_grouped_by_area_in_order_after_utc(picker):
    options = _options(picker)
    assert options[0] == "UTC" and {"Europe/Berlin", "America/Los_Angeles", "Asia/Kolkata"} <= set(options)
    assert _groups(picker) == sorted(_groups(picker)) and {"America", "Europe", "Pacific"} <= set(_groups(picker))
    assert options[1:] == sorted(options[1:])


def test_a_saved_old_name_stays_selected_and_saving_keeps_it(client, athlete):
    User.objects.filter(pk=athlete.pk).update(time_zone="Asia/Calcutta")  # what older browsers report for India
    client.force_login(athlete)
    html = client.get("/accounts/settings/").content.decode()
    assert _options(html)[0] == "Asia/Calcutta" and '<option value="Asia/Calcutta" selected>' in html
    client.post("/accounts/settings/", {**SETTINGS, "time_zone": "Asia/Calcutta"})
    athlete.refresh_from_db()
    assert athlete.time_zone == "Asia/Calcutta"


def test_a_name_not_offered_is_refused(client, athlete):
    client.force_login(athlete)
    response = client.post("/accounts/settings/", {**SETTINGS, "time_zone": "Factory"})
    assert "Select a valid choice" in response.content.decode()
    athlete.refresh_from_db()
    assert athlete.time_zone != "Factory"


def test_the_settings_page_loads_the_script_that_puts_the_devices_zone_first(picker):
    assert "js/timezone.js" in picker
