"""Shared fixtures: one sample warehouse per test session, built with the package's own runner.

Set ``NBA_PROPS_TEST_REUSE_WAREHOUSE=/path/to/nba_props.duckdb`` to skip the build and test an
existing warehouse built from ``data/sample`` (faster local iteration).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from nba_props.config import Settings
from nba_props.dbt_project import DbtProject
from nba_props.dbt_runner import build
from nba_props.warehouse import Warehouse
from predicted_window import predict_window

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DIR = REPO_ROOT / "data" / "sample"
REUSE_ENV = "NBA_PROPS_TEST_REUSE_WAREHOUSE"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The dbt project (repo root)."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    """The raw sample Parquet files the warehouse is built from."""
    return SAMPLE_DIR


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings of the session's warehouse: reused if requested, else built once into a tmp dir."""
    reuse = os.environ.get(REUSE_ENV)
    if reuse:
        path = Path(reuse).expanduser().resolve()
        if not path.is_file():
            raise pytest.UsageError(f"{REUSE_ENV}={reuse} is not a file")
        return Settings(
            project_dir=REPO_ROOT, duckdb_path=path, raw_dir=SAMPLE_DIR, profiles_dir=REPO_ROOT
        )
    work = tmp_path_factory.mktemp("warehouse")
    built = Settings(
        project_dir=REPO_ROOT,
        duckdb_path=work / "nba_props.duckdb",
        raw_dir=SAMPLE_DIR,
        profiles_dir=REPO_ROOT,
        # Keep dbt's artefacts and logs out of the repo (someone may be running dbt there).
        target_path=work / "target",
        log_path=work / "logs",
    )
    build(built, exclude="test_type:unit", quiet=True)
    return built


def table_names(settings: Settings) -> dict[str, str]:
    """Model name -> ``schema.table`` as dbt builds it for ``settings``, from the manifest: tests
    name models, never schemas, so moving a model to another schema changes no test."""
    return {
        name: relation.schema_table for name, relation in DbtProject.load(settings).models.items()
    }


@pytest.fixture(scope="session")
def tables(settings: Settings) -> dict[str, str]:
    """Model name -> ``schema.table`` in the session's warehouse (see :func:`table_names`)."""
    return table_names(settings)


@pytest.fixture(scope="session")
def warehouse(settings: Settings) -> Iterator[Warehouse]:
    """The session's warehouse, open read-only."""
    with Warehouse.from_settings(settings) as opened:
        yield opened


@pytest.fixture(scope="session")
def predicted(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A private copy of the warehouse with predicted_window's window predicted once through
    the CLI (the prediction and report tests share it)."""
    work = tmp_path_factory.mktemp("predict")
    copy = work / "predict.duckdb"
    shutil.copyfile(settings.duckdb_path, copy)
    private = replace(
        settings,
        duckdb_path=copy,
        models_dir=work / "models",
        target_path=work / "target",
        log_path=work / "logs",
    )
    predict_window(private)
    return private
