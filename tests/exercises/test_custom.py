"""Custom exercises: a user's own lifts, private to them and their coaching links, usable in templates
and the log, editable while unused and archived once history uses them."""

import re
import uuid
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import CoachingLink
from accounts.services import end_link
from exercises import selectors, services
from exercises.models import DUPLICATE_NAME, REP_RANGE_ORDER, Exercise, ExerciseMuscle, Muscle
from exercises.views import NOTHING_SAVED
from tests.factories import (
    CustomExerciseFactory,
    ExerciseFactory,
    ExerciseMuscleFactory,
    MuscleFactory,
    PlannedExerciseFactory,
    SessionExerciseFactory,
    TemplateItemFactory,
    TrainingSessionFactory,
    UserFactory,
    WorkoutTemplateFactory,
)
from training_log.models import SetLog
from training_log.services.sessions import log_set, start_session
from workouts.models import TemplateItem
from workouts.services import assign


def _form(**overrides) -> dict:
    data = {
        "name": "Band pull-apart",
        "equipment": "cable",
        "muscle_rhomboids": "primary",
        "muscle_posterior-deltoid": "secondary",
        "rep_min": "12",
        "rep_max": "20",
        "unit": "lb",
        "step_up": "5",
        "step_down": "2.5",
        "steps": "Hold a band at shoulder height.\n\nPull it apart until it touches your chest.\n",
        "notes": "Light band: warm-up only.",
    }
    return {**data, **overrides}


def _mine(client, user, **overrides) -> Exercise:
    """Create one through the page, as a user would."""
    client.force_login(user)
    response = client.post("/exercises/new/", _form(**overrides))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Exercise.objects.get(created_by=user, name=overrides.get("name", "Band pull-apart"), is_archived=False)


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode()).replace("&#x27;", "'")


def _picker_names(response) -> list[str]:
    return [exercise.name for exercise in response.context["exercises"]]


# Creating


def test_create_page_saves_muscles_steps_notes_and_load_steps(client, library, athlete):
    exercise = _mine(client, athlete)
    html = _text(client.get(exercise.get_absolute_url()))
    assert '<h1 class="h3 mb-1">Band pull-apart</h1>' in html
    assert re.search(r'class="primary-muscles"><a href="/muscles/rhomboids/">Rhomboids</a></dd>', html)
    assert "Posterior deltoid" in html.split('class="secondary-muscles"')[1].split("</dd>")[0]
    assert "<li>Hold a band at shoulder height.</li><li>Pull it apart until it touches your chest.</li>" in html
    assert "Light band: warm-up only." in html
    assert "add 5 lb (2.5 kg)" in html and "take 2.5 lb (1.25 kg) off" in html


def test_steps_typed_in_kg_are_kept_exact_and_doubled_for_pounds(client, library, athlete):
    exercise = _mine(client, athlete, unit="kg", step_up="2.5", step_down="1.25")
    assert (exercise.increment_kg, exercise.decrement_kg) == (Decimal("2.5"), Decimal("1.25"))
    assert (exercise.increment_lb, exercise.decrement_lb) == (Decimal("5"), Decimal("2.5"))


def test_one_arm_exercise_is_logged_per_side(client, library, athlete):
    exercise = _mine(client, athlete, is_unilateral="on")
    assert exercise.is_unilateral
    assert "One arm at a time" in _text(client.get(exercise.get_absolute_url()))


def test_the_form_starts_in_the_users_unit(client, library, athlete):
    athlete.unit = "kg"
    athlete.save()
    client.force_login(athlete)
    form = client.get("/exercises/new/").context["form"]
    assert (form["unit"].value(), form["step_up"].value()) == ("kg", "2.5")


def test_custom_slugs_never_collide_with_the_library(client, library, athlete):
    exercise = _mine(client, athlete, name="Deadlift")
    assert exercise.slug == f"custom-{exercise.pk}"
    assert exercise.get_absolute_url() == f"/exercises/custom/{exercise.pk}/"
    assert Exercise.objects.get(slug="deadlift").created_by is None
    assert client.get("/exercises/deadlift/").context["exercise"].created_by is None


def test_an_exercise_needs_a_primary_muscle(client, library, athlete):
    client.force_login(athlete)
    response = client.post("/exercises/new/", _form(**{"muscle_rhomboids": ""}))
    assert response.status_code == 200
    assert services.NEEDS_A_PRIMARY_MUSCLE in _text(response)
    assert not Exercise.objects.filter(created_by=athlete).exists()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("rep_max", "5", REP_RANGE_ORDER),
        ("rep_max", "51", "less than or equal to 50"),
        ("step_up", "abc", "Enter a number."),
        ("step_up", "NaN", "Enter a number."),
        ("step_up", "0", "greater than or equal to 0.25"),
        ("step_down", "1e9", "less than or equal to 100"),
        ("name", "", "This field is required."),
        ("name", "x" * 101, "at most 100 characters"),
        ("equipment", "kettlebell", "Select a valid choice."),
        ("muscle_rhomboids", "boss", "Select a valid choice."),
        ("unit", "stone", "Select a valid choice."),
        ("steps", "\n".join(["Pull."] * 21), "Keep it to 20 steps"),
    ],
)
def test_bad_input_is_shown_again_with_a_clear_message(client, library, athlete, field, value, message):
    client.force_login(athlete)
    response = client.post("/exercises/new/", _form(**{field: value}))
    assert response.status_code == 200
    html = _text(response)
    assert message in html and NOTHING_SAVED in html
    assert 'value="Band pull-apart"' in html or field == "name"  # what was typed comes back
    assert not Exercise.objects.filter(created_by=athlete).exists()


def test_the_same_name_twice_is_refused_but_another_user_may_use_it(client, library, athlete, other_athlete):
    _mine(client, athlete)
    response = client.post("/exercises/new/", _form(name="band PULL-APART"))
    assert response.status_code == 200 and DUPLICATE_NAME in _text(response)
    assert _mine(client, other_athlete).created_by == other_athlete


def test_a_double_tap_on_save_stores_one_exercise(client, library, athlete):
    client.force_login(athlete)
    form = client.get("/exercises/new/").context["form"]
    data = {**_form(), "submission_id": str(form["submission_id"].value())}
    first, second = client.post("/exercises/new/", data), client.post("/exercises/new/", data)
    exercise = Exercise.objects.get(created_by=athlete)
    assert first.url == second.url == exercise.get_absolute_url()


def test_after_creating_from_the_picker_you_go_back_to_it(client, library, athlete):
    template = WorkoutTemplateFactory(owner=athlete)
    picker = f"/workouts/templates/{template.pk}/add/?q=band"
    client.force_login(athlete)
    assert f'href="/exercises/new/?next={quote(picker)}"' in client.get(picker).content.decode()
    response = client.post("/exercises/new/", {**_form(), "next": picker})
    assert response.url == picker


def test_a_next_that_leaves_the_site_is_ignored(client, library, athlete):
    client.force_login(athlete)
    response = client.post("/exercises/new/", {**_form(), "next": "https://evil.example/"})
    assert response.url == Exercise.objects.get(created_by=athlete).get_absolute_url()


# Who sees what


@pytest.fixture
def alices(athlete):
    return CustomExerciseFactory(created_by=athlete, name="Alice's curl")


@pytest.fixture
def carols(coach):
    return CustomExerciseFactory(created_by=coach, name="Carol's band row")


@pytest.mark.parametrize(
    "viewer, sees_alices, sees_carols",
    [
        ("athlete", True, True),  # her own, and her coach's
        ("coach", True, True),  # his athlete's, and his own
        ("other_athlete", False, False),
        ("unlinked_coach", False, False),
    ],
)
def test_visibility_follows_the_active_coaching_link(request, alices, carols, viewer, sees_alices, sees_carols):
    visible = set(selectors.exercises_visible_to(request.getfixturevalue(viewer)))
    assert (alices in visible, carols in visible) == (sees_alices, sees_carols)


def test_another_athlete_of_the_same_coach_sees_the_coachs_exercises_not_alices(coach, alices, carols):
    bob = UserFactory()
    CoachingLink.objects.create(coach=coach, athlete=bob)
    visible = set(selectors.exercises_visible_to(bob))
    assert carols in visible and alices not in visible


def test_an_ended_link_hides_both_ways(client, athlete, coach, alices, carols):
    end_link(link=CoachingLink.objects.get(coach=coach, athlete=athlete), actor=athlete)
    assert alices not in selectors.exercises_visible_to(coach)
    assert carols not in selectors.exercises_visible_to(athlete)
    client.force_login(coach)
    assert client.get(alices.get_absolute_url()).status_code == 404


def test_anonymous_visitors_see_only_the_library(library, alices):
    from django.contrib.auth.models import AnonymousUser

    visible = selectors.exercises_visible_to(AnonymousUser())
    assert alices not in visible and visible.count() == Exercise.objects.filter(created_by=None).count()


def test_coach_sees_who_added_an_athletes_exercise_and_cannot_change_it(client, coach, alices):
    client.force_login(coach)
    html = _text(client.get(alices.get_absolute_url()))
    assert "Added by Alice Athlete." in html
    assert "/edit/" not in html and "/delete/" not in html
    assert client.get(f"/exercises/custom/{alices.pk}/edit/").status_code == 403


def test_my_exercises_on_the_library_page_are_mine_only(client, library, athlete, coach, alices, carols):
    archived = CustomExerciseFactory(created_by=athlete, name="Old shrug", is_archived=True)
    client.force_login(athlete)
    html = _text(client.get("/exercises/"))
    assert "My exercises" in html and "Alice's curl" in html
    assert "Carol's band row" not in html and archived.name not in html
    client.force_login(coach)
    assert "Alice's curl" not in _text(client.get("/exercises/"))
    client.logout()
    anonymous = _text(client.get("/exercises/"))
    assert "My exercises" not in anonymous and "Alice's curl" not in anonymous


def test_muscle_pages_never_list_custom_exercises(client, library, alices):
    ExerciseMuscleFactory(exercise=alices, muscle=Muscle.objects.get(slug="rhomboids"))
    assert "Alice's curl" not in _text(client.get("/muscles/rhomboids/"))


# The picker


def test_template_picker_offers_visible_custom_exercises_after_the_library(client, library, coach, alices, carols):
    stranger = CustomExerciseFactory(name="Stranger's shrug")
    archived = CustomExerciseFactory(created_by=coach, name="Carol's old row", is_archived=True)
    template = WorkoutTemplateFactory(owner=coach)
    client.force_login(coach)
    response = client.get(f"/workouts/templates/{template.pk}/add/")
    names = _picker_names(response)
    library_count = Exercise.objects.filter(created_by=None).count()
    assert names[library_count:] == ["Carol's band row", "Alice's curl"]  # his own first
    assert stranger.name not in names and archived.name not in names
    html = _text(response)
    assert 'Carol\'s band row</span> <span class="badge text-bg-light border">Yours</span>' in html
    assert "Alice's curl</span> <span class=\"badge text-bg-light border\">Alice Athlete's</span>" in html
    assert "{#" not in html and "#}" not in html  # no template comment leaks onto the page


def test_picker_search_finds_custom_exercises_by_name_and_muscle(client, library, athlete, alices):
    ExerciseMuscleFactory(exercise=alices, muscle=Muscle.objects.get(slug="infraspinatus"))
    session = TrainingSessionFactory(athlete=athlete, name="Extra")
    client.force_login(athlete)
    assert "Alice's curl" in _picker_names(client.get(f"/log/sessions/{session.pk}/add/", {"q": "curl"}))
    assert "Alice's curl" in _picker_names(client.get(f"/log/sessions/{session.pk}/add/", {"q": "infraspin"}))
    assert "Alice's curl" not in _picker_names(client.get(f"/log/sessions/{session.pk}/add/", {"q": "shrug"}))


def test_coach_adds_an_athletes_exercise_to_a_template(client, coach, alices):
    template = WorkoutTemplateFactory(owner=coach)
    client.force_login(coach)
    client.post(f"/workouts/templates/{template.pk}/add/", {"exercise": alices.pk})
    assert list(template.items.values_list("exercise__name", flat=True)) == ["Alice's curl"]


@pytest.mark.parametrize("whose", ["stranger", "archived"])
def test_posting_an_exercise_the_picker_does_not_offer_is_404(client, library, athlete, whose):
    owner = athlete if whose == "archived" else UserFactory()
    exercise = CustomExerciseFactory(created_by=owner, is_archived=whose == "archived")
    template = WorkoutTemplateFactory(owner=athlete)
    session = TrainingSessionFactory(athlete=athlete, name="Extra")
    client.force_login(athlete)
    assert client.post(f"/workouts/templates/{template.pk}/add/", {"exercise": exercise.pk}).status_code == 404
    assert client.post(f"/log/sessions/{session.pk}/add/", {"exercise": exercise.pk}).status_code == 404
    assert not template.items.exists() and not session.exercises.exists()


def test_athlete_logs_the_coachs_exercise_from_a_planned_session(client, athlete, coach, carols):
    template = WorkoutTemplateFactory(owner=coach)
    client.force_login(coach)
    client.post(f"/workouts/templates/{template.pk}/add/", {"exercise": carols.pk})
    today = timezone.localdate()
    assign(
        actor=coach,
        athletes=[athlete],
        templates=[template],
        start=today,
        weekdays=[today.isoweekday()],
        weeks=1,
        submission_id=uuid.uuid4(),
    )
    session, _ = start_session(actor=athlete, planned_session=athlete.planned_sessions.get())
    item = session.exercises.get()
    log_set(actor=athlete, session_exercise=item, weight=Decimal(30), unit="lb", reps=15, rir=2, client_id=uuid.uuid4())
    client.force_login(athlete)
    html = _text(client.get(session.get_absolute_url()))
    assert "Carol's band row" in html
    assert SetLog.objects.get(exercise=carols).reps == 15


# Changing and deleting


def test_creator_edits_an_unused_exercise(client, library, athlete):
    exercise = _mine(client, athlete)
    edit = client.get(f"/exercises/custom/{exercise.pk}/edit/")
    assert edit.context["form"]["muscle_rhomboids"].value() == "primary"
    response = client.post(
        f"/exercises/custom/{exercise.pk}/edit/", _form(name="Band pull-apart, wide", steps="Arms straight.")
    )
    assert response.url == exercise.get_absolute_url()
    exercise.refresh_from_db()
    assert exercise.name == "Band pull-apart, wide"
    assert list(exercise.steps.values_list("text", flat=True)) == ["Arms straight."]


def _template_item(exercise):
    return TemplateItemFactory(exercise=exercise)


def _planned(exercise):
    return PlannedExerciseFactory(exercise=exercise)


def _logged(exercise):
    athlete = exercise.created_by
    item = SessionExerciseFactory(session__athlete=athlete, exercise=exercise)
    return log_set(
        actor=athlete, session_exercise=item, weight=Decimal(20), unit="lb", reps=10, rir=2, client_id=uuid.uuid4()
    )


def _swapped_from(exercise):
    other = CustomExerciseFactory(created_by=exercise.created_by)
    return SessionExerciseFactory(session__athlete=exercise.created_by, exercise=other, swapped_from=exercise)


@pytest.mark.parametrize("use", [_template_item, _planned, _logged, _swapped_from])
def test_any_template_plan_or_log_counts_as_use(athlete, alices, use):
    assert not selectors.is_used(alices)
    use(alices)
    assert selectors.is_used(alices)


def test_a_used_exercise_can_no_longer_be_edited(client, athlete, alices):
    _template_item(alices)
    client.force_login(athlete)
    response = client.get(f"/exercises/custom/{alices.pk}/edit/", follow=True)
    assert services.IN_USE in _text(response)
    client.post(f"/exercises/custom/{alices.pk}/edit/", _form(name="Renamed"))
    alices.refresh_from_db()
    assert alices.name == "Alice's curl"
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.update_custom_exercise(actor=athlete, exercise=alices, data=_data())


def _data(**overrides):
    fields = {
        "name": "Renamed",
        "equipment": "cable",
        "is_unilateral": False,
        "muscles": [(MuscleFactory(), ExerciseMuscle.Role.PRIMARY)],
        "rep_min": 8,
        "rep_max": 12,
        "unit": "lb",
        "step_up": Decimal(5),
        "step_down": Decimal(5),
    }
    return services.CustomExercise(**{**fields, **overrides})


def test_deleting_an_unused_exercise_removes_it(client, athlete, alices):
    client.force_login(athlete)
    assert "Delete “Alice's curl”?" in _text(client.get(f"/exercises/custom/{alices.pk}/delete/"))
    response = client.post(f"/exercises/custom/{alices.pk}/delete/")
    assert response.url == "/exercises/"
    assert not Exercise.objects.filter(pk=alices.pk).exists()


def test_deleting_a_used_exercise_archives_it_and_history_keeps_it(client, athlete, alices):
    logged, _ = _logged(alices)
    client.force_login(athlete)
    assert "Archive “Alice's curl”?" in _text(client.get(f"/exercises/custom/{alices.pk}/delete/"))
    response = client.post(f"/exercises/custom/{alices.pk}/delete/", follow=True)
    alices.refresh_from_db()
    assert alices.is_archived
    assert SetLog.objects.get(pk=logged.pk).exercise == alices
    html = _text(response)
    assert "archived: it is off the picker" in html and "Archived" in html
    session = TrainingSessionFactory(athlete=athlete, name="Extra")
    assert "Alice's curl" not in _picker_names(client.get(f"/log/sessions/{session.pk}/add/"))


def test_an_archived_name_can_be_used_again(client, library, athlete):
    CustomExerciseFactory(created_by=athlete, name="Band pull-apart", is_archived=True)
    assert _mine(client, athlete).is_archived is False


def test_the_services_refuse_anyone_but_the_creator(athlete, coach, alices):
    library_exercise = ExerciseFactory()
    for actor, exercise in [(coach, alices), (athlete, library_exercise)]:
        with pytest.raises(PermissionDenied):
            services.delete_custom_exercise(actor=actor, exercise=exercise)
        with pytest.raises(PermissionDenied):
            services.update_custom_exercise(actor=actor, exercise=exercise, data=_data())
    assert Exercise.objects.filter(pk=alices.pk, is_archived=False).exists()


def test_library_exercises_have_no_edit_or_delete_page(client, library, athlete):
    deadlift = Exercise.objects.get(slug="deadlift")
    client.force_login(athlete)
    for path in (f"/exercises/custom/{deadlift.pk}/edit/", f"/exercises/custom/{deadlift.pk}/delete/"):
        assert client.get(path).status_code == 404
        assert client.post(path, _form()).status_code == 404
    assert "/edit/" not in client.get("/exercises/deadlift/").content.decode()


# Query bounds: pages run the same queries however many custom exercises there are.


@pytest.fixture
def crowd(athlete, coach):
    rhomboids = Muscle.objects.get(slug="rhomboids")
    for owner in (athlete, coach, UserFactory()):
        for number in range(30):
            exercise = CustomExerciseFactory(created_by=owner, name=f"{owner.username} lift {number}")
            ExerciseMuscleFactory(exercise=exercise, muscle=rhomboids)


@pytest.mark.parametrize(
    "path, bound",
    [
        ("/exercises/", 8),  # session, user, library + muscles, muscle choices, mine + muscles, menu
        ("/exercises/new/", 4),  # session, user, muscles, unread comments (menu)
        ("/workouts/templates/{template}/add/", 10),  # + template, library, custom, each with muscles, menu
        ("/exercises/custom/{alices}/", 6),  # session, user, exercise, muscles, steps, menu
    ],
)
def test_custom_exercise_pages_run_a_bounded_number_of_queries(
    client, library, crowd, athlete, alices, django_assert_max_num_queries, path, bound
):
    template = WorkoutTemplateFactory(owner=athlete)
    client.force_login(athlete)
    with django_assert_max_num_queries(bound):
        response = client.get(path.format(template=template.pk, alices=alices.pk))
    assert response.status_code == 200
    if "add" in path:
        assert len(response.context["exercises"]) == Exercise.objects.filter(created_by=None).count() + 61


def test_template_items_keep_a_custom_exercise_a_link_away(client, coach, carols):
    item = TemplateItemFactory(template=WorkoutTemplateFactory(owner=coach), exercise=carols)
    client.force_login(coach)
    html = client.get(item.template.get_absolute_url()).content.decode()
    assert f'href="/exercises/custom/{carols.pk}/"' in html
    assert TemplateItem.objects.filter(exercise=carols).exists()
