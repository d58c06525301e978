"""Reading the report's dbt marts for a window into a :class:`~nba_props.report.model.Report`.

The marts hold the whole history keyed by game date or week; the report only filters them to
its window and sums their additive columns (a mean is the window's sum over its count). Model
relations come from the dbt manifest by runner role (``warehouse.relation(role)``).
A mart that does not exist (yet) makes its section ``available: false``; the feature store's
daily coverage is required.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from nba_props.alarms import hit_rate_alarm, mae_alarm
from nba_props.picks import day_picks, latest_pick_date
from nba_props.report.model import (
    BLOCK_REASONS,
    OverallSummary,
    Report,
    Section,
    Window,
    frame_records,
    jsonable,
    share,
    wilson_interval,
)
from nba_props.warehouse import WarehouseError, WarehouseReader

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
#: The additive columns of prediction_accuracy_daily and the means the report forms from them.
ACCURACY_SUMS = (
    "predictions", "voids", "passes", "no_line", "pushes", "graded_picks", "correct_picks",
    "rows_with_line", "rows_with_outcome", "went_over_count",
)  # fmt: skip
ACCURACY_MEANS = {
    "hit_rate": ("correct_picks", "graded_picks"),
    "break_even_hit_rate": ("break_even_sum", "graded_picks"),
    "model_mae": ("model_abs_error_sum", "rows_with_line"),
    "line_mae": ("line_abs_error_sum", "rows_with_line"),
    "baseline_mae": ("baseline_abs_error_sum", "rows_with_baseline"),
    "bias": ("signed_error_sum", "played_rows"),
    "mean_prob_over": ("prob_over_sum", "rows_with_outcome"),
    "over_rate": ("went_over_count", "rows_with_outcome"),
    "brier_score": ("brier_sum", "rows_with_outcome"),
}
CALIBRATION_SLICE = "prob_over_tenth"


class MartReader:
    """Reads the marts of one warehouse for one window."""

    def __init__(self, warehouse: WarehouseReader, window: Window):
        self.warehouse = warehouse
        self.window = window

    def name(self, model: str) -> str:
        """The relation of the mart of a runner role."""
        return self.warehouse.relation(model)

    def exists(self, model: str) -> bool:
        """Whether the mart of a runner role has been built."""
        return self.warehouse.relation_exists(model)

    def where(self, column: str = "game_date", week: bool = False) -> tuple[str, list[Any]]:
        """A ``where`` clause cutting ``column`` to the window (a week column: every week that
        overlaps it), with its parameters."""
        conditions: list[str] = []
        params: list[Any] = []
        start, end = self.window.start, self.window.end
        if start is not None:
            conditions.append(f"{column} >= ?")
            params.append(start - timedelta(days=6) if week else start)
        if end is not None:
            conditions.append(f"{column} <= ?")
            params.append(end)
        return (f"where {' and '.join(conditions)}" if conditions else ""), params

    def overall(self) -> OverallSummary:
        """Feature-store totals of the window, summed from feature_store_daily_coverage.

        Raises:
            WarehouseError: the feature store has not been built.
        """
        model = "store_daily_coverage"
        if not self.exists(model):
            raise WarehouseError(
                f"{self.name(model)} does not exist; build the warehouse with `nba-props build`"
            )
        where, params = self.where()
        row = frame_records(
            self.warehouse.query_df(
                f"""
                select
                    count(*) as dates,
                    min(game_date) as first_date,
                    max(game_date) as last_date,
                    coalesce(sum(players), 0) as rows,
                    coalesce(sum(clean_rows), 0) as clean_rows,
                    coalesce(sum(quality_ready_rows), 0) as quality_ready_rows,
                    coalesce(sum(rows_with_line), 0) as rows_with_line,
                    coalesce(sum(rows_with_line_and_10_games), 0) as line_and_history_rows,
                    coalesce(sum(ready_rows_with_line_and_10_games), 0)
                        as line_and_history_ready_rows
                from {self.name(model)}
                {where}
                """,
                params,
            )
        )[0]
        return OverallSummary(
            rows=int(row["rows"]),
            dates=int(row["dates"]),
            first_date=row["first_date"],
            last_date=row["last_date"],
            clean_rows=int(row["clean_rows"]),
            quality_ready_rows=int(row["quality_ready_rows"]),
            rows_with_line=int(row["rows_with_line"]),
            line_and_history_rows=int(row["line_and_history_rows"]),
            line_and_history_ready_rows=int(row["line_and_history_ready_rows"]),
        )

    def feature_gaps(self, top: int) -> Section:
        """The ``top`` features by defaulted rows over every date of the store."""
        model = "gap_diagnosis"
        relation = self.name(model)
        if not self.exists(model):
            return Section(relation=relation, available=False)
        totals = frame_records(
            self.warehouse.query_df(
                f"""
                select
                    count(*) as features,
                    count(case when default_count > 0 then 1 end) as features_with_defaults,
                    coalesce(sum(out_of_range_count), 0) as out_of_range_values,
                    min(window_start) as first_date,
                    max(window_end) as last_date
                from {relation}
                """
            )
        )[0]
        frame = self.warehouse.query_df(
            f"select {', '.join(GAP_COLUMNS)} from {relation} "
            "order by default_count desc, feature_index limit ?",
            [top],
        )
        summary = {
            "covers": "all dates",
            "top": top,
            "features": int(totals["features"]),
            "features_with_defaults": int(totals["features_with_defaults"]),
            "out_of_range_values": int(totals["out_of_range_values"]),
            "first_date": totals["first_date"],
            "last_date": totals["last_date"],
        }
        return Section(relation, True, frame_records(frame), summary)

    def default_heatmap(self) -> Section:
        """Default rate by feature and week, for the weeks that overlap the window."""
        model = "default_weekly"
        relation = self.name(model)
        if not self.exists(model):
            return Section(relation=relation, available=False)
        where, params = self.where("week_start", week=True)
        frame = self.warehouse.query_df(
            f"""
            select week_start, feature_index, feature_name, source_class, row_count,
                default_count, default_share
            from {relation} {where}
            order by feature_index, week_start
            """,
            params,
        )
        summary = {"weeks": int(frame["week_start"].nunique()) if len(frame) else 0}
        return Section(relation, True, frame_records(frame), summary)

    def daily_coverage(self, recent_days: int) -> Section:
        """Per-date store coverage in the window: totals, the weakest date, the last days."""
        model = "store_daily_coverage"
        relation = self.name(model)
        where, params = self.where()
        frame = self.warehouse.query_df(
            f"select {', '.join(DAILY_COLUMNS)} from {relation} {where} order by game_date",
            params,
        )
        players = frame["players"].astype("float64")
        with_line = frame["rows_with_line"].astype("float64")
        frame = frame.assign(
            quality_ready_share=frame["quality_ready_rows"] / players.where(players > 0),
            line_ready_share=frame["ready_rows_with_line"] / with_line.where(with_line > 0),
        )
        summary: dict[str, Any] = {
            "dates": len(frame),
            "player_rows": int(frame["players"].sum()),
            "quality_ready_rows": int(frame["quality_ready_rows"].sum()),
            "dates_with_lines": int((frame["rows_with_line"] > 0).sum()),
            "mean_daily_quality_ready_share": jsonable(frame["quality_ready_share"].mean()),
            "weakest_date": None,
            "weakest_quality_ready_share": None,
            "recent_days": recent_days,
        }
        shares = frame["quality_ready_share"].dropna()
        if not shares.empty:
            weakest = frame.iloc[frame.index.get_loc(shares.idxmin())]
            summary["weakest_date"] = jsonable(weakest["game_date"])
            summary["weakest_quality_ready_share"] = jsonable(weakest["quality_ready_share"])
        recent = frame.tail(recent_days) if recent_days > 0 else frame.iloc[0:0]
        return Section(relation, True, frame_records(recent), summary)

    def quarantine(self) -> Section:
        """Raw, clean and quarantined rows per raw table, with the quarantine reasons."""
        model = "raw_reconciliation"
        relation = self.name(model)
        if not self.exists(model):
            return Section(relation=relation, available=False)
        frame = self.warehouse.query_df(
            f"select {', '.join(RECONCILIATION_COLUMNS)} from {relation} order by source_table"
        )
        frame = frame.assign(
            reconciles=frame["raw_rows"] == frame["clean_rows"] + frame["quarantined_rows"]
        )
        reasons: tuple[dict[str, Any], ...] = ()
        if self.exists("quarantine"):
            reasons = frame_records(
                self.warehouse.query_df(
                    f"""
                    select source_table, quarantine_reason, count(*) as row_count
                    from {self.name("quarantine")}
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
        return Section(relation, True, frame_records(frame), summary)

    def prediction_coverage(self) -> Section:
        """Predictions per day in the window (every day a row), blocked and why."""
        model = "prediction_coverage"
        relation = self.name(model)
        if not self.exists(model):
            return Section(relation=relation, available=False)
        where, params = self.where()
        frame = self.warehouse.query_df(
            f"select * from {relation} {where} order by game_date, system_id", params
        )
        candidates = int(frame["candidates"].sum())
        blocked = int(frame["blocked"].sum())
        summary: dict[str, Any] = {
            "dates": int(frame["game_date"].nunique()),
            "candidates": candidates,
            "predicted": int(frame["predicted"].sum()),
            "blocked": blocked,
            "blocked_share": share(blocked, candidates),
            "predictions_per_day": jsonable(frame["predicted"].mean()) if len(frame) else None,
            "predicted_with_line": int(frame["predicted_with_line"].sum()),
            "with_line": int(frame["with_line"].sum()),
            "blocked_by_reason": {reason: int(frame[reason].sum()) for reason in BLOCK_REASONS},
        }
        return Section(relation, True, frame_records(frame), summary)

    def what_if(self) -> Section:
        """Per feature and per source class: blocked candidates that would pass were it real,
        and how many of them had a line, summed over the window, largest gain first."""
        model = "what_if"
        relation = self.name(model)
        if not self.exists(model):
            return Section(relation=relation, available=False)
        where, params = self.where()
        frame = self.warehouse.query_df(
            f"""
            select what_if_kind, what_if_name, source_class,
                sum(blocked_with_gap) as blocked_with_gap,
                sum(would_pass) as would_pass,
                sum(would_pass_with_line) as would_pass_with_line
            from {relation} {where}
            group by what_if_kind, what_if_name, source_class
            order by would_pass_with_line desc, would_pass desc, what_if_kind, what_if_name
            """,
            params,
        )
        features = frame[frame["what_if_kind"] == "feature"]
        summary = {
            "features_with_gain": int((features["would_pass"] > 0).sum()),
            "best": jsonable(features["what_if_name"].iloc[0]) if len(features) else None,
        }
        return Section(relation, True, frame_records(frame), summary)

    def _accuracy_frame(self, group: str, slice_filter: str) -> Any:
        where, params = self.where()
        where = f"{where} and {slice_filter}" if where else f"where {slice_filter}"
        sums = ", ".join(f"sum({column}) as {column}" for column in ACCURACY_SUMS)
        means = ", ".join(
            f"1.0 * sum({top}) / nullif(sum({bottom}), 0) as {name}"
            for name, (top, bottom) in ACCURACY_MEANS.items()
        )
        frame = self.warehouse.query_df(
            f"""
            select {group}, min(game_date) as first_game_date, max(game_date) as last_game_date,
                {sums}, {means}
            from {self.name("accuracy_daily")} {where}
            group by {group}
            order by {group}
            """,
            params,
        )
        # Sums of counts come back as wide integers (floats in pandas); they are counts.
        return frame.astype({column: "Int64" for column in ACCURACY_SUMS})

    def accuracy(self) -> Section:
        """Model vs line vs last-10 MAE, bias and hit rate (95 % Wilson interval) by slice."""
        model = "accuracy_daily"
        relation = self.name(model)
        if not self.exists(model):
            return Section(relation=relation, available=False)
        frame = self._accuracy_frame(
            "system_id, slice_name, slice_value", f"slice_name != '{CALIBRATION_SLICE}'"
        )
        intervals = [
            wilson_interval(int(correct or 0), int(picks or 0))
            for correct, picks in zip(frame["correct_picks"], frame["graded_picks"], strict=True)
        ]
        frame = frame.assign(
            hit_rate_low=[None if i is None else i[0] for i in intervals],
            hit_rate_high=[None if i is None else i[1] for i in intervals],
        )
        rows = frame_records(frame)
        summary = {
            "first_game_date": jsonable(frame["first_game_date"].min()) if len(frame) else None,
            "last_game_date": jsonable(frame["last_game_date"].max()) if len(frame) else None,
            "leakage_alarms": accuracy_alarms(rows),
        }
        return Section(relation, True, rows, summary)

    def accuracy_weekly(self) -> Section:
        """Model vs line vs last-10 MAE per week of the window (all predicted rows)."""
        model = "accuracy_daily"
        relation = self.name(model)
        if not self.exists(model):
            return Section(relation=relation, available=False)
        frame = self._accuracy_frame("system_id, week_start", "slice_name = 'all'")
        return Section(relation, True, frame_records(frame), {"weeks": len(frame)})

    def calibration(self) -> Section:
        """prob_over in tenths beside the observed over rate, and the Brier score overall
        (0.25 is what a constant 0.5 scores)."""
        model = "accuracy_daily"
        relation = self.name(model)
        if not self.exists(model):
            return Section(relation=relation, available=False)
        frame = self._accuracy_frame(
            "system_id, slice_value", f"slice_name = '{CALIBRATION_SLICE}'"
        ).rename(columns={"slice_value": "bucket_index"})
        frame["bucket_index"] = frame["bucket_index"].astype(int)
        frame = frame.sort_values(["system_id", "bucket_index"]).assign(
            prob_from=frame["bucket_index"] / 10, prob_to=(frame["bucket_index"] + 1) / 10
        )
        rows = int(frame["rows_with_outcome"].sum())
        weighted = (frame["brier_score"] * frame["rows_with_outcome"]).sum()
        summary = {
            "rows_with_outcome": rows,
            "brier_score": float(weighted / rows) if rows else None,
            "constant_half_brier_score": 0.25,
        }
        return Section(relation, True, frame_records(frame), summary)

    def picks(self, day: date | None) -> Section:
        """The OVER / UNDER picks of ``day`` (default: the window's last day with picks)."""
        model = "predictions"
        relation = self.name(model)
        if not self.exists(model):
            return Section(relation=relation, available=False)
        chosen = day or latest_pick_date(self.warehouse, self.window)
        if chosen is None:
            return Section(relation, True, (), {"date": None})
        rows = day_picks(self.warehouse, chosen)
        return Section(relation, True, rows, {"date": chosen.isoformat()})


def accuracy_alarms(rows: tuple[dict[str, Any], ...]) -> list[str]:
    """The leakage alarms (nba_props.alarms) the accuracy slices of the window raise."""
    found = []
    for row in rows:
        label = f"{row['system_id']} {row['slice_name']}={row['slice_value']}"
        found += [
            hit_rate_alarm(label, row["hit_rate"], row["graded_picks"], row["break_even_hit_rate"]),
            mae_alarm(label, row["model_mae"], row["line_mae"], row["rows_with_line"]),
        ]
    return [alarm for alarm in found if alarm is not None]


def build_report(
    warehouse: WarehouseReader,
    window: Window | None = None,
    top: int = 10,
    recent_days: int = 10,
    picks_date: date | None = None,
) -> Report:
    """Read every section of the report for ``window``.

    Raises:
        ValueError: ``top`` or ``recent_days`` is negative.
        WarehouseError: the feature store is missing or a query failed.
    """
    window = window or Window()
    if top < 0 or recent_days < 0:
        raise ValueError("top and recent_days must not be negative")
    marts = MartReader(warehouse, window)
    return Report(
        window=window,
        overall=marts.overall(),
        feature_gaps=marts.feature_gaps(top),
        default_heatmap=marts.default_heatmap(),
        daily_coverage=marts.daily_coverage(recent_days),
        quarantine=marts.quarantine(),
        prediction_coverage=marts.prediction_coverage(),
        what_if=marts.what_if(),
        accuracy=marts.accuracy(),
        accuracy_weekly=marts.accuracy_weekly(),
        calibration=marts.calibration(),
        picks=marts.picks(picks_date),
    )
