"""The dbt layers as the manifest has them: staging reads its own raw source and nothing else,
no later layer reads a raw source, each raw table has one staging model, and each model folder
builds into a schema of its own (docs/feature-store.md, Layers)."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import pytest

from nba_props.config import Settings
from nba_props.dbt_project import RAW_SOURCE, DbtProject, manifest_path

STAGING = "staging"
#: The one staging model that reads every raw table: it counts their rows for the
#: reconciliation, so that the count does not trust the staging models it checks.
RAW_ROW_COUNTER = "stg_nba__raw_row_counts"


@pytest.fixture(scope="module")
def manifest(settings: Settings) -> dict[str, Any]:
    DbtProject.load(settings)  # parses first when the manifest is stale
    return dict(json.loads(manifest_path(settings).read_text()))


def _models(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    return [node for node in manifest["nodes"].values() if node["resource_type"] == "model"]


def _folder(node: dict[str, Any]) -> str:
    """The model's folder under models/ (phase3/checked counts as phase3: one layer)."""
    return str(node["fqn"][1])


def _reads(manifest: dict[str, Any], node: dict[str, Any]) -> list[tuple[str, str]]:
    """(kind, name) of each relation the model reads: ('source', '<source>.<table>') or
    ('model', '<name>')."""
    reads = []
    for upstream in node["depends_on"]["nodes"]:
        if upstream in manifest["sources"]:
            source = manifest["sources"][upstream]
            reads.append(("source", f"{source['source_name']}.{source['name']}"))
        else:
            reads.append(("model", str(manifest["nodes"][upstream]["name"])))
    return reads


def layer_violations(manifest: dict[str, Any]) -> list[str]:
    """Every read that breaks the staging rules, as a sentence."""
    violations = []
    readers: dict[str, set[str]] = defaultdict(set)
    for node in _models(manifest):
        for kind, name in _reads(manifest, node):
            if _folder(node) == STAGING and kind != "source":
                violations.append(f"staging model {node['name']} reads model {name}")
            if kind == "source" and name.startswith(f"{RAW_SOURCE}."):
                readers[name].add(str(node["name"]))
                if _folder(node) != STAGING:
                    violations.append(f"{node['name']} ({_folder(node)}) reads source {name}")
    for source, models in sorted(readers.items()):
        expected = {f"stg_nba__{source.split('.', 1)[1]}"}
        if models - {RAW_ROW_COUNTER} != expected:
            violations.append(f"source {source} is read by {sorted(models)}, not {expected}")
    return violations


def test_staging_reads_only_its_own_source(manifest: dict[str, Any]) -> None:
    assert layer_violations(manifest) == []


def test_each_folder_builds_into_a_schema_of_its_own(manifest: dict[str, Any]) -> None:
    schemas: dict[str, set[str]] = defaultdict(set)
    for node in _models(manifest):
        schemas[_folder(node)].add(str(node["schema"]))
    assert all(len(names) == 1 for names in schemas.values()), schemas
    owners = [next(iter(names)) for names in schemas.values()]
    assert len(set(owners)) == len(owners), f"folders sharing a schema: {dict(schemas)}"
