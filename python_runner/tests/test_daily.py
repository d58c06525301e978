"""`nba-props daily --date D` on a copy of the sample warehouse (a 2024-25 date).

D-1 is served first (no saved model: one is trained on the rows before D-1), then D (that model
is at most the cadence old: reused), then D again. D's predictions must exist, D-1's must be
graded, no box score of D may reach the warehouse, the rerun must not add rows, and D's
predictions must be exactly those of a daily run on raw data physically cut at D's morning
(the way test_serving.py builds a morning): the `known_before` cut uses nothing the morning
does not have.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from nba_props.cli import main
from nba_props.config import Settings
from nba_props.warehouse import Warehouse
from predicted_window import cli_env
from warehouse_compare import copy_raw, edit_parquet, private_settings

D = date(2025, 1, 15)
PREVIOUS = D - timedelta(days=1)
PREDICTIONS_SQL = """
    select player_id, game_id, gate_status, gate_reason, predicted_points, recommendation,
        line_value, model_version
    from {player_prop_predictions} where game_date = ? order by player_id
"""


def _daily(settings: Settings, day: date) -> dict[str, Any]:
    result = CliRunner().invoke(
        main,
        ["daily", "--date", str(day), "--format", "json"],
        env=cli_env(settings),
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _query(settings: Settings, sql: str, params: list[object] | None = None) -> pd.DataFrame:
    """``sql`` with ``{model}`` placeholders filled in from the manifest, run on the warehouse."""
    with Warehouse.from_settings(settings) as warehouse:
        tables = {name: model.schema_table for name, model in warehouse.project.models.items()}
        return warehouse.query_df(sql.format_map(tables), params)


def _private_copy(settings: Settings, work: Path, name: str, raw: Path | None = None) -> Settings:
    private = private_settings(settings, work, name, raw)
    shutil.copyfile(settings.duckdb_path, private.duckdb_path)
    return private


@pytest.fixture(scope="module")
def served(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Daily D-1, D and D again on a copy of the full sample warehouse."""
    work = tmp_path_factory.mktemp("daily")
    served = _private_copy(settings, work, "daily")
    previous = _daily(served, PREVIOUS)
    first = _daily(served, D)
    first_rows = _query(served, PREDICTIONS_SQL, [D])
    rerun = _daily(served, D)
    return {
        "settings": served,
        "previous": previous,
        "first": first,
        "first_rows": first_rows,
        "rerun": rerun,
    }


def test_daily_predicts_d_and_grades_the_day_before(served: dict[str, Any]) -> None:
    rows = _query(served["settings"], PREDICTIONS_SQL, [D])
    assert (rows["gate_status"] == "predicted").sum() == served["first"]["predicted"] > 0
    assert rows["predicted_points"].notna().sum() == served["first"]["predicted"]
    graded = _query(
        served["settings"],
        "select count(*) as n, count(actual_points) as with_points "
        "from {prediction_accuracy} where game_date = ? and not is_void",
        [PREVIOUS],
    )
    assert int(graded["n"].iloc[0]) == served["first"]["graded_previous_day"] > 0
    assert int(graded["with_points"].iloc[0]) == int(graded["n"].iloc[0])
    assert [step["name"] for step in served["first"]["steps"]] == [
        "build",
        "model",
        "predict and grade",
    ]


def test_daily_uses_no_box_score_of_d(served: dict[str, Any]) -> None:
    """The sample has D's box scores; the morning build must not: none from D on in staging,
    none of D in player_game_summary (its later dates are the earlier full build's, which a
    morning never reads: features read games before their date), and D is not graded."""
    settings = served["settings"]
    checks = {
        "stg_nba__player_boxscores": "game_date >= ?",
        "stg_nba__team_boxscores": "game_date >= ?",
        "player_game_summary": "game_date = ?",
    }
    for model, where in checks.items():
        found = _query(settings, f"select count(*) as n from {{{model}}} where {where}", [D])
        assert int(found["n"].iloc[0]) == 0, model
    graded = _query(
        settings,
        "select count(*) as n from {prediction_accuracy} where game_date = ?",
        [D],
    )
    assert int(graded["n"].iloc[0]) == 0


def test_daily_reuses_a_current_model_and_retrains_none_on_rerun(served: dict[str, Any]) -> None:
    assert served["previous"]["retrained"] is True
    assert served["first"]["retrained"] is False
    assert served["first"]["model_version"] == served["previous"]["model_version"]
    assert served["rerun"]["retrained"] is False


def test_daily_rerun_replaces_and_never_duplicates(served: dict[str, Any]) -> None:
    rows = _query(served["settings"], PREDICTIONS_SQL, [D])
    pd.testing.assert_frame_equal(
        rows.drop(columns="model_version"), served["first_rows"].drop(columns="model_version")
    )
    keys = _query(
        served["settings"],
        "select count(*) as n, count(distinct (system_id, player_id, game_date)) as keys "
        "from {player_prop_predictions} where game_date between ? and ?",
        [PREVIOUS, D],
    )
    assert int(keys["n"].iloc[0]) == int(keys["keys"].iloc[0]) > 0


def test_daily_cut_equals_raw_data_of_the_morning(
    served: dict[str, Any], settings: Settings, sample_dir: Path, tmp_path: Path
) -> None:
    """A daily run on raw files that stop at D's morning predicts D exactly as the cut does."""
    raw = copy_raw(sample_dir, tmp_path)
    for table in ("player_boxscores", "team_boxscores", "player_shot_zones"):
        edit_parquet(raw / f"{table}.parquet", f"select * from raw where game_date < '{D}'")
    edit_parquet(raw / "injuries.parquet", f"select * from raw where transaction_date < '{D}'")
    edit_parquet(raw / "prop_lines.parquet", f"select * from raw where game_date <= '{D}'")
    morning = _private_copy(settings, tmp_path, "morning", raw)
    shutil.copytree(served["settings"].models_dir, morning.models_dir)
    assert _daily(morning, D)["retrained"] is False
    pd.testing.assert_frame_equal(_query(morning, PREDICTIONS_SQL, [D]), served["first_rows"])


def test_a_model_saved_in_an_older_format_never_serves_and_never_stops_the_day(
    tmp_path: Path,
) -> None:
    """A models folder written by an earlier version (metadata without the error distribution)
    is passed over: the daily trains a current model instead of failing on a KeyError."""
    from nba_props.daily import latest_model_before

    old = tmp_path / "lgbm_v9-20240414-0000000000"
    old.mkdir()
    (old / "model.txt").write_text("tree\n")
    (old / "metadata.json").write_text(
        json.dumps(
            {
                "system_id": "lgbm_v9",
                "model_version": old.name,
                "train_start": "2023-10-24",
                "train_end": "2024-04-14",
                "train_rows": 100,
                "features": ["points_avg_last_5"],
                "best_iteration": 10,
                "validation_mae": 5.0,
                "file_sha256": "0" * 64,
            }
        )
    )
    assert latest_model_before(tmp_path, D, ["points_avg_last_5"]) is None


def test_a_model_trained_on_other_rows_never_serves(served: dict[str, Any], tmp_path: Path) -> None:
    """A models folder shared by two warehouses (the sample's models beside a full build, say):
    a saved model serves only a warehouse whose training window holds the rows it was trained
    on. The same folder with one model's points total off by one point (another warehouse's
    rows) offers no model; a model saved before the fingerprint was recorded offers none
    either."""
    from nba_props.daily import latest_model_before, trained_on_these_rows
    from nba_props.predicting import model_features

    settings = served["settings"]
    with Warehouse.from_settings(settings) as warehouse:
        features = model_features(warehouse)

        def here(models: Path) -> Any:
            return latest_model_before(
                models, D, features, lambda metadata: trained_on_these_rows(warehouse, metadata)
            )

        assert here(settings.models_dir) is not None
        for change in ({"train_points_delta": 1.0}, {"train_points": None}):
            models = tmp_path / str(len(list(tmp_path.iterdir())))
            shutil.copytree(settings.models_dir, models)
            for metadata_file in models.glob("*/metadata.json"):
                metadata = json.loads(metadata_file.read_text())
                if "train_points_delta" in change:
                    metadata["train_points"] += change["train_points_delta"]
                else:
                    metadata["train_points"] = None
                metadata_file.write_text(json.dumps(metadata))
            assert here(models) is None, change
