"""training_log.charts: nice ticks, scaling, date labels, and the edge cases (one point, equal values, none)."""

import datetime
from decimal import Decimal

import pytest

from training_log.domain import charts

D = Decimal


@pytest.mark.parametrize(
    ("span", "step"),
    [
        (D(100), D(25)),  # 100 / 4 = 25
        (D(90), D("25")),  # 22.5 rounds up to 25
        (D(40), D(10)),
        (D(7), D(2)),  # 1.75 -> 2
        (D("0.3"), D("0.1")),  # 0.075 -> 0.1
        (D(1200), D(500)),  # 300 -> 500
        (D(0), D(1)),
    ],
)
def test_nice_step(span, step):
    assert charts.nice_step(span) == step


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([D(182), D(237)], (D(180), D(240), D(20))),  # 55 / 4 = 13.75 -> 20; 180 .. 240
        ([D(180), D(237)], (D(160), D(240), D(20))),  # a low on a tick: one step lower, off the axis
        ([D(0), D(40)], (D(0), D(40), D(10))),  # but never below zero from zero
        ([D("102.5"), D("107.5")], (D(102), D(108), D(2))),
        ([D(225)], (D(210), D(240), D(10))),  # one value: a band of 5 % either side (11.25), steps of 10
        ([D(0), D(0)], (D(-1), D(1), D("0.5"))),  # zero: a band of 1
    ],
)
def test_value_range_starts_and_ends_on_a_tick(values, expected):
    assert charts.value_range(values) == expected


@pytest.mark.parametrize(
    ("value", "label"), [(D(1250), "1,250"), (D("102.50"), "102.5"), (D(0), "0"), (D("2.5E+2"), "250")]
)
def test_format_value(value, label):
    assert charts.format_value(value) == label


@pytest.mark.parametrize(
    ("first", "last", "labels"),
    [
        # Three months: the first of each month.
        (datetime.date(2026, 8, 27), datetime.date(2026, 11, 27), ["Sep", "Oct", "Nov"]),
        # A year: every third month; January shows its year.
        (datetime.date(2025, 11, 27), datetime.date(2026, 11, 27), ["2026", "Apr", "Jul", "Oct"]),
        # Three years: every year.
        (datetime.date(2023, 11, 1), datetime.date(2026, 11, 27), ["2024", "2025", "2026"]),
        # A few weeks: Mondays.
        (datetime.date(2026, 11, 1), datetime.date(2026, 11, 27), ["2 Nov", "9 Nov", "16 Nov", "23 Nov"]),
        # Ten weeks: every other Monday at most four times.
        (datetime.date(2026, 9, 20), datetime.date(2026, 11, 27), ["21 Sep", "12 Oct", "2 Nov", "23 Nov"]),
    ],
)
def test_date_ticks(first, last, labels):
    ticks = charts.date_ticks(first, last)
    assert [label for _, label in ticks] == labels
    assert all(first <= day <= last for day, _ in ticks)


def _chart(*series, **kwargs):
    return charts.line_chart(list(series), **kwargs)


def test_points_scale_into_the_plot_box():
    day = datetime.date(2026, 1, 5)
    chart = _chart(("e1RM", [(day, D(182)), (day + datetime.timedelta(days=10), D(240))]))
    first, last = chart.lines[0].points
    # The axis runs 180 to 240: 182 sits just above the bottom edge at the left, 240 on the top edge at the right.
    assert first.x == chart.left
    assert first.y == pytest.approx(chart.bottom - (chart.bottom - chart.top) * 2 / 60, abs=0.1)
    assert (last.x, last.y) == (chart.right, chart.top)
    assert chart.lines[0].path == f"M{first.x},{first.y} L{last.x},{last.y}"
    assert [tick.label for tick in chart.value_ticks] == ["180", "200", "220", "240"]
    assert [tick.position for tick in chart.value_ticks] == sorted(
        (tick.position for tick in chart.value_ticks), reverse=True
    )


def test_both_series_share_the_axes():
    day = datetime.date(2026, 1, 5)
    later = day + datetime.timedelta(days=7)
    chart = _chart(("e1RM", [(day, D(200)), (later, D(210))]), ("Top", [(day, D(180)), (later, D(190))]))
    e1rm, top = chart.lines
    assert top.points[0].y > e1rm.points[0].y  # lighter is lower
    assert top.points[0].x == e1rm.points[0].x


def test_one_point_sits_in_the_middle_with_its_date():
    day = datetime.date(2026, 3, 4)
    chart = _chart(("e1RM", [(day, D(225))]))
    (point,) = chart.lines[0].points
    assert point.x == (chart.left + chart.right) / 2
    assert point.y == pytest.approx((chart.top + chart.bottom) / 2)
    assert [tick.label for tick in chart.date_ticks] == ["4 Mar 2026"]


def test_equal_values_draw_a_flat_line_mid_chart():
    day = datetime.date(2026, 3, 2)
    chart = _chart(("e1RM", [(day + datetime.timedelta(days=n), D(100)) for n in range(4)]))
    ys = [point.y for point in chart.lines[0].points]
    assert ys == [pytest.approx((chart.top + chart.bottom) / 2)] * 4


def test_a_range_widens_the_date_axis():
    start, end = datetime.date(2026, 8, 27), datetime.date(2026, 11, 27)
    chart = _chart(("e1RM", [(datetime.date(2026, 10, 12), D(100))]), start=start, end=end)
    (point,) = chart.lines[0].points
    assert chart.left < point.x < chart.right
    assert [tick.label for tick in chart.date_ticks] == ["Sep", "Oct", "Nov"]


def test_points_are_drawn_in_date_order():
    day = datetime.date(2026, 3, 2)
    chart = _chart(("e1RM", [(day + datetime.timedelta(days=7), D(110)), (day, D(100))]))
    assert [p.day for p in chart.lines[0].points] == [day, day + datetime.timedelta(days=7)]


def test_no_points_is_an_empty_chart():
    chart = _chart(("e1RM", []), ("Top", []))
    assert chart.is_empty
    assert chart.value_ticks == () and chart.date_ticks == ()
    assert [line.name for line in chart.lines] == ["e1RM", "Top"]
