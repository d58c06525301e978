"""The bench's synthetic generator (bench/synthetic.py): deterministic, and its output is clean
raw data of the contract (a staging build quarantines nothing and reconciles)."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import duckdb
import pytest

from nba_props.dbt_project import DbtProject
from nba_props.dbt_runner import run_dbt
from nba_props.raw_files import check_raw_files
from warehouse_compare import private_settings

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT / "bench"))

import synthetic  # noqa: E402 - the bench's module, not an installed package

SCALE = 2


def _digest(directory: Path) -> dict[str, str]:
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(directory.glob("*.parquet"))
    }


@pytest.fixture(scope="module")
def generated(sample_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synthetic") / "raw"
    synthetic.generate(sample_dir, out, SCALE)
    return out


def test_generator_is_deterministic(generated: Path, sample_dir: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    synthetic.generate(sample_dir, again, SCALE)
    assert _digest(again) == _digest(generated)


def test_generator_scales_box_scores_and_keeps_the_contract(
    generated: Path, sample_dir: Path, settings, tmp_path: Path
) -> None:
    synthetic_settings = private_settings(settings, tmp_path, "synthetic", generated)
    check_raw_files(
        synthetic_settings, DbtProject.load(settings).raw_columns
    )  # every file and contract column, castable types
    with duckdb.connect() as connection:
        for table in DbtProject.load(settings).raw_columns:
            source = connection.execute(f"select count(*) from '{sample_dir / table}.parquet'")
            source_rows = source.fetchone()[0]
            written = connection.execute(f"select count(*) from '{generated / table}.parquet'")
            assert 0 < written.fetchone()[0] <= SCALE * source_rows, table
        box = connection.execute(
            f"select count(*), count(distinct (game_id, player_id)), count(distinct team_abbr) "
            f"from '{generated}/player_boxscores.parquet'"
        ).fetchone()
        sample_box = connection.execute(
            "select count(*), count(distinct team_abbr) "
            f"from '{sample_dir}/player_boxscores.parquet'"
        ).fetchone()
    assert box[0] == box[1] == SCALE * sample_box[0]
    assert box[2] == SCALE * sample_box[1]


def test_generated_raw_data_is_never_quarantined(
    generated: Path, settings, tmp_path: Path, tables: dict[str, str]
) -> None:
    synthetic_settings = private_settings(settings, tmp_path, "synthetic", generated)
    run_dbt(synthetic_settings, ["run", "--quiet", "--selector", "raw_checks"])
    with duckdb.connect(str(synthetic_settings.duckdb_path), read_only=True) as connection:
        quarantined = connection.execute(
            f"select count(*) from {tables['raw_quarantine']}"
        ).fetchone()
        reconciled = connection.execute(
            "select count(*), sum(raw_rows), sum(clean_rows) "
            f"from {tables['raw_row_reconciliation']}"
        ).fetchone()
    assert quarantined[0] == 0
    assert reconciled[0] > 0 and reconciled[1] == reconciled[2] > 0
