"""Charts drawn on the server as inline SVG: no script, no library, nothing fetched from elsewhere.

This module turns a table into coordinates; ``templates/monitoring/_charts.html``
writes the markup. Every chart sits next to the table it is drawn from, so
the figures are readable without the picture.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from .tables import Table

PALETTE = ("#1f4e79", "#b8471b", "#2f7d32", "#7b3f98", "#a07800", "#00838f", "#c2185b", "#5d4037")
WIDTH = 640


@dataclass(frozen=True)
class Bar:
    """A horizontal bar with its name on the left and its value at its end."""

    y: float
    width: float
    label: str
    value: float


@dataclass
class BarChart:
    title: str
    bars: list[Bar]
    width: int = WIDTH
    height: int = 0
    label_width: int = 230
    bar_height: int = 24


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: float
    label: str


@dataclass
class Series:
    """One line: its name, its colour and its points; ``path`` skips the gaps where a value is missing."""

    name: str
    colour: str
    points: list[Point | None]

    @property
    def path(self) -> str:
        commands, pen_down = [], False
        for point in self.points:
            if point is None:
                pen_down = False
                continue
            commands.append(f"{'L' if pen_down else 'M'} {point.x:.1f} {point.y:.1f}")
            pen_down = True
        return " ".join(commands)


@dataclass
class LineChart:
    title: str
    series: list[Series]
    x_labels: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    width: int = WIDTH
    height: int = 260
    left: int = 52
    right: int = 16
    top: int = 14
    bottom: int = 36
    plot: dict = field(default_factory=dict)


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten that is at least ``value`` (1 for nothing)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power  # pragma: no cover


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def bar_chart(table: Table, value_column: int = 1) -> BarChart:
    """Horizontal bars, one per row: the row's first cell names it, ``value_column`` sizes it."""
    chart = BarChart(table.title, [])
    top = max([row[value_column] or 0 for row in table.rows] + [0])
    scale = nice_ceiling(top)
    room = chart.width - chart.label_width - 60
    step = chart.bar_height + 10
    for index, row in enumerate(table.rows):
        value = row[value_column] or 0
        chart.bars.append(Bar(y=8 + index * step, width=room * value / scale, label=str(row[0]), value=value))
    chart.height = 16 + len(table.rows) * step
    return chart


def line_chart(table: Table, columns: list[int] | None = None) -> LineChart:
    """A line per chosen column (every column after the first by default), over the rows in their order."""
    chart = LineChart(table.title, [], [], [])
    columns = columns or list(range(1, len(table.columns)))
    plot_width = chart.width - chart.left - chart.right
    plot_height = chart.height - chart.top - chart.bottom
    values = [row[c] for row in table.rows for c in columns if row[c] is not None]
    scale = nice_ceiling(max(values + [0]))
    count = len(table.rows)

    def x(index: int) -> float:
        return chart.left + (plot_width * (index + 0.5) / count if count else 0)

    def y(value: float) -> float:
        return chart.top + plot_height * (1 - value / scale)

    chart.x_labels = [(x(i), str(row[0])) for i, row in enumerate(table.rows)]
    chart.y_ticks = [(y(scale * k / 4), _number(scale * k / 4)) for k in range(5)]
    for number, column in enumerate(columns):
        points = [Point(x(i), y(row[column]), row[column], str(row[0])) if row[column] is not None else None
                  for i, row in enumerate(table.rows)]
        chart.series.append(Series(table.columns[column], PALETTE[number % len(PALETTE)], points))
    chart.plot = {"x": chart.left, "y": chart.top, "width": plot_width, "height": plot_height}
    return chart
