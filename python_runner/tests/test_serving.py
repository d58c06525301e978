"""Serving a game day that has not been played: the raw data stops before D (no box scores, no
later injuries or lines), the build runs as on the morning of D, and D is predicted.

The universe of D then comes from each team's recent rotation, and every feature of a player
who is in both universes must equal the backfill's (the full sample build) for the same row:
serving and history compute the same thing from the same information.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from nba_props.cli import main
from nba_props.config import Settings
from nba_props.dbt_runner import run_dbt
from nba_props.warehouse import Warehouse
from warehouse_compare import copy_raw, edit_parquet, private_settings

D = date(2024, 12, 2)
STORE_SQL = """
    select player_id, features, default_feature_indices, required_default_count,
        feature_quality_score, is_quality_ready
    from predictions.ml_feature_store_v2 where game_date = ? order by player_id
"""


@pytest.fixture(scope="module")
def served(settings: Settings, sample_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """A warehouse built from raw data as it stood on the morning of D, with D predicted."""
    work = tmp_path_factory.mktemp("serving")
    raw = copy_raw(sample_dir, work)
    for table in ("player_boxscores", "team_boxscores", "player_shot_zones"):
        edit_parquet(raw / f"{table}.parquet", f"select * from raw where game_date < '{D}'")
    edit_parquet(raw / "injuries.parquet", f"select * from raw where transaction_date < '{D}'")
    edit_parquet(raw / "prop_lines.parquet", f"select * from raw where game_date <= '{D}'")
    morning = private_settings(settings, work, "morning", raw)
    run_dbt(morning, ["run", "--quiet", "--vars", json.dumps({"run_date": str(D)})])
    result = CliRunner().invoke(
        main,
        ["predict", "--start-date", str(D), "--end-date", str(D)],
        env={
            "NBA_PROPS_PROJECT_DIR": str(morning.project_dir),
            "NBA_PROPS_DUCKDB_PATH": str(morning.duckdb_path),
            "NBA_PROPS_RAW_DIR": str(morning.raw_dir),
            "NBA_PROPS_MODELS_DIR": str(morning.models_dir),
            "NBA_PROPS_DBT_TARGET_PATH": str(morning.target_path),
            "NBA_PROPS_DBT_LOG_PATH": str(morning.log_path),
        },
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return morning


def _query(settings: Settings, sql: str, params: list[object] | None = None) -> pd.DataFrame:
    with Warehouse.from_settings(settings) as warehouse:
        return warehouse.query_df(sql, params)


def test_unplayed_day_universe_is_the_recent_rotation(served: Settings) -> None:
    universe = _query(
        served,
        "select universe_source, count(*) as n from analytics.int_player_game_universe "
        "where game_date = ? group by 1",
        [D],
    )
    assert set(universe["universe_source"]) == {"recent_rotation"}
    assert int(universe["n"].sum()) > 0


def test_served_features_equal_the_backfilled_ones(settings: Settings, served: Settings) -> None:
    morning = _query(served, STORE_SQL, [D])
    history = _query(settings, STORE_SQL, [D])
    both = morning.merge(history, on="player_id", suffixes=("_served", "_backfill"))
    assert len(both) >= 0.8 * len(history) > 0
    for column in ("required_default_count", "feature_quality_score", "is_quality_ready"):
        assert both[f"{column}_served"].equals(both[f"{column}_backfill"]), column
    for served_row, backfill_row in zip(
        both["features_served"], both["features_backfill"], strict=True
    ):
        assert np.array_equal(served_row, backfill_row, equal_nan=True)
    for served_row, backfill_row in zip(
        both["default_feature_indices_served"], both["default_feature_indices_backfill"],
        strict=True,
    ):  # fmt: skip
        assert list(served_row) == list(backfill_row)


def test_unplayed_day_is_predicted_and_not_graded(served: Settings) -> None:
    predictions = _query(
        served,
        "select gate_status, line_value, predicted_points, model_train_end "
        "from predictions.player_prop_predictions where game_date = ?",
        [D],
    )
    made = predictions[predictions["gate_status"] == "predicted"]
    assert len(made) > 0 and made["predicted_points"].notna().all()
    assert made["line_value"].notna().any()
    assert (pd.to_datetime(made["model_train_end"]).dt.date < D).all()
    graded = _query(
        served, "select count(*) as n from predictions.prediction_accuracy where game_date = ?", [D]
    )
    assert int(graded["n"].iloc[0]) == 0
