"""Every column of every dbt model, as built in the warehouse, has a description in dbt's docs.

The columns come from the warehouse itself (DuckDB ``information_schema.columns``), not from the
YAML, so a column added to a model's SQL without a ``- name: ... description: ...`` entry fails
here. Descriptions come from the ``manifest.json`` of the build (``{{ doc(...) }}`` references
are already rendered there).
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from nba_props.config import Settings
from nba_props.warehouse import Warehouse


def _manifest_path(settings: Settings) -> Path:
    return (settings.target_path or settings.project_dir / "target") / "manifest.json"


def _models(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    return sorted(
        (node for node in manifest["nodes"].values() if node["resource_type"] == "model"),
        key=lambda node: node["unique_id"],
    )


def _warehouse_columns(warehouse: Warehouse) -> dict[tuple[str, str], list[str]]:
    """(schema, relation) -> column names in ordinal order, all lower case."""
    rows = warehouse.query_df(
        "select table_schema, table_name, column_name from information_schema.columns "
        "order by table_schema, table_name, ordinal_position"
    )
    columns: dict[tuple[str, str], list[str]] = defaultdict(list)
    for schema, table, column in rows.itertuples(index=False):
        columns[(schema.lower(), table.lower())].append(column.lower())
    return columns


def test_every_model_column_has_a_description(settings: Settings, warehouse: Warehouse) -> None:
    path = _manifest_path(settings)
    if not path.is_file():
        pytest.skip(
            f"no dbt manifest at {path}: build the project first (`nba-props build` or "
            "`dbt build`) so the docs coverage can be checked"
        )
    manifest = json.loads(path.read_text())
    models = _models(manifest)
    assert models, f"{path} lists no models"
    built = _warehouse_columns(warehouse)

    not_built: list[str] = []
    undescribed: dict[str, list[str]] = {}
    for node in models:
        relation = (node["schema"].lower(), (node.get("alias") or node["name"]).lower())
        actual = built.get(relation)
        if not actual:
            not_built.append(f"{node['name']} ({'.'.join(relation)})")
            continue
        described = {
            name.lower()
            for name, column in node["columns"].items()
            if (column.get("description") or "").strip()
        }
        missing = [column for column in actual if column not in described]
        if missing:
            undescribed[f"{node['name']} ({node['original_file_path']})"] = missing

    assert not not_built, (
        f"models in {path} missing from the warehouse {settings.duckdb_path} (stale manifest or "
        f"partial build?): {', '.join(not_built)}"
    )
    total = sum(len(columns) for columns in undescribed.values())
    report = "\n".join(f"  {model}: {', '.join(cols)}" for model, cols in undescribed.items())
    assert not undescribed, (
        f"{total} model column(s) have no description; add `- name: <column>` with a "
        f"`description:` to the model's `_<folder>__models.yml` (shared ones as "
        f"{{{{ doc('col_...') }}}} in models/_docs.md):\n{report}"
    )
