"""Walk-forward prediction: predict the candidates that pass the gate, write the batch.

The gate, the candidates and the training rows are dbt models (prediction_candidates,
ml_training_rows), built from one SQL definition (macros/serving_gate.sql).

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

TRAINING_ROWS = ("predictions", "ml_training_rows")
CANDIDATES = ("predictions", "prediction_candidates")
CONTRACT = ("predictions", "feature_contract")
BATCH = ("runner", "prediction_batch")

CANDIDATE_COLUMNS = [
    "player_id",
    "game_date",
    "game_id",
    "team_abbr",
    "opponent_abbr",
    "line_value",
    "line_book",
    "line_consensus",
    "line_book_count",
    "line_snapshot_utc",
    "default_feature_count",
    "required_default_count",
    "default_feature_indices",
    "feature_quality_score",
    "quality_tier",
    "quality_alert_level",
    "matchup_quality_pct",
    "is_quality_ready",
    "gate_reason",
    "passes_gate",
    "features",
]
BlockCallback = Callable[[date, TrainedModel, int], None]


def model_features(warehouse: WarehouseReader) -> list[str]:
    """The model's features by name, in contract order (feature_contract.in_model_v9)."""
    frame = warehouse.query_df(
        f"select feature_name from {warehouse.relation(*CONTRACT)} "
        "where in_model_v9 order by feature_index"
    )
    return frame["feature_name"].tolist()


def _with_feature_columns(
    warehouse: WarehouseReader, frame: pd.DataFrame, features: Sequence[str]
) -> pd.DataFrame:
    """``frame`` with one column per named feature, read from its model vector ``features``
    (contract order, NaN where default; NULL without a feature row), the vector dropped."""
    positions = warehouse.query_df(
        f"select feature_name, feature_index from {warehouse.relation(*CONTRACT)}"
    ).set_index("feature_name")["feature_index"]
    width = int(positions.max()) + 1
    vectors = np.array(
        [
            np.full(width, np.nan) if vector is None or isinstance(vector, float) else vector
            for vector in frame["features"]
        ],
        dtype="float64",
    ).reshape(len(frame), width)
    columns = pd.DataFrame(
        {name: vectors[:, int(positions[name])] for name in features}, index=frame.index
    )
    return pd.concat([frame.drop(columns="features"), columns], axis=1)


def training_rows(
    warehouse: WarehouseReader, features: Sequence[str], before: date
) -> pd.DataFrame:
    """The training rows before ``before`` (dbt model ml_training_rows: rows that pass the same
    gate as serving and whose player played), with the named features and actual points."""
    frame = warehouse.query_df(
        f"""
        select player_id, game_date, season, features, actual_points
        from {warehouse.relation(*TRAINING_ROWS)}
        where game_date < ?
        order by game_date, player_id
        """,
        [before],
    )
    return _with_feature_columns(warehouse, frame, features)


def latest_seasons(rows: pd.DataFrame, seasons: int | None) -> pd.DataFrame:
    """The training rows of the ``seasons`` latest seasons among ``rows`` (all when None)."""
    if seasons is None or rows.empty:
        return rows
    return rows[rows["season"] > rows["season"].max() - seasons]


def candidates(
    warehouse: WarehouseReader, features: Sequence[str], start: date, end: date
) -> pd.DataFrame:
    """Every candidate of the window (dbt model prediction_candidates: the universe rows with
    their feature row, line and the gate's verdict), with the named features."""
    frame = warehouse.query_df(
        f"""
        select {", ".join(CANDIDATE_COLUMNS)}
        from {warehouse.relation(*CANDIDATES)}
        where game_date between ? and ?
        order by game_date, player_id
        """,
        [start, end],
    )
    return _with_feature_columns(warehouse, frame, features)


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


def predict_with_model(
    warehouse: WarehouseReader,
    model: TrainedModel,
    start: date,
    end: date,
    edge_threshold: float = 1.0,
) -> pd.DataFrame:
    """The batch of ``start``..``end`` scored by one saved ``model`` (no retraining), in the
    columns ``walk_forward`` writes. The caller makes sure the model was trained before
    ``start`` (``nba-props daily`` picks it by its training window).

    Raises:
        ValueError: the window has no candidates, or the model was trained on dates in it.
    """
    if model.metadata.train_end >= start:
        raise ValueError(
            f"model {model.metadata.model_version} was trained on rows up to "
            f"{model.metadata.train_end}, not before {start}"
        )
    pool = candidates(warehouse, model_features(warehouse), start, end)
    if pool.empty:
        raise ValueError(f"no candidates between {start} and {end}: build that window first")
    pool["game_date"] = pd.to_datetime(pool["game_date"]).dt.date
    batch = _score_block(pool, model, edge_threshold)
    predicted_at = datetime.now(UTC).replace(tzinfo=None)
    return batch.assign(run_id=uuid.uuid4().hex, predicted_at=predicted_at)


def _score_block(block: pd.DataFrame, model: TrainedModel, edge_threshold: float) -> pd.DataFrame:
    passes = block["passes_gate"].astype(bool)
    reason = block["gate_reason"].where(~passes)
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
