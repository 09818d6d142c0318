from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.views import safe_next
from core.pagekeys import FREE_TEXT

from . import selectors, services
from .cache import public_library_page
from .content import MUSCLES
from .forms import CustomExerciseForm, ExerciseFilterForm
from .models import Exercise, ExerciseMuscle

# What the list reads (exercises.cache stores only these pages): our muscles and equipment; a search is never stored.
LIST_QUERY = {
    "q": FREE_TEXT,
    "muscle": frozenset(muscle["slug"] for muscle in MUSCLES),
    "equipment": frozenset(Exercise.Equipment.values),
}
NOTHING_SAVED = "Nothing was saved: fix the fields marked below."


def _muscles(exercise) -> dict:
    """The muscles an exercise page names and the anatomy figure lights up, by role."""
    primary = [role.muscle for role in exercise.roles if role.role == ExerciseMuscle.Role.PRIMARY]
    secondary = [role.muscle for role in exercise.roles if role.role == ExerciseMuscle.Role.SECONDARY]
    return {
        "primary": primary,
        "secondary": secondary,
        "primary_slugs": [muscle.slug for muscle in primary],
        "secondary_slugs": [muscle.slug for muscle in secondary],
    }


@public_library_page(query=LIST_QUERY)
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
            "my_exercises": selectors.my_exercises(request.user),
        },
    )


@public_library_page()
def exercise_detail(request, slug):
    exercise = selectors.exercise_detail(slug)
    return render(request, "exercises/exercise_detail.html", {"exercise": exercise, **_muscles(exercise)})


@public_library_page()
def muscle_list(request):
    return render(request, "exercises/muscle_list.html", {"muscles": selectors.muscle_list()})


@public_library_page()
def muscle_detail(request, slug):
    muscle, roles = selectors.muscle_detail(slug)
    return render(request, "exercises/muscle_detail.html", {"muscle": muscle, "roles": roles})


# Custom exercises: anyone logged in adds their own; selectors.custom_exercises_visible_to says who sees them.


def _custom_form(request, **kwargs):
    return CustomExerciseForm(request.POST or None, muscles=selectors.muscles(), unit=request.user.unit, **kwargs)


@login_required
@require_http_methods(["GET", "POST"])
def exercise_create(request):
    form = _custom_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            exercise, _ = services.create_custom_exercise(
                actor=request.user, data=form.custom_exercise(), submission_id=form.cleaned_data["submission_id"]
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"“{exercise.name}” added to your exercises.")
            return redirect(safe_next(request, exercise.get_absolute_url()))
    if form.errors:
        messages.error(request, NOTHING_SAVED)
    return render(request, "exercises/exercise_form.html", {"form": form, "next": safe_next(request, "")})


@login_required
def custom_exercise_detail(request, pk):
    exercise = selectors.get_custom_exercise_for_viewer(request.user, pk)
    return render(
        request,
        "exercises/custom_exercise_detail.html",
        {
            "exercise": exercise,
            **_muscles(exercise),
            "can_change": exercise.created_by_id == request.user.pk and not exercise.is_archived,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def exercise_edit(request, pk):
    exercise = selectors.get_custom_exercise_for_creator(request.user, pk)
    if exercise.is_archived or exercise.is_used:
        messages.error(request, services.ARCHIVED if exercise.is_archived else services.IN_USE)
        return redirect(exercise)
    form = _custom_form(request, initial=CustomExerciseForm.initial_for(exercise, request.user.unit))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_custom_exercise(actor=request.user, exercise=exercise, data=form.custom_exercise())
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "Exercise saved.")
            return redirect(exercise)
    if form.errors:
        messages.error(request, NOTHING_SAVED)
    return render(request, "exercises/exercise_form.html", {"form": form, "exercise": exercise})


@login_required
@require_http_methods(["GET", "POST"])
def exercise_delete(request, pk):
    exercise = selectors.get_custom_exercise_for_creator(request.user, pk)
    if request.method == "POST":
        if services.delete_custom_exercise(actor=request.user, exercise=exercise):
            messages.success(request, f"“{exercise.name}” deleted.")
            return redirect("exercises:exercise-list")
        messages.success(request, f"“{exercise.name}” archived: it is off the picker, and your history keeps it.")
        return redirect(exercise)
    return render(request, "exercises/exercise_delete.html", {"exercise": exercise})
