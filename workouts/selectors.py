"""Reads for templates and plans, scoped to the viewer. Views never query these models directly."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from accounts.models import CoachingLink, User
from accounts.selectors import athletes_visible_to

from .models import Assignment, PlannedExercise, PlannedSession, SessionState, TemplateItem, WorkoutTemplate

PUBLIC_TEMPLATE = "Public templates can be copied, not edited."
NOT_IN_CHARGE = "Only whoever is in charge of this session can change it."
SESSION_STARTED = "This session has been started: the log keeps what was planned."
SESSION_CANCELLED = "This session was cancelled."
ONLY_THE_ATHLETE_SKIPS = "Only the athlete skips their own sessions."
COACH_WEEK_DAYS = 7  # the coach's /plan/ shows their athletes' sessions from today for this many days


def templates_visible_to(viewer: User) -> QuerySet[WorkoutTemplate]:
    """The viewer's own templates and our public ones."""
    mine = Q(owner=viewer) if viewer.is_authenticated else Q(pk__in=[])
    return WorkoutTemplate.objects.filter(mine | Q(owner__isnull=True))


def template_list(viewer: User) -> QuerySet[WorkoutTemplate]:
    return templates_visible_to(viewer).annotate(item_count=Count("items")).order_by("owner_id", "name", "pk")


def _items() -> Prefetch:
    return Prefetch("items", queryset=TemplateItem.objects.select_related("exercise").order_by("position", "pk"))


def get_template_for_viewer(viewer: User, pk) -> WorkoutTemplate:
    return get_object_or_404(templates_visible_to(viewer).prefetch_related(_items()), pk=pk)


def get_template_for_owner(viewer: User, pk) -> WorkoutTemplate:
    """Someone else's private template: 404. A public template: visible, so 403 (copy it instead)."""
    template = get_template_for_viewer(viewer, pk)
    if template.owner_id != viewer.pk:
        raise PermissionDenied(PUBLIC_TEMPLATE)
    return template


def sessions_visible_to(viewer: User) -> QuerySet[PlannedSession]:
    return PlannedSession.objects.filter(athlete__in=athletes_visible_to(viewer).values("pk"))


def _with_exercises(sessions: QuerySet[PlannedSession]) -> QuerySet[PlannedSession]:
    exercises = PlannedExercise.objects.select_related("exercise").order_by("position", "pk")
    return sessions.select_related("planned_by", "athlete").prefetch_related(Prefetch("exercises", queryset=exercises))


def week_start(today: datetime.date) -> datetime.date:
    """The Monday of today's week."""
    return today - datetime.timedelta(days=today.weekday())


def plan_sessions(athlete: User, *, viewer: User, today: datetime.date) -> QuerySet[PlannedSession]:
    """An athlete's plan as /plan/ shows it: from the Monday of this week (so what was done or missed shows)
    on, never a cancelled session, each with its state, whether the viewer may change it, and the
    assignment it came from. One query, plus one for the exercises."""
    sessions = PlannedSession.objects.filter(athlete=athlete, date__gte=week_start(today), cancelled_at__isnull=True)
    sessions = _with_changeable(with_state(_with_exercises(sessions), today=today), viewer)
    return sessions.select_related("assignment")


@dataclass(frozen=True)
class Day:
    date: datetime.date
    sessions: list[PlannedSession]


def coached_week(coach: User, *, today: datetime.date) -> list[Day]:
    """The sessions of the athletes the coach coaches now, from today for COACH_WEEK_DAYS days, by day,
    with their state and athlete. One query, whatever the number of athletes."""
    last = today + datetime.timedelta(days=COACH_WEEK_DAYS - 1)
    sessions = (
        sessions_visible_to(coach)
        .exclude(athlete=coach)
        .filter(date__range=(today, last), cancelled_at__isnull=True)
        .select_related("athlete")
        .order_by("date", "athlete__display_name", "athlete__username", "pk")
    )
    days: dict[datetime.date, list[PlannedSession]] = {}
    for session in with_state(sessions, today=today):
        days.setdefault(session.date, []).append(session)
    return [Day(date, found) for date, found in days.items()]


def with_state(sessions: QuerySet[PlannedSession], *, today: datetime.date) -> QuerySet[PlannedSession]:
    """Annotate each planned session with `state` (a SessionState value) and `logged_session_id` (the workout
    it became, if any), in the same query.

    Cancelled beats everything; then what the log says (finished: done, or partly done when fewer working
    sets were logged than planned; started: in progress); then the athlete's skip; then the calendar (a
    date before `today` that was never started is missed). `today` is the viewer's local date.
    """
    planned_sets = PlannedExercise.objects.filter(session=OuterRef("pk")).values("session").annotate(total=Sum("sets"))
    working_sets = (
        PlannedSession.objects.filter(pk=OuterRef("pk"))
        .annotate(
            n=Count(
                "training_session__exercises__logged_sets",
                filter=Q(training_session__exercises__logged_sets__is_warmup=False),
            )
        )
        .values("n")
    )
    finished = Q(training_session__finished_at__isnull=False)
    return sessions.annotate(
        planned_sets=Coalesce(Subquery(planned_sets.values("total")), 0),
        working_sets_done=Coalesce(Subquery(working_sets), 0),
        logged_session_id=F("training_session__id"),
        state=Case(
            When(cancelled_at__isnull=False, then=Value(SessionState.CANCELLED)),
            When(finished & Q(working_sets_done__lt=F("planned_sets")), then=Value(SessionState.PARTLY_DONE)),
            When(finished, then=Value(SessionState.DONE)),
            When(training_session__isnull=False, then=Value(SessionState.IN_PROGRESS)),
            When(skipped_at__isnull=False, then=Value(SessionState.SKIPPED)),
            When(date__lt=today, then=Value(SessionState.MISSED)),
            default=Value(SessionState.PLANNED),
        ),
    )


def sessions_changeable_by(actor: User) -> QuerySet[PlannedSession]:
    """The planned sessions the actor is in charge of, started or not.

    Whoever planned a session changes it while they still see the athlete (a coach while linked,
    or the athlete who planned for themselves). Once no active coach of the athlete planned it (the
    link ended, or the coach's account is gone) it is the athlete's. Reads and writes of every
    planned-session change (edit today; move and delete later) go through this one rule.
    """
    if not actor.is_authenticated:
        return PlannedSession.objects.none()
    active_coaches = CoachingLink.objects.active().filter(athlete=actor).values("coach_id")
    planned_by_actor = Q(planned_by=actor, athlete__in=athletes_visible_to(actor).values("pk"))
    left_to_athlete = Q(athlete=actor) & ~Q(planned_by__in=active_coaches)
    return PlannedSession.objects.filter(planned_by_actor | left_to_athlete)


# Assigning: what an assignment would create, and where the athlete already has a session.

ON_CONFLICT_SKIP, ON_CONFLICT_REPLACE, ON_CONFLICT_ADD = "skip", "replace", "add"
ON_CONFLICT = (ON_CONFLICT_SKIP, ON_CONFLICT_REPLACE, ON_CONFLICT_ADD)
STARTED_STATES = (SessionState.IN_PROGRESS, SessionState.DONE, SessionState.PARTLY_DONE)
FORMER_COACH = "a former coach"


def day_label(day: datetime.date) -> str:
    """'Mon 7 Dec': formatted once here rather than per cell in the template."""
    return f"{day:%a} {day.day} {day:%b}"


def session_dates(*, start: datetime.date, weekdays: Iterable[int], weeks: int) -> list[datetime.date]:
    """Every date in `weeks` weeks from `start` that falls on one of the ISO weekdays (1 = Monday)."""
    days = set(weekdays)
    return [
        start + datetime.timedelta(days=n)
        for n in range(weeks * 7)
        if (start + datetime.timedelta(days=n)).isoweekday() in days
    ]


@dataclass(frozen=True)
class ExistingSession:
    """A live session already on one of the dates: what the preview says about it."""

    pk: int
    name: str
    planned_by: str  # "you", a name, or FORMER_COACH
    state: str  # a SessionState label
    kept_because: str  # why "replace" keeps it ("planned by Alex", "done"); empty when it can go

    @property
    def replaceable(self) -> bool:
        return not self.kept_because


@dataclass(frozen=True)
class PreviewDate:
    date: datetime.date
    label: str  # "Mon 7 Dec"
    template_name: str
    past: bool
    existing: tuple[ExistingSession, ...] = ()

    @property
    def replaceable(self) -> bool:
        """Replace removes a date's sessions only when it can remove all of them; otherwise the date keeps
        what it has and gets nothing new (never a session removed and not replaced)."""
        return all(session.replaceable for session in self.existing)

    def creates(self, on_conflict: str) -> bool:
        """The one conflict rule, shared by the preview and `services.assign`."""
        if not self.existing or on_conflict == ON_CONFLICT_ADD:
            return True
        return on_conflict == ON_CONFLICT_REPLACE and self.replaceable

    def removes(self, on_conflict: str) -> tuple[int, ...]:
        return tuple(s.pk for s in self.existing) if on_conflict == ON_CONFLICT_REPLACE and self.replaceable else ()


@dataclass(frozen=True)
class AthletePreview:
    athlete_id: int
    name: str
    dates: tuple[PreviewDate, ...]

    @property
    def conflicts(self) -> int:
        return sum(1 for day in self.dates if day.existing)

    def count(self, on_conflict: str) -> int:
        return sum(1 for day in self.dates if day.creates(on_conflict))


@dataclass(frozen=True)
class AssignmentPreview:
    athletes: tuple[AthletePreview, ...]

    @property
    def conflicts(self) -> int:
        return sum(athlete.conflicts for athlete in self.athletes)

    @property
    def past(self) -> int:
        return sum(1 for athlete in self.athletes for day in athlete.dates if day.past)

    def count(self, on_conflict: str) -> int:
        return sum(athlete.count(on_conflict) for athlete in self.athletes)

    @property
    def counts(self) -> dict[str, int]:
        return {choice: self.count(choice) for choice in ON_CONFLICT}

    @property
    def replaced(self) -> int:
        """The sessions already planned that "replace" removes."""
        return sum(len(day.removes(ON_CONFLICT_REPLACE)) for athlete in self.athletes for day in athlete.dates)

    @property
    def kept(self) -> int:
        """The taken dates "replace" leaves as they are: a session on them may not go (started, or not the
        planner's to change)."""
        return sum(1 for athlete in self.athletes for day in athlete.dates if day.existing and not day.replaceable)

    @property
    def notes(self) -> dict[str, str]:
        """What each answer to "some dates are already planned" would do, in a sentence."""
        conflicts, kept = self.conflicts, self.kept
        does = {
            ON_CONFLICT_SKIP: f"Leaves {_dates(conflicts)} as {'it is' if conflicts == 1 else 'they are'}.",
            ON_CONFLICT_REPLACE: f"Removes {_sessions(self.replaced)} not started yet"
            + (f"; keeps {_dates(kept)} (see “Kept” above)." if kept else "."),
            ON_CONFLICT_ADD: f"{_dates(conflicts).capitalize()} will hold two sessions.",
        }
        return {choice: f"{_sessions(self.count(choice))}. {does[choice]}" for choice in ON_CONFLICT}


def _sessions(count: int) -> str:
    return f"{count} session{'' if count == 1 else 's'}"


def _dates(count: int) -> str:
    return f"{count} date{'' if count == 1 else 's'}"


def _planner_name(session: PlannedSession, viewer: User) -> str:
    if session.planned_by_id is None:
        return FORMER_COACH
    return "you" if session.planned_by_id == viewer.pk else session.planned_by.public_name


def assignment_preview(
    *,
    viewer: User,
    athletes: Sequence[User],
    templates: Sequence[WorkoutTemplate],
    start: datetime.date,
    weekdays: Iterable[int],
    weeks: int,
    today: datetime.date,
) -> AssignmentPreview:
    """Per athlete, the dates an assignment would plan (alternating the templates: A, B, A...) and the live
    (not cancelled) sessions already on them, whoever planned them, with their state.

    One query whatever the number of athletes and weeks. Callers check the planner may plan for these
    athletes (`services.check_assignment`); the sessions are read through `sessions_visible_to` anyway.
    """
    dates = session_dates(start=start, weekdays=weekdays, weeks=weeks)
    existing: dict[tuple[int, datetime.date], list[ExistingSession]] = {}
    if dates and athletes:
        sessions = (
            with_state(sessions_visible_to(viewer), today=today)
            .filter(athlete__in=[a.pk for a in athletes], date__gte=dates[0], date__lte=dates[-1])
            .filter(cancelled_at__isnull=True)
            .annotate(changeable=Exists(sessions_changeable_by(viewer).filter(pk=OuterRef("pk"))))
            .select_related("planned_by")
            .order_by("date", "pk")
        )
        wanted = set(dates)
        for session in sessions:
            if session.date not in wanted:
                continue
            who = _planner_name(session, viewer)
            if session.state in STARTED_STATES or session.started_at is not None:
                kept_because = SessionState(session.state).label.lower()
            elif not session.changeable:
                kept_because = f"planned by {who}"
            else:
                kept_because = ""
            existing.setdefault((session.athlete_id, session.date), []).append(
                ExistingSession(
                    pk=session.pk,
                    name=session.name,
                    planned_by=who,
                    state=SessionState(session.state).label,
                    kept_because=kept_because,
                )
            )
    names = [template.name for template in templates]
    return AssignmentPreview(
        athletes=tuple(
            AthletePreview(
                athlete_id=athlete.pk,
                name="you" if athlete.pk == viewer.pk else athlete.public_name,
                dates=tuple(
                    PreviewDate(
                        date=day,
                        label=day_label(day),
                        template_name=names[n % len(names)] if names else "",
                        past=day < today,
                        existing=tuple(existing.get((athlete.pk, day), ())),
                    )
                    for n, day in enumerate(dates)
                ),
            )
            for athlete in athletes
        )
    )


def _with_changeable(sessions: QuerySet[PlannedSession], viewer: User) -> QuerySet[PlannedSession]:
    """`changeable` on each session, in the same query."""
    return sessions.annotate(changeable=Exists(sessions_changeable_by(viewer).filter(pk=OuterRef("pk"))))


def get_session_for_viewer(viewer: User, pk, *, today: datetime.date | None = None) -> PlannedSession:
    """With `today`, the session carries its state too (see `with_state`)."""
    sessions = _with_changeable(_with_exercises(sessions_visible_to(viewer)), viewer)
    if today is not None:
        sessions = with_state(sessions.select_related("assignment"), today=today)
    return get_object_or_404(sessions, pk=pk)


def get_session_for_planner(viewer: User, pk) -> PlannedSession:
    """A session the viewer is in charge of (see `sessions_changeable_by`).

    Not visible: 404. Visible but someone else's to change (the athlete looking at their coach's plan): 403.
    """
    session = get_session_for_viewer(viewer, pk)
    if not session.changeable:
        raise PermissionDenied(NOT_IN_CHARGE)
    if session.started_at is not None:
        raise PermissionDenied(SESSION_STARTED)
    if session.cancelled_at is not None:
        raise PermissionDenied(SESSION_CANCELLED)
    return session


def get_session_for_athlete(viewer: User, pk) -> PlannedSession:
    """The viewer's own session, to skip: someone else's that they may see (their athlete's) 403, else 404."""
    session = get_object_or_404(sessions_visible_to(viewer), pk=pk)
    if session.athlete_id != viewer.pk:
        raise PermissionDenied(ONLY_THE_ATHLETE_SKIPS)
    return session


def removable_sessions(actor: User, assignment: Assignment, *, today: datetime.date) -> QuerySet[PlannedSession]:
    """What ending the assignment removes: its sessions from today on that have not started and that the
    actor is still in charge of."""
    return sessions_changeable_by(actor).filter(assignment=assignment, date__gte=today, started_at__isnull=True)


def get_assignment_for_planner(viewer: User, pk, *, today: datetime.date) -> Assignment:
    """An assignment the viewer made for athletes they still see, with `removable` (how many upcoming
    sessions ending it removes; cancelled ones are gone already) and `athlete_names`. Else 404."""
    visible = sessions_visible_to(viewer).filter(assignment=OuterRef("pk"))
    assignment = get_object_or_404(
        Assignment.objects.filter(planned_by=viewer, ended_at__isnull=True).filter(Exists(visible)), pk=pk
    )
    assignment.removable = removable_sessions(viewer, assignment, today=today).filter(cancelled_at__isnull=True).count()
    assignment.athletes = list(
        athletes_visible_to(viewer).filter(planned_sessions__assignment=assignment).distinct().order_by("username")
    )
    return assignment
