"""The heat map's arithmetic: which band a week's hard sets fall in and what each cell says.

What counts as a hard set and how sets are counted per muscle and week is training_log.selectors.volume's
(it asks the database); this module only shapes the counts it returns.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

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
