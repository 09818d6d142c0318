"""Workout templates: our public ones, and the editor a coach (or a self-coached lifter) builds their own in."""

import re
from html import unescape
from io import StringIO

import pytest
from django import forms
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import escape

from exercises.forms import UNKNOWN_MUSCLE
from exercises.models import Exercise, ExerciseMuscle, Muscle
from tests.factories import (
    PlannedExerciseFactory,
    PlannedSessionFactory,
    TemplateItemFactory,
    UserFactory,
    WorkoutTemplateFactory,
)
from workouts import services
from workouts.models import (
    ITEMS_MAX,
    REP_RANGE_INVERTED,
    STEPS_NEED_UNIT,
    PlannedSession,
    TemplateItem,
    WorkoutTemplate,
)
from workouts.selectors import PUBLIC_TEMPLATE
from workouts.services import NOT_YOUR_TEMPLATE, TOO_MANY_ITEMS

ITEM_FIELDS = [
    "sets", "rep_min", "rep_max", "rir_min", "rir_max", "rest_seconds", "increment", "decrement", "load_unit", "note",
]  # fmt: skip


@pytest.fixture
def template(library, coach):
    """Carol's own template: deadlift, barbell row, face pull, each 3 x 6-10."""
    template = WorkoutTemplateFactory(owner=coach, name="Carol's pulls", notes="Heavy first.")
    for position, slug in enumerate(["deadlift", "barbell-row", "face-pull"]):
        TemplateItemFactory(
            template=template, exercise=Exercise.objects.get(slug=slug), position=position, rep_min=6, rep_max=10
        )
    return template


def _editor_form(template, typed=None, action="save"):
    """The editor's form as the page posts it: what is stored, with `typed` typed over it."""
    items = list(template.items.order_by("position", "pk"))
    data = {
        "template-name": template.name,
        "template-notes": template.notes,
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": str(len(items)),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": str(ITEMS_MAX),
        "action": action,
    }
    for i, item in enumerate(items):
        data[f"items-{i}-id"] = str(item.pk)
        data[f"items-{i}-template"] = str(template.pk)
        for name in ITEM_FIELDS:
            value = getattr(item, name)
            data[f"items-{i}-{name}"] = "" if value is None else str(value)
    return data | (typed or {})


def _order(template):
    return list(template.items.order_by("position").values_list("exercise__slug", flat=True))


def _stored(template):
    return list(template.items.order_by("position").values("exercise_id", "position", *ITEM_FIELDS))


def _field_errors(response, name):
    """The messages shown under one field (crispy gives each an id error_<n>_id_<field name>)."""
    pattern = rf'id="error_\d+_id_{re.escape(name)}"[^>]*>\s*<strong>(.*?)</strong>'
    return [unescape(message) for message in re.findall(pattern, response.content.decode(), re.S)]


def _typed_value(response, name):
    """What an input or textarea shows after the page re-renders."""
    html = response.content.decode()
    textarea = re.search(rf'<textarea[^>]*\bname="{re.escape(name)}"[^>]*>(.*?)</textarea>', html, re.S)
    if textarea:
        return unescape(textarea.group(1)).strip()
    tag = re.search(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', html).group(0)
    value = re.search(r'\bvalue="([^"]*)"', tag)
    return unescape(value.group(1)) if value else ""


def _at_most(limit):
    return MaxValueValidator.message % {"limit_value": limit}


def _at_least(limit):
    return MinValueValidator.message % {"limit_value": limit}


# Our public templates


def test_load_templates_creates_upper_back_a_and_b(public_templates):
    assert {template.name for template in public_templates.values()} == {"Upper back A", "Upper back B"}


def test_load_templates_rerun_changes_nothing(public_templates):
    before = list(WorkoutTemplate.objects.values()), list(TemplateItem.objects.values())
    call_command("load_templates", stdout=StringIO())
    assert (list(WorkoutTemplate.objects.values()), list(TemplateItem.objects.values())) == before


def test_upper_back_a_and_b_together_train_every_muscle_a_lift_can_train(public_templates):
    trained = set(
        ExerciseMuscle.objects.filter(exercise__in=TemplateItem.objects.values("exercise_id"))
        .values_list("muscle__slug", flat=True)
        .distinct()
    )
    assert Muscle.objects.count() == 9
    assert trained == set(ExerciseMuscle.objects.values_list("muscle__slug", flat=True))
    assert len(trained) == 7  # no lift targets the two serratus posterior muscles


def test_upper_back_b_spares_the_lower_back_as_its_notes_say(public_templates):
    upper_b = public_templates["upper-back-b"]
    assert "spares the lower back" in upper_b.notes
    assert not upper_b.items.filter(exercise__pattern="hinge").exists()
    assert not upper_b.items.filter(exercise__muscle_roles__muscle__slug="erector-spinae").exists()


def test_upper_back_b_gives_the_teres_major_a_vertical_pull(public_templates):
    pulls = public_templates["upper-back-b"].items.filter(exercise__pattern="vertical-pull")
    assert pulls.filter(
        exercise__muscle_roles__muscle__slug="teres-major", exercise__muscle_roles__role="primary"
    ).exists()


def test_compound_rows_close_to_failure_rest_at_least_two_minutes(public_templates):
    rows = TemplateItem.objects.filter(exercise__pattern__in=["row", "vertical-pull"], rir_max__lte=2)
    short = rows.exclude(exercise__slug="face-pull").filter(rest_seconds__lt=120)
    assert rows.exists() and not short.exists()


def test_load_templates_fixes_an_old_upper_back_b_and_then_changes_nothing(public_templates):
    upper_b = public_templates["upper-back-b"]
    upper_b.items.all().delete()
    TemplateItem.objects.create(
        template=upper_b, exercise=Exercise.objects.get(slug="rack-pull"), position=0, sets=3, rep_min=4, rep_max=6
    )
    out = StringIO()
    call_command("load_templates", stdout=out)
    assert "0 created, 1 updated" in out.getvalue()
    assert list(upper_b.items.order_by("position").values_list("exercise__slug", flat=True))[0] == "lat-pulldown"
    before = list(TemplateItem.objects.values())
    call_command("load_templates", stdout=(out := StringIO()))
    assert "0 created, 0 updated" in out.getvalue() and list(TemplateItem.objects.values()) == before


def test_the_deadlift_in_upper_back_a_is_four_to_six_reps(public_templates):
    deadlift = public_templates["upper-back-a"].items.get(exercise__slug="deadlift")
    assert (deadlift.rep_min, deadlift.rep_max) == (4, 6)


def test_every_public_item_stops_one_or_two_reps_short(public_templates):
    assert set(TemplateItem.objects.values_list("rir_min", "rir_max")) == {(1, 2)}


@pytest.mark.parametrize("slug", ["upper-back-a", "upper-back-b"])
def test_public_notes_explain_how_to_progress(public_templates, slug):
    notes = public_templates[slug].notes
    assert "one or two reps short of failure" in notes
    assert "top of its rep range" in notes and "goes up by the exercise's step" in notes


# The list


def test_template_list_shows_mine_and_ours_not_other_users(client, public_templates, template, other_athlete):
    WorkoutTemplateFactory(owner=other_athlete, name="Oscar's secret pulls")
    client.force_login(template.owner)
    html = client.get("/workouts/templates/").content.decode()
    assert "Carol&#x27;s pulls" in html
    assert "Upper back A" in html and "Upper back B" in html
    assert "Oscar&#x27;s secret pulls" not in html


# Creating a template and adding exercises


def test_creating_a_template_opens_the_exercise_picker(client, library, athlete):
    client.force_login(athlete)
    response = client.post("/workouts/templates/new/", {"name": "Friday pulls", "notes": "Short rests."})
    template = WorkoutTemplate.objects.get(owner=athlete)
    assert (template.name, template.notes) == ("Friday pulls", "Short rests.")
    assert response.url == f"/workouts/templates/{template.pk}/add/"


def test_a_template_needs_a_name_and_the_typed_notes_stay(client, athlete):
    client.force_login(athlete)
    response = client.post("/workouts/templates/new/", {"name": "", "notes": "Heavy rows first."})
    assert response.status_code == 200
    assert _field_errors(response, "name") == [forms.Field.default_error_messages["required"]]
    assert _typed_value(response, "notes") == "Heavy rows first."
    assert not WorkoutTemplate.objects.exists()


def test_picking_an_exercise_appends_it_with_its_own_rep_range(client, template):
    client.force_login(template.owner)
    shrug = Exercise.objects.get(slug="upright-row")
    response = client.post(f"/workouts/templates/{template.pk}/add/", {"exercise": shrug.pk})
    assert response.url == f"/workouts/templates/{template.pk}/edit/"
    added = template.items.order_by("position").last()
    assert added.exercise == shrug and (added.rep_min, added.rep_max) == (shrug.rep_min, shrug.rep_max)


@pytest.mark.parametrize("exercise", ["", "abc", "999999", "1; DROP TABLE"])
def test_picking_an_unknown_exercise_is_404(client, template, exercise):
    client.force_login(template.owner)
    response = client.post(f"/workouts/templates/{template.pk}/add/", {"exercise": exercise})
    assert response.status_code == 404
    assert template.items.count() == 3


def test_a_full_template_refuses_another_exercise(client, template):
    TemplateItemFactory.create_batch(ITEMS_MAX - 3, template=template, exercise=Exercise.objects.get(slug="deadlift"))
    client.force_login(template.owner)
    response = client.post(
        f"/workouts/templates/{template.pk}/add/", {"exercise": Exercise.objects.get(slug="face-pull").pk}, follow=True
    )
    assert escape(TOO_MANY_ITEMS) in response.content.decode()
    assert template.items.count() == ITEMS_MAX


def test_picker_searches_by_name(client, template):
    client.force_login(template.owner)
    names = {
        exercise.name for exercise in client.get(f"/workouts/templates/{template.pk}/add/?q=row").context["exercises"]
    }
    assert {"Barbell row", "Cable row", "Upright row", "Seal row"} <= names
    assert "Deadlift" not in names and "Face pull" not in names


@pytest.mark.parametrize(
    "muscle, some",
    [("rhomboids", {"barbell-row", "deadlift", "face-pull"}), ("infraspinatus", {"face-pull"})],
)
def test_picker_filters_by_muscle(client, template, muscle, some):
    client.force_login(template.owner)
    response = client.get(f"/workouts/templates/{template.pk}/add/?muscle={muscle}")
    slugs = {exercise.slug for exercise in response.context["exercises"]}
    assert slugs == set(ExerciseMuscle.objects.filter(muscle__slug=muscle).values_list("exercise__slug", flat=True))
    assert some <= slugs


def test_picker_muscle_filter_leaves_out_exercises_that_skip_it(client, template):
    client.force_login(template.owner)
    html = client.get(f"/workouts/templates/{template.pk}/add/?muscle=infraspinatus").content.decode()
    assert "Face pull" in html and "Barbell row" not in html


def test_picker_lists_each_exercises_main_muscles(client, template):
    client.force_login(template.owner)
    html = client.get(f"/workouts/templates/{template.pk}/add/").content.decode()
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    assert "Deadlift Barbell · Trapezius, Erector spinae Add" in text
    assert "Face pull Cable · Teres minor, Posterior deltoid, Infraspinatus Add" in text


def test_picker_notes_an_unknown_muscle_instead_of_failing(client, template):
    client.force_login(template.owner)
    response = client.get(f"/workouts/templates/{template.pk}/add/?muscle=biceps")
    assert response.status_code == 200
    assert escape(UNKNOWN_MUSCLE.format(value="biceps")) in response.content.decode()
    assert len(response.context["exercises"]) == 16


# The editor


def test_editor_saves_sets_and_reps(client, template):
    client.force_login(template.owner)
    typed = {"items-0-sets": "5", "items-0-rep_min": "3", "items-0-rep_max": "5"}
    response = client.post(f"/workouts/templates/{template.pk}/edit/", _editor_form(template, typed), follow=True)
    assert "Template saved." in response.content.decode()
    deadlift = template.items.get(exercise__slug="deadlift")
    assert (deadlift.sets, deadlift.rep_min, deadlift.rep_max) == (5, 3, 5)


def test_up_moves_an_exercise_up_and_the_order_is_kept(client, template):
    client.force_login(template.owner)
    client.post(f"/workouts/templates/{template.pk}/edit/", _editor_form(template, action="up:1"))
    assert _order(template) == ["barbell-row", "deadlift", "face-pull"]
    assert "1. Barbell row" in client.get(f"/workouts/templates/{template.pk}/edit/").content.decode()


def test_down_moves_an_exercise_down(client, template):
    client.force_login(template.owner)
    client.post(f"/workouts/templates/{template.pk}/edit/", _editor_form(template, action="down:0"))
    assert _order(template) == ["barbell-row", "deadlift", "face-pull"]


def test_a_move_also_saves_what_was_typed(client, template):
    client.force_login(template.owner)
    client.post(f"/workouts/templates/{template.pk}/edit/", _editor_form(template, {"items-2-sets": "4"}, "up:2"))
    assert _order(template) == ["deadlift", "face-pull", "barbell-row"]
    assert template.items.get(exercise__slug="face-pull").sets == 4


def test_remove_deletes_the_exercise(client, template):
    client.force_login(template.owner)
    client.post(f"/workouts/templates/{template.pk}/edit/", _editor_form(template, action="remove:0"))
    assert _order(template) == ["barbell-row", "face-pull"]


def test_add_saves_then_opens_the_picker(client, template):
    client.force_login(template.owner)
    response = client.post(
        f"/workouts/templates/{template.pk}/edit/", _editor_form(template, {"items-1-sets": "4"}, "add")
    )
    assert response.url == f"/workouts/templates/{template.pk}/add/"
    assert template.items.get(exercise__slug="barbell-row").sets == 4


WHOLE_NUMBER = forms.IntegerField.default_error_messages["invalid"]
NUMBER = forms.DecimalField.default_error_messages["invalid"]
INVALID = [
    pytest.param({"items-0-rep_min": "8", "items-0-rep_max": "6"}, "items-0-rep_max", REP_RANGE_INVERTED, id="reps"),
    pytest.param({"items-0-sets": "0"}, "items-0-sets", _at_least(1), id="sets-0"),
    pytest.param({"items-0-sets": "11"}, "items-0-sets", _at_most(10), id="sets-11"),
    pytest.param({"items-0-rir_max": "11"}, "items-0-rir_max", _at_most(10), id="rir-11"),
    pytest.param({"items-0-rest_seconds": "5000"}, "items-0-rest_seconds", _at_most(900), id="rest-5000"),
    pytest.param({"items-0-increment": "5", "items-0-load_unit": ""}, "items-0-load_unit", STEPS_NEED_UNIT, id="unit"),
    pytest.param({"items-0-sets": "three"}, "items-0-sets", WHOLE_NUMBER, id="word"),
    pytest.param({"items-0-increment": "2,5kg"}, "items-0-increment", NUMBER, id="decimal"),
]


@pytest.mark.parametrize("typed, field, message", INVALID)
def test_invalid_input_is_explained_next_to_the_field(client, template, typed, field, message):
    client.force_login(template.owner)
    response = client.post(f"/workouts/templates/{template.pk}/edit/", _editor_form(template, typed))
    assert response.status_code == 200
    assert _field_errors(response, field) == [message]


@pytest.mark.parametrize("typed, field, message", INVALID)
def test_invalid_input_saves_nothing(client, template, typed, field, message):
    before = _stored(template)
    client.force_login(template.owner)
    client.post(
        f"/workouts/templates/{template.pk}/edit/", _editor_form(template, typed | {"template-name": "Renamed"})
    )
    assert _stored(template) == before
    assert WorkoutTemplate.objects.get(pk=template.pk).name == "Carol's pulls"


@pytest.mark.parametrize("typed, field, message", INVALID)
def test_invalid_input_is_shown_as_typed(client, template, typed, field, message):
    client.force_login(template.owner)
    response = client.post(f"/workouts/templates/{template.pk}/edit/", _editor_form(template, typed))
    for name, value in typed.items():
        if name != "items-0-load_unit":  # a select, not an input
            assert _typed_value(response, name) == value


@pytest.mark.parametrize("action", ["up:1", "down:0", "remove:0"])
def test_a_move_with_invalid_input_moves_nothing(client, template, action):
    client.force_login(template.owner)
    response = client.post(
        f"/workouts/templates/{template.pk}/edit/", _editor_form(template, {"items-1-sets": "0"}, action)
    )
    assert response.status_code == 200
    assert _order(template) == ["deadlift", "barbell-row", "face-pull"]


TAMPERED = [
    pytest.param({"items-TOTAL_FORMS": "x"}, id="total-not-a-number"),
    pytest.param({"items-INITIAL_FORMS": "", "items-TOTAL_FORMS": ""}, id="counts-missing"),
    pytest.param({"items-INITIAL_FORMS": "0"}, id="initial-zero"),
    pytest.param({"items-1-id": "999999"}, id="unknown-item-id"),
    pytest.param(
        {"items-TOTAL_FORMS": "4", "items-3-sets": "3", "items-3-rep_min": "5", "items-3-rep_max": "6",
         "items-3-rir_min": "1", "items-3-rir_max": "2", "items-3-rest_seconds": "60"},
        id="extra-item-without-exercise",
    ),
]  # fmt: skip


@pytest.mark.parametrize("typed", TAMPERED)
def test_a_tampered_management_form_changes_nothing_and_is_no_error_page(client, template, typed):
    before = _stored(template)
    client.force_login(template.owner)
    response = client.post(f"/workouts/templates/{template.pk}/edit/", _editor_form(template, typed))
    assert response.status_code in (200, 302)
    assert _stored(template) == before


def test_a_huge_form_count_is_refused_without_building_that_many_forms(client, template):
    client.force_login(template.owner)
    response = client.post(
        f"/workouts/templates/{template.pk}/edit/", _editor_form(template, {"items-TOTAL_FORMS": "2000"})
    )
    html = response.content.decode()
    assert f"Please submit at most {ITEMS_MAX} forms." in html
    assert html.count("template-item") <= ITEMS_MAX


# The database refuses what the form would


@pytest.mark.parametrize("factory", [TemplateItemFactory, PlannedExerciseFactory])
@pytest.mark.parametrize(
    "values", [{"rep_min": 8, "rep_max": 6}, {"sets": 0}, {"rir_min": 0, "rir_max": 11}], ids=["reps", "sets", "rir"]
)
def test_database_refuses_impossible_prescriptions(db, factory, values):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**values)


# Copies of our templates


def test_copying_a_public_template_gives_me_my_own_with_the_same_exercises(client, public_templates, coach):
    public = public_templates["upper-back-a"]
    client.force_login(coach)
    response = client.post(f"/workouts/templates/{public.pk}/copy/")
    copy = WorkoutTemplate.objects.get(owner=coach)
    assert response.url == f"/workouts/templates/{copy.pk}/edit/"
    assert copy.name == "Upper back A (my copy)"
    assert _stored(copy) == _stored(public)


def test_editing_my_copy_leaves_the_public_template_alone(client, public_templates, coach):
    public = public_templates["upper-back-a"]
    before = _stored(public)
    client.force_login(coach)
    client.post(f"/workouts/templates/{public.pk}/copy/")
    copy = WorkoutTemplate.objects.get(owner=coach)
    client.post(f"/workouts/templates/{copy.pk}/edit/", _editor_form(copy, {"items-0-sets": "5"}, "remove:3"))
    assert copy.items.get(exercise__slug="deadlift").sets == 5 and copy.items.count() == 3
    assert _stored(public) == before


def test_a_public_template_cannot_be_edited(client, public_templates, coach):
    public = public_templates["upper-back-a"]
    before = _stored(public)
    client.force_login(coach)
    assert client.get(f"/workouts/templates/{public.pk}/edit/").status_code == 403
    response = client.post(f"/workouts/templates/{public.pk}/edit/", _editor_form(public, {"items-0-sets": "5"}))
    assert response.status_code == 403
    assert _stored(public) == before


def test_a_public_template_gets_no_new_exercises(client, public_templates, coach):
    public = public_templates["upper-back-a"]
    client.force_login(coach)
    response = client.post(
        f"/workouts/templates/{public.pk}/add/", {"exercise": Exercise.objects.get(slug="face-pull").pk}
    )
    assert response.status_code == 403
    assert public.items.count() == 4


def test_a_public_template_cannot_be_deleted(client, public_templates, coach):
    public = public_templates["upper-back-a"]
    client.force_login(coach)
    assert client.get(f"/workouts/templates/{public.pk}/delete/").status_code == 403
    assert client.post(f"/workouts/templates/{public.pk}/delete/").status_code == 403
    assert WorkoutTemplate.objects.filter(pk=public.pk).exists()


def test_a_public_template_page_offers_a_copy_not_an_edit(client, public_templates, coach):
    client.force_login(coach)
    html = client.get(f"/workouts/templates/{public_templates['upper-back-a'].pk}/").content.decode()
    assert "Make my own copy" in html and ">Edit</a>" not in html


# Deleting


def test_delete_asks_first(client, template):
    client.force_login(template.owner)
    response = client.get(f"/workouts/templates/{template.pk}/delete/")
    assert "Delete “Carol&#x27;s pulls”?" in response.content.decode()
    assert WorkoutTemplate.objects.filter(pk=template.pk).exists()


def test_delete_removes_the_template(client, template):
    client.force_login(template.owner)
    response = client.post(f"/workouts/templates/{template.pk}/delete/")
    assert response.url == "/workouts/templates/"
    assert not WorkoutTemplate.objects.filter(pk=template.pk).exists()


def test_sessions_planned_from_a_deleted_template_stay(client, template, athlete):
    session = PlannedSessionFactory(
        athlete=athlete, planned_by=template.owner, source_template=template, name="Carol's pulls"
    )
    PlannedExerciseFactory(session=session, exercise=Exercise.objects.get(slug="deadlift"))
    client.force_login(template.owner)
    client.post(f"/workouts/templates/{template.pk}/delete/")
    session = PlannedSession.objects.get(pk=session.pk)
    assert session.name == "Carol's pulls" and session.exercises.get().exercise.slug == "deadlift"


# Query count


@pytest.mark.parametrize("count", [3, 30])
def test_template_editor_runs_a_bounded_number_of_queries(client, db, django_assert_max_num_queries, count):
    owner = UserFactory()
    template = WorkoutTemplateFactory(owner=owner)
    TemplateItemFactory.create_batch(count, template=template)
    client.force_login(owner)
    with django_assert_max_num_queries(6):  # session, user, template, its items, the forms, menu
        response = client.get(f"/workouts/templates/{template.pk}/edit/")
    assert response.status_code == 200 and response.content.decode().count("template-item") == count


def test_picker_refuses_an_absurd_exercise_id_with_a_404(client, library):
    from tests.factories import WorkoutTemplateFactory

    template = WorkoutTemplateFactory()
    client.force_login(template.owner)
    response = client.post(f"/workouts/templates/{template.pk}/add/", {"exercise": "9" * 25})
    assert response.status_code == 404
    assert not template.items.exists()


# Only the owner changes a template, whoever calls the service


def _template_writes(actor, template):
    items = list(template.items.order_by("position"))
    face_pull = Exercise.objects.get(slug="face-pull")
    return {
        "add": lambda: services.add_item(actor=actor, template=template, exercise=face_pull),
        "save": lambda: services.save_items(actor=actor, template=template, items=items[::-1], removed=items[:1]),
        "delete": lambda: services.delete_template(actor=actor, template=template),
        "reapply": lambda: services.reapply_template(actor=actor, template=template, today=timezone.localdate()),
    }


@pytest.mark.parametrize("write", ["add", "save", "delete", "reapply"])
def test_only_the_owner_changes_a_template(template, athlete, write):
    before = _stored(template)
    with pytest.raises(PermissionDenied) as error:
        _template_writes(athlete, template)[write]()
    assert error.value.args == (NOT_YOUR_TEMPLATE,)
    assert _stored(template) == before


@pytest.mark.parametrize("write", ["add", "save", "delete", "reapply"])
def test_nobody_changes_a_public_template(public_templates, coach, write):
    public = public_templates["upper-back-a"]
    before = _stored(public)
    with pytest.raises(PermissionDenied) as error:
        _template_writes(coach, public)[write]()
    assert error.value.args == (PUBLIC_TEMPLATE,)
    assert _stored(public) == before


def test_items_of_another_template_are_refused(template, coach):
    other = WorkoutTemplateFactory(owner=coach, name="Other")
    stray = TemplateItemFactory(template=other, exercise=Exercise.objects.get(slug="deadlift"), sets=3)
    stray.sets = 9
    with pytest.raises(PermissionDenied):
        services.save_items(actor=coach, template=template, items=[stray])
    assert TemplateItem.objects.get(pk=stray.pk).sets == 3


def test_copying_someone_elses_template_is_refused(template, other_athlete):
    with pytest.raises(PermissionDenied):
        services.copy_template(template=template, actor=other_athlete)
    assert not WorkoutTemplate.objects.filter(owner=other_athlete).exists()


def test_adding_a_strangers_custom_exercise_to_a_template_is_refused_by_the_service(coach, other_athlete):
    from tests.factories import CustomExerciseFactory, WorkoutTemplateFactory
    from workouts.services import add_item

    template = WorkoutTemplateFactory(owner=coach)
    strangers = CustomExerciseFactory(created_by=other_athlete)

    with pytest.raises(PermissionDenied):
        add_item(actor=coach, template=template, exercise=strangers)
    assert not template.items.exists()
