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


def test_library_lists_thirteen_core_lifts_and_three_additions(client, library):
    response = client.get("/exercises/")
    html = response.content.decode()
    assert len(response.context["exercises"]) == 16
    assert "16 exercises" in html
    assert "Thirteen core lifts" in html and "three additions" in html
    cards = html.split('class="exercise-card')[1:]
    additions = [card for card in cards if ">Addition</span>" in card]
    assert len(additions) == 3
    assert all(any(name in card for name in ("Pull-up", "Lat pulldown", "Barbell shrug")) for card in additions)


def test_home_page_names_the_additions(client, library):
    html = client.get("/").content.decode()
    assert "thirteen core lifts" in html
    for slug in ("pull-up", "lat-pulldown", "barbell-shrug"):
        assert f'href="/exercises/{slug}/"' in html


def test_home_page_carry_over_is_our_own_text(client, library):
    html = client.get("/").content.decode()
    assert "keeps you from tipping forward in the squat" not in html
    assert "Bench press:" in html and "Squat:" in html and "Deadlift:" in html


@pytest.mark.parametrize("slug", ["pull-up", "lat-pulldown", "barbell-shrug"])
def test_addition_pages_are_as_complete_as_the_core_lifts(client, library, slug):
    exercise = Exercise.objects.get(slug=slug)
    html = client.get(exercise.get_absolute_url()).content.decode()
    assert "An addition to the thirteen core lifts" in html
    for heading in ("Why it earns its place", "How to do it", "Coaching cues", "Common mistakes", "Alternatives"):
        assert heading in html
    assert exercise.steps.count() >= 4 and len(exercise.cue_list) >= 3 and len(exercise.mistake_list) >= 3
    assert f"{exercise.rep_min}-{exercise.rep_max} reps" in html


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
    assert len(response.context["exercises"]) == 16


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


def _figure_links(html):
    """The anatomy figure's links: {muscle slug: (opening tag, aria-label, visible key number, key text)}."""
    figure = html[html.index('<svg class="anatomy"') : html.index("</svg>")]
    links = {}
    for tag, slug, inner in re.findall(r'(<a [^>]*href="/muscles/([a-z-]+)/"[^>]*>)(.*?)</a>', figure, re.S):
        visible = re.sub(r'<g aria-hidden="true">.*?</g>', "", inner, flags=re.S)  # the badge repeats the number
        number = re.search(r'class="anat-num"[^>]*>(\d+)<', visible).group(1)
        key = " ".join(re.sub(r"<[^>]+>", " ", visible.split('class="anat-key"', 1)[1].split(">", 1)[1]).split())
        links[slug] = (tag, re.search(r'aria-label="([^"]+)"', tag).group(1), number, key)
    return links


def test_exercise_page_highlights_primary_strongly_and_secondary_lightly(client, library):
    links = _figure_links(client.get("/exercises/deadlift/").content.decode())
    roles = dict(Exercise.objects.get(slug="deadlift").muscle_roles.values_list("muscle__slug", "role"))
    for slug, (tag, *_) in links.items():
        marked = {"primary": "is-primary", "secondary": "is-secondary"}.get(roles.get(slug))
        for marker in ("is-primary", "is-secondary"):
            assert (marker in tag) == (marker == marked), slug


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


def test_anatomy_figure_links_every_muscle_by_its_visible_number_and_name(client, library):
    html = client.get("/muscles/").content.decode()
    links = _figure_links(html)
    assert set(links) == set(Muscle.objects.values_list("slug", flat=True))
    numbers = set()
    for muscle in Muscle.objects.all():
        _tag, label, number, key = links[muscle.slug]
        assert label == f"{number} {muscle.name}" == f"{number} {key}", muscle.slug
        numbers.add(number)
        assert muscle.function in html
    assert numbers == {str(n) for n in range(1, 10)}


def test_anatomy_figure_draws_the_latissimus_as_a_grey_outline_not_a_link(client, library):
    html = client.get("/muscles/").content.decode()
    figure = html[html.index('<svg class="anatomy"') : html.index("</svg>")]
    assert "Latissimus" in figure and 'class="anat-lat"' in figure
    assert not any("Latissimus" in link or "anat-lat" in link for link in re.findall(r"<a .*?</a>", figure, re.S))


def test_muscle_page_shows_the_figure_with_its_muscle_highlighted(client, library):
    links = _figure_links(client.get("/muscles/teres-minor/").content.decode())
    for slug, (tag, *_) in links.items():
        assert ("is-current" in tag and 'aria-current="page"' in tag) == (slug == "teres-minor"), slug
        assert ("is-primary" in tag) == (slug == "teres-minor"), slug


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
        ("/exercises/?muscle=teres-major", 3),
        ("/exercises/?q=rear%20delst", 3),
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


# Content corrections a coach would check on the page


def _page_text(client, url):
    html = client.get(url).content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'").split())


@pytest.mark.parametrize("slug", ["serratus-posterior-superior", "serratus-posterior-inferior"])
def test_serratus_posterior_page_says_no_exercise_targets_it(client, library, slug):
    response = client.get(f"/muscles/{slug}/")
    assert list(response.context["roles"]) == []
    text = _page_text(client, f"/muscles/{slug}/")
    assert "No exercise targets it" in text and "it sits in the upper back" in text


@pytest.mark.parametrize("slug", ["deadlift", "rack-pull", "cable-row", "seal-row"])
def test_exercise_pages_no_longer_list_the_serratus_posterior(client, library, slug):
    html = client.get(f"/exercises/{slug}/").content.decode()
    roles = html.split('<dl class="muscle-roles">')[1].split("</dl>")[0]
    assert "Serratus posterior" not in roles and "Trapezius" in roles


def test_upright_row_page_puts_the_upper_traps_first(client, library):
    response = client.get("/exercises/upright-row/")
    assert [muscle.slug for muscle in response.context["primary"]] == ["trapezius"]
    assert [muscle.slug for muscle in response.context["secondary"]] == ["posterior-deltoid"]
    text = _page_text(client, "/exercises/upright-row/")
    assert "wider your grip" in text and "rear delts and traps" in text


def test_barbell_row_is_a_strict_row_with_leg_drive_as_a_chosen_variation(client, library):
    steps = " ".join(Exercise.objects.get(slug="barbell-row").steps.values_list("text", flat=True))
    assert "push from your legs" not in steps and "hips and knees stay still" in steps
    assert "variation you choose on purpose" in _page_text(client, "/exercises/barbell-row/")


def test_romanian_deadlift_stops_where_the_hips_stop_not_where_the_back_rounds(client, library):
    text = _page_text(client, "/exercises/romanian-deadlift/")
    assert "about to round" not in text
    assert "hips stop travelling back" in text and "mid-shin" in text
    assert "hamstrings, glutes and the long muscles of your spine" in text


@pytest.mark.parametrize("slug", ["deadlift", "rack-pull"])
def test_big_pulls_drive_through_the_whole_foot_and_brace_every_rep(client, library, slug):
    text = _page_text(client, f"/exercises/{slug}/")
    assert "through your heels" not in text
    assert "whole foot" in text and "slack" in text and "every rep" in text


def test_deadlift_brings_the_shins_to_the_bar(client, library):
    assert "shins touch the bar" in _page_text(client, "/exercises/deadlift/")


def test_muscle_functions_are_anatomically_right(client, library):
    assert "turns them upward" in _page_text(client, "/muscles/trapezius/")
    erectors = _page_text(client, "/muscles/erector-spinae/")
    assert "bend it to the side" in erectors and "twist" not in erectors


def test_t_bar_angle_is_measured_from_the_floor(client, library):
    assert "30 to 45 degrees up from the floor" in _page_text(client, "/exercises/t-bar-row/")


def test_meadows_row_says_which_hand_pulls(client, library):
    assert "hand on your back-foot side, the one opposite your front foot" in _page_text(
        client, "/exercises/meadows-row/"
    )


# Finding things


def test_muscle_filter_lists_primary_exercises_first_and_says_the_role(client, library):
    response = client.get("/exercises/", {"muscle": "teres-major"})
    roles = [exercise.muscle_role for exercise in response.context["exercises"]]
    assert roles == sorted(roles) and "primary" in roles and "secondary" in roles
    expected = set(ExerciseMuscle.objects.filter(muscle__slug="teres-major").values_list("exercise__slug", flat=True))
    assert {exercise.slug for exercise in response.context["exercises"]} == expected
    text = _page_text(client, "/exercises/?muscle=teres-major")
    assert text.count("Teres major: secondary") == roles.count("secondary")
    assert text.count("Teres major: primary") == roles.count("primary")


@pytest.mark.parametrize(
    "word, lift",
    [
        ("traps", "Barbell shrug"),
        ("lats", "Lat pulldown"),
        ("rear delts", "Dumbbell rear lateral raise"),
        ("rear delt", "Face pull"),
        ("lower back", "Deadlift"),
        ("mid back", "Barbell row"),
        ("rotator cuff", "Face pull"),
        ("landmine", "Meadows row"),
        ("pulldown", "Lat pulldown"),
        ("facepull", "Face pull"),
        ("pull up", "Pull-up"),
        ("pull-up", "Pull-up"),
        ("Pullup", "Pull-up"),
        ("chin-up", "Pull-up"),
    ],
)
def test_search_understands_the_words_lifters_use(client, library, word, lift):
    assert lift in _names(client.get("/exercises/", {"q": word}))


@pytest.mark.parametrize(
    "typo, lift",
    [
        ("dedlift", "Deadlift"),  # a letter missing
        ("deadlifft", "Deadlift"),  # a letter too many
        ("deadlitf", "Deadlift"),  # two letters swapped
        ("meadovs row", "Meadows row"),  # a letter changed
        ("trapz", "Barbell shrug"),  # a lifter's word, misspelt
        ("infraspinatis", "Face pull"),  # a muscle, misspelt
        ("chest suported row", "Chest-supported row"),
    ],
)
def test_search_forgives_one_wrong_letter(client, library, typo, lift):
    assert lift in _names(client.get("/exercises/", {"q": typo}))


def test_search_does_not_stretch_two_letters(client, library):
    assert _names(client.get("/exercises/", {"q": "dedlif"})) == []


def test_search_for_traps_finds_only_trap_lifts(client, library):
    names = set(_names(client.get("/exercises/", {"q": "traps"})))
    expected = set(ExerciseMuscle.objects.filter(muscle__slug="trapezius").values_list("exercise__name", flat=True))
    assert names == expected


def test_teres_major_page_lists_the_vertical_pulls_before_the_rows_that_only_help(client, library):
    names = [role.exercise.name for role in client.get("/muscles/teres-major/").context["roles"]]
    assert names.index("Pull-up") < names.index("Barbell row")
    assert names.index("Lat pulldown") < names.index("Barbell row")
