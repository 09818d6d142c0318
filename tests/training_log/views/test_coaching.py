"""/coach/ and the coach's page for one athlete: what a coach reads there, and who gets nothing."""

import datetime
import re

import pytest
from django.utils import timezone

from accounts.models import CoachingLink
from accounts.services import end_link
from tests.factories import (
    ExerciseFactory,
    PlannedSessionFactory,
    SessionExerciseFactory,
    SetLogFactory,
    TrainingSessionFactory,
    UserFactory,
)
from training_log.models import TrainingSession

DAY = datetime.timedelta(days=1)


def _text(response) -> str:
    """The page as a reader sees it: tags dropped, white space collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def week(athlete, coach):
    """Alice: 3 sessions planned in the last 7 days, 2 done; one skipped and one missed further back."""
    today = timezone.localdate()
    sessions = {
        name: PlannedSessionFactory(athlete=athlete, planned_by=coach, date=today - days * DAY, name=name)
        for name, days in (
            ("Pull A", 1),
            ("Pull B", 3),
            ("Pull C", 5),
            ("Rows", 9),
            ("Shrugs", 12),
            ("Next pull", -2),
            ("Called off", 2),
            ("Long ago", 20),
        )
    }
    TrainingSessionFactory(planned_session=sessions["Pull A"], finished=True)
    TrainingSessionFactory(planned_session=sessions["Pull B"], finished=True)
    sessions["Rows"].skipped_at, sessions["Rows"].skip_reason = timezone.now(), "Shoulder <b>sore</b>"
    sessions["Rows"].save()
    sessions["Called off"].cancelled_at = timezone.now()
    sessions["Called off"].save()
    return sessions


def test_dashboard_shows_each_athlete_with_compliance_flags_and_a_link(client, coach, athlete, week):
    quiet = UserFactory(display_name="Quinn Quiet")
    CoachingLink.objects.create(coach=coach, athlete=quiet)
    client.force_login(coach)

    response = client.get("/coach/")

    assert response.status_code == 200
    text = _text(response)
    assert "Alice Athlete" in text and "Quinn Quiet" in text
    # Quinn has flags (no workout), so comes first.
    assert text.index("Quinn Quiet") < text.index("Alice Athlete")
    assert "7 days 2 of 3 done · 67 %" in text
    assert "28 days 2 of 6 done · 33 %" in text  # the skipped and the missed count as planned, not done
    assert "No workout in 7 days" in text  # Quinn
    assert f'href="/coach/athletes/{athlete.pk}/"' in response.content.decode()
    alice_card = text[text.index("Alice Athlete") :]
    assert "No workout in 7 days" not in alice_card
    assert "7 days — nothing planned" in text[: text.index("Alice Athlete")]  # Quinn: unknown, not 0 %


def test_dashboard_leaves_out_an_athlete_whose_link_ended(client, coach, athlete):
    end_link(link=CoachingLink.objects.get(coach=coach, athlete=athlete), actor=athlete)
    client.force_login(coach)

    text = _text(client.get("/coach/"))

    assert "Alice Athlete" not in text
    assert "No athletes yet. Invite your first athlete" in text


def test_a_coach_without_athletes_is_sent_to_invite_one(client, unlinked_coach):
    client.force_login(unlinked_coach)

    response = client.get("/coach/")

    assert 'href="/coach/athletes/"' in response.content.decode()
    assert "No athletes yet" in _text(response)


def test_someone_who_does_not_coach_is_sent_to_settings(client, athlete):
    client.force_login(athlete)

    response = client.get("/coach/", follow=True)

    assert response.redirect_chain == [("/accounts/settings/", 302)]
    assert "Switch on “I coach other lifters” to use the coach pages." in _text(response)


def test_menu_has_coach_for_coaches_only(client, coach, athlete):
    client.force_login(coach)
    assert re.search(r'href="/coach/">Coach<', client.get("/today/").content.decode())
    client.force_login(athlete)
    assert 'href="/coach/"' not in client.get("/today/").content.decode()


def test_athlete_page_shows_figures_plan_states_and_links(client, coach, athlete, week):
    client.force_login(coach)

    response = client.get(f"/coach/athletes/{athlete.pk}/")

    assert response.status_code == 200
    text = _text(response)
    html = response.content.decode()
    assert "7 days 2 of 3 done · 67 %" in text
    for name, state in (
        ("Pull A", "Done"),
        ("Pull C", "Missed"),
        ("Rows", "Skipped"),
        ("Next pull", "Planned"),
    ):
        assert re.search(rf"{name} {state}\b", text), (name, state)
    assert f'href="/plan/sessions/{week["Pull A"].pk}/"' in html
    assert "Called off" not in text  # cancelled sessions leave every list
    assert "Long ago" not in text  # more than 14 days back
    assert "Skipped “Shoulder &lt;b&gt;sore&lt;/b&gt;”" in text
    assert "<b>sore</b>" not in html  # what the athlete typed is never markup
    assert f'href="/plan/athletes/{athlete.pk}/"' in html
    assert f'href="/log/athletes/{athlete.pk}/"' in html


def test_athlete_page_shows_recent_workouts_with_every_set_and_the_athletes_notes(client, coach, athlete):
    row = ExerciseFactory(name="Barbell row", is_unilateral=False)
    curl = ExerciseFactory(name="One-arm row", is_unilateral=True)
    today = timezone.localdate()
    for days_ago in range(7, 0, -1):  # seven workouts, the page shows the last five
        day = today - days_ago * DAY
        planned = PlannedSessionFactory(athlete=athlete, planned_by=coach, date=day, name=f"Day {days_ago}")
        TrainingSessionFactory(planned_session=planned, finished=True)
    last = TrainingSession.objects.get(name="Day 1")
    item = SessionExerciseFactory(session=last, exercise=row, sets=2, rep_min=4, rep_max=6, note="Grip <slipped>")
    SetLogFactory(session_exercise=item, weight="45", reps=10, rir=5, is_warmup=True)
    SetLogFactory(session_exercise=item, weight="135", reps=6, rir=2)
    SetLogFactory(session_exercise=item, weight="137.5", reps=5, rir=1)
    one_arm = SessionExerciseFactory(session=last, exercise=curl, sets=1, rep_min=8, rep_max=12)
    SetLogFactory(
        session_exercise=one_arm, weight="40", reps=8, rir=1, reps_left=8, rir_left=1, reps_right=9, rir_right=2
    )
    client.force_login(coach)

    response = client.get(f"/coach/athletes/{athlete.pk}/")

    text = _text(response)
    workouts = text[text.index("Last workouts") :]
    assert [name for name in re.findall(r"Day \d", workouts)] == ["Day 1", "Day 2", "Day 3", "Day 4", "Day 5"]
    assert "Barbell row 4-6 reps · RIR 1-2" in workouts
    assert "W Warm-up: 45 lb × 10 @ RIR 5 1 135 lb × 6 @ RIR 2 2 137.5 lb × 5 @ RIR 1" in workouts
    assert "1 40 lb × L 8 @ 1 / R 9 @ 2" in workouts
    assert "Note: “Grip &lt;slipped&gt;”" in response.content.decode()
    assert f'href="/log/sessions/{last.pk}/summary/"' in response.content.decode()


def test_athlete_page_shows_imported_sets_without_rir_and_leaves_them_out_of_on_target(client, coach, athlete):
    planned = PlannedSessionFactory(athlete=athlete, planned_by=coach, date=timezone.localdate() - DAY, name="Pulls")
    item = SessionExerciseFactory(
        session=TrainingSessionFactory(planned_session=planned, finished=True),
        exercise__name="Barbell row",
        rep_min=4,
        rep_max=6,
    )
    SetLogFactory(session_exercise=item, weight="135", reps=5, rir=2)  # inside 4-6 at RIR 2 in 1-2
    SetLogFactory(session_exercise=item, weight="135", reps=5, rir=None)  # imported without RPE: can't be judged
    SetLogFactory(session_exercise=item, weight="135", reps=5, rir=None)
    client.force_login(coach)

    text = _text(client.get(f"/coach/athletes/{athlete.pk}/"))

    assert "1 135 lb × 5 @ RIR 2 2 135 lb × 5 3 135 lb × 5" in text
    assert "None" not in text
    assert "On target 100 % of 1 working set (28 days; 2 without RIR left out)" in text


def test_on_target_says_when_no_set_had_rir(client, coach, athlete):
    planned = PlannedSessionFactory(athlete=athlete, planned_by=coach, date=timezone.localdate() - DAY, name="Pulls")
    item = SessionExerciseFactory(session=TrainingSessionFactory(planned_session=planned, finished=True))
    SetLogFactory(session_exercise=item, rir=None)
    SetLogFactory(session_exercise=item, rir=None)
    client.force_login(coach)

    text = _text(client.get("/coach/"))

    assert "On target — 2 working sets in 28 days, none with RIR" in text


@pytest.mark.parametrize("who", ["athlete", "other_athlete", "unlinked_coach", "former_coach"])
def test_athlete_page_is_404_for_anyone_but_the_active_coach(
    client, coach, athlete, other_athlete, unlinked_coach, who
):
    viewer = {"athlete": athlete, "other_athlete": other_athlete, "unlinked_coach": unlinked_coach}.get(who, coach)
    if who == "former_coach":
        end_link(link=CoachingLink.objects.get(coach=coach, athlete=athlete), actor=coach)
    client.force_login(viewer)

    assert client.get(f"/coach/athletes/{athlete.pk}/").status_code == 404


def test_a_coach_gets_404_for_their_own_id(client, coach):
    client.force_login(coach)
    assert client.get(f"/coach/athletes/{coach.pk}/").status_code == 404
