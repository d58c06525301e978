"""Rebuilding from the same raw files gives bit-identical tables (nothing order-dependent, no
floating-point sums that change with thread scheduling, no ties broken at random)."""

from __future__ import annotations

from dataclasses import replace

import duckdb
import pytest

from nba_props.config import Settings
from nba_props.dbt_runner import build

TABLES_SQL = """
    select table_schema, table_name
    from information_schema.tables
    where table_type = 'BASE TABLE'
    order by table_schema, table_name
"""


def _content_hashes(path: str) -> dict[str, tuple[int, int]]:
    """Row count and an order-independent hash of every row, per table."""
    with duckdb.connect(path, read_only=True) as connection:
        tables = connection.execute(TABLES_SQL).fetchall()
        return {
            f"{schema}.{table}": connection.execute(
                f'select count(*), coalesce(sum(hash(t)), 0) from "{schema}"."{table}" as t'
            ).fetchone()
            for schema, table in tables
        }


@pytest.fixture(scope="module")
def rebuilt(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    work = tmp_path_factory.mktemp("rebuild")
    again = replace(
        settings,
        duckdb_path=work / "again.duckdb",
        target_path=work / "target",
        log_path=work / "logs",
    )
    build(again, select="resource_type:model", quiet=True)
    return again


def test_rebuild_gives_identical_tables(settings: Settings, rebuilt: Settings) -> None:
    first = _content_hashes(str(settings.duckdb_path))
    second = _content_hashes(str(rebuilt.duckdb_path))
    assert "predictions.ml_feature_store_v2" in first
    assert first.keys() == second.keys()
    differing = {name: (first[name], second[name]) for name in first if first[name] != second[name]}
    assert differing == {}
