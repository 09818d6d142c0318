"""Each app's part of a person's data, for deleting an account.

accounts is the lowest app and imports none of the apps built on it (imports point one way: the house style
guide, kept outside this repository in ../shared/STYLE.md), yet deleting an account must count and delete
their rows too. So each app that keeps a person's data registers its part here, from its own module and
its AppConfig.ready(): what the confirmation page counts, and how its rows of that person go. A registry
rather than a signal: the deletion needs the parts in an order (below) and the page needs their answers, which
a signal's receivers give in connection order and as anonymous tuples.

The order comes from the models: an app's rows go before the rows of the apps its models point at (a set
PROTECTs its exercise, so training_log goes before workouts, and both before exercises), computed from the
foreign keys so that a new app or model needs no number here. accounts' own rows (links, invitations, log-in
records, sessions) and the user go last.

The deletion runs in the task worker (`run`), not in the request: an account's history can be years of sets,
and one transaction deleting all of it would grow with it (506 queries for 50 workouts, past any request
timeout for a long history). The request only makes the account unusable (accounts.services.
request_account_deletion); `run` then deletes DELETION_BATCH rows per transaction and records progress after
each. Every step finds what is left by querying, so a run that dies half-way is simply run again
(`resume_deletions`) and takes up where the rows end.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from graphlib import TopologicalSorter
from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import transaction
from django.db.models import F, Func, IntegerField, Model, Q, QuerySet, Subquery
from django.utils import timezone

from .models import DELETION_STALLED_AFTER, AccountDeletion, CoachingLink, EmailChange, Invitation, User
from .versions import changed

DELETION_BATCH = 100  # rows deleted per transaction, their cascades with them: a few hundred ms on PostgreSQL
SESSION_BATCH = 1000  # login sessions read per query when looking for the account's


@dataclass(frozen=True)
class AccountData:
    """One app's part. `counts(user)` gives name -> `count_rows(...)` for the deletion pages (the names their
    templates show); `rows(user)` gives querysets of the app's rows of the user, in the order they go, each
    deleted DELETION_BATCH at a time with whatever cascades from them; `prepare(user)` runs in each batch's
    transaction before its delete (to lock rows, or to move other people's rows off the user's)."""

    app_label: str
    rows: Callable[[User], Sequence[QuerySet]]
    counts: Callable[[User], Mapping[str, Subquery]] = lambda user: {}
    prepare: Callable[[User], None] = lambda user: None


_parts: dict[str, AccountData] = {}


def register(part: AccountData) -> None:
    """From the app's AppConfig.ready(). Registering an app again replaces its part."""
    _parts[part.app_label] = part


def parts() -> list[AccountData]:
    """The registered parts, each before the parts of the apps its models point at."""
    points_at = {label: _apps_pointed_at(label) & _parts.keys() for label in _parts}
    # static_order() gives each app after the ones it points at; deleting needs the reverse.
    return [_parts[label] for label in reversed(list(TopologicalSorter(points_at).static_order()))]


def _apps_pointed_at(label: str) -> set[str]:
    return {
        field.related_model._meta.app_label
        for model in apps.get_app_config(label).get_models()
        for field in model._meta.get_fields()
        if field.is_relation and field.concrete and field.related_model is not None
    } - {label}


def count_rows(model: type[Model], **filters) -> Subquery:
    """COUNT(*) of the matching rows as a subquery (a Func, not an aggregate, so no GROUP BY): every part's
    counts go into the one query of the deletion page."""
    rows = model._base_manager.filter(**filters).order_by()
    return Subquery(rows.annotate(n=Func(F("pk"), function="COUNT")).values("n"), output_field=IntegerField())


def _accounts_rows(user: User) -> list[QuerySet]:
    """accounts' own rows of the user: coaching links both ways, invitations, a pending e-mail change, and
    django-axes' log-in records for their username (one row per log-in in AccessLog: years of them)."""
    username = user.get_username()
    return [
        CoachingLink.objects.filter(Q(coach=user) | Q(athlete=user)),
        Invitation.objects.filter(coach=user),
        EmailChange.objects.filter(user=user),
        *(model.objects.filter(username=username) for model in (AccessAttempt, AccessFailureLog, AccessLog)),
    ]


ACCOUNTS = AccountData(app_label="accounts", rows=_accounts_rows)


def run(deletion_id: int) -> None:
    """The task: delete what is left of the account, a batch per transaction, then the user. Safe to run again,
    and twice at once: each batch deletes the rows it finds."""
    deletion = AccountDeletion.objects.filter(pk=deletion_id, finished_at__isnull=True).first()
    if deletion is None:
        return
    user = User.objects.filter(pk=deletion.user_id).first()
    if user is not None:
        for part in [*parts(), ACCOUNTS]:
            for rows in part.rows(user):
                while _delete_batch(deletion, part, user, rows):
                    pass
        _delete_sessions(deletion, user.pk)
        with transaction.atomic():
            user.delete()  # what nothing above names (import jobs, mail requests) cascades: a few rows
    AccountDeletion.objects.filter(pk=deletion.pk).update(finished_at=timezone.now())


def _delete_batch(deletion: AccountDeletion, part: AccountData, user: User, rows: QuerySet) -> bool:
    """Delete up to DELETION_BATCH of `rows` in one transaction; False once there are none left."""
    with transaction.atomic():
        part.prepare(user)
        pks = list(rows.order_by().values_list("pk", flat=True)[:DELETION_BATCH])
        if pks:
            # Before the rows go, while the links stand: whoever's pages showed them (a coach's dashboard) renews.
            changed(people=[user])
            rows.model._base_manager.filter(pk__in=pks).delete()
            _progress(deletion)
    return bool(pks)


def _progress(deletion: AccountDeletion) -> None:
    AccountDeletion.objects.filter(pk=deletion.pk).update(progress_at=timezone.now())


def _delete_sessions(deletion: AccountDeletion, user_id: int) -> None:
    """Every login session of the account, on every phone. Django keeps who is logged in inside a session's
    encoded data, so they are found by reading every session, SESSION_BATCH at a time. The request already made
    them useless (an inactive account's session logs nobody in); this removes the rows, and the copies the
    cached session engine keeps in the cache."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    sessions = store.get_model_class().objects.order_by("session_key").values_list("session_key", "session_data")
    after = ""
    while batch := list(sessions.filter(session_key__gt=after)[:SESSION_BATCH]):
        for key, data in batch:
            if str(store().decode(data).get(SESSION_KEY)) == str(user_id):
                store(session_key=key).delete()
        after = batch[-1][0]
        _progress(deletion)


def resume_deletions() -> int:
    """Hand each unfinished deletion with no progress for DELETION_STALLED_AFTER (its worker died, or none was
    running) to a new task. Run at each start of the task worker (`run_worker`) and daily (purge_unconfirmed)."""
    from .tasks import delete_account_data  # the task module imports this one

    now = timezone.now()
    stalled = [
        deletion.pk
        for deletion in AccountDeletion.objects.filter(finished_at__isnull=True)
        if deletion.last_sign_of_life < now - DELETION_STALLED_AFTER
    ]
    for pk in stalled:
        with transaction.atomic():
            # Counts as progress: the next check waits as long again before handing it on once more.
            AccountDeletion.objects.filter(pk=pk).update(progress_at=now)
            delete_account_data.enqueue(pk)
    return len(stalled)
