"""A player's features do not depend on which other games are played that day.

Everything in a store row is computed from games before D, and a league reference (team
defence against the league) is taken over every team, not over the teams on D's slate. So
removing one game of D from every raw table must leave every store row of D's other games
exactly as it was: row for row, column for column.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from nba_props.config import Settings
from nba_props.dbt_runner import run_dbt
from warehouse_compare import copy_raw, edit_parquet, private_settings

#: A two-game regular-season night of the sample (its slate has four teams).
D = date(2023, 12, 7)
#: Raw tables that carry a game_id.
GAME_TABLES = ("player_boxscores", "team_boxscores", "schedule", "player_shot_zones")


def _removed_game(sample_dir: Path) -> tuple[str, str, str]:
    """The first game of D in the schedule: (game_id, home team, away team)."""
    with duckdb.connect() as connection:
        rows = connection.execute(
            f"select game_id, home_team_abbr, away_team_abbr from '{sample_dir}/schedule.parquet' "
            "where game_date = ? order by game_id",
            [D],
        ).fetchall()
    assert len(rows) >= 2, f"{D} must have two games or more"
    return rows[0]


@pytest.fixture(scope="module")
def without_one_game(
    settings: Settings, sample_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Settings, str]:
    """A warehouse built for D from the raw data minus one game of D (every table)."""
    game_id, home, away = _removed_game(sample_dir)
    work = tmp_path_factory.mktemp("slate")
    raw = copy_raw(sample_dir, work)
    for table in GAME_TABLES:
        edit_parquet(raw / f"{table}.parquet", f"select * from raw where game_id != '{game_id}'")
    edit_parquet(
        raw / "prop_lines.parquet",
        f"select * from raw where not (game_date = '{D}' and home_team_abbr = '{home}' "
        f"and away_team_abbr = '{away}')",
    )
    smaller = private_settings(settings, work, "slate", raw)
    window = json.dumps({"start_date": str(D), "end_date": str(D)})
    run_dbt(smaller, ["run", "--quiet", "--select", "+ml_feature_store_v2", "--vars", window])
    return smaller, game_id


def _store_rows(path: Path, store: str, where: str) -> pd.DataFrame:
    """Every column of the store rows matching ``where``, the arrays as text, sorted by player."""
    with duckdb.connect(str(path), read_only=True) as connection:
        frame = connection.execute(f"select * from {store} where {where} order by player_id").df()
    return frame.map(lambda value: str(value) if hasattr(value, "__len__") else value)


def test_removing_a_game_changes_no_row_of_the_other_games(
    settings: Settings, without_one_game: tuple[Settings, str], tables: dict[str, str]
) -> None:
    smaller, game_id = without_one_game
    store = tables["ml_feature_store_v2"]
    full = _store_rows(settings.duckdb_path, store, f"game_date = '{D}' and game_id != '{game_id}'")
    reduced = _store_rows(smaller.duckdb_path, store, f"game_date = '{D}'")
    assert len(full) > 0
    assert reduced["player_id"].tolist() == full["player_id"].tolist()
    differing = {
        column: int(
            (
                ~(full[column].eq(reduced[column]) | (full[column].isna() & reduced[column].isna()))
            ).sum()
        )
        for column in full.columns
    }
    assert {column: n for column, n in differing.items() if n} == {}
