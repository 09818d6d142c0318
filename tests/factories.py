import factory
from django.contrib.auth import get_user_model

from exercises.models import Exercise, ExerciseMuscle, ExerciseStep, Muscle

PASSWORD = "a-long-test-password-1"


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
