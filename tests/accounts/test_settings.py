from decimal import Decimal

import pytest

from accounts.forms import BAD_PLATES

SETTINGS = {
    "display_name": "Alice",
    "time_zone": "UTC",
    "unit": "lb",
    "bar_weight": "45",
    "plates": "45, 25, 10, 5, 2.5",
    "dumbbell_step": "5",
}


def test_settings_save(client, athlete):
    client.force_login(athlete)
    response = client.post("/accounts/settings/", {**SETTINGS, "is_coach": "on", "bar_weight": "35"})
    assert response.status_code == 302
    athlete.refresh_from_db()
    assert athlete.is_coach and athlete.bar_weight == Decimal("35") and athlete.display_name == "Alice"


def test_plates_are_normalised(client, athlete):
    client.force_login(athlete)
    client.post("/accounts/settings/", {**SETTINGS, "plates": "2.5; 45,45 , 10"})
    athlete.refresh_from_db()
    assert athlete.plates == "45, 10, 2.5"


def test_switching_to_kg_with_default_equipment_uses_kg_defaults(client, athlete):
    client.force_login(athlete)
    client.post("/accounts/settings/", {**SETTINGS, "plates": athlete.plates, "unit": "kg"})
    athlete.refresh_from_db()
    assert athlete.unit == "kg" and athlete.bar_weight == Decimal("20") and athlete.dumbbell_step == Decimal("2.5")


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"plates": "lots"}, BAD_PLATES),
        ({"plates": "45, -5"}, BAD_PLATES),
        ({"plates": "NaN"}, BAD_PLATES),
        ({"plates": "Infinity"}, BAD_PLATES),
        ({"bar_weight": "heavy"}, "Enter a number"),
        ({"bar_weight": "-1"}, "greater than or equal to 0"),
        ({"bar_weight": "1e9"}, "Ensure that there are no more than"),
        ({"dumbbell_step": "0"}, "greater than or equal to 0.25"),
        ({"bar_weight": "500"}, "less than or equal to 100"),
        ({"unit": "stone"}, "Select a valid choice"),
        ({"time_zone": "Mars/Olympus_Mons"}, "Select a valid choice"),
    ],
)
def test_bad_settings_are_refused_and_what_was_typed_is_kept(client, athlete, changes, message):
    client.force_login(athlete)
    response = client.post("/accounts/settings/", {**SETTINGS, **changes})
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    assert message in html
    field, typed = next(iter(changes.items()))
    if field not in ("unit", "time_zone"):  # a select can only show its own choices
        assert f'value="{typed}"' in html
    athlete.refresh_from_db()
    assert athlete.display_name == "Alice Athlete"


def test_time_zone_is_chosen_from_a_list(client, athlete, django_assert_max_num_queries):
    client.force_login(athlete)
    with django_assert_max_num_queries(8):
        html = client.get("/accounts/settings/").content.decode()
    assert '<option value="America/Los_Angeles">America/Los Angeles</option>' in html
    client.post("/accounts/settings/", {**SETTINGS, "time_zone": "America/Los_Angeles"})
    athlete.refresh_from_db()
    assert athlete.time_zone == "America/Los_Angeles"


def test_settings_form_no_longer_changes_the_email(client, athlete):
    client.force_login(athlete)
    client.post("/accounts/settings/", {**SETTINGS, "email": "elsewhere@example.com"})
    athlete.refresh_from_db()
    assert athlete.email == "athlete@example.com"
