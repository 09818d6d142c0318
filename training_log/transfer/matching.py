"""Which of our exercises an exercise name from another app means. Pure: the caller passes the names it
may match (the library's and the lifter's own), as (id, name, slug) triples.

A name is *recognised* when it is one of those names, give or take case, hyphens and spacing: it maps
without asking. Any other name is shown on the preview with a *suggestion*: a library exercise under one
of the names other apps give it ("Bent Over Row (Barbell)" is our Barbell row), or the closest name by
spelling, or none (the lifter then makes it their own exercise or leaves it out).
"""

import difflib
import re
from collections.abc import Iterable

# What Strong, Hevy and FitNotes call our library's lifts (compared after normalise()).
ALIASES: dict[str, tuple[str, ...]] = {
    "deadlift": ("deadlift barbell", "conventional deadlift", "barbell deadlift"),
    "romanian-deadlift": ("romanian deadlift barbell", "rdl", "barbell rdl"),
    "rack-pull": ("rack pull barbell", "rack pulls", "block pull", "rack deadlift"),
    "barbell-row": (
        "bent over row barbell",
        "bent over row",
        "barbell bent over row",
        "pendlay row",
        "pendlay row barbell",
        "yates row",
    ),
    "single-arm-dumbbell-row": (
        "dumbbell row",
        "bent over row dumbbell",
        "bent over one arm row dumbbell",
        "one arm dumbbell row",
        "single arm dumbbell row",
        "dumbbell row single arm",
        "one arm row dumbbell",
        "kroc row",
    ),
    "cable-row": (
        "seated row cable",
        "seated cable row",
        "seated cable row v grip cable",
        "seated cable row bar grip",
        "seated row",
        "low row cable",
    ),
    "chest-supported-row": (
        "chest supported incline row dumbbell",
        "chest supported row dumbbell",
        "incline row dumbbell",
        "chest supported dumbbell row",
        "incline dumbbell row",
    ),
    "seal-row": ("seal row barbell", "seal row dumbbell"),
    "meadows-row": ("meadows row barbell", "landmine row", "landmine row barbell"),
    "t-bar-row": ("t bar row machine", "t bar row barbell", "tbar row", "chest supported t bar row"),
    "upright-row": ("upright row barbell", "upright row cable", "upright row dumbbell"),
    "face-pull": ("face pull cable", "face pulls", "rope face pull", "cable face pull"),
    "dumbbell-rear-lateral-raise": (
        "reverse fly dumbbell",
        "rear delt dumbbell raise",
        "rear delt raise",
        "rear delt raise dumbbell",
        "rear lateral raise",
        "rear lateral raise dumbbell",
        "bent over lateral raise",
        "bent over lateral raise dumbbell",
        "rear delt fly dumbbell",
        "rear delt reverse fly dumbbell",
        "bent over reverse fly",
    ),
    "barbell-shrug": ("shrug barbell", "shrug", "barbell shrugs"),
    "lat-pulldown": ("lat pulldown cable", "lat pull down", "lat pulldown machine", "lat pulldown wide grip"),
    "pull-up": ("pull up", "pullup", "pull ups", "pull up weighted", "weighted pull up"),
}
CLOSE_ENOUGH = 0.8  # difflib's ratio: each word of a suggestion must be this close to a word of the name
EQUIPMENT_WORDS = {
    "barbell": "barbell",
    "dumbbell": "dumbbell",
    "cable": "cable",
    "machine": "machine",
    "smith machine": "machine",
    "bodyweight": "bodyweight",
}
NEVER_SUGGEST = {"assisted", "band"}  # the weight is help, not load: no library lift logs it that way


def normalise(name: str) -> str:
    """ "Face Pull (Cable)" -> "face pull cable"; "T-Bar Row" -> "t bar row"."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", name.lower()).split())


def _base(name: str) -> str:
    """The name without its brackets: "Shrug (Dumbbell)" -> "shrug"."""
    return normalise(re.sub(r"\(.*?\)", " ", name))


def equipment_in(name: str) -> str | None:
    """The equipment a name gives in brackets: "Shrug (Dumbbell)" -> "dumbbell"."""
    for inside in re.findall(r"\((.*?)\)", name):
        found = EQUIPMENT_WORDS.get(normalise(inside))
        if found:
            return found
    return None


def _words_close(candidate: str, name: str) -> float:
    """0 unless every word of the candidate is close to some word of the name ("meadow row" ~ "meadows
    row"; "lateral raise" is not "rear lateral raise"); else how alike the whole names are."""
    words = name.split()
    for word in candidate.split():
        if not any(difflib.SequenceMatcher(None, word, other).ratio() >= CLOSE_ENOUGH for other in words):
            return 0.0
    return difflib.SequenceMatcher(None, candidate, name).ratio()


class Matcher:
    """library: (id, name, slug, equipment) of each library exercise; own: (id, name) of the lifter's."""

    def __init__(self, library: Iterable[tuple[int, str, str, str]], own: Iterable[tuple[int, str]] = ()):
        library = list(library)
        self.names = {pk: name for pk, name, _, _ in library}
        self.equipment = {pk: equipment for pk, _, _, equipment in library}
        self.exact: dict[str, int] = {normalise(name): pk for pk, name, _, _ in library}
        for pk, name in own:
            self.names[pk] = name
            self.exact.setdefault(normalise(name), pk)
        by_slug = {slug: pk for pk, _, slug, _ in library}
        self.aliases: dict[str, int] = {}
        for slug, aliases in ALIASES.items():
            if slug in by_slug:
                for alias in aliases:
                    self.aliases.setdefault(normalise(alias), by_slug[slug])
        self.known = dict(self.aliases)
        for pk, name, _, _ in library:
            self.known.setdefault(normalise(name), pk)

    def recognised(self, name: str) -> int | None:
        return self.exact.get(normalise(name))

    def suggestion(self, name: str) -> int | None:
        key = normalise(name)
        if key in self.aliases:
            return self.aliases[key]
        if NEVER_SUGGEST & set(key.split()):
            return None
        wanted = equipment_in(name)
        base = _base(name)
        scored = [
            (score, pk)
            for alias, pk in self.known.items()
            if wanted is None or self.equipment.get(pk) == wanted
            if (score := max(_words_close(alias, key), _words_close(alias, base))) > 0
            and len(alias.split()) >= len(base.split())
        ]
        return max(scored)[1] if scored else None
