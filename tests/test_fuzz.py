"""No input gives a 500: generated values posted to every form and put in every URL that takes an id.

The forms are found, not listed: the test opens every page of the permission matrix
(tests/test_permissions.py) and the public pages as the user who may see them, reads each <form>
from the HTML (its fields, their values and the choices offered), then posts each form again and
again as that user, with some fields as the page offered them and others replaced by hostile values:
digits of other scripts, superscripts, huge and negative numbers, NaN/sNaN/Infinity spellings,
control characters, NUL, 10,000-character strings. A new form on any page is fuzzed without a
change here; a POST URL of the matrix that no page shows a form for fails the test.

Each example runs in a savepoint that is rolled back, so one example's delete or log-out does not
change what the next one finds. Bounded: 15 examples per form or URL, no deadline. One test per POST URL of
the matrix (and one for the other forms), so xdist spreads them.
"""

import contextlib
import re
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from accounts import services as account_services
from tests.conftest import ScapulaClient
from tests.factories import (
    ExerciseFactory,
    PlannedSessionFactory,
    SessionExerciseFactory,
    TrainingSessionFactory,
    UserFactory,
)
from tests.test_permissions import FAST_HASHERS, PRIVATE, PUBLIC, TASKS_AT_ONCE, _module_world, world
from training_log.models import IMPORT_STOPPED_AFTER, ImportJob

# The permission matrix's cast and objects, built once per module here too (fixtures found by name).
__all__ = ["_module_world", "world"]

FORM = "application/x-www-form-urlencoded"
EXAMPLES = settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)

# Hostile values. Every one is a str the client can send (no lone surrogates).
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹½¼¾"
_SPELLINGS = [
    "NaN", "nan", "-NaN", "+nan", "sNaN", "snan", "-sNaN", "SNAN", "NaN1", "sNaN99",
    "Infinity", "infinity", "-Infinity", "+INFINITY", "inf", "-inf", "Inf", "-INF",
    "1e999999", "-1e999999", "1e-999999", "0", "-0", "-1", "00", "0.0", "1,5", "1.5.5",
    str(2**63), str(2**63 - 1), str(-(2**63) - 1), str(2**64), "9" * 25, "9" * 4301,
    "", " ", "\x00", "1\x00", "\x00" * 3, "\r\n", "\u202e1", "１２", "²", "¹²", "٣", "߁", "௫",
]  # fmt: skip
JUNK = st.one_of(
    st.sampled_from(_SPELLINGS),
    st.text(st.characters(categories=["Nd"], exclude_characters="0123456789"), min_size=1, max_size=4),
    st.text(st.sampled_from(_SUPERSCRIPTS), min_size=1, max_size=3),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.text(st.characters(categories=["Cc"]), min_size=1, max_size=4),  # control characters, NUL among them
    st.sampled_from(["x" * 10_000, "9" * 10_000, "١" * 10_000]),
    st.text(st.characters(codec="utf-8"), max_size=12),
)


@dataclass
class Form:
    member: str  # who saw it, and who posts it
    method: str
    path: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> values the page offered

    @property
    def url_name(self) -> str:
        return resolve(self.path).view_name


class _FormReader(HTMLParser):
    """Every <form> of a page: method, action, and for each field the values the page offers."""

    def __init__(self, member: str, page: str):
        super().__init__(convert_charrefs=True)
        self.member, self.page = member, page
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None

    def _offer(self, name: str, value: str):
        values = self._form.fields.setdefault(name, [])
        if value not in values:
            values.append(value)

    def handle_starttag(self, tag, attrs):
        attrs = {key: value or "" for key, value in attrs}
        if tag == "option" and self._form is not None and self._select:
            self._offer(self._select, attrs.get("value", ""))
        elif tag == "form":
            action = urlsplit(attrs.get("action") or self.page).path
            self._form = Form(self.member, (attrs.get("method") or "get").upper(), action)
            self.forms.append(self._form)
        elif self._form is None or attrs.get("name") in (None, "", "csrfmiddlewaretoken"):
            return
        elif tag in ("input", "button"):
            self._offer(attrs["name"], attrs.get("value", ""))
        elif tag == "textarea":
            self._offer(attrs["name"], "")
        elif tag == "select":
            self._select = attrs["name"]
            self._form.fields.setdefault(self._select, [])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _build_site(world):
    """What some forms need to appear at all, added to the permission matrix's world."""
    ids, users = world["ids"], world["users"]
    athlete, coach = users["athlete"], users["coach"]
    # A card with no sets yet and an exercise with alternatives: the swap form shows only then.
    exercise = ExerciseFactory()
    exercise.alternatives.add(ExerciseFactory())
    SessionExerciseFactory(session_id=ids["log"], exercise=exercise, rep_min=6, rep_max=10)
    finished = TrainingSessionFactory(athlete=athlete, name="Done", finished_at=timezone.now())
    # A session skipped today: /today/ offers "Undo skip" only then.
    PlannedSessionFactory(athlete=athlete, planned_by=coach, skipped_at=timezone.now(), skip_reason="Knee")
    _, token = account_services.create_invitation(actor=coach)
    unconfirmed = UserFactory(username="unconfirmed", is_active=False, confirmed_at=None)
    uid, signup_token = (
        urlsafe_base64_encode(force_bytes(unconfirmed.pk)),
        account_services.signup_tokens.make_token(unconfirmed),
    )
    activate = reverse("accounts:activate", args=[uid, signup_token])
    # An import whose worker died long ago: its page offers "End this import" only then.
    stopped = ImportJob.objects.create(
        athlete=athlete, filename="stopped.csv", size=1, format="hevy", status=ImportJob.Status.QUEUED,
        progress_at=timezone.now() - IMPORT_STOPPED_AFTER * 2,
    )  # fmt: skip
    pages = [
        (member, case.path.format(**ids))
        for cases in PRIVATE.values()
        for case in cases
        if case.method == "GET"
        for member in ("athlete", "coach")
        if case.expect[member] == 200
    ]
    pages += [("anonymous", reverse(name)) for name in sorted(PUBLIC) if _takes_no_arguments(name)]
    pages += [
        ("anonymous", reverse("exercises:exercise-detail", args=[exercise.slug])),
        ("anonymous", activate),
        ("other_athlete", reverse("accounts:invitation", args=[token])),
        ("athlete", reverse("exercises:exercise-list") + "?q=row"),
        ("athlete", reverse("training_log:session-summary", args=[finished.pk])),  # "Reopen workout"
        ("athlete", stopped.get_absolute_url()),
    ]
    return {"users": users | {"anonymous": None}, "pages": pages, "ids": ids, "paths": {"activate": activate}}


@pytest.fixture(scope="module")
def _module_site(_module_world, django_db_blocker):
    """The site and the forms on its pages, found once for the module (some 80 pages): the objects join the
    module's world, inside its transaction, and are rolled back with it."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS, TASKS=TASKS_AT_ONCE):
        site = _build_site(_module_world)
        site["forms"] = _forms(ScapulaClient(), site)
        cache.clear()  # what reading the pages stored
    return site


@pytest.fixture
def site(world, _module_site):
    """Per test, the users as `world` copied them (a log-in changes them in memory)."""
    return _module_site | {"users": world["users"] | {"anonymous": None}}


def _takes_no_arguments(name: str) -> bool:
    try:
        reverse(name)
    except Exception:  # noqa: BLE001 - NoReverseMatch: the URL needs arguments
        return False
    return True


def _send(client, users, member, method, path, data):
    """One request as `member`, in a savepoint rolled back afterwards. A crash raises (the client's default)."""
    with transaction.atomic():
        if users[member] is None:
            client.logout()
        else:
            client.force_login(users[member])
        if method == "GET":
            response = client.get(path, data)
        else:
            response = client.generic(method, path, urlencode(data, doseq=True), content_type=FORM)
        transaction.set_rollback(True)
    return response


def _forms(client, site) -> list[Form]:
    """Every form of every page, once per (method, URL, field names): the first member who saw it posts it.
    Numbers in field names do not count, so each exercise card's set form is one form ("ex#-weight")."""
    found: dict[tuple, Form] = {}
    for member, page in site["pages"]:
        response = _send(client, site["users"], member, "GET", page, {})
        if response.status_code != 200:  # log-out is POST only, health is not a page: the matrix checks them
            continue
        if response.streaming:  # a download (the exports), not a page: no forms in it
            continue
        reader = _FormReader(member, urlsplit(page).path)
        reader.feed(response.content.decode())
        for form in reader.forms:
            key = (form.method, form.url_name, tuple(sorted({re.sub(r"\d+", "#", name) for name in form.fields})))
            if key in found and found[key].fields.keys() == form.fields.keys():
                # The same form again (an "Add" button per exercise): pool the values it offers.
                for name, values in form.fields.items():
                    found[key].fields[name] += [v for v in values if v not in found[key].fields[name]]
            else:
                found.setdefault(key, form)
    return list(found.values())


def _value(offered: list[str]):
    """What the page offered (one value, or several for a group of check boxes), or something hostile."""
    choices = [value for value in offered] or [""]
    as_offered = st.sampled_from(choices) | st.lists(st.sampled_from(choices), min_size=2, max_size=3)
    return as_offered | JUNK | st.lists(JUNK, min_size=1, max_size=3)


# Every POST URL of the matrix has a form on some page; each is its own test, so xdist spreads them.
MUST_POST = sorted(name for name, cases in PRIVATE.items() if any(case.method == "POST" for case in cases))


@pytest.mark.parametrize("name", MUST_POST)
def test_no_form_gives_a_500(client, site, name):
    forms = [form for form in site["forms"] if form.method == "POST" and form.url_name == name]
    assert forms, f"No page shows a form for {name}: add one to `_build_site`"
    for form in forms:
        _fuzz(client, site["users"], form)


def test_no_other_form_gives_a_500(client, site):
    """The forms of the public pages (log-in, sign-up, password reset), the GET forms (search) and any new form
    on any page: fuzzed without a change here."""
    forms = [form for form in site["forms"] if not (form.method == "POST" and form.url_name in MUST_POST)]
    assert {"login", "accounts:signup", "password_reset"} <= {form.url_name for form in forms}
    for form in forms:
        _fuzz(client, site["users"], form)


def _fuzz(client, users, form: Form):
    # Each field as offered or hostile; and sometimes a field the form does not have.
    fields = {name: _value(offered) for name, offered in form.fields.items()}

    # A form without fields (a "Finish" button) has only its URL to fuzz, which the test below does.
    @settings(EXAMPLES, max_examples=EXAMPLES.max_examples if fields else 3)
    @given(data=st.fixed_dictionaries(fields, optional={"unexpected": JUNK}))
    def post(data):
        note(f"{form.member} {form.method} {form.path}")
        response = _send(client, users, form.member, form.method, form.path, data)
        assert response.status_code != 500

    post()


def _id_patterns(patterns, prefix=""):
    """(name, route) of every URL pattern that takes arguments, outside Django's admin."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                yield from _id_patterns(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern) and pattern.pattern.converters:
            yield prefix + pattern.name, str(pattern.pattern)


URL_ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>")
ID_PATTERNS = sorted(set(_id_patterns(get_resolver().url_patterns)))
PATH_JUNK = JUNK | st.sampled_from([str(2**63), "0", "00", "1" * 19, "9" * 19, "9" * 20]) | st.uuids().map(str)


@pytest.mark.parametrize(("name", "route"), ID_PATTERNS, ids=[name for name, _ in ID_PATTERNS])
def test_no_url_argument_gives_a_500(client, site, name, route):
    """Every argument of the URL hostile (or a real id of this world), for each member of the cast."""
    real = [str(value) for value in site["ids"].values()]
    arguments = URL_ARGUMENT.findall(route)

    @EXAMPLES
    @given(
        values=st.fixed_dictionaries({arg: PATH_JUNK | st.sampled_from(real) for arg in arguments}),
        member=st.sampled_from(sorted(site["users"])),
        method=st.sampled_from(["GET", "POST"]),
    )
    def fuzz(values, member, method):
        path = "/" + URL_ARGUMENT.sub(lambda match: quote(values[match.group(1)], safe=""), route)
        note(f"{member} {method} {path}")
        with contextlib.suppress(Resolver404):  # no match: Django answers 404 before any of our code runs
            resolve(path)
        response = _send(client, site["users"], member, method, path, {})
        assert response.status_code != 500

    fuzz()


def test_the_fuzzer_finds_the_forms_it_should(client, site):
    """A guard for the reader above: the forms that carry ids and decimals are among those found."""
    fields: dict[str, dict[str, list[str]]] = {}
    for form in site["forms"]:
        fields.setdefault(form.url_name, {}).update(form.fields)
    assert {"athletes", "alternate_with", "weeks"} <= set(fields["workouts:template-assign"])
    assert uuid.UUID(fields["workouts:template-assign"]["submission_id"][0])
    assert "items-0-increment" in fields["workouts:template-edit"]
    assert {"plates", "bar_weight", "dumbbell_step"} <= set(fields["accounts:settings"])
    set_fields = {name.split("-", 1)[1] for name in fields["training_log:set-create"]}
    assert set_fields >= {"weight", "reps", "rir", "client_id"}
    assert {"template", "planned_session"} <= set(fields["training_log:session-start"])
    assert fields["training_log:exercise-swap"]["exercise"]
    assert fields["workouts:template-item-add"]["exercise"]
    assert {"reason", "from"} <= set(fields["workouts:session-skip"]) and "date" in fields["workouts:session-move"]


@pytest.mark.parametrize("member", ["athlete", "coach"])
def test_no_progress_range_gives_a_500(client, site, member):
    """/progress/ reads ?range= (3m, 1y, all): anything else is the default, never an error."""
    path = reverse("training_log:athlete-progress", args=[site["ids"]["athlete"]])

    @EXAMPLES
    @given(value=JUNK | st.lists(JUNK, min_size=2, max_size=3))
    def fuzz(value):
        response = _send(client, site["users"], member, "GET", path, {"range": value})
        assert response.status_code == 200

    fuzz()
