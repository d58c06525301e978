"""Helpers the backfill tests share: raw-data copies, private warehouses, table fingerprints."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import duckdb
import pandas as pd

from nba_props.config import Settings

#: Tables (by name, in whatever schema) whose content depends on when a build ran (audit
#: timestamps), not only on the data.
STATEFUL_TABLES = {"feature_store_gaps"}
TABLES_SQL = """
    select table_schema, table_name
    from information_schema.tables
    where table_type = 'BASE TABLE'
    order by table_schema, table_name
"""


def content_hashes(path: Path, skip: set[str] = STATEFUL_TABLES) -> dict[str, tuple[int, int]]:
    """Row count and an order-independent hash of all rows, per table."""
    with duckdb.connect(str(path), read_only=True) as connection:
        tables = connection.execute(TABLES_SQL).fetchall()
        return {
            f"{schema}.{table}": connection.execute(
                f'select count(*), coalesce(sum(hash(t)), 0) from "{schema}"."{table}" as t'
            ).fetchone()
            for schema, table in tables
            if table not in skip
        }


def row_hashes(path: Path, table: str, where: str = "true") -> pd.DataFrame:
    """(player_id, game_date, row hash) of a table's rows, sorted by key."""
    with duckdb.connect(str(path), read_only=True) as connection:
        return connection.execute(
            f"select player_id, game_date, hash(t) as row_hash from {table} as t "
            f"where {where} order by player_id, game_date"
        ).df()


def private_settings(
    base: Settings, work: Path, name: str, raw_dir: Path | None = None
) -> Settings:
    """Settings for a warehouse of its own under ``work`` (dbt artefacts there too)."""
    return replace(
        base,
        duckdb_path=work / f"{name}.duckdb",
        raw_dir=raw_dir or base.raw_dir,
        target_path=work / f"target_{name}",
        log_path=work / f"logs_{name}",
        models_dir=work / "models",
    )


def copy_raw(sample_dir: Path, work: Path) -> Path:
    """A writable copy of the raw Parquet files."""
    target = work / "raw"
    shutil.copytree(sample_dir, target)
    return target


def edit_parquet(path: Path, sql: str) -> None:
    """Rewrite a Parquet file as ``sql`` over it (the file is available as the view `raw`)."""
    with duckdb.connect() as connection:
        connection.execute(f"create view raw as select * from '{path}'")
        frame = connection.execute(sql).df()
    with duckdb.connect() as connection:
        connection.register("edited", frame)
        connection.execute(f"copy edited to '{path}' (format parquet)")
