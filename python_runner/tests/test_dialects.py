"""Dialects live in dispatch macros only (issue 13, point 4): no model file branches on the
target, and every contracted column names its type once, by a name of the one type map (var
contract_types, docs/bigquery.md#contract-types)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

#: Jinja that reads which adapter or target is running: `target.type`, `target['name']`,
#: `target.get('type')` and their spacing variants.
TARGET_BRANCH = re.compile(
    r"\btarget\s*(?:\.\s*(?:type|name)\b|\[\s*['\"](?:type|name)['\"]\s*\]"
    r"|\.\s*get\s*\(\s*['\"](?:type|name)['\"])"
)
MODEL_FILES = ("*.sql", "*.yml", "*.md")


def target_branches(models_dir: Path) -> list[str]:
    """`file:line: text` of every line under ``models_dir`` that reads the target's type/name."""
    found = []
    for pattern in MODEL_FILES:
        for path in sorted(models_dir.rglob(pattern)):
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if TARGET_BRANCH.search(line):
                    found.append(f"{path.relative_to(models_dir.parent)}:{number}: {line.strip()}")
    return found


def test_the_target_pattern_finds_every_spelling() -> None:
    branches = [
        "{{ 'string' if target.type == 'bigquery' else 'varchar' }}",
        "{{ x if target [ 'type' ] == 'duckdb' }}",
        '{{ target.get("name") }}',
        "{% if target. name == 'prod' %}",
    ]
    assert all(TARGET_BRANCH.search(text) for text in branches)
    assert not TARGET_BRANCH.search("{{ target.schema }}_runner, a target_type column")


def test_no_model_file_branches_on_the_target(repo_root: Path) -> None:
    found = target_branches(repo_root / "models")
    assert not found, (
        f"{len(found)} line(s) under models/ read the target; dialect differences go in a "
        "dispatch macro (macros/cross_db.sql), contract types in var contract_types:\n"
        + "\n".join(found[:20])
    )


def _contract_columns(repo_root: Path) -> list[tuple[str, str, Any]]:
    """(model, column, data_type) of every column of a model with an enforced contract."""
    columns = []
    for path in sorted((repo_root / "models").rglob("*.yml")):
        document = yaml.safe_load(path.read_text()) or {}
        for model in document.get("models", []):
            contract = (model.get("config") or {}).get("contract") or {}
            if contract.get("enforced"):
                # dbt's alias_types would rename the names (string -> TEXT) before the map
                assert contract.get("alias_types") is False, f"{model['name']}: alias_types"
                columns += [
                    (model["name"], column["name"], column.get("data_type"))
                    for column in model.get("columns", [])
                ]
    return columns


def test_every_contract_column_names_a_type_of_the_one_map(repo_root: Path) -> None:
    project = yaml.safe_load((repo_root / "dbt_project.yml").read_text())
    known = set(project["vars"]["contract_types"])
    columns = _contract_columns(repo_root)
    assert len(columns) > 200  # the feature store and the predictions
    unknown = [f"{model}.{name}: {type_!r}" for model, name, type_ in columns if type_ not in known]
    assert not unknown, f"contract types outside var contract_types {sorted(known)}: {unknown[:10]}"
    batch = {entry["name"]: entry["type"] for entry in project["vars"]["prediction_columns"]}
    assert set(batch.values()) <= known
