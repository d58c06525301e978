"""Backfill a long range of game dates in chunks, resumably.

Each chunk is one `dbt run` with the chunk as the build window (incremental models replace
exactly those dates). Completed chunks are recorded in a state file, so a rerun after a failure
starts at the first chunk that did not finish. At the end the diagnosis tables are rebuilt for
the whole range and the data tests run once.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from nba_props.config import Settings
from nba_props.dbt_project import DbtProject
from nba_props.dbt_runner import run_dbt
from nba_props.window import BuildWindow

ChunkCallback = Callable[["Chunk", float], None]


@dataclass(frozen=True)
class Chunk:
    """An inclusive range of game dates built in one dbt run."""

    start: date
    end: date

    @property
    def key(self) -> str:
        """``start..end``, how the state file records the chunk."""
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def window(self) -> BuildWindow:
        """The chunk as a build window."""
        return BuildWindow(self.start, self.end)


def chunks(start: date, end: date, days: int) -> Iterator[Chunk]:
    """Consecutive chunks of at most ``days`` days covering ``start``..``end``."""
    if days < 1:
        raise ValueError("chunk size must be at least one day")
    BuildWindow(start, end)  # start not after end
    cursor = start
    while cursor <= end:
        chunk_end = min(cursor + timedelta(days=days - 1), end)
        yield Chunk(cursor, chunk_end)
        cursor = chunk_end + timedelta(days=1)


def state_path(settings: Settings, start: date, end: date, days: int) -> Path:
    """Where the progress of this backfill (range and chunk size) is recorded."""
    name = f"backfill_{start.isoformat()}_{end.isoformat()}_{days}d.json"
    return settings.duckdb_path.parent / name


def load_done(path: Path) -> dict[str, float]:
    """Completed chunk keys with their build seconds."""
    if not path.is_file():
        return {}
    return dict(json.loads(path.read_text())["done"])


def _save_done(path: Path, done: dict[str, float]) -> None:
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps({"done": done}, indent=2))
    temporary.replace(path)


def backfill(
    settings: Settings,
    start: date,
    end: date,
    days: int = 30,
    resume: bool = True,
    on_chunk: ChunkCallback | None = None,
) -> dict[str, float]:
    """Build every chunk not yet done, then run the data tests once.

    Returns the seconds each chunk took (chunks done by an earlier run keep their timing).

    Raises:
        DbtError: a chunk or the final tests failed; completed chunks stay recorded.
        UnknownRelationError: a selector the backfill runs is not in selectors.yml.
    """
    path = state_path(settings, start, end, days)
    path.parent.mkdir(parents=True, exist_ok=True)
    done = load_done(path) if resume else {}
    for chunk in chunks(start, end, days):
        if chunk.key in done:
            if on_chunk is not None:
                on_chunk(chunk, done[chunk.key])
            continue
        began = time.perf_counter()
        run_dbt(settings, ["run", "--quiet"], window=chunk.window)
        done[chunk.key] = round(time.perf_counter() - began, 2)
        _save_done(path, done)
        if on_chunk is not None:
            on_chunk(chunk, done[chunk.key])
    project = DbtProject.load(settings)
    window = BuildWindow(start, end)
    # The diagnosis marts once more over the whole range (the gap tables cover every date, the
    # what-if the range's dates), then the data tests over every row of the tables
    # (full_table_tests), not only the window's.
    run_dbt(settings, ["run", "--quiet", *project.selector("diagnostics")], window=window)
    full_tables = ["--vars", json.dumps({"full_table_tests": True})]
    run_dbt(
        settings, ["test", "--quiet", *project.selector("production"), *full_tables], window=window
    )
    return done
