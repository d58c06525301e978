"""Rebuilding from the same raw files gives bit-identical tables (nothing order-dependent, no
floating-point sums that change with thread scheduling, no ties broken at random). The gap log
is the one exception: it records when builds ran."""

from __future__ import annotations

import pytest

from nba_props.config import Settings
from nba_props.dbt_runner import build
from warehouse_compare import content_hashes, private_settings


@pytest.fixture(scope="module")
def rebuilt(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    again = private_settings(settings, tmp_path_factory.mktemp("rebuild"), "again")
    build(again, select="resource_type:model", quiet=True)
    return again


def test_rebuild_gives_identical_tables(
    settings: Settings, rebuilt: Settings, tables: dict[str, str]
) -> None:
    first = content_hashes(settings.duckdb_path)
    second = content_hashes(rebuilt.duckdb_path)
    assert tables["ml_feature_store_v2"] in first
    assert first == second
