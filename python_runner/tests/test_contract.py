"""The feature contract the runner reads (dbt_project.yml) against what dbt built."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from nba_props.cli import main
from nba_props.contract import load_contract, pending_contract_docs
from nba_props.warehouse import Warehouse


def test_contract_matches_the_built_tables(repo_root: Path, warehouse: Warehouse) -> None:
    contract = load_contract(repo_root)
    built = warehouse.query_df(
        "select feature_index, feature_name, is_optional, in_model_v9 "
        "from predictions.feature_contract order by feature_index"
    )
    assert list(built["feature_name"]) == [f.name for f in contract.features]
    assert list(built["is_optional"]) == [f.optional for f in contract.features]
    assert list(built.loc[built["in_model_v9"], "feature_name"]) == contract.model_features
    columns = set(
        warehouse.query_df(
            "select column_name from information_schema.columns "
            "where table_schema = 'predictions' and table_name = 'ml_feature_store_v2'"
        )["column_name"]
    )
    for feature in contract.features:
        assert {feature.name, f"{feature.name}_source", f"{feature.name}_default_reason"} <= columns
    lengths = warehouse.query_df(
        "select distinct len(features) as n from predictions.ml_feature_store_v2"
    )
    assert list(lengths["n"]) == [len(contract.features)]


def test_contract_docs_check_writes_nothing(repo_root: Path) -> None:
    before = {path: path.read_text() for path in pending_contract_docs(repo_root)}
    result = CliRunner().invoke(main, ["--project-dir", str(repo_root), "contract-docs", "--check"])
    assert result.exit_code == (1 if before else 0), result.output
    assert {path: path.read_text() for path in pending_contract_docs(repo_root)} == before
