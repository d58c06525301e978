"""Walk-forward prediction: gate every candidate, predict the clean ones, write the batch.

Each date D is predicted by a model trained only on rows before D: dates are split into blocks
of ``retrain_every`` days starting at the window's first date, and the block starting at A is
served by a model trained on every gate-passing row with game_date < A.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from nba_props.config import Settings
from nba_props.contract import load_prediction_columns
from nba_props.modeling import SYSTEM_ID, TrainedModel, train
from nba_props.warehouse import WarehouseReader, target_type

STORE = ("predictions", "ml_feature_store_v2")
CONTEXT = ("analytics", "upcoming_player_game_context")
GAMES = ("analytics", "player_game_summary")
CONTRACT = ("predictions", "feature_contract")
BATCH = ("runner", "prediction_batch")

GATE_COLUMNS = [
    "default_feature_count",
    "required_default_count",
    "default_feature_indices",
    "feature_quality_score",
    "quality_tier",
    "quality_alert_level",
    "matchup_quality_pct",
    "is_quality_ready",
    "quality_gate_reason",
]
BlockCallback = Callable[[date, TrainedModel, int], None]


def model_features(warehouse: WarehouseReader) -> list[str]:
    """The model's features by name, in contract order (feature_contract.in_model_v9)."""
    frame = warehouse.query_df(
        f"select feature_name from {warehouse.relation(*CONTRACT)} "
        "where in_model_v9 order by feature_index"
    )
    return frame["feature_name"].tolist()


def training_rows(
    warehouse: WarehouseReader, features: Sequence[str], before: date
) -> pd.DataFrame:
    """Gate-passing feature rows before ``before`` whose player played, with actual points.

    The gate is the feature store's own (`is_quality_ready`), the same one serving uses.
    """
    columns = ", ".join(f"store.{name}" for name in features)
    return warehouse.query_df(
        f"""
        select store.player_id, store.game_date, store.season, {columns},
            games.points as actual_points
        from {warehouse.relation(*STORE)} as store
        inner join {warehouse.relation(*GAMES)} as games
            on games.player_id = store.player_id and games.game_id = store.game_id
        where store.is_quality_ready and games.is_played and store.game_date < ?
        order by store.game_date, store.player_id
        """,
        [before],
    )


def latest_seasons(rows: pd.DataFrame, seasons: int | None) -> pd.DataFrame:
    """The training rows of the ``seasons`` latest seasons among ``rows`` (all when None)."""
    if seasons is None or rows.empty:
        return rows
    return rows[rows["season"] > rows["season"].max() - seasons]


def candidates(
    warehouse: WarehouseReader, features: Sequence[str], start: date, end: date
) -> pd.DataFrame:
    """Every candidate (universe row) of the window with its feature row, if any, and line."""
    columns = ", ".join(f"store.{name}" for name in [*features, *GATE_COLUMNS])
    return warehouse.query_df(
        f"""
        select
            context.player_id, context.game_date, context.game_id, context.team_abbr,
            context.opponent_abbr, context.line_value, context.line_book, context.line_consensus,
            context.line_book_count, context.line_snapshot_utc, context.injury_status,
            store.player_id is not null as has_feature_row, {columns}
        from {warehouse.relation(*CONTEXT)} as context
        left join {warehouse.relation(*STORE)} as store
            on store.player_id = context.player_id and store.game_date = context.game_date
        where context.game_date between ? and ?
        order by context.game_date, context.player_id
        """,
        [start, end],
    )


def gate(frame: pd.DataFrame) -> pd.Series:
    """The block reason per candidate (None = predict): no feature row, unknown quality, the
    feature store's own gate reason, or ``player_out`` for a row that passes it but whose player
    the injury log had out before the date (a pick on him would be void)."""
    unknown = (
        frame["required_default_count"].isna()
        | frame["feature_quality_score"].isna()
        | frame["is_quality_ready"].isna()
    )
    reason = np.where(
        ~frame["has_feature_row"].astype(bool),
        "no_feature_row",
        np.where(
            unknown,
            "unknown_quality",
            np.where(
                ~frame["is_quality_ready"].fillna(False).astype(bool),
                frame["quality_gate_reason"],
                np.where(frame["injury_status"].eq("out"), "player_out", None),
            ),
        ),
    )
    return pd.Series(reason, index=frame.index, dtype="object")


def recommend(
    edge: pd.Series, line: pd.Series, predicted: pd.Series, threshold: float
) -> pd.Series:
    """OVER / UNDER when |edge| reaches the threshold, PASS below it, NO_LINE without a line;
    None for a blocked candidate (no prediction)."""
    choice = np.select(
        [predicted.isna(), line.isna(), edge >= threshold, edge <= -threshold],
        [None, "NO_LINE", "OVER", "UNDER"],
        default="PASS",
    )
    return pd.Series(choice, index=edge.index, dtype="object")


@dataclass(frozen=True)
class WalkForwardResult:
    """The batch of a window and the models that produced it."""

    batch: pd.DataFrame
    models: tuple[TrainedModel, ...]


def walk_forward(
    warehouse: WarehouseReader,
    start: date,
    end: date,
    retrain_every: int = 7,
    edge_threshold: float = 1.0,
    on_block: BlockCallback | None = None,
    train_seasons: int | None = None,
) -> WalkForwardResult:
    """Gate and predict every candidate of ``start``..``end``, retraining every N days, each
    model on the ``train_seasons`` latest seasons before its block (all when None)."""
    if retrain_every < 1:
        raise ValueError("retrain_every must be at least 1 day")
    features = model_features(warehouse)
    pool = candidates(warehouse, features, start, end)
    history = training_rows(warehouse, features, end + timedelta(days=1))
    run_id = uuid.uuid4().hex
    predicted_at = datetime.now(UTC).replace(tzinfo=None)
    pool["game_date"] = pd.to_datetime(pool["game_date"]).dt.date
    history["game_date"] = pd.to_datetime(history["game_date"]).dt.date

    parts: list[pd.DataFrame] = []
    models: list[TrainedModel] = []
    block_start = start
    while block_start <= end:
        block_end = min(block_start + timedelta(days=retrain_every - 1), end)
        block = pool[(pool["game_date"] >= block_start) & (pool["game_date"] <= block_end)].copy()
        if not block.empty:
            before = history[history["game_date"] < block_start]
            model = train(latest_seasons(before, train_seasons), features)
            models.append(model)
            parts.append(_score_block(block, model, edge_threshold))
            if on_block is not None:
                on_block(block_start, model, len(block))
        block_start = block_end + timedelta(days=1)

    if not parts:
        raise ValueError(f"no candidates between {start} and {end}: build that window first")
    batch = pd.concat(parts, ignore_index=True).assign(run_id=run_id, predicted_at=predicted_at)
    return WalkForwardResult(batch=batch, models=tuple(models))


def _score_block(block: pd.DataFrame, model: TrainedModel, edge_threshold: float) -> pd.DataFrame:
    reason = gate(block)
    passes = reason.isna()
    predicted = pd.Series(np.nan, index=block.index)
    if passes.any():
        predicted[passes] = model.predict(block[passes])
    predicted = predicted.where(passes)
    line = block["line_value"].astype("float64")
    edge = predicted - line
    meta = model.metadata
    scored = block.assign(
        system_id=SYSTEM_ID,
        gate_status=np.where(passes, "predicted", "blocked"),
        gate_reason=reason,
        predicted_points=predicted.round(2),
        edge=edge.round(2),
        recommendation=recommend(edge.round(2), line, predicted, edge_threshold),
        prob_over=pd.Series(
            model.prob_over(predicted.to_numpy(), line.to_numpy()), index=block.index
        ).where(passes),
        edge_threshold=edge_threshold,
        default_feature_indices=block["default_feature_indices"].map(_index_list),
        model_version=np.where(passes, meta.model_version, None),
        model_file_sha256=np.where(passes, meta.file_sha256, None),
        model_train_start=np.where(passes, meta.train_start, None),
        model_train_end=np.where(passes, meta.train_end, None),
        model_train_rows=pd.Series(meta.train_rows, index=block.index).where(passes),
    )
    return scored


def _index_list(value: object) -> list[int] | None:
    """A store array (numpy array or list) as a plain list; None without a feature row."""
    if value is None or isinstance(value, float):
        return None
    return [int(index) for index in value]  # type: ignore[union-attr]


def write_batch(settings: Settings, batch: pd.DataFrame) -> int:
    """Replace the runner's batch table with ``batch`` (atomically), in the columns and types
    of the prediction contract (var prediction_columns), on the profile's warehouse."""
    columns = load_prediction_columns(settings.project_dir)
    missing = [column.name for column in columns if column.name not in batch.columns]
    if missing:
        raise ValueError(f"prediction batch lacks contract columns: {missing}")
    if target_type(settings) == "bigquery":
        from nba_props.bigquery_warehouse import BigQueryWarehouse

        return BigQueryWarehouse.from_env().replace_table(
            *BATCH, batch, [(column.name, column.bigquery_type) for column in columns]
        )
    select = ", ".join(
        f"cast({column.name} as {column.duckdb_type}) as {column.name}" for column in columns
    )
    table = ".".join(BATCH)
    with duckdb.connect(str(settings.duckdb_path)) as connection:
        connection.register("batch_frame", batch)
        connection.execute(f"create schema if not exists {BATCH[0]}")
        connection.execute(f"create or replace table {table} as select {select} from batch_frame")
        return int(connection.execute(f"select count(*) from {table}").fetchone()[0])


def save_models(models: Sequence[TrainedModel], directory: Path) -> list[Path]:
    """Save every model of a run under ``directory`` (one folder per model version)."""
    return [model.save(directory) for model in models]
