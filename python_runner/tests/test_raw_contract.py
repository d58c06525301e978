"""Raw files against the raw contract (models/staging/_nba__sources.yml): a column in a type that
casts is read value by value and an unparseable value quarantines only its row; a missing
column, or one in a type that can never cast, fails before dbt starts, naming file, column and
expected type."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from click.testing import CliRunner

from nba_props.cli import main
from nba_props.config import Settings
from nba_props.dbt_project import DbtProject
from nba_props.dbt_runner import run_dbt
from nba_props.raw_files import check_raw_files
from nba_props.warehouse import Warehouse

BOXSCORES = "player_boxscores"


def _raw_copy(sample: Path, target: Path, table: str, select_sql: str) -> Path:
    """A copy of the raw directory whose ``table`` is rewritten by ``select_sql`` (reading the
    original file as ``raw``)."""
    target.mkdir()
    for path in sample.glob("*.parquet"):
        shutil.copyfile(path, target / path.name)
    source = sample / f"{table}.parquet"
    with duckdb.connect() as con:
        con.execute(f"create view raw as select * from read_parquet('{source}')")
        con.execute(f"copy ({select_sql}) to '{target / f'{table}.parquet'}' (format parquet)")
    return target


def _settings(settings: Settings, raw: Path, work: Path) -> Settings:
    return Settings(
        project_dir=settings.project_dir,
        duckdb_path=work / "nba_props.duckdb",
        raw_dir=raw,
        profiles_dir=settings.profiles_dir,
        target_path=work / "target",
        log_path=work / "logs",
    )


def _invoke_build(settings: Settings) -> tuple[int, str]:
    result = CliRunner().invoke(
        main,
        ["build"],
        env={
            "NBA_PROPS_PROJECT_DIR": str(settings.project_dir),
            "NBA_PROPS_DUCKDB_PATH": str(settings.duckdb_path),
            "NBA_PROPS_RAW_DIR": str(settings.raw_dir),
        },
    )
    return result.exit_code, result.output


def _sorted(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return frame.sort_values(keys).reset_index(drop=True)


def test_points_as_text_with_one_unparseable_value_quarantines_only_that_row(
    settings: Settings, warehouse: Warehouse, tmp_path: Path, tables: dict[str, str]
) -> None:
    """player_boxscores.points as text (as CSV conversions write it), one value 'abc' and one
    missing value written as '': the file passes the pre-dbt check, staging builds, the 'abc' row
    alone is quarantined as unparseable_points (the blank one is a missing value, kept: mutation
    unparseable-blank-is-quarantined), every other row is identical and the reconciliation adds
    up."""
    source = f"read_parquet('{settings.raw_dir / BOXSCORES}.parquet')"
    with duckdb.connect() as con:
        game_id, player_id = con.execute(
            f"select game_id, player_id from {source}"
            " where points is not null order by game_id, player_id limit 1"
        ).fetchone()
        blank_game_id, blank_player_id = con.execute(
            f"select game_id, player_id from {source}"
            " where points is null order by game_id, player_id limit 1"
        ).fetchone()
    raw = _raw_copy(
        settings.raw_dir,
        tmp_path / "raw",
        BOXSCORES,
        f"select * replace (case when game_id = '{game_id}' and player_id = {player_id}"
        f" then 'abc' when game_id = '{blank_game_id}' and player_id = {blank_player_id}"
        " then '' else cast(points as varchar) end as points) from raw",
    )
    text_settings = _settings(settings, raw, tmp_path)
    check_raw_files(
        text_settings, DbtProject.load(settings).raw_columns
    )  # a castable type passes the check
    # The raw checks up to the reconciliation and their own data tests, not tests that need
    # later layers.
    run_dbt(
        text_settings,
        ["build", *DbtProject.load(text_settings).selector("raw_checks")]
        + ["--indirect-selection", "cautious", "--quiet"],
    )

    keys = ["game_id", "player_id"]
    clean_sql = f"select * from {tables['int_player_boxscores__clean']}"
    quarantine_sql = f"select * from {tables['raw_quarantine']}"
    with Warehouse.from_settings(text_settings) as built:
        clean = _sorted(built.query_df(clean_sql), keys)
        quarantine = built.query_df(quarantine_sql)
        reconciliation = built.query_df(f"select * from {tables['raw_row_reconciliation']}")
    base_clean = _sorted(warehouse.query_df(clean_sql), keys)
    base_quarantine = warehouse.query_df(quarantine_sql)

    record_key = f"{game_id}/{player_id}"
    new_rows = quarantine.merge(base_quarantine, how="left", indicator=True)
    new_rows = new_rows[new_rows["_merge"] == "left_only"]
    assert new_rows[["source_table", "record_key", "quarantine_reason"]].values.tolist() == [
        [BOXSCORES, record_key, "unparseable_points"]
    ]
    assert len(quarantine) == len(base_quarantine) + 1
    expected_clean = base_clean[
        ~((base_clean["game_id"] == game_id) & (base_clean["player_id"] == player_id))
    ].reset_index(drop=True)
    assert len(expected_clean) == len(base_clean) - 1
    pd.testing.assert_frame_equal(clean, expected_clean)
    assert (
        reconciliation["raw_rows"]
        == reconciliation["clean_rows"] + reconciliation["quarantined_rows"]
    ).all()


def test_a_book_listing_one_player_under_two_spellings_stops_nothing(
    settings: Settings, warehouse: Warehouse, tmp_path: Path, tables: dict[str, str]
) -> None:
    """Every prop line of one player repeated under a second spelling of his name (lower case:
    the same player_id, a different raw key) used to give each offer twice and fail the offers'
    unique test, stopping the build. Now each copy of a clean line is quarantined as
    duplicate_player_spelling and the offers are the sample's."""
    player = "Anthony Edwards"
    raw = _raw_copy(
        settings.raw_dir,
        tmp_path / "raw",
        "prop_lines",
        f"select * from raw union all select * replace (lower(player_name) as player_name) "
        f"from raw where player_name = '{player}'",
    )
    spelled = _settings(settings, raw, tmp_path)
    run_dbt(
        spelled,
        ["build", "--select", "+int_prop_lines__offers", "--exclude", "test_type:unit"]
        + ["--indirect-selection", "cautious", "--quiet"],
    )
    offers_sql = f"select * from {tables['int_prop_lines__offers']}"
    keys = ["game_id", "player_id", "bookmaker", "line"]
    with Warehouse.from_settings(spelled) as built:
        offers = _sorted(built.query_df(offers_sql), keys)
        reasons = built.query_df(
            f"select quarantine_reason, count(*) as n "
            f"from {tables['int_prop_lines__checked']} group by all"
        ).set_index("quarantine_reason")["n"]
    copies = warehouse.query_df(
        f"select count(*) as n from {tables['int_prop_lines__clean']} where player_name = ?",
        [player],
    )["n"].iloc[0]
    assert copies > 0
    assert reasons["duplicate_player_spelling"] == copies
    pd.testing.assert_frame_equal(offers, _sorted(warehouse.query_df(offers_sql), keys))


def test_missing_contract_column_fails_before_dbt_naming_file_column_and_type(
    settings: Settings, tmp_path: Path
) -> None:
    raw = _raw_copy(
        settings.raw_dir, tmp_path / "raw", BOXSCORES, "select * exclude (points) from raw"
    )
    never_built = _settings(settings, raw, tmp_path)
    exit_code, output = _invoke_build(never_built)
    assert exit_code == 1
    assert "player_boxscores.parquet: column points is missing (expected INTEGER)" in output
    assert "Traceback" not in output
    assert not never_built.duckdb_path.exists()


@pytest.mark.parametrize(
    ("table", "column", "replacement", "found", "expected"),
    [
        (BOXSCORES, "points", "game_date", "DATE", "INTEGER"),
        ("prop_lines", "line", "commence_utc", "TIMESTAMP", "DOUBLE"),
        ("schedule", "game_id", "season", "INTEGER", "VARCHAR"),
        ("team_boxscores", "game_date", "won", "BOOLEAN", "DATE"),
    ],
)
def test_never_castable_column_type_fails_before_dbt_naming_it(
    settings: Settings,
    tmp_path: Path,
    table: str,
    column: str,
    replacement: str,
    found: str,
    expected: str,
) -> None:
    raw = _raw_copy(
        settings.raw_dir,
        tmp_path / "raw",
        table,
        f"select * replace ({replacement} as {column}) from raw",
    )
    never_built = _settings(settings, raw, tmp_path)
    exit_code, output = _invoke_build(never_built)
    assert exit_code == 1
    assert f"{table}.parquet: column {column} is {found}, which cannot be read as {expected}" in (
        " ".join(output.split())
    )
    assert not never_built.duckdb_path.exists()


def test_extra_columns_and_castable_types_pass_the_check(
    settings: Settings, tmp_path: Path
) -> None:
    """An extra column, INTEGER for BIGINT, BIGINT for INTEGER and text dates are all fine."""
    raw = _raw_copy(
        settings.raw_dir,
        tmp_path / "raw",
        BOXSCORES,
        "select * replace (cast(player_id as integer) as player_id,"
        " cast(season as bigint) as season, cast(game_date as varchar) as game_date,"
        " cast(minutes as decimal(6, 1)) as minutes), 'x' as extra_column from raw",
    )
    check_raw_files(_settings(settings, raw, tmp_path), DbtProject.load(settings).raw_columns)


def test_raw_contract_lists_every_column_of_the_sample(settings: Settings) -> None:
    """The yml contract and the sample files name the same columns (the sample follows the
    contract exactly), so the check reads a complete contract."""
    with duckdb.connect() as con:
        for table, columns in DbtProject.load(settings).raw_columns.items():
            relation = con.read_parquet(str(settings.raw_dir / f"{table}.parquet"))
            assert list(columns) == relation.columns, table
            assert [str(kind).lower() for kind in relation.types] == list(columns.values()), table
