"""`make bench`: time the pipeline and write docs/benchmarks.md and bench/results/<date>.json.

Measures, each beside the machine's load (uptime) at the time:
- a full rebuild of a raw dir (`nba-props build` on a fresh warehouse): wall, dbt execution per
  layer (run_results.json), peak RSS of the process tree, raw rows per second;
- `nba-props daily` for one date, one slate's `predict`, optionally a walk-forward season;
- growth: the synthetic generator (bench/synthetic.py) at each scale, a full rebuild of each
  (raw_quarantine must be empty), and the fitted exponent of wall time over raw rows;
- the five features: the dbt model's execution time (player_daily_cache) against a floor (one
  DuckDB query) and a peer (pandas per date), on the same warehouse.

Benchmarks are not tests: nothing here fails on a time. `--ci` runs a quick pass on the sample.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict
from datetime import UTC, date, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

import five_features
import synthetic
from nba_props.dbt_project import DbtProject

NBA_PROPS = str(Path(sys.executable).parent / "nba-props")
LAYERS = ("staging", "phase3", "phase4", "feature_store", "diagnostics", "predictions")
PACKAGES = ("dbt-core", "dbt-duckdb", "duckdb", "pandas", "lightgbm", "nba-props")


def load() -> str:
    """The 1-minute load average, the figure every timing here is read beside."""
    return f"{os.getloadavg()[0]:.2f}"


def machine() -> dict[str, Any]:
    cpu = platform.processor() or ""
    with (
        open("/proc/cpuinfo")
        if Path("/proc/cpuinfo").is_file()
        else open(os.devnull) as info
    ):
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "cores": os.cpu_count(),
        "ram_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "cpu": cpu,
        "python": platform.python_version(),
        "packages": {name: _version(name) for name in PACKAGES},
        "git_sha": subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip(),
    }


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def timed_command(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run a command; its wall seconds, peak RSS of its process tree (sampled every 0.1 s)
    and the load before it. Raises on a non-zero exit (the output is shown)."""
    peak = 0
    before = load()
    began = time.perf_counter()
    process = subprocess.Popen(
        args,
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        root = psutil.Process(process.pid)
        while not done.is_set():
            try:
                tree = [root, *root.children(recursive=True)]
                peak = max(
                    peak, sum(p.memory_info().rss for p in tree if p.is_running())
                )
            except psutil.Error:
                pass
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    done.set()
    sampler.join()
    wall = time.perf_counter() - began
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{output[-4000:]}")
    return {
        "wall_s": round(wall, 2),
        "peak_rss_mib": round(peak / 2**20),
        "load_before": before,
        "load_after": load(),
    }


def environment(raw: Path, warehouse: Path, work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        NBA_PROPS_RAW_DIR=str(raw),
        NBA_PROPS_DUCKDB_PATH=str(warehouse),
        NBA_PROPS_PROJECT_DIR=str(REPO),
        NBA_PROPS_DBT_TARGET_PATH=str(work / "target"),
        NBA_PROPS_DBT_LOG_PATH=str(work / "logs"),
        NBA_PROPS_MODELS_DIR=str(work / "models"),
    )
    return env


def raw_rows(raw: Path) -> int:
    with duckdb.connect() as connection:
        return sum(
            int(connection.execute(f"select count(*) from '{path}'").fetchone()[0])
            for path in sorted(raw.glob("*.parquet"))
        )


def layer_seconds(target: Path) -> dict[str, float]:
    """dbt execution seconds per layer (model folder), data tests and unit tests."""
    results = json.loads((target / "run_results.json").read_text())["results"]
    nodes = json.loads((target / "manifest.json").read_text())["nodes"]
    seconds: dict[str, float] = {}
    for result in results:
        unique_id = result["unique_id"]
        node = nodes.get(unique_id, {})
        if unique_id.startswith("model."):
            key = node.get("fqn", ["", "other"])[1]
        elif unique_id.startswith("unit_test."):
            key = "unit tests"
        elif unique_id.startswith("test."):
            key = "data tests"
        else:
            continue
        seconds[key] = seconds.get(key, 0.0) + result["execution_time"]
    return {key: round(value, 2) for key, value in sorted(seconds.items())}


def model_table(target: Path, name: str) -> str:
    """``schema.table`` of a model, from the build's manifest (no schema written here)."""
    manifest = json.loads((target / "manifest.json").read_text())
    return DbtProject.from_manifest(manifest, {}).model(name).schema_table


def node_seconds(target: Path, name: str) -> float:
    results = json.loads((target / "run_results.json").read_text())["results"]
    return next(
        r["execution_time"]
        for r in results
        if r["unique_id"] == f"model.nba_props.{name}"
    )


def slowest_models(target: Path, count: int = 5) -> list[tuple[str, float]]:
    results = json.loads((target / "run_results.json").read_text())["results"]
    models = [r for r in results if r["unique_id"].startswith("model.")]
    models.sort(key=lambda r: -r["execution_time"])
    return [
        (r["unique_id"].split(".")[-1], round(r["execution_time"], 2))
        for r in models[:count]
    ]


def rebuild(raw: Path, work: Path) -> dict[str, Any]:
    """A full `nba-props build` of ``raw`` into a fresh warehouse under ``work``."""
    work.mkdir(parents=True, exist_ok=True)
    warehouse = work / "bench.duckdb"
    warehouse.unlink(missing_ok=True)
    rows = raw_rows(raw)
    measured = timed_command([NBA_PROPS, "build"], environment(raw, warehouse, work))
    quarantine = model_table(work / "target", "raw_quarantine")
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        quarantined = int(
            connection.execute(f"select count(*) from {quarantine}").fetchone()[0]
        )
    return {
        **measured,
        "raw_rows": rows,
        "rows_per_s": round(rows / measured["wall_s"]),
        "quarantined_rows": quarantined,
        "dbt_seconds": layer_seconds(work / "target"),
        "slowest_models": slowest_models(work / "target"),
        "warehouse": str(warehouse),
    }


def growth_exponent(points: list[dict[str, Any]]) -> float | None:
    """Slope of log(wall) over log(raw rows): 1 = linear."""
    if len(points) < 2:
        return None
    x = np.log([p["raw_rows"] for p in points])
    y = np.log([p["wall_s"] for p in points])
    return round(float(np.polyfit(x, y, 1)[0]), 3)


def model_alone_seconds(raw: Path, work: Path, warehouse: Path, name: str) -> float:
    """The execution time of model ``name`` rebuilt whole on its own (no other node beside
    it: in the full rebuild it shares the two cores with another model, the floor does not)."""
    timed_command(
        [NBA_PROPS, "build", "--select", name, "--full-refresh"],
        environment(raw, warehouse, work),
    )
    return node_seconds(work / "target", name)


def five_feature_comparison(
    raw: Path, work: Path, warehouse: Path, peer_max_dates: int | None
) -> dict:
    in_rebuild_seconds = node_seconds(work / "target", "player_daily_cache")
    dbt_seconds = model_alone_seconds(raw, work, warehouse, "player_daily_cache")
    tables = {
        name: model_table(work / "target", name)
        for name in ("player_game_summary", "int_player_game_universe")
    }
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        floor_timing, _ = five_features.floor(connection, tables)
        peer_timing = five_features.peer(connection, tables, peer_max_dates)
    return {
        "dbt_player_daily_cache_s": round(dbt_seconds, 3),
        "dbt_player_daily_cache_in_rebuild_s": round(in_rebuild_seconds, 3),
        "floor": asdict(floor_timing),
        "peer": asdict(peer_timing),
        "dbt_over_floor": round(dbt_seconds / floor_timing.seconds, 2),
        "peer_over_dbt": round(peer_timing.seconds / dbt_seconds, 1),
        "load": load(),
    }


def serving(raw: Path, work: Path, day: date, season: tuple[date, date] | None) -> dict:
    """Daily for ``day``, one slate's predict, optionally a walk-forward season, on copies of
    the rebuilt warehouse."""
    built = work / "bench.duckdb"
    results: dict[str, Any] = {}
    copy = work / "serving.duckdb"
    shutil.copyfile(built, copy)
    env = environment(raw, copy, work)
    results["daily"] = {
        "date": str(day),
        **timed_command([NBA_PROPS, "daily", "--date", str(day)], env),
    }
    results["daily_rerun"] = timed_command(
        [NBA_PROPS, "daily", "--date", str(day)], env
    )
    shutil.copyfile(built, copy)
    results["predict_one_slate"] = timed_command(
        [NBA_PROPS, "predict", "--start-date", str(day), "--end-date", str(day)], env
    )
    if season is not None:
        shutil.copyfile(built, copy)
        start, end = season
        results["walk_forward_season"] = {
            "window": f"{start}..{end}",
            **timed_command(
                [
                    NBA_PROPS,
                    "predict",
                    "--start-date",
                    str(start),
                    "--end-date",
                    str(end),
                ],
                env,
            ),
        }
    return results


def markdown(report: dict[str, Any]) -> str:
    m = report["machine"]
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`bench/run.py`); the JSON beside it is in `bench/results/`.",
        "Benchmarks are not tests: nothing fails on a time. Every figure carries the 1-minute",
        "load average of the machine when it was taken (other jobs share the cores).",
        "",
        f"- run: {report['started']}, git {m['git_sha'][:10]}",
        f"- machine: {m['cores']} cores, {m['ram_gib']} GiB RAM, {m['cpu']}",
        "- packages: " + ", ".join(f"{k} {v}" for k, v in m["packages"].items()),
        "",
        "## Full rebuild",
        "",
        "| raw dir | raw rows | wall s | peak RSS MiB | rows/s | quarantined | load before/after |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for name, run in report["rebuilds"].items():
        lines.append(
            f"| {name} | {run['raw_rows']:,} | {run['wall_s']} | {run['peak_rss_mib']:,} | "
            f"{run['rows_per_s']:,} | {run['quarantined_rows']} | "
            f"{run['load_before']} / {run['load_after']} |"
        )
    lines += [
        "",
        "dbt execution seconds per layer (run_results.json; nodes run 2 at a time):",
        "",
    ]
    for name, run in report["rebuilds"].items():
        per_layer = ", ".join(f"{k} {v}" for k, v in run["dbt_seconds"].items())
        slowest = ", ".join(f"{k} {v}" for k, v in run["slowest_models"])
        lines.append(f"- {name}: {per_layer}; slowest models: {slowest}")
    if report.get("serving"):
        lines += [
            "",
            "## Serving",
            "",
            "| step | wall s | peak RSS MiB | load before/after |",
            "|---|---:|---:|---|",
        ]
        for step, run in report["serving"].items():
            label = step + (f" ({run['date']})" if "date" in run else "")
            label += f" ({run['window']})" if "window" in run else ""
            lines.append(
                f"| {label} | {run['wall_s']} | {run['peak_rss_mib']:,} | "
                f"{run['load_before']} / {run['load_after']} |"
            )
    growth = report["growth"]
    lines += [
        "",
        f"## Growth (synthetic leagues from {growth['source']})",
        "",
        "| scale | raw rows | wall s | peak RSS MiB | quarantined | load before/after |",
        "|---:|---:|---:|---:|---:|---|",
    ]
    for point in growth["points"]:
        lines.append(
            f"| {point['scale']}x | {point['raw_rows']:,} | {point['wall_s']} | "
            f"{point['peak_rss_mib']:,} | {point['quarantined_rows']} | "
            f"{point['load_before']} / {point['load_after']} |"
        )
    lines += [
        "",
        f"Fitted growth exponent (log wall over log rows): {growth['exponent']}",
        "",
    ]
    five = report["five_features"]
    lines += [
        "## Five features: dbt vs floor vs peer",
        "",
        f"On {five['raw_dir']} ({five['floor']['rows']:,} universe rows, load {five['load']}):",
        "",
        "- dbt model player_daily_cache (all its columns, not only the five), rebuilt on "
        + f"its own: {five['dbt_player_daily_cache_s']} s (in the full rebuild, beside "
        + f"another node: {five['dbt_player_daily_cache_in_rebuild_s']} s)",
        f"- floor (one DuckDB query): {five['floor']['seconds']:.3f} s",
        f"- peer (pandas per date, {five['peer']['dates']} dates"
        + (", time scaled to every date" if five["peer"]["extrapolated"] else "")
        + f"): {five['peer']['seconds']:.1f} s",
        f"- dbt / floor = {five['dbt_over_floor']}; peer / dbt = {five['peer_over_dbt']}",
        "",
    ]
    return "\n".join(lines)


START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def write_between_markers(path: Path, text: str) -> None:
    """Put the generated tables between the markers of ``path``, keeping the hand-written rest
    (the before/after notes); append them with markers when there are none."""
    block = f"{START}\n{text}\n{END}"
    current = path.read_text() if path.is_file() else ""
    if START in current and END in current:
        head, rest = current.split(START, 1)
        updated = head + block + rest.split(END, 1)[1]
    else:
        updated = (current.rstrip() + "\n\n" if current else "") + block + "\n"
    path.write_text(updated)


def main() -> None:
    parser = argparse.ArgumentParser(description="Time the pipeline (issue 12).")
    parser.add_argument(
        "--raw-dir",
        type=Path,
        default=Path(os.environ.get("NBA_PROPS_RAW_DIR", "data/sample")),
    )
    parser.add_argument("--growth-source", type=Path, default=Path("data/sample"))
    parser.add_argument("--scales", default="1,4,16")
    parser.add_argument(
        "--daily-date", type=date.fromisoformat, default=date(2025, 1, 15)
    )
    parser.add_argument(
        "--walk-forward",
        default="2024-10-22..2025-04-13",
        help="a season to walk forward ('' to skip)",
    )
    parser.add_argument("--peer-max-dates", type=int, default=200)
    parser.add_argument(
        "--ci",
        action="store_true",
        help="quick pass on the sample: scale 1 only, no serving runs, no docs",
    )
    parser.add_argument(
        "--markdown", type=Path, default=REPO / "docs" / "benchmarks.md"
    )
    arguments = parser.parse_args()

    raw = (REPO / arguments.raw_dir).resolve()
    scales = [1] if arguments.ci else [int(s) for s in arguments.scales.split(",")]
    work = Path(tempfile.mkdtemp(prefix="nba-props-bench-"))
    report: dict[str, Any] = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "rebuilds": {},
    }
    print(f"bench: rebuild {raw} (load {load()})", flush=True)
    main_run = rebuild(raw, work / "main")
    report["rebuilds"][str(arguments.raw_dir)] = main_run
    report["five_features"] = {
        "raw_dir": str(arguments.raw_dir),
        **five_feature_comparison(
            raw, work / "main", Path(main_run["warehouse"]), arguments.peer_max_dates
        ),
    }
    if not arguments.ci:
        season = None
        if arguments.walk_forward:
            start, end = (
                date.fromisoformat(x) for x in arguments.walk_forward.split("..")
            )
            season = (start, end)
        print(f"bench: serving {arguments.daily_date} (load {load()})", flush=True)
        report["serving"] = serving(raw, work / "main", arguments.daily_date, season)
    points = []
    for scale in scales:
        generated = work / f"raw_{scale}x"
        synthetic.generate((REPO / arguments.growth_source).resolve(), generated, scale)
        print(f"bench: growth {scale}x (load {load()})", flush=True)
        run = rebuild(generated, work / f"growth_{scale}x")
        if run["quarantined_rows"]:
            raise RuntimeError(
                f"synthetic {scale}x quarantined {run['quarantined_rows']} rows"
            )
        points.append({"scale": scale, **run})
    report["growth"] = {
        "source": str(arguments.growth_source),
        "points": points,
        "exponent": growth_exponent(points),
    }
    text = markdown(report)
    if arguments.ci:
        print(text)
    else:
        results = REPO / "bench" / "results"
        results.mkdir(parents=True, exist_ok=True)
        (results / f"{date.today().isoformat()}.json").write_text(
            json.dumps(report, indent=2)
        )
        write_between_markers(arguments.markdown, text)
        print(text)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
