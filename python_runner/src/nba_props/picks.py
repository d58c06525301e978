"""The recommendations of one game day, for a person: who, the line, the prediction, the edge,
and the reasons (the model's largest feature contributions).

The report aggregates; this lists. By default only OVER / UNDER picks, best expected value first,
each with the offer (book, line, price) it is graded at;
``include_all`` adds PASS, NO_LINE and blocked candidates (with the gate's reason). The report
(terminal and HTML) shows the same rows through :func:`day_picks`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from nba_props.explaining import EXPLANATION_COLUMNS
from nba_props.report.model import frame_records
from nba_props.warehouse import WarehouseError, WarehouseReader

if TYPE_CHECKING:
    from nba_props.report.model import Window

PICKS = ("OVER", "UNDER")
#: The runner roles (``meta: {runner: ...}``) read here.
PREDICTIONS = "predictions"
PLAYERS = "players"


def day_picks(
    warehouse: WarehouseReader, day: date, include_all: bool = False
) -> tuple[dict[str, Any], ...]:
    """The predictions of ``day``, best expected value first (the recommendation's own
    measure), then strongest |edge|, then by name.

    Raises:
        WarehouseError: no predictions table (run `nba-props predict` first) or a failed query.
    """
    if not warehouse.relation_exists(PREDICTIONS):
        raise WarehouseError("no predictions yet: run `nba-props predict` (or `run`) first")
    picks_only = "" if include_all else "and predictions.recommendation in ('OVER', 'UNDER')"
    explanation = ", ".join(f"predictions.{column}" for column in EXPLANATION_COLUMNS)
    frame = warehouse.query_df(
        f"""
        select
            predictions.player_id, players.full_name as player_name, predictions.game_date,
            predictions.team_abbr, predictions.opponent_abbr, predictions.line_value,
            predictions.line_book, predictions.line_consensus, predictions.line_book_count,
            predictions.predicted_points, predictions.model_points, predictions.edge,
            predictions.prob_over,
            predictions.recommendation, predictions.pick_book, predictions.pick_line,
            predictions.pick_price, predictions.pick_price_assumed, predictions.expected_value,
            predictions.prediction_stage, predictions.gate_status, predictions.gate_reason,
            predictions.model_version, {explanation}
        from {warehouse.relation(PREDICTIONS)} as predictions
        left join {warehouse.relation(PLAYERS)} as players
            on players.player_id = predictions.player_id
        where predictions.game_date = ? {picks_only}
        order by predictions.expected_value desc nulls last, abs(predictions.edge) desc nulls last,
            player_name, predictions.player_id
        """,
        [day],
    )
    return frame_records(frame)


def day_prediction_count(warehouse: WarehouseReader, day: date) -> int:
    """Rows of ``day`` in the predictions (every candidate, picked or not); 0 without the
    table."""
    if not warehouse.relation_exists(PREDICTIONS):
        return 0
    frame = warehouse.query_df(
        f"select count(*) as n from {warehouse.relation(PREDICTIONS)} where game_date = ?", [day]
    )
    return int(frame_records(frame)[0]["n"])


def latest_pick_date(warehouse: WarehouseReader, window: Window) -> date | None:
    """The last game date of ``window`` with an OVER / UNDER pick (None without one)."""
    conditions = ["recommendation in ('OVER', 'UNDER')"]
    params: list[Any] = []
    if window.start is not None:
        conditions.append("game_date >= ?")
        params.append(window.start)
    if window.end is not None:
        conditions.append("game_date <= ?")
        params.append(window.end)
    frame = warehouse.query_df(
        f"select max(game_date) as day "
        f"from {warehouse.relation(PREDICTIONS)} "
        f"where {' and '.join(conditions)}",
        params,
    )
    value = frame_records(frame)[0]["day"]
    return None if value is None else date.fromisoformat(str(value)[:10])
