"""The log's part of a deleted account (see accounts.deletion): their workouts and sets, the comments they
wrote (in their athletes' threads too: their words go with them, the rest of each thread stays), their read
marks, and the coach overrides they set or got."""

from django.db.models import Q

from accounts.deletion import AccountData, count_rows, register
from accounts.models import User
from exercises.accounts_data import names_exercises

from .models import CoachOverride, Comment, CommentRead, SessionExercise, SetLog, TrainingSession


def _counts(user: User) -> dict:
    return {
        "workouts": count_rows(TrainingSession, athlete=user),
        "logged_sets": count_rows(SetLog, athlete=user),
    }


def _rows(user: User) -> list:
    return [
        Comment.objects.filter(author=user),
        CommentRead.objects.filter(user=user),
        CoachOverride.objects.filter(Q(athlete=user) | Q(set_by=user)),
        SetLog.objects.filter(athlete=user),
        # A workout's exercises before it, so a batch of workouts does not carry four times its rows.
        SessionExercise.objects.filter(session__athlete=user),
        TrainingSession.objects.filter(athlete=user),  # their comment threads go with them
    ]


def register_part() -> None:
    names_exercises(SetLog, "exercise", owner="athlete")
    names_exercises(SessionExercise, "exercise", owner="session__athlete")
    names_exercises(SessionExercise, "swapped_from", owner="session__athlete")
    names_exercises(CoachOverride, "exercise", owner="athlete")
    register(AccountData(app_label="training_log", counts=_counts, rows=_rows))
