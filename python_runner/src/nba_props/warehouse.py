"""A thin read layer over the warehouse.

The runner depends only on :class:`WarehouseReader`: DuckDB (:class:`Warehouse`, here) and
BigQuery (``bigquery_warehouse.py``) implement it, both naming relations by runner role from
the dbt manifest (:class:`~nba_props.dbt_project.DbtProject`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol, Self, runtime_checkable

import duckdb
import pandas as pd

from nba_props.config import Settings

if TYPE_CHECKING:
    from nba_props.dbt_project import DbtProject

QueryParams = Sequence[Any] | Mapping[str, Any] | None


class WarehouseError(RuntimeError):
    """The warehouse cannot be opened or a query on it failed."""


class WarehouseNotFoundError(WarehouseError, FileNotFoundError):
    """The warehouse file does not exist (it has not been built yet)."""


@runtime_checkable
class WarehouseReader(Protocol):
    """What the runner needs from a warehouse: run a query, name the relation of a runner
    role, check that it exists; opened as a context manager."""

    project: DbtProject

    def query_df(self, sql: str, params: QueryParams = None) -> pd.DataFrame:
        """Run ``sql`` with bound ``params`` and return the result as a DataFrame."""
        ...

    def relation_exists(self, role: str) -> bool:
        """Whether the table or view of the node of runner ``role`` exists."""
        ...

    def relation(self, role: str) -> str:
        """How SQL on this warehouse names the node of runner ``role`` (``meta: {runner:
        role}`` in the dbt project, found in its manifest)."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


class Warehouse:
    """The DuckDB warehouse file, opened read-only. Use it as a context manager.

    Raw-data views created by dbt may hold paths relative to the project directory; the
    connection resolves such paths against ``project_dir`` (DuckDB's ``file_search_path``), so
    queries work from any current directory.
    """

    def __init__(self, path: Path, project: DbtProject, project_dir: Path | None = None) -> None:
        if not path.is_file():
            raise WarehouseNotFoundError(
                f"warehouse not found at {path}; build it first with `nba-props build`"
            )
        self.path = path
        self.project = project
        try:
            self._connection: duckdb.DuckDBPyConnection | None = duckdb.connect(
                str(path), read_only=True
            )
        except duckdb.Error as exc:
            raise WarehouseError(f"cannot open warehouse {path}: {exc}") from exc
        if project_dir is not None:
            self._connection.execute("set file_search_path = ?", [str(project_dir)])

    @classmethod
    def from_settings(cls, settings: Settings, project: DbtProject | None = None) -> Warehouse:
        """Open the DuckDB file named by ``settings``, its relations named by ``project``
        (default: the project's manifest, loaded)."""
        from nba_props.dbt_project import DbtProject

        if not settings.duckdb_path.is_file():
            raise WarehouseNotFoundError(
                f"warehouse not found at {settings.duckdb_path}; build it first with "
                "`nba-props build`"
            )
        project = project or DbtProject.load(settings)
        return cls(settings.duckdb_path, project, project_dir=settings.project_dir)

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The open connection.

        Raises:
            WarehouseError: the warehouse was closed.
        """
        if self._connection is None:
            raise WarehouseError(f"warehouse {self.path} is closed")
        return self._connection

    def query_df(self, sql: str, params: QueryParams = None) -> pd.DataFrame:
        """Run ``sql`` (``?`` or ``$name`` placeholders) and return a DataFrame.

        Raises:
            WarehouseError: DuckDB rejected the query.
        """
        try:
            return self.connection.execute(sql, params).df()
        except duckdb.Error as exc:
            raise WarehouseError(f"query failed on {self.path}: {exc}") from exc

    def relation(self, role: str) -> str:
        """``schema.identifier`` of the role's node: the catalog is the open file, whatever
        its name."""
        relation = self.project.relation(role)
        return f"{relation.schema}.{relation.identifier}"

    def relation_exists(self, role: str) -> bool:
        """Whether the role's node is a table or view in the warehouse."""
        relation = self.project.relation(role)
        found = self.query_df(
            "select count(*) as n from information_schema.tables "
            "where table_schema = ? and table_name = ?",
            [relation.schema, relation.identifier],
        )
        return bool(found["n"].iloc[0])

    def close(self) -> None:
        """Close the connection (idempotent)."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def open_warehouse(settings: Settings, project: DbtProject | None = None) -> WarehouseReader:
    """The warehouse the dbt profile's target points at: DuckDB, or BigQuery; relations named
    by ``project`` (default: the project's manifest, loaded)."""
    from nba_props.dbt_project import DbtProject, target_type

    if target_type(settings) == "bigquery":
        from nba_props.bigquery_warehouse import BigQueryWarehouse

        return BigQueryWarehouse.from_env(project or DbtProject.load(settings))
    return Warehouse.from_settings(settings, project)
