"""The clock as a test input: the instants where dates go wrong, and a fixture that travels to them.

A test that depends on "today" never reads the real date: it asks for the `clock` fixture (tests/conftest.py)
and is parametrised with instants from here, so it runs on each weekday, just before and just after
midnight in a user's zone and in a week with a daylight-saving change, whatever day the suite runs on:

    @pytest.mark.parametrize("clock", every_weekday(), indirect=True)
    def test_the_plan_shows_this_weeks_sessions(clock, client, athlete):
        athlete.time_zone = clock.zone  # the user's zone is part of the instant
        ...  # dates come from clock.today, never from the real clock

Put `clock` first among the test's arguments: fixtures after it (a factory that dates a session "today")
are made at the instant already. The clock stands still (two calls to timezone.now() agree) unless the
instant ticks: a live server and the browser need a running clock, so their instants use tick=True.
"""

import datetime as dt
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

import pytest
import time_machine

UTC = "UTC"
WEST = "America/Los_Angeles"  # UTC-8 in December: its evening is already tomorrow in UTC
EAST = "Pacific/Auckland"  # UTC+13 in December: its morning is still yesterday in UTC
ZONES = (UTC, WEST, EAST)

# A week with no daylight-saving change in any zone above: Monday 7 to Sunday 13 December 2026.
A_MONDAY = dt.date(2026, 12, 7)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Instant:
    """A moment and the time zone of the user it is meant for. `tick`: the clock runs on from it."""

    moment: dt.datetime  # aware
    zone: str = UTC
    tick: bool = False

    @classmethod
    def local(cls, zone: str, day: dt.date, time: dt.time, *, tick: bool = False) -> "Instant":
        """The moment it is `time` on `day` on the user's wall clock in `zone`."""
        return cls(dt.datetime.combine(day, time, tzinfo=ZoneInfo(zone)), zone, tick)

    @property
    def now(self) -> dt.datetime:
        """The instant on the user's wall clock."""
        return self.moment.astimezone(ZoneInfo(self.zone))

    @property
    def today(self) -> dt.date:
        """The user's today: what timezone.localdate() answers while their zone is active."""
        return self.now.date()

    @property
    def monday(self) -> dt.date:
        """The first day of the user's week (weeks run Monday to Sunday everywhere in Scapula)."""
        return self.today - dt.timedelta(days=self.today.weekday())

    def __str__(self) -> str:
        return f"{self.now:%a %Y-%m-%d %H:%M:%S} {self.zone}"


def on(weekday: str, zone: str = UTC, time: dt.time = dt.time(10, 0), *, tick: bool = False) -> Instant:
    """One named day of the week of A_MONDAY, say on("Monday"), at `time` in `zone`: for a test pinned to one day."""
    return Instant.local(zone, A_MONDAY + dt.timedelta(days=WEEKDAY_NAMES.index(weekday)), time, tick=tick)


def _param(instant: Instant, label: str):
    return pytest.param(instant, id=label)


def every_weekday(zone: str = UTC, time: dt.time = dt.time(10, 0), *, tick: bool = False) -> list:
    """Seven instants, Monday to Sunday of one week, at `time` on the user's wall clock in `zone`."""
    return [
        _param(Instant.local(zone, A_MONDAY + dt.timedelta(days=n), time, tick=tick), f"{WEEKDAY_NAMES[n]}-{zone}")
        for n in range(7)
    ]


def around_midnight(zone: str, *, tick: bool = False) -> list:
    """Just before and just after the user's midnight between Sunday and Monday, where a day and a week turn
    together: 23:58 on Sunday 13 December 2026 and 00:02 on Monday 14 (two minutes' room for a ticking clock)."""
    sunday = A_MONDAY + dt.timedelta(days=6)
    return [
        _param(Instant.local(zone, sunday, dt.time(23, 58), tick=tick), f"sunday-23.58-{zone}"),
        _param(Instant.local(zone, sunday + dt.timedelta(days=1), dt.time(0, 2), tick=tick), f"monday-00.02-{zone}"),
    ]


def midnights(zones=ZONES, *, tick: bool = False) -> list:
    """around_midnight for each zone: UTC, one zone west of it and one east."""
    return [param for zone in zones for param in around_midnight(zone, tick=tick)]


@dataclass(frozen=True)
class DstWeek:
    """A Monday-to-Sunday week with a daylight-saving change in `zone` (on its Sunday, as in Europe and
    North America). `hours`: how long the week is on the wall clock's terms (167 in spring, 169 in autumn)."""

    zone: str
    monday: dt.date
    hours: int

    @property
    def days(self) -> list[dt.date]:
        return [self.monday + dt.timedelta(days=n) for n in range(7)]

    def at(self, day: dt.date, time: dt.time, *, tick: bool = False) -> Instant:
        return Instant.local(self.zone, day, time, tick=tick)


DST_WEEKS = (
    DstWeek("Europe/Berlin", dt.date(2026, 10, 19), 169),  # clocks back on Sunday 25 October 2026, 03:00 -> 02:00
    DstWeek("Europe/Berlin", dt.date(2027, 3, 22), 167),  # clocks forward on Sunday 28 March 2027, 02:00 -> 03:00
    DstWeek("America/New_York", dt.date(2026, 10, 26), 169),  # back on Sunday 1 November 2026
    DstWeek("America/New_York", dt.date(2027, 3, 8), 167),  # forward on Sunday 14 March 2027
)


def dst_weeks() -> list:
    return [pytest.param(week, id=f"{week.zone}-{week.monday}") for week in DST_WEEKS]


class Clock:
    """The `clock` fixture: where the test is in time, and travel from there."""

    def __init__(self, machine: time_machine.TimeMachineFixture):
        self._machine = machine
        self.instant: Instant | None = None

    def travel(self, instant: Instant) -> Instant:
        self._machine.move_to(instant.moment, tick=instant.tick)
        self.instant = instant
        return instant

    def shift(self, delta: dt.timedelta) -> None:
        """Move the clock on (or back) by `delta`, say to log a set two minutes later."""
        self._machine.shift(delta)
        self.instant = replace(self._here, moment=self._here.moment + delta)

    @property
    def _here(self) -> Instant:
        if self.instant is None:
            raise RuntimeError("The clock has not travelled yet: parametrise `clock` or call clock.travel().")
        return self.instant

    @property
    def zone(self) -> str:
        return self._here.zone

    @property
    def today(self) -> dt.date:
        return self._here.today

    @property
    def monday(self) -> dt.date:
        return self._here.monday
