import datetime
import uuid
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from exercises.models import Exercise, ExerciseMuscle, ExerciseStep, Muscle
from training_log.models import CoachOverride, SessionExercise, SetLog, TrainingSession
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


def at(day: datetime.date, hour=18, minute=0) -> datetime.datetime:
    """`hour`:`minute` on `day` in the current time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


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


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    """A workout as the athlete logs it, started now; `finished=True` closes it an hour after it started.
    Given a `planned_session`, it is that session done: its athlete, its name, at 18:00 on its day."""

    class Meta:
        model = TrainingSession
        skip_postgeneration_save = True

    planned_session = None
    athlete = factory.Maybe(
        "planned_session", factory.SelfAttribute("planned_session.athlete"), factory.SubFactory(UserFactory)
    )
    name = factory.Maybe("planned_session", factory.SelfAttribute("planned_session.name"), "Pulls")
    started_at = factory.Maybe(
        "planned_session",
        factory.LazyAttribute(lambda workout: at(workout.planned_session.date)),
        factory.LazyFunction(timezone.now),
    )

    class Params:
        finished = factory.Trait(
            finished_at=factory.LazyAttribute(lambda workout: workout.started_at + datetime.timedelta(hours=1))
        )

    @factory.post_generation
    def exercises(workout, create, extracted, **prescription):
        """`exercises=[row, curl]`: one SessionExercise each, in that order (`exercises__rep_min=8` for all)."""
        for position, exercise in enumerate(extracted or ()):
            SessionExerciseFactory(session=workout, exercise=exercise, position=position, **prescription)


class SessionExerciseFactory(factory.django.DjangoModelFactory):
    """One exercise of a workout, prescribing the exercise's own rep range as the app does when an athlete adds
    it (3 sets, RIR 1-2 unless told)."""

    class Meta:
        model = SessionExercise

    session = factory.SubFactory(TrainingSessionFactory)
    exercise = factory.SubFactory(ExerciseFactory)
    position = factory.Sequence(lambda n: n)
    sets = 3
    rep_min = factory.SelfAttribute("exercise.rep_min")
    rep_max = factory.SelfAttribute("exercise.rep_max")


# What derive_figures computes from what was typed; a test passes one only when the figure itself is its subject.
DERIVED = ("weight_kg", "e1rm_kg", "on_target")


class SetLogFactory(factory.django.DjangoModelFactory):
    """A set stored straight through the ORM, its derived figures (kg, e1RM, on target) computed as every writer
    of sets computes them. Use log_set in a test about logging; this is for the history a test starts from
    (an import stores sets this way too, with `rir=None` when the app had no RPE)."""

    class Meta:
        model = SetLog

    session_exercise = factory.SubFactory(SessionExerciseFactory)
    athlete = factory.SelfAttribute("session_exercise.session.athlete")
    exercise = factory.SelfAttribute("session_exercise.exercise")
    client_id = factory.LazyFunction(uuid.uuid4)
    weight = Decimal(100)
    unit = "lb"
    reps = 5
    rir = 2
    is_warmup = False
    logged_at = factory.LazyAttribute(
        lambda logged: logged.session_exercise.session.started_at + datetime.timedelta(minutes=logged.minute)
    )

    class Params:
        minute = 0  # into the workout

    @classmethod
    def _derived(cls, model_class, kwargs):
        kwargs["weight"] = Decimal(str(kwargs["weight"]))
        given = {name: kwargs.pop(name) for name in DERIVED if name in kwargs}
        logged = model_class(**kwargs)
        if given.keys() < set(DERIVED):
            derive_figures(logged, logged.session_exercise)
        for name, value in given.items():
            setattr(logged, name, value)
        return logged

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        return cls._derived(model_class, kwargs)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        logged = cls._derived(model_class, kwargs)
        logged.save()
        return logged


class CoachOverrideFactory(factory.django.DjangoModelFactory):
    """A coach's next weight for an athlete's exercise, pending until cleared."""

    class Meta:
        model = CoachOverride

    athlete = factory.SubFactory(UserFactory)
    set_by = factory.SubFactory(UserFactory, is_coach=True)
    exercise = factory.SubFactory(ExerciseFactory)
    weight = Decimal(60)
    unit = "lb"
    reps = 8


def imported_set(item, weight, reps, rir=None, *, unit="lb", is_warmup=False, logged_at=None):
    """A set as an import from another app stores it: straight through the ORM (log_set refuses a set
    without RIR), RIR None when the app had no RPE."""
    return SetLogFactory(
        session_exercise=item,
        weight=weight,
        unit=unit,
        reps=reps,
        rir=rir,
        is_warmup=is_warmup,
        logged_at=logged_at or item.session.started_at,
    )
