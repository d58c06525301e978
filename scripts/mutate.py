#!/usr/bin/env python3
"""The mutation suite (`make mutate`, issue 14): prove each test catches the fault it is named for.

Every entry of ``scripts/mutations.yml`` is one small, realistic fault: a file, an exact piece of
its text (which must occur exactly once, else the mutation is BROKEN: a stale pattern never
passes silently), its replacement, what it breaks, and its guard: the narrowest dbt commands
and/or pytest node ids that should fail under it.

For each mutation a copy of the project (without .venv, target, warehouse, artifacts, .git) is
made in a temporary directory, holding a copy of one warehouse built once from the unmutated
sample; the mutation is applied to the copy and the guard is run there: dbt with the copy as
project (its own warehouse file, target and logs) and pytest from the copy's test directory, with
the copy's ``python_runner/src`` first on the path (checked once at start: the package imported
is the copy's, not the editable install of the working tree). The one virtualenv is reused.

Outcomes:
    KILLED    a guard step failed; the failing dbt node or pytest node ids are reported;
    SURVIVED  every guard step passed with the fault in place;
    BROKEN    the pattern is stale (not exactly once), the mutated SQL does not build (a fault
              must be realistic, not a syntax error), or a guard cannot run (unknown pytest
              node id, bad dbt selector).

An entry may carry ``known_survivor: <reason>``: a fault whose guard test is being fixed in
another change; it is reported but does not fail the run (drop the mark once it is killed).
Exit status: 0 when every other mutation is KILLED, 1 otherwise, 2 on bad arguments.
"""

from __future__ import annotations

import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from xml.etree import ElementTree

import click
import yaml
from rich.console import Console
from rich.table import Table

REPO_ROOT = Path(__file__).resolve().parents[1]
MUTATIONS_FILE = REPO_ROOT / "scripts" / "mutations.yml"
#: Never copied: the venv is shared, the rest is built output or history.
COPY_EXCLUDES = (
    ".venv",
    "target",
    "logs",
    "warehouse",
    "artifacts",
    ".git",
    "__pycache__",
)
WAREHOUSE = Path("warehouse") / "nba_props.duckdb"
RAW_DIR = Path("data") / "sample"
#: The base warehouse build: every model and data test; unit tests run in the guards.
BASE_BUILD = ("build", "--exclude", "test_type:unit", "--quiet")
#: dbt node statuses that mean "a test caught it" vs "the mutated project does not build".
TEST_FAILURES = frozenset({"fail", "error"})
TEST_RESOURCES = ("test.", "unit_test.")
OUTPUT_TAIL = 1500


class Outcome(StrEnum):
    """What a guard made of a mutation."""

    KILLED = "killed"
    SURVIVED = "survived"
    BROKEN = "broken"


@dataclass(frozen=True)
class Guard:
    """The narrowest checks that should fail under a mutation, run in this order."""

    dbt: tuple[str, ...] = ()
    pytest: tuple[str, ...] = ()

    def describe(self) -> str:
        parts = [f"dbt {step}" for step in self.dbt] + [
            f"pytest {n}" for n in self.pytest
        ]
        return "; ".join(parts)


@dataclass(frozen=True)
class Mutation:
    """One curated fault (an entry of mutations.yml)."""

    id: str
    file: str
    original: str
    replacement: str
    breaks: str
    guard: Guard
    ci: bool
    known_survivor: str | None = None

    @classmethod
    def from_entry(cls, entry: Mapping[str, object]) -> Mutation:
        """Parse one YAML entry, naming the entry and the key that is wrong."""
        name = str(entry.get("id", "<no id>"))
        required = ("id", "file", "original", "replacement", "breaks", "guard", "ci")
        missing = [key for key in required if key not in entry]
        if missing:
            raise click.UsageError(f"mutation {name}: missing keys {missing}")
        guard = entry["guard"]
        if not isinstance(guard, Mapping) or not (
            guard.get("dbt") or guard.get("pytest")
        ):
            raise click.UsageError(f"mutation {name}: guard needs a dbt or pytest list")
        known = entry.get("known_survivor")
        return cls(
            id=name,
            file=str(entry["file"]),
            original=str(entry["original"]),
            replacement=str(entry["replacement"]),
            breaks=" ".join(str(entry["breaks"]).split()),
            guard=Guard(
                dbt=tuple(str(step) for step in guard.get("dbt") or ()),
                pytest=tuple(str(node) for node in guard.get("pytest") or ()),
            ),
            ci=bool(entry["ci"]),
            known_survivor=None if known is None else " ".join(str(known).split()),
        )


@dataclass(frozen=True)
class Equivalent:
    """A fault left out of the list because no observable behaviour can tell it apart."""

    file: str
    change: str
    why: str


@dataclass(frozen=True)
class Result:
    """The outcome of one mutation."""

    mutation: Mutation
    outcome: Outcome
    detail: str
    seconds: float
    killed_by: tuple[str, ...] = field(default_factory=tuple)

    @property
    def fails_the_run(self) -> bool:
        if self.outcome is Outcome.KILLED:
            return False
        return self.outcome is Outcome.BROKEN or self.mutation.known_survivor is None


@dataclass(frozen=True)
class StepResult:
    """One guard step: passed, failed (with the failing checks) or could not run."""

    outcome: Outcome
    failed: tuple[str, ...] = ()
    detail: str = ""


def load_mutations(path: Path) -> tuple[list[Mutation], list[Equivalent]]:
    """The mutation list and the documented equivalent mutations; ids must be unique."""
    document = yaml.safe_load(path.read_text())
    mutations = [
        Mutation.from_entry(entry) for entry in document.get("mutations") or ()
    ]
    seen: set[str] = set()
    for mutation in mutations:
        if mutation.id in seen:
            raise click.UsageError(f"{path}: duplicate mutation id {mutation.id}")
        seen.add(mutation.id)
    equivalents = [
        Equivalent(str(e["file"]), str(e["change"]), " ".join(str(e["why"]).split()))
        for e in document.get("equivalent") or ()
    ]
    return mutations, equivalents


def copy_project(source: Path, target: Path) -> None:
    """Copy the project tree without the venv, build output and history."""
    shutil.copytree(
        source, target, ignore=shutil.ignore_patterns(*COPY_EXCLUDES), symlinks=True
    )


def pattern_problem(project: Path, mutation: Mutation) -> str | None:
    """Why ``mutation`` cannot be applied in ``project`` (file missing, text not exactly once)."""
    path = project / mutation.file
    if not path.is_file():
        return f"{mutation.file} does not exist"
    count = path.read_text().count(mutation.original)
    if count != 1:
        first_line = next(iter(mutation.original.strip().splitlines()), "")
        return f"original text occurs {count} times in {mutation.file} (first line: {first_line!r})"
    return None


def apply_mutation(project: Path, mutation: Mutation) -> str | None:
    """Apply ``mutation`` in ``project``; the reason it cannot be applied, or None."""
    problem = pattern_problem(project, mutation)
    if problem is None:
        path = project / mutation.file
        path.write_text(
            path.read_text().replace(mutation.original, mutation.replacement)
        )
    return problem


def guard_environment(project: Path) -> dict[str, str]:
    """The environment every guard runs in: the copy's warehouse, raw files and source code."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("NBA_PROPS_", "DBT_")) and key != "PYTHONPATH"
    }
    env.update(
        DBT_PROFILES_DIR=str(project),
        DBT_TARGET_PATH=str(project / "target"),
        DBT_LOG_PATH=str(project / "logs"),
        NBA_PROPS_PROJECT_DIR=str(project),
        NBA_PROPS_DUCKDB_PATH=str(project / WAREHOUSE),
        NBA_PROPS_RAW_DIR=str(project / RAW_DIR),
        NBA_PROPS_MODELS_DIR=str(project / "artifacts" / "models"),
        NBA_PROPS_TEST_REUSE_WAREHOUSE=str(project / WAREHOUSE),
        PYTHONPATH=str(project / "python_runner" / "src"),
    )
    return env


def run_in_copy(
    project: Path, command: list[str], *, check: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in the project copy with the guard environment, capturing its output."""
    return subprocess.run(
        command,
        check=check,
        cwd=project,
        env=guard_environment(project),
        capture_output=True,
        text=True,
    )


def _tail(text: str) -> str:
    return text[-OUTPUT_TAIL:].strip()


def run_dbt_step(project: Path, step: str, bin_dir: Path) -> StepResult:
    """``dbt <step>`` in the copy; failing tests kill, a model that does not build is BROKEN."""
    results_file = project / "target" / "run_results.json"
    results_file.unlink(missing_ok=True)
    command = [str(bin_dir / "dbt"), *shlex.split(step), "--project-dir", str(project)]
    done = run_in_copy(project, command)
    nodes: list[dict[str, object]] = []
    if results_file.is_file():
        nodes = json.loads(results_file.read_text()).get("results", [])
    if done.returncode == 0:
        if not nodes:
            return StepResult(Outcome.BROKEN, detail=f"dbt {step} selects no node")
        return StepResult(Outcome.SURVIVED)
    failed = [n for n in nodes if n.get("status") in TEST_FAILURES]
    tests = [
        str(n["unique_id"])
        for n in failed
        if str(n["unique_id"]).startswith(TEST_RESOURCES)
    ]
    others = [n for n in failed if not str(n["unique_id"]).startswith(TEST_RESOURCES)]
    if others:
        first = others[0]
        message = " ".join(str(first.get("message") or "").split())[:300]
        return StepResult(
            Outcome.BROKEN, detail=f"{first['unique_id']} does not build: {message}"
        )
    if tests:
        return StepResult(Outcome.KILLED, failed=tuple(_short_node(t) for t in tests))
    return StepResult(
        Outcome.BROKEN, detail=f"dbt {step} failed: {_tail(done.stdout + done.stderr)}"
    )


def _short_node(unique_id: str) -> str:
    """``unit_test.nba_props.model.name`` -> ``unit_test:name``; ``test.nba_props.x.hash`` -> x."""
    resource, _, rest = unique_id.partition(".")
    parts = rest.split(".")
    if resource == "unit_test":
        return f"unit_test:{parts[-1]}"
    return f"test:{parts[1] if len(parts) > 1 else rest}"


def run_pytest_step(project: Path, nodes: Sequence[str], bin_dir: Path) -> StepResult:
    """pytest on the copy's node ids (stopping at the first failure)."""
    report = project / "pytest-junit.xml"
    command = [
        str(bin_dir / "python"), "-m", "pytest", *nodes,
        "-x", "-q", "-p", "no:cacheprovider", f"--junitxml={report}",
    ]  # fmt: skip
    done = run_in_copy(project, command)
    if done.returncode == 0:
        return StepResult(Outcome.SURVIVED)
    failed = _junit_failures(report) if report.is_file() else []
    if done.returncode == 1 and failed:
        return StepResult(Outcome.KILLED, failed=tuple(failed))
    return StepResult(
        Outcome.BROKEN,
        detail=f"pytest exited {done.returncode}: {_tail(done.stdout + done.stderr)}",
    )


def _junit_failures(report: Path) -> list[str]:
    """Node ids (file::name) of the failed or erroring test cases of a JUnit report."""
    failed: list[str] = []
    for case in ElementTree.parse(report).getroot().iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            module = case.get("classname", "").replace(".", "/")
            failed.append(f"python_runner/{module}.py::{case.get('name')}")
    return failed


def run_guard(project: Path, guard: Guard, bin_dir: Path) -> StepResult:
    """Run the guard's dbt steps, then its pytest nodes; stop at the first that fails."""
    for step in guard.dbt:
        result = run_dbt_step(project, step, bin_dir)
        if result.outcome is not Outcome.SURVIVED:
            return result
    if guard.pytest:
        return run_pytest_step(project, guard.pytest, bin_dir)
    return StepResult(Outcome.SURVIVED)


def check_imports_the_copy(project: Path, bin_dir: Path) -> None:
    """Fail unless Python in a guard's environment imports nba_props from the copy."""
    done = run_in_copy(
        project,
        [str(bin_dir / "python"), "-c", "import nba_props; print(nba_props.__file__)"],
        check=True,
    )
    imported = Path(done.stdout.strip()).resolve()
    if not imported.is_relative_to(project.resolve()):
        raise click.ClickException(
            f"guards would test {imported}, not the copy under {project}: PYTHONPATH not honoured"
        )


def build_base(
    work: Path, bin_dir: Path, console: Console, warehouse: Path | None
) -> Path:
    """Copy the unmutated project and build its sample warehouse once (every data test), or
    copy ``warehouse``, one already built from this unmutated project on the sample."""
    base = work / "base"
    copy_project(REPO_ROOT, base)
    (base / WAREHOUSE).parent.mkdir(parents=True, exist_ok=True)
    check_imports_the_copy(base, bin_dir)
    if warehouse is not None:
        shutil.copyfile(warehouse, base / WAREHOUSE)
        console.print(f"base warehouse copied from {warehouse}")
        return base
    began = time.perf_counter()
    with console.status(
        "building the unmutated sample warehouse (dbt build, no unit tests)"
    ):
        done = run_in_copy(
            base, [str(bin_dir / "dbt"), *BASE_BUILD, "--project-dir", str(base)]
        )
    if done.returncode != 0:
        raise click.ClickException(
            f"the unmutated project does not build: {_tail(done.stdout + done.stderr)}"
        )
    console.print(f"base warehouse built in {time.perf_counter() - began:.0f} s")
    return base


def run_mutation(base: Path, work: Path, mutation: Mutation, bin_dir: Path) -> Result:
    """Apply one mutation to a fresh copy of the base project and run its guard."""
    began = time.perf_counter()
    project = work / mutation.id
    shutil.copytree(base, project, ignore=shutil.ignore_patterns("target", "logs"))
    try:
        problem = apply_mutation(project, mutation)
        if problem is not None:
            return Result(
                mutation, Outcome.BROKEN, problem, time.perf_counter() - began
            )
        step = run_guard(project, mutation.guard, bin_dir)
    finally:
        shutil.rmtree(project, ignore_errors=True)
    seconds = time.perf_counter() - began
    if step.outcome is Outcome.KILLED:
        return Result(mutation, Outcome.KILLED, "", seconds, killed_by=step.failed)
    if step.outcome is Outcome.SURVIVED:
        note = f"known: {mutation.known_survivor}" if mutation.known_survivor else ""
        return Result(mutation, Outcome.SURVIVED, note, seconds)
    return Result(mutation, Outcome.BROKEN, step.detail, seconds)


def baseline_failures(
    base: Path, mutations: Iterable[Mutation], bin_dir: Path
) -> StepResult:
    """Run every distinct guard on the unmutated copy: all must pass, or a kill means nothing."""
    dbt_steps = sorted({step for m in mutations for step in m.guard.dbt})
    nodes = sorted({node for m in mutations for node in m.guard.pytest})
    project = base.parent / "baseline"
    shutil.copytree(base, project, ignore=shutil.ignore_patterns("target", "logs"))
    try:
        for step in dbt_steps:
            result = run_dbt_step(project, step, bin_dir)
            if result.outcome is not Outcome.SURVIVED:
                return result
        return (
            run_pytest_step(project, nodes, bin_dir)
            if nodes
            else StepResult(Outcome.SURVIVED)
        )
    finally:
        shutil.rmtree(project, ignore_errors=True)


#: Failing checks named in the table; the rest are counted.
KILLED_BY_SHOWN = 3


def killed_by_summary(killed_by: Sequence[str], separator: str = ", ") -> str:
    """The first few failing checks, and how many more failed."""
    shown = separator.join(killed_by[:KILLED_BY_SHOWN])
    more = len(killed_by) - KILLED_BY_SHOWN
    return f"{shown}{separator}(+{more} more)" if more > 0 else shown


OUTCOME_STYLE = {
    Outcome.KILLED: "green",
    Outcome.SURVIVED: "red",
    Outcome.BROKEN: "magenta",
}


def render_table(results: Sequence[Result]) -> Table:
    """The rich summary table, one row per mutation."""
    table = Table(title="mutations", show_lines=False)
    for column in ("id", "ci", "result", "killed by / why", "s"):
        table.add_column(column, overflow="fold")
    for result in results:
        style = OUTCOME_STYLE[result.outcome]
        if result.outcome is Outcome.SURVIVED and result.mutation.known_survivor:
            style = "yellow"
        why = killed_by_summary(result.killed_by) if result.killed_by else result.detail
        table.add_row(
            result.mutation.id,
            "yes" if result.mutation.ci else "",
            f"[{style}]{result.outcome.value}[/{style}]",
            why,
            f"{result.seconds:.0f}",
        )
    return table


def _git_sha() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=REPO_ROOT, capture_output=True, text=True, check=False
        )
        return done.stdout.strip()

    sha = git("rev-parse", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return f"{sha} (uncommitted changes)" if dirty else sha


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def write_report(
    path: Path,
    results: Sequence[Result],
    equivalents: Sequence[Equivalent],
    wall_seconds: float,
    selection: str,
) -> None:
    """docs/mutation.md: when, where, how long, and every mutation with what killed it."""
    counts = {o: sum(r.outcome is o for r in results) for o in Outcome}
    known = sum(
        r.outcome is Outcome.SURVIVED and r.mutation.known_survivor is not None
        for r in results
    )
    lines = [
        "# Mutation suite",
        "",
        "Generated by `make mutate` (`scripts/mutate.py`, list in `scripts/mutations.yml`); do not",
        "edit by hand. Each mutation is applied to a temporary copy of the project (with a copy of",
        "one sample warehouse built from the unmutated code) and its guard is run there.",
        "",
        f"- date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- git SHA: {_git_sha()}",
        (
            f"- machine: {platform.node()}, {os.cpu_count()} cores, {platform.platform()}, "
            f"Python {platform.python_version()}"
        ),
        f"- selection: {selection}",
        f"- wall time: {wall_seconds / 60:.1f} min ({wall_seconds:.0f} s, base build included)",
        (
            f"- result: {counts[Outcome.KILLED]} killed, {counts[Outcome.SURVIVED]} survived "
            f"({known} known survivors awaiting their guard fix), {counts[Outcome.BROKEN]} broken"
        ),
        "",
        "| mutation | file | fault | guard | CI | result | killed by | s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        m = r.mutation
        outcome = r.outcome.value.upper()
        if r.outcome is Outcome.SURVIVED and m.known_survivor:
            outcome += " (known)"
        killed = killed_by_summary(r.killed_by, "<br>") if r.killed_by else r.detail
        lines.append(
            "| "
            + " | ".join(
                _cell(cell)
                for cell in (
                    f"`{m.id}`",
                    f"`{m.file}`",
                    m.breaks,
                    m.guard.describe(),
                    "yes" if m.ci else "no",
                    outcome,
                    killed,
                    f"{r.seconds:.0f}",
                )
            )
            + " |"
        )
    if equivalents:
        lines += [
            "",
            "## Left out: equivalent mutations",
            "",
            "These changes cannot alter any output, so no test can kill them:",
            "",
            "| file | change | why it is equivalent |",
            "|---|---|---|",
        ]
        lines += [
            f"| `{e.file}` | {_cell(e.change)} | {_cell(e.why)} |" for e in equivalents
        ]
    path.write_text("\n".join(lines) + "\n")


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--ci", "ci_only", is_flag=True, help="Only the mutations marked ci: true."
)
@click.option(
    "--only", multiple=True, metavar="ID", help="Only these mutation ids (repeatable)."
)
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the markdown report here (make mutate: docs/mutation.md).",
)
@click.option(
    "--baseline/--no-baseline",
    default=True,
    show_default=True,
    help="First run every selected guard on the unmutated copy (all must pass).",
)
@click.option(
    "--warehouse",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Reuse this warehouse, built from the unmutated project on the sample, as the base.",
)
@click.option(
    "--list",
    "list_only",
    is_flag=True,
    help="Check every pattern applies, run nothing.",
)
def main(
    ci_only: bool,
    only: tuple[str, ...],
    report: Path | None,
    baseline: bool,
    warehouse: Path | None,
    list_only: bool,
) -> None:
    """Apply each curated mutation to a copy of the project and run the tests that guard it."""
    console = Console(stderr=True)
    bin_dir = Path(sys.executable).parent
    mutations, equivalents = load_mutations(MUTATIONS_FILE)
    unknown = sorted(set(only) - {m.id for m in mutations})
    if unknown:
        raise click.UsageError(f"unknown mutation ids: {unknown}")
    selected = [
        m for m in mutations if (not ci_only or m.ci) and (not only or m.id in only)
    ]
    selection = "ci subset" if ci_only else "all"
    if only:
        selection = "only " + ", ".join(only)
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="nba-props-mutate-") as tmp:
        work = Path(tmp)
        if list_only:
            results = [
                Result(m, Outcome.BROKEN, problem, 0.0)
                if (problem := pattern_problem(REPO_ROOT, m))
                else Result(m, Outcome.SURVIVED, "pattern applies", 0.0)
                for m in selected
            ]
            console.print(render_table(results))
            sys.exit(1 if any(r.outcome is Outcome.BROKEN for r in results) else 0)
        base = build_base(work, bin_dir, console, warehouse)
        if baseline:
            with console.status("running every selected guard on the unmutated copy"):
                check = baseline_failures(base, selected, bin_dir)
            if check.outcome is not Outcome.SURVIVED:
                failed = ", ".join(check.failed) or check.detail
                raise click.ClickException(
                    f"guards fail without any mutation: {failed}"
                )
            console.print("baseline: every guard passes on the unmutated copy")
        results = []
        for number, mutation in enumerate(selected, start=1):
            with console.status(
                f"[{number}/{len(selected)}] {mutation.id}: {mutation.guard.describe()}"
            ):
                result = run_mutation(base, work, mutation, bin_dir)
            results.append(result)
            style = OUTCOME_STYLE[result.outcome]
            why = killed_by_summary(result.killed_by) or result.detail
            console.print(
                f"[{number}/{len(selected)}] {mutation.id}: [{style}]{result.outcome.value}"
                f"[/{style}] {why} ({result.seconds:.0f} s)"
            )
    wall = time.perf_counter() - began
    console.print(render_table(results))
    console.print(f"wall time {wall / 60:.1f} min")
    if report is not None:
        write_report(report, results, equivalents, wall, selection)
        console.print(f"report written to {report}")
    sys.exit(1 if any(r.fails_the_run for r in results) else 0)


if __name__ == "__main__":
    main()
