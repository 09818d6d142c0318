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
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, DateField, IntegerField, Q, Sum, Value, When
from django.db.models.functions import TruncWeek
from django.utils import timezone

from accounts.models import User
from exercises.models import ExerciseMuscle, Muscle
from workouts.selectors import week_start

from .models import SetLog

HARD_RIR_MAX = 4  # a set with 5 or more reps in reserve is not hard
WEEKS = 8


@dataclass(frozen=True)
class Band:
    """One step of the heat map's scale. `css` is the class suffix the figure, legend and table share."""

    css: str
    label: str  # what the legend says, in the numbers the table shows


# Half sets make "1-4" ambiguous (is 4.5 in it?), so each band runs from its start up to, not including, the
# next one's, and the labels say so in the numbers the table shows: 4.5 is in the second band, 20 in the fourth.
BANDS = (
    Band("0", "0"),
    Band("1", "0.5 to 4.5"),
    Band("2", "5 to 9.5"),
    Band("3", "10 to 20"),
    Band("4", "over 20"),
)


def band_for(sets: Decimal) -> Band:
    if sets <= 0:
        return BANDS[0]
    if sets < 5:
        return BANDS[1]
    if sets < 10:
        return BANDS[2]
    if sets <= 20:
        return BANDS[3]
    return BANDS[4]


@dataclass(frozen=True)
class Cell:
    sets: Decimal
    band: Band

    @property
    def label(self) -> str:
        """4 or 4.5, never 4.0."""
        return f"{self.sets.normalize():f}"


@dataclass(frozen=True)
class MuscleRow:
    slug: str
    name: str
    weeks: tuple[Cell, ...]  # newest first, one per week of WeeklyHardSets.weeks

    @property
    def this_week(self) -> Cell:
        return self.weeks[0]


@dataclass(frozen=True)
class WeeklyHardSets:
    weeks: tuple[datetime.date, ...]  # the Mondays, newest (this week) first
    muscles: tuple[MuscleRow, ...]  # in the library's muscle order
    bands: tuple[Band, ...] = BANDS

    @property
    def is_empty(self) -> bool:
        return all(cell.sets == 0 for row in self.muscles for cell in row.weeks)

    @property
    def heat(self) -> dict[str, "HeatRegion"]:
        """Muscle slug -> this week's band and count, for the anatomy figure (exercises/_anatomy.html)."""
        return {row.slug: HeatRegion(row.this_week) for row in self.muscles}


@dataclass(frozen=True)
class HeatRegion:
    cell: Cell

    @property
    def css_class(self) -> str:
        return f"heat-{self.cell.band.css}"

    @property
    def description(self) -> str:
        return f"{self.cell.label} hard set{'' if self.cell.sets == 1 else 's'} this week"


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
