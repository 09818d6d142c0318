"""The one invalidation rule: a write service that changes what someone sees calls `changed()` inside its own
transaction.

Every cached thing is stored with the versions it was made under and served only while they are current:
- a person's logged-in pages (accounts.pagecache) under their `User.pages_version` and the library's version;
- a workout card's history (training_log.cardcache) under its athlete's `User.history_version`;
- the anonymous library pages (exercises.cache) under the library's version (exercises.LibraryVersion).

The versions live in the database, beside the rows they describe, as random tokens. `changed()` writes new ones
in the caller's transaction, so they commit (or roll back) with the write itself: a page rendered during the
write read the old token with the old rows, and the commit retires it. A token is random rather than a counter,
so a database restored behind the same cache never meets a page of the newer database.

`changed(people=...)` also renews everyone a coaching link ties those people to, ended links too (a coach's
dashboard shows their athletes; an athlete's pages show their coach; a link that just ended changes both).
`tests/test_permissions.py` checks the rule: after every successful POST of the matrix, everyone whose pages
rendered differently has a new version.

A logged-in viewer's row comes with the library version in the same query (the auth backend uses
`user_with_library_version`). The anonymous pages have no such row, and a query each would cost them their speed,
so for them the version is mirrored in the cache for LIBRARY_MIRROR_SECONDS, the database being the truth:
readers only `add` the mirror (never overwrite it), and a bump sets it to the new token when its transaction
commits. A reader that read the old token just before the commit and adds it just after finds the key taken.
What is left is two library bumps committing at the same moment, or a cache that refused the write on commit:
the anonymous library pages may then be stale for up to LIBRARY_MIRROR_SECONDS. A library change happens on a
deploy or in the admin, where a minute is fine.

This module names the library's row by its label, as Django names the user model, instead of importing the
exercises app (accounts is the app every other app imports, and imports none of theirs).
"""

import functools

from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, Q, Value, When

from .models import CoachingLink, User, new_version

LIBRARY_MODEL = "exercises.LibraryVersion"
LIBRARY_MIRROR_KEY = "library:version"
LIBRARY_MIRROR_SECONDS = 60


def _ids(people) -> set[int]:
    return {getattr(person, "pk", person) for person in people} - {None}


def changed(*, people=(), history=(), library: bool = False) -> None:
    """New versions for what this write changed, in the caller's transaction.

    people: users (or ids) whose pages changed; everyone linked to them by a coaching link gets a new version too.
    history: athletes whose earlier workouts changed (a set edited or deleted, a workout deleted, an import): their
    workout cards' histories are read again. They count as people too.
    library: the library or a public template changed (every page that shows them).

    User instances passed in are given their new tokens, so the rest of the request reads what the commit will hold.
    """
    people, history = list(people), list(history)
    history_ids = _ids(history)
    people_ids = _ids(people) | history_ids
    token = new_version()
    # The caller's transaction, not a savepoint in it (two statements more on every write); one of its own when
    # called outside any (a shell, a test).
    with transaction.atomic(savepoint=False):
        if people_ids:
            linked = (
                Q(pk__in=people_ids)
                | Q(pk__in=CoachingLink.objects.filter(athlete_id__in=people_ids).values("coach_id"))
                | Q(pk__in=CoachingLink.objects.filter(coach_id__in=people_ids).values("athlete_id"))
            )
            fields = {"pages_version": Value(token)}
            if history_ids:
                fields["history_version"] = Case(
                    When(pk__in=history_ids, then=Value(token)), default=F("history_version")
                )
            User.objects.filter(linked).update(**fields)
        if library:
            row = apps.get_model(LIBRARY_MODEL)
            if not row.objects.filter(pk=1).update(token=token):
                row.objects.create(pk=1, token=token)
            transaction.on_commit(lambda: cache.set(LIBRARY_MIRROR_KEY, token, LIBRARY_MIRROR_SECONDS))
    for person in (*people, *history):
        if isinstance(person, User):
            person.pages_version = token
            if person.pk in history_ids:
                person.history_version = token


@functools.cache
def _user_sql() -> str:
    """Names from the models only; the one value is a parameter."""
    row = apps.get_model(LIBRARY_MODEL)._meta
    columns = ", ".join(f'u."{field.column}"' for field in User._meta.concrete_fields)
    token = f'(SELECT v."{row.get_field("token").column}" FROM "{row.db_table}" v WHERE v."id" = 1)'  # noqa: S608
    return f'SELECT {columns}, {token} AS library_version FROM "{User._meta.db_table}" u WHERE u."id" = %s'  # noqa: S608


def user_with_library_version(user_id):
    """The user with the library's version read in the same query (`.library_version`), or None: the auth
    backend loads the viewer so, and their cached pages need no query and no mirror for it. One raw statement
    rather than a queryset with a Subquery: building and compiling that cost every cached page a sixth of its
    time (the user's columns come from the model, so a new field follows)."""
    try:
        pk = User._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    return next(iter(User._default_manager.raw(_user_sql(), [pk])), None)  # noqa: S611 - one parameter


def library_version(found: dict | None = None) -> str:
    """The library's version: from the cache's mirror (`found`, a get_many the caller made with
    LIBRARY_MIRROR_KEY in it, when it made one), else from the database, mirrored for the next minute."""
    token = found.get(LIBRARY_MIRROR_KEY) if found is not None else cache.get(LIBRARY_MIRROR_KEY)
    if token is None:
        token = apps.get_model(LIBRARY_MODEL).objects.filter(pk=1).values_list("token", flat=True).first() or ""
        cache.add(LIBRARY_MIRROR_KEY, token, LIBRARY_MIRROR_SECONDS)
    return token
