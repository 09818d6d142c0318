"""The demo's eight weeks of training: made once, through the real services, and only in development."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from training_log.models import Comment, SetLog, TrainingSession
from training_log.selectors.comments import unread_counts_by_athlete
from workouts.models import PlannedSession
from workouts.selectors import with_state


def _run(command):
    out, err = StringIO(), StringIO()
    call_command(command, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    for command in ("load_library", "load_templates", "load_demo"):
        _run(command)


@pytest.fixture
def demo_history(demo):
    return _run("load_demo_history")


DEMO_ATHLETES = ["alex", "sam"]


# Each run of the command logs ~400 sets through the real services (a few seconds), so the tests that
# need it check a whole behaviour for both demo athletes at once.


def test_demo_athletes_have_eight_weeks_of_finished_sessions_with_sets_logged(demo_history):
    today = timezone.localdate()
    for username in DEMO_ATHLETES:
        sessions = TrainingSession.objects.filter(athlete__username=username)
        # Two a week (Monday and Thursday) for the eight weeks before this one, and this week's that are past;
        # Sam let the last three slip.
        lapsed = {"alex": 0, "sam": 3}[username]
        assert 16 - lapsed <= sessions.count() <= 18 - lapsed, username
        assert not sessions.filter(finished_at__isnull=True).exists()
        first = sessions.order_by("started_at").first().started_at.date()
        assert datetime.timedelta(weeks=7) < today - first <= datetime.timedelta(weeks=9)
        assert not sessions.filter(started_at__date__gte=today).exists()
        for session in sessions.prefetch_related("exercises__logged_sets"):
            for item in session.exercises.all():
                assert len(item.logged_sets.all()) == item.sets, f"{session}: {item.exercise_id}"
                for logged in item.logged_sets.all():
                    assert session.started_at < logged.logged_at <= session.finished_at
        assert f"workouts for {username.title()}" in demo_history
        # Each set followed the recommendation from the one before, so the weights climb.
        deadlifts = SetLog.objects.filter(athlete__username=username, exercise__slug="deadlift").order_by("logged_at")
        assert deadlifts.last().weight > deadlifts.first().weight > 0, username


def test_sam_lapsed_and_alex_asked_his_coach_something(demo_history):
    """The coach's dashboard has something to show: Sam skipped one session (with a reason) and missed the
    next two; Alex left a comment on his last workout that the coach has not read."""
    today = timezone.localdate()
    sam = with_state(PlannedSession.objects.filter(athlete__username="sam", date__lt=today), today=today)
    assert [s.state for s in sam.order_by("-date")[:4]] == ["missed", "missed", "skipped", "done"]
    assert sam.get(state="skipped").skip_reason == "Work trip, no gym at the hotel"
    alex_last = TrainingSession.objects.filter(athlete__username="alex").order_by("-started_at").first()
    comment = Comment.objects.get()
    assert (comment.session, comment.author.username) == (alex_last, "alex")
    assert unread_counts_by_athlete(User.objects.get(username="coach")) == {alex_last.athlete_id: 1}


def test_demo_athletes_have_sessions_planned_for_the_next_weeks(demo_history):
    today = timezone.localdate()
    for username in DEMO_ATHLETES:
        upcoming = PlannedSession.objects.filter(athlete__username=username, date__gte=today)
        assert upcoming.count() >= 7, username
        assert upcoming.order_by("-date").first().date >= today + datetime.timedelta(weeks=3)
        assert not upcoming.filter(started_at__isnull=False).exists()
        assert set(upcoming.values_list("name", flat=True)) == {"Upper back A", "Upper back B"}


def test_rerunning_adds_nothing(demo_history):
    counts = (TrainingSession.objects.count(), SetLog.objects.count(), PlannedSession.objects.count())

    output = _run("load_demo_history")

    assert "already there" in output
    assert (TrainingSession.objects.count(), SetLog.objects.count(), PlannedSession.objects.count()) == counts


def test_nothing_is_made_without_debug(demo, settings):
    settings.DEBUG = False

    output = _run("load_demo_history")

    assert "development only" in output
    assert not TrainingSession.objects.exists() and not PlannedSession.objects.exists()


def test_asks_for_the_other_commands_first(db, settings):
    settings.DEBUG = True

    output = _run("load_demo_history")

    assert "Run load_library, load_templates and load_demo first." in output
    assert not TrainingSession.objects.exists()
