"""Each app's part of a person's data, for deleting an account.

accounts is the lowest app and imports none of the apps built on it (imports point one way: the house style
guide, kept outside this repository in ../shared/STYLE.md), yet deleting an account must count and delete
their rows too. So each app that keeps a person's data registers its part here, from its own module and
its AppConfig.ready(): what the confirmation page counts, and how its rows of that person go. A registry
rather than a signal: the deletion needs the parts in an order (below) and the page needs their answers, which
a signal's receivers give in connection order and as anonymous tuples.

The order comes from the models: an app's rows go before the rows of the apps its models point at (a set
PROTECTs its exercise, so training_log goes before workouts, and both before exercises), computed from the
foreign keys so that a new app or model needs no number here.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from graphlib import TopologicalSorter

from django.apps import apps
from django.db.models import F, Func, IntegerField, Model, Subquery

from .models import User


@dataclass(frozen=True)
class AccountData:
    """One app's part. `counts(user)` gives name -> `count_rows(...)` for the deletion page (the names its
    template shows); `prepare(user)` runs for every part before any part deletes (to lock rows, or to move
    other people's rows off the user's); `delete(user)` deletes the app's rows of the user."""

    app_label: str
    delete: Callable[[User], None]
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
