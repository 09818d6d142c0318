"""The plans' part of a deleted account (see accounts.deletion): their planned workouts, the assignments they
made (the sessions those planned for others stay, unassigned and with no planner) and their templates."""

from accounts.deletion import AccountData, count_rows, register
from accounts.models import User
from exercises.accounts_data import names_exercises

from .models import Assignment, PlannedExercise, PlannedSession, TemplateItem, WorkoutTemplate


def _counts(user: User) -> dict:
    return {
        "planned_workouts": count_rows(PlannedSession, athlete=user, cancelled_at__isnull=True),
        "templates": count_rows(WorkoutTemplate, owner=user),
    }


def _rows(user: User) -> list:
    return [
        PlannedSession.objects.filter(athlete=user),
        Assignment.objects.filter(planned_by=user),
        WorkoutTemplate.objects.filter(owner=user),
    ]


def register_part() -> None:
    names_exercises(PlannedExercise, "exercise", owner="session__athlete")
    names_exercises(TemplateItem, "exercise", owner="template__owner")
    register(AccountData(app_label="workouts", counts=_counts, rows=_rows))
