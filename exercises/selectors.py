"""Reads of the public library and of the exercises users add. Each returns querysets with related rows
fetched up front, so a page runs the same handful of queries however large the library grows."""

import operator
import re
from functools import cache, reduce

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from accounts.selectors import active_coach_links, athletes_visible_to
from core.parse import parse_id

from . import content
from .models import Exercise, ExerciseMuscle, Muscle

_WORD = re.compile(r"[a-z0-9]+")
# Shorter words are left alone: at three letters nearly everything is one letter from something ("row", "raw").
FUZZY_MIN_LENGTH = 4
ONLY_THE_CREATOR = "Only the person who added this exercise can change it."
NOT_PICKABLE = "That exercise isn't one you can add."


def library_exercises() -> QuerySet[Exercise]:
    """Our own library: exercises nobody created by hand."""
    return Exercise.objects.filter(created_by__isnull=True)


def _with_muscles(queryset: QuerySet[Exercise]) -> QuerySet[Exercise]:
    return queryset.prefetch_related(
        Prefetch("muscle_roles", queryset=ExerciseMuscle.objects.select_related("muscle"), to_attr="roles")
    )


def _compact(text: str) -> str:
    """Lower case with spaces, hyphens and punctuation gone: "Pull-up", "pull up" and "pullup" are one word."""
    return "".join(_WORD.findall(text.lower()))


def _within_one_edit(word: str, other: str) -> bool:
    """One letter added, dropped, changed, or two neighbours swapped (or no change at all)."""
    if word == other:
        return True
    if abs(len(word) - len(other)) > 1:
        return False
    if len(word) == len(other):
        diffs = [i for i, (a, b) in enumerate(zip(word, other, strict=True)) if a != b]
        if len(diffs) == 1:
            return True
        i = diffs[0]
        return len(diffs) == 2 and diffs[1] == i + 1 and word[i] == other[i + 1] and word[i + 1] == other[i]
    shorter, longer = sorted((word, other), key=len)
    i = next((i for i, (a, b) in enumerate(zip(shorter, longer, strict=False)) if a != b), len(shorter))
    return shorter[i:] == longer[i + 1 :]


@cache
def _library_words() -> tuple[tuple[str, ...], tuple[str, ...], dict[str, list[str]]]:
    """The library's names, the single words in them and the lifters' words that stand for them.

    Read from our content, not the database: the library is small and fixed, so search costs no extra query."""
    names = tuple(item["name"] for item in [*content.EXERCISES, *content.MUSCLES])
    synonyms = {_compact(word): meanings for word, meanings in content.SEARCH_WORDS.items()}
    texts = [*names, *content.SEARCH_WORDS, *(m for meanings in content.SEARCH_WORDS.values() for m in meanings)]
    words = sorted({word for text in texts for word in _WORD.findall(text.lower())} | set(synonyms))
    return names, tuple(words), synonyms


def _closest(word: str, vocabulary: tuple[str, ...]) -> str:
    if len(word) < FUZZY_MIN_LENGTH or word in vocabulary:
        return word
    return next((known for known in vocabulary if _within_one_edit(word, known)), word)


def search_terms(q: str) -> list[str]:
    """What a search box entry means in the library: the text itself, the text with each word corrected to
    a library word one letter away, the lifters' words it stands for ("traps" is the trapezius), and any
    library name it spells without hyphens or spaces. Every term only ever adds matches."""
    names, vocabulary, synonyms = _library_words()
    text = " ".join(q.lower().split())
    corrected = " ".join(_closest(word, vocabulary) for word in _WORD.findall(text))
    terms = [text, corrected]
    for phrase in (text, corrected):
        key = _compact(phrase)
        if not key:
            continue
        for word, meanings in synonyms.items():
            if key == word or (len(key) >= FUZZY_MIN_LENGTH and _within_one_edit(key, word)):
                terms += meanings
        terms += [name for name in names if key in _compact(name)]
    return [term for term in dict.fromkeys(terms) if term]


def exercise_list(*, muscle: str = "", equipment: str = "", q: str = "") -> QuerySet[Exercise]:
    """The library, filtered. With a muscle, the exercises where it is primary come first, and each carries
    `muscle_role` ("primary" or "secondary") so its card can say which."""
    exercises = library_exercises()
    if muscle:
        role = ExerciseMuscle.objects.filter(exercise=OuterRef("pk"), muscle__slug=muscle).values("role")[:1]
        exercises = (
            exercises.annotate(muscle_role=Subquery(role))
            .filter(muscle_role__isnull=False)
            .order_by("muscle_role", "position", "name")
        )
    if equipment:
        exercises = exercises.filter(equipment=equipment)
    if q:
        text, muscle_text = Q(), Q()
        for term in search_terms(q):
            text |= Q(name__icontains=term) | Q(summary__icontains=term)
            muscle_text |= Q(muscle__name__icontains=term)
        muscle_match = ExerciseMuscle.objects.filter(muscle_text, exercise=OuterRef("pk"))
        exercises = exercises.filter(text | Exists(muscle_match))
    return _with_muscles(exercises)


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


def muscles() -> list[Muscle]:
    return list(Muscle.objects.all())


def muscle_choices() -> list[tuple[str, str]]:
    return list(Muscle.objects.values_list("slug", "name"))


def swap_choices(exercise_ids, *, custom=()) -> dict[int, list[tuple[int, str]]]:
    """For each exercise: itself first, then its library alternatives, then the `custom` (id, name) choices
    (see `custom_swap_choices`), as (id, name) choices. Two queries."""
    names = dict(Exercise.objects.filter(pk__in=exercise_ids).values_list("pk", "name"))
    choices = {pk: [(pk, name)] for pk, name in names.items()}
    links = Exercise.alternatives.through.objects.filter(from_exercise_id__in=exercise_ids).values_list(
        "from_exercise_id", "to_exercise_id", "to_exercise__name"
    )
    for source, target, name in links.order_by("to_exercise__position"):
        choices[source].append((target, name))
    for pk, offered in choices.items():
        offered.extend(choice for choice in custom if choice[0] != pk)
    return choices


def custom_swap_choices(athlete: User, actor: User | None = None) -> list[tuple[int, str]]:
    """The custom exercises a swap offers after the library's alternatives, as (id, name): those the athlete
    may pick (their own and their active coach's, not archived) that the actor (the athlete, or whoever
    plans for them) may pick too; the athlete's own first. One query."""
    queryset = custom_exercises_visible_to(athlete).filter(is_archived=False)
    if actor is not None and actor.pk != athlete.pk:
        queryset = queryset.filter(pk__in=pickable_exercises(actor).values("pk"))
    mine_first = Case(When(created_by=athlete.pk, then=Value(0)), default=Value(1))
    return list(queryset.order_by(mine_first, "name", "pk").values_list("pk", "name"))


# Custom exercises. The rule of who sees one lives in custom_exercises_visible_to (exercises_visible_to adds
# the library); every page and every posted id goes through one of the two.


def custom_exercises_visible_to(viewer: User) -> QuerySet[Exercise]:
    """Exercises people added themselves that the viewer may see: their own, those of the athletes they
    coach now, and those of their coaches now (a coach's exercises are there to be planned for them).
    Archived ones are included: history still links to them."""
    if not viewer.is_authenticated:
        return Exercise.objects.none()
    athletes = athletes_visible_to(viewer).values("pk")
    coaches = active_coach_links(viewer).values("coach_id")
    return Exercise.objects.filter(Q(created_by__in=athletes) | Q(created_by__in=coaches))


def exercises_visible_to(viewer: User) -> QuerySet[Exercise]:
    """Our library for everyone, plus the custom exercises the viewer may see."""
    return library_exercises() | custom_exercises_visible_to(viewer)


def get_custom_exercise_for_viewer(viewer: User, pk) -> Exercise:
    """A custom exercise the viewer may see, with what its page shows, or 404."""
    queryset = _with_muscles(with_usage(custom_exercises_visible_to(viewer))).select_related("created_by")
    return get_object_or_404(queryset.prefetch_related("steps"), pk=pk)


def get_custom_exercise_for_creator(viewer: User, pk) -> Exercise:
    """Only the creator changes a custom exercise: a coach who can see an athlete's gets 403, anyone else 404."""
    exercise = get_custom_exercise_for_viewer(viewer, pk)
    if exercise.created_by_id != viewer.pk:
        raise PermissionDenied(ONLY_THE_CREATOR)
    return exercise


def own_exercises(viewer: User) -> QuerySet[Exercise]:
    """The custom exercises the viewer made and has not archived."""
    return Exercise.objects.filter(created_by=viewer, is_archived=False)


def my_exercises(viewer: User) -> list[Exercise]:
    """The viewer's own custom exercises that are not archived, for the library page. Two queries."""
    if not viewer.is_authenticated:
        return []
    return list(_with_muscles(own_exercises(viewer)).order_by("name", "pk"))


def _history_relations() -> list:
    """Every relation from another app to Exercise (template items, planned and logged exercises, sets...).

    Found at run time so this app never imports the apps built on it: a new model that points at an
    exercise counts as "using" it without any change here.
    """
    return [
        relation
        for relation in Exercise._meta.get_fields(include_hidden=True)
        if relation.auto_created
        and not relation.concrete
        and relation.related_model._meta.app_label != Exercise._meta.app_label
    ]


def with_usage(queryset: QuerySet[Exercise]) -> QuerySet[Exercise]:
    """Annotate `is_used`: does any template, plan or log refer to the exercise? One subquery per relation."""
    used = [
        Exists(relation.related_model._base_manager.filter(**{relation.field.name: OuterRef("pk")}))
        for relation in _history_relations()
    ]
    return queryset.annotate(is_used=reduce(operator.or_, used) if used else Value(False))


def is_used(exercise: Exercise) -> bool:
    return with_usage(Exercise.objects.filter(pk=exercise.pk)).values_list("is_used", flat=True).get()


def _matching(queryset: QuerySet[Exercise], *, q: str, muscle: str) -> QuerySet[Exercise]:
    if muscle:
        queryset = queryset.filter(muscle_roles__muscle__slug=muscle)
    if q:
        muscle_match = ExerciseMuscle.objects.filter(exercise=OuterRef("pk"), muscle__name__icontains=q)
        queryset = queryset.filter(Q(name__icontains=q) | Exists(muscle_match))
    return queryset


def pickable_custom_exercises(viewer: User, *, q: str = "", muscle: str = "") -> list[Exercise]:
    """The custom exercises the picker offers after the library's: visible, not archived; the viewer's own
    first, then by name. Two queries."""
    queryset = custom_exercises_visible_to(viewer).filter(is_archived=False).select_related("created_by")
    queryset = _matching(queryset, q=q, muscle=muscle)
    mine_first = Case(When(created_by=viewer.pk, then=Value(0)), default=Value(1))
    return list(_with_muscles(queryset).order_by(mine_first, "name", "pk"))


def pickable_exercises(viewer: User) -> QuerySet[Exercise]:
    """What the viewer may add to a template or a workout: the library, and the custom exercises they may
    see that are not archived."""
    return exercises_visible_to(viewer).filter(is_archived=False)


def check_pickable(viewer: User, exercise: Exercise) -> None:
    """For services: refuse an exercise the actor may not add (someone else's, or archived)."""
    if not pickable_exercises(viewer).filter(pk=exercise.pk).exists():
        raise PermissionDenied(NOT_PICKABLE)


def get_pickable_exercise_or_404(viewer: User, raw_id: str) -> Exercise:
    """An exercise the viewer may add to a template or a workout, from an untrusted form value: a library
    exercise, or a custom one they may see that is not archived. Anything else is a 404."""
    pk = parse_id(raw_id)
    if pk is None:
        raise Http404("Not an exercise id")
    return get_object_or_404(pickable_exercises(viewer), pk=pk)
