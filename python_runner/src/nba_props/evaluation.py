"""`nba-props evaluate`: the walk-forward window's accuracy on the same rows, written to docs.

Every predictor is scored on exactly the same rows: predicted (the gate passed), played, with a
line and a last-10 average. The ablation rows are the model alone (``model_points``), model + line
(``predicted_points``; the second stage where it served, the model alone in the first block),
the line, and the plain last-10 average. Leakage alarms (issue 10, anchors section 0): a hit
rate above LEAK_HIT_RATE on at least LEAK_MIN_PICKS picks, or a MAE a full point below the line's,
fail the evaluation.
"""

from __future__ import annotations

import os
import platform
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pandas as pd

from nba_props.warehouse import WarehouseReader

#: The runner roles (``meta: {runner: ...}``) of the marts read here.
ACCURACY = "accuracy"
PICK_RETURNS = "pick_returns"
PROBABILITY_SCORES = "probability_scores"
LEAK_HIT_RATE = 0.60
LEAK_MIN_PICKS = 1_000
LEAK_MAE_MARGIN = 1.0

#: (label, error expression over prediction_accuracy) of each ablation row.
PREDICTORS = (
    ("model alone", "abs(model_points - actual_points)"),
    ("model + line", "absolute_error"),
    ("line", "line_absolute_error"),
    ("last-10 average", "baseline_absolute_error"),
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


def evaluate(warehouse: WarehouseReader, start: date, end: date) -> Evaluation:
    """Score the graded window (prediction_accuracy and its marts must cover it)."""
    errors = ", ".join(f"avg({expression}) as e{i}" for i, (_, expression) in enumerate(PREDICTORS))
    row = warehouse.query_df(
        f"""
        select count(*) as rows_scored, {errors}
        from {warehouse.relation(ACCURACY)}
        where gate_status = 'predicted' and not is_void and line_value is not null
            and baseline_points is not null and game_date between ? and ?
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
    return Evaluation(start, end, ablation, calibration, picks, leakage_alarms(ablation, picks))


def leakage_alarms(ablation: pd.DataFrame, picks: pd.DataFrame) -> tuple[str, ...]:
    """The alarms that fire: a model MAE a point below the line's, a hit rate above 60 % on
    1,000+ picks (any slice)."""
    alarms = [
        f"{row.predictor}: MAE {row.mae:.3f} is {-row.minus_line:.2f} below the line's"
        for row in _rows(ablation)
        if row.predictor.startswith("model") and row.minus_line <= -LEAK_MAE_MARGIN
    ]
    alarms += [
        f"picks {row.slice_name}={row.slice_value}: hit rate {row.hit_rate:.1%} on "
        f"{row.graded_picks:,} picks"
        for row in _rows(picks)
        if row.graded_picks >= LEAK_MIN_PICKS and row.hit_rate > LEAK_HIT_RATE
    ]
    return tuple(alarms)


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
    return "\n\n".join(
        [
            "# Walk-forward evaluation (`nba-props evaluate`)",
            f"Window {result.start} .. {result.end}, raw data `{raw_dir}`; run "
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node()} "
            f"({platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}).",
            "## MAE on the same rows (predicted, played, with a line and a last-10 average)",
            _markdown(result.ablation),
            f"## prob_over by decile (held-out rows): {inside} of {len(deciles)} inside the 95 % "
            "interval",
            _markdown(calibration),
            _markdown(scores),
            "## Picks by expected value (graded at the named book, line and price)",
            _markdown(picks),
            f"## Leakage alarms: {verdict}",
        ]
    )
