"""The report as data: typed sections read from the marts, and their JSON form.

Every renderer (terminal, JSON, HTML) draws a :class:`Report`; nothing here queries the
warehouse or formats text.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from nba_props.window import BuildWindow

#: The block-reason columns of prediction_coverage_daily, and how the report names them.
BLOCK_REASONS = (
    "blocked_required_defaults",
    "blocked_red_alert",
    "blocked_matchup_below_50",
    "blocked_no_feature_row",
    "blocked_unknown_quality",
    "blocked_quality_below",
    "blocked_team_unresolved",
    "blocked_player_out",
)
BLOCK_LABELS = {
    reason: reason.removeprefix("blocked_").replace("_", " ") for reason in BLOCK_REASONS
}

#: Earlier played games a player needs for the coverage metric (feature_store_daily_coverage).
MIN_EARLIER_GAMES = 10


def share(numerator: int, denominator: int) -> float | None:
    """``numerator / denominator``, or ``None`` when there is nothing to divide by."""
    return numerator / denominator if denominator else None


def _time_text(value: date) -> str:
    """A date, or a timestamp (a midnight one as its date), in ISO form."""
    if isinstance(value, datetime) and (
        value.hour,
        value.minute,
        value.second,
        value.microsecond,
    ) == (0, 0, 0, 0):
        return value.date().isoformat()
    return value.isoformat()


def jsonable(value: Any) -> Any:
    """Convert a value read from the warehouse into plain JSON-compatible Python."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, date):  # pd.Timestamp and datetime are dates too
        return _time_text(value)
    if isinstance(value, np.ndarray | list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def frame_records(frame: pd.DataFrame) -> tuple[dict[str, Any], ...]:
    """Rows of ``frame`` as JSON-compatible dicts."""
    columns = list(frame.columns)
    return tuple(
        {column: jsonable(value) for column, value in zip(columns, row, strict=True)}
        for row in frame.itertuples(index=False, name=None)
    )


def wilson_interval(successes: int, trials: int, z: float = 1.96) -> tuple[float, float] | None:
    """95 % Wilson score interval of a hit rate (None without trials)."""
    if trials <= 0:
        return None
    rate = successes / trials
    centre = (rate + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * ((rate * (1 - rate) / trials + z * z / (4 * trials * trials)) ** 0.5)
    half /= 1 + z * z / trials
    return centre - half, centre + half


@dataclass(frozen=True)
class Window:
    """The inclusive game-date window of the report (None = unbounded on that side)."""

    start: date | None = None
    end: date | None = None

    def __post_init__(self) -> None:
        BuildWindow(self.start, self.end)  # the one check: start not after end

    @property
    def label(self) -> str:
        """``start .. end`` or ``all dates``."""
        if self.start is None and self.end is None:
            return "all dates"
        return f"{self.start or 'start'} .. {self.end or 'end'}"

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {"start_date": jsonable(self.start), "end_date": jsonable(self.end)}


@dataclass(frozen=True)
class OverallSummary:
    """Feature-store counts and shares in the window (feature_store_daily_coverage summed)."""

    rows: int
    dates: int
    first_date: str | None
    last_date: str | None
    clean_rows: int
    quality_ready_rows: int
    rows_with_line: int
    line_and_history_rows: int
    line_and_history_ready_rows: int

    @property
    def clean_share(self) -> float | None:
        """Share of rows with no defaulted feature (``default_feature_count = 0``)."""
        return share(self.clean_rows, self.rows)

    @property
    def quality_ready_share(self) -> float | None:
        """Share of rows that pass the quality gate (``is_quality_ready``)."""
        return share(self.quality_ready_rows, self.rows)

    @property
    def line_and_history_ready_share(self) -> float | None:
        """Among rows with a points line and >= 10 earlier games: share quality-ready."""
        return share(self.line_and_history_ready_rows, self.line_and_history_rows)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form, shares included."""
        return {
            "rows": self.rows,
            "dates": self.dates,
            "first_date": self.first_date,
            "last_date": self.last_date,
            "clean_rows": self.clean_rows,
            "clean_share": self.clean_share,
            "quality_ready_rows": self.quality_ready_rows,
            "quality_ready_share": self.quality_ready_share,
            "rows_with_line": self.rows_with_line,
            "min_earlier_games": MIN_EARLIER_GAMES,
            "line_and_history_rows": self.line_and_history_rows,
            "line_and_history_ready_rows": self.line_and_history_ready_rows,
            "line_and_history_ready_share": self.line_and_history_ready_share,
        }


@dataclass(frozen=True)
class Section:
    """One mart's part of the report: the relation it reads, whether it exists, rows, summary."""

    relation: str
    available: bool
    rows: tuple[dict[str, Any], ...] = ()
    summary: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "relation": self.relation,
            "available": self.available,
            **dict(self.summary),
            "rows": list(self.rows),
        }


@dataclass(frozen=True)
class Report:
    """Everything ``nba-props report`` shows, in every format."""

    window: Window
    overall: OverallSummary
    feature_gaps: Section
    default_heatmap: Section
    daily_coverage: Section
    quarantine: Section
    prediction_coverage: Section
    what_if: Section
    accuracy: Section
    accuracy_weekly: Section
    calibration: Section
    picks: Section

    @property
    def leakage_alarms(self) -> tuple[str, ...]:
        """The leakage alarms the window's accuracy raises (nba_props.alarms); none without
        graded predictions."""
        return tuple(self.accuracy.summary.get("leakage_alarms", ()))

    def to_dict(self) -> dict[str, Any]:
        """One JSON-compatible document."""
        return {
            "window": self.window.to_dict(),
            "overall": self.overall.to_dict(),
            "feature_gaps": self.feature_gaps.to_dict(),
            "default_heatmap": self.default_heatmap.to_dict(),
            "daily_coverage": self.daily_coverage.to_dict(),
            "quarantine": self.quarantine.to_dict(),
            "prediction_coverage": self.prediction_coverage.to_dict(),
            "what_if": self.what_if.to_dict(),
            "accuracy": self.accuracy.to_dict(),
            "accuracy_weekly": self.accuracy_weekly.to_dict(),
            "calibration": self.calibration.to_dict(),
            "picks": self.picks.to_dict(),
        }
