"""The window the prediction tests predict on a private copy of the sample warehouse, and how
(through the CLI, as a user would); conftest's session fixture ``predicted`` holds the copy."""

from __future__ import annotations

from datetime import date

from click.testing import CliRunner

from nba_props.cli import main
from nba_props.config import Settings

START, END = date(2024, 11, 18), date(2024, 12, 1)


def cli_env(settings: Settings) -> dict[str, str]:
    """The environment that points the CLI at ``settings``' warehouse, raw files, models and
    dbt artefacts."""
    return {
        "NBA_PROPS_PROJECT_DIR": str(settings.project_dir),
        "NBA_PROPS_DUCKDB_PATH": str(settings.duckdb_path),
        "NBA_PROPS_RAW_DIR": str(settings.raw_dir),
        "NBA_PROPS_MODELS_DIR": str(settings.models_dir),
        "NBA_PROPS_DBT_TARGET_PATH": str(settings.target_path),
        "NBA_PROPS_DBT_LOG_PATH": str(settings.log_path),
    }


def predict_window(settings: Settings) -> None:
    """``nba-props predict`` for START..END on ``settings``' warehouse (dbt takes the batch in
    and rebuilds the grading marts)."""
    result = CliRunner().invoke(
        main,
        ["predict", "--start-date", START.isoformat(), "--end-date", END.isoformat()],
        env=cli_env(settings),
        catch_exceptions=False,
        standalone_mode=False,
    )
    assert result.exit_code == 0, result.output
