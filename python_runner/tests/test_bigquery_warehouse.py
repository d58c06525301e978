"""The runner's BigQuery layer at its boundary: a fake client records what would be sent; the
SQL must be valid BigQuery (sqlglot) with typed parameters, the batch a truncating load job."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import pandas as pd
import pytest
import sqlglot

from nba_props.bigquery_warehouse import BigQueryWarehouse, bigquery_sql, schema_field_type
from nba_props.config import Settings
from nba_props.contract import load_prediction_columns
from nba_props.dbt_project import DbtProject, manifest_path, project_vars
from nba_props.dbt_runner import run_dbt
from nba_props.predicting import BATCH, candidates, model_features, training_rows


@dataclass
class FakeJob:
    frame: pd.DataFrame = field(default_factory=pd.DataFrame)
    output_rows: int = 0

    def result(self) -> FakeJob:
        return self

    def to_dataframe(self) -> pd.DataFrame:
        return self.frame


@dataclass
class FakeClient:
    """Records queries and loads; answers every query with ``answer``."""

    answer: pd.DataFrame = field(default_factory=pd.DataFrame)
    queries: list[tuple[str, Any]] = field(default_factory=list)
    loads: list[tuple[pd.DataFrame, str, Any]] = field(default_factory=list)

    def query(self, sql: str, job_config: Any = None) -> FakeJob:
        self.queries.append((sql, job_config))
        return FakeJob(self.answer)

    def load_table_from_dataframe(
        self, frame: pd.DataFrame, table: str, job_config: Any
    ) -> FakeJob:
        self.loads.append((frame, table, job_config))
        return FakeJob(output_rows=len(frame))


@pytest.fixture(scope="module")
def bigquery_project(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> DbtProject:
    """The project as parsed for the BigQuery target (offline): datasets and project id as
    generate_schema_name and the profile name them there."""
    work = tmp_path_factory.mktemp("bq-parse")
    parsed = replace(settings, target_path=work / "target", log_path=work / "logs")
    run_dbt(parsed, ["parse", "--quiet", "--target", "bq_offline"])
    manifest = json.loads(manifest_path(parsed).read_text())
    assert manifest["metadata"]["adapter_type"] == "bigquery"
    return DbtProject.from_manifest(manifest, project_vars(parsed.project_dir))


def _parses_as_bigquery(sql: str) -> None:
    sqlglot.parse_one(sql, read="bigquery", error_level=sqlglot.ErrorLevel.RAISE)


def test_runner_queries_are_bigquery_sql_with_typed_parameters(
    bigquery_project: DbtProject,
) -> None:
    client = FakeClient(
        answer=pd.DataFrame(
            {
                "feature_name": ["points_avg_last_5"],
                "feature_index": [0],
                "features": [[1.0]],
                "model_feature_set": ["v10"],
            }
        )
    )
    warehouse = BigQueryWarehouse(client, "my-project", bigquery_project)
    features = model_features(warehouse)
    training_rows(warehouse, features, date(2024, 11, 1))
    candidates(warehouse, features, date(2024, 11, 1), date(2024, 11, 7))
    relations = {
        f"`{warehouse.table_id(bigquery_project.model(name))}`"
        for name in ("feature_contract", "ml_training_rows", "prediction_candidates")
    }
    assert all(relation.startswith("`offline-dummy-project.") for relation in relations)
    for sql, _config in client.queries:
        _parses_as_bigquery(sql)
        assert "?" not in sql
        assert any(relation in sql for relation in relations)
    (config,) = [config for sql, config in client.queries if "prediction_candidates" in sql]
    parameters = [(p.name, p.type_, p.value) for p in config.query_parameters]
    assert parameters == [("p0", "DATE", date(2024, 11, 1)), ("p1", "DATE", date(2024, 11, 7))]


def test_placeholders_inside_strings_are_left_alone() -> None:
    sql, parameters = bigquery_sql("select '?' as q, x from t where d = ? and n = ?", [1, "a"])
    assert sql == "select '?' as q, x from t where d = @p0 and n = @p1"
    assert parameters == [("p0", "INT64", 1), ("p1", "STRING", "a")]


def test_batch_is_a_truncating_load_with_the_contract_schema(
    repo_root, bigquery_project: DbtProject
) -> None:
    columns = load_prediction_columns(repo_root)
    frame = pd.DataFrame({column.name: [None] for column in columns}).assign(extra=1)
    client = FakeClient()
    rows = BigQueryWarehouse(client, "my-project", bigquery_project).replace_table(
        bigquery_project.relation(BATCH),
        frame,
        [(column.name, column.data_type) for column in columns],
    )
    assert rows == 1
    ((loaded, table, config),) = client.loads
    batch = bigquery_project.relation(BATCH)
    assert table == f"offline-dummy-project.{batch.schema}.{batch.identifier}"
    assert list(loaded.columns) == [column.name for column in columns]
    assert config.write_disposition == "WRITE_TRUNCATE"
    fields = {f.name: (f.field_type, f.mode) for f in config.schema}
    assert fields["default_feature_indices"] == ("INT64", "REPEATED")
    assert fields["game_date"] == ("DATE", "NULLABLE")
    assert fields["predicted_points"] == ("FLOAT64", "NULLABLE")


@pytest.mark.parametrize(
    ("declared", "expected"),
    [("array<int64>", ("INT64", "REPEATED")), ("string", ("STRING", "NULLABLE"))],
)
def test_schema_field_type(declared: str, expected: tuple[str, str]) -> None:
    assert schema_field_type(declared) == expected
