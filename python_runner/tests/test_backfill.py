"""Backfills you can trust: chunked == full, idempotent windows, late data, future
perturbation, bad input, partial failure, the freshness gate."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest
from warehouse_compare import (
    STORE,
    content_hashes,
    copy_raw,
    edit_parquet,
    private_settings,
    row_hashes,
)

from nba_props.backfill import backfill
from nba_props.config import Settings
from nba_props.dbt_runner import DbtError, run_dbt

FIRST, LAST = date(2023, 10, 1), date(2025, 4, 30)
D = date(2024, 12, 2)


def _run(settings: Settings, start: date | None = None, end: date | None = None, *extra: str):
    window = []
    if start and end:
        window = ["--vars", f'{{"start_date": "{start}", "end_date": "{end}"}}']
    run_dbt(settings, ["run", "--quiet", *window, *extra])


def test_chunked_backfill_equals_full_build_and_reruns_change_nothing(
    settings: Settings, tmp_path: Path
) -> None:
    chunked = private_settings(settings, tmp_path, "chunked")
    seen: list[str] = []
    backfill(chunked, FIRST, LAST, days=200, on_chunk=lambda chunk, _: seen.append(chunk.key))
    assert len(seen) == 3
    assert content_hashes(chunked.duckdb_path) == content_hashes(settings.duckdb_path)

    before = content_hashes(chunked.duckdb_path)
    _run(chunked, date(2024, 11, 1), date(2024, 11, 30))
    _run(chunked, date(2024, 11, 1), date(2024, 11, 30))
    after = content_hashes(chunked.duckdb_path)
    changed = {t for t in before if before[t] != after[t]}
    # Only the diagnosis, which describes the build window, may change.
    assert changed <= {"predictions.feature_gap_diagnosis"}

    resumed: list[str] = []
    backfill(chunked, FIRST, LAST, days=200, on_chunk=lambda chunk, _: resumed.append(chunk.key))
    assert resumed == seen


def test_late_box_score_fixes_later_dates_only(
    settings: Settings, sample_dir: Path, tmp_path: Path
) -> None:
    raw = copy_raw(sample_dir, tmp_path)
    player = duckdb.sql(
        f"select player_id, game_id, team_abbr from '{raw}/player_boxscores.parquet' "
        f"where game_date = '{D}' and status = 'active' order by points desc, player_id limit 1"
    ).fetchone()
    player_id, game_id, team = player
    # A corrected box score: two more made field goals (4 points) for one player and his team.
    edit_parquet(
        raw / "player_boxscores.parquet",
        "select * replace (points + case when player_id = {p} and game_id = '{g}' then 4 else 0 end"
        " as points, fgm + case when player_id = {p} and game_id = '{g}' then 2 else 0 end as fgm,"
        " fga + case when player_id = {p} and game_id = '{g}' then 2 else 0 end as fga) from raw".format(
            p=player_id, g=game_id
        ),
    )
    edit_parquet(
        raw / "team_boxscores.parquet",
        "select * replace (points + case when team_abbr = '{t}' and game_id = '{g}' then 4 else 0 end"
        " as points, fgm + case when team_abbr = '{t}' and game_id = '{g}' then 2 else 0 end as fgm,"
        " fga + case when team_abbr = '{t}' and game_id = '{g}' then 2 else 0 end as fga) from raw".format(
            t=team, g=game_id
        ),
    )
    late = private_settings(settings, tmp_path, "late", raw)
    shutil.copyfile(settings.duckdb_path, late.duckdb_path)
    _run(late, D, LAST)
    fresh = private_settings(settings, tmp_path, "fresh", raw)
    _run(fresh)

    after_d = f"game_date > '{D}'"
    up_to_d = f"game_date <= '{D}'"
    assert row_hashes(late.duckdb_path, STORE, after_d).equals(
        row_hashes(fresh.duckdb_path, STORE, after_d)
    )
    assert row_hashes(late.duckdb_path, STORE, up_to_d).equals(
        row_hashes(settings.duckdb_path, STORE, up_to_d)
    )
    corrected = row_hashes(late.duckdb_path, STORE, f"{after_d} and player_id = {player_id}")
    original = row_hashes(settings.duckdb_path, STORE, f"{after_d} and player_id = {player_id}")
    assert not corrected.equals(original), "the correction should reach the player's later rows"


def test_scrambling_the_future_changes_nothing_up_to_the_date(
    settings: Settings, sample_dir: Path, tmp_path: Path
) -> None:
    raw = copy_raw(sample_dir, tmp_path)
    stats = "minutes, points, fgm, fga, fg3m, fg3a, ftm, fta, oreb, dreb, reb, ast, stl, blk, tov, pf, plus_minus"
    # Every box score on or after D gets another row's stat line (keys stay, so the universe
    # does not change); team totals and zones likewise; later injuries vanish; later lines move.
    for table, columns, where in (
        ("player_boxscores", stats, "status = 'active'"),
        ("team_boxscores", stats.replace(", plus_minus", "") + ", won", "true"),
    ):
        edit_parquet(
            raw / f"{table}.parquet",
            f"""
            with future as (
                select *, row_number() over (order by game_id, team_abbr, {"player_id" if table == "player_boxscores" else "is_home"}) as n,
                    count(*) over () as total
                from raw where game_date >= '{D}' and {where}
            ),
            shifted as (
                select a.* replace ({", ".join(f"b.{c} as {c}" for c in columns.split(", "))})
                from future as a join future as b on b.n = (a.n % a.total) + 1
            )
            select * exclude (n, total) from shifted
            union all
            select * from raw where not (game_date >= '{D}' and {where})
            """,
        )
    edit_parquet(raw / "injuries.parquet", f"select * from raw where transaction_date < '{D}'")
    edit_parquet(
        raw / "prop_lines.parquet",
        f"select * replace (line + case when game_date > '{D}' then 3 else 0 end as line) from raw",
    )
    future = private_settings(settings, tmp_path, "future", raw)
    _run(future)
    up_to_d = f"game_date <= '{D}'"
    assert row_hashes(future.duckdb_path, STORE, up_to_d).equals(
        row_hashes(settings.duckdb_path, STORE, up_to_d)
    )
    assert not row_hashes(future.duckdb_path, STORE, f"game_date > '{D}'").equals(
        row_hashes(settings.duckdb_path, STORE, f"game_date > '{D}'")
    )


def test_bad_input_lands_in_quarantine_and_counts_reconcile(
    settings: Settings, sample_dir: Path, tmp_path: Path
) -> None:
    raw = copy_raw(sample_dir, tmp_path)
    picked = (
        "select * from raw where status = 'active' and points >= 10 order by game_id, player_id"
    )
    edit_parquet(
        raw / "player_boxscores.parquet",
        f"""
        with picked as (select *, row_number() over () as k from ({picked}) limit 7),
        bad as (
            -- exact duplicate of row 1
            select * exclude (k) from picked where k = 1
            -- conflicting duplicate of row 2
            union all select * exclude (k) replace (points + 2 as points, fgm + 1 as fgm) from picked where k = 2
            -- the player of row 3 also on the other team
            union all select * exclude (k) replace (opponent_abbr as team_abbr, team_abbr as opponent_abbr) from picked where k = 3
        ),
        edited as (
            select raw.* replace (
                case when picked.k = 4 then 0 else raw.minutes end as minutes,
                case when picked.k = 5 then -1 else raw.reb end as reb,
                case when picked.k = 6 then 'XXX' else raw.team_abbr end as team_abbr
            ),
            cast(case when picked.k = 7 then 'not-a-date' else cast(raw.game_date as varchar) end as varchar) as game_date_text
            from raw left join picked using (game_id, player_id)
        )
        select * exclude (game_date, game_date_text) replace (game_date_text as player_name), game_date_text as game_date
        from (select * replace (player_name as player_name) from edited)
        union all
        select * exclude (game_date) replace (player_name as player_name), cast(game_date as varchar) as game_date from bad
        """.replace(
            "select * exclude (game_date, game_date_text) replace (game_date_text as player_name), game_date_text as game_date",
            "select * exclude (game_date, game_date_text), game_date_text as game_date",
        ).replace(
            "select * exclude (game_date) replace (player_name as player_name), cast(game_date as varchar) as game_date from bad",
            "select * exclude (game_date), cast(game_date as varchar) as game_date from bad",
        ),
    )
    edit_parquet(
        raw / "prop_lines.parquet",
        "select * from raw union all select * replace ('Nobody McFakeplayer' as player_name) "
        "from (select * from raw limit 1)",
    )
    bad = private_settings(settings, tmp_path, "bad", raw)
    _run(bad)
    with duckdb.connect(str(bad.duckdb_path), read_only=True) as connection:
        reasons = dict(
            connection.execute(
                "select quarantine_reason, count(*) from staging.raw_quarantine "
                "where source_table in ('player_boxscores', 'prop_lines') group by 1"
            ).fetchall()
        )
        reconciliation = connection.execute(
            "select source_table, raw_rows, clean_rows, quarantined_rows "
            "from staging.raw_row_reconciliation"
        ).fetchall()
        store_rows = connection.execute(f"select count(*) from {STORE}").fetchone()[0]
    assert reasons["exact_duplicate"] == 1
    assert reasons["conflicting_duplicate_key"] == 2
    assert reasons["player_on_both_teams"] == 2
    assert reasons["points_without_minutes"] == 1
    assert reasons["negative_stat"] == 1
    assert reasons["unknown_team"] == 1
    assert reasons["unparseable_game_date"] == 1
    assert reasons["unresolved_player_name"] == 1
    for table, raw_rows, clean_rows, quarantined in reconciliation:
        assert raw_rows == clean_rows + quarantined, table
    assert store_rows > 0


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
    _run(broken)  # the diagnosis back to the full window, as the clean build has it
    assert content_hashes(broken.duckdb_path) == content_hashes(settings.duckdb_path)


def test_same_day_build_on_stale_box_scores_fails_clearly(
    settings: Settings, sample_dir: Path, tmp_path: Path
) -> None:
    raw = copy_raw(sample_dir, tmp_path)
    recent = "game_date between '2025-04-11' and '2025-04-12'"
    for table in ("player_boxscores", "team_boxscores"):
        edit_parquet(raw / f"{table}.parquet", f"select * from raw where not ({recent})")
    stale = private_settings(settings, tmp_path, "stale", raw)
    same_day = '{"start_date": "2025-04-13", "end_date": "2025-04-13", "run_date": "2025-04-13"}'
    with pytest.raises(DbtError) as failure:
        run_dbt(stale, ["build", "--quiet", "--exclude", "test_type:unit", "--vars", same_day])
    assert "assert_box_scores_fresh_for_same_day_build" in str(failure.value)
    with duckdb.connect(str(stale.duckdb_path), read_only=True) as connection:
        built = {
            row[0]
            for row in connection.execute(
                "select table_name from information_schema.tables"
            ).fetchall()
        }
    assert "ml_feature_store_v2" not in built
