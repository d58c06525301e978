"""Backfills you can trust: chunked == full, idempotent windows, late data, future
perturbation, bad input, partial failure, the freshness gate."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from nba_props import backfill as backfill_module
from nba_props.backfill import backfill
from nba_props.config import Settings
from nba_props.dbt_runner import DbtError, run_dbt
from nba_props.window import BuildWindow
from warehouse_compare import (
    content_hashes,
    copy_raw,
    edit_parquet,
    private_settings,
    row_hashes,
)

FIRST, LAST = date(2023, 10, 1), date(2025, 6, 30)
D = date(2024, 12, 2)


@pytest.fixture(scope="module")
def store(tables: dict[str, str]) -> str:
    """The feature store's ``schema.table`` (the same in every private warehouse here)."""
    return tables["ml_feature_store_v2"]


PLAYER_STATS = (
    "minutes", "points", "fgm", "fga", "fg3m", "fg3a", "ftm", "fta", "oreb", "dreb", "reb",
    "ast", "stl", "blk", "tov", "pf", "plus_minus",
)  # fmt: skip
TEAM_STATS = (*PLAYER_STATS[:-1], "won")

#: Seven real rows made bad: an exact and a conflicting duplicate, a player on both teams,
#: points in 0 minutes, a negative stat, an unknown team, an unparseable date (the file's
#: game_date becomes text for that).
PICKED_BOX_SCORES = """
    select game_id, player_id, game_date, row_number() over (order by game_id, player_id) as k
    from raw where status = 'active' and points >= 10
    order by game_id, player_id limit 7
"""
BAD_BOX_SCORES = f"""
    with picked as ({PICKED_BOX_SCORES}),
    marked as (select raw.*, picked.k from raw left join picked using (game_id, player_id)),
    edited as (
        select * replace (
            case when k = 4 then 0 else minutes end as minutes,
            case when k = 5 then -1 else reb end as reb,
            case when k = 6 then 'XXX' else team_abbr end as team_abbr,
            case when k = 7 then 'not-a-date' else cast(game_date as varchar) end as game_date
        )
        from marked
    ),
    extra as (
        select * replace (cast(game_date as varchar) as game_date) from marked where k = 1
        union all
        select * replace (cast(game_date as varchar) as game_date, points + 2 as points,
            fgm + 1 as fgm)
        from marked where k = 2
        union all
        select * replace (cast(game_date as varchar) as game_date,
            opponent_abbr as team_abbr, team_abbr as opponent_abbr)
        from marked where k = 3
    )
    select * exclude (k) from edited
    union all
    select * exclude (k) from extra
"""


def _run(settings: Settings, start: date | None = None, end: date | None = None) -> None:
    window = {"start_date": str(start), "end_date": str(end)} if start and end else {}
    run_dbt(settings, ["run", "--quiet", *(["--vars", json.dumps(window)] if window else [])])


def test_chunked_backfill_equals_full_build_and_reruns_change_nothing(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chunked = private_settings(settings, tmp_path, "chunked")
    seen: list[str] = []
    backfill(chunked, FIRST, LAST, days=200, on_chunk=lambda chunk, _: seen.append(chunk.key))
    assert len(seen) == 4
    assert content_hashes(chunked.duckdb_path) == content_hashes(settings.duckdb_path)

    before = content_hashes(chunked.duckdb_path)
    _run(chunked, date(2024, 11, 1), date(2024, 11, 30))
    _run(chunked, date(2024, 11, 1), date(2024, 11, 30))
    after = content_hashes(chunked.duckdb_path)
    # Nothing changes: the diagnosis marts cover every date, whatever window was built last.
    assert {table for table in before if before[table] != after[table]} == set()

    # Resuming a finished backfill builds no chunk again: only the diagnosis and the tests run.
    invocations = _record_dbt(monkeypatch)
    backfill(chunked, FIRST, LAST, days=200)
    assert [args[:1] for args in invocations] == [["run"], ["test"]]
    assert "--selector" in invocations[0] and "diagnostics" in invocations[0]


def _record_dbt(monkeypatch: pytest.MonkeyPatch, fail_on: str | None = None) -> list[list[str]]:
    """Replace the backfill's dbt invocations by a recorder (dbt does not run); the invocation
    whose arguments contain ``fail_on`` raises DbtError as a failing chunk would."""
    invocations: list[list[str]] = []

    def record(settings: Settings, args: list[str], window: BuildWindow | None = None) -> None:
        start = window.start.isoformat() if window is not None and window.start else None
        invocations.append([*args, *(["--start", start] if start else [])])
        if fail_on is not None and any(fail_on in arg for arg in invocations[-1]):
            raise DbtError("chunk failed", command=args)

    monkeypatch.setattr(backfill_module, "run_dbt", record)
    return invocations


def _chunk_runs(invocations: list[list[str]]) -> list[str]:
    """The chunk windows built, in order (dbt run without a node selection)."""
    return [
        args[args.index("--start") + 1]
        for args in invocations
        if args[0] == "run" and "--selector" not in args
    ]


def test_backfill_resumes_at_the_first_chunk_that_did_not_finish(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure in the third of four chunks, then a rerun: the rerun builds the third and
    fourth chunks only; --no-resume builds all four again."""
    private = private_settings(settings, tmp_path, "resume")
    first, last = date(2024, 11, 1), date(2024, 11, 28)
    starts = ["2024-11-01", "2024-11-08", "2024-11-15", "2024-11-22"]
    failing = _record_dbt(monkeypatch, fail_on="2024-11-15")
    with pytest.raises(DbtError):
        backfill(private, first, last, days=7)
    assert _chunk_runs(failing) == starts[:3]

    rerun = _record_dbt(monkeypatch)
    seen: list[str] = []
    backfill(private, first, last, days=7, on_chunk=lambda chunk, _: seen.append(chunk.key))
    assert _chunk_runs(rerun) == starts[2:]
    assert len(seen) == 4  # the progress still reports every chunk

    again = _record_dbt(monkeypatch)
    backfill(private, first, last, days=7)
    assert _chunk_runs(again) == []
    fresh = _record_dbt(monkeypatch)
    backfill(private, first, last, days=7, resume=False)
    assert _chunk_runs(fresh) == starts


def _add_two_field_goals(path: Path, who: str, game_id: str) -> None:
    hit = f"case when {who} and game_id = '{game_id}' then 1 else 0 end"
    edit_parquet(
        path,
        f"select * replace (points + 4 * {hit} as points, fgm + 2 * {hit} as fgm, "
        f"fga + 2 * {hit} as fga) from raw",
    )


def test_late_box_score_fixes_later_dates_only(
    settings: Settings, sample_dir: Path, tmp_path: Path, store: str
) -> None:
    raw = copy_raw(sample_dir, tmp_path)
    with duckdb.connect() as connection:
        player_id, game_id, team = connection.execute(
            f"select player_id, game_id, team_abbr from '{raw}/player_boxscores.parquet' "
            f"where game_date = '{D}' and status = 'active' order by points desc, player_id "
            "limit 1"
        ).fetchone()
    # A corrected box score: two more made field goals (4 points) for one player and his team.
    _add_two_field_goals(raw / "player_boxscores.parquet", f"player_id = {player_id}", game_id)
    _add_two_field_goals(raw / "team_boxscores.parquet", f"team_abbr = '{team}'", game_id)

    late = private_settings(settings, tmp_path, "late", raw)
    shutil.copyfile(settings.duckdb_path, late.duckdb_path)
    _run(late, D, LAST)
    fresh = private_settings(settings, tmp_path, "fresh", raw)
    _run(fresh)

    after_d, up_to_d = f"game_date > '{D}'", f"game_date <= '{D}'"
    assert row_hashes(late.duckdb_path, store, after_d).equals(
        row_hashes(fresh.duckdb_path, store, after_d)
    )
    assert row_hashes(late.duckdb_path, store, up_to_d).equals(
        row_hashes(settings.duckdb_path, store, up_to_d)
    )
    player_rows = f"{after_d} and player_id = {player_id}"
    assert not row_hashes(late.duckdb_path, store, player_rows).equals(
        row_hashes(settings.duckdb_path, store, player_rows)
    ), "the correction should reach the player's later rows"


def _rotate_stat_lines(order: str, columns: tuple[str, ...], where: str, day: date) -> str:
    """SQL giving each row on or after ``day`` (matching ``where``) the next such row's stats."""
    future = f"game_date >= '{day}' and {where}"
    taken = ", ".join(f"b.{column} as {column}" for column in columns)
    return f"""
        with future as (
            select *, row_number() over (order by game_id, team_abbr, {order}) as n,
                count(*) over () as total
            from raw where {future}
        )
        select a.* exclude (n, total) replace ({taken})
        from future as a inner join future as b on b.n = a.n % a.total + 1
        union all
        select * from raw where not ({future})
    """


#: The future-perturbation date: in 2023-24, where the sample has per-game shot zones, with
#: 2024-25's prop lines and injuries also after it, so every feature family is perturbed.
FUTURE_D = date(2024, 3, 1)
ZONE_STATS = (
    "ra_fga", "paint_nonra_fga", "mid_fga", "corner3_fga", "above_break3_fga", "backcourt_fga",
    "ra_fgm", "paint_nonra_fgm", "mid_fgm", "corner3_fgm", "above_break3_fgm", "backcourt_fgm",
)  # fmt: skip


def test_scrambling_the_future_changes_nothing_up_to_the_date(
    settings: Settings, sample_dir: Path, tmp_path: Path, store: str
) -> None:
    raw = copy_raw(sample_dir, tmp_path)
    day = FUTURE_D
    # Every box score and shot-zone line on or after the date gets another row's stat line
    # (keys stay, so the universe does not change); team totals likewise; later injuries
    # vanish; later lines move.
    for table, order, columns, where in (
        ("player_boxscores", "player_id", PLAYER_STATS, "status = 'active'"),
        ("team_boxscores", "is_home", TEAM_STATS, "true"),
        ("player_shot_zones", "player_id", ZONE_STATS, "true"),
    ):
        edit_parquet(raw / f"{table}.parquet", _rotate_stat_lines(order, columns, where, day))
    edit_parquet(raw / "injuries.parquet", f"select * from raw where transaction_date < '{day}'")
    edit_parquet(
        raw / "prop_lines.parquet",
        f"select * replace (line + case when game_date > '{day}' then 3 else 0 end as line) "
        "from raw",
    )
    future = private_settings(settings, tmp_path, "future", raw)
    _run(future)
    up_to_d, after_d = f"game_date <= '{day}'", f"game_date > '{day}'"
    assert row_hashes(future.duckdb_path, store, up_to_d).equals(
        row_hashes(settings.duckdb_path, store, up_to_d)
    )
    assert not row_hashes(future.duckdb_path, store, after_d).equals(
        row_hashes(settings.duckdb_path, store, after_d)
    )
    with duckdb.connect(str(future.duckdb_path), read_only=True) as connection:
        zoned_after = connection.execute(
            f"select count(*) from {store} where {after_d} and pct_paint_source = 'shotzone'"
        ).fetchone()[0]
    assert zoned_after > 1000, "the perturbed dates should include shot-zone features"
    # issue 10's features: each is real on the compared dates and reads the perturbed data
    # (it changes after the date), so the equality up to the date above holds it to account
    for feature in ISSUE_10_FEATURES:
        real_up_to_d, changed_after_d = _real_and_changed(
            settings.duckdb_path, future.duckdb_path, store, feature, up_to_d, after_d
        )
        if feature not in LINE_FEATURES:  # the sample's lines start in 2024-25, after the date
            assert real_up_to_d > 100, f"{feature}: too few real values up to {day}"
        assert changed_after_d > 0, f"{feature}: the perturbation after {day} never reaches it"


#: Issue 10's features (v10, and v11's long_form) that read box scores or lines
#: (team_games_missed_since_last_played and teammates_out_count read only which games were
#: played, which the perturbation keeps).
ISSUE_10_FEATURES = (
    "minutes_avg_last_3",
    "minutes_trend_last_3_vs_10",
    "share_30_minute_games_last_10",
    "teammates_out_points_per_game",
    "teammates_out_shot_attempts_per_game",
    "teammates_out_minutes_per_game",
    "shot_attempt_share_last_10",
    "points_share_last_10",
    "shot_attempt_share_vs_season",
    "points_share_vs_season",
    "opponent_points_allowed_to_position_vs_league",
    "line_minus_points_avg_last_10",
    "points_avg_last_82",
    "points_per_minute_last_82",
    "minutes_avg_last_82",
)


#: Of those, the ones that exist only where a line does.
LINE_FEATURES = ("line_minus_points_avg_last_10",)


def _real_and_changed(
    built: Path, perturbed: Path, store: str, feature: str, up_to_d: str, after_d: str
) -> tuple[int, int]:
    """Real values of ``feature`` up to the date (built warehouse), and rows after the date
    whose value differs between the built and the perturbed warehouse."""
    frames = []
    for path in (built, perturbed):
        with duckdb.connect(str(path), read_only=True) as connection:
            frames.append(
                connection.execute(
                    f"select player_id, game_date, {feature}, {after_d} as is_after "
                    f"from {store} order by player_id, game_date"
                ).df()
            )
    original, scrambled = frames
    real = int(original.loc[~original["is_after"], feature].notna().sum())
    joined = original.merge(scrambled, on=["player_id", "game_date"], suffixes=("", "_perturbed"))
    after = joined[joined["is_after"]]
    left, right = after[feature], after[f"{feature}_perturbed"]
    changed = int((~((left == right) | (left.isna() & right.isna()))).sum())
    return real, changed


#: Store columns that read other players' box scores (v10: teammates out; points the opponent
#: allowed the position, against the league) and the aggregates over every feature.
OTHER_PLAYERS_COLUMNS = tuple(
    f"{name}{suffix}"
    for name in (
        "teammates_out_count",
        "teammates_out_points_per_game",
        "teammates_out_shot_attempts_per_game",
        "teammates_out_minutes_per_game",
        "opponent_points_allowed_to_position_vs_league",
    )
    for suffix in ("", "_source", "_default_reason")
) + ("features", "default_feature_indices", "default_feature_count")


def test_bad_input_lands_in_quarantine_and_counts_reconcile(
    settings: Settings, sample_dir: Path, tmp_path: Path, tables: dict[str, str], store: str
) -> None:
    raw = copy_raw(sample_dir, tmp_path)
    edit_parquet(raw / "player_boxscores.parquet", BAD_BOX_SCORES)
    edit_parquet(
        raw / "prop_lines.parquet",
        "select * from raw union all "
        "select * replace ('Nobody McFakeplayer' as player_name) from (select * from raw limit 1)",
    )
    bad = private_settings(settings, tmp_path, "bad", raw)
    _run(bad)
    with duckdb.connect(str(bad.duckdb_path), read_only=True) as connection:
        reasons = dict(
            connection.execute(
                f"select quarantine_reason, count(*) from {tables['raw_quarantine']} "
                "where source_table in ('player_boxscores', 'prop_lines') group by 1"
            ).fetchall()
        )
        reconciliation = connection.execute(
            "select source_table, raw_rows, clean_rows, quarantined_rows "
            f"from {tables['raw_row_reconciliation']}"
        ).fetchall()
    assert reasons == {
        "exact_duplicate": 1,
        "conflicting_duplicate_key": 2,
        "player_on_both_teams": 2,
        "points_without_minutes": 1,
        "negative_stat": 1,
        "unknown_team": 1,
        "unparseable_game_date": 1,
        "unresolved_player_name": 1,
        "game_not_in_schedule": 39,
    }
    for table, raw_rows, clean_rows, quarantined in reconciliation:
        assert raw_rows == clean_rows + quarantined, table

    # A player-game whose only box score was quarantined (picked rows 2-7; row 1 keeps its
    # original copy) leaves the store when the player was there only because he played (outside
    # the universe); a universe member (recent rotation, pre-game line) keeps his row, now
    # without a box score. Every row of every other player is identical, but for the v10
    # features that read other players' box scores (teammates out, what the opponent allows a
    # position, the league's rate).
    with duckdb.connect() as connection:
        connection.execute(
            f"create view raw as select * from '{sample_dir}/player_boxscores.parquet'"
        )
        picked = connection.execute(PICKED_BOX_SCORES).df()
    lost = picked[picked["k"] >= 2]
    lost_keys = {
        (int(p), pd.Timestamp(d).date())
        for p, d in zip(lost["player_id"], lost["game_date"], strict=True)
    }
    own_rows = f"(select * exclude ({', '.join(OTHER_PLAYERS_COLUMNS)}) from {store})"
    clean = row_hashes(settings.duckdb_path, own_rows).set_index(["player_id", "game_date"])
    kept = row_hashes(bad.duckdb_path, own_rows).set_index(["player_id", "game_date"])
    missing = {(int(p), pd.Timestamp(d).date()) for p, d in clean.index.difference(kept.index)}
    assert missing and missing <= lost_keys
    with duckdb.connect(str(bad.duckdb_path), read_only=True) as connection:
        members = connection.execute(f"select player_id, game_date, in_universe from {store}").df()
    members["game_date"] = [pd.Timestamp(d).date() for d in members["game_date"]]
    in_universe = {
        (int(p), d): bool(u)
        for p, d, u in members[["player_id", "game_date", "in_universe"]].itertuples(index=False)
    }
    assert all(in_universe[key] for key in lost_keys - missing)
    assert kept.index.isin(clean.index).all()
    others = ~clean.index.get_level_values("player_id").isin(lost["player_id"])
    assert clean[others].equals(kept.loc[clean.index[others]])


def test_failed_build_then_rerun_equals_clean_build(
    settings: Settings, sample_dir: Path, tmp_path: Path
) -> None:
    raw = copy_raw(sample_dir, tmp_path)
    broken = private_settings(settings, tmp_path, "broken", raw)
    shutil.copyfile(settings.duckdb_path, broken.duckdb_path)
    hidden = tmp_path / "team_boxscores.parquet"
    shutil.move(raw / "team_boxscores.parquet", hidden)
    with pytest.raises(DbtError):
        _run(broken, date(2024, 11, 1), date(2024, 11, 30))
    shutil.move(hidden, raw / "team_boxscores.parquet")
    _run(broken, date(2024, 11, 1), date(2024, 11, 30))
    # No repair beyond the rerun of the failed window: every table equals the clean build's,
    # the diagnosis marts included (they cover every date, not the window built last).
    before, after = content_hashes(settings.duckdb_path), content_hashes(broken.duckdb_path)
    assert before.keys() == after.keys()
    assert {table for table in before if before[table] != after[table]} == set()


def test_same_day_build_on_stale_box_scores_fails_clearly(
    settings: Settings, sample_dir: Path, tmp_path: Path
) -> None:
    raw = copy_raw(sample_dir, tmp_path)
    recent = "game_date between '2025-04-11' and '2025-04-12'"
    for table in ("player_boxscores", "team_boxscores"):
        edit_parquet(raw / f"{table}.parquet", f"select * from raw where not ({recent})")
    stale = private_settings(settings, tmp_path, "stale", raw)
    same_day = json.dumps(
        {"start_date": "2025-04-13", "end_date": "2025-04-13", "run_date": "2025-04-13"}
    )
    with pytest.raises(DbtError) as failure:
        run_dbt(stale, ["build", "--quiet", "--exclude", "test_type:unit", "--vars", same_day])
    assert "assert_box_scores_fresh_for_same_day_build" in str(failure.value)
    with duckdb.connect(str(stale.duckdb_path), read_only=True) as connection:
        tables = connection.execute("select table_name from information_schema.tables")
        built = {row[0] for row in tables.fetchall()}
    assert "ml_feature_store_v2" not in built
