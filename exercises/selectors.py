"""Reads of the public library. Each returns querysets with related rows fetched up front,
so a page runs the same handful of queries however large the library grows."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.parse import parse_id

from .models import Exercise, ExerciseMuscle, Muscle


def library_exercises() -> QuerySet[Exercise]:
    """Our own library: exercises nobody created by hand."""
    return Exercise.objects.filter(created_by__isnull=True)


def _with_muscles(queryset: QuerySet[Exercise]) -> QuerySet[Exercise]:
    return queryset.prefetch_related(
        Prefetch("muscle_roles", queryset=ExerciseMuscle.objects.select_related("muscle"), to_attr="roles")
    )


def exercise_list(*, muscle: str = "", equipment: str = "", q: str = "") -> QuerySet[Exercise]:
    exercises = library_exercises()
    if muscle:
        exercises = exercises.filter(muscle_roles__muscle__slug=muscle)
    if equipment:
        exercises = exercises.filter(equipment=equipment)
    if q:
        muscle_match = ExerciseMuscle.objects.filter(exercise=OuterRef("pk"), muscle__name__icontains=q)
        exercises = exercises.filter(Q(name__icontains=q) | Q(summary__icontains=q) | Exists(muscle_match))
    return _with_muscles(exercises)


def get_library_exercise_or_404(raw_id: str) -> Exercise:
    """A library exercise from an untrusted form value: anything but an id (see accounts.parse) is a
    404, never a crash ("²".isdigit() is True, and int("²") raises)."""
    pk = parse_id(raw_id)
    if pk is None:
        raise Http404("Not an exercise id")
    return get_object_or_404(library_exercises(), pk=pk)


def exercise_detail(slug: str) -> Exercise:
    queryset = _with_muscles(library_exercises()).prefetch_related(
        "steps",
        Prefetch("alternatives", queryset=Exercise.objects.only("slug", "name", "equipment", "summary")),
    )
    return get_object_or_404(queryset, slug=slug)


def muscle_list() -> QuerySet[Muscle]:
    library = Q(exercise_roles__exercise__created_by__isnull=True)
    return Muscle.objects.annotate(
        primary_count=Count("exercise_roles", filter=library & Q(exercise_roles__role=ExerciseMuscle.Role.PRIMARY)),
        exercise_count=Count("exercise_roles", filter=library),
    )


def muscle_detail(slug: str) -> tuple[Muscle, QuerySet[ExerciseMuscle]]:
    muscle = get_object_or_404(Muscle, slug=slug)
    roles = (
        ExerciseMuscle.objects.filter(muscle=muscle, exercise__created_by__isnull=True)
        .select_related("exercise")
        .order_by("role", "exercise__position", "exercise__name")
    )
    return muscle, roles


def muscle_choices() -> list[tuple[str, str]]:
    return list(Muscle.objects.values_list("slug", "name"))


def swap_choices(exercise_ids) -> dict[int, list[tuple[int, str]]]:
    """For each exercise: itself first, then its alternatives, as (id, name) choices. Two queries."""
    names = dict(Exercise.objects.filter(pk__in=exercise_ids).values_list("pk", "name"))
    choices = {pk: [(pk, name)] for pk, name in names.items()}
    links = Exercise.alternatives.through.objects.filter(from_exercise_id__in=exercise_ids).values_list(
        "from_exercise_id", "to_exercise_id", "to_exercise__name"
    )
    for source, target, name in links.order_by("to_exercise__position"):
        choices[source].append((target, name))
    return choices
