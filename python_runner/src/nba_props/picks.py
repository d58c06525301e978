"""The recommendations of one game day, for a person: who, the line, the prediction, the edge.

The report aggregates; this lists. By default only OVER / UNDER picks, strongest edge first;
``include_all`` adds PASS, NO_LINE and blocked candidates (with the gate's reason).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
from rich.console import Console
from rich.table import Table

from nba_props.report import frame_records, percent
from nba_props.warehouse import WarehouseError, WarehouseReader

PREDICTIONS = ("predictions", "player_prop_predictions")
PLAYERS = ("staging", "stg_nba__players")


def day_picks(
    warehouse: WarehouseReader, day: date, include_all: bool = False
) -> tuple[dict[str, Any], ...]:
    """The predictions of ``day``, strongest |edge| first, then by name.

    Raises:
        WarehouseError: no predictions table (run `nba-props predict` first) or a failed query.
    """
    if not warehouse.relation_exists(*PREDICTIONS):
        raise WarehouseError("no predictions yet: run `nba-props predict` (or `run`) first")
    picks_only = "" if include_all else "and predictions.recommendation in ('OVER', 'UNDER')"
    frame = warehouse.query_df(
        f"""
        select
            predictions.player_id, players.full_name as player_name, predictions.team_abbr,
            predictions.opponent_abbr, predictions.line_value, predictions.line_book,
            predictions.line_consensus, predictions.line_book_count,
            predictions.predicted_points, predictions.edge, predictions.prob_over,
            predictions.recommendation, predictions.gate_status, predictions.gate_reason,
            predictions.model_version
        from {warehouse.relation(*PREDICTIONS)} as predictions
        left join {warehouse.relation(*PLAYERS)} as players
            on players.player_id = predictions.player_id
        where predictions.game_date = ? {picks_only}
        order by abs(predictions.edge) desc nulls last, player_name, predictions.player_id
        """,
        [day],
    )
    return frame_records(frame)


def _points(value: Any) -> str:
    return "-" if value is None or pd.isna(value) else f"{value:.1f}"


def render_picks(console: Console, day: date, picks: tuple[dict[str, Any], ...]) -> None:
    """The day's rows as one rich table (a dim line when there are none)."""
    if not picks:
        console.print(f"[dim]{day}: no rows (no game, not predicted yet, or no pick)[/dim]")
        return
    table = Table(title=f"{day}: {len(picks)} rows", title_justify="left")
    for column in ("player", "team", "opp", "line (book)", "predicted", "edge", "P(over)", "pick"):
        table.add_column(column, justify="left" if column in {"player", "pick"} else "right")
    for row in picks:
        line = "-" if row["line_value"] is None else f"{row['line_value']} ({row['line_book']})"
        pick = row["recommendation"] or f"blocked: {row['gate_reason']}"
        table.add_row(
            row["player_name"] or str(row["player_id"]),
            row["team_abbr"],
            row["opponent_abbr"],
            line,
            _points(row["predicted_points"]),
            _points(row["edge"]),
            percent(row["prob_over"]),
            pick,
        )
    console.print(table)
