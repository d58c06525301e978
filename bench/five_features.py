"""The first five contract features (points_avg_last_5, points_avg_last_10, points_avg_season,
points_std_last_10, games_in_last_7_days) for every universe row, two ways, to time against
the dbt model that computes them (player_daily_cache):

- the **peer**: the way the original's processors did it, a Python loop over the dates with
  pandas per date (reference/original-system.md: the player daily cache processor, one run per
  date over the season's games before it);
- the **floor**: one hand-written DuckDB query (running window aggregates per played game, then
  an as-of join of each universe row to the player's last game before its date).

Both read player_game_summary and int_player_game_universe from a built warehouse; ``tables``
maps those model names to their ``schema.table`` (from the build's manifest).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

PLAYED_SQL = """
    select player_id, season, game_date, points
    from {player_game_summary} where is_played
"""
UNIVERSE_SQL = """
    select distinct player_id, game_date, season from {int_player_game_universe}
"""

FLOOR_SQL = """
with played as (
    select player_id, season, game_date, points,
        avg(points) over last_5 as avg_5,
        avg(points) over last_10 as avg_10,
        stddev_samp(points) over last_10 as std_10,
        avg(points) over season_so_far as avg_season,
        count(*) over season_so_far as games_so_far
    from {player_game_summary}
    where is_played
    window
        last_5 as (partition by player_id, season order by game_date rows 4 preceding),
        last_10 as (partition by player_id, season order by game_date rows 9 preceding),
        season_so_far as (partition by player_id, season order by game_date rows unbounded preceding)
),
universe as (
    select distinct player_id, game_date, season from {int_player_game_universe}
),
as_of as (
    select universe.player_id, universe.game_date, played.avg_5, played.avg_10,
        played.avg_season, played.std_10, played.games_so_far
    from universe asof left join played
        on played.player_id = universe.player_id and played.season = universe.season
        and played.game_date < universe.game_date
),
week_before as (
    select universe.player_id, universe.game_date, played.games_so_far as games_before_week
    from universe asof left join played
        on played.player_id = universe.player_id and played.season = universe.season
        and played.game_date < universe.game_date - 7
)
select as_of.player_id, as_of.game_date, avg_5 as points_avg_last_5,
    avg_10 as points_avg_last_10, avg_season as points_avg_season,
    std_10 as points_std_last_10,
    coalesce(games_so_far, 0) - coalesce(games_before_week, 0) as games_in_last_7_days
from as_of
join week_before using (player_id, game_date)
"""


@dataclass(frozen=True)
class Timed:
    """A computation's seconds and its rows (one per universe row)."""

    seconds: float
    rows: int
    dates: int
    extrapolated: bool = False


def floor(
    connection: duckdb.DuckDBPyConnection, tables: Mapping[str, str]
) -> tuple[Timed, pd.DataFrame]:
    """The five features as one DuckDB query, timed (the result fetched as a frame)."""
    sql = FLOOR_SQL.format_map(tables)
    began = time.perf_counter()
    frame = connection.execute(sql).df()
    seconds = time.perf_counter() - began
    return Timed(seconds, len(frame), int(frame["game_date"].nunique())), frame


def _one_date(
    played: pd.DataFrame, players: pd.DataFrame, day: pd.Timestamp, season: int
) -> pd.DataFrame:
    """The five features of one date's universe players, from the season's games before it."""
    history = played[(played["season"] == season) & (played["game_date"] < day)]
    history = history[history["player_id"].isin(players["player_id"])]
    history = history.sort_values(["player_id", "game_date"], ascending=[True, False])
    rank = history.groupby("player_id").cumcount()
    grouped = history.groupby("player_id")["points"]
    week = history[history["game_date"] >= day - pd.Timedelta(days=7)]
    features = pd.DataFrame(
        {
            "points_avg_last_5": history[rank < 5]
            .groupby("player_id")["points"]
            .mean(),
            "points_avg_last_10": history[rank < 10]
            .groupby("player_id")["points"]
            .mean(),
            "points_avg_season": grouped.mean(),
            "points_std_last_10": history[rank < 10]
            .groupby("player_id")["points"]
            .std(),
            "games_in_last_7_days": week.groupby("player_id").size(),
        }
    )
    result = players[["player_id"]].merge(
        features, left_on="player_id", right_index=True, how="left"
    )
    result["games_in_last_7_days"] = result["games_in_last_7_days"].fillna(0)
    return result.assign(game_date=day)


def peer(
    connection: duckdb.DuckDBPyConnection,
    tables: Mapping[str, str],
    max_dates: int | None = None,
) -> Timed:
    """The five features by a Python loop over dates, pandas per date. With ``max_dates``,
    that many evenly spaced dates are timed and the time scaled to every date (marked)."""
    played = connection.execute(PLAYED_SQL.format_map(tables)).df()
    universe = connection.execute(UNIVERSE_SQL.format_map(tables)).df()
    played["game_date"] = pd.to_datetime(played["game_date"])
    universe["game_date"] = pd.to_datetime(universe["game_date"])
    dates = sorted(universe["game_date"].unique())
    chosen = dates
    if max_dates is not None and len(dates) > max_dates:
        chosen = [dates[int(i)] for i in np.linspace(0, len(dates) - 1, max_dates)]
    by_date = dict(tuple(universe.groupby("game_date")))
    rows = 0
    began = time.perf_counter()
    for day in chosen:
        players = by_date[day]
        season = int(players["season"].iloc[0])
        rows += len(_one_date(played, players, pd.Timestamp(day), season))
    seconds = time.perf_counter() - began
    if chosen is not dates:
        seconds *= len(dates) / len(chosen)
    return Timed(seconds, rows, len(chosen), extrapolated=chosen is not dates)
