"""The command line against the session's sample warehouse."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from nba_props import __version__
from nba_props.cli import main
from nba_props.config import Settings
from nba_props.warehouse import Warehouse

STORE = "ml_feature_store_v2"


def _invoke(settings: Settings, *args: str) -> Result:
    env = {
        "NBA_PROPS_PROJECT_DIR": str(settings.project_dir),
        "NBA_PROPS_DUCKDB_PATH": str(settings.duckdb_path),
        "NBA_PROPS_RAW_DIR": str(settings.raw_dir),
    }
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def _json_report(settings: Settings, *args: str) -> dict[str, Any]:
    result = _invoke(settings, "report", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _count(warehouse: Warehouse, where: str = "true", params: list[Any] | None = None) -> int:
    store = warehouse.project.model(STORE).schema_table
    frame = warehouse.query_df(f"select count(*) as n from {store} where {where}", params)
    return int(frame["n"].iloc[0])


@pytest.fixture(scope="module")
def full_report(settings: Settings) -> dict[str, Any]:
    return _json_report(settings, "--top", "5")


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_build_help() -> None:
    result = CliRunner().invoke(main, ["build", "--help"])
    assert result.exit_code == 0, result.output
    for option in ("--start-date", "--end-date", "--select", "--full-refresh"):
        assert option in result.output


def test_report_json_structure(full_report: dict[str, Any]) -> None:
    assert set(full_report) == {
        "window",
        "overall",
        "feature_gaps",
        "daily_coverage",
        "quarantine",
        "default_heatmap",
        "prediction_coverage",
        "what_if",
        "accuracy",
        "accuracy_weekly",
        "calibration",
        "picks",
    }
    assert full_report["window"] == {"start_date": None, "end_date": None}
    for key in ("rows", "dates", "clean_share", "quality_ready_share"):
        assert key in full_report["overall"]
    assert full_report["feature_gaps"]["available"] is True
    assert full_report["daily_coverage"]["available"] is True
    assert full_report["quarantine"]["available"] is True
    assert full_report["what_if"]["available"] is True
    assert full_report["default_heatmap"]["available"] is True


def test_report_overall_counts_match_the_store(
    full_report: dict[str, Any], warehouse: Warehouse
) -> None:
    overall = full_report["overall"]
    assert overall["rows"] == _count(warehouse) > 0
    assert overall["clean_rows"] == _count(warehouse, "default_feature_count = 0")
    assert overall["quality_ready_rows"] == _count(warehouse, "is_quality_ready")
    assert overall["rows_with_line"] == _count(warehouse, "vegas_points_line is not null")
    line_and_history = "vegas_points_line is not null and games_played_season >= 10"
    assert overall["line_and_history_rows"] == _count(warehouse, line_and_history)
    assert overall["line_and_history_ready_rows"] == _count(
        warehouse, f"{line_and_history} and is_quality_ready"
    )
    for share, numerator, denominator in (
        ("clean_share", "clean_rows", "rows"),
        ("quality_ready_share", "quality_ready_rows", "rows"),
        ("line_and_history_ready_share", "line_and_history_ready_rows", "line_and_history_rows"),
    ):
        assert 0.0 <= overall[share] <= 1.0
        assert overall[share] == pytest.approx(overall[numerator] / overall[denominator])


def test_report_sections_are_consistent(full_report: dict[str, Any]) -> None:
    overall = full_report["overall"]
    gaps = full_report["feature_gaps"]
    assert len(gaps["rows"]) == 5
    counts = [row["default_count"] for row in gaps["rows"]]
    assert counts == sorted(counts, reverse=True)
    for row in gaps["rows"]:
        assert row["row_count"] == overall["rows"]
        assert 0 <= row["default_count"] <= row["row_count"]
        assert row["default_share"] == pytest.approx(row["default_count"] / row["row_count"])
        assert 0 < row["affected_players"] <= row["default_count"]

    daily = full_report["daily_coverage"]
    assert daily["dates"] == overall["dates"]
    assert daily["player_rows"] == overall["rows"]
    assert daily["quality_ready_rows"] == overall["quality_ready_rows"]
    assert len(daily["rows"]) == 10
    assert daily["rows"][-1]["game_date"] == overall["last_date"]

    quarantine = full_report["quarantine"]
    assert quarantine["all_reconcile"] is True
    for row in quarantine["rows"]:
        assert row["raw_rows"] == row["clean_rows"] + row["quarantined_rows"]
    reasons = sum(reason["row_count"] for reason in quarantine["reasons"])
    assert reasons == quarantine["quarantined_rows"]


def test_report_window_filters_overall_and_daily(
    settings: Settings, warehouse: Warehouse, full_report: dict[str, Any]
) -> None:
    start, end = "2024-01-01", "2024-01-31"
    report = _json_report(settings, "--start-date", start, "--end-date", end, "--days", "3")
    assert report["window"] == {"start_date": start, "end_date": end}
    in_window = _count(warehouse, "game_date between ? and ?", [start, end])
    assert 0 < report["overall"]["rows"] == in_window < full_report["overall"]["rows"]
    assert start <= report["overall"]["first_date"] <= report["overall"]["last_date"] <= end
    assert report["daily_coverage"]["player_rows"] == in_window
    assert [row["game_date"] for row in report["daily_coverage"]["rows"]][-1] <= end
    assert len(report["daily_coverage"]["rows"]) == 3


def test_report_table_renders(settings: Settings) -> None:
    result = _invoke(settings, "report", "--top", "3", "--days", "2")
    assert result.exit_code == 0, result.output
    for title in ("Feature store", "Feature gaps", "Daily coverage", "quarantine", "What fixing"):
        assert title in result.output


def test_report_rejects_reversed_window(settings: Settings) -> None:
    result = _invoke(settings, "report", "--start-date", "2024-02-01", "--end-date", "2024-01-01")
    assert result.exit_code == 2
    assert "after --end-date" in result.output


def test_report_rejects_bad_date(settings: Settings) -> None:
    result = _invoke(settings, "report", "--start-date", "01/02/2024")
    assert result.exit_code == 2


def test_report_without_warehouse_fails_cleanly(settings: Settings, tmp_path: Path) -> None:
    result = _invoke(settings, "--duckdb-path", str(tmp_path / "missing.duckdb"), "report")
    assert result.exit_code == 1
    assert "warehouse not found" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "command", [["build"], ["backfill", "--start-date", "2024-01-01", "--end-date", "2024-01-31"]]
)
def test_missing_raw_file_fails_before_dbt_naming_it(
    settings: Settings, tmp_path: Path, command: list[str]
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    for path in settings.raw_dir.glob("*.parquet"):
        if path.name != "injuries.parquet":
            (raw / path.name).write_bytes(path.read_bytes())
    duckdb_path = tmp_path / "never_built.duckdb"
    result = CliRunner().invoke(
        main,
        command,
        env={
            "NBA_PROPS_PROJECT_DIR": str(settings.project_dir),
            "NBA_PROPS_DUCKDB_PATH": str(duckdb_path),
            "NBA_PROPS_RAW_DIR": str(raw),
        },
    )
    assert result.exit_code == 1
    assert f"raw data missing in {raw} (NBA_PROPS_RAW_DIR): injuries.parquet" in result.output
    assert not duckdb_path.exists()
