"""The warehouse layer on BigQuery (google-cloud-bigquery), beside the DuckDB one.

Reads run as parameterised queries; the runner's one write (its prediction batch) is a load job
that truncates the batch table, after which dbt's player_prop_predictions model overwrites the
batch's date partitions. Tables are named from the dbt manifest parsed for the BigQuery target
(datasets `<prefix>_<layer>`, as macros/generate_schema_name.sql names them).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Self

import pandas as pd

from nba_props.warehouse import QueryParams, WarehouseError

if TYPE_CHECKING:
    from nba_props.dbt_project import DbtProject, Relation

ENV_PROJECT = "NBA_PROPS_BQ_PROJECT"
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

    def __init__(self, client: Any, billing_project: str, project: DbtProject) -> None:
        self.client = client
        self.billing_project = billing_project
        self.project = project

    @classmethod
    def from_env(cls, project: DbtProject) -> BigQueryWarehouse:
        """A client for ``NBA_PROPS_BQ_PROJECT`` with default credentials, naming the relations
        of ``project`` (parsed for the BigQuery target)."""
        from google.cloud import bigquery

        billing_project = os.environ.get(ENV_PROJECT)
        if not billing_project:
            raise WarehouseError(f"set {ENV_PROJECT} to use the BigQuery warehouse")
        return cls(bigquery.Client(project=billing_project), billing_project, project)

    def table_id(self, relation: Relation) -> str:
        """``project.dataset.table``; the dataset is the manifest's schema (``nba_predictions``:
        ``generate_schema_name`` prefixes it on BigQuery)."""
        database = relation.database or self.billing_project
        return f"{database}.{relation.schema}.{relation.identifier}"

    def relation(self, role: str) -> str:
        """The quoted table id of the role's node."""
        return f"`{self.table_id(self.project.relation(role))}`"

    def query_df(self, sql: str, params: QueryParams = None) -> pd.DataFrame:
        """Run ``sql`` with its ``?`` placeholders as typed query parameters."""
        from google.cloud import bigquery

        text, parameters = bigquery_sql(sql, params)
        config = bigquery.QueryJobConfig(
            query_parameters=[bigquery.ScalarQueryParameter(*p) for p in parameters]
        )
        try:
            frame: pd.DataFrame = self.client.query(text, job_config=config).result().to_dataframe()
            return frame
        except Exception as exc:  # the client raises many google.api_core error types
            raise WarehouseError(f"BigQuery query failed: {exc}") from exc

    def relation_exists(self, role: str) -> bool:
        """Whether the role's table exists (the client's ``get_table`` finds it)."""
        from google.api_core.exceptions import NotFound

        try:
            self.client.get_table(self.table_id(self.project.relation(role)))
        except NotFound:
            return False
        return True

    def replace_table(
        self, relation: Relation, frame: pd.DataFrame, columns: Sequence[tuple[str, str]]
    ) -> int:
        """Load ``frame`` into ``relation``, replacing its content (WRITE_TRUNCATE, atomic)."""
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
            self.table_id(relation),
            job_config=config,
        )
        job.result()
        return int(job.output_rows or 0)

    def close(self) -> None:
        """Nothing to release (kept for symmetry with the DuckDB warehouse)."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
