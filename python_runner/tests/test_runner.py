"""Settings resolution and the dbt runner's arguments and failure reporting."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from nba_props.config import Settings
from nba_props.dbt_runner import (
    DbtError,
    build,
    build_args,
    dbt_command,
    run_dbt,
    window_to_environment,
)
from nba_props.pipeline import production_exclude
from nba_props.window import BuildWindow


def test_settings_defaults_are_relative_to_the_project(tmp_path: Path) -> None:
    settings = Settings.from_env({}, cwd=tmp_path)
    assert settings.project_dir == tmp_path.resolve()
    assert settings.profiles_dir == settings.project_dir
    assert settings.duckdb_path == settings.project_dir / "warehouse" / "nba_props.duckdb"
    assert settings.raw_dir == settings.project_dir / "data" / "sample"
    assert settings.target_path is None and settings.log_path is None


def test_settings_from_environment(tmp_path: Path) -> None:
    env = {
        "NBA_PROPS_PROJECT_DIR": str(tmp_path / "repo"),
        "NBA_PROPS_DUCKDB_PATH": "out/wh.duckdb",
        "NBA_PROPS_RAW_DIR": str(tmp_path / "raw"),
        "NBA_PROPS_LINES_AS_OF": "9:30",
    }
    settings = Settings.from_env(env, cwd=Path("/"))
    assert settings.project_dir == (tmp_path / "repo").resolve()
    assert settings.duckdb_path == settings.project_dir / "out" / "wh.duckdb"
    assert settings.raw_dir == (tmp_path / "raw").resolve()
    assert settings.dbt_environment() == {
        "NBA_PROPS_DUCKDB_PATH": str(settings.duckdb_path),
        "NBA_PROPS_RAW_DIR": str(settings.raw_dir),
        "NBA_PROPS_LINES_AS_OF": "09:30",
    }
    assert Settings.from_env({}).dbt_environment()["NBA_PROPS_LINES_AS_OF"] == ""
    with pytest.raises(AttributeError):
        settings.project_dir = tmp_path  # type: ignore[misc]


def test_build_args_hold_the_selection_never_the_window() -> None:
    assert build_args() == ["build"]
    args = build_args(select="staging+", full_refresh=True)
    assert args == ["build", "--select", "staging+", "--full-refresh"]
    both = build_args(exclude="test_type:unit", quiet=True)
    assert "--quiet" in both and both[-2:] == ["--exclude", "test_type:unit"]
    assert "--vars" not in both


def test_the_window_is_checked_once_and_goes_to_the_environment() -> None:
    """A window's start after its end fails where the window is made (every command and job
    builds one BuildWindow); a window reaches dbt as environment variables, each set (empty
    when not given) so that an earlier window never leaks into a later build."""
    with pytest.raises(ValueError, match="after"):
        BuildWindow(date(2024, 2, 1), date(2024, 1, 1))
    env = BuildWindow(date(2025, 1, 15), date(2025, 1, 16)).environment()
    assert env["NBA_PROPS_START_DATE"] == "2025-01-15"
    assert env["NBA_PROPS_END_DATE"] == "2025-01-16"
    assert env["NBA_PROPS_KNOWN_BEFORE"] == env["NBA_PROPS_RUN_DATE"] == ""
    assert set(BuildWindow().environment().values()) == {""}
    morning = BuildWindow.morning_of(date(2025, 1, 15))
    assert morning.dbt_vars() == {
        "start_date": "2025-01-14",
        "end_date": "2025-01-15",
        "known_before": "2025-01-15",
        "run_date": "2025-01-15",
    }


def test_a_window_in_vars_becomes_the_build_window_other_vars_stay() -> None:
    """A direct dbt-style call with the window in --vars: the window leaves --vars (a new
    --vars value re-parses the whole project) and is checked like any other; other vars stay."""
    args, window = window_to_environment(
        ["build", "--vars", json.dumps({"start_date": "2025-01-15", "end_date": "2025-01-16"})]
    )
    assert args == ["build"]
    assert window == BuildWindow(date(2025, 1, 15), date(2025, 1, 16))
    args, window = window_to_environment(
        ["run", "--vars", "{start_date: 2025-01-15, full_table_tests: true}", "--quiet"]
    )
    assert args[0] == "run" and args[-1] == "--quiet"
    assert json.loads(args[args.index("--vars") + 1]) == {"full_table_tests": True}
    assert window == BuildWindow(start=date(2025, 1, 15))
    assert window_to_environment(["test"]) == (["test"], BuildWindow())
    with pytest.raises(ValueError, match="after"):
        window_to_environment(["run", "--vars", "{start_date: 2025-02-01, end_date: 2025-01-01}"])


def test_production_builds_leave_out_unit_tests() -> None:
    assert production_exclude(None, with_unit_tests=False) == "test_type:unit"
    assert production_exclude("staging", with_unit_tests=False) == "staging test_type:unit"
    assert production_exclude("test_type:unit", with_unit_tests=False) == "test_type:unit"
    assert production_exclude(None, with_unit_tests=True) is None
    assert production_exclude("staging", with_unit_tests=True) == "staging"


def test_dbt_command_always_names_project_and_profiles(settings: Settings) -> None:
    command = dbt_command(settings, ["run"])
    assert command[command.index("--project-dir") + 1] == str(settings.project_dir)
    assert command[command.index("--profiles-dir") + 1] == str(settings.profiles_dir)


def test_failing_build_raises_with_node_names(repo_root: Path, tmp_path: Path) -> None:
    """With no raw files the staging view cannot be created: dbt fails and names the model."""
    empty_raw = tmp_path / "raw"
    empty_raw.mkdir()
    broken = Settings(
        project_dir=repo_root,
        duckdb_path=tmp_path / "nested" / "wh.duckdb",
        raw_dir=empty_raw,
        profiles_dir=repo_root,
        target_path=tmp_path / "target",
        log_path=tmp_path / "logs",
    )
    with pytest.raises(DbtError) as caught:
        build(broken, select="stg_nba__players", quiet=True)
    assert "model.nba_props.stg_nba__players" in caught.value.failed_nodes
    assert "model.nba_props.stg_nba__players" in str(caught.value)
    assert (tmp_path / "nested").is_dir(), "the warehouse directory is created first"


def test_run_dbt_reports_invalid_arguments(settings: Settings) -> None:
    with pytest.raises(DbtError, match="dbt build failed"):
        run_dbt(settings, ["build", "--no-such-option"])
