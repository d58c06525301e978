"""The runner learns relation names, selectors and the raw contract from the dbt manifest:
a model renamed in the dbt project is followed without a change in Python, and the runner's
source names no model, source or ``schema.table`` of its own."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from nba_props.config import Settings
from nba_props.dbt_project import (
    DbtProject,
    UnknownRelationError,
    current_manifest,
    manifest_path,
)
from nba_props.pipeline import evaluate_window, grade
from nba_props.window import BuildWindow
from predicted_window import END, START

SOURCE_DIR = Path(__file__).resolve().parents[1] / "src" / "nba_props"
#: What dbt parses: a copy of these is a complete project.
PROJECT_FILES = ("dbt_project.yml", "profiles.yml", "selectors.yml")
PROJECT_FOLDERS = ("models", "macros", "tests")
OLD_NAME, NEW_NAME = "prediction_accuracy", "graded_predictions"


def _renamed_copy(repo_root: Path, destination: Path) -> Path:
    """The dbt project copied to ``destination`` with OLD_NAME renamed to NEW_NAME the way a
    person would rename it: the model's file, its YAML entry, every ref, the selectors."""
    destination.mkdir(parents=True)
    for name in PROJECT_FILES:
        shutil.copy2(repo_root / name, destination / name)
    for folder in PROJECT_FOLDERS:
        shutil.copytree(repo_root / folder, destination / folder)
    pattern = re.compile(rf"\b{OLD_NAME}\b")
    for path in [destination / name for name in PROJECT_FILES] + [
        path for folder in PROJECT_FOLDERS for path in (destination / folder).rglob("*.*")
    ]:
        text = path.read_text()
        if pattern.search(text):
            path.write_text(pattern.sub(NEW_NAME, text))
    model = destination / "models" / "predictions" / f"{OLD_NAME}.sql"
    model.rename(model.with_name(f"{NEW_NAME}.sql"))
    return destination


@pytest.fixture(scope="module")
def renamed(
    predicted: Settings, repo_root: Path, tmp_path_factory: pytest.TempPathFactory
) -> Settings:
    """Settings of the renamed project over a copy of the predicted warehouse."""
    work = tmp_path_factory.mktemp("renamed")
    project = _renamed_copy(repo_root, (work / "project").resolve())
    warehouse = work / "renamed.duckdb"
    shutil.copyfile(predicted.duckdb_path, warehouse)
    return replace(
        predicted,
        project_dir=project,
        profiles_dir=project,
        duckdb_path=warehouse,
        target_path=work / "target",
        log_path=work / "logs",
    )


def test_a_renamed_model_is_followed_through_the_manifest(
    settings: Settings, renamed: Settings
) -> None:
    """prediction_accuracy renamed in a copy of the project: the runner's role `accuracy`, its
    `grade` selector and the evaluation read the new model; nothing in Python changed."""
    schema = DbtProject.load(settings).model(OLD_NAME).schema
    project = DbtProject.load(renamed)  # no manifest yet: dbt parse writes one
    assert current_manifest(renamed, "duckdb") is not None
    relation = project.relation("accuracy")
    assert (relation.schema, relation.identifier) == (schema, NEW_NAME)
    assert project.model(NEW_NAME) == relation

    window = BuildWindow(START, END)
    assert grade(renamed, window) == f"{schema}.{NEW_NAME}"
    result, page, written = evaluate_window(renamed, window, None)
    assert written is None and "Walk-forward evaluation" in page
    (rows,) = set(result.ablation["rows"])
    assert rows > 0, "the evaluation read graded rows from the renamed model"


def test_an_unknown_role_or_selector_is_named(settings: Settings) -> None:
    project = DbtProject.load(settings)
    with pytest.raises(UnknownRelationError, match="no_such_role"):
        project.relation("no_such_role")
    with pytest.raises(UnknownRelationError, match="no_such_selector"):
        project.selector("no_such_selector")
    assert project.selector("grade") == ["--selector", "grade"]


@pytest.fixture(scope="module")
def manifest(settings: Settings) -> dict[str, Any]:
    """The parsed manifest of the session's project (dbt parse first if it is not current)."""
    DbtProject.load(settings)
    return dict(json.loads(manifest_path(settings).read_text()))


def test_a_role_names_one_node(manifest: dict[str, Any]) -> None:
    manifest = copy.deepcopy(manifest)
    node = manifest["nodes"]["model.nba_props.prediction_accuracy_daily"]
    node["config"]["meta"]["runner"] = "accuracy"
    with pytest.raises(UnknownRelationError, match="accuracy"):
        DbtProject.from_manifest(manifest, {})


#: Modules that write dbt files rather than read relations: contract.py generates the gate's
#: unit tests, whose inputs are ``ref('<model>')`` of the contract's upstream models.
WRITES_DBT_FILES = {"contract.py"}


def test_the_runner_source_names_no_dbt_relation(manifest: dict[str, Any]) -> None:
    """No model name as a string literal and no ``schema.table`` of a model or source in the
    runner's code (docstrings and comments may mention one): relations come from the
    manifest, by role."""
    models = {
        node["name"] for node in manifest["nodes"].values() if node["resource_type"] == "model"
    }
    tables = models | {source["name"] for source in manifest["sources"].values()}
    schemas = {
        node["schema"] for node in [*manifest["nodes"].values(), *manifest["sources"].values()]
    }
    model_names, table_names = "|".join(sorted(models)), "|".join(sorted(tables))
    literal = re.compile(rf"""(?<!\[)["']({model_names})["']""")
    qualified = re.compile(rf"\b(?:{'|'.join(schemas)})\.({table_names})\b")
    found = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(SOURCE_DIR.rglob("*.py"))
        if path.name not in WRITES_DBT_FILES
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if literal.search(line.split("#", 1)[0]) or qualified.search(line.split("#", 1)[0])
    ]
    assert found == []


def test_every_macro_has_a_yaml_entry_naming_its_arguments(manifest: dict[str, Any]) -> None:
    """Each macro and generic test of the project is documented in YAML (macros/<file>.yml,
    tests/generic/_generic__tests.yml) with a description and exactly its arguments."""
    signature = re.compile(r"\{%-?\s*(?:macro|test)\s+\w+\(([^)]*)\)")
    problems = []
    for macro in manifest["macros"].values():
        if macro["package_name"] != "nba_props":
            continue
        declared = signature.search(macro["macro_sql"])
        assert declared is not None, macro["name"]
        expected = [part.split("=")[0].strip() for part in declared.group(1).split(",")]
        documented = [argument["name"] for argument in macro["arguments"]]
        if not macro["description"] or documented != [name for name in expected if name]:
            problems.append(f"{macro['original_file_path']}: {macro['name']} {documented}")
    assert problems == []


def test_a_manifest_older_than_the_project_or_of_another_target_is_not_current(
    tmp_path: Path,
) -> None:
    """DbtProject.load re-parses when a project file changed after the manifest was written or
    when it was parsed for another target (BigQuery names other datasets)."""
    project = tmp_path / "project"
    (project / "models").mkdir(parents=True)
    (project / "dbt_project.yml").write_text("name: x\n")
    model = project / "models" / "a.sql"
    model.write_text("select 1 as a\n")
    settings = Settings(
        project_dir=project,
        duckdb_path=tmp_path / "wh.duckdb",
        raw_dir=tmp_path,
        profiles_dir=project,
    )
    manifest = manifest_path(settings)
    manifest.parent.mkdir()
    manifest.write_text(json.dumps({"metadata": {"adapter_type": "duckdb"}}))
    os.utime(model, (1_000_000, 1_000_000))
    os.utime(project / "dbt_project.yml", (1_000_000, 1_000_000))
    assert current_manifest(settings, "duckdb") is not None
    assert current_manifest(settings, "bigquery") is None
    later = manifest.stat().st_mtime + 10
    os.utime(model, (later, later))
    assert current_manifest(settings, "duckdb") is None
    manifest.unlink()
    assert current_manifest(settings, "duckdb") is None


def test_the_serving_build_leaves_the_history_marts_and_the_prediction_marts_out(
    settings: Settings,
) -> None:
    """The daily's build (selector ``serving``) builds what D's candidates need and nothing
    its next step rebuilds (the prediction marts) or that reads the whole history (diagnosis)."""
    from nba_props.dbt_runner import run_dbt

    def models(selector: str) -> set[str]:
        listed = run_dbt(
            settings,
            [
                "ls",
                "--quiet",
                "--selector",
                selector,
                "--resource-type",
                "model",
                "--output",
                "name",
            ],
        )
        return set(listed)

    serving, diagnostics, predictions = (
        models(name) for name in ("serving", "diagnostics", "take_predictions")
    )
    assert {"prediction_candidates", "ml_feature_store_v2", "ml_training_rows"} <= serving
    assert "feature_gap_diagnosis" in diagnostics and "prediction_accuracy" in predictions
    assert not serving & (diagnostics | predictions)
    assert serving | diagnostics | predictions == models("production")
