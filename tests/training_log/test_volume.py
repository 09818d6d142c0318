"""Weekly hard sets per upper-back muscle on known data (training_log.volume), and the partial that shows them."""

import datetime
import re
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from exercises.models import Exercise, Muscle
from tests.factories import (
    CustomExerciseFactory,
    ExerciseMuscleFactory,
    SessionExerciseFactory,
    SetLogFactory,
    UserFactory,
    at,
)
from training_log.domain.volume import BANDS, band_for
from training_log.models import SetLog
from training_log.selectors.volume import weekly_hard_sets

TODAY = datetime.date(2026, 11, 26)  # a Thursday
MONDAY = datetime.date(2026, 11, 23)
FACE_PULL_SECONDARY = {"trapezius", "rhomboids"}  # exercises/content.py
FACE_PULL_PRIMARY = {"posterior-deltoid", "infraspinatus", "teres-minor"}


def _sets(volume, week=0) -> dict[str, Decimal]:
    return {row.slug: row.weeks[week].sets for row in volume.muscles}


@pytest.fixture
def face_pull(library):
    return Exercise.objects.get(slug="face-pull")


def test_face_pull_roles_are_what_the_tests_assume(face_pull):
    roles = {(role.muscle.slug, role.role) for role in face_pull.muscle_roles.select_related("muscle")}
    expected = {(slug, "primary") for slug in FACE_PULL_PRIMARY} | {(slug, "secondary") for slug in FACE_PULL_SECONDARY}
    assert roles == expected


def test_face_pull_set_counts_one_for_primary_and_half_for_secondary(athlete, face_pull):
    SetLogFactory(
        session_exercise__session__athlete=athlete,
        session_exercise__session__started_at=at(TODAY),
        session_exercise__exercise=face_pull,
    )

    sets = _sets(weekly_hard_sets(athlete, today=TODAY))

    assert sets["posterior-deltoid"] == 1
    assert all(sets[slug] == 1 for slug in FACE_PULL_PRIMARY)
    assert all(sets[slug] == Decimal("0.5") for slug in FACE_PULL_SECONDARY)
    untouched = set(sets) - FACE_PULL_PRIMARY - FACE_PULL_SECONDARY
    assert len(untouched) == 4 and all(sets[slug] == 0 for slug in untouched)


def test_three_face_pull_sets_add_up(athlete, face_pull):
    item = SessionExerciseFactory(session__athlete=athlete, session__started_at=at(TODAY), exercise=face_pull)
    for _ in range(3):
        SetLogFactory(session_exercise=item)

    sets = _sets(weekly_hard_sets(athlete, today=TODAY))

    assert sets["posterior-deltoid"] == 3
    assert sets["trapezius"] == Decimal("1.5")


def test_a_set_at_rir_5_is_not_hard_and_rir_4_is(athlete, face_pull):
    item = SessionExerciseFactory(session__athlete=athlete, session__started_at=at(TODAY), exercise=face_pull)
    SetLogFactory(session_exercise=item, rir=5)
    assert _sets(weekly_hard_sets(athlete, today=TODAY))["posterior-deltoid"] == 0

    SetLogFactory(session_exercise=item, rir=4)
    assert _sets(weekly_hard_sets(athlete, today=TODAY))["posterior-deltoid"] == 1


def test_a_working_set_imported_without_rir_counts_as_hard(athlete, face_pull):
    # An imported history without RPE would otherwise show no training at all.
    item = SessionExerciseFactory(session__athlete=athlete, session__started_at=at(TODAY), exercise=face_pull)
    SetLogFactory(session_exercise=item, rir=None)
    SetLogFactory(session_exercise=item, rir=None, is_warmup=True)

    assert _sets(weekly_hard_sets(athlete, today=TODAY))["posterior-deltoid"] == 1


def test_the_partial_says_sets_without_rir_count(athlete, library):
    html = _render(weekly_hard_sets(athlete, today=TODAY))

    assert "A working set with 4 or fewer reps in reserve, or one imported without RIR." in html


def test_warm_ups_never_count(athlete, face_pull):
    SetLogFactory(
        session_exercise__session__athlete=athlete,
        session_exercise__session__started_at=at(TODAY),
        session_exercise__exercise=face_pull,
        rir=0,
        is_warmup=True,
    )

    assert set(_sets(weekly_hard_sets(athlete, today=TODAY)).values()) == {0}


def test_a_set_last_week_lands_in_last_weeks_row(athlete, face_pull):
    last_sunday = MONDAY - datetime.timedelta(days=1)
    SetLogFactory(
        session_exercise__session__athlete=athlete,
        session_exercise__session__started_at=at(last_sunday),
        session_exercise__exercise=face_pull,
    )

    volume = weekly_hard_sets(athlete, today=TODAY)

    assert volume.weeks[:2] == (MONDAY, MONDAY - datetime.timedelta(weeks=1))
    assert _sets(volume, week=0)["posterior-deltoid"] == 0
    assert _sets(volume, week=1)["posterior-deltoid"] == 1


def test_eight_weeks_newest_first_with_zeros_and_nothing_older(athlete, face_pull):
    for weeks_ago in (0, 7, 8):
        SetLogFactory(
            session_exercise__session__athlete=athlete,
            session_exercise__session__started_at=at(TODAY - datetime.timedelta(weeks=weeks_ago)),
            session_exercise__exercise=face_pull,
        )

    volume = weekly_hard_sets(athlete, today=TODAY)

    assert volume.weeks == tuple(MONDAY - datetime.timedelta(weeks=n) for n in range(8))
    assert [cell.sets for cell in volume.muscles[0].weeks] == [Decimal("0.5"), 0, 0, 0, 0, 0, 0, Decimal("0.5")]
    assert all(len(row.weeks) == 8 for row in volume.muscles)


def test_weeks_are_the_athletes_local_weeks(athlete, face_pull):
    """Sunday 23:30 in Los Angeles is Monday morning in UTC: the set stays in the Sunday's week."""
    with timezone.override("America/Los_Angeles"):
        sunday_night = at(MONDAY - datetime.timedelta(days=1), 23, 30)
        SetLogFactory(
            session_exercise__session__athlete=athlete,
            session_exercise__session__started_at=at(MONDAY),
            session_exercise__exercise=face_pull,
            logged_at=sunday_night,
        )

        volume = weekly_hard_sets(athlete, today=TODAY)

    assert sunday_night.astimezone(datetime.UTC).date() == MONDAY
    assert _sets(volume, week=0)["posterior-deltoid"] == 0
    assert _sets(volume, week=1)["posterior-deltoid"] == 1


def test_another_athletes_sets_do_not_count(athlete, other_athlete, face_pull):
    SetLogFactory(
        session_exercise__session__athlete=other_athlete,
        session_exercise__session__started_at=at(TODAY),
        session_exercise__exercise=face_pull,
    )

    assert set(_sets(weekly_hard_sets(athlete, today=TODAY)).values()) == {0}
    assert _sets(weekly_hard_sets(other_athlete, today=TODAY))["posterior-deltoid"] == 1


def test_custom_exercises_count_by_their_roles(athlete, library):
    custom = CustomExerciseFactory(created_by=athlete, name="Band pull-apart")
    ExerciseMuscleFactory(exercise=custom, muscle=Muscle.objects.get(slug="rhomboids"), role="primary")
    ExerciseMuscleFactory(exercise=custom, muscle=Muscle.objects.get(slug="teres-major"), role="secondary")
    SetLogFactory(
        session_exercise__session__athlete=athlete,
        session_exercise__session__started_at=at(TODAY),
        session_exercise__exercise=custom,
    )

    sets = _sets(weekly_hard_sets(athlete, today=TODAY))

    assert (sets["rhomboids"], sets["teres-major"], sets["trapezius"]) == (1, Decimal("0.5"), 0)


def test_muscles_come_in_the_librarys_order(athlete, library):
    volume = weekly_hard_sets(athlete, today=TODAY)

    assert [row.slug for row in volume.muscles] == list(Muscle.objects.values_list("slug", flat=True))
    assert len(volume.muscles) == 9


@pytest.mark.parametrize(
    ("sets", "label"),
    [
        ("0", "0"),
        ("0.5", "0.5 to 4.5"),
        ("4.5", "0.5 to 4.5"),
        ("5", "5 to 9.5"),
        ("9.5", "5 to 9.5"),
        ("10", "10 to 20"),
        ("20", "10 to 20"),
        ("20.5", "over 20"),
        ("60", "over 20"),
    ],
)
def test_bands_follow_their_labels(sets, label):
    assert band_for(Decimal(sets)).label == label


def _three_years(athlete, exercises):
    """3 workouts a week, 20 working sets each (plus warm-ups), for 156 weeks up to TODAY."""
    sets = []
    for week in range(156):
        for day in (0, 2, 4):
            date = MONDAY - datetime.timedelta(weeks=week) + datetime.timedelta(days=day)
            if date > TODAY:
                continue
            for exercise in exercises:
                item = SessionExerciseFactory(session__athlete=athlete, session__started_at=at(date), exercise=exercise)
                sets += [SetLogFactory.build(session_exercise=item, rir=rir) for rir in (1, 2, 3, 5, 6)]
                sets.append(SetLogFactory.build(session_exercise=item, rir=3, is_warmup=True))
    SetLog.objects.bulk_create(sets, batch_size=2000)
    return len(sets)


def test_query_count_does_not_grow_with_history(athlete, library, django_assert_max_num_queries):
    face_pull = Exercise.objects.get(slug="face-pull")
    SetLogFactory(
        session_exercise__session__athlete=athlete,
        session_exercise__session__started_at=at(TODAY),
        session_exercise__exercise=face_pull,
    )
    with django_assert_max_num_queries(2):
        weekly_hard_sets(athlete, today=TODAY)

    exercises = list(Exercise.objects.filter(slug__in=["deadlift", "barbell-row", "face-pull", "pull-up"]))
    assert len(exercises) == 4
    _three_years(athlete, exercises)
    assert SetLog.objects.filter(athlete=athlete).count() > 156 * 3 * 20

    with django_assert_max_num_queries(2):
        volume = weekly_hard_sets(athlete, today=TODAY)
    # Last week: 3 workouts, each with 3 hard sets of every exercise. Posterior deltoid: primary in the face pull,
    # secondary in the barbell row and the pull-up: 9 + 4.5 + 4.5. Trapezius: primary in the deadlift and the row.
    last_week = _sets(volume, week=1)
    assert (last_week["posterior-deltoid"], last_week["trapezius"]) == (18, 27)


# --- The partial ------------------------------------------------------------------------------------------------


def _render(volume):
    request = RequestFactory().get("/progress/")
    request.user = UserFactory()
    return render_to_string("training_log/_muscle_volume.html", {"volume": volume}, request=request)


def test_partial_shows_this_week_on_the_figure_and_every_week_in_the_table(athlete, face_pull):
    item = SessionExerciseFactory(session__athlete=athlete, session__started_at=at(TODAY), exercise=face_pull)
    for _ in range(6):
        SetLogFactory(session_exercise=item)
    SetLogFactory(
        session_exercise__session__athlete=athlete,
        session_exercise__session__started_at=at(TODAY - datetime.timedelta(weeks=1)),
        session_exercise__exercise=face_pull,
    )

    html = _render(weekly_hard_sets(athlete, today=TODAY))

    assert "Hard sets per muscle, this week" in html
    # Posterior deltoid: 6 sets, "5 to 9.5"; trapezius 3 sets, "0.5 to 4.5"; erector spinae none.
    assert re.search(r'class="muscle heat-2[^"]*"[^>]*aria-label="5 Posterior deltoid', html)
    assert re.search(r'class="muscle heat-1[^"]*"[^>]*aria-label="1 Trapezius', html)
    assert re.search(r'class="muscle heat-0[^"]*"[^>]*aria-label="6 Erector spinae', html)
    # Screen readers hear the count on each region of the figure.
    assert 'aria-label="5 Posterior deltoid: 6 hard sets this week"' in html
    assert 'aria-label="8 Rhomboids: 3 hard sets this week"' in html
    assert 'aria-label="6 Erector spinae: 0 hard sets this week"' in html
    for band in BANDS:
        assert band.label in html
    table = html[html.index("<table") : html.index("</table>")]
    assert table.count("<tr") == 10  # the weeks' header row and nine muscles
    row = re.search(r"Posterior deltoid</th>(.*?)</tr>", table, re.S).group(1)
    assert re.findall(r"<td[^>]*>\s*([\d.]+)\s*</td>", row) == ["6", "1", "0", "0", "0", "0", "0", "0"]
    assert "This week" in table and "16 Nov" in table


def test_one_hard_set_reads_as_one_set(athlete, face_pull):
    SetLogFactory(
        session_exercise__session__athlete=athlete,
        session_exercise__session__started_at=at(TODAY),
        session_exercise__exercise=face_pull,
    )

    html = _render(weekly_hard_sets(athlete, today=TODAY))

    assert 'aria-label="3 Teres minor: 1 hard set this week"' in html
    assert 'aria-label="1 Trapezius: 0.5 hard sets this week"' in html


def test_exercise_pages_figure_is_unchanged_without_heat(client, face_pull):
    html = client.get("/exercises/face-pull/").content.decode()

    assert 'aria-label="5 Posterior deltoid"' in html
    assert "heat-" not in html


def test_partial_with_no_sets_shows_zeros(athlete, library):
    html = _render(weekly_hard_sets(athlete, today=TODAY))

    assert len(re.findall(r'<a class="muscle[^"]* heat-0[" ]', html)) == 9
    assert "<table" not in html
    assert "No hard sets in the last 8 weeks" in html
