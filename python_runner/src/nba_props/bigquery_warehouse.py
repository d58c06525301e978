"""The warehouse layer on BigQuery (google-cloud-bigquery), beside the DuckDB one.

Reads run as parameterised queries; the runner's one write (its prediction batch) is a load job
that truncates the batch table, after which dbt's player_prop_predictions model overwrites the
batch's date partitions. Datasets are `<prefix>_<layer>` (nba_analytics, nba_predictions, ...),
as macros/generate_schema_name.sql names them on BigQuery.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

import pandas as pd

from nba_props.warehouse import QueryParams, WarehouseError

ENV_PROJECT = "NBA_PROPS_BQ_PROJECT"
ENV_DATASET_PREFIX = "NBA_PROPS_BQ_DATASET_PREFIX"
#: `?` outside quoted strings: the DuckDB-style positional placeholder the runner's SQL uses.
_PLACEHOLDER = re.compile(r"\?(?=(?:[^']*'[^']*')*[^']*$)")


def _parameter_type(value: Any) -> str:
    if isinstance(value, bool):
        return "BOOL"
    if isinstance(value, int):
        return "INT64"
    if isinstance(value, float):
        return "FLOAT64"
    if isinstance(value, datetime):
        return "TIMESTAMP"
    if isinstance(value, date):
        return "DATE"
    return "STRING"


def bigquery_sql(sql: str, params: QueryParams) -> tuple[str, list[tuple[str, str, Any]]]:
    """Turn ``?`` placeholders into ``@p0, @p1, ...`` with (name, type, value) parameters."""
    if params is None:
        return sql, []
    if isinstance(params, Mapping):
        raise WarehouseError("named parameters are not supported; use positional `?`")
    values = list(params)
    names = iter(range(len(values)))
    rewritten = _PLACEHOLDER.sub(lambda _: f"@p{next(names)}", sql)
    if rewritten.count("@p") != len(values):
        raise WarehouseError(f"{len(values)} parameters for a query with other placeholders")
    return rewritten, [(f"p{i}", _parameter_type(v), v) for i, v in enumerate(values)]


def schema_field_type(bigquery_type: str) -> tuple[str, str]:
    """(field type, mode) of a column type written as in the contract (`array<int64>` etc.)."""
    match = re.fullmatch(r"array<(\w+)>", bigquery_type.strip().lower())
    if match:
        return match.group(1).upper(), "REPEATED"
    return bigquery_type.strip().upper(), "NULLABLE"


class BigQueryWarehouse:
    """Reads and the batch write on BigQuery through a ``google.cloud.bigquery.Client``.

    The client is injected, so tests pass a fake that records what would be sent.
    """

    def __init__(self, client: Any, project: str, dataset_prefix: str = "nba") -> None:
        self.client = client
        self.project = project
        self.dataset_prefix = dataset_prefix

    @classmethod
    def from_env(cls) -> BigQueryWarehouse:
        """A client for ``NBA_PROPS_BQ_PROJECT`` with default credentials."""
        from google.cloud import bigquery

        project = os.environ.get(ENV_PROJECT)
        if not project:
            raise WarehouseError(f"set {ENV_PROJECT} to use the BigQuery warehouse")
        prefix = os.environ.get(ENV_DATASET_PREFIX, "nba")
        return cls(bigquery.Client(project=project), project, prefix)

    def table_id(self, layer: str, name: str) -> str:
        return f"{self.project}.{self.dataset_prefix}_{layer}.{name}"

    def relation(self, layer: str, name: str) -> str:
        return f"`{self.table_id(layer, name)}`"

    def query_df(self, sql: str, params: QueryParams = None) -> pd.DataFrame:
        from google.cloud import bigquery

        text, parameters = bigquery_sql(sql, params)
        config = bigquery.QueryJobConfig(
            query_parameters=[bigquery.ScalarQueryParameter(*p) for p in parameters]
        )
        try:
            return self.client.query(text, job_config=config).result().to_dataframe()
        except Exception as exc:  # the client raises many google.api_core error types
            raise WarehouseError(f"BigQuery query failed: {exc}") from exc

    def relation_exists(self, schema: str, name: str) -> bool:
        from google.api_core.exceptions import NotFound

        try:
            self.client.get_table(self.table_id(schema, name))
        except NotFound:
            return False
        return True

    def replace_table(
        self, layer: str, name: str, frame: pd.DataFrame, columns: Sequence[tuple[str, str]]
    ) -> int:
        """Load ``frame`` into ``layer.name``, replacing its content (WRITE_TRUNCATE, atomic)."""
        from google.cloud import bigquery

        schema = [
            bigquery.SchemaField(column, *schema_field_type(bigquery_type))
            for column, bigquery_type in columns
        ]
        config = bigquery.LoadJobConfig(
            schema=schema, write_disposition=bigquery.WriteDisposition.WRITE_TRUNCATE
        )
        job = self.client.load_table_from_dataframe(
            frame.loc[:, [column for column, _ in columns]],
            self.table_id(layer, name),
            job_config=config,
        )
        job.result()
        return int(job.output_rows or 0)

    def close(self) -> None:
        """Nothing to release (kept for symmetry with the DuckDB warehouse)."""

    def __enter__(self) -> BigQueryWarehouse:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
