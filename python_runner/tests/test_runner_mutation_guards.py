"""Runner guards the mutation suite found missing (scripts/mutations.yml): the model trains
only on rows that pass the same gate as serving (mutation training-rows-ungated)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from nba_props.predicting import model_features, training_rows
from nba_props.warehouse import Warehouse

#: Early 2023-24: enough dates to train on, few enough rows to train in seconds.
BEFORE = date(2023, 12, 15)


@pytest.fixture(scope="module")
def early_rows(warehouse: Warehouse) -> tuple[pd.DataFrame, list[str]]:
    names = model_features(warehouse)
    return training_rows(warehouse, names, BEFORE), names


def test_training_rows_are_only_rows_the_gate_passes(
    warehouse: Warehouse, early_rows: tuple[pd.DataFrame, list[str]], tables: dict[str, str]
) -> None:
    """Every training row is one the store marks is_quality_ready, and the store has refused
    rows in that period (so the check can fail)."""
    rows, _ = early_rows
    store = warehouse.query_df(
        "select player_id, game_date, is_quality_ready "
        f"from {tables['ml_feature_store_v2']} where game_date < ?",
        [BEFORE],
    )
    assert (~store["is_quality_ready"]).any()
    keys = rows[["player_id", "game_date"]].assign(game_date=lambda f: pd.to_datetime(f.game_date))
    store = store.assign(game_date=pd.to_datetime(store["game_date"]))
    joined = keys.merge(store, on=["player_id", "game_date"], how="left", validate="one_to_one")
    assert len(joined) == len(rows) > 0
    assert joined["is_quality_ready"].eq(True).all()
