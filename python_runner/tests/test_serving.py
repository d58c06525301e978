"""Serving a game day that has not been played: the raw data stops before D (no box scores, no
later injuries or lines), the build runs as on the morning of D, and D is predicted.

The universe has one rule for every date, from what was known before it (each team's recent
rotation plus the players with a pre-game line), so on several dates - one of them the first
game of a traded player for his new team, one the day after - the morning build's universe
rows and every column of their feature rows equal the backfill's (the full sample build), row
for row: serving and history compute the same thing from the same information.
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
#: Dennis Schroder was traded from BKN to GSW on 2024-12-15: his line for GSW @ MEM on 12-19 puts
#: him in that game (his side is unknown before it: blocked as team_unresolved); on 12-21 his
#: latest team is GSW, so he is in GSW's recent rotation and not in BKN's.
TRADED_PLAYER = 203471
TRADE_DATES = (date(2024, 12, 19), date(2024, 12, 21))
UNIVERSE_SQL = """
    select player_id, game_id, team_abbr, opponent_abbr, is_home, in_universe, universe_source,
        team_resolution
    from {int_player_game_universe} where game_date = ? and in_universe
    order by player_id
"""
STORE_SQL = """
    select * exclude (game_date)
    from {ml_feature_store_v2} where game_date = ? and in_universe order by player_id
"""


def _morning_raw(sample_dir: Path, work: Path, day: date) -> Path:
    """A copy of the raw data as it stood on the morning of ``day``."""
    raw = copy_raw(sample_dir, work)
    for table in ("player_boxscores", "team_boxscores", "player_shot_zones"):
        edit_parquet(raw / f"{table}.parquet", f"select * from raw where game_date < '{day}'")
    edit_parquet(raw / "injuries.parquet", f"select * from raw where transaction_date < '{day}'")
    edit_parquet(raw / "prop_lines.parquet", f"select * from raw where game_date <= '{day}'")
    return raw


@pytest.fixture(scope="module")
def served(settings: Settings, sample_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """A warehouse built from raw data as it stood on the morning of D, with D predicted."""
    work = tmp_path_factory.mktemp("serving")
    morning = private_settings(settings, work, "morning", _morning_raw(sample_dir, work, D))
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


@pytest.fixture(scope="module")
def served_after_trade(
    settings: Settings, sample_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[date, Settings]:
    """Per trade date, a warehouse built from the raw data of that morning, for that date only
    (a window build: the universe and features of one date need only the history before it)."""
    built: dict[date, Settings] = {}
    for day in TRADE_DATES:
        work = tmp_path_factory.mktemp(f"serving_{day:%Y%m%d}")
        morning = private_settings(settings, work, "morning", _morning_raw(sample_dir, work, day))
        window = {"run_date": str(day), "start_date": str(day), "end_date": str(day)}
        run_dbt(
            morning,
            ["run", "--quiet", "--select", "+ml_feature_store_v2", "--vars", json.dumps(window)],
        )
        built[day] = morning
    return built


def _query(settings: Settings, sql: str, params: list[object] | None = None) -> pd.DataFrame:
    """``sql`` with ``{model}`` placeholders filled in from the manifest, run on the warehouse."""
    with Warehouse.from_settings(settings) as warehouse:
        tables = {name: model.schema_table for name, model in warehouse.project.models.items()}
        return warehouse.query_df(sql.format_map(tables), params)


def test_unplayed_day_universe_is_rotation_and_lines(served: Settings) -> None:
    universe = _query(
        served,
        "select in_universe, universe_source, count(*) as n "
        "from {int_player_game_universe} where game_date = ? group by all",
        [D],
    )
    assert set(universe["universe_source"]) <= {"recent_rotation", "prop_line"}
    assert universe["in_universe"].all() and int(universe["n"].sum()) > 0


def _assert_same_rows(morning: pd.DataFrame, backfill: pd.DataFrame, what: str) -> None:
    """The two builds' rows are the same rows with the same values (NaN equal to NaN)."""
    assert len(morning) > 0, what
    assert morning["player_id"].tolist() == backfill["player_id"].tolist(), what
    assert list(morning.columns) == list(backfill.columns), what
    for column in morning.columns:
        for served_value, backfill_value in zip(morning[column], backfill[column], strict=True):
            if isinstance(served_value, (list, np.ndarray)):
                assert np.array_equal(
                    np.asarray(served_value), np.asarray(backfill_value), equal_nan=True
                ), f"{what}: {column}"
            else:
                assert served_value == backfill_value or (
                    pd.isna(served_value) and pd.isna(backfill_value)
                ), f"{what}: {column} {served_value!r} != {backfill_value!r}"


def _assert_morning_equals_backfill(morning: Settings, backfill: Settings, day: date) -> None:
    _assert_same_rows(
        _query(morning, UNIVERSE_SQL, [day]), _query(backfill, UNIVERSE_SQL, [day]),
        f"universe {day}",
    )  # fmt: skip
    _assert_same_rows(
        _query(morning, STORE_SQL, [day]), _query(backfill, STORE_SQL, [day]),
        f"feature store {day}",
    )  # fmt: skip


def test_served_universe_and_features_equal_the_backfilled_ones(
    settings: Settings, served: Settings
) -> None:
    _assert_morning_equals_backfill(served, settings, D)


@pytest.mark.parametrize("day", TRADE_DATES, ids=str)
def test_after_a_trade_served_universe_and_features_equal_the_backfilled_ones(
    settings: Settings, served_after_trade: dict[date, Settings], day: date
) -> None:
    _assert_morning_equals_backfill(served_after_trade[day], settings, day)


def test_a_traded_player_follows_his_line_then_his_latest_team(settings: Settings) -> None:
    rows = _query(
        settings,
        "select game_date, team_abbr, universe_source, team_resolution, box_status "
        "from {int_player_game_universe} where player_id = ? and game_date in (?, ?) "
        "order by game_date",
        [TRADED_PLAYER, *TRADE_DATES],
    )
    first, second = rows.to_dict("records")
    # 12-19: only the line puts him in GSW @ MEM; no pre-game information says which side
    assert (first["universe_source"], first["team_resolution"]) == ("prop_line", "unresolved")
    # 12-21: his latest played game (12-19) was for GSW
    assert (second["team_abbr"], second["universe_source"]) == ("GSW", "recent_rotation")
    blocked = _query(
        settings,
        "select gate_reason from {prediction_candidates} where player_id = ? and game_date = ?",
        [TRADED_PLAYER, TRADE_DATES[0]],
    )
    assert blocked["gate_reason"].tolist() == ["team_unresolved"]


def test_unplayed_day_is_predicted_and_not_graded(served: Settings) -> None:
    predictions = _query(
        served,
        "select gate_status, line_value, predicted_points, model_train_end "
        "from {player_prop_predictions} where game_date = ?",
        [D],
    )
    made = predictions[predictions["gate_status"] == "predicted"]
    assert len(made) > 0 and made["predicted_points"].notna().all()
    assert made["line_value"].notna().any()
    assert (pd.to_datetime(made["model_train_end"]).dt.date < D).all()
    graded = _query(
        served, "select count(*) as n from {prediction_accuracy} where game_date = ?", [D]
    )
    assert int(graded["n"].iloc[0]) == 0
