import re

import pytest
from django.urls import reverse

from exercises.models import Exercise, ExerciseMuscle, ExerciseStep, Muscle
from tests.factories import CustomExerciseFactory


def _titles_and_h1s(html):
    head = html.split("</head>")[0]
    return re.findall(r"<title>(.*?)</title>", head, re.S), re.findall(r"<h1[ >]", html)


def _names(response):
    return [exercise.name for exercise in response.context["exercises"]]


@pytest.mark.parametrize(
    "url, title",
    [
        ("/", "Upper-back training"),
        ("/exercises/", "Exercise library"),
        ("/exercises/face-pull/", "Face pull"),
        ("/muscles/", "Anatomy of the upper back"),
        ("/muscles/rhomboids/", "Rhomboids"),
    ],
)
def test_public_pages_have_a_title_and_one_h1(client, library, url, title):
    response = client.get(url)
    assert response.status_code == 200
    titles, h1s = _titles_and_h1s(response.content.decode())
    assert len(titles) == 1 and title.lower() in titles[0].lower()
    assert len(h1s) == 1


def test_public_pages_write_no_session(client, library):
    for url in ["/", "/exercises/", "/exercises/deadlift/", "/muscles/", "/muscles/trapezius/"]:
        response = client.get(url)
        assert "sessionid" not in response.cookies


def test_home_links_to_library_and_anatomy(client, library):
    html = client.get("/").content.decode()
    assert 'href="/exercises/"' in html and 'href="/muscles/"' in html
    assert "Why train the upper back?" in html


def test_library_lists_all_thirteen(client, library):
    response = client.get("/exercises/")
    assert len(response.context["exercises"]) == 13
    assert "13 exercises" in response.content.decode()


def test_filter_by_muscle(client, library):
    response = client.get("/exercises/", {"muscle": "rhomboids"})
    slugs = {exercise.slug for exercise in response.context["exercises"]}
    expected = set(ExerciseMuscle.objects.filter(muscle__slug="rhomboids").values_list("exercise__slug", flat=True))
    assert slugs == expected and "face-pull" in slugs


def test_filters_combine(client, library):
    response = client.get("/exercises/", {"muscle": "rhomboids", "equipment": "dumbbell", "q": "row"})
    exercises = response.context["exercises"]
    assert exercises, "expected at least one dumbbell row for the rhomboids"
    for exercise in exercises:
        assert exercise.equipment == "dumbbell"
        assert "row" in exercise.name.lower()
        assert "rhomboids" in {role.muscle.slug for role in exercise.roles}


def test_search_matches_muscle_names(client, library):
    response = client.get("/exercises/", {"q": "infraspinatus"})
    assert "Face pull" in _names(response)


def test_filtered_list_is_a_shareable_url(client, library):
    html = client.get("/exercises/?muscle=rhomboids&equipment=cable").content.decode()
    assert '<option value="rhomboids" selected>' in html
    assert '<option value="cable" selected>' in html


def test_unknown_filter_value_is_ignored_with_a_note(client, library):
    response = client.get("/exercises/", {"muscle": "biceps", "equipment": "dumbbell"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is no muscle called “biceps” in the library" in html
    assert all(exercise.equipment == "dumbbell" for exercise in response.context["exercises"])


@pytest.mark.parametrize(
    "query",
    [
        "muscle=%00",
        "q=%00",
        "equipment=%00%00",
        "q=" + "row" * 400,
        "muscle=rhomboids&muscle=trapezius",
        "q=%F0%9F%92%AA",
        "q=%ff%fe",
        "q='%20OR%201=1--",
        "equipment=<script>alert(1)</script>",
    ],
)
def test_odd_query_strings_never_break_the_list(client, library, query):
    response = client.get("/exercises/?" + query)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_too_long_search_is_ignored_with_a_note(client, library):
    response = client.get("/exercises/", {"q": "x" * 5000})
    assert "The search text was ignored" in response.content.decode()
    assert len(response.context["exercises"]) == 13


def test_no_match_shows_a_friendly_empty_state(client, library):
    response = client.get("/exercises/", {"q": "zercher"})
    html = response.content.decode()
    assert "No exercise matches all of that" in html
    assert "Show all exercises" in html


def test_user_created_exercises_stay_out_of_the_public_library(client, library):
    CustomExerciseFactory(name="Private shrug")
    assert "Private shrug" not in _names(client.get("/exercises/"))


def test_exercise_page_shows_everything_a_lifter_needs(client, library):
    face_pull = Exercise.objects.get(slug="face-pull")
    html = client.get("/exercises/face-pull/").content.decode()
    for step in face_pull.steps.all():
        assert f"<li>{step.text}</li>" in html.replace("&#x27;", "'")
    assert "Why it earns its place" in html
    assert "eye level" in html.lower() and "rope" in html.lower()
    assert "Alternatives" in html
    for alternative in face_pull.alternatives.all():
        assert alternative.get_absolute_url() in html
    assert f"{face_pull.rep_min}-{face_pull.rep_max} reps" in html


def test_exercise_page_highlights_primary_strongly_and_secondary_lightly(client, library):
    html = client.get("/exercises/deadlift/").content.decode()
    deadlift = Exercise.objects.get(slug="deadlift")
    for role in deadlift.muscle_roles.select_related("muscle"):
        marker = "is-primary" if role.role == "primary" else "is-secondary"
        link = re.search(rf'<a[^>]*href="/muscles/{role.muscle.slug}/"[^>]*>', html)
        assert link and marker in link.group(0), role.muscle.slug


def test_deadlift_page_states_its_load_steps(client, library):
    html = client.get("/exercises/deadlift/").content.decode()
    assert "add 10 lb (5 kg)" in html
    assert "take 5 lb (2.5 kg) off" in html


@pytest.mark.parametrize("url", ["/exercises/no-such-lift/", "/muscles/biceps/", "/nowhere/"])
def test_unknown_pages_get_a_404_in_the_site_layout(client, library, url):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert "We couldn't find that page" in html and 'href="/exercises/"' in html


def test_exercise_page_of_a_user_created_exercise_is_404(client, library):
    private = CustomExerciseFactory()
    assert client.get(f"/exercises/{private.slug}/").status_code == 404


def test_anatomy_page_links_every_muscle_with_an_accessible_name(client, library):
    html = client.get("/muscles/").content.decode()
    for muscle in Muscle.objects.all():
        link = re.search(rf'<a[^>]*href="/muscles/{muscle.slug}/"[^>]*aria-label="([^"]+)"', html) or re.search(
            rf'<a[^>]*aria-label="([^"]+)"[^>]*href="/muscles/{muscle.slug}/"', html
        )
        assert link and link.group(1) == muscle.name, muscle.slug
        assert muscle.function in html


def test_muscle_page_lists_primary_exercises_first(client, library):
    response = client.get("/muscles/trapezius/")
    roles = [role.role for role in response.context["roles"]]
    assert roles == sorted(roles)
    assert "primary" in roles


def test_muscle_page_lists_exercises_that_train_it(client, library):
    html = client.get(reverse("exercises:muscle-detail", args=["infraspinatus"])).content.decode()
    assert "Face pull" in html


def _add_generated_exercises(count):
    muscles = list(Muscle.objects.all())
    exercises = Exercise.objects.bulk_create(
        Exercise(
            slug=f"generated-{n}", name=f"Generated row {n}", summary="Generated.", why="Load test.",
            equipment="dumbbell", pattern="row", position=100 + n,
        )
        for n in range(count)
    )  # fmt: skip
    ExerciseStep.objects.bulk_create(
        ExerciseStep(exercise=exercise, position=p, text="Pull.") for exercise in exercises for p in (1, 2, 3)
    )
    ExerciseMuscle.objects.bulk_create(
        ExerciseMuscle(exercise=exercise, muscle=muscle, role=role)
        for exercise in exercises
        for muscle, role in ((muscles[0], "primary"), (muscles[1], "secondary"))
    )
    for exercise in exercises[:50]:
        exercise.alternatives.set(exercises[50:53])


@pytest.mark.parametrize(
    "url, bound",
    [
        ("/exercises/", 3),
        ("/exercises/?muscle=trapezius&q=row&equipment=dumbbell", 3),
        ("/exercises/deadlift/", 4),
        ("/exercises/generated-7/", 4),
        ("/muscles/", 1),
        ("/muscles/trapezius/", 2),
    ],
)
def test_library_pages_run_a_bounded_number_of_queries(client, library, django_assert_max_num_queries, url, bound):
    _add_generated_exercises(500)
    with django_assert_max_num_queries(bound):
        response = client.get(url)
    assert response.status_code == 200
