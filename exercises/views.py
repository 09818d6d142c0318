from django.shortcuts import render

from . import selectors
from .forms import ExerciseFilterForm
from .models import ExerciseMuscle


def exercise_list(request):
    form = ExerciseFilterForm(request.GET, muscles=selectors.muscle_choices())
    filters, notes = form.usable_filters()
    exercises = list(selectors.exercise_list(**filters))
    muscle_name = dict(form.fields["muscle"].choices).get(filters["muscle"], "") if filters["muscle"] else ""
    return render(
        request,
        "exercises/exercise_list.html",
        {
            "form": form,
            "exercises": exercises,
            "notes": notes,
            "filtered": any(filters.values()),
            "muscle_name": muscle_name,
        },
    )


def exercise_detail(request, slug):
    exercise = selectors.exercise_detail(slug)
    primary = [role.muscle for role in exercise.roles if role.role == ExerciseMuscle.Role.PRIMARY]
    secondary = [role.muscle for role in exercise.roles if role.role == ExerciseMuscle.Role.SECONDARY]
    return render(
        request,
        "exercises/exercise_detail.html",
        {
            "exercise": exercise,
            "primary": primary,
            "secondary": secondary,
            "primary_slugs": [muscle.slug for muscle in primary],
            "secondary_slugs": [muscle.slug for muscle in secondary],
        },
    )


def muscle_list(request):
    return render(request, "exercises/muscle_list.html", {"muscles": selectors.muscle_list()})


def muscle_detail(request, slug):
    muscle, roles = selectors.muscle_detail(slug)
    return render(request, "exercises/muscle_detail.html", {"muscle": muscle, "roles": roles})
