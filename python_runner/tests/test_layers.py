"""The dbt layers as the manifest has them: staging reads its own raw source and nothing else,
no later layer reads a raw source, each raw table has one staging model, every model reads only
its own layer or the one below, and each model folder builds into a schema of its own
(docs/feature-store.md, Layers)."""

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


#: The layers, lowest first: each model folder (its first folder under models/) and the layer it
#: belongs to. predictions and diagnostics are one layer, the marts: both read the feature store
#: and the runner's predictions, and a diagnostic may read a prediction mart (coverage_what_if
#: counts the gate's blocked candidates of prediction_candidates).
LAYER_OF_FOLDER = {
    "staging": 0,
    "phase3": 1,
    "phase4": 2,
    "feature_store": 3,
    "predictions": 4,
    "diagnostics": 4,
}
#: The phase-3 models every later layer may read, not only phase 4: the universe rows with
#: their pre-game context (the key every phase-4, feature-store and mart row is joined on) and
#: the box-score outcome (the label of training rows and what grading compares against). Copying
#: them through each layer would add copies, not separation; a feature is never read this way.
READ_BY_EVERY_LATER_LAYER = {"upcoming_player_game_context", "player_game_summary"}


def layer_skips(manifest: dict[str, Any]) -> list[str]:
    """Every model read that goes up a layer or skips one (past READ_BY_EVERY_LATER_LAYER).
    Reads within a layer are allowed: a layer's models build on each other (phase3's
    `int_*__checked` -> `__clean` -> summaries, phase4's `int_*__as_of` -> the caches, the
    store's contract and training rows, the marts' aggregates of prediction_accuracy)."""
    skips = []
    nodes = {node["name"]: node for node in _models(manifest)}
    for node in nodes.values():
        layer = LAYER_OF_FOLDER[_folder(node)]
        for kind, name in _reads(manifest, node):
            if kind != "model":
                continue
            upstream_layer = LAYER_OF_FOLDER[_folder(nodes[name])]
            if upstream_layer in (layer, layer - 1):
                continue
            if upstream_layer < layer and name in READ_BY_EVERY_LATER_LAYER:
                continue
            skips.append(f"{node['name']} ({_folder(node)}) reads {name} ({_folder(nodes[name])})")
    return sorted(skips)


def test_staging_reads_only_its_own_source(manifest: dict[str, Any]) -> None:
    assert layer_violations(manifest) == []


def test_each_model_reads_its_own_layer_or_the_one_below(manifest: dict[str, Any]) -> None:
    assert {_folder(node) for node in _models(manifest)} == set(LAYER_OF_FOLDER)
    assert layer_skips(manifest) == []


def test_each_folder_builds_into_a_schema_of_its_own(manifest: dict[str, Any]) -> None:
    schemas: dict[str, set[str]] = defaultdict(set)
    for node in _models(manifest):
        schemas[_folder(node)].add(str(node["schema"]))
    assert all(len(names) == 1 for names in schemas.values()), schemas
    owners = [next(iter(names)) for names in schemas.values()]
    assert len(set(owners)) == len(owners), f"folders sharing a schema: {dict(schemas)}"
