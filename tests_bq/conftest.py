"""Shared fixtures for the offline BigQuery check (scripts/check_bq_sql.py).

The dbt compiles are the slow part (~4-7 s each), so they run once per session and in parallel:
the fixture project (tests_bq/fixtures/bad_project) for BigQuery (full and incremental
variants) and for DuckDB, and the real project for BigQuery. Everything is written to a temp
dir; neither project's target/ or logs/ is touched.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURE_PROJECT = Path(__file__).resolve().parent / "fixtures" / "bad_project"
SCRIPT = REPO / "scripts" / "check_bq_sql.py"
DBT = Path(sys.executable).parent / "dbt"
COMPILE_TIMEOUT_S = 180
WINDOW_VARS = "{start_date: 2024-11-01, end_date: 2024-11-30}"


def _load_checker():
    spec = importlib.util.spec_from_file_location("check_bq_sql", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_bq_sql"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def checker():
    return _load_checker()


def _compile_command(project: Path, target: str, out: Path) -> list[str]:
    cmd = [
        str(DBT),
        "compile",
        "--project-dir",
        str(project),
        "--profiles-dir",
        str(project),
        "--target",
        target,
        "--target-path",
        str(out / "target"),
        "--log-path",
        str(out / "logs"),
        "--quiet",
    ]
    if target == "bq_offline":
        cmd += ["--no-introspect", "--no-populate-cache"]
    return cmd


@pytest.fixture(scope="session")
def compiled(tmp_path_factory):
    """Target dirs keyed by name: fixture_full, fixture_incremental, fixture_duckdb (the
    fixture project), project (the real one, full history) and project_window (the real one,
    incremental branches and a one-month window)."""
    if not DBT.exists():
        pytest.skip(f"dbt not installed next to {sys.executable}")
    base = tmp_path_factory.mktemp("bq_check")
    jobs = {
        "fixture_full": (FIXTURE_PROJECT, "bq_offline", "full"),
        "fixture_incremental": (FIXTURE_PROJECT, "bq_offline", "incremental"),
        "fixture_duckdb": (FIXTURE_PROJECT, "duckdb_memory", ""),
        "project": (REPO, "bq_offline", "full"),
        "project_window": (REPO, "bq_offline", "incremental"),
    }
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DBT_", "NBA_PROPS_TARGET"))
    }
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"  # no .user.yml in the fixture dir
    procs = {}
    for name, (project, target, mode) in jobs.items():
        out = base / name
        out.mkdir()
        log = (out / "dbt.out").open("w")
        cmd = _compile_command(project, target, out)
        if name == "project_window":  # as `make bq-check` and a daily run compile it
            cmd += ["--vars", WINDOW_VARS]
        procs[name] = (
            subprocess.Popen(
                cmd,
                cwd=project,
                env={**env, "DBT_OFFLINE_COMPILE": mode},
                stdout=log,
                stderr=subprocess.STDOUT,
            ),
            log,
            out,
        )
    result = {}
    failures = []
    for name, (proc, log, out) in procs.items():
        try:
            rc = proc.wait(timeout=COMPILE_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            rc = "timeout"
        log.close()
        if rc != 0:
            failures.append(
                f"{name}: dbt compile {rc}\n{(out / 'dbt.out').read_text()[-3000:]}"
            )
        result[name] = out / "target"
    if failures:
        pytest.fail("\n\n".join(failures))
    return result
