"""What ends with a coaching link in the apps built on accounts.

A link ends from either side (accounts.services.end_link), and what the coach could do to the athlete's
pages only because they were linked must end with it, in the same transaction: training_log's coach
overrides, for one. accounts imports none of the apps built on it (imports point one way), so each app
registers what ends from its AppConfig.ready(), as its part of a deleted account does (accounts.deletion).
Each ending is a write service that checks its actor; end_link runs them inside its transaction, so an
ending that fails leaves the link as it was rather than half ended.
"""

from collections.abc import Callable

from .models import CoachingLink, User

Ending = Callable[..., object]  # called as ending(actor=..., link=...); a write service that checks the actor

_endings: dict[str, Ending] = {}


def register(app_label: str, ending: Ending) -> None:
    """From the app's AppConfig.ready(). Registering an app again replaces its ending."""
    _endings[app_label] = ending


def run_endings(*, actor: User, link: CoachingLink) -> None:
    """Every app's ending for a link that has just ended, inside the caller's transaction."""
    for ending in _endings.values():
        ending(actor=actor, link=link)
