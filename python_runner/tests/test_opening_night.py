"""Predictions from opening night: a returning player's last season fills his windows.

The cohort is counted from the RAW box scores (pandas), independently of the models: players
with a line on the first game night of 2024-25 who played 10+ games in 2023-24.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from nba_props.warehouse import Warehouse

SEASON = 2024
# Issue 9's target: at least 80 % of this cohort is quality-ready on the first night.
MIN_READY_SHARE = 0.8
PRIOR_SEASON_GAMES = 10


@pytest.fixture(scope="module")
def opening_night(warehouse: Warehouse, tables: dict[str, str]) -> pd.DataFrame:
    store = tables["ml_feature_store_v2"]
    return warehouse.query_df(
        f"""
        select player_id, game_date, has_vegas_line, is_quality_ready, quality_gate_reason,
            prior_season_games, points_avg_last_10, points_avg_last_10_source, team_win_pct_source
        from {store}
        where game_date = (
            select min(game_date) from {store} where season = {SEASON})
        """
    )


@pytest.fixture(scope="module")
def returning_players(sample_dir: Path) -> set[int]:
    box = pd.read_parquet(
        sample_dir / "player_boxscores.parquet",
        columns=["player_id", "season", "status", "minutes", "points"],
    )
    played = box[
        (box["season"] == SEASON - 1)
        & (box["status"] == "active")
        & ((box["minutes"] > 0) | (box["points"] > 0))
    ]
    counts = played.groupby("player_id").size()
    return set(counts[counts >= PRIOR_SEASON_GAMES].index.astype(int))


def test_lined_returning_players_are_ready_on_opening_night(
    opening_night: pd.DataFrame, returning_players: set[int]
) -> None:
    cohort = opening_night[
        (opening_night["has_vegas_line"] == 1) & opening_night["player_id"].isin(returning_players)
    ]
    assert len(cohort) >= 20, "the sample's opening night has lined returning players"
    share = cohort["is_quality_ready"].mean()
    blocked = cohort.loc[~cohort["is_quality_ready"], ["player_id", "quality_gate_reason"]]
    assert share >= MIN_READY_SHARE, f"ready {share:.1%} of {len(cohort)}:\n{blocked}"


def test_opening_night_history_comes_from_last_season_and_says_so(
    opening_night: pd.DataFrame, returning_players: set[int]
) -> None:
    returning = opening_night[opening_night["player_id"].isin(returning_players)]
    assert (returning["points_avg_last_10"].notna()).all()
    assert (returning["points_avg_last_10_source"] == "prior_season").all()
    assert (returning["prior_season_games"] == PRIOR_SEASON_GAMES).all()
    assert (returning["team_win_pct_source"] == "prior_season").all()
