"""The feature contract the runner reads (dbt_project.yml) against what dbt built."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from nba_props.cli import main
from nba_props.contract import (
    DOCS_MD,
    GATE_TESTS_YML,
    MODELS_YML,
    PREDICTIONS_YML,
    load_contract,
)
from nba_props.warehouse import Warehouse

#: The features the design (DESIGN.md) lets through the gate when default: the Vegas line, and
#: issue 10's features (37-53), which must never block the gate.
DESIGN_OPTIONAL = {25, 26, 27, *range(37, 54)}
#: The original model's 33 features, the v9 list.
V9_INDICES = list(range(33))
GENERATED = (MODELS_YML, DOCS_MD, GATE_TESTS_YML, PREDICTIONS_YML)


def test_contract_matches_the_built_tables(repo_root: Path, warehouse: Warehouse) -> None:
    contract = load_contract(repo_root)
    store = warehouse.project.model("ml_feature_store_v2")
    built = warehouse.query_df(
        "select feature_index, feature_name, is_optional, in_model_v9, in_model_v10, in_model_v11, "
        "in_model, "
        "feature_sets, feature_group, model_feature_set "
        f"from {warehouse.project.model('feature_contract').schema_table} order by feature_index"
    )
    assert list(built["feature_name"]) == [f.name for f in contract.features]
    assert list(built["is_optional"]) == [f.optional for f in contract.features]
    assert set(built.loc[built["is_optional"], "feature_index"]) == DESIGN_OPTIONAL
    assert list(built.loc[built["in_model"], "feature_name"]) == contract.model_features
    assert list(built.loc[built["in_model_v9"], "feature_index"]) == V9_INDICES
    assert list(built.loc[built["in_model_v10"], "feature_index"]) == [*V9_INDICES, *range(37, 51)]
    assert list(built.loc[built["in_model_v11"], "feature_index"]) == [*V9_INDICES, *range(37, 54)]
    assert set(built["model_feature_set"]) == {contract.feature_set}
    # feature_sets names exactly the versions whose column holds the feature
    for row in built.itertuples():
        named = {version for version in row.feature_sets.split(",") if version}
        assert named == {v for v in ("v9", "v10", "v11") if getattr(row, f"in_model_{v}")}, row
    assert built["feature_group"].notna().all()
    columns = set(
        warehouse.query_df(
            "select column_name from information_schema.columns "
            "where table_schema = ? and table_name = ?",
            [store.schema, store.identifier],
        )["column_name"]
    )
    for feature in contract.features:
        assert {feature.name, f"{feature.name}_source", f"{feature.name}_default_reason"} <= columns
    lengths = warehouse.query_df(f"select distinct len(features) as n from {store.schema_table}")
    assert list(lengths["n"]) == [len(contract.features)]


def test_optional_features_are_the_designs(repo_root: Path) -> None:
    contract = load_contract(repo_root)
    assert {f.index for f in contract.features if f.optional} == DESIGN_OPTIONAL


def test_gate_coverage_tests_hold_every_index_to_the_design(repo_root: Path) -> None:
    """The generated gate-coverage tests, read as dbt reads them: one expected row per contract
    index (player N lacks only index N), blocking exactly where the design does not make the
    feature optional, and one row lacking everything that expects every feature's reason."""
    contract = load_contract(repo_root)
    tests = {
        t["name"]: t for t in yaml.safe_load((repo_root / GATE_TESTS_YML).read_text())["unit_tests"]
    }
    each = tests["gate_coverage_each_index"]["expect"]["rows"]
    assert [row["player_id"] for row in each] == [f.index for f in contract.features]
    for row in each:
        assert row["default_feature_indices"] == [row["player_id"]]
        assert row["is_quality_ready"] is (row["player_id"] in DESIGN_OPTIONAL)
        assert row["required_default_count"] == (0 if row["player_id"] in DESIGN_OPTIONAL else 1)
    (every,) = tests["gate_coverage_every_reason"]["expect"]["rows"]
    assert every["default_feature_indices"] == [f.index for f in contract.features]
    assert every["required_default_count"] == len(contract.features) - len(DESIGN_OPTIONAL)
    for feature in contract.features:
        assert every[f"{feature.name}_default_reason"] == "crafted_missing_input"
    for test in tests.values():  # every upstream of the store is given
        inputs = {given["input"] for given in test["given"]}
        assert inputs == {f"ref('{model}')" for model in contract.upstream_models}


def test_v10_groups_are_the_issue_10_groups(repo_root: Path) -> None:
    """The features v10 adds over v9 are exactly the five issue-10 groups, none quality-scored."""
    contract = load_contract(repo_root)
    new_indices = set(contract.feature_sets["v10"]) - set(V9_INDICES)
    added = [f for f in contract.features if f.index in new_indices]
    assert {f.feature_group for f in added} == {
        "expected_minutes", "teammates_out", "role", "opponent_position", "line_vs_average",
    }  # fmt: skip
    assert not any(f.quality_scored for f in added)
    assert all(f.quality_scored for f in contract.features if f.index in V9_INDICES)
    assert contract.set_features("v9") == [contract.features[i].name for i in V9_INDICES]


def test_v11_adds_the_long_form_group_to_v10(repo_root: Path) -> None:
    """v11 is v10 plus the long_form group (51-53), not quality-scored, and is the one served."""
    contract = load_contract(repo_root)
    new_indices = set(contract.feature_sets["v11"]) - set(contract.feature_sets["v10"])
    added = [f for f in contract.features if f.index in new_indices]
    assert sorted(new_indices) == [51, 52, 53]
    assert {f.feature_group for f in added} == {"long_form"}
    assert not any(f.quality_scored for f in added)
    assert set(contract.feature_sets["v10"]) <= set(contract.feature_sets["v11"])
    assert contract.feature_set == "v11"


def test_a_feature_set_naming_an_unknown_index_is_refused(project_copy: Path) -> None:
    _edit(project_copy / "dbt_project.yml", "v10: [0, 1, 2,", "v10: [99, 0, 1, 2,")
    with pytest.raises(ValueError, match=r"v10 names indices not in the contract: \[99\]"):
        load_contract(project_copy)


def test_an_unknown_model_feature_set_is_refused(project_copy: Path) -> None:
    _edit(project_copy / "dbt_project.yml", "model_feature_set: v11", "model_feature_set: v12")
    with pytest.raises(ValueError, match="model_feature_set 'v12'"):
        load_contract(project_copy)


def _contract_docs(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--project-dir", str(project), "contract-docs", *args])
    return result.exit_code, result.output


@pytest.fixture
def project_copy(repo_root: Path, tmp_path: Path) -> Path:
    """The contract and the generated files, in a scratch copy of the project layout."""
    for relative in (Path("dbt_project.yml"), *GENERATED):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(repo_root / relative, tmp_path / relative)
    return tmp_path


def test_contract_docs_check_passes_on_current_docs(project_copy: Path) -> None:
    assert _contract_docs(project_copy, "--check")[0] == 0


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("edited", "old", "new", "stale"),
    [
        # A feature's description changes in the contract: its docs and column docs are stale.
        ("dbt_project.yml", "Rest score 0-100", "Rest score 0 to 100", {DOCS_MD, MODELS_YML}),
        # A feature becomes optional: its docs are stale (the generated gate tests keep the
        # design's optional set, so once regenerated they fail on the model).
        (
            "dbt_project.yml",
            "      name: fatigue_score\n",
            "      name: fatigue_score\n      optional: true\n",
            {DOCS_MD, MODELS_YML},
        ),
        # Someone edits a generated file by hand.
        (
            str(GATE_TESTS_YML),
            "is_quality_ready: false",
            "is_quality_ready: true",
            {GATE_TESTS_YML},
        ),
        (str(PREDICTIONS_YML), "The model system", "The system", {PREDICTIONS_YML}),
    ],
)
def test_contract_docs_check_fails_on_stale_docs_and_writes_nothing(
    project_copy: Path, edited: str, old: str, new: str, stale: set[Path]
) -> None:
    _edit(project_copy / edited, old, new)
    before = {path: (project_copy / path).read_text() for path in GENERATED}
    code, output = _contract_docs(project_copy, "--check")
    assert code == 1, output
    for path in stale:
        assert str(path) in output
    assert {path: (project_copy / path).read_text() for path in GENERATED} == before
    assert _contract_docs(project_copy)[0] == 0  # regenerate
    assert _contract_docs(project_copy, "--check")[0] == 0
