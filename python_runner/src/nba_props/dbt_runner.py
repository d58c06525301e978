"""Run dbt in-process (``dbtRunner``) against the project described by :class:`Settings`."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import date
from typing import Any

from nba_props.config import Settings
from nba_props.window import BuildWindow

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

    cleanup_connections()  # type: ignore[no-untyped-call]  # dbt-adapters ships no annotation
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


def window_to_environment(args: Sequence[str]) -> tuple[list[str], BuildWindow]:
    """Take the window vars out of a ``--vars`` argument (as a direct dbt call would give them)
    into a :class:`BuildWindow`; other vars stay in ``--vars``.

    Raises:
        ValueError: the window's start is after its end.
    """
    remaining = list(args)
    if "--vars" not in remaining:
        return remaining, BuildWindow()
    position = remaining.index("--vars")
    import yaml

    given = yaml.safe_load(remaining[position + 1]) or {}
    window = {
        field: date.fromisoformat(str(given.pop(key)))
        for key, field in WINDOW_VARS.items()
        if key in given
    }
    if given:
        remaining[position + 1] = json.dumps(given, default=str)
    else:
        del remaining[position : position + 2]
    return remaining, BuildWindow(**window)


#: The ``--vars`` names of the window and the fields of :class:`BuildWindow` they fill.
WINDOW_VARS = {
    "start_date": "start",
    "end_date": "end",
    "known_before": "known_before",
    "run_date": "run_date",
}


def run_dbt(
    settings: Settings,
    args: list[str],
    on_node_finished: NodeCallback | None = None,
    window: BuildWindow | None = None,
    manifest: Any | None = None,
) -> Any:
    """Run one dbt command, e.g. ``run_dbt(settings, ["build", "--select", "staging"])``, for
    a game-date ``window`` (default: every date; a window in ``--vars`` works too), and return
    dbt's result (for ``parse``, the manifest).

    The warehouse file's directory is created first, and dbt sees the settings' absolute
    DuckDB and raw-data paths through ``NBA_PROPS_DUCKDB_PATH`` / ``NBA_PROPS_RAW_DIR`` and
    the window through its environment variables (window.py). ``manifest`` (from
    :func:`parse_project` for the same window) skips dbt's parse.

    Raises:
        DbtError: dbt reported failure; the message names every failing node.
        ValueError: a window is given both ways.
    """
    # Imported here: loading dbt takes about a second, which `nba-props --help` need not pay.
    from dbt.cli.main import dbtRunner

    settings.duckdb_path.parent.mkdir(parents=True, exist_ok=True)
    dbt_args, vars_window = window_to_environment(args)
    if window is not None and vars_window != BuildWindow():
        raise ValueError("give the window as `window` or in --vars, not both")
    window_environment = (window or vars_window).environment()
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


def parse_project(settings: Settings, window: BuildWindow | None = None) -> Any:
    """Parse the project once (partial parsing as always) for several dbt invocations of the
    same ``window``, and return the manifest to pass to :func:`run_dbt`: each invocation given
    it skips its own parse (seconds each on this project).

    Raises:
        DbtError: the project does not parse.
    """
    return run_dbt(settings, ["parse", "--quiet"], window=window)


def build_args(
    select: str | None = None,
    exclude: str | None = None,
    full_refresh: bool = False,
    quiet: bool = False,
    use_colors: bool | None = None,
) -> list[str]:
    """The arguments of ``dbt build`` for a node selection (the window goes to the
    environment, :meth:`BuildWindow.environment`)."""
    args = ["build"]
    if quiet:
        args.append("--quiet")
    if use_colors is not None:
        args.append("--use-colors" if use_colors else "--no-use-colors")
    if select:
        args += ["--select", select]
    if exclude:
        args += ["--exclude", exclude]
    if full_refresh:
        args.append("--full-refresh")
    return args


def build(
    settings: Settings,
    window: BuildWindow | None = None,
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
        DbtError: a model, seed, snapshot or test failed.
    """
    args = build_args(
        select=select,
        exclude=exclude,
        full_refresh=full_refresh,
        quiet=quiet,
        use_colors=use_colors,
    )
    run_dbt(settings, args, on_node_finished=on_node_finished, window=window)
