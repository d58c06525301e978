"""Why each prediction came out as it did: LightGBM's per-row feature contributions.

``pred_contrib=True`` splits a tree model's raw prediction exactly (TreeSHAP) into a base value
(the model's expected prediction) plus one signed contribution per feature, in points. Each
predicted row keeps the base, its :data:`REASONS` largest contributions by absolute size (feature
name and points) and the sum of the others, so base + reasons + rest is the raw prediction.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nba_props.modeling import TrainedModel, feature_matrix

#: Contributions stored per prediction.
REASONS = 5
BASE_COLUMN = "explanation_base_points"
REST_COLUMN = "explanation_rest_points"
EXPLANATION_COLUMNS = (
    BASE_COLUMN,
    *(f"reason_{rank}_{part}" for rank in range(1, REASONS + 1) for part in ("feature", "points")),
    REST_COLUMN,
)


def contributions(model: TrainedModel, rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """``(base, per_feature)``: the base value per row and a rows x features matrix of signed
    contributions (points), in the model's feature order; their sum is the raw prediction."""
    matrix = feature_matrix(rows, model.metadata.features)
    parts = np.asarray(
        model.booster.predict(
            matrix, num_iteration=model.metadata.best_iteration, pred_contrib=True
        ),
        dtype=float,
    ).reshape(len(rows), len(model.metadata.features) + 1)
    return parts[:, -1], parts[:, :-1]


def explain(model: TrainedModel, rows: pd.DataFrame) -> pd.DataFrame:
    """The explanation columns (:data:`EXPLANATION_COLUMNS`) of ``rows``, on their index.

    Reasons are ordered by absolute contribution, largest first (ties: contract order)."""
    names = np.array(model.metadata.features, dtype=object)
    columns: dict[str, object] = {}
    if rows.empty:
        return pd.DataFrame(
            {column: pd.Series(dtype="object") for column in EXPLANATION_COLUMNS}, index=rows.index
        )
    base, parts = contributions(model, rows)
    order = np.argsort(-np.abs(parts), axis=1, kind="stable")
    top = order[:, :REASONS]
    picked = np.take_along_axis(parts, top, axis=1)
    columns[BASE_COLUMN] = base
    for rank in range(min(REASONS, parts.shape[1])):
        columns[f"reason_{rank + 1}_feature"] = names[top[:, rank]]
        columns[f"reason_{rank + 1}_points"] = picked[:, rank]
    columns[REST_COLUMN] = parts.sum(axis=1) - picked.sum(axis=1)
    return pd.DataFrame(columns, index=rows.index).reindex(columns=list(EXPLANATION_COLUMNS))
