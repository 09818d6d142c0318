"""Weekly hard sets for each of the nine upper-back muscles: this week on the anatomy figure, the last weeks as a table.

A hard set is a working set (not a warm-up) taken to 4 reps in reserve or closer. A working set imported without
RPE (SetLog.rir None) counts too: its RIR is unknown, most working sets are hard, and leaving it out would show an
imported history as no training at all. A hard set counts 1 for each primary muscle of its exercise and 0.5 for
each secondary one (exercises.ExerciseMuscle; custom exercises have roles too).
Weeks are ISO weeks, Monday to Sunday, in the time zone that is active (the athlete's, set by
accounts.middleware), so a set logged late on Sunday evening stays in that Sunday's week.

The database does the counting, grouped by week and muscle, in half sets (primary 2, secondary 1) so the sums
are whole numbers on every backend; one query for the sets and one for the muscles, whatever the history.
"""

import datetime
from decimal import Decimal

from django.db.models import Case, DateField, IntegerField, Q, Sum, Value, When
from django.db.models.functions import TruncWeek
from django.utils import timezone

from accounts.models import User
from exercises.models import ExerciseMuscle, Muscle
from workouts.selectors import week_start

from ..domain.volume import HARD_RIR_MAX, WEEKS, Cell, MuscleRow, WeeklyHardSets, band_for
from ..models import SetLog


def _midnight(day: datetime.date, tz) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min), tz)


def weekly_hard_sets(athlete: User, *, weeks: int = WEEKS, today: datetime.date) -> WeeklyHardSets:
    """`athlete` must come from a scoped selector (accounts.selectors): this reads whoever it is given."""
    if weeks < 1:
        raise ValueError("weeks must be 1 or more")
    tz = timezone.get_current_timezone()
    mondays = tuple(week_start(today) - datetime.timedelta(weeks=n) for n in range(weeks))
    start = _midnight(mondays[-1], tz)
    end = _midnight(mondays[0] + datetime.timedelta(weeks=1), tz)
    role = "exercise__muscle_roles__role"
    counted = (
        SetLog.objects.working()
        .filter(
            Q(rir__lte=HARD_RIR_MAX) | Q(rir__isnull=True), athlete=athlete, logged_at__gte=start, logged_at__lt=end
        )
        .annotate(week=TruncWeek("logged_at", tzinfo=tz, output_field=DateField()))
        .values("week", "exercise__muscle_roles__muscle")
        .annotate(
            half_sets=Sum(
                Case(
                    When(**{role: ExerciseMuscle.Role.PRIMARY}, then=Value(2)),
                    When(**{role: ExerciseMuscle.Role.SECONDARY}, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            )
        )
        .order_by()
    )
    half_sets = {(row["week"], row["exercise__muscle_roles__muscle"]): row["half_sets"] for row in counted}
    muscles = Muscle.objects.order_by("position", "name").values_list("pk", "slug", "name")
    rows = []
    for pk, slug, name in muscles:
        cells = []
        for monday in mondays:
            sets = Decimal(half_sets.get((monday, pk), 0)) / 2
            cells.append(Cell(sets=sets, band=band_for(sets)))
        rows.append(MuscleRow(slug=slug, name=name, weeks=tuple(cells)))
    return WeeklyHardSets(weeks=mondays, muscles=tuple(rows))
