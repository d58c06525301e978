"""The points model: LightGBM regression (Huber loss) on actual points, features by name from the
contract.

Training is deterministic (fixed seed, fixed threads, ``deterministic=True``, rows in a fixed
order): the same rows give a bit-identical model file, so the file hash identifies the model.

``prob_over`` comes from a predictive distribution of points: the holdout errors on the
player's scale (market.PointsDistribution), fitted on training rows only. Where a row has a line,
the line stage (market.LineStage, or with too few earlier line rows the line itself) replaces
both the prediction and the distribution.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import MISSING, asdict, dataclass, fields
from datetime import date
from pathlib import Path

import lightgbm as lgb
import numpy as np
import pandas as pd

from nba_props.market import PointsDistribution

SYSTEM_ID = "lgbm_v9"
#: The feature-list version of a model saved before the lists were versioned.
LEGACY_FEATURE_SET_VERSION = "v9"
#: Share of the training dates (the latest ones) held out for early stopping and calibration.
HOLDOUT_SHARE = 0.15
MAX_ROUNDS = 600
#: prob_over is read only where a line exists: the error distribution is fitted on the holdout
#: rows that had one (regular players; the line-less rows are mostly bench minutes, with a
#: skew of their own) when there are at least this many, else on every holdout row.
LINE_FEATURE = "vegas_points_line"
MIN_LINED_HOLDOUT_ROWS = 300
EARLY_STOPPING_ROUNDS = 50
#: Points are judged by absolute error and their right tail is long (a 50-point night): the Huber
#: loss is squared within HUBER_DELTA points of the prediction and linear beyond, so such nights
#: do not pull every prediction up as least squares lets them. The delta is the scale of a good
#: forecast's miss (a line misses by about 5 points on average), not a fitted value.
HUBER_DELTA = 5.0
PARAMS: dict[str, object] = {
    "objective": "huber",
    "alpha": HUBER_DELTA,
    "learning_rate": 0.05,
    "num_leaves": 31,
    "min_data_in_leaf": 40,
    "feature_fraction": 0.9,
    "lambda_l2": 1.0,
    "seed": 42,
    "num_threads": 2,
    "deterministic": True,
    "force_row_wise": True,
    "verbosity": -1,
}


class ModelError(RuntimeError):
    """Training or loading a model failed (e.g. no training rows)."""


@dataclass(frozen=True)
class ModelMetadata:
    """What is saved beside the model file and written on every prediction."""

    system_id: str
    model_version: str
    train_start: date
    train_end: date
    train_rows: int
    features: tuple[str, ...]
    best_iteration: int
    validation_mae: float
    file_sha256: str
    #: Holdout errors on the player's scale, sorted, per scale band: the predictive
    #: distribution of points (market.PointsDistribution).
    band_errors: tuple[tuple[float, ...], ...]
    #: Error variance (a, b, c) as a function of the prediction.
    error_variance: tuple[float, float, float]
    #: The feature-list version the model was trained on (var model_feature_set, or an
    #: ablation's label such as v10-minus-role), recorded on every prediction.
    feature_set_version: str = LEGACY_FEATURE_SET_VERSION
    #: The training rows' points total (with train_rows, their fingerprint: a saved model
    #: serves a warehouse only where its training window holds the same rows); None in a
    #: model saved before it was recorded.
    train_points: float | None = None

    def to_json(self) -> str:
        payload = asdict(self)
        payload["train_start"] = self.train_start.isoformat()
        payload["train_end"] = self.train_end.isoformat()
        return json.dumps(payload, indent=2)

    @classmethod
    def from_json(cls, text: str) -> ModelMetadata:
        """Raises:
        ModelError: the metadata lacks a field this version needs (saved by an older one)."""
        payload = json.loads(text)
        required = {f.name for f in fields(cls) if f.default is MISSING}
        if missing := sorted(required - payload.keys()):
            lacks = ", ".join(missing)
            raise ModelError(f"model metadata lacks {lacks}: saved by an older version")
        payload["train_start"] = date.fromisoformat(payload["train_start"])
        payload["train_end"] = date.fromisoformat(payload["train_end"])
        payload["features"] = tuple(payload["features"])
        payload["band_errors"] = tuple(tuple(band) for band in payload["band_errors"])
        payload["error_variance"] = tuple(payload["error_variance"])
        return cls(**payload)


@dataclass(frozen=True)
class TrainedModel:
    """A booster with its metadata."""

    booster: lgb.Booster
    metadata: ModelMetadata

    def predict(self, frame: pd.DataFrame) -> np.ndarray:
        """Predicted points for rows holding the model's feature columns (NULL = default)."""
        matrix = feature_matrix(frame, self.metadata.features)
        return np.clip(
            self.booster.predict(matrix, num_iteration=self.metadata.best_iteration), 0, None
        )

    @property
    def distribution(self) -> PointsDistribution:
        """The model's predictive distribution of points (from its holdout errors)."""
        return PointsDistribution(self.metadata.band_errors, self.metadata.error_variance)

    def prob_over(self, predicted: np.ndarray, line: np.ndarray) -> np.ndarray:
        """P(actual > line | no push) under the model's distribution; NaN without a line."""
        return self.distribution.prob_over(predicted, line)

    def save(self, directory: Path) -> Path:
        """Write ``model.txt`` and ``metadata.json`` under ``directory/<model_version>``."""
        target = directory / self.metadata.model_version
        target.mkdir(parents=True, exist_ok=True)
        (target / "model.txt").write_text(_model_text(self.booster))
        (target / "metadata.json").write_text(self.metadata.to_json())
        return target

    @classmethod
    def load(cls, path: Path) -> TrainedModel:
        """Load a model saved by :meth:`save`, checking the file hash against its metadata."""
        metadata = ModelMetadata.from_json((path / "metadata.json").read_text())
        text = (path / "model.txt").read_text()
        if _sha256(text) != metadata.file_sha256:
            raise ModelError(f"model file {path / 'model.txt'} does not match its recorded hash")
        return cls(booster=lgb.Booster(model_str=text), metadata=metadata)


def feature_matrix(frame: pd.DataFrame, features: Sequence[str]) -> np.ndarray:
    """The model vector of each row, in contract order; a default (NULL) feature is NaN.

    Training and serving both build their input here, from the named feature columns.
    """
    missing = [name for name in features if name not in frame.columns]
    if missing:
        raise ModelError(f"rows lack model features: {missing}")
    return frame.loc[:, list(features)].astype("float64").to_numpy(na_value=np.nan)


def _model_text(booster: lgb.Booster) -> str:
    return booster.model_to_string(num_iteration=-1)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def train(
    rows: pd.DataFrame,
    features: Sequence[str],
    target: str = "actual_points",
    feature_set_version: str = LEGACY_FEATURE_SET_VERSION,
) -> TrainedModel:
    """Train on ``rows`` (game_date, player_id, the features, the target).

    The latest HOLDOUT_SHARE of dates is held out to choose the number of rounds and to
    measure the error distribution (on its rows with a line when there are enough:
    MIN_LINED_HOLDOUT_ROWS); the final model is refit on every row with that many rounds.

    Raises:
        ModelError: too few rows or dates to train.
    """
    if rows.empty:
        raise ModelError("no training rows (nothing passes the gate before the training end)")
    ordered = rows.sort_values(["game_date", "player_id"], kind="mergesort").reset_index(drop=True)
    dates = np.sort(ordered["game_date"].unique())
    if len(dates) < 10:
        raise ModelError(f"need at least 10 training dates, got {len(dates)}")
    cutoff = dates[int(len(dates) * (1 - HOLDOUT_SHARE))]
    fit_part = ordered[ordered["game_date"] < cutoff]
    holdout = ordered[ordered["game_date"] >= cutoff]

    x_fit, y_fit = feature_matrix(fit_part, features), fit_part[target].to_numpy(dtype=float)
    x_hold, y_hold = feature_matrix(holdout, features), holdout[target].to_numpy(dtype=float)
    names = list(features)
    probe = lgb.train(
        PARAMS,
        lgb.Dataset(x_fit, y_fit, feature_name=names, free_raw_data=False),
        num_boost_round=MAX_ROUNDS,
        valid_sets=[lgb.Dataset(x_hold, y_hold, feature_name=names, free_raw_data=False)],
        callbacks=[lgb.early_stopping(EARLY_STOPPING_ROUNDS, verbose=False)],
    )
    best_iteration = max(int(probe.best_iteration or MAX_ROUNDS), 1)
    holdout_pred = np.clip(probe.predict(x_hold, num_iteration=best_iteration), 0, None)
    lined = holdout[LINE_FEATURE].notna().to_numpy() if LINE_FEATURE in holdout else None
    if lined is None or lined.sum() < MIN_LINED_HOLDOUT_ROWS:
        lined = np.ones(len(holdout), dtype=bool)
    distribution = PointsDistribution.fit(holdout_pred[lined], y_hold[lined])

    booster = lgb.train(
        PARAMS,
        lgb.Dataset(
            feature_matrix(ordered, features),
            ordered[target].to_numpy(dtype=float),
            feature_name=names,
        ),
        num_boost_round=best_iteration,
    )
    text = _model_text(booster)
    sha = _sha256(text)
    train_end = pd.Timestamp(dates[-1]).date()
    metadata = ModelMetadata(
        system_id=SYSTEM_ID,
        model_version=f"{SYSTEM_ID}-{train_end:%Y%m%d}-{sha[:10]}",
        train_start=pd.Timestamp(dates[0]).date(),
        train_end=train_end,
        train_rows=len(ordered),
        train_points=float(ordered[target].sum()),
        features=tuple(features),
        best_iteration=best_iteration,
        validation_mae=float(np.mean(np.abs(y_hold - holdout_pred))),
        file_sha256=sha,
        band_errors=distribution.band_errors,
        error_variance=distribution.variance,
        feature_set_version=feature_set_version,
    )
    return TrainedModel(booster=lgb.Booster(model_str=text), metadata=metadata)
