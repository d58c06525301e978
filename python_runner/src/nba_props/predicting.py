"""Walk-forward prediction: predict the candidates that pass the gate, write the batch.

The gate, the candidates and the training rows are dbt models (prediction_candidates,
ml_training_rows), built from one SQL definition (macros/serving_gate.sql).

Each date D is predicted by a model trained only on rows before D: dates are split into blocks
of ``retrain_every`` days starting at the window's first date, and the block starting at A is
served by a model trained on every gate-passing row with game_date < A. Rows with a line then go
through the second stage (market.LineStage) fitted on rows before A that had a line and a model
prediction made before their own date (earlier blocks of this run, and earlier stored
predictions), and their probability is recalibrated toward the line's (market.LineCalibration,
fitted on the same earlier rows); the pick is the offer and side with the best expected value
(market.best_offers).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from nba_props.config import Settings
from nba_props.contract import (
    PickRule,
    contract_data_type,
    load_contract_types,
    load_prediction_columns,
)
from nba_props.dbt_project import DbtProject, target_type
from nba_props.explaining import explain
from nba_props.market import (
    OFFER_COLUMNS,
    RECENT_AVERAGE,
    STAGE_LINE,
    STAGE_MODEL,
    STAGE_MODEL_LINE,
    LineCalibration,
    LineStage,
    MarketBlend,
    PointsDistribution,
    best_offers,
    fit_line_calibration,
    fit_line_stage,
    fit_market_blend,
    no_vig_prob_over,
)
from nba_props.modeling import SYSTEM_ID, TrainedModel, train
from nba_props.warehouse import WarehouseReader

#: The runner roles (``meta: {runner: ...}`` in the models' YAML) this module reads and writes.
TRAINING_ROWS = "training_rows"
CANDIDATES = "candidates"
CONTRACT = "contract"
OFFERS = "offers"
PREDICTIONS = "predictions"
BATCH = "prediction_batch"

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


@dataclass(frozen=True)
class FeatureSet:
    """A model's feature list: its version label and the feature names in contract order."""

    version: str
    features: tuple[str, ...]

    def without(self, group: str, members: Sequence[str]) -> FeatureSet:
        """This list with one feature group's ``members`` removed (an ablation)."""
        removed = set(members)
        return FeatureSet(
            version=f"{self.version}-minus-{group}",
            features=tuple(name for name in self.features if name not in removed),
        )


def model_feature_set(warehouse: WarehouseReader) -> FeatureSet:
    """The model's feature list (feature_contract rows in_model: var model_feature_set)."""
    frame = warehouse.query_df(
        f"select feature_name, model_feature_set from {warehouse.relation(CONTRACT)} "
        "where in_model order by feature_index"
    )
    if frame.empty:
        raise ValueError("feature_contract has no in_model rows: check var model_feature_set")
    return FeatureSet(str(frame["model_feature_set"].iloc[0]), tuple(frame["feature_name"]))


def model_features(warehouse: WarehouseReader) -> list[str]:
    """The model's features by name, in contract order (feature_contract.in_model)."""
    return list(model_feature_set(warehouse).features)


def named_feature_set(warehouse: WarehouseReader, version: str) -> FeatureSet:
    """One version of var model_feature_sets (feature_contract.feature_sets), e.g. v9."""
    frame = warehouse.query_df(
        f"select feature_name, feature_sets from {warehouse.relation(CONTRACT)} "
        "order by feature_index"
    )
    holds = frame["feature_sets"].fillna("").map(lambda sets: version in sets.split(","))
    if not holds.any():
        raise ValueError(f"no feature set {version!r} in feature_contract.feature_sets")
    return FeatureSet(version, tuple(frame.loc[holds, "feature_name"]))


def feature_groups(warehouse: WarehouseReader) -> dict[str, list[str]]:
    """The model's features by feature_group (feature_contract), in contract order."""
    frame = warehouse.query_df(
        f"select feature_group, feature_name from {warehouse.relation(CONTRACT)} "
        "where in_model order by feature_index"
    )
    return {
        str(group): list(rows["feature_name"])
        for group, rows in frame.groupby("feature_group", sort=False)
    }


def _with_feature_columns(
    warehouse: WarehouseReader, frame: pd.DataFrame, features: Sequence[str]
) -> pd.DataFrame:
    """``frame`` with one column per named feature, read from its model vector ``features``
    (contract order, NaN where default; NULL without a feature row), the vector dropped."""
    positions = warehouse.query_df(
        f"select feature_name, feature_index from {warehouse.relation(CONTRACT)}"
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
        from {warehouse.relation(TRAINING_ROWS)}
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
    latest: pd.DataFrame = rows[rows["season"] > rows["season"].max() - seasons]
    return latest


def candidates(
    warehouse: WarehouseReader, features: Sequence[str], start: date, end: date
) -> pd.DataFrame:
    """Every candidate of the window (dbt model prediction_candidates: the universe rows with
    their feature row, line and the gate's verdict), with the named features."""
    frame = warehouse.query_df(
        f"""
        select {", ".join(CANDIDATE_COLUMNS)}
        from {warehouse.relation(CANDIDATES)}
        where game_date between ? and ?
        order by game_date, player_id
        """,
        [start, end],
    )
    return _with_feature_columns(warehouse, frame, features)


def book_offers(warehouse: WarehouseReader, start: date, end: date) -> pd.DataFrame:
    """Every book's pre-game offers of the window that can still be bet (dbt model
    int_prop_lines__offers, without the lines a book took down)."""
    return warehouse.query_df(
        f"""
        select {", ".join(OFFER_COLUMNS)}
        from {warehouse.relation(OFFERS)}
        where game_date between ? and ? and not is_withdrawn
        order by game_id, player_id, bookmaker, line
        """,
        [start, end],
    )


#: What the second stage is fitted on: a model prediction made before the row's date, its line,
#: the recent average and the outcome; the calibration: the stage's own P(over) at the graded
#: line (before calibration); and the market blend: the prediction's P(over) beside the
#: market's no-vig one (NULL when unpriced).
STAGE_COLUMNS = [
    "game_date", "model_points", "line_value", RECENT_AVERAGE, "actual_points",
    "distribution_prob_over", "prob_over", "market_prob_over",
]  # fmt: skip


def stored_stage_rows(
    warehouse: WarehouseReader, features: Sequence[str], before: date
) -> pd.DataFrame:
    """Earlier stored predictions of this system with a line, a model prediction from a model
    trained before their date, and an outcome (ml_training_rows): second-stage rows."""
    frame = warehouse.query_df(
        f"""
        select predictions.game_date, predictions.model_points, predictions.line_value,
            predictions.distribution_prob_over, predictions.prob_over,
            predictions.market_prob_over, rows.features, rows.actual_points
        from {warehouse.relation(PREDICTIONS)} as predictions
        inner join {warehouse.relation(TRAINING_ROWS)} as rows
            on rows.player_id = predictions.player_id and rows.game_date = predictions.game_date
        where predictions.system_id = ? and predictions.game_date < ?
            and predictions.model_points is not null and predictions.line_value is not null
            and predictions.model_train_end < predictions.game_date
        order by predictions.game_date, predictions.player_id
        """,
        [SYSTEM_ID, before],
    )
    frame = _with_feature_columns(warehouse, frame, [RECENT_AVERAGE])
    frame["game_date"] = pd.to_datetime(frame["game_date"]).dt.date
    return frame[STAGE_COLUMNS]


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
    pick_rule: PickRule | None = None,
    on_block: BlockCallback | None = None,
    train_seasons: int | None = None,
    feature_set: FeatureSet | None = None,
) -> WalkForwardResult:
    """Gate and predict every candidate of ``start``..``end``, retraining every N days, each
    model on the ``train_seasons`` latest seasons before its block (all when None), on
    ``feature_set`` (default: the contract's model_feature_set; an ablation passes a list with
    a group removed)."""
    if retrain_every < 1:
        raise ValueError("retrain_every must be at least 1 day")
    rule = pick_rule or PickRule()
    feature_set = feature_set or model_feature_set(warehouse)
    features = list(feature_set.features)
    # the second stage reads the recent average whether or not the model does
    columns = features if RECENT_AVERAGE in features else [*features, RECENT_AVERAGE]
    pool = candidates(warehouse, columns, start, end)
    history = training_rows(warehouse, columns, end + timedelta(days=1))
    offers = book_offers(warehouse, start, end)
    stage_rows = stored_stage_rows(warehouse, features, start)
    run_id = uuid.uuid4().hex
    predicted_at = datetime.now(UTC).replace(tzinfo=None)
    pool["game_date"] = pd.to_datetime(pool["game_date"]).dt.date
    history["game_date"] = pd.to_datetime(history["game_date"]).dt.date
    outcomes = history[["player_id", "game_date", "actual_points"]]

    parts: list[pd.DataFrame] = []
    models: list[TrainedModel] = []
    block_start = start
    while block_start <= end:
        block_end = min(block_start + timedelta(days=retrain_every - 1), end)
        block = pool[(pool["game_date"] >= block_start) & (pool["game_date"] <= block_end)].copy()
        if not block.empty:
            before = history[history["game_date"] < block_start]
            model = train(
                latest_seasons(before, train_seasons),
                features,
                feature_set_version=feature_set.version,
            )
            models.append(model)
            stage = fit_stage_before(stage_rows, block_start)
            blend = fit_blend_before(stage_rows, block_start)
            calibration = fit_calibration_before(stage_rows, block_start, model.distribution)
            scored = _score_block(block, model, stage, blend, offers, rule, calibration)
            parts.append(scored)
            stage_rows = pd.concat([stage_rows, _new_stage_rows(scored, outcomes)])
            if on_block is not None:
                on_block(block_start, model, len(block))
        block_start = block_end + timedelta(days=1)

    if not parts:
        raise ValueError(f"no candidates between {start} and {end}: build that window first")
    batch = pd.concat(parts, ignore_index=True).assign(run_id=run_id, predicted_at=predicted_at)
    return WalkForwardResult(batch=batch, models=tuple(models))


def fit_stage_before(stage_rows: pd.DataFrame, block_start: date) -> LineStage | None:
    """The second stage from the rows dated before ``block_start`` (None when too few)."""
    rows = stage_rows[stage_rows["game_date"] < block_start]
    return fit_line_stage(
        rows["model_points"].to_numpy(dtype=float),
        rows["line_value"].to_numpy(dtype=float),
        rows[RECENT_AVERAGE].to_numpy(dtype=float),
        rows["actual_points"].to_numpy(dtype=float),
    )


def fit_blend_before(stage_rows: pd.DataFrame, block_start: date) -> MarketBlend:
    """The market blend from the rows dated before ``block_start`` whose graded line was priced
    (the market alone when none); a push is no outcome."""
    rows = stage_rows[stage_rows["game_date"] < block_start]
    actual = rows["actual_points"].to_numpy(dtype=float)
    line = rows["line_value"].to_numpy(dtype=float)
    went_over = np.where(actual > line, 1.0, np.where(actual < line, 0.0, np.nan))
    return fit_market_blend(
        rows["prob_over"].to_numpy(dtype=float, na_value=np.nan),
        rows["market_prob_over"].to_numpy(dtype=float, na_value=np.nan),
        went_over,
    )


def fit_calibration_before(
    stage_rows: pd.DataFrame, block_start: date, model_distribution: PointsDistribution
) -> LineCalibration:
    """The probability calibration from the rows dated before ``block_start``; with too few of
    them to fit the points around the line, the model's distribution centred on the line
    (the second stage needs as many rows, so the line itself predicts then)."""
    rows = stage_rows[stage_rows["game_date"] < block_start]
    return fit_line_calibration(
        rows["distribution_prob_over"].to_numpy(dtype=float, na_value=np.nan),
        rows["line_value"].to_numpy(dtype=float),
        rows["actual_points"].to_numpy(dtype=float),
        model_distribution,
    )


def _new_stage_rows(scored: pd.DataFrame, outcomes: pd.DataFrame) -> pd.DataFrame:
    """The block's predicted rows with a line and an outcome, as second-stage rows."""
    made = scored[scored["model_points"].notna() & scored["line_value"].notna()]
    made = made[
        ["player_id", "game_date", "model_points", "line_value", RECENT_AVERAGE,
         "distribution_prob_over", "prob_over", "market_prob_over"]
    ]  # fmt: skip
    joined = made.merge(outcomes, on=["player_id", "game_date"], how="inner")
    return joined[STAGE_COLUMNS]


def predict_with_model(
    warehouse: WarehouseReader,
    model: TrainedModel,
    start: date,
    end: date,
    pick_rule: PickRule | None = None,
) -> pd.DataFrame:
    """The batch of ``start``..``end`` scored by one saved ``model`` (no retraining), in the
    columns ``walk_forward`` writes: the second stage is fitted on the stored predictions before
    ``start`` that had a line, the picks shop every book's pre-game offers. The caller makes
    sure the model was trained before ``start`` (``nba-props daily`` picks it by its training
    window).

    Raises:
        ValueError: the window has no candidates, or the model was trained on dates in it.
    """
    if model.metadata.train_end >= start:
        raise ValueError(
            f"model {model.metadata.model_version} was trained on rows up to "
            f"{model.metadata.train_end}, not before {start}"
        )
    features = list(model.metadata.features)
    columns = features if RECENT_AVERAGE in features else [*features, RECENT_AVERAGE]
    pool = candidates(warehouse, columns, start, end)
    if pool.empty:
        raise ValueError(f"no candidates between {start} and {end}: build that window first")
    pool["game_date"] = pd.to_datetime(pool["game_date"]).dt.date
    stage_rows = stored_stage_rows(warehouse, features, start)
    stage = fit_stage_before(stage_rows, start)
    blend = fit_blend_before(stage_rows, start)
    calibration = fit_calibration_before(stage_rows, start, model.distribution)
    offers = book_offers(warehouse, start, end)
    batch = _score_block(pool, model, stage, blend, offers, pick_rule or PickRule(), calibration)
    predicted_at = datetime.now(UTC).replace(tzinfo=None)
    return batch.assign(run_id=uuid.uuid4().hex, predicted_at=predicted_at)


def _score_block(
    block: pd.DataFrame,
    model: TrainedModel,
    stage: LineStage | None,
    blend: MarketBlend,
    offers: pd.DataFrame,
    rule: PickRule,
    calibration: LineCalibration | None = None,
) -> pd.DataFrame:
    passes = block["passes_gate"].astype(bool)
    reason = block["gate_reason"].where(~passes)
    model_points = pd.Series(np.nan, index=block.index)
    if passes.any():
        model_points[passes] = model.predict(block[passes])
    model_points = model_points.where(passes).round(2)
    line = block["line_value"].astype("float64")
    predicted, stage_name, distribution_index = combine_stages(
        model_points, line, block[RECENT_AVERAGE], stage
    )
    # index 1: the fitted second stage's spread, or with none the model's centred on the line
    line_distribution = (
        stage.distribution if stage is not None else model.distribution.median_centred()
    )
    distributions = [model.distribution, line_distribution]
    distribution_prob_over = stage_prob_over(predicted, line, distribution_index, distributions)
    prob_over = (
        distribution_prob_over
        if calibration is None
        else pd.Series(
            calibration.prob_over(
                distribution_prob_over.to_numpy(), line.to_numpy(), line.to_numpy()
            ),
            index=block.index,
        )
    )
    calibrated = prob_over.notna() & (calibration is not None)
    keyed = block[["game_id", "player_id", "line_value"]].assign(
        predicted_points=predicted, distribution_index=distribution_index
    )
    picks = best_offers(keyed, offers, distributions, rule.assumed_price, blend, calibration)
    edge = (predicted - line).round(2)
    meta = model.metadata
    scored = block.assign(
        system_id=SYSTEM_ID,
        gate_status=np.where(passes, "predicted", "blocked"),
        gate_reason=reason,
        predicted_points=predicted,
        model_points=model_points,
        prediction_stage=stage_name,
        line_stage_rows=pd.Series(
            stage.rows if stage is not None else np.nan, index=block.index
        ).where(stage_name == STAGE_MODEL_LINE),
        feature_set_version=_where_passes(passes, meta.feature_set_version),
        edge=edge,
        recommendation=recommend_by_value(picks, line, predicted, rule.min_expected_value),
        market_blend_rows=pd.Series(blend.rows, index=block.index).where(
            picks["pick_market_blended"].eq(True).to_numpy() & passes.to_numpy()
        ),
        prob_over=prob_over,
        distribution_prob_over=distribution_prob_over,
        calibration_rows=pd.Series(
            calibration.rows if calibration is not None else np.nan, index=block.index
        ).where(calibrated),
        calibration_anchor=pd.Series(
            calibration.anchor if calibration is not None else None,
            index=block.index,
            dtype="object",
        ).where(calibrated),
        market_prob_over=graded_line_market_prob(block, offers),
        min_expected_value=rule.min_expected_value,
        default_feature_indices=block["default_feature_indices"].map(_index_list),
        model_version=_where_passes(passes, meta.model_version),
        model_file_sha256=_where_passes(passes, meta.file_sha256),
        model_train_start=_where_passes(passes, meta.train_start),
        model_train_end=_where_passes(passes, meta.train_end),
        model_train_rows=pd.Series(meta.train_rows, index=block.index).where(passes),
    )
    explanations = explain(model, block[passes]).reindex(block.index)
    picks = picks.drop(columns=["pick_side", "pick_market_blended"])
    return pd.concat([scored, picks, explanations], axis=1)


def _where_passes(passes: pd.Series, value: object) -> pd.Series:
    """``value`` on the rows that pass the gate, None on the blocked ones."""
    return pd.Series([value if passed else None for passed in passes], index=passes.index)


def combine_stages(
    model_points: pd.Series, line: pd.Series, recent: pd.Series, stage: LineStage | None
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Predicted points, the stage that produced them and the index of its distribution (0 =
    the model's, 1 = the line stage's): where a row has a line, the second stage, or with none
    fitted yet its prior, the line itself; the model alone without a line; NULLs for a blocked
    row."""
    has_line = model_points.notna() & line.notna()
    predicted = model_points.where(~has_line, line)
    if stage is not None and has_line.any():
        predicted[has_line] = stage.predict(
            model_points[has_line].to_numpy(),
            line[has_line].to_numpy(),
            recent[has_line].to_numpy(dtype=float),
        ).round(2)
    line_stage = STAGE_MODEL_LINE if stage is not None else STAGE_LINE
    stage_name = pd.Series(
        np.where(has_line, line_stage, STAGE_MODEL), index=model_points.index, dtype="object"
    ).where(model_points.notna())
    distribution_index = pd.Series(np.where(has_line, 1, 0), index=model_points.index)
    return predicted, stage_name, distribution_index


def stage_prob_over(
    predicted: pd.Series,
    line: pd.Series,
    distribution_index: pd.Series,
    distributions: Sequence[PointsDistribution],
) -> pd.Series:
    """P(actual > line_value | no push) under the distribution of the stage that predicted each
    row."""
    probability = pd.Series(np.nan, index=predicted.index)
    for index, distribution in enumerate(distributions):
        mask = distribution_index == index
        probability[mask] = distribution.prob_over(
            predicted[mask].to_numpy(dtype=float), line[mask].to_numpy(dtype=float)
        )
    return probability


def recommend_by_value(
    picks: pd.DataFrame, line: pd.Series, predicted: pd.Series, min_expected_value: float
) -> pd.Series:
    """The best offer's side when its expected value exceeds the threshold, PASS otherwise,
    NO_LINE without a line; None for a blocked candidate (no prediction)."""
    choice = np.select(
        [
            predicted.isna().to_numpy(),
            line.isna().to_numpy(),
            picks["expected_value"].gt(min_expected_value).to_numpy(),
        ],
        [
            np.full(len(predicted), None, dtype=object),
            np.full(len(predicted), "NO_LINE", dtype=object),
            picks["pick_side"].to_numpy(dtype=object),
        ],
        default="PASS",
    )
    return pd.Series(choice, index=predicted.index, dtype="object")


def graded_line_market_prob(block: pd.DataFrame, offers: pd.DataFrame) -> pd.Series:
    """No-vig P(over) of the graded line at its book (NaN when that offer is unpriced)."""
    graded = block[["game_id", "player_id", "line_book", "line_value"]].merge(
        offers.rename(columns={"bookmaker": "line_book", "line": "line_value"}),
        on=["game_id", "player_id", "line_book", "line_value"],
        how="left",
    )
    probability = no_vig_prob_over(
        graded["over_price"].to_numpy(dtype=float, na_value=np.nan),
        graded["under_price"].to_numpy(dtype=float, na_value=np.nan),
    )
    return pd.Series(probability, index=block.index)


def _index_list(value: Iterable[int] | float | None) -> list[int] | None:
    """A store array (numpy array or list) as a plain list; None without a feature row."""
    if value is None or isinstance(value, float):
        return None
    return [int(index) for index in value]


def write_batch(settings: Settings, batch: pd.DataFrame, project: DbtProject | None = None) -> int:
    """Replace the runner's batch table (the source of role ``prediction_batch``) with
    ``batch`` (atomically), in the columns and types of the prediction contract (var
    prediction_columns), on the profile's warehouse (relations named by ``project``, default
    the project's manifest, loaded)."""
    columns = load_prediction_columns(settings.project_dir)
    missing = [column.name for column in columns if column.name not in batch.columns]
    if missing:
        raise ValueError(f"prediction batch lacks contract columns: {missing}")
    project = project or DbtProject.load(settings)
    relation = project.relation(BATCH)
    target = target_type(settings)
    contract_types = load_contract_types(settings.project_dir)
    typed = [
        (column.name, contract_data_type(contract_types, column.data_type, target))
        for column in columns
    ]
    if target == "bigquery":
        from nba_props.bigquery_warehouse import BigQueryWarehouse

        return BigQueryWarehouse.from_env(project).replace_table(relation, batch, typed)
    select = ", ".join(f"cast({name} as {data_type}) as {name}" for name, data_type in typed)
    table = f"{relation.schema}.{relation.identifier}"
    with duckdb.connect(str(settings.duckdb_path)) as connection:
        connection.register("batch_frame", batch)
        connection.execute(f"create schema if not exists {relation.schema}")
        connection.execute(f"create or replace table {table} as select {select} from batch_frame")
        counted = connection.execute(f"select count(*) from {table}").fetchone()
        return int(counted[0]) if counted is not None else 0


def save_models(models: Sequence[TrainedModel], directory: Path) -> list[Path]:
    """Save every model of a run under ``directory`` (one folder per model version)."""
    return [model.save(directory) for model in models]
