import uuid
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from exercises.models import Exercise, ExerciseMuscle, ExerciseStep, Muscle
from training_log.models import SetLog
from training_log.services.sessions import derive_figures
from workouts.models import PlannedExercise, PlannedSession, TemplateItem, WorkoutTemplate

PASSWORD = "a-long-test-password-1"

# A complete, valid settings form (accounts:settings) in pounds; tests change the fields they are about.
SETTINGS_FORM = {
    "display_name": "Alice",
    "time_zone": "UTC",
    "unit": "lb",
    "bar_weight": "45",
    "plates": "45, 25, 10, 5, 2.5",
    "cable_lightest": "5",
    "cable_step": "5",
    "dumbbell_lightest": "5",
    "dumbbell_heaviest": "150",
    "dumbbell_step": "5",
    "dumbbells": "",
}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"lifter{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password(PASSWORD)


class MuscleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Muscle

    slug = factory.Sequence(lambda n: f"muscle-{n}")
    name = factory.Sequence(lambda n: f"Muscle {n}")
    location = "Somewhere on the back."
    function = "Helps you pull."


class ExerciseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exercise

    slug = factory.Sequence(lambda n: f"exercise-{n}")
    name = factory.Sequence(lambda n: f"Generated row {n}")
    summary = "A generated exercise."
    why = "It exists for tests."
    equipment = Exercise.Equipment.DUMBBELL
    pattern = Exercise.Pattern.ROW
    rep_min = 8
    rep_max = 12


class CustomExerciseFactory(ExerciseFactory):
    """An exercise a user added: the slug shape the model's constraint asks for."""

    slug = factory.Sequence(lambda n: f"custom-test-{n}")
    created_by = factory.SubFactory(UserFactory)


class ExerciseStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExerciseStep

    exercise = factory.SubFactory(ExerciseFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = "Do the thing."


class ExerciseMuscleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExerciseMuscle

    exercise = factory.SubFactory(ExerciseFactory)
    muscle = factory.SubFactory(MuscleFactory)
    role = ExerciseMuscle.Role.PRIMARY


class WorkoutTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkoutTemplate

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Template {n}")


class TemplateItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TemplateItem

    template = factory.SubFactory(WorkoutTemplateFactory)
    exercise = factory.SubFactory(ExerciseFactory)
    position = factory.Sequence(lambda n: n)
    sets = 3
    rep_min = 6
    rep_max = 10


class PlannedSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlannedSession

    athlete = factory.SubFactory(UserFactory)
    planned_by = factory.SelfAttribute("athlete")
    date = factory.LazyFunction(timezone.localdate)
    name = "Upper back A"


class PlannedExerciseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlannedExercise

    session = factory.SubFactory(PlannedSessionFactory)
    exercise = factory.SubFactory(ExerciseFactory)
    position = factory.Sequence(lambda n: n)
    sets = 3
    rep_min = 4
    rep_max = 6


def imported_set(item, weight, reps, rir=None, *, unit="lb", is_warmup=False, logged_at=None):
    """A set as an import from another app stores it: straight through the ORM (log_set refuses a set
    without RIR), kg weight and e1RM derived the way log_set derives them, RIR None when the app had no RPE."""
    logged = SetLog(
        athlete=item.session.athlete,
        session_exercise=item,
        exercise=item.exercise,
        client_id=uuid.uuid4(),
        weight=Decimal(weight),
        unit=unit,
        reps=reps,
        rir=rir,
        is_warmup=is_warmup,
        logged_at=logged_at or item.session.started_at,
    )
    derive_figures(logged, item)
    logged.save()
    return logged
