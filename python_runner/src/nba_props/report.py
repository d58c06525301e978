"""The feature-store summary: overall quality, feature gaps, daily coverage and quarantine.

:func:`build_report` reads the warehouse into a :class:`FeatureStoreReport`;
:meth:`FeatureStoreReport.to_dict` gives its JSON document and :func:`render_report` draws it
as rich tables. A diagnostics relation that does not exist (yet) makes its section
``available: false`` instead of failing the report; the feature store itself is required.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
from rich.console import Console
from rich.table import Table

from nba_props.warehouse import WarehouseError, WarehouseReader

FEATURE_STORE = ("predictions", "ml_feature_store_v2")
FEATURE_GAPS = ("predictions", "feature_gap_diagnosis")
DAILY_COVERAGE = ("predictions", "feature_store_daily_coverage")
RECONCILIATION = ("staging", "raw_row_reconciliation")
QUARANTINE = ("staging", "raw_quarantine")
PREDICTION_COVERAGE = ("predictions", "prediction_coverage_daily")
ACCURACY = ("predictions", "prediction_accuracy_summary")
CALIBRATION = ("predictions", "prediction_calibration")
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

#: Earlier played games a player needs for the coverage metric.
MIN_EARLIER_GAMES = 10

GAP_COLUMNS = (
    "feature_index",
    "feature_name",
    "category",
    "source_class",
    "is_optional",
    "row_count",
    "default_count",
    "default_share",
    "affected_players",
    "top_reasons",
    "out_of_range_count",
)
DAILY_COLUMNS = (
    "game_date",
    "players",
    "clean_rows",
    "quality_ready_rows",
    "rows_with_required_defaults",
    "rows_with_line",
    "ready_rows_with_line",
)
RECONCILIATION_COLUMNS = ("source_table", "raw_rows", "clean_rows", "quarantined_rows")


def _share(numerator: int, denominator: int) -> float | None:
    """``numerator / denominator``, or ``None`` when there is nothing to divide by."""
    return numerator / denominator if denominator else None


def _jsonable(value: Any) -> Any:
    """Convert a value read from the warehouse into plain JSON-compatible Python."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, pd.Timestamp | datetime):
        if value.hour == value.minute == value.second == value.microsecond == 0:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, np.ndarray | list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def frame_records(frame: pd.DataFrame) -> tuple[dict[str, Any], ...]:
    """Rows of ``frame`` as JSON-compatible dicts."""
    columns = list(frame.columns)
    return tuple(
        {column: _jsonable(value) for column, value in zip(columns, row, strict=True)}
        for row in frame.itertuples(index=False, name=None)
    )


def _window_clause(start_date: date | None, end_date: date | None) -> tuple[str, list[Any]]:
    """A ``where`` clause on ``game_date`` for the window, with its parameters."""
    conditions: list[str] = []
    params: list[Any] = []
    if start_date is not None:
        conditions.append("game_date >= ?")
        params.append(start_date)
    if end_date is not None:
        conditions.append("game_date <= ?")
        params.append(end_date)
    return (f"where {' and '.join(conditions)}" if conditions else ""), params


@dataclass(frozen=True)
class OverallSummary:
    """Whole-store (or window) counts and shares of ``predictions.ml_feature_store_v2``."""

    rows: int
    players: int
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
        return _share(self.clean_rows, self.rows)

    @property
    def quality_ready_share(self) -> float | None:
        """Share of rows that pass the quality gate (``is_quality_ready``)."""
        return _share(self.quality_ready_rows, self.rows)

    @property
    def line_and_history_ready_share(self) -> float | None:
        """Among rows with a points line and >= 10 earlier games: share quality-ready."""
        return _share(self.line_and_history_ready_rows, self.line_and_history_rows)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form, shares included."""
        return {
            "rows": self.rows,
            "players": self.players,
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
    """One diagnostics section: the relation it reads, whether it exists, rows and a summary."""

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
class FeatureStoreReport:
    """Everything ``nba-props report`` shows."""

    start_date: date | None
    end_date: date | None
    overall: OverallSummary
    feature_gaps: Section
    daily_coverage: Section
    quarantine: Section
    prediction_coverage: Section
    accuracy: Section
    calibration: Section

    def to_dict(self) -> dict[str, Any]:
        """One JSON-compatible document."""
        return {
            "window": {
                "start_date": _jsonable(self.start_date),
                "end_date": _jsonable(self.end_date),
            },
            "overall": self.overall.to_dict(),
            "feature_gaps": self.feature_gaps.to_dict(),
            "daily_coverage": self.daily_coverage.to_dict(),
            "quarantine": self.quarantine.to_dict(),
            "prediction_coverage": self.prediction_coverage.to_dict(),
            "accuracy": self.accuracy.to_dict(),
            "calibration": self.calibration.to_dict(),
        }


def overall_summary(
    warehouse: WarehouseReader,
    start_date: date | None = None,
    end_date: date | None = None,
) -> OverallSummary:
    """Counts and shares over the feature store rows in the window.

    Raises:
        WarehouseError: the feature store table does not exist.
    """
    if not warehouse.relation_exists(*FEATURE_STORE):
        raise WarehouseError(
            f"{warehouse.relation(*FEATURE_STORE)} does not exist; "
            "build the warehouse with `nba-props build`"
        )
    where, params = _window_clause(start_date, end_date)
    history = f"games_played_season >= {MIN_EARLIER_GAMES}"
    frame = warehouse.query_df(
        f"""
        select
            count(*) as rows,
            count(distinct player_id) as players,
            count(distinct game_date) as dates,
            min(game_date) as first_date,
            max(game_date) as last_date,
            count(case when default_feature_count = 0 then 1 end) as clean_rows,
            count(case when is_quality_ready then 1 end) as quality_ready_rows,
            count(case when vegas_points_line is not null then 1 end) as rows_with_line,
            count(case when vegas_points_line is not null and {history} then 1 end)
                as line_and_history_rows,
            count(case when vegas_points_line is not null and {history}
                and is_quality_ready then 1 end) as line_and_history_ready_rows
        from {warehouse.relation(*FEATURE_STORE)}
        {where}
        """,
        params,
    )
    row = frame_records(frame)[0]
    return OverallSummary(
        rows=int(row["rows"]),
        players=int(row["players"]),
        dates=int(row["dates"]),
        first_date=row["first_date"],
        last_date=row["last_date"],
        clean_rows=int(row["clean_rows"]),
        quality_ready_rows=int(row["quality_ready_rows"]),
        rows_with_line=int(row["rows_with_line"]),
        line_and_history_rows=int(row["line_and_history_rows"]),
        line_and_history_ready_rows=int(row["line_and_history_ready_rows"]),
    )


def feature_gaps(warehouse: WarehouseReader, top: int = 10) -> Section:
    """The ``top`` features by defaulted rows, from the gap-diagnosis table.

    The table covers the window of the dbt build that made it (`nba-props run` rebuilds it for
    its window); the report shows that window rather than filtering.
    """
    relation = warehouse.relation(*FEATURE_GAPS)
    if not warehouse.relation_exists(*FEATURE_GAPS):
        return Section(relation=relation, available=False)
    totals = frame_records(
        warehouse.query_df(
            f"""
            select
                count(*) as features,
                count(case when default_count > 0 then 1 end) as features_with_defaults,
                coalesce(sum(out_of_range_count), 0) as out_of_range_values,
                min(window_start) as window_start,
                max(window_end) as window_end
            from {relation}
            """
        )
    )[0]
    frame = warehouse.query_df(
        f"""
        select {", ".join(GAP_COLUMNS)}
        from {relation}
        order by default_count desc, feature_index
        limit ?
        """,
        [top],
    )
    summary = {
        "window_applied": False,
        "top": top,
        "features": int(totals["features"]),
        "features_with_defaults": int(totals["features_with_defaults"]),
        "out_of_range_values": int(totals["out_of_range_values"]),
        "window_start": totals["window_start"],
        "window_end": totals["window_end"],
    }
    return Section(relation=relation, available=True, rows=frame_records(frame), summary=summary)


def daily_coverage(
    warehouse: WarehouseReader,
    start_date: date | None = None,
    end_date: date | None = None,
    recent_days: int = 10,
) -> Section:
    """Per-date coverage in the window: totals, the weakest date and the last ``recent_days``."""
    relation = warehouse.relation(*DAILY_COVERAGE)
    if not warehouse.relation_exists(*DAILY_COVERAGE):
        return Section(relation=relation, available=False)
    where, params = _window_clause(start_date, end_date)
    frame = warehouse.query_df(
        f"select {', '.join(DAILY_COLUMNS)} from {relation} {where} order by game_date",
        params,
    )
    players = frame["players"].astype("float64")
    with_line = frame["rows_with_line"].astype("float64")
    frame = frame.assign(
        quality_ready_share=(frame["quality_ready_rows"] / players.where(players > 0)),
        line_ready_share=(frame["ready_rows_with_line"] / with_line.where(with_line > 0)),
    )
    summary: dict[str, Any] = {
        "window_applied": start_date is not None or end_date is not None,
        "dates": len(frame),
        "player_rows": int(frame["players"].sum()),
        "quality_ready_rows": int(frame["quality_ready_rows"].sum()),
        "dates_with_lines": int((frame["rows_with_line"] > 0).sum()),
        "mean_daily_quality_ready_share": _jsonable(frame["quality_ready_share"].mean()),
        "weakest_date": None,
        "weakest_quality_ready_share": None,
        "recent_days": recent_days,
    }
    shares = frame["quality_ready_share"].dropna()
    if not shares.empty:
        weakest = frame.loc[shares.idxmin()]
        summary["weakest_date"] = _jsonable(weakest["game_date"])
        summary["weakest_quality_ready_share"] = _jsonable(weakest["quality_ready_share"])
    recent = frame.tail(recent_days) if recent_days > 0 else frame.iloc[0:0]
    return Section(relation=relation, available=True, rows=frame_records(recent), summary=summary)


def quarantine(warehouse: WarehouseReader) -> Section:
    """Raw, clean and quarantined rows per raw table, with the quarantine reasons."""
    relation = warehouse.relation(*RECONCILIATION)
    if not warehouse.relation_exists(*RECONCILIATION):
        return Section(relation=relation, available=False)
    frame = warehouse.query_df(
        f"select {', '.join(RECONCILIATION_COLUMNS)} from {relation} order by source_table"
    )
    frame = frame.assign(
        reconciles=frame["raw_rows"] == frame["clean_rows"] + frame["quarantined_rows"]
    )
    reasons: tuple[dict[str, Any], ...] = ()
    if warehouse.relation_exists(*QUARANTINE):
        reasons = frame_records(
            warehouse.query_df(
                f"""
                select source_table, quarantine_reason, count(*) as row_count
                from {warehouse.relation(*QUARANTINE)}
                group by source_table, quarantine_reason
                order by source_table, row_count desc, quarantine_reason
                """
            )
        )
    summary = {
        "raw_rows": int(frame["raw_rows"].sum()),
        "quarantined_rows": int(frame["quarantined_rows"].sum()),
        "all_reconcile": bool(frame["reconciles"].all()),
        "reasons": list(reasons),
    }
    return Section(relation=relation, available=True, rows=frame_records(frame), summary=summary)


def wilson_interval(successes: int, trials: int, z: float = 1.96) -> tuple[float, float] | None:
    """95 % Wilson score interval of a hit rate (None without trials)."""
    if trials <= 0:
        return None
    rate = successes / trials
    centre = (rate + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * ((rate * (1 - rate) / trials + z * z / (4 * trials * trials)) ** 0.5)
    half /= 1 + z * z / trials
    return centre - half, centre + half


def prediction_coverage(
    warehouse: WarehouseReader, start_date: date | None = None, end_date: date | None = None
) -> Section:
    """Predictions per day in the window, the share blocked and the block reasons."""
    relation = warehouse.relation(*PREDICTION_COVERAGE)
    if not warehouse.relation_exists(*PREDICTION_COVERAGE):
        return Section(relation=relation, available=False)
    where, params = _window_clause(start_date, end_date)
    frame = warehouse.query_df(f"select * from {relation} {where} order by game_date", params)
    candidates = int(frame["candidates"].sum())
    blocked = int(frame["blocked"].sum())
    summary: dict[str, Any] = {
        "dates": len(frame),
        "candidates": candidates,
        "predicted": int(frame["predicted"].sum()),
        "blocked": blocked,
        "blocked_share": _share(blocked, candidates),
        "predictions_per_day": _jsonable(frame["predicted"].mean()) if len(frame) else None,
        "predicted_with_line": int(frame["predicted_with_line"].sum()),
        "with_line": int(frame["with_line"].sum()),
        "blocked_by_reason": {reason: int(frame[reason].sum()) for reason in BLOCK_REASONS},
    }
    return Section(relation=relation, available=True, summary=summary)


def accuracy(warehouse: WarehouseReader) -> Section:
    """Model vs line vs last-10 baseline MAE, bias and hit rates (with 95 % intervals) by slice,
    over the window of the last grading build."""
    relation = warehouse.relation(*ACCURACY)
    if not warehouse.relation_exists(*ACCURACY):
        return Section(relation=relation, available=False)
    frame = warehouse.query_df(f"select * from {relation} order by slice_name, slice_value")
    intervals = [
        wilson_interval(int(correct or 0), int(picks or 0))
        for correct, picks in zip(frame["correct_picks"], frame["graded_picks"], strict=True)
    ]
    frame = frame.assign(
        hit_rate_low=[None if i is None else i[0] for i in intervals],
        hit_rate_high=[None if i is None else i[1] for i in intervals],
    )
    summary = {
        "first_game_date": _jsonable(frame["first_game_date"].min()) if len(frame) else None,
        "last_game_date": _jsonable(frame["last_game_date"].max()) if len(frame) else None,
    }
    return Section(relation=relation, available=True, rows=frame_records(frame), summary=summary)


def calibration(warehouse: WarehouseReader) -> Section:
    """prob_over in tenths beside the observed over rate, with the Brier score overall (0.25 is
    what a constant 0.5 scores), over the window of the last grading build."""
    relation = warehouse.relation(*CALIBRATION)
    if not warehouse.relation_exists(*CALIBRATION):
        return Section(relation=relation, available=False)
    frame = warehouse.query_df(f"select * from {relation} order by system_id, bucket_index")
    rows = int(frame["rows_with_outcome"].sum())
    weighted = (frame["brier_score"] * frame["rows_with_outcome"]).sum()
    summary = {
        "rows_with_outcome": rows,
        "brier_score": float(weighted / rows) if rows else None,
        "constant_half_brier_score": 0.25,
    }
    return Section(relation=relation, available=True, rows=frame_records(frame), summary=summary)


def build_report(
    warehouse: WarehouseReader,
    start_date: date | None = None,
    end_date: date | None = None,
    top: int = 10,
    recent_days: int = 10,
) -> FeatureStoreReport:
    """Read every section of the report.

    Args:
        warehouse: where to read.
        start_date, end_date: inclusive game-date window for the overall and daily sections.
        top: how many features of the gap diagnosis to keep (most defaulted first).
        recent_days: how many of the window's last dates to list in the daily section.

    Raises:
        ValueError: the window is empty (start after end) or ``top`` is negative.
        WarehouseError: the feature store is missing or a query failed.
    """
    if start_date is not None and end_date is not None and start_date > end_date:
        raise ValueError(f"start date {start_date} is after end date {end_date}")
    if top < 0 or recent_days < 0:
        raise ValueError("top and recent_days must not be negative")
    return FeatureStoreReport(
        start_date=start_date,
        end_date=end_date,
        overall=overall_summary(warehouse, start_date, end_date),
        feature_gaps=feature_gaps(warehouse, top),
        daily_coverage=daily_coverage(warehouse, start_date, end_date, recent_days),
        quarantine=quarantine(warehouse),
        prediction_coverage=prediction_coverage(warehouse, start_date, end_date),
        accuracy=accuracy(warehouse),
        calibration=calibration(warehouse),
    )


# --- rendering -------------------------------------------------------------------------------


def percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _count(value: Any) -> str:
    return "-" if value is None else f"{int(value):,}"


def _text(value: Any) -> str:
    """A readable cell for arbitrary (possibly nested) report values."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, Mapping):
        return ", ".join(f"{key}: {_text(item)}" for key, item in value.items())
    if isinstance(value, Sequence) and not isinstance(value, str):
        return "; ".join(_text(item) for item in value)
    return str(value)


def _unavailable(console: Console, section: Section, title: str) -> None:
    console.print(f"[bold]{title}[/bold]: [yellow]{section.relation} not in the warehouse[/yellow]")


def _render_overall(console: Console, report: FeatureStoreReport) -> None:
    overall = report.overall
    window = (
        f"{report.start_date or 'start'} .. {report.end_date or 'end'}"
        if report.start_date or report.end_date
        else "all dates"
    )
    table = Table(title=f"Feature store ({window})", show_header=False, title_justify="left")
    table.add_column("metric")
    table.add_column("value", justify="right")
    table.add_row("rows", _count(overall.rows))
    table.add_row("players", _count(overall.players))
    table.add_row("dates", f"{overall.dates:,} ({overall.first_date} .. {overall.last_date})")
    table.add_row("clean rows (no defaulted feature)", percent(overall.clean_share))
    table.add_row("quality-ready rows", percent(overall.quality_ready_share))
    table.add_row("rows with a points line", _count(overall.rows_with_line))
    table.add_row(
        f"line + >= {MIN_EARLIER_GAMES} earlier games: quality-ready",
        f"{percent(overall.line_and_history_ready_share)} of {overall.line_and_history_rows:,}",
    )
    console.print(table)


def _render_gaps(console: Console, section: Section) -> None:
    title = "Feature gaps"
    if not section.available:
        _unavailable(console, section, title)
        return
    summary = section.summary
    table = Table(
        title=(
            f"{title}: top {summary['top']} by defaulted rows "
            f"({summary['features_with_defaults']} of {summary['features']} features have "
            f"defaults; {summary['out_of_range_values']} values out of contract range; "
            f"{summary['window_start']} .. {summary['window_end']})"
        ),
        title_justify="left",
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("feature", no_wrap=True)
    table.add_column("category / source", overflow="fold")
    for column in ("defaults", "share", "players", "out of range"):
        table.add_column(column, justify="right", no_wrap=True)
    table.add_column("top reasons", overflow="fold", min_width=20)
    for row in section.rows:
        reasons = row["top_reasons"]
        table.add_row(
            str(row["feature_index"]),
            f"{row['feature_name']}{' (optional)' if row['is_optional'] else ''}",
            f"{_text(row['category'])} / {_text(row['source_class'])}",
            _count(row["default_count"]),
            percent(row["default_share"]),
            _count(row["affected_players"]),
            _count(row["out_of_range_count"]),
            reasons.replace(", ", "\n") if isinstance(reasons, str) else _text(reasons),
        )
    console.print(table)


def _render_daily(console: Console, section: Section) -> None:
    title = "Daily coverage"
    if not section.available:
        _unavailable(console, section, title)
        return
    summary = section.summary
    table = Table(
        title=(
            f"{title}: last {len(section.rows)} of {summary['dates']} dates "
            f"(mean ready share {percent(summary['mean_daily_quality_ready_share'])}, weakest "
            f"{summary['weakest_date']} at {percent(summary['weakest_quality_ready_share'])})"
        ),
        title_justify="left",
    )
    for column in (
        "date",
        "players",
        "clean",
        "ready",
        "ready %",
        "required defaults",
        "with line",
        "ready with line",
    ):
        table.add_column(column, justify="left" if column == "date" else "right", no_wrap=True)
    for row in section.rows:
        table.add_row(
            str(row["game_date"]),
            _count(row["players"]),
            _count(row["clean_rows"]),
            _count(row["quality_ready_rows"]),
            percent(row["quality_ready_share"]),
            _count(row["rows_with_required_defaults"]),
            _count(row["rows_with_line"]),
            _count(row["ready_rows_with_line"]),
        )
    console.print(table)


def _render_quarantine(console: Console, section: Section) -> None:
    title = "Raw rows and quarantine"
    if not section.available:
        _unavailable(console, section, title)
        return
    reasons: dict[str, list[str]] = {}
    for reason in section.summary.get("reasons", []):
        reasons.setdefault(reason["source_table"], []).append(
            f"{reason['quarantine_reason']} ({reason['row_count']:,})"
        )
    table = Table(title=title, title_justify="left")
    for column in ("table", "raw", "clean", "quarantined", "reconciles", "reasons"):
        numeric = column in {"raw", "clean", "quarantined"}
        table.add_column(column, justify="right" if numeric else "left", no_wrap=numeric)
    for row in section.rows:
        table.add_row(
            str(row["source_table"]),
            _count(row["raw_rows"]),
            _count(row["clean_rows"]),
            _count(row["quarantined_rows"]),
            "yes" if row["reconciles"] else "[red]NO[/red]",
            ", ".join(reasons.get(row["source_table"], [])) or "-",
        )
    console.print(table)


def _render_prediction_coverage(console: Console, section: Section) -> None:
    title = "Predictions and the gate"
    if not section.available or not section.summary.get("dates"):
        console.print(f"[dim]{title}: no predictions yet (`nba-props predict`)[/dim]")
        return
    summary = section.summary
    table = Table(title=title, title_justify="left", show_header=False)
    table.add_column("metric")
    table.add_column("value", justify="right")
    table.add_row("dates", _count(summary["dates"]))
    table.add_row("candidates", _count(summary["candidates"]))
    table.add_row("predicted", _count(summary["predicted"]))
    table.add_row("predictions per day", f"{summary['predictions_per_day']:.1f}")
    table.add_row("blocked", f"{_count(summary['blocked'])} ({percent(summary['blocked_share'])})")
    for reason, rows in summary["blocked_by_reason"].items():
        table.add_row(f"  {reason.removeprefix('blocked_')}", _count(rows))
    table.add_row(
        "predicted with a line",
        f"{_count(summary['predicted_with_line'])} of {_count(summary['with_line'])}",
    )
    console.print(table)


def _mae(value: Any) -> str:
    return "-" if value is None or pd.isna(value) else f"{value:.3f}"


def _slice_label(name: str, value: str) -> str:
    return f"edge {value}" if name == "edge_bucket" else str(value)


def _graded(console: Console, section: Section, title: str) -> bool:
    """Whether a grading section has rows; says so in a dim line when it has none."""
    if section.available and section.rows:
        return True
    console.print(f"[dim]{title}: nothing graded yet (`nba-props grade`)[/dim]")
    return False


def _render_accuracy(console: Console, section: Section) -> None:
    title = "Accuracy (graded, predicted rows)"
    if not _graded(console, section, title):
        return
    summary = section.summary
    table = Table(
        title=f"{title}, {summary['first_game_date']} .. {summary['last_game_date']}",
        title_justify="left",
    )
    for column in (
        "slice", "rows w/ line", "model MAE", "line MAE", "L10 MAE", "bias",
        "picks", "hit rate [95% CI]", "pushes", "voids",
    ):  # fmt: skip
        table.add_column(column, justify="left" if column == "slice" else "right", no_wrap=True)
    for row in section.rows:
        low, high = percent(row["hit_rate_low"]), percent(row["hit_rate_high"])
        interval = "-" if row["hit_rate"] is None else f"{percent(row['hit_rate'])} [{low}-{high}]"
        table.add_row(
            _slice_label(row["slice_name"], row["slice_value"]),
            _count(row["rows_with_line"]),
            _mae(row["model_mae"]),
            _mae(row["line_mae"]),
            _mae(row["baseline_mae"]),
            _mae(row["bias"]),
            _count(row["graded_picks"]),
            interval,
            _count(row["pushes"]),
            _count(row["voids"]),
        )
    console.print(table)


def _render_calibration(console: Console, section: Section) -> None:
    title = "prob_over calibration against the line"
    if not _graded(console, section, title):
        return
    summary = section.summary
    table = Table(
        title=(
            f"{title}: Brier {_mae(summary['brier_score'])} on "
            f"{_count(summary['rows_with_outcome'])} rows "
            f"(a constant 0.5 scores {summary['constant_half_brier_score']:.3f})"
        ),
        title_justify="left",
    )
    for column in ("prob_over", "rows", "mean prob_over", "went over", "Brier"):
        table.add_column(column, justify="left" if column == "prob_over" else "right", no_wrap=True)
    for row in section.rows:
        table.add_row(
            f"{row['prob_from']:.1f}-{row['prob_to']:.1f}",
            _count(row["rows_with_outcome"]),
            percent(row["mean_prob_over"]),
            percent(row["over_rate"]),
            _mae(row["brier_score"]),
        )
    console.print(table)


def render_report(report: FeatureStoreReport, console: Console) -> None:
    """Draw the report as rich tables on ``console``."""
    _render_overall(console, report)
    _render_gaps(console, report.feature_gaps)
    _render_daily(console, report.daily_coverage)
    _render_quarantine(console, report.quarantine)
    _render_prediction_coverage(console, report.prediction_coverage)
    _render_accuracy(console, report.accuracy)
    _render_calibration(console, report.calibration)
