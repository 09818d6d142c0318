"""A small line chart for the server to draw as SVG: plain data in, coordinates out.

No Django here. `line_chart` takes named series of (day, value) points and returns frozen dataclasses
with every coordinate a template needs: the plot box, "nice" value ticks (1, 2, 2.5 or 5 times a power
of ten), date ticks on whole weeks, months or years, and each series as points and an SVG path.
Coordinates are floats rounded to 0.1 of a viewBox unit; values stay Decimal for the labels.
"""

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

WIDTH = 340  # viewBox units: about one CSS pixel each in a phone's card, so the font sizes read as set
HEIGHT = 210
LEFT = 44  # room for the value labels ("1,250")
RIGHT = 12
TOP = 22  # room for the unit above the value labels
BOTTOM = 28  # room for the date labels
VALUE_TICKS = 5  # about this many value ticks
DATE_TICKS = 4  # at most this many date labels: "Sept 2026" must fit four to a phone's width
MONTH_STEPS = (1, 2, 3, 4, 6, 12, 24, 36, 60, 120)
NICE = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))


@dataclass(frozen=True)
class Tick:
    position: float  # y for a value tick, x for a date tick
    label: str


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    day: datetime.date
    value: Decimal


@dataclass(frozen=True)
class Line:
    name: str
    points: tuple[Point, ...]

    @property
    def path(self) -> str:
        """The SVG path: 'M x,y L x,y ...'."""
        return " ".join(f"{'L' if n else 'M'}{p.x},{p.y}" for n, p in enumerate(self.points))


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: float
    top: float
    right: float  # x of the plot's right edge
    bottom: float  # y of the plot's bottom edge
    value_ticks: tuple[Tick, ...]
    date_ticks: tuple[Tick, ...]
    lines: tuple[Line, ...]

    @property
    def is_empty(self) -> bool:
        return not any(line.points for line in self.lines)

    @property
    def value_label_x(self) -> float:
        return self.left - 6

    @property
    def unit_label_y(self) -> float:
        return self.top - 10

    @property
    def date_label_y(self) -> float:
        return self.bottom + 18

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def nice_step(span: Decimal, count: int = VALUE_TICKS) -> Decimal:
    """The smallest 'nice' step (1, 2, 2.5 or 5 times a power of ten) that covers `span` in count - 1 steps."""
    if span <= 0:
        return Decimal(1)
    rough = span / (count - 1)
    exponent = math.floor(math.log10(rough))
    power = Decimal(10) ** exponent
    for factor in NICE:
        if factor * power >= rough:
            return factor * power
    return NICE[-1] * power  # pragma: no cover - NICE ends at 10, which always covers


def value_range(values: list[Decimal], count: int = VALUE_TICKS) -> tuple[Decimal, Decimal, Decimal]:
    """(low, high, step): the axis from a multiple of step below the smallest value (at it only for 0)
    to one at or above the largest. Equal values (or one) get a band around them so the line sits mid-chart."""
    low, high = min(values), max(values)
    flat = low == high
    if flat:
        pad = max(abs(low) / 20, Decimal(1))
        low, high = low - pad, high + pad
    step = nice_step(high - low, count)
    start = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    if start == low and low > 0 and not flat:
        start -= step  # keep the lowest line off the axis, where it would hide
    end = (high / step).to_integral_value(rounding="ROUND_CEILING") * step
    return start, end, step


def format_value(value: Decimal) -> str:
    """'1,250', '102.5', '0': thousands separated, no trailing zeros."""
    value = value.normalize()
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,f}"


def date_ticks(first: datetime.date, last: datetime.date, limit: int = DATE_TICKS) -> list[tuple[datetime.date, str]]:
    """Labels inside [first, last]: Mondays for up to ten weeks, else the first of every 1, 2, 3... months
    (January shows its year), at most `limit` of them."""
    days = (last - first).days
    if days <= 70:
        step = 7
        while days // step + 1 > limit:
            step += 7
        monday = first + datetime.timedelta(days=-first.weekday() % 7)
        ticks = []
        day = monday
        while day <= last:
            ticks.append((day, f"{day.day} {day:%b}"))
            day += datetime.timedelta(days=step)
        return ticks
    for step in MONTH_STEPS:
        ticks = _month_ticks(first, last, step)
        if len(ticks) <= limit:
            return ticks
    return ticks


def _month_ticks(first: datetime.date, last: datetime.date, step: int) -> list[tuple[datetime.date, str]]:
    """The first of each month in [first, last] whose number since year 0 is a multiple of step (so a
    yearly step lands on January); January shows its year."""
    year, month = first.year, first.month + (first.day > 1)
    ticks = []
    while True:
        year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
        day = datetime.date(year, month, 1)
        if day > last:
            return ticks
        if (year * 12 + month - 1) % step == 0:
            ticks.append((day, str(year) if step >= 12 or month == 1 else f"{day:%b}"))
        month += 1


def _round(value: float) -> float:
    return round(value, 1)


def line_chart(
    series: list[tuple[str, list[tuple[datetime.date, Decimal]]]],
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> Chart:
    """Lay out the named series on one shared pair of axes, points in order by day. The date axis runs
    from `start` to `end` when given (a range the athlete picked), widened to fit every point."""
    right, bottom = width - RIGHT, height - BOTTOM
    values = [value for _, points in series for _, value in points]
    days = [day for _, points in series for day, _ in points]
    if not values:
        return Chart(width, height, LEFT, TOP, right, bottom, (), (), tuple(Line(name, ()) for name, _ in series))
    low, high, step = value_range(values)
    first = min([*days, start] if start else days)
    last = max([*days, end] if end else days)
    span_days = (last - first).days

    def x_of(day: datetime.date) -> float:
        if span_days == 0:
            return _round((LEFT + right) / 2)
        return _round(LEFT + (right - LEFT) * (day - first).days / span_days)

    def y_of(value: Decimal) -> float:
        return _round(bottom - (bottom - TOP) * float((value - low) / (high - low)))

    value_ticks = []
    tick = low
    while tick <= high:
        value_ticks.append(Tick(y_of(tick), format_value(tick)))
        tick += step
    if span_days == 0:
        dates = [Tick(x_of(first), f"{first.day} {first:%b} {first.year}")]
    else:
        dates = [Tick(x_of(day), label) for day, label in date_ticks(first, last)]
    lines = tuple(
        Line(name, tuple(Point(x_of(day), y_of(value), day, value) for day, value in sorted(points)))
        for name, points in series
    )
    return Chart(width, height, LEFT, TOP, right, bottom, tuple(value_ticks), tuple(dates), lines)
