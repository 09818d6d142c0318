"""Reads of the public library. Each returns querysets with related rows fetched up front,
so a page runs the same handful of queries however large the library grows."""

import re
from functools import cache

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from . import content
from .models import Exercise, ExerciseMuscle, Muscle

_WORD = re.compile(r"[a-z0-9]+")
# Shorter words are left alone: at three letters nearly everything is one letter from something ("row", "raw").
FUZZY_MIN_LENGTH = 4


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


def get_library_exercise_or_404(raw_id: str) -> Exercise:
    """A library exercise from an untrusted form value: anything but a plausible id is a 404, never a
    database error (a 25-digit number overflows PostgreSQL's bigint)."""
    pk = int(raw_id) if raw_id.isdigit() and len(raw_id) < 12 else 0
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
