"""`nba-props evaluate`: the walk-forward window's accuracy on the same rows, written to docs.

Every predictor is scored on exactly the same rows: predicted (the gate passed), played, with a
line and a last-10 average. The ablation rows are the model alone (``model_points``), model + line
(``predicted_points``; the second stage where it served, the model alone in the first block),
the line, and the plain last-10 average. The feature-group ablation (``ablate``) retrains the same
walk-forward (predicting.walk_forward) once per variant - the model's feature list without one
feature group, or another named list such as v9 - and scores its model alone, and its own model +
line, on the very same rows. Leakage alarms (nba_props.alarms: a hit rate above 60 % on 1,000+
picks, or a MAE a full point below the line's) fail the evaluation.
"""

from __future__ import annotations

import os
import platform
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
import pandas as pd

from nba_props.alarms import hit_rate_alarm, mae_alarm
from nba_props.contract import PickRule
from nba_props.predicting import FeatureSet, walk_forward
from nba_props.warehouse import WarehouseReader

#: The runner roles (``meta: {runner: ...}``) of the marts read here.
ACCURACY = "accuracy"
PICK_RETURNS = "pick_returns"
PROBABILITY_SCORES = "probability_scores"
PREDICTIONS = "predictions"

#: (label, error expression over prediction_accuracy) of each ablation row.
PREDICTORS = (
    ("model alone", "abs(model_points - actual_points)"),
    ("model + line", "absolute_error"),
    ("line", "line_absolute_error"),
    ("last-10 average", "baseline_absolute_error"),
)


#: The rows every predictor is scored on.
SCORED_ROWS = (
    "gate_status = 'predicted' and not is_void and line_value is not null "
    "and baseline_points is not null and game_date between ? and ?"
)


@dataclass(frozen=True)
class Evaluation:
    """The tables of one evaluation and the leakage alarms that fired."""

    start: date
    end: date
    ablation: pd.DataFrame
    calibration: pd.DataFrame
    picks: pd.DataFrame
    alarms: tuple[str, ...]
    #: The feature-group ablation (empty when none was asked for).
    groups: pd.DataFrame | None = None
    #: prob_over beside the stage's own probability, by calibration (probability_sources).
    sources: pd.DataFrame | None = None


@dataclass(frozen=True)
class AblationVariant:
    """One retrained walk-forward of the ablation: a label and its feature list."""

    label: str
    feature_set: FeatureSet


def ablation_variants(
    full: FeatureSet,
    groups: dict[str, list[str]],
    removed_groups: Sequence[str],
    other_sets: Sequence[FeatureSet] = (),
) -> list[AblationVariant]:
    """The variants: ``full`` without each of ``removed_groups`` (by feature_group), then each
    of ``other_sets`` as it is.

    Raises:
        ValueError: a group the model's feature list does not have.
    """
    unknown = [group for group in removed_groups if group not in groups]
    if unknown:
        raise ValueError(f"feature groups not in {full.version}: {unknown}; have {sorted(groups)}")
    variants = [
        AblationVariant(f"model alone without {group}", full.without(group, groups[group]))
        for group in removed_groups
    ]
    return variants + [
        AblationVariant(f"model alone, feature set {other.version}", other) for other in other_sets
    ]


def scored_rows(warehouse: WarehouseReader, start: date, end: date) -> pd.DataFrame:
    """The rows the ablation scores (SCORED_ROWS), with the outcome and the line's error."""
    frame = warehouse.query_df(
        f"""
        select player_id, game_date, actual_points, model_points, line_absolute_error
        from {warehouse.relation(ACCURACY)}
        where {SCORED_ROWS}
        """,
        [start, end],
    )
    frame["game_date"] = pd.to_datetime(frame["game_date"]).dt.date
    return frame


def ablate(
    warehouse: WarehouseReader,
    start: date,
    end: date,
    variants: Sequence[AblationVariant],
    retrain_every: int,
    train_seasons: int | None,
    pick_rule: PickRule | None = None,
    on_variant: Callable[[AblationVariant], None] | None = None,
) -> pd.DataFrame:
    """MAE of each variant's model alone and model + line on the scored rows, beside the
    served model's (when ``retrain_every`` differs from the served run's, its reference is the
    first variant's cadence: compare rows of the same retrain_every)."""
    rows = scored_rows(warehouse, start, end)
    line_mae = float(rows["line_absolute_error"].mean())
    records = []
    for variant in variants:
        result = walk_forward(
            warehouse,
            start,
            end,
            retrain_every=retrain_every,
            pick_rule=pick_rule,
            train_seasons=train_seasons,
            feature_set=variant.feature_set,
        )
        batch = result.batch[["player_id", "game_date", "model_points", "predicted_points"]]
        joined = rows[["player_id", "game_date", "actual_points"]].merge(
            batch, on=["player_id", "game_date"], how="left"
        )
        if joined["model_points"].isna().any():
            raise ValueError(f"{variant.label}: not every scored row was predicted")
        model_mae = float((joined["model_points"] - joined["actual_points"]).abs().mean())
        line_stage_mae = float((joined["predicted_points"] - joined["actual_points"]).abs().mean())
        records.append(
            {
                "predictor": variant.label,
                "feature_set_version": variant.feature_set.version,
                "features": len(variant.feature_set.features),
                "retrain_every": retrain_every,
                "rows": len(joined),
                "mae": model_mae,
                "minus_line": model_mae - line_mae,
                "model_line_mae": line_stage_mae,
            }
        )
        if on_variant is not None:
            on_variant(variant)
    return pd.DataFrame.from_records(records)


def with_groups(result: Evaluation, groups: pd.DataFrame) -> Evaluation:
    """The evaluation with its feature-group ablation table."""
    return replace(result, groups=groups)


def evaluate(warehouse: WarehouseReader, start: date, end: date) -> Evaluation:
    """Score the graded window (prediction_accuracy and its marts must cover it)."""
    errors = ", ".join(f"avg({expression}) as e{i}" for i, (_, expression) in enumerate(PREDICTORS))
    row = warehouse.query_df(
        f"""
        select count(*) as rows_scored, {errors}
        from {warehouse.relation(ACCURACY)}
        where {SCORED_ROWS}
        """,
        [start, end],
    ).iloc[0]
    line_mae = float(row["e2"])
    ablation = pd.DataFrame(
        {
            "predictor": [label for label, _ in PREDICTORS],
            "rows": int(row["rows_scored"]),
            "mae": [float(row[f"e{i}"]) for i in range(len(PREDICTORS))],
        }
    ).assign(minus_line=lambda frame: frame["mae"] - line_mae)
    calibration = warehouse.query_df(
        f"select * from {warehouse.relation(PROBABILITY_SCORES)} "
        "order by system_id, decile_index nulls last"
    )
    picks = warehouse.query_df(
        f"select * from {warehouse.relation(PICK_RETURNS)} "
        "order by system_id, slice_name, slice_value"
    )
    return Evaluation(
        start,
        end,
        ablation,
        calibration,
        picks,
        leakage_alarms(ablation, picks),
        sources=probability_sources(warehouse, start, end),
    )


def probability_sources(warehouse: WarehouseReader, start: date, end: date) -> pd.DataFrame:
    """The rows prediction_probability_scores grades (predicted, an outcome against the line:
    no push, no void) by calibration anchor and by whether the calibration weight had earlier
    rows (``weight_fitted``; without, prob_over is the line's probability): rows, the over
    rate, and the mean, Brier score and log loss of the stage's own distribution_prob_over
    and of the recalibrated prob_over."""
    frame = warehouse.query_df(
        f"""
        select coalesce(predictions.calibration_anchor, 'none') as calibration_anchor,
            coalesce(predictions.calibration_rows > 0, false) as weight_fitted,
            predictions.distribution_prob_over, predictions.prob_over,
            case when accuracy.went_over then 1.0 else 0.0 end as outcome
        from {warehouse.relation(ACCURACY)} as accuracy
        inner join {warehouse.relation(PREDICTIONS)} as predictions
            on predictions.system_id = accuracy.system_id
            and predictions.player_id = accuracy.player_id
            and predictions.game_date = accuracy.game_date
        where accuracy.gate_status = 'predicted' and accuracy.went_over is not null
            and accuracy.prob_over is not null and accuracy.game_date between ? and ?
        """,
        [start, end],
    )
    records = []
    for (anchor, fitted), rows in frame.groupby(["calibration_anchor", "weight_fitted"]):
        outcome = rows["outcome"].to_numpy(dtype=float)
        record: dict[str, object] = {
            "calibration_anchor": anchor,
            "weight_fitted": bool(fitted),
            "rows_with_outcome": len(rows),
            "over_rate": float(outcome.mean()),
        }
        for label, column in (
            ("distribution", "distribution_prob_over"),
            ("calibrated", "prob_over"),
        ):
            p = rows[column].to_numpy(dtype=float)
            record[f"{label}_mean"] = float(p.mean())
            record[f"{label}_brier"] = float(np.mean((p - outcome) ** 2))
            record[f"{label}_log_loss"] = float(
                -np.mean(outcome * np.log(p) + (1 - outcome) * np.log(1 - p))
            )
        records.append(record)
    return pd.DataFrame.from_records(records)


def leakage_alarms(ablation: pd.DataFrame, picks: pd.DataFrame) -> tuple[str, ...]:
    """The alarms that fire (nba_props.alarms): a model's MAE a point below the line's, a hit
    rate above 60 % on 1,000+ picks (any slice)."""
    found = [
        mae_alarm(row.predictor, row.mae, row.mae - row.minus_line, row.rows)
        for row in _rows(ablation)
        if row.predictor.startswith("model")
    ]
    found += [
        hit_rate_alarm(
            f"picks {row.slice_name}={row.slice_value}",
            row.hit_rate,
            row.graded_picks,
            row.break_even_hit_rate,
        )
        for row in _rows(picks)
    ]
    return tuple(alarm for alarm in found if alarm is not None)


def _rows(frame: pd.DataFrame) -> Iterator[Any]:
    """The rows as named tuples, their fields typed by the data (pandas-stubs cannot)."""
    return iter(frame.itertuples())


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _markdown(frame: pd.DataFrame) -> str:
    lines = ["| " + " | ".join(frame.columns) + " |", "|" + "---|" * len(frame.columns)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in frame.itertuples(False)]
    return "\n".join(lines)


def to_markdown(result: Evaluation, raw_dir: str) -> str:
    """The evaluation as a markdown page, with the machine it ran on."""
    deciles = result.calibration[result.calibration["decile_index"].notna()]
    overall = result.calibration[result.calibration["decile_index"].isna()]
    inside = int(deciles["inside_interval"].fillna(False).astype(bool).sum())
    calibration = deciles[
        ["decile_index", "rows_with_outcome", "mean_prob_over", "over_rate", "over_rate_low",
         "over_rate_high", "inside_interval"]
    ]  # fmt: skip
    scores = overall[
        ["rows_with_outcome", "brier_score", "constant_brier_score", "log_loss",
         "constant_log_loss", "priced_rows", "priced_brier_score", "market_brier_score"]
    ]  # fmt: skip
    picks = result.picks[
        ["slice_name", "slice_value", "staked_picks", "graded_picks", "hit_rate", "hit_rate_low",
         "hit_rate_high", "break_even_hit_rate", "roi", "roi_low", "roi_high",
         "mean_expected_value", "assumed_price_picks"]
    ]  # fmt: skip
    verdict = "none" if not result.alarms else "; ".join(result.alarms)
    source_section = []
    if result.sources is not None and not result.sources.empty:
        source_section = [
            "### prob_over beside the stage's own distribution_prob_over, by calibration",
            "`calibration_anchor`: where the line's probability came from (`line_residuals`: the "
            "points around the line on earlier rows with a line; `stage_median_at_line`: too few "
            "of them, the model's distribution centred on the line); `weight_fitted` false: no "
            "earlier graded row, prob_over is the line's probability.",
            _markdown(result.sources),
        ]
    group_section = []
    if result.groups is not None and not result.groups.empty:
        group_section = [
            "## Feature-group ablation (each variant retrained walk-forward, same rows)",
            "`mae` is the variant's model alone, `model_line_mae` its own model + line; compare "
            "rows of the same `retrain_every` (the served model above retrains every "
            "`--retrain-every` days).",
            _markdown(result.groups),
        ]
    return "\n\n".join(
        [
            "# Walk-forward evaluation (`nba-props evaluate`)",
            f"Window {result.start} .. {result.end}, raw data `{raw_dir}`; run "
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node()} "
            f"({platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}).",
            "## MAE on the same rows (predicted, played, with a line and a last-10 average)",
            _markdown(result.ablation),
            *group_section,
            f"## prob_over by decile (held-out rows): {inside} of {len(deciles)} inside the 95 % "
            "interval",
            _markdown(calibration),
            _markdown(scores),
            *source_section,
            "## Picks by expected value (graded at the named book, line and price)",
            _markdown(picks),
            f"## Leakage alarms: {verdict}",
        ]
    )
