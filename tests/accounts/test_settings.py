from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from accounts.forms import BAD_DUMBBELLS, BAD_PLATES
from accounts.models import DUMBBELL_RANGE_BACKWARDS, DUMBBELL_RANGE_TOO_LONG, User
from tests.factories import SETTINGS_FORM

SETTINGS = SETTINGS_FORM


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


# Equipment


def test_cable_stack_and_dumbbell_rack_are_saved(client, athlete):
    client.force_login(athlete)
    changes = {"cable_lightest": "10", "cable_step": "2.5", "dumbbell_lightest": "2.5", "dumbbell_heaviest": "50"}
    response = client.post("/accounts/settings/", {**SETTINGS, **changes})
    assert response.status_code == 302
    athlete.refresh_from_db()
    assert (athlete.cable_lightest, athlete.cable_step) == (Decimal("10"), Decimal("2.5"))
    assert athlete.dumbbell_list[:3] == [Decimal("2.5"), Decimal("7.5"), Decimal("12.5")]
    assert athlete.dumbbell_list[-1] == Decimal("47.5")


def test_a_listed_dumbbell_rack_replaces_the_range(client, athlete):
    client.force_login(athlete)
    client.post("/accounts/settings/", {**SETTINGS, "dumbbells": "25; 5, 7.5,10 , 12.5, 15, 20, 20"})
    athlete.refresh_from_db()
    assert athlete.dumbbells == "5, 7.5, 10, 12.5, 15, 20, 25"
    assert athlete.dumbbell_list == [Decimal(w) for w in ("5", "7.5", "10", "12.5", "15", "20", "25")]


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"dumbbells": "5, ten"}, BAD_DUMBBELLS),
        ({"dumbbells": "5, sNaN"}, BAD_DUMBBELLS),
        ({"dumbbells": "5, 0"}, BAD_DUMBBELLS),
        ({"dumbbells": "5, 7.125"}, BAD_DUMBBELLS),
        ({"plates": "45, sNaN"}, BAD_PLATES),
        ({"dumbbell_heaviest": "2", "dumbbell_lightest": "5"}, DUMBBELL_RANGE_BACKWARDS),
        ({"dumbbell_step": "0.25", "dumbbell_heaviest": "150"}, DUMBBELL_RANGE_TOO_LONG),
        ({"cable_step": "0"}, "greater than or equal to 0.25"),
        ({"cable_step": "sNaN"}, "Enter a number, like 45 or 2.5."),
        ({"cable_lightest": "-5"}, "greater than or equal to 0"),
    ],
)
def test_impossible_equipment_is_refused_next_to_the_field(client, athlete, changes, message):
    client.force_login(athlete)
    response = client.post("/accounts/settings/", {**SETTINGS, **changes})
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    assert message in html
    athlete.refresh_from_db()
    assert (athlete.display_name, athlete.dumbbells) == ("Alice Athlete", "")


def test_switching_to_kg_moves_untouched_cable_and_dumbbells_to_kg_defaults(client, athlete):
    client.force_login(athlete)
    client.post("/accounts/settings/", {**SETTINGS, "plates": athlete.plates, "unit": "kg"})
    athlete.refresh_from_db()
    assert (athlete.cable_lightest, athlete.cable_step) == (Decimal("2.5"), Decimal("2.5"))
    assert (athlete.dumbbell_lightest, athlete.dumbbell_heaviest) == (Decimal("2.5"), Decimal("70"))


@pytest.mark.parametrize(
    "values",
    [
        {"dumbbell_lightest": Decimal("20"), "dumbbell_heaviest": Decimal("10")},
        {"dumbbell_step": Decimal("0.25"), "dumbbell_heaviest": Decimal("150")},
        {"cable_step": Decimal("0")},
        {"cable_lightest": Decimal("-1")},
    ],
)
def test_the_database_refuses_an_impossible_rack(athlete, values):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=athlete.pk).update(**values)
