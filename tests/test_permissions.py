"""The permission matrix: every private URL, every member of the cast, the status each must get.

The cast: the athlete, their coach (active link), another athlete, a coach without a link, and an
anonymous visitor; then the same coach and athlete after the link ended, once ended by the athlete
and once by the coach. Anything a viewer may not see is a 404, never a 403, so nothing reveals that an
object exists. `test_every_url_is_in_the_matrix` walks the URL patterns, so a new URL that is in
neither PUBLIC nor PRIVATE fails the suite until someone decides who may open it.

A former coach gets what the coach gets unless a case says otherwise (`ex_coach=`), and whatever
they get, nothing of the athlete's changes; a former athlete likewise (`ex_athlete=`).
"""

import copy
import datetime
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from accounts import services as account_services
from accounts.models import CoachingLink, Invitation
from exercises.models import Exercise
from tests.factories import (
    CustomExerciseFactory,
    ExerciseFactory,
    MuscleFactory,
    PlannedExerciseFactory,
    PlannedSessionFactory,
    SessionExerciseFactory,
    TemplateItemFactory,
    UserFactory,
    WorkoutTemplateFactory,
)
from training_log.models import CoachOverride, Comment, ImportJob, SessionExercise, SetLog, TrainingSession
from training_log.services.comments import add_comment
from training_log.services.overrides import set_override
from training_log.services.sessions import log_set
from training_log.transfer.services import start_import
from workouts.models import Assignment, PlannedExercise, PlannedSession, TemplateItem, WorkoutTemplate

# What the autouse fixtures in tests/conftest.py set per test, for the world built once per module.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS_AT_ONCE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# After the link ended: (who asks, who ended the link).
ENDED = {
    "coach_after_athlete_ended": ("coach", "athlete"),
    "coach_after_coach_ended": ("coach", "coach"),
    "athlete_after_athlete_ended": ("athlete", "athlete"),
    "athlete_after_coach_ended": ("athlete", "coach"),
}
CAST = ["anonymous", "athlete", "coach", "other_athlete", "unlinked_coach", *ENDED]

# URLs anyone may open; each has its own tests (library pages, sign-up, log-in, token links).
PUBLIC = {
    "home", "healthz",
    "exercises:exercise-list", "exercises:exercise-detail", "exercises:muscle-list", "exercises:muscle-detail",
    "accounts:signup", "accounts:signup-done", "accounts:activate", "accounts:invitation", "accounts:email-confirm",
    "accounts:confirmation-again", "accounts:account-deletion",
    "login", "logout", "password_reset", "password_reset_done", "password_reset_confirm", "password_reset_complete",
}  # fmt: skip

LOGIN = "login"  # expected outcome: redirected to the log-in page with ?next=
SETTINGS = "settings"  # expected outcome: redirected to settings (not a coach yet)
FORM = "application/x-www-form-urlencoded"
ACCOUNT_DELETE = "/accounts/delete/"
CUSTOM_EXERCISE = {
    "name": "Band pull-apart", "equipment": "cable", "muscle_{muscle}": "primary",
    "rep_min": "12", "rep_max": "20", "unit": "lb", "step_up": "5", "step_down": "5",
}  # fmt: skip


@dataclass
class Case:
    path: str  # may use {link}, {invitation}
    method: str
    expect: dict[str, object]  # cast member -> status code, LOGIN or SETTINGS
    data: dict = field(default_factory=dict)


def _everyone(status, *, ex_coach=None, ex_athlete=None, **overrides):
    expect = {"anonymous": LOGIN, **{member: status for member in CAST[1:5]}, **overrides}
    former = {"coach": expect["coach"] if ex_coach is None else ex_coach}
    former["athlete"] = expect["athlete"] if ex_athlete is None else ex_athlete
    return expect | {member: former[who] for member, (who, _) in ENDED.items()}


PRIVATE = {
    "accounts:settings": [Case("/accounts/settings/", "GET", _everyone(200))],
    # Only ever one's own account. A POST that worked would delete a cast member from the world, so the
    # matrix posts a wrong password: the page re-renders and nothing changes (tests/accounts/test_delete_account.py
    # deletes for real).
    "accounts:account-delete": [
        Case(ACCOUNT_DELETE, "GET", _everyone(200)),
        Case(ACCOUNT_DELETE, "POST", _everyone(200), {"password": "not-the-password", "understood": "on"}),
    ],
    "accounts:email-change": [
        Case("/accounts/settings/email/", "POST", _everyone(200), {"new_email": "x@example.com", "password": "x"}),
        Case("/accounts/settings/email/", "GET", _everyone(405)),
    ],
    "accounts:coach-link-end": [
        Case("/accounts/coaches/{link}/end/", "POST", _everyone(404, athlete=302, ex_athlete=404)),
        Case("/accounts/coaches/{link}/end/", "GET", _everyone(405)),
    ],
    "accounts:athlete-list": [
        Case("/coach/athletes/", "GET", _everyone(SETTINGS, coach=200, unlinked_coach=200)),
    ],
    "accounts:athlete-link-end": [
        Case("/coach/athletes/{link}/end/", "POST", _everyone(404, coach=302, ex_coach=404)),
        Case("/coach/athletes/{link}/end/", "GET", _everyone(405)),
    ],
    "accounts:invitation-create": [
        Case("/coach/invitations/", "POST", _everyone(SETTINGS, coach=302, unlinked_coach=302), {"label": "x"}),
        Case("/coach/invitations/", "GET", _everyone(405)),
    ],
    "accounts:invitation-revoke": [
        Case("/coach/invitations/{invitation}/revoke/", "POST", _everyone(404, coach=302)),
        Case("/coach/invitations/{invitation}/revoke/", "GET", _everyone(405)),
    ],
    "password_change": [Case("/accounts/password_change/", "GET", _everyone(200))],
    "workouts:template-list": [Case("/workouts/templates/", "GET", _everyone(200))],
    "workouts:template-create": [Case("/workouts/templates/new/", "GET", _everyone(200))],
    "workouts:template-detail": [
        Case("/workouts/templates/{template}/", "GET", _everyone(404, coach=200)),
        Case("/workouts/templates/{public}/", "GET", _everyone(200)),
    ],
    "workouts:template-edit": [
        Case("/workouts/templates/{template}/edit/", "GET", _everyone(404, coach=200)),
        Case("/workouts/templates/{public}/edit/", "GET", _everyone(403)),
    ],
    "workouts:template-item-add": [
        Case("/workouts/templates/{template}/add/", "GET", _everyone(404, coach=200)),
        Case("/workouts/templates/{template}/add/", "POST", _everyone(404, coach=302), {"exercise": "{exercise}"}),
        Case("/workouts/templates/{public}/add/", "POST", _everyone(403), {"exercise": "{exercise}"}),
        Case(
            "/workouts/templates/{template}/add/",
            "POST",
            _everyone(404, coach=302, ex_coach=404),
            {"exercise": "{custom}"},
        ),
    ],
    "workouts:template-copy": [
        Case("/workouts/templates/{template}/copy/", "POST", _everyone(404, coach=302)),
        Case("/workouts/templates/{public}/copy/", "POST", _everyone(302)),
        Case("/workouts/templates/{public}/copy/", "GET", _everyone(405)),
    ],
    "workouts:template-delete": [
        Case("/workouts/templates/{template}/delete/", "GET", _everyone(404, coach=200)),
        Case("/workouts/templates/{template}/delete/", "POST", _everyone(404, coach=302)),
        Case("/workouts/templates/{public}/delete/", "POST", _everyone(403)),
    ],
    "workouts:template-assign": [
        Case("/workouts/templates/{template}/assign/", "GET", _everyone(404, coach=200)),
        Case("/workouts/templates/{public}/assign/", "GET", _everyone(200)),
    ],
    "workouts:template-reapply": [
        Case("/workouts/templates/{template}/reapply/", "POST", _everyone(404, coach=302)),
        Case("/workouts/templates/{public}/reapply/", "POST", _everyone(403)),
        Case("/workouts/templates/{template}/reapply/", "GET", _everyone(405)),
    ],
    "workouts:plan": [Case("/plan/", "GET", _everyone(200))],
    "workouts:athlete-plan": [
        Case("/plan/athletes/{athlete}/", "GET", _everyone(404, athlete=200, coach=200, ex_coach=404)),
    ],
    "workouts:session-detail": [
        Case("/plan/sessions/{session}/", "GET", _everyone(404, athlete=200, coach=200, ex_coach=404)),
    ],
    "training_log:today": [Case("/today/", "GET", _everyone(200))],
    "training_log:coach-dashboard": [
        Case("/coach/", "GET", _everyone(SETTINGS, coach=200, unlinked_coach=200)),
    ],
    # Only the athlete's active coach: the athlete themself gets 404 too (their own pages are /plan/ and /log/).
    "training_log:coach-athlete": [
        Case("/coach/athletes/{athlete}/", "GET", _everyone(404, coach=200, ex_coach=404)),
    ],
    "training_log:history": [Case("/log/", "GET", _everyone(200))],
    # Exports: everyone logged in downloads their own data, and only theirs (checked in the test below).
    "training_log:export": [Case("/log/export/", "GET", _everyone(200))],
    "training_log:export-sets": [Case("/log/export/sets.csv", "GET", _everyone(200))],
    "training_log:export-strong": [Case("/log/export/strong.csv", "GET", _everyone(200))],
    "training_log:export-account": [Case("/log/export/account.json", "GET", _everyone(200))],
    # Imports: everyone logged in imports into their own log; a job is only ever its athlete's.
    "training_log:import": [
        Case("/log/import/", "GET", _everyone(200)),
        Case("/log/import/", "POST", _everyone(400)),  # no file: the form says so
    ],
    "training_log:import-detail": [
        Case("/log/import/{import}/", "GET", _everyone(404, athlete=200)),
        Case("/log/import/{import}/", "POST", _everyone(404, athlete=302), {"exercise_0": "skip"}),
    ],
    "training_log:import-progress": [Case("/log/import/{import}/progress/", "GET", _everyone(404, athlete=200))],
    "training_log:import-discard": [
        Case("/log/import/{import}/discard/", "POST", _everyone(404, athlete=302)),
        Case("/log/import/{import}/discard/", "GET", _everyone(405)),
    ],
    "training_log:import-cancel": [
        Case("/log/import/{import}/cancel/", "POST", _everyone(404, athlete=302)),
        Case("/log/import/{import}/cancel/", "GET", _everyone(405)),
    ],
    "training_log:athlete-log": [
        Case("/log/athletes/{athlete}/", "GET", _everyone(404, athlete=200, coach=200, ex_coach=404)),
    ],
    "training_log:progress": [Case("/progress/", "GET", _everyone(200))],
    "training_log:athlete-progress": [
        Case("/progress/athletes/{athlete}/", "GET", _everyone(404, athlete=200, coach=200, ex_coach=404)),
    ],
    # An exercise's history: the viewer's own (any exercise they may see: ours, theirs, their coach's), or an
    # athlete's for their active coach (and the athlete themself). Someone else's custom exercise is a 404.
    "training_log:exercise-history": [
        Case("/progress/exercises/{exercise}/", "GET", _everyone(200)),
        Case("/progress/exercises/{custom}/", "GET", _everyone(404, athlete=200, coach=200, ex_coach=404)),
        Case("/progress/exercises/{coach_custom}/", "GET", _everyone(404, athlete=200, coach=200, ex_athlete=404)),
    ],
    "training_log:athlete-exercise-history": [
        Case(
            "/progress/athletes/{athlete}/exercises/{exercise}/",
            "GET",
            _everyone(404, athlete=200, coach=200, ex_coach=404),
        ),
        Case(
            "/progress/athletes/{athlete}/exercises/{custom}/",
            "GET",
            _everyone(404, athlete=200, coach=200, ex_coach=404),
        ),
    ],
    "training_log:session-start": [
        Case("/log/sessions/start/", "POST", _everyone(302)),
        Case("/log/sessions/start/", "POST", _everyone(404, athlete=302), {"planned_session": "{session}"}),
        Case("/log/sessions/start/", "GET", _everyone(405)),
    ],
    "training_log:session-detail": [
        Case("/log/sessions/{log}/", "GET", _everyone(404, athlete=200, coach=200, ex_coach=404)),
    ],
    "training_log:session-summary": [
        Case("/log/sessions/{log}/summary/", "GET", _everyone(404, athlete=200, coach=200, ex_coach=404)),
    ],
    "training_log:exercise-add": [
        Case("/log/sessions/{log}/add/", "GET", _everyone(404, athlete=200, coach=403, ex_coach=404)),
        Case(
            "/log/sessions/{log}/add/",
            "POST",
            _everyone(404, athlete=302, coach=403, ex_coach=404),
            {"exercise": "{exercise}"},
        ),
        Case(
            "/log/sessions/{log}/add/",
            "POST",
            _everyone(404, athlete=302, coach=403, ex_coach=404, ex_athlete=404),
            {"exercise": "{coach_custom}"},
        ),
    ],
    "training_log:session-reopen": [
        Case("/log/sessions/{log}/reopen/", "POST", _everyone(404, athlete=302, coach=403, ex_coach=404)),
        Case("/log/sessions/{log}/reopen/", "GET", _everyone(405)),
    ],
    "training_log:session-finish": [
        Case("/log/sessions/{log}/finish/", "POST", _everyone(404, athlete=302, coach=403, ex_coach=404)),
        Case("/log/sessions/{log}/finish/", "GET", _everyone(405)),
    ],
    "training_log:set-create": [
        Case(
            "/log/sessions/{log}/exercises/{item}/sets/",
            "POST",
            _everyone(404, athlete=302, coach=403, ex_coach=404),
            {"ex{item}-weight": "100", "ex{item}-reps": "5", "ex{item}-rir": "2", "ex{item}-client_id": "{uuid}"},
        ),
        # A mistyped set takes another path (the card again, with the errors): refused to the same people.
        Case(
            "/log/sessions/{log}/exercises/{item}/sets/",
            "POST",
            _everyone(404, athlete=200, coach=403, ex_coach=404),
            {"ex{item}-weight": "heavy", "ex{item}-reps": "5", "ex{item}-rir": "2", "ex{item}-client_id": "{uuid}"},
        ),
        Case("/log/sessions/{log}/exercises/{item}/sets/", "GET", _everyone(405)),
    ],
    "training_log:exercise-skip": [
        Case(
            "/log/sessions/{log}/exercises/{item}/skip/",
            "POST",
            _everyone(404, athlete=302, coach=403, ex_coach=404),
            {"skipped": "1"},
        ),
    ],
    "training_log:exercise-swap": [
        Case(
            "/log/sessions/{log}/exercises/{item}/swap/",
            "POST",
            _everyone(404, athlete=302, coach=403, ex_coach=404),
            {"exercise": "{exercise}"},
        ),
    ],
    "training_log:exercise-note": [
        Case(
            "/log/sessions/{log}/exercises/{item}/note/",
            "POST",
            _everyone(404, athlete=302, coach=403, ex_coach=404),
            {"note": "x"},
        ),
    ],
    "training_log:set-edit": [
        Case("/log/sets/{set}/edit/", "GET", _everyone(404, athlete=200, coach=403, ex_coach=404)),
        Case(
            "/log/sets/{set}/edit/",
            "POST",
            _everyone(404, athlete=302, coach=403, ex_coach=404),
            {"weight": "1", "reps": "1", "rir": "1"},
        ),
    ],
    "training_log:set-delete": [
        Case("/log/sets/{set}/delete/", "POST", _everyone(404, athlete=302, coach=403, ex_coach=404)),
        Case("/log/sets/{set}/delete/", "GET", _everyone(405)),
    ],
    # The thread on a workout: its athlete and their coach, while linked.
    "training_log:comment-create": [
        Case(
            "/log/sessions/{log}/comments/",
            "POST",
            _everyone(404, athlete=302, coach=302, ex_coach=404),
            {"body": "Nice pull", "client_id": "{uuid}"},
        ),
        Case("/log/sessions/{log}/comments/", "GET", _everyone(405)),
    ],
    "training_log:comments-read": [
        Case("/log/sessions/{log}/comments/read/", "POST", _everyone(404, athlete=302, coach=302, ex_coach=404)),
        Case("/log/sessions/{log}/comments/read/", "GET", _everyone(405)),
    ],
    # Only a coach linked now sets an athlete's next weight; the athlete sees it on their card.
    "training_log:override": [
        Case("/coach/athletes/{athlete}/override/", "GET", _everyone(404, athlete=403, coach=200, ex_coach=404)),
        Case(
            "/coach/athletes/{athlete}/override/",
            "POST",
            _everyone(404, athlete=403, coach=302, ex_coach=404),
            {"exercise": "{exercise}", "weight": "105", "unit": "lb", "reps": "5", "note": "x"},
        ),
    ],
    "training_log:override-clear": [
        Case(
            "/coach/athletes/{athlete}/override/{override}/clear/",
            "POST",
            _everyone(404, athlete=403, coach=302, ex_coach=404),
        ),
        Case("/coach/athletes/{athlete}/override/{override}/clear/", "GET", _everyone(405)),
    ],
    # The athlete goes by their own advice instead, from their card; nobody else finds the override. After the
    # link ended it is cleared already, and dismissing it again changes nothing.
    "training_log:override-dismiss": [
        Case("/log/sessions/{log}/exercises/{item}/overrides/{override}/dismiss/", "POST", _everyone(404, athlete=302)),
        Case("/log/sessions/{log}/exercises/{item}/overrides/{override}/dismiss/", "GET", _everyone(405)),
    ],
    # The coach changes what they planned; once the link ends, the athlete does.
    "workouts:session-edit": [
        Case(
            "/plan/sessions/{session}/edit/",
            "GET",
            _everyone(404, coach=200, athlete=403, ex_coach=404, ex_athlete=200),
        ),
        Case(
            "/plan/sessions/{session}/edit/",
            "POST",
            _everyone(404, coach=200, athlete=403, ex_coach=404, ex_athlete=200),
            {"exercises-TOTAL_FORMS": "x"},
        ),
    ],
    # Correcting a plan: the planner (the coach; once the link ends, the athlete) moves, cancels, deletes.
    "workouts:session-move": [
        Case(
            "/plan/sessions/{session}/move/",
            "GET",
            _everyone(404, coach=200, athlete=403, ex_coach=404, ex_athlete=200),
        ),
        Case(
            "/plan/sessions/{session}/move/",
            "POST",
            _everyone(404, coach=302, athlete=403, ex_coach=404, ex_athlete=302),
            {"date": "{tomorrow}"},
        ),
    ],
    "workouts:session-cancel": [
        Case(
            "/plan/sessions/{session}/cancel/",
            "POST",
            _everyone(404, coach=302, athlete=403, ex_coach=404, ex_athlete=302),
        ),
        Case("/plan/sessions/{session}/cancel/", "GET", _everyone(405)),
    ],
    "workouts:session-delete": [
        Case(
            "/plan/sessions/{session}/delete/",
            "GET",
            _everyone(404, coach=200, athlete=403, ex_coach=404, ex_athlete=200),
        ),
        Case(
            "/plan/sessions/{session}/delete/",
            "POST",
            _everyone(404, coach=302, athlete=403, ex_coach=404, ex_athlete=302),
        ),
    ],
    # The athlete skips (and un-skips) their own sessions; their coach reads the reason.
    "workouts:session-skip": [
        Case(
            "/plan/sessions/{session}/skip/",
            "POST",
            _everyone(404, athlete=302, coach=403, ex_coach=404),
            {"reason": "Knee"},
        ),
        Case("/plan/sessions/{session}/skip/", "GET", _everyone(405)),
    ],
    "workouts:session-unskip": [
        Case("/plan/sessions/{session}/unskip/", "POST", _everyone(404, athlete=302, coach=403, ex_coach=404)),
        Case("/plan/sessions/{session}/unskip/", "GET", _everyone(405)),
    ],
    # Only the planner ends an assignment, and only while they still coach its athlete.
    "workouts:assignment-end": [
        Case("/plan/assignments/{assignment}/end/", "GET", _everyone(404, coach=200, ex_coach=404)),
        Case("/plan/assignments/{assignment}/end/", "POST", _everyone(404, coach=302, ex_coach=404)),
    ],
    "password_change_done": [Case("/accounts/password_change/done/", "GET", _everyone(200))],
    # Custom exercises: {custom} is the athlete's, {coach_custom} the coach's, {exercise} one of our library's.
    "exercises:exercise-create": [
        Case("/exercises/new/", "GET", _everyone(200)),
        Case("/exercises/new/", "POST", _everyone(302), CUSTOM_EXERCISE),
    ],
    "exercises:custom-detail": [
        Case("/exercises/custom/{custom}/", "GET", _everyone(404, athlete=200, coach=200, ex_coach=404)),
        Case("/exercises/custom/{coach_custom}/", "GET", _everyone(404, athlete=200, coach=200, ex_athlete=404)),
        Case("/exercises/custom/{exercise}/", "GET", _everyone(404)),
    ],
    "exercises:exercise-edit": [
        Case("/exercises/custom/{custom}/edit/", "GET", _everyone(404, athlete=200, coach=403, ex_coach=404)),
        Case(
            "/exercises/custom/{custom}/edit/",
            "POST",
            _everyone(404, athlete=302, coach=403, ex_coach=404),
            CUSTOM_EXERCISE,
        ),
        Case("/exercises/custom/{coach_custom}/edit/", "GET", _everyone(404, athlete=403, coach=200, ex_athlete=404)),
        Case("/exercises/custom/{exercise}/edit/", "GET", _everyone(404)),
        Case("/exercises/custom/{exercise}/edit/", "POST", _everyone(404), CUSTOM_EXERCISE),
    ],
    "exercises:exercise-delete": [
        Case("/exercises/custom/{custom}/delete/", "GET", _everyone(404, athlete=200, coach=403, ex_coach=404)),
        Case("/exercises/custom/{custom}/delete/", "POST", _everyone(404, athlete=302, coach=403, ex_coach=404)),
        Case(
            "/exercises/custom/{coach_custom}/delete/", "POST", _everyone(404, athlete=403, coach=302, ex_athlete=404)
        ),
        Case("/exercises/custom/{exercise}/delete/", "POST", _everyone(404)),
    ],
}


def _url_names(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django's admin: staff only, guarded by Django itself
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _url_names(pattern.url_patterns, namespace)
        elif isinstance(pattern, URLPattern):
            yield prefix + (pattern.name or f"<unnamed {pattern.pattern}>")


def test_every_url_is_in_the_matrix():
    names = set(_url_names(get_resolver().url_patterns))
    uncovered = names - PUBLIC - set(PRIVATE)
    assert not uncovered, f"Add these URLs to PUBLIC or PRIVATE in {__name__}: {sorted(uncovered)}"
    assert not (set(PRIVATE) | PUBLIC) - names, "The matrix names URLs that no longer exist"


def _build_world():
    athlete = UserFactory(username="athlete", display_name="Alice Athlete")
    coach = UserFactory(username="coach", display_name="Carol Coach", is_coach=True)
    CoachingLink.objects.create(coach=coach, athlete=athlete)
    other_athlete = UserFactory(username="other", display_name="Oscar Other")
    unlinked_coach = UserFactory(username="stranger", display_name="Sid Stranger", is_coach=True)
    invitation, _ = account_services.create_invitation(actor=coach)
    exercise = ExerciseFactory()
    custom = CustomExerciseFactory(created_by=athlete, name="Alice's curl")
    coach_custom = CustomExerciseFactory(created_by=coach, name="Carol's band row")
    muscle = MuscleFactory()
    public = WorkoutTemplateFactory(owner=None, name="Ours")
    template = WorkoutTemplateFactory(owner=coach, name="Carol's pulls")
    for owned in (public, template):
        TemplateItemFactory(template=owned, exercise=exercise)
    assignment = Assignment.objects.create(
        planned_by=coach, start_date=timezone.localdate(), weekdays="1", weeks=1, submission_id=uuid.uuid4()
    )
    session = PlannedSessionFactory(athlete=athlete, planned_by=coach, source_template=template, assignment=assignment)
    PlannedExerciseFactory(session=session, exercise=exercise)
    item = SessionExerciseFactory(
        session__athlete=athlete, session__name="Pulls", exercise=exercise, rep_min=4, rep_max=6
    )
    log = item.session
    logged, _ = log_set(
        actor=athlete, session_exercise=item, weight=Decimal(100), unit="lb", reps=5, rir=2, client_id=uuid.uuid4()
    )
    # A comment the athlete has not read (the summary then offers "Mark as read"), and a coach override.
    add_comment(actor=coach, session=log, body="Good pace", client_id=uuid.uuid4())
    override = set_override(actor=coach, athlete=athlete, exercise=exercise, weight=Decimal(110), unit="lb", reps=5)
    upload = SimpleUploadedFile(
        "fitnotes.csv", b"Date,Exercise,Category,Weight (kgs),Reps\n2025-05-12,Mystery,Back,80,8\n"
    )
    job = start_import(actor=athlete, upload=upload)
    return {
        "users": {"athlete": athlete, "coach": coach, "other_athlete": other_athlete, "unlinked_coach": unlinked_coach},
        "ids": {
            "link": CoachingLink.objects.get(coach=coach, athlete=athlete).pk,
            "invitation": invitation.pk,
            "template": template.pk,
            "public": public.pk,
            "session": session.pk,
            "assignment": assignment.pk,
            "tomorrow": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
            "athlete": athlete.pk,
            "exercise": exercise.pk,
            "log": log.pk,
            "item": item.pk,
            "set": logged.pk,
            "override": override.pk,
            "import": job.pk,
            "uuid": uuid.uuid4(),
            "custom": custom.pk,
            "coach_custom": coach_custom.pk,
            "muscle": muscle.slug,
        },
    }


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker):
    """The cast and their data, built once for the module's ~1,100 cases (it costs more than a case).

    Built inside a transaction that stays open for the module and is rolled back at its end; each case runs in
    its own savepoint inside it (pytest-django's `db`, as Django's TestCase.setUpTestData does), so whatever a
    case writes (an ended link, a deleted template) is undone before the next case reads the world."""
    fast = override_settings(PASSWORD_HASHERS=FAST_HASHERS, TASKS=TASKS_AT_ONCE)
    with django_db_blocker.unblock(), fast, transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(db, _module_world):
    """A copy per case: what a case changes on these objects in memory (a login's last_login) stays with it."""
    return copy.deepcopy(_module_world)


def _session_as_planned(ids) -> bool:
    """Not moved, cancelled or skipped."""
    return PlannedSession.objects.filter(
        pk=ids["session"], date=timezone.localdate(), cancelled_at__isnull=True, skipped_at__isnull=True
    ).exists()


def _athletes_data_unchanged(world):
    """What the athlete planned and logged: a former coach changes none of it, whatever they send."""
    ids = world["ids"]
    assert PlannedSession.objects.filter(pk=ids["session"], name="Upper back A", started_at__isnull=True).exists()
    assert _session_as_planned(ids)
    assert list(PlannedExercise.objects.filter(session_id=ids["session"]).values_list("rep_min", "rep_max")) == [(4, 6)]
    assert SetLog.objects.filter(pk=ids["set"], weight=100, reps=5).exists()
    assert SessionExercise.objects.filter(pk=ids["item"], skipped=False, note="", exercise_id=ids["exercise"]).exists()
    assert TrainingSession.objects.filter(pk=ids["log"], finished_at__isnull=True).exists()
    assert SessionExercise.objects.filter(session_id=ids["log"]).count() == 1


def _unchanged(world, *, link_active=True):
    ids = world["ids"]
    assert CoachingLink.objects.active().filter(pk=ids["link"]).exists() == link_active
    assert Invitation.objects.pending().filter(pk=ids["invitation"]).exists()
    assert WorkoutTemplate.objects.filter(pk=ids["template"], name="Carol's pulls").exists()
    assert TemplateItem.objects.filter(template_id=ids["public"]).count() == 1
    assert TemplateItem.objects.filter(template_id=ids["template"]).count() == 1
    assert PlannedExercise.objects.filter(session_id=ids["session"]).count() == 1
    assert _session_as_planned(ids)
    assert Assignment.objects.filter(pk=ids["assignment"], ended_at__isnull=True).exists()
    assert SetLog.objects.filter(pk=ids["set"], weight=100, reps=5).exists()
    assert SessionExercise.objects.filter(pk=ids["item"], skipped=False, note="", exercise_id=ids["exercise"]).exists()
    assert TrainingSession.objects.filter(pk=ids["log"], finished_at__isnull=True).exists()
    assert SessionExercise.objects.filter(session_id=ids["log"]).count() == 1
    assert Exercise.objects.filter(pk=ids["custom"], name="Alice's curl", is_archived=False).exists()
    assert Exercise.objects.filter(pk=ids["coach_custom"], name="Carol's band row", is_archived=False).exists()
    assert Exercise.objects.filter(pk=ids["exercise"], created_by=None).exists()
    assert Comment.objects.filter(session_id=ids["log"]).count() == 1
    # The override counts while the link lasts and ends with it (training_log.services.overrides.end_with_link).
    override = CoachOverride.objects.filter(pk=ids["override"], weight=110).values_list("cleared_reason", flat=True)
    assert list(override) == ["" if link_active else CoachOverride.Cleared.LINK_ENDED]
    assert CoachOverride.objects.count() == 1
    assert ImportJob.objects.filter(pk=ids["import"], status="preview").exists()


MATRIX = [
    pytest.param(case, member, id=f"{name}-{case.method}-{member}")
    for name, cases in PRIVATE.items()
    for case in cases
    for member in CAST
]


@pytest.mark.parametrize("case, member", MATRIX)
def test_permission_matrix(client, world, case, member):
    users = world["users"]
    if member in ENDED:
        who, ended_by = ENDED[member]
        link = CoachingLink.objects.get(pk=world["ids"]["link"])
        account_services.end_link(link=link, actor=users[ended_by])
        client.force_login(users[who])
    elif member != "anonymous":
        client.force_login(users[member])
    path = case.path.format(**world["ids"])
    data = {key.format(**world["ids"]): value.format(**world["ids"]) for key, value in case.data.items()}
    response = client.generic(case.method, path, data=urlencode(data), content_type=FORM)
    expected = case.expect[member]
    if expected == LOGIN:
        assert response.status_code == 302 and response.url.startswith("/accounts/login/?next=")
    elif expected == SETTINGS:
        assert response.status_code == 302 and response.url == "/accounts/settings/"
    else:
        assert response.status_code == expected
    if expected in (403, 404, 405, LOGIN) or case.path == ACCOUNT_DELETE:
        _unchanged(world, link_active=member not in ENDED)  # a refused request changes nothing
        assert all(type(user).objects.filter(pk=user.pk).exists() for user in users.values())
    if ENDED.get(member, ("",))[0] == "coach":
        _athletes_data_unchanged(world)
    if getattr(response, "streaming", False) and expected == 200:  # a download: the viewer's own data only
        body = b"".join(response.streaming_content).decode()
        is_the_athlete = member == "athlete" or ENDED.get(member, ("",))[0] == "athlete"
        assert ("Pulls" in body) == is_the_athlete
