"""The report's marts hold the whole history and the report only filters them: its numbers for a
window equal a direct recompute from the graded rows of that window, and a one-day build leaves
every other day of the marts as it was."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from nba_props import alarms, cli
from nba_props.cli import main
from nba_props.config import Settings
from nba_props.report.marts import build_report
from nba_props.report.model import Window
from nba_props.warehouse import Warehouse
from predicted_window import END, START, cli_env

WINDOW = Window(START + timedelta(days=3), END - timedelta(days=2))


def _graded(warehouse: Warehouse, window: Window) -> pd.DataFrame:
    frame = warehouse.query_df(
        f"select * from {warehouse.project.model('prediction_accuracy').schema_table} "
        "where gate_status = 'predicted' "
        "and game_date between ? and ?",
        [window.start, window.end],
    )
    assert len(frame) > 100
    return frame


def test_report_accuracy_equals_a_recompute_from_the_windows_graded_rows(
    predicted: Settings,
) -> None:
    with Warehouse.from_settings(predicted) as warehouse:
        report = build_report(warehouse, WINDOW)
        graded = _graded(warehouse, WINDOW)
    rows = {(r["slice_name"], r["slice_value"]): r for r in report.accuracy.rows}
    picks = graded[graded["recommendation"].isin(["OVER", "UNDER"])]
    for key, part in [(("all", "all"), graded), *(
        (("recommendation", side), picks[picks["recommendation"] == side])
        for side in ("OVER", "UNDER")
    )]:  # fmt: skip
        row = rows[key]
        played = part[~part["is_void"].astype(bool)]
        lined = played[played["line_value"].notna()]
        assert row["predictions"] == len(part), key
        assert row["graded_picks"] == part["is_correct"].notna().sum(), key
        assert row["correct_picks"] == (part["is_correct"] == True).sum(), key  # noqa: E712
        assert row["rows_with_line"] == len(lined), key
        assert np.isclose(row["model_mae"], lined["absolute_error"].mean()), key
        assert np.isclose(row["line_mae"], lined["line_absolute_error"].mean()), key
        assert np.isclose(row["baseline_mae"], lined["baseline_absolute_error"].mean()), key
        assert np.isclose(row["bias"], played["signed_error"].mean()), key
        assert str(row["first_game_date"]) >= WINDOW.start.isoformat()
    outcome = graded[graded["went_over"].notna()]
    tenth = np.minimum(np.floor(outcome["prob_over"] * 10), 9).astype(int)
    assert {r["bucket_index"]: r["rows_with_outcome"] for r in report.calibration.rows} == dict(
        tenth.value_counts()
    )
    assert np.isclose(
        report.calibration.summary["brier_score"],
        ((outcome["prob_over"] - outcome["went_over"].astype(float)) ** 2).mean(),
    )
    days = {r["game_date"] for r in report.prediction_coverage.rows}
    assert days == {d.isoformat() for d in pd.to_datetime(graded["game_date"]).dt.date}


def _invoke(settings: Settings, *args: str) -> None:
    result = CliRunner().invoke(
        main,
        list(args),
        env={
            "NBA_PROPS_PROJECT_DIR": str(settings.project_dir),
            "NBA_PROPS_DUCKDB_PATH": str(settings.duckdb_path),
            "NBA_PROPS_RAW_DIR": str(settings.raw_dir),
            "NBA_PROPS_DBT_TARGET_PATH": str(settings.target_path),
            "NBA_PROPS_DBT_LOG_PATH": str(settings.log_path),
        },
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output


#: The marts' queries, ``{model}`` filled in from the manifest.
MART_QUERIES = {
    "summary": "select system_id, slice_name, slice_value, predictions, graded_picks, model_mae "
    "from {prediction_accuracy_summary} order by all",
    "calibration": "select * from {prediction_calibration} order by all",
    "coverage": "select * from {prediction_coverage_daily} order by all",
    "gaps": "select feature_index, row_count, default_count, affected_players "
    "from {feature_gap_diagnosis} order by all",
    "weekly": "select * from {feature_default_weekly} order by all",
    "what_if": "select * from {coverage_what_if} order by all",
    "accuracy_daily": "select * from {prediction_accuracy_daily} order by all",
}


def _marts(warehouse: Warehouse) -> dict[str, pd.DataFrame]:
    tables = {name: model.schema_table for name, model in warehouse.project.models.items()}
    return {name: warehouse.query_df(sql.format_map(tables)) for name, sql in MART_QUERIES.items()}


def test_one_day_build_leaves_the_report_marts_whole(predicted: Settings, tmp_path: Path) -> None:
    """Grading and diagnosing one day (as a daily run does) changes no mart: the summaries keep
    covering every graded day, not the one just built."""
    copy = replace(
        predicted,
        duckdb_path=tmp_path / "one_day.duckdb",
        target_path=tmp_path / "target",
        log_path=tmp_path / "logs",
    )
    shutil.copyfile(predicted.duckdb_path, copy.duckdb_path)
    with Warehouse.from_settings(copy) as warehouse:
        before = _marts(warehouse)
    day = END.isoformat()
    _invoke(copy, "grade", "--start-date", day, "--end-date", day)
    _invoke(copy, "build", "--select", "diagnostics", "--start-date", day, "--end-date", day)
    with Warehouse.from_settings(copy) as warehouse:
        after = _marts(warehouse)
    assert before["coverage"]["game_date"].nunique() > 10
    for name in MART_QUERIES:
        pd.testing.assert_frame_equal(before[name], after[name], check_exact=False, obj=name)


def test_a_leaking_window_raises_the_alarm_in_the_report_and_fails_the_run(
    predicted: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window's real picks held to alarm thresholds two weeks can reach (a hit rate just
    under theirs, on 100+ picks): the report names the slice, and `run` fails after printing
    its report (its build and predict stubbed: the fixture ran them)."""
    with Warehouse.from_settings(predicted) as warehouse:
        honest = build_report(warehouse, WINDOW)
    assert honest.leakage_alarms == ()
    overall = next(row for row in honest.accuracy.rows if row["slice_name"] == "all")
    assert overall["graded_picks"] >= 100
    monkeypatch.setattr(alarms, "LEAK_MIN_PICKS", 100)
    monkeypatch.setattr(alarms, "LEAK_HIT_RATE", overall["hit_rate"] - 0.01)
    with Warehouse.from_settings(predicted) as warehouse:
        leaking = build_report(warehouse, WINDOW)
    assert any(" all=all: hit rate " in alarm for alarm in leaking.leakage_alarms)

    monkeypatch.setattr(cli, "build", lambda: None)
    monkeypatch.setattr(cli, "_predict", lambda *args: None)
    window = ["--start-date", WINDOW.start.isoformat(), "--end-date", WINDOW.end.isoformat()]
    result = CliRunner().invoke(main, ["run", *window], env=cli_env(predicted))
    assert result.exit_code == 1, result.output
    assert "Leakage alarm" in result.output  # in the report, before the failure
    assert "Error: leakage alarm: " in result.output
