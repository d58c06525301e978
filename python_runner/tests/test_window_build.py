"""A build for a date window gives exactly the full build's rows for those dates, and a rerun
of a window on a built warehouse replaces exactly that window.

Every feature looks only at data before the game date, so narrowing the build window must not
change a single value inside it (and must leave nothing outside it). The window spans the end of
2023-24 (per-game shot zones exist then in the sample) and the start of 2024-25 (prop lines), so
every feature family has real values in it.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import date

import numpy as np
import pandas as pd
import pytest

from nba_props.config import Settings
from nba_props.dbt_runner import build, run_dbt
from nba_props.warehouse import Warehouse
from nba_props.window import BuildWindow
from warehouse_compare import content_hashes, private_settings, row_hashes

START, END = date(2024, 4, 1), date(2024, 11, 10)
#: Every model whose dates are replaced by window (the gap log merges instead: it keeps history).
WINDOW_MODELS = "config.incremental_strategy:window_replace,resource_type:model"
STORE_SQL = "select * from {store} {where} order by player_id, game_date"


@pytest.fixture(scope="module")
def windowed(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    work = tmp_path_factory.mktemp("window")
    windowed = replace(
        settings,
        duckdb_path=work / "window.duckdb",
        target_path=work / "target",
        log_path=work / "logs",
    )
    build(windowed, BuildWindow(START, END), exclude="test_type:unit", quiet=True)
    return windowed


@pytest.fixture(scope="module")
def window_store(windowed: Settings, tables: dict[str, str]) -> pd.DataFrame:
    with Warehouse.from_settings(windowed) as warehouse:
        return warehouse.query_df(STORE_SQL.format(store=tables["ml_feature_store_v2"], where=""))


@pytest.mark.parametrize(
    "model", ["int_player_game_universe", "ml_training_rows", "prediction_candidates"]
)
def test_window_build_has_the_full_build_universe_and_gate_rows(
    settings: Settings, windowed: Settings, tables: dict[str, str], model: str
) -> None:
    """The universe and both gate models are window-incremental like the store: the window
    build holds only the window, and exactly the full build's rows for it."""
    window = f"game_date between '{START}' and '{END}'"
    full = row_hashes(settings.duckdb_path, tables[model], window)
    built = row_hashes(windowed.duckdb_path, tables[model])
    assert len(full) > 0
    assert full.equals(built)


def _same(left: object, right: object) -> bool:
    if isinstance(left, np.ndarray) or isinstance(right, np.ndarray):
        return np.array_equal(np.asarray(left), np.asarray(right), equal_nan=True)
    if pd.isna(left) and pd.isna(right):  # type: ignore[arg-type]
        return True
    return bool(left == right)


def test_window_build_keeps_only_the_window(window_store: pd.DataFrame) -> None:
    dates = pd.to_datetime(window_store["game_date"]).dt.date
    assert len(window_store) > 0
    assert dates.min() >= START and dates.max() <= END


def test_window_has_every_feature_family(window_store: pd.DataFrame) -> None:
    """Shot zones from the per-game feed and prop lines both have real values in the window."""
    assert (window_store["pct_paint_source"] == "shotzone").sum() > 1000
    assert window_store["vegas_points_line"].notna().sum() > 1000


def test_window_rerun_replaces_exactly_the_window(
    settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Rerunning every window-replaced model for the window on a copy of the full build leaves
    every table as it was: no duplicate of a row on the window's first date, no row after the
    window deleted, nothing before it touched."""
    rerun = private_settings(settings, tmp_path_factory.mktemp("rerun"), "rerun")
    shutil.copyfile(settings.duckdb_path, rerun.duckdb_path)
    window = json.dumps({"start_date": str(START), "end_date": str(END)})
    run_dbt(rerun, ["run", "--quiet", "--select", WINDOW_MODELS, "--vars", window])
    before, after = content_hashes(settings.duckdb_path), content_hashes(rerun.duckdb_path)
    changed = {
        table: (before[table], after[table]) for table in before if before[table] != after[table]
    }
    assert changed == {}


@pytest.fixture(scope="module")
def full_store(warehouse: Warehouse, tables: dict[str, str]) -> pd.DataFrame:
    return warehouse.query_df(
        STORE_SQL.format(
            store=tables["ml_feature_store_v2"], where="where game_date between ? and ?"
        ),
        [START, END],
    )


def _differing_columns(full: pd.DataFrame, window: pd.DataFrame) -> dict[str, int]:
    """Per column, the rows whose values differ (floats within 1e-9, NaN equal to NaN)."""
    differing: dict[str, int] = {}
    for column in full.columns:
        a, b = full[column], window[column]
        if a.dtype == "float64" and b.dtype == "float64":
            same = (a.isna() & b.isna()) | np.isclose(a, b, rtol=0.0, atol=1e-9)
        else:
            same = pd.Series([_same(x, y) for x, y in zip(a, b, strict=True)])
        if not same.all():
            differing[column] = int((~same).sum())
    return differing


def test_window_build_has_the_full_build_rows(
    full_store: pd.DataFrame, window_store: pd.DataFrame
) -> None:
    assert list(full_store.columns) == list(window_store.columns)
    keys = ["player_id", "game_date"]
    assert full_store[keys].equals(window_store[keys])


def test_window_build_equals_full_build(
    full_store: pd.DataFrame, window_store: pd.DataFrame
) -> None:
    """Every value of every row is identical (injury_risk once differed here: same-date injury
    records tied in int_injury_status__as_of, so it flipped between builds)."""
    differing = _differing_columns(full_store, window_store)
    assert differing == {}, f"columns differing between window and full build: {differing}"
