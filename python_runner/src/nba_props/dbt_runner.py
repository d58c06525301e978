"""Run dbt in-process (``dbtRunner``) against the project described by :class:`Settings`."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from nba_props.config import Settings

#: Node statuses that make a dbt invocation fail (dbt's ``NodeStatus`` values).
FAILING_STATUSES = frozenset({"error", "fail", "runtime error"})

NodeCallback = Callable[[str, str], None]
"""Called as ``callback(unique_id, status)`` each time dbt finishes a node."""


class DbtError(RuntimeError):
    """A dbt invocation did not succeed.

    Attributes:
        command: the dbt arguments that were run.
        failed_nodes: ``unique_id`` of every node that errored or failed.
    """

    def __init__(self, message: str, command: Sequence[str], failed_nodes: Sequence[str] = ()):
        super().__init__(message)
        self.command = tuple(command)
        self.failed_nodes = tuple(failed_nodes)


@dataclass(frozen=True)
class NodeFailure:
    """One node that failed, with dbt's message for it."""

    unique_id: str
    status: str
    message: str | None


@contextmanager
def _environment(overrides: Mapping[str, str]) -> Iterator[None]:
    """Set environment variables for the duration of the block, then restore them.

    dbt renders ``env_var()`` from ``os.environ`` while it runs in this process, so this is the
    only way to hand it the resolved paths; the previous values come back afterwards.
    """
    saved = {key: os.environ.get(key) for key in overrides}
    os.environ.update(overrides)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _failures(result: Any) -> list[NodeFailure]:
    """Failed nodes of a dbt result object (``RunExecutionResult`` or similar), if it has any."""
    failures: list[NodeFailure] = []
    for node_result in getattr(result, "results", None) or []:
        status = str(getattr(node_result, "status", ""))
        if status not in FAILING_STATUSES:
            continue
        node = getattr(node_result, "node", None)
        unique_id = getattr(node, "unique_id", None) or getattr(node, "name", None) or "<unknown>"
        message = getattr(node_result, "message", None)
        failures.append(NodeFailure(unique_id=unique_id, status=status, message=message))
    return failures


def _node_callback(on_node_finished: NodeCallback) -> Callable[[Any], None]:
    """Adapt a ``(unique_id, status)`` callback to dbt's event callback interface."""

    def callback(event: Any) -> None:
        if event.info.name != "NodeFinished":
            return
        node_info = event.data.node_info
        on_node_finished(node_info.unique_id, node_info.node_status)

    return callback


def _release_warehouse() -> None:
    """Close the DuckDB database dbt-duckdb keeps open after a run.

    dbt-duckdb caches its DuckDB instance on ``DuckDBConnectionManager._ENV`` for the life of
    the process. While it is open, this process cannot open the same file read-only (DuckDB
    refuses a second configuration of one file), so a report after a build would fail. This
    touches a private attribute of dbt-duckdb and does nothing if that changes.
    """
    module = sys.modules.get("dbt.adapters.duckdb.connections")
    if module is None:
        return
    from dbt.adapters.factory import cleanup_connections

    cleanup_connections()
    manager = getattr(module, "DuckDBConnectionManager", None)
    lock = getattr(manager, "_LOCK", None)
    if manager is None or lock is None:
        return
    with lock:
        environment = getattr(manager, "_ENV", None)
        if environment is not None:
            # Best effort: the run's result matters more than a failure to close a handle.
            with suppress(Exception):
                environment.close()
            manager._ENV = None


SOURCES_FILE = "models/staging/_nba__sources.yml"

#: Raw types (DuckDB's names for Parquet columns) that staging can read, value by value, into a
#: column of each contract type; a value that still does not cast quarantines its row. A text
#: column must be text: a number there would already have lost an id's leading zeros.
_INTEGER_TYPES = frozenset(
    {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"}
    | {"UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT"}
)
_NUMBER_TYPES = _INTEGER_TYPES | {"FLOAT", "DOUBLE", "DECIMAL", "VARCHAR"}
_TIME_TYPES = frozenset(
    {"DATE", "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "VARCHAR"}
)
CASTABLE_RAW_TYPES: Mapping[str, frozenset[str]] = {
    "varchar": frozenset({"VARCHAR"}),
    "integer": _NUMBER_TYPES,
    "bigint": _NUMBER_TYPES,
    "double": _NUMBER_TYPES,
    "boolean": _INTEGER_TYPES | {"BOOLEAN", "VARCHAR"},
    "date": _TIME_TYPES,
    "timestamp": _TIME_TYPES,
}


def raw_contract(settings: Settings) -> dict[str, dict[str, str]]:
    """The raw contract from SOURCES_FILE, the one place it is written: per table, its columns
    and their types (``{"player_boxscores": {"game_id": "varchar", ...}, ...}``)."""
    import yaml

    sources = yaml.safe_load((settings.project_dir / SOURCES_FILE).read_text())["sources"]
    return {
        table["name"]: {
            column["name"]: str(column["data_type"]).lower() for column in table.get("columns", [])
        }
        for source in sources
        for table in source["tables"]
    }


def missing_raw_files(settings: Settings) -> list[Path]:
    """The ``<table>.parquet`` files of the raw contract (the sources in SOURCES_FILE) that are
    not in the raw directory. Only the DuckDB target reads them; BigQuery reads tables."""
    files = [settings.raw_dir / f"{table}.parquet" for table in raw_contract(settings)]
    return [path for path in files if not path.is_file()]


def _base_type(raw_type: str) -> str:
    """``DECIMAL(18,3)`` -> ``DECIMAL``; other names unchanged."""
    return raw_type.split("(", 1)[0].strip().upper()


def raw_column_problems(settings: Settings) -> list[str]:
    """Every contract column that a present raw file lacks, or holds in a type that can never
    cast to the contract's, one line each naming the file, the column and the expected type.
    Extra columns are ignored; a type that casts (CASTABLE_RAW_TYPES) is fine here."""
    import duckdb

    problems: list[str] = []
    with duckdb.connect() as con:
        for table, columns in raw_contract(settings).items():
            path = settings.raw_dir / f"{table}.parquet"
            if not path.is_file():
                continue
            relation = con.read_parquet(str(path))
            found = {
                name: str(kind) for name, kind in zip(relation.columns, relation.types, strict=True)
            }
            for column, expected in columns.items():
                if column not in found:
                    problems.append(
                        f"{path.name}: column {column} is missing (expected {expected.upper()})"
                    )
                elif _base_type(found[column]) not in CASTABLE_RAW_TYPES.get(expected, ()):
                    problems.append(
                        f"{path.name}: column {column} is {found[column]}, which cannot be read "
                        f"as {expected.upper()}"
                    )
    return problems


class RawDataError(FileNotFoundError):
    """Raw Parquet files of the contract are missing from the raw directory."""


class RawSchemaError(ValueError):
    """A raw Parquet file lacks a contract column or holds one in a type that cannot cast."""


def check_raw_files(settings: Settings) -> None:
    """Fail before dbt starts when raw files are missing or break the raw contract's columns,
    naming every missing file, or every file, column and expected type, at once.

    Raises:
        RawDataError: a raw Parquet file is missing.
        RawSchemaError: a raw file lacks a contract column or has one in a type that can never
            cast to the contract's.
    """
    missing = missing_raw_files(settings)
    if missing:
        names = ", ".join(path.name for path in missing)
        raise RawDataError(f"raw data missing in {settings.raw_dir} (NBA_PROPS_RAW_DIR): {names}")
    problems = raw_column_problems(settings)
    if problems:
        raise RawSchemaError(
            f"raw data in {settings.raw_dir} (NBA_PROPS_RAW_DIR) breaks the raw contract "
            f"({SOURCES_FILE}):\n" + "\n".join(f"  - {line}" for line in problems)
        )


def dbt_command(settings: Settings, args: Sequence[str]) -> list[str]:
    """The full dbt argument list for ``args``: project, profiles and optional paths appended."""
    command = [
        *args,
        "--project-dir",
        str(settings.project_dir),
        "--profiles-dir",
        str(settings.profiles_dir),
    ]
    if settings.target_path is not None:
        command += ["--target-path", str(settings.target_path)]
    if settings.log_path is not None:
        command += ["--log-path", str(settings.log_path)]
    return command


#: The build window's vars (and the morning cut and run date of a daily build) and the
#: environment variables the runner passes them in (dbt_project.yml reads them; an empty value
#: means the project default: every date, no cut, today).
WINDOW_ENVIRONMENT: Mapping[str, str] = {
    "start_date": "NBA_PROPS_START_DATE",
    "end_date": "NBA_PROPS_END_DATE",
    "known_before": "NBA_PROPS_KNOWN_BEFORE",
    "run_date": "NBA_PROPS_RUN_DATE",
}


def window_to_environment(args: Sequence[str]) -> tuple[list[str], dict[str, str]]:
    """Move the window bounds out of ``--vars`` into environment variables.

    A new ``--vars`` value makes dbt re-parse the whole project; a changed environment variable
    re-parses only the files that use it (the window models), so each new window costs seconds
    less. Other vars stay in ``--vars``. Both bounds are always set (empty when not given), so
    a window left in the process environment never narrows a later build.
    """
    remaining = list(args)
    window: dict[str, str] = {}
    if "--vars" in remaining:
        position = remaining.index("--vars")
        import yaml

        given = yaml.safe_load(remaining[position + 1]) or {}
        window = {key: str(given.pop(key)) for key in WINDOW_ENVIRONMENT if key in given}
        if given:
            remaining[position + 1] = json.dumps(given, default=str)
        else:
            del remaining[position : position + 2]
    environment = {env: window.get(key, "") for key, env in WINDOW_ENVIRONMENT.items()}
    return remaining, environment


def run_dbt(
    settings: Settings,
    args: list[str],
    on_node_finished: NodeCallback | None = None,
    manifest: Any | None = None,
) -> Any:
    """Run one dbt command, e.g. ``run_dbt(settings, ["build", "--select", "staging"])``, and
    return dbt's result (for ``parse``, the manifest).

    The warehouse file's directory is created first, and dbt sees the settings' absolute
    DuckDB and raw-data paths through ``NBA_PROPS_DUCKDB_PATH`` / ``NBA_PROPS_RAW_DIR``.
    ``manifest`` (from :func:`parse_project` with the same vars) skips dbt's parse.

    Raises:
        DbtError: dbt reported failure; the message names every failing node.
    """
    # Imported here: loading dbt takes about a second, which `nba-props --help` need not pay.
    from dbt.cli.main import dbtRunner

    settings.duckdb_path.parent.mkdir(parents=True, exist_ok=True)
    dbt_args, window_environment = window_to_environment(args)
    command = dbt_command(settings, dbt_args)
    callbacks = [_node_callback(on_node_finished)] if on_node_finished else []
    try:
        with _environment({**settings.dbt_environment(), **window_environment}):
            res = dbtRunner(manifest=manifest, callbacks=callbacks).invoke(command)
    finally:
        _release_warehouse()
    if res.success:
        return res.result

    failures = _failures(res.result)
    name = " ".join(args[:1]) or "dbt"
    if failures:
        lines = [f"dbt {name} failed: {len(failures)} node(s) did not succeed:"]
        for failure in failures:
            lines.append(f"  - {failure.unique_id} [{failure.status}]")
            detail = (failure.message or "").strip().splitlines()
            lines += [f"      {line.strip()}" for line in detail if line.strip()]
        message = "\n".join(lines)
    elif res.exception is not None:
        message = f"dbt {name} failed: {type(res.exception).__name__}: {res.exception}"
    else:
        message = f"dbt {name} failed (no failing node reported; see dbt's log output)"
    raise DbtError(message, command=command, failed_nodes=[f.unique_id for f in failures])


def parse_project(settings: Settings, args: Sequence[str] = ()) -> Any:
    """Parse the project once (partial parsing as always) for several dbt invocations with the
    same vars (``args``: ``--vars``), and return the manifest to pass to :func:`run_dbt`: each
    invocation given it skips its own parse (seconds each on this project).

    Raises:
        DbtError: the project does not parse.
    """
    return run_dbt(settings, ["parse", "--quiet", *args])


def build_args(
    start_date: date | None = None,
    end_date: date | None = None,
    select: str | None = None,
    exclude: str | None = None,
    full_refresh: bool = False,
    quiet: bool = False,
    use_colors: bool | None = None,
) -> list[str]:
    """The arguments of ``dbt build`` for a date window and node selection.

    Only the window bounds that are given are passed as ``--vars``; the others keep the
    project defaults (every date).

    Raises:
        ValueError: ``start_date`` is after ``end_date``.
    """
    if start_date is not None and end_date is not None and start_date > end_date:
        raise ValueError(f"start date {start_date} is after end date {end_date}")
    args = ["build"]
    if quiet:
        args.append("--quiet")
    if use_colors is not None:
        args.append("--use-colors" if use_colors else "--no-use-colors")
    build_vars: dict[str, str] = {}
    if start_date is not None:
        build_vars["start_date"] = start_date.isoformat()
    if end_date is not None:
        build_vars["end_date"] = end_date.isoformat()
    if build_vars:
        args += ["--vars", json.dumps(build_vars)]
    if select:
        args += ["--select", select]
    if exclude:
        args += ["--exclude", exclude]
    if full_refresh:
        args.append("--full-refresh")
    return args


def build(
    settings: Settings,
    start_date: date | None = None,
    end_date: date | None = None,
    select: str | None = None,
    exclude: str | None = None,
    *,
    full_refresh: bool = False,
    quiet: bool = False,
    use_colors: bool | None = None,
    on_node_finished: NodeCallback | None = None,
) -> None:
    """``dbt build`` the warehouse, optionally for a game-date window and a node selection.

    Raises:
        ValueError: ``start_date`` is after ``end_date``.
        DbtError: a model, seed, snapshot or test failed.
    """
    args = build_args(
        start_date=start_date,
        end_date=end_date,
        select=select,
        exclude=exclude,
        full_refresh=full_refresh,
        quiet=quiet,
        use_colors=use_colors,
    )
    run_dbt(settings, args, on_node_finished=on_node_finished)
