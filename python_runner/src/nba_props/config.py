"""Runtime settings, resolved once from the environment into an immutable value."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import time
from pathlib import Path

ENV_PROJECT_DIR = "NBA_PROPS_PROJECT_DIR"
ENV_DUCKDB_PATH = "NBA_PROPS_DUCKDB_PATH"
ENV_RAW_DIR = "NBA_PROPS_RAW_DIR"
ENV_DBT_TARGET_PATH = "NBA_PROPS_DBT_TARGET_PATH"
ENV_DBT_LOG_PATH = "NBA_PROPS_DBT_LOG_PATH"
ENV_MODELS_DIR = "NBA_PROPS_MODELS_DIR"
ENV_LINES_AS_OF = "NBA_PROPS_LINES_AS_OF"

DEFAULT_DUCKDB_PATH = Path("warehouse") / "nba_props.duckdb"
DEFAULT_RAW_DIR = Path("data") / "sample"
DEFAULT_MODELS_DIR = Path("artifacts") / "models"


def _resolve(path: str | os.PathLike[str], base: Path) -> Path:
    """Return ``path`` made absolute against ``base`` (``~`` expanded)."""
    candidate = Path(path).expanduser()
    if not candidate.is_absolute():
        candidate = base / candidate
    return candidate.resolve()


def parse_lines_as_of(value: str | None) -> time | None:
    """A time of day ``H:MM`` / ``HH:MM`` (US Eastern) for the per-date line cut-off; empty or
    None: no cut.

    Raises:
        ValueError: the value is not a time of day; the message names the setting.
    """
    text = (value or "").strip()
    if not text:
        return None
    try:
        hours, minutes = (int(part) for part in text.split(":"))
        return time(hours, minutes)
    except ValueError as exc:
        raise ValueError(
            f"{ENV_LINES_AS_OF} / --lines-as-of must be a time of day HH:MM (US Eastern), "
            f"e.g. 10:00; got {text!r}"
        ) from exc


@dataclass(frozen=True)
class Settings:
    """Where the dbt project, the warehouse and the raw data live.

    Every path is absolute, so a setting means the same thing whatever the current directory is
    when dbt or DuckDB later reads it.

    Attributes:
        project_dir: the dbt project (the repo root, holding ``dbt_project.yml``).
        duckdb_path: the DuckDB warehouse file dbt writes and reports read.
        raw_dir: the directory of raw ``<table>.parquet`` files the dbt sources read.
        profiles_dir: the directory holding ``profiles.yml``.
        target_path: dbt's ``--target-path``; ``None`` keeps dbt's default (``target/``).
        log_path: dbt's ``--log-path``; ``None`` keeps dbt's default (``logs/``).
        models_dir: where trained models are saved (one folder per model version).
        lines_as_of: prop lines count only when captured by this time (US Eastern) on their
            game's date, as a run that morning saw them; None: every snapshot before tip-off.
    """

    project_dir: Path
    duckdb_path: Path
    raw_dir: Path
    profiles_dir: Path
    target_path: Path | None = None
    log_path: Path | None = None
    models_dir: Path = DEFAULT_MODELS_DIR
    lines_as_of: time | None = None

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        cwd: Path | None = None,
    ) -> Settings:
        """Resolve settings from environment variables.

        Args:
            environ: the environment to read; defaults to ``os.environ``.
            cwd: the directory relative paths start from; defaults to the current directory.

        ``NBA_PROPS_PROJECT_DIR`` (default: ``cwd``) is the project directory;
        ``NBA_PROPS_DUCKDB_PATH`` (default ``warehouse/nba_props.duckdb``) and
        ``NBA_PROPS_RAW_DIR`` (default ``data/sample``) are relative to it, as in
        ``profiles.yml`` and the dbt sources. ``NBA_PROPS_DBT_TARGET_PATH`` and
        ``NBA_PROPS_DBT_LOG_PATH`` optionally redirect dbt's artefacts and logs;
        ``NBA_PROPS_MODELS_DIR`` (default ``artifacts/models``) holds trained models;
        ``NBA_PROPS_LINES_AS_OF`` (``HH:MM`` US Eastern, default none) cuts each date's lines.

        Raises:
            ValueError: ``NBA_PROPS_LINES_AS_OF`` is not a time of day.
        """
        env = os.environ if environ is None else environ
        base = Path.cwd() if cwd is None else cwd
        project_dir = _resolve(env.get(ENV_PROJECT_DIR) or base, base)
        target = env.get(ENV_DBT_TARGET_PATH)
        log = env.get(ENV_DBT_LOG_PATH)
        return cls(
            project_dir=project_dir,
            duckdb_path=_resolve(env.get(ENV_DUCKDB_PATH) or DEFAULT_DUCKDB_PATH, project_dir),
            raw_dir=_resolve(env.get(ENV_RAW_DIR) or DEFAULT_RAW_DIR, project_dir),
            profiles_dir=project_dir,
            target_path=_resolve(target, project_dir) if target else None,
            log_path=_resolve(log, project_dir) if log else None,
            models_dir=_resolve(env.get(ENV_MODELS_DIR) or DEFAULT_MODELS_DIR, project_dir),
            lines_as_of=parse_lines_as_of(env.get(ENV_LINES_AS_OF)),
        )

    def with_overrides(
        self,
        *,
        duckdb_path: str | os.PathLike[str] | None = None,
        raw_dir: str | os.PathLike[str] | None = None,
    ) -> Settings:
        """Return a copy with the given paths replaced (relative to the project directory)."""
        return replace(
            self,
            duckdb_path=self.duckdb_path
            if duckdb_path is None
            else _resolve(duckdb_path, self.project_dir),
            raw_dir=self.raw_dir if raw_dir is None else _resolve(raw_dir, self.project_dir),
        )

    def dbt_environment(self) -> dict[str, str]:
        """Environment variables ``profiles.yml``, the dbt sources and the line cut-off
        (dbt_project.yml var ``lines_as_of``; empty: none) read for these settings."""
        return {
            ENV_DUCKDB_PATH: str(self.duckdb_path),
            ENV_RAW_DIR: str(self.raw_dir),
            ENV_LINES_AS_OF: "" if self.lines_as_of is None else f"{self.lines_as_of:%H:%M}",
        }
