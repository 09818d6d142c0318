"""The invalidation rule, enforced (accounts.versions): after every successful POST of the permission matrix,
every member of the cast whose pages now render differently has a new page version.

Each case renders, with the page cache off, every GET URL of the matrix that each of the four people may open,
before and after the POST, and compares: a page that changed for someone whose `pages_version` did not is a
page the cache would have kept showing them. A write service that forgets `changed()` fails here. The clock
stands still and the bits that differ on every render (CSRF tokens, the fresh ids a form carries) are
normalised; the renders before a POST depend only on the world's state, so they are made once per state.
"""

import logging
import re
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from accounts import services as account_services
from accounts.models import CoachingLink, User
from tests import test_permissions as matrix
from tests.clock import Instant
from tests.test_permissions import CAST, ENDED, FORM, PRIVATE

# The matrix's world and cast, built once per module here too (its fixtures).
_module_world = matrix._module_world
world = matrix.world

PEOPLE = ("athlete", "coach", "other_athlete", "unlinked_coach")
# Who each of the four people is in the matrix, by the state of the link (None: active).
ROLE = {
    None: {person: person for person in PEOPLE},
    "athlete": {
        "athlete": "athlete_after_athlete_ended",
        "coach": "coach_after_athlete_ended",
        "other_athlete": "other_athlete",
        "unlinked_coach": "unlinked_coach",
    },
    "coach": {
        "athlete": "athlete_after_coach_ended",
        "coach": "coach_after_coach_ended",
        "other_athlete": "other_athlete",
        "unlinked_coach": "unlinked_coach",
    },
}
GETS = [case for cases in PRIVATE.values() for case in cases if case.method == "GET"]


def _posters(case) -> list[str]:
    """Who to try a successful POST as: each person once, as they are while the link stands, or else after it
    ended (a POST only a former athlete makes); the same service by the same person needs no second run."""
    succeed = [member for member in CAST if case.expect[member] == 302]
    return [member for member in succeed if member in PEOPLE or ENDED[member][0] not in succeed]


POSTS = [
    pytest.param(case, member, id=f"{name}-{member}")
    for name, cases in PRIVATE.items()
    for case in cases
    if case.method == "POST"
    for member in _posters(case)
]
CHANGING_BITS = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'), 'name="csrfmiddlewaretoken" value=""'),
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "<uuid>"),
]
_pinned: dict = {}  # the one instant every case runs at, and the renders made before a POST, by link state
_before: dict = {}


def _content(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode(errors="replace")
    for pattern, replacement in CHANGING_BITS:
        text = pattern.sub(replacement, text)
    return text


def _renders(client_class, users, ids, ended_by, people=PEOPLE) -> dict[str, dict[str, tuple[int, str]]]:
    """What each person gets at each GET URL of the matrix they may open, as the link stands."""
    pages = {}
    for person in people:
        client = client_class()
        client.force_login(users[person])
        role = ROLE[ended_by][person]
        pages[person] = {
            path: (response.status_code, _content(response))
            for case in GETS
            if case.expect[role] == 200
            for path in [case.path.format(**ids)]
            for response in [client.get(path)]
        }
    return pages


def _versions() -> dict[int, str]:
    return dict(User.objects.values_list("pk", "pages_version"))


@pytest.mark.parametrize("case, member", POSTS)
def test_a_post_that_changes_someones_pages_gives_them_a_new_version(
    client, world, clock, settings, monkeypatch, case, member
):
    monkeypatch.setattr(logging.getLogger("scapula.requests"), "disabled", True)  # some thousand request lines
    settings.PRIVATE_PAGE_CACHE = False
    settings.CARD_HISTORY_CACHE = False
    clock.travel(Instant(_pinned.setdefault("now", timezone.now().replace(microsecond=0))))
    users, ids = world["users"], world["ids"]
    who, ended_by = ENDED.get(member, (member, None))
    if ended_by is not None:
        link = CoachingLink.objects.get(pk=ids["link"])
        account_services.end_link(link=link, actor=users[ended_by])
    before = _before.get(ended_by)
    if before is None:
        before = _before[ended_by] = _renders(type(client), users, ids, ended_by)
    versions = _versions()

    client.force_login(users[who])
    path = case.path.format(**ids)
    data = {key.format(**ids): value.format(**ids) for key, value in case.data.items()}
    assert client.generic("POST", path, data=urlencode(data), content_type=FORM).status_code == 302

    now = _versions()
    # Someone with a new version passes whatever changed for them: only the others' pages are made again.
    unchanged = [person for person in PEOPLE if now[users[person].pk] == versions[users[person].pk]]
    after = _renders(type(client), users, ids, ended_by, unchanged)
    for person in unchanged:
        changed = sorted(path for path in before[person] if before[person][path] != after[person][path])
        assert not changed, f"{case.path} by {member} changed {person}'s {changed} but not their pages_version"
