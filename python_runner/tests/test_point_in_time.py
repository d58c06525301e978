"""Rolling player-history features recomputed independently from the RAW box scores.

Nothing here reads a dbt model except the feature store under test: the expected values come
from ``data/sample/player_boxscores.parquet`` with pandas/numpy, following the feature
definitions (played games strictly before the game date, played = active and (minutes > 0 or
points > 0); this season's, and when they cannot fill a window, the previous season's latest
within the 365 days before the date).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from nba_props.warehouse import Warehouse

TOLERANCE = 1e-9
HISTORY_FEATURES = (
    "points_avg_last_5",
    "points_avg_last_10",
    "points_std_last_10",
    "games_in_last_7_days",
)
HISTORY_INDICES = {0, 1, 2, 3, 4}
EMPTY_DATES = np.array([], dtype="datetime64[D]")
EMPTY_POINTS = np.array([], dtype="float64")


def _played_games(sample_dir: Path) -> pd.DataFrame:
    """Played box-score rows, sorted by player and date."""
    box = pd.read_parquet(
        sample_dir / "player_boxscores.parquet",
        columns=["player_id", "game_date", "season", "status", "minutes", "points"],
    )
    played = box[(box["status"] == "active") & ((box["minutes"] > 0) | (box["points"] > 0))]
    return played.assign(
        game_date=pd.to_datetime(played["game_date"]).to_numpy().astype("datetime64[D]"),
        points=played["points"].astype("float64"),
    ).sort_values(["player_id", "game_date"], kind="stable")


def _by_player(played: pd.DataFrame) -> dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per player: the played dates (ascending), their seasons and their points."""
    return {
        int(player_id): (
            group["game_date"].to_numpy(dtype="datetime64[D]"),
            group["season"].to_numpy(dtype="int64"),
            group["points"].to_numpy(dtype="float64"),
        )
        for player_id, group in played.groupby("player_id", sort=False)
    }


def recompute(played: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """Expected history features for each (player_id, game_date, season) of ``rows``."""
    by_player = _by_player(played)
    n = len(rows)
    this_season = np.zeros(n, dtype="int64")
    prior_in_last_10 = np.zeros(n, dtype="int64")
    out = {name: np.full(n, np.nan) for name in HISTORY_FEATURES}
    game_dates = rows["game_date"].to_numpy().astype("datetime64[D]")
    week, year = np.timedelta64(7, "D"), np.timedelta64(365, "D")
    empty = (EMPTY_DATES, np.array([], dtype="int64"), EMPTY_POINTS)
    for i, (player_id, season, day) in enumerate(
        zip(rows["player_id"], rows["season"], game_dates, strict=True)
    ):
        dates, seasons, points = by_player.get(int(player_id), empty)
        end = int(np.searchsorted(dates, day, side="left"))  # played games strictly before D
        start = max(
            int(np.searchsorted(dates, day - year, side="left")),
            int(np.searchsorted(seasons, int(season) - 1, side="left")),
        )
        history, history_seasons = points[start:end], seasons[start:end]
        this_season[i] = int((history_seasons == int(season)).sum())
        if len(history) == 0:
            continue
        prior_in_last_10[i] = int((history_seasons[-10:] < int(season)).sum())
        out["points_avg_last_5"][i] = history[-5:].mean()
        last_10 = history[-10:]
        out["points_avg_last_10"][i] = last_10.mean()
        if len(last_10) >= 2:
            out["points_std_last_10"][i] = last_10.std(ddof=1)
        out["games_in_last_7_days"][i] = end - np.searchsorted(dates, day - week, side="left")
    return pd.DataFrame(
        {"this_season_games": this_season, "prior_in_last_10": prior_in_last_10, **out},
        index=rows.index,
    )


def _describe(frame: pd.DataFrame, columns: Iterable[str], limit: int = 5) -> str:
    return frame.loc[:, list(columns)].head(limit).to_string()


@pytest.fixture(scope="module")
def store(warehouse: Warehouse, tables: dict[str, str]) -> pd.DataFrame:
    return warehouse.query_df(
        f"""
        select player_id, game_date, season, games_played_season, prior_season_games,
            points_avg_last_10_source,
            {", ".join(HISTORY_FEATURES)},
            features[1:5] as first_features,
            default_feature_indices
        from {tables["ml_feature_store_v2"]}
        order by player_id, game_date
        """
    )


@pytest.fixture(scope="module")
def played(sample_dir: Path) -> pd.DataFrame:
    return _played_games(sample_dir)


@pytest.fixture(scope="module")
def expected(store: pd.DataFrame, played: pd.DataFrame) -> pd.DataFrame:
    return recompute(played, store)


def test_store_has_one_row_per_player_and_date(store: pd.DataFrame) -> None:
    assert len(store) > 60_000
    assert not store.duplicated(["player_id", "game_date"]).any()


def test_store_season_matches_raw_box_score(store: pd.DataFrame, sample_dir: Path) -> None:
    box = pd.read_parquet(
        sample_dir / "player_boxscores.parquet", columns=["player_id", "game_date", "season"]
    )
    box["game_date"] = pd.to_datetime(box["game_date"]).astype(store["game_date"].dtype)
    # universe rows whose player did not appear (voids) have no box-score row
    merged = store[["player_id", "game_date", "season"]].merge(
        box, on=["player_id", "game_date"], suffixes=("", "_raw"), validate="one_to_one"
    )
    assert len(merged) > 0.6 * len(store)
    wrong = merged[merged["season"] != merged["season_raw"]]
    assert wrong.empty, _describe(wrong, merged.columns)


@pytest.mark.parametrize("feature", HISTORY_FEATURES)
def test_history_feature_matches_raw_recompute(
    feature: str, store: pd.DataFrame, expected: pd.DataFrame
) -> None:
    actual = store[feature].to_numpy(dtype="float64")
    wanted = expected[feature].to_numpy(dtype="float64")
    both_null = np.isnan(actual) & np.isnan(wanted)
    close = np.isclose(actual, wanted, rtol=0.0, atol=TOLERANCE)
    bad = ~(both_null | close)
    report = store.loc[bad, ["player_id", "game_date", "games_played_season", feature]].assign(
        expected=wanted[bad], prior_in_last_10=expected.loc[bad, "prior_in_last_10"]
    )
    assert not bad.any(), (
        f"{int(bad.sum())} of {len(store)} rows differ for {feature}:\n{report.head(10)}"
    )


def test_games_played_season_counts_earlier_played_games(
    store: pd.DataFrame, expected: pd.DataFrame
) -> None:
    wrong = store["games_played_season"].to_numpy() != expected["this_season_games"].to_numpy()
    assert not wrong.any(), store.loc[wrong].head(10).to_string()


def test_prior_season_games_fill_the_last_10_and_are_labelled(
    store: pd.DataFrame, expected: pd.DataFrame
) -> None:
    """Last season's games in the window are counted and labelled, and only while this season
    has fewer than 10 games."""
    wanted = expected["prior_in_last_10"].to_numpy()
    assert (wanted > 0).sum() > 1_000  # every returning player's first weeks
    wrong = store["prior_season_games"].to_numpy() != wanted
    assert not wrong.any(), store.loc[wrong].head(10).to_string()
    labelled = (store["points_avg_last_10_source"] == "prior_season").to_numpy()
    assert (labelled == (wanted > 0)).all()
    assert (store.loc[wanted > 0, "games_played_season"] < 10).all()


def test_no_earlier_game_means_null_and_defaulted(
    store: pd.DataFrame, expected: pd.DataFrame
) -> None:
    first = store[expected[["this_season_games", "prior_in_last_10"]].sum(axis=1) == 0]
    assert len(first) > 0
    assert first[list(HISTORY_FEATURES)].isna().all().all()
    missing = [
        (row.player_id, row.game_date)
        for row in first.itertuples(index=False)
        if not set(row.default_feature_indices.tolist()) >= HISTORY_INDICES
    ]
    assert missing == [], f"rows without 0..4 in default_feature_indices: {missing[:10]}"


def test_first_game_of_each_season_is_real_only_for_returning_players(
    store: pd.DataFrame, expected: pd.DataFrame
) -> None:
    """A season's first game keeps history features exactly when the player played in the 365
    days before it (last season's games, labelled prior_season); rookies stay default."""
    firsts = store.sort_values("game_date").groupby(["player_id", "season"], sort=False).head(1)
    assert len(firsts) >= store["player_id"].nunique()
    returning = (expected.loc[firsts.index, "prior_in_last_10"] > 0).to_numpy()
    assert returning.sum() > 100 and (~returning).sum() > 100
    defaulted = np.array(
        [set(row.tolist()) >= HISTORY_INDICES for row in firsts["default_feature_indices"]]
    )
    assert not (defaulted & returning).any(), firsts[defaulted & returning].head().to_string()
    assert defaulted[~returning].all(), firsts[~defaulted & ~returning].head().to_string()
    assert (firsts.loc[returning, "points_avg_last_10_source"] == "prior_season").all()


def test_feature_vector_carries_the_columns(store: pd.DataFrame) -> None:
    """``features[0:5]`` equals the five columns, with NaN exactly where the column is NULL."""
    vectors = np.stack(store["first_features"].to_numpy())
    positions = {
        "points_avg_last_5": 0,
        "points_avg_last_10": 1,
        "points_std_last_10": 3,
        "games_in_last_7_days": 4,
    }
    for feature, position in positions.items():
        column = store[feature].to_numpy(dtype="float64")
        vector = vectors[:, position]
        same = (np.isnan(column) & np.isnan(vector)) | (column == vector)
        assert same.all(), f"features[{position}] differs from {feature}"


def _zone_games(sample_dir: Path) -> pd.DataFrame:
    """Played games that have a per-game shot-zone line, with paint / mid / three attempts."""
    zones = pd.read_parquet(sample_dir / "player_shot_zones.parquet")
    played = _played_games(sample_dir)[["player_id", "game_date", "season"]]
    zones = zones.assign(
        game_date=pd.to_datetime(zones["game_date"]).to_numpy().astype("datetime64[D]"),
        paint=zones["ra_fga"] + zones["paint_nonra_fga"],
        mid=zones["mid_fga"],
        three=zones["corner3_fga"] + zones["above_break3_fga"],
    )[["player_id", "game_date", "paint", "mid", "three"]]
    return played.merge(zones, on=["player_id", "game_date"]).sort_values(
        ["player_id", "game_date"], kind="stable"
    )


def test_shot_zone_shares_match_raw_recompute(store_zones: pd.DataFrame, sample_dir: Path) -> None:
    """pct_paint / pct_mid_range from the raw zone feed: the last 10 zone games of the season
    strictly before D, real from 5 such games on (else not labelled shotzone)."""
    games = _zone_games(sample_dir)
    n = len(store_zones)
    counts, paint, mid, total = (np.zeros(n) for _ in range(4))
    groups = {key: group for key, group in games.groupby(["player_id", "season"], sort=False)}
    days = store_zones["game_date"].to_numpy().astype("datetime64[D]")
    for (player_id, season), positions in store_zones.groupby(
        ["player_id", "season"]
    ).indices.items():
        group = groups.get((player_id, season))
        if group is None:
            continue
        k = np.searchsorted(group["game_date"].to_numpy(), days[positions], side="left")
        first = np.maximum(k - 10, 0)
        sums = {
            name: np.concatenate([[0], np.cumsum(group[name].to_numpy(dtype="float64"))])
            for name in ("paint", "mid", "three")
        }
        counts[positions] = k - first
        paint[positions] = sums["paint"][k] - sums["paint"][first]
        mid[positions] = sums["mid"][k] - sums["mid"][first]
        total[positions] = (
            paint[positions] + mid[positions] + sums["three"][k] - sums["three"][first]
        )
    real = (counts >= 5) & (total > 0)
    labelled = (store_zones["pct_paint_source"] == "shotzone").to_numpy()
    assert real.sum() > 10_000
    assert (labelled == real).all(), store_zones.loc[labelled != real].head().to_string()
    with np.errstate(invalid="ignore", divide="ignore"):
        for column, attempts in (("pct_paint", paint), ("pct_mid_range", mid)):
            wanted = attempts[real] / total[real]
            actual = store_zones[column].to_numpy(dtype="float64")[real]
            assert np.allclose(actual, wanted, rtol=0.0, atol=TOLERANCE), column


@pytest.fixture(scope="module")
def store_zones(warehouse: Warehouse, tables: dict[str, str]) -> pd.DataFrame:
    """Store rows of the 2023-24 sample season (the one with per-game zones)."""
    return warehouse.query_df(
        "select player_id, game_date, season, pct_paint, pct_paint_source, pct_mid_range "
        f"from {tables['ml_feature_store_v2']} where season = 2023 order by player_id, game_date"
    )


#: Issue 10's expected-minutes features (v10), recomputed from the raw box scores like the
#: history features: played games strictly before D, this season's and, to fill a window, the
#: previous season's within 365 days.
MINUTES_FEATURES = (
    "minutes_avg_last_3",
    "minutes_trend_last_3_vs_10",
    "share_30_minute_games_last_10",
)
#: The long_form features (v11): the newest 82 played games of any season within 365 days.
LONG_FORM_FEATURES = ("points_avg_last_82", "points_per_minute_last_82", "minutes_avg_last_82")
WINDOW_FEATURES = MINUTES_FEATURES + LONG_FORM_FEATURES


def recompute_minutes(sample_dir: Path, rows: pd.DataFrame) -> pd.DataFrame:
    """Expected minutes and long_form features for each (player_id, game_date, season) of
    ``rows``."""
    box = pd.read_parquet(
        sample_dir / "player_boxscores.parquet",
        columns=["player_id", "game_date", "season", "status", "minutes", "points"],
    )
    played = box[(box["status"] == "active") & ((box["minutes"] > 0) | (box["points"] > 0))]
    played = played.assign(
        game_date=pd.to_datetime(played["game_date"]).to_numpy().astype("datetime64[D]")
    ).sort_values(["player_id", "game_date"], kind="stable")
    by_player = {
        int(player_id): (
            group["game_date"].to_numpy(dtype="datetime64[D]"),
            group["season"].to_numpy(dtype="int64"),
            group["minutes"].to_numpy(dtype="float64"),
            group["points"].to_numpy(dtype="float64"),
        )
        for player_id, group in played.groupby("player_id", sort=False)
    }
    out = {name: np.full(len(rows), np.nan) for name in WINDOW_FEATURES}
    year = np.timedelta64(365, "D")
    empty = (EMPTY_DATES, np.array([], dtype="int64"), EMPTY_POINTS, EMPTY_POINTS)
    game_dates = rows["game_date"].to_numpy().astype("datetime64[D]")
    for i, (player_id, season, day) in enumerate(
        zip(rows["player_id"], rows["season"], game_dates, strict=True)
    ):
        dates, seasons, minutes, points = by_player.get(int(player_id), empty)
        end = int(np.searchsorted(dates, day, side="left"))
        year_start = int(np.searchsorted(dates, day - year, side="left"))
        long_start = max(year_start, end - 82)
        if long_start < end:
            out["points_avg_last_82"][i] = points[long_start:end].mean()
            out["minutes_avg_last_82"][i] = minutes[long_start:end].mean()
            out["points_per_minute_last_82"][i] = (
                points[long_start:end].sum() / minutes[long_start:end].sum()
            )
        start = max(year_start, int(np.searchsorted(seasons, int(season) - 1, side="left")))
        last_10 = minutes[start:end][-10:]
        if len(last_10) == 0:
            continue
        out["minutes_avg_last_3"][i] = last_10[-3:].mean()
        out["share_30_minute_games_last_10"][i] = (last_10 >= 30).mean()
        if len(last_10) >= 4:
            out["minutes_trend_last_3_vs_10"][i] = last_10[-3:].mean() - last_10.mean()
    return pd.DataFrame(out, index=rows.index)


@pytest.fixture(scope="module")
def store_minutes(warehouse: Warehouse, tables: dict[str, str]) -> pd.DataFrame:
    return warehouse.query_df(
        f"""
        select player_id, game_date, season, {", ".join(WINDOW_FEATURES)}
        from {tables["ml_feature_store_v2"]}
        order by player_id, game_date
        """
    )


@pytest.mark.parametrize("feature", WINDOW_FEATURES)
def test_window_feature_matches_raw_recompute(
    feature: str, store_minutes: pd.DataFrame, sample_dir: Path
) -> None:
    expected = recompute_minutes(sample_dir, store_minutes)
    actual = store_minutes[feature].to_numpy(dtype="float64")
    wanted = expected[feature].to_numpy(dtype="float64")
    assert np.isfinite(actual).sum() > 50_000
    bad = ~((np.isnan(actual) & np.isnan(wanted)) | np.isclose(actual, wanted, atol=TOLERANCE))
    report = store_minutes.loc[bad, ["player_id", "game_date", feature]].assign(
        expected=wanted[bad]
    )
    assert not bad.any(), f"{int(bad.sum())} rows differ for {feature}:\n{report.head(10)}"
