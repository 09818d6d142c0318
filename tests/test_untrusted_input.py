"""Input that used to give a 500: each id goes through core.parse.parse_id, each decimal through
parse_decimal. One test per case the security review found, and one per place that reads an id or a
decimal; tests/test_fuzz.py then throws generated values at every form and URL."""

import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.forms import BAD_PLATES
from tests.factories import (
    SETTINGS_FORM,
    ExerciseFactory,
    PlannedSessionFactory,
    TemplateItemFactory,
    TrainingSessionFactory,
    WorkoutTemplateFactory,
)
from training_log.forms import WEIGHT_NOT_A_NUMBER
from training_log.models import SetLog, TrainingSession
from training_log.services.sessions import log_set
from workouts.models import ITEMS_MAX, Assignment, TemplateItem

TOO_BIG = str(2**63)  # one past the largest bigint (core.parse.ID_MAX)
NOT_IDS = ["²", "¹²", "٣", "１", TOO_BIG, "9" * 40, "0", "-1", "1.0", "\x00", "9" * 10_000]
NOT_NUMBERS = ["NaN", "nan", "-NaN", "sNaN", "snan", "-sNaN", "Infinity", "-Infinity", "inf", "-INF"]

SETTINGS = SETTINGS_FORM | {"display_name": ""}


@pytest.fixture
def athlete_client(client, athlete):
    client.force_login(athlete)
    return client


@pytest.fixture
def coach_client(coach):
    from tests.conftest import ScapulaClient

    client = ScapulaClient()
    client.force_login(coach)
    return client


@pytest.fixture
def template(coach):
    template = WorkoutTemplateFactory(owner=coach, name="Carol's pulls")
    TemplateItemFactory(template=template)
    TemplateItemFactory(template=template)
    return template


@pytest.fixture
def log(athlete):
    exercise = ExerciseFactory()
    exercise.alternatives.add(ExerciseFactory())
    return TrainingSessionFactory(athlete=athlete, exercises=[exercise], exercises__rep_min=6, exercises__rep_max=10)


# Ids


@pytest.mark.parametrize("raw", NOT_IDS)
@pytest.mark.parametrize("name", ["template", "planned_session"])
def test_starting_a_session_from_a_bad_id_is_a_404(athlete_client, name, raw):
    response = athlete_client.post("/log/sessions/start/", {name: raw})

    assert response.status_code == 404
    assert not TrainingSession.objects.exists()


def test_starting_a_session_from_a_template_id_still_works(athlete_client, athlete):
    template = WorkoutTemplateFactory(owner=athlete)
    TemplateItemFactory(template=template)

    response = athlete_client.post("/log/sessions/start/", {"template": str(template.pk)})

    assert response.status_code == 302
    assert TrainingSession.objects.get().exercises.count() == 1


@pytest.mark.parametrize("raw", NOT_IDS)
def test_adding_a_bad_exercise_id_to_a_template_is_a_404(coach_client, template, raw):
    response = coach_client.post(f"/workouts/templates/{template.pk}/add/", {"exercise": raw})

    assert response.status_code == 404
    assert template.items.count() == 2


@pytest.mark.parametrize("raw", NOT_IDS)
def test_adding_a_bad_exercise_id_to_a_session_is_a_404(athlete_client, log, raw):
    response = athlete_client.post(f"/log/sessions/{log.pk}/add/", {"exercise": raw})

    assert response.status_code == 404
    assert log.exercises.count() == 1


@pytest.mark.parametrize("raw", NOT_IDS)
def test_swapping_for_a_bad_exercise_id_is_a_404(athlete_client, log, raw):
    item = log.exercises.get()

    response = athlete_client.post(f"/log/sessions/{log.pk}/exercises/{item.pk}/swap/", {"exercise": raw})

    assert response.status_code == 404
    assert log.exercises.get().exercise_id == item.exercise_id


def _assign_form(athlete, **changes):
    return {
        "athletes": [str(athlete.pk)],
        "alternate_with": "",
        "start_date": timezone.localdate().isoformat(),
        "weekdays": ["1"],
        "weeks": "1",
        "submission_id": str(uuid.uuid4()),
    } | changes


@pytest.mark.parametrize("raw", NOT_IDS)
def test_assigning_to_a_bad_athlete_id_is_a_form_error(coach_client, template, athlete, raw):
    response = coach_client.post(
        f"/workouts/templates/{template.pk}/assign/", _assign_form(athlete, athletes=[str(athlete.pk), raw])
    )

    assert response.status_code == 200
    assert "athletes" in response.context["form"].errors
    assert not Assignment.objects.exists()


@pytest.mark.parametrize("raw", NOT_IDS)
def test_alternating_with_a_bad_template_id_is_a_form_error(coach_client, template, athlete, raw):
    response = coach_client.post(
        f"/workouts/templates/{template.pk}/assign/", _assign_form(athlete, alternate_with=raw)
    )

    assert response.status_code == 200
    assert "alternate_with" in response.context["form"].errors
    assert not Assignment.objects.exists()


def _editor_form(template, **changes):
    items = list(template.items.order_by("position", "pk"))
    data = {
        "template-name": template.name,
        "template-notes": "",
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": str(len(items)),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": str(ITEMS_MAX),
        "action": "save",
    }
    for i, item in enumerate(items):
        data |= {
            f"items-{i}-id": str(item.pk),
            f"items-{i}-template": str(template.pk),
            f"items-{i}-sets": "3",
            f"items-{i}-rep_min": "6",
            f"items-{i}-rep_max": "10",
            f"items-{i}-rir_min": "1",
            f"items-{i}-rir_max": "2",
            f"items-{i}-rest_seconds": "120",
        }
    return data | changes


@pytest.mark.parametrize("raw", [raw for raw in NOT_IDS if raw != "0"])  # 0 is the first item's position
@pytest.mark.parametrize("verb", ["up", "down", "remove"])
def test_a_bad_position_in_the_template_editor_moves_nothing(coach_client, template, verb, raw):
    before = list(template.items.order_by("position").values_list("pk", flat=True))

    response = coach_client.post(
        f"/workouts/templates/{template.pk}/edit/", _editor_form(template, action=f"{verb}:{raw}")
    )

    assert response.status_code == 302
    assert list(template.items.order_by("position").values_list("pk", flat=True)) == before


@pytest.mark.parametrize("raw", NOT_IDS)
def test_a_bad_item_id_in_the_template_editor_is_a_form_error(coach_client, template, raw):
    response = coach_client.post(
        f"/workouts/templates/{template.pk}/edit/", _editor_form(template, **{"items-0-id": raw})
    )

    assert response.status_code == 200
    assert TemplateItem.objects.filter(template=template).count() == 2


@pytest.mark.parametrize("raw", NOT_IDS)
def test_a_bad_exercise_id_in_the_session_editor_is_a_form_error(coach_client, athlete, coach, raw):
    session = PlannedSessionFactory(athlete=athlete, planned_by=coach)
    planned = session.exercises.create(exercise=ExerciseFactory(), sets=3, rep_min=6, rep_max=10)
    data = {
        "exercises-TOTAL_FORMS": "1",
        "exercises-INITIAL_FORMS": "1",
        "exercises-MIN_NUM_FORMS": "0",
        "exercises-MAX_NUM_FORMS": str(ITEMS_MAX),
        "exercises-0-id": str(planned.pk),
        "exercises-0-exercise": raw,
        "exercises-0-sets": "3",
        "exercises-0-rep_min": "6",
        "exercises-0-rep_max": "10",
        "exercises-0-rir_min": "1",
        "exercises-0-rir_max": "2",
    }

    response = coach_client.post(f"/plan/sessions/{session.pk}/edit/", data)

    assert response.status_code == 200
    planned.refresh_from_db()
    assert planned.exercise_id != raw


# Decimals


@pytest.mark.parametrize("raw", [*NOT_NUMBERS, "1e-9999"])
def test_bad_plates_are_refused(athlete_client, athlete, raw):
    """`plates=sNaN` was a 500: a signalling NaN cannot even be put in a set."""
    response = athlete_client.post("/accounts/settings/", SETTINGS | {"plates": f"45, {raw}, 10"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"plates": [BAD_PLATES]}
    athlete.refresh_from_db()
    assert athlete.plates == "45, 35, 25, 10, 5, 2.5"


def test_plates_are_still_read_as_typed(athlete_client, athlete):
    response = athlete_client.post("/accounts/settings/", SETTINGS | {"plates": "2.5; 45, 25 ,1.25"})

    assert response.status_code == 302
    athlete.refresh_from_db()
    assert athlete.plates == "45, 25, 2.5, 1.25"


@pytest.mark.parametrize("raw", NOT_NUMBERS)
@pytest.mark.parametrize("name", ["bar_weight", "cable_lightest", "cable_step", "dumbbell_lightest", "dumbbell_step"])
def test_settings_refuse_numbers_that_are_not_finite(athlete_client, athlete, name, raw):
    response = athlete_client.post("/accounts/settings/", SETTINGS | {name: raw})

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [name]
    athlete.refresh_from_db()
    assert (athlete.bar_weight, athlete.dumbbell_step) == (Decimal(45), Decimal(5))


def test_settings_read_a_decimal_comma(athlete_client, athlete):
    response = athlete_client.post("/accounts/settings/", SETTINGS | {"bar_weight": "20,5", "dumbbell_step": "2,5"})

    assert response.status_code == 302
    athlete.refresh_from_db()
    assert (athlete.bar_weight, athlete.dumbbell_step) == (Decimal("20.5"), Decimal("2.5"))


@pytest.mark.parametrize("raw", NOT_NUMBERS)
@pytest.mark.parametrize("name", ["increment", "decrement"])
def test_load_steps_refuse_numbers_that_are_not_finite(coach_client, template, name, raw):
    data = _editor_form(template, **{f"items-0-{name}": raw, "items-0-load_unit": "kg"})

    response = coach_client.post(f"/workouts/templates/{template.pk}/edit/", data)

    assert response.status_code == 200
    assert f"items-0-{name}" in response.content.decode()
    assert not TemplateItem.objects.filter(increment__isnull=False).exists()


@pytest.mark.parametrize("raw", NOT_NUMBERS)
def test_a_set_refuses_a_weight_that_is_not_finite(athlete_client, log, raw):
    item = log.exercises.get()
    data = {f"ex{item.pk}-weight": raw, f"ex{item.pk}-reps": "5", f"ex{item.pk}-rir": "2"}

    response = athlete_client.post(f"/log/sessions/{log.pk}/exercises/{item.pk}/sets/", data | {
        f"ex{item.pk}-client_id": str(uuid.uuid4())
    })  # fmt: skip

    assert response.status_code == 200
    assert WEIGHT_NOT_A_NUMBER in response.content.decode().replace("&#x27;", "'")
    assert not SetLog.objects.exists()


@pytest.mark.parametrize("raw", NOT_NUMBERS)
def test_editing_a_set_refuses_a_weight_that_is_not_finite(athlete_client, athlete, log, raw):
    item = log.exercises.get()
    logged, _ = log_set(
        actor=athlete, session_exercise=item, weight=Decimal(100), unit="lb", reps=5, rir=2, client_id=uuid.uuid4()
    )

    response = athlete_client.post(f"/log/sets/{logged.pk}/edit/", {"weight": raw, "reps": "5", "rir": "2"})

    assert response.status_code == 200
    logged.refresh_from_db()
    assert logged.weight == 100


def test_an_over_long_username_is_refused_before_log_in_is_tried(client, db):
    from axes.models import AccessAttempt

    response = client.post("/accounts/login/", {"username": "x" * 10_000, "password": "whatever"})

    assert response.status_code == 200
    assert "at most 150 characters" in response.content.decode()
    assert not AccessAttempt.objects.exists()  # its username column holds 255: PostgreSQL would refuse it
