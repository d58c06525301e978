"""Settings resolution and the dbt runner's arguments and failure reporting."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from nba_props.cli import production_exclude
from nba_props.config import Settings
from nba_props.dbt_runner import (
    DbtError,
    build,
    build_args,
    dbt_command,
    run_dbt,
    window_to_environment,
)


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
    }
    settings = Settings.from_env(env, cwd=Path("/"))
    assert settings.project_dir == (tmp_path / "repo").resolve()
    assert settings.duckdb_path == settings.project_dir / "out" / "wh.duckdb"
    assert settings.raw_dir == (tmp_path / "raw").resolve()
    assert settings.dbt_environment() == {
        "NBA_PROPS_DUCKDB_PATH": str(settings.duckdb_path),
        "NBA_PROPS_RAW_DIR": str(settings.raw_dir),
    }
    with pytest.raises(AttributeError):
        settings.project_dir = tmp_path  # type: ignore[misc]


def test_build_args_pass_only_given_vars() -> None:
    assert build_args() == ["build"]
    args = build_args(start_date=date(2024, 1, 1), select="staging+", full_refresh=True)
    assert args[:2] == ["build", "--vars"]
    assert json.loads(args[2]) == {"start_date": "2024-01-01"}
    assert args[3:] == ["--select", "staging+", "--full-refresh"]
    both = build_args(date(2024, 1, 1), date(2024, 1, 31), exclude="test_type:unit", quiet=True)
    assert json.loads(both[both.index("--vars") + 1]) == {
        "start_date": "2024-01-01",
        "end_date": "2024-01-31",
    }
    assert "--quiet" in both and both[-2:] == ["--exclude", "test_type:unit"]
    with pytest.raises(ValueError, match="after"):
        build_args(start_date=date(2024, 2, 1), end_date=date(2024, 1, 1))


def test_window_goes_to_the_environment_other_vars_stay() -> None:
    """The window leaves --vars (a new --vars value re-parses the whole project); other vars
    stay; a call without a window clears both bounds so an earlier window never leaks."""
    args, env = window_to_environment(
        ["build", "--vars", json.dumps({"start_date": "2025-01-15", "end_date": "2025-01-16"})]
    )
    assert args == ["build"]
    assert env["NBA_PROPS_START_DATE"] == "2025-01-15"
    assert env["NBA_PROPS_END_DATE"] == "2025-01-16"
    assert env["NBA_PROPS_KNOWN_BEFORE"] == env["NBA_PROPS_RUN_DATE"] == ""
    args, env = window_to_environment(
        ["run", "--vars", "{start_date: 2025-01-15, full_table_tests: true}", "--quiet"]
    )
    assert args[0] == "run" and args[-1] == "--quiet"
    assert json.loads(args[args.index("--vars") + 1]) == {"full_table_tests": True}
    assert env["NBA_PROPS_START_DATE"] == "2025-01-15" and env["NBA_PROPS_END_DATE"] == ""
    args, env = window_to_environment(["test"])
    assert args == ["test"] and set(env.values()) == {""}


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
