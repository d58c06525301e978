"""The ``nba-props`` command line: ``build`` the warehouse with dbt, ``report`` on it."""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from nba_props import __version__
from nba_props.config import ENV_PROJECT_DIR, Settings

if TYPE_CHECKING:
    from nba_props.contract import PickRule

DATE = click.DateTime(formats=["%Y-%m-%d"])


def _as_date(value: datetime | None) -> date | None:
    """``click.DateTime`` gives datetimes; the pipeline works in dates."""
    return value.date() if value is not None else None


def _check_window(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and start > end:
        raise click.BadParameter(
            f"--start-date {start} is after --end-date {end}", param_hint="--start-date"
        )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="nba-props")
@click.option(
    "--project-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="dbt project (repo root). Default: $NBA_PROPS_PROJECT_DIR or the current directory.",
)
@click.option(
    "--duckdb-path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Warehouse file. Default: $NBA_PROPS_DUCKDB_PATH or warehouse/nba_props.duckdb.",
)
@click.pass_context
def main(ctx: click.Context, project_dir: Path | None, duckdb_path: Path | None) -> None:
    """Build the NBA player-points feature store (dbt) and report on its quality."""
    environ = dict(os.environ)
    if project_dir is not None:
        environ[ENV_PROJECT_DIR] = str(project_dir)
    settings = Settings.from_env(environ)
    if duckdb_path is not None:
        settings = settings.with_overrides(duckdb_path=Path.cwd() / duckdb_path)
    ctx.obj = settings


@main.command()
@click.option("--start-date", type=DATE, default=None, help="First game date to build (inclusive).")
@click.option("--end-date", type=DATE, default=None, help="Last game date to build (inclusive).")
@click.option("--select", "select", default=None, help="dbt node selection, e.g. 'staging+'.")
@click.option("--exclude", default=None, help="dbt nodes to leave out, e.g. 'test_type:unit'.")
@click.option("--full-refresh", is_flag=True, help="Rebuild incremental models from scratch.")
@click.option(
    "--with-unit-tests",
    is_flag=True,
    help="Also run the dbt unit tests (CI's job: `make test` passes this; production builds "
    "leave them out).",
)
@click.option("--verbose", "-v", is_flag=True, help="Show dbt's own log output.")
@click.pass_obj
def build(
    settings: Settings,
    start_date: datetime | None,
    end_date: datetime | None,
    select: str | None,
    exclude: str | None,
    full_refresh: bool,
    verbose: bool,
    with_unit_tests: bool = False,
) -> None:
    """Run `dbt build` (models, seeds and data tests) into the warehouse.

    The dbt unit tests check the SQL, not the data, so a production build leaves them out
    unless --with-unit-tests is given."""
    from nba_props.dbt_runner import DbtError
    from nba_props.dbt_runner import build as dbt_build

    start, end = _as_date(start_date), _as_date(end_date)
    _check_window(start, end)
    if not (settings.project_dir / "dbt_project.yml").is_file():
        raise click.ClickException(
            f"no dbt_project.yml in {settings.project_dir}; run from the repo root, pass "
            "--project-dir or set NBA_PROPS_PROJECT_DIR"
        )
    _check_raw_files(settings)
    console = Console(stderr=True)
    finished: dict[str, int] = {"nodes": 0, "failed": 0}

    with console.status("dbt build: starting ...") as status:

        def on_node_finished(unique_id: str, node_status: str) -> None:
            finished["nodes"] += 1
            if node_status in {"error", "fail", "runtime error"}:
                finished["failed"] += 1
            failed = f", {finished['failed']} failed" if finished["failed"] else ""
            status.update(f"dbt build: {finished['nodes']} nodes done{failed} - {unique_id}")

        try:
            dbt_build(
                settings,
                start_date=start,
                end_date=end,
                select=select,
                exclude=production_exclude(exclude, with_unit_tests=with_unit_tests),
                full_refresh=full_refresh,
                quiet=not verbose,
                use_colors=None if sys.stdout.isatty() else False,
                on_node_finished=on_node_finished,
            )
        except DbtError as exc:
            raise click.ClickException(str(exc)) from exc
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from exc
    console.print(
        f"[green]built[/green] {finished['nodes']} nodes into {settings.duckdb_path}",
        highlight=False,
    )


UNIT_TESTS = "test_type:unit"


def production_exclude(exclude: str | None, *, with_unit_tests: bool) -> str | None:
    """The ``--exclude`` of a build: the user's, plus the dbt unit tests unless they are wanted."""
    if with_unit_tests:
        return exclude
    parts = (exclude or "").split()
    return " ".join(parts if UNIT_TESTS in parts else [*parts, UNIT_TESTS])


FORMAT_OPTION = click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Rich tables in the terminal, or JSON on stdout.",
)


def _stdout_console(width: int = 140) -> Console:
    """Piped output (make, CI logs) has no terminal width; the widest report table needs about
    130, the picks table with v10's long feature names in its reasons about 200."""
    return Console(width=None if sys.stdout.isatty() else width)


@main.command()
@click.option("--start-date", type=DATE, default=None, help="First game date to summarise.")
@click.option("--end-date", type=DATE, default=None, help="Last game date to summarise.")
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="Features to list in the gap diagnosis and the what-if table (largest first).",
)
@click.option(
    "--days",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="Latest dates of the window to list in the daily coverage.",
)
@click.option(
    "--picks-date",
    type=DATE,
    default=None,
    help="The day whose picks the report lists (default: the window's last day with picks).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "html"]),
    default="table",
    show_default=True,
    help="Rich tables in the terminal, JSON on stdout, or a self-contained HTML page (--out).",
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the HTML page (required with --format html).",
)
@click.pass_obj
def report(
    settings: Settings,
    start_date: datetime | None,
    end_date: datetime | None,
    top: int,
    days: int,
    picks_date: datetime | None,
    output_format: str,
    out_path: Path | None,
) -> None:
    """Summarise the feature store, the gate, the what-if of each gap, the predictions and their
    accuracy, read from the dbt marts for the window."""
    from nba_props.relations import DbtRelations
    from nba_props.report.marts import build_report
    from nba_props.report.model import Window
    from nba_props.report.terminal import render_report
    from nba_props.warehouse import WarehouseError, open_warehouse

    start, end = _as_date(start_date), _as_date(end_date)
    _check_window(start, end)
    if output_format == "html" and out_path is None:
        raise click.UsageError("--format html needs --out PATH")
    try:
        with open_warehouse(settings) as warehouse:
            result = build_report(
                warehouse,
                DbtRelations.from_project(settings.project_dir),
                Window(start, end),
                top=top,
                recent_days=days,
                picks_date=_as_date(picks_date),
            )
    except WarehouseError as exc:
        raise click.ClickException(str(exc)) from exc

    if output_format == "json":
        click.echo(json.dumps(result.to_dict(), indent=2))
    elif output_format == "html" and out_path is not None:
        from nba_props.report.html import write_html

        write_html(result, out_path, top=top)
        click.echo(f"wrote the HTML report to {out_path}")
    else:
        render_report(result, _stdout_console(), top=top)


@main.command()
@click.option("--date", "day", type=DATE, required=True, help="The game date to list.")
@click.option(
    "--all", "include_all", is_flag=True, help="Every candidate, not only OVER / UNDER picks."
)
@FORMAT_OPTION
@click.pass_obj
def picks(settings: Settings, day: datetime, include_all: bool, output_format: str) -> None:
    """The day's recommendations: player, line, prediction, edge, P(over), reasons."""
    from nba_props.picks import day_picks
    from nba_props.relations import DbtRelations
    from nba_props.report.terminal import render_picks
    from nba_props.warehouse import WarehouseError, open_warehouse

    try:
        with open_warehouse(settings) as warehouse:
            rows = day_picks(
                warehouse, DbtRelations.from_project(settings.project_dir), day.date(), include_all
            )
    except WarehouseError as exc:
        raise click.ClickException(str(exc)) from exc
    if output_format == "json":
        click.echo(json.dumps(list(rows), indent=2))
    else:
        render_picks(_stdout_console(width=200), day.date(), rows)


@main.command("contract-docs")
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 if the generated docs are out of date with the contract.",
)
@click.pass_obj
def contract_docs(settings: Settings, check: bool) -> None:
    """Regenerate the feature-contract docs from dbt_project.yml (var feature_contract)."""
    from nba_props.contract import pending_contract_docs, write_contract_docs

    try:
        if check:
            stale = list(pending_contract_docs(settings.project_dir))
            if stale:
                names = ", ".join(str(path) for path in stale)
                raise click.ClickException(
                    f"contract docs out of date: {names}; run `nba-props contract-docs`"
                )
            click.echo("contract docs are up to date")
            return
        changed = write_contract_docs(settings.project_dir)
    except (OSError, KeyError, ValueError) as exc:
        raise click.ClickException(f"cannot generate contract docs: {exc}") from exc
    click.echo(
        "updated " + ", ".join(str(path) for path in changed)
        if changed
        else "contract docs are up to date"
    )


def _check_raw_files(settings: Settings) -> None:
    """On DuckDB, every raw Parquet file must be there, with the contract's columns in types that
    cast, before dbt spends time on the build."""
    from nba_props.dbt_runner import RawDataError, RawSchemaError, check_raw_files
    from nba_props.warehouse import target_type

    if target_type(settings) != "duckdb":
        return
    try:
        check_raw_files(settings)
    except (RawDataError, RawSchemaError) as exc:
        raise click.ClickException(str(exc)) from exc


def _require(value: datetime | None, name: str) -> date:
    if value is None:
        raise click.BadParameter(f"{name} is required", param_hint=name)
    return value.date()


TRAIN_SEASONS_OPTION = click.option(
    "--train-seasons",
    type=click.IntRange(min=1),
    default=None,
    help="Train each model on the N latest seasons of its training rows (a season in progress "
    "counts as one); default: every season.",
)


@main.command()
@click.option("--train-end", type=DATE, required=True, help="Train on rows before this date.")
@TRAIN_SEASONS_OPTION
@click.pass_obj
def train(settings: Settings, train_end: datetime, train_seasons: int | None) -> None:
    """Train the points model on gate-passing rows before --train-end and save it."""
    from nba_props.modeling import ModelError
    from nba_props.modeling import train as train_model
    from nba_props.predicting import latest_seasons, model_feature_set, training_rows
    from nba_props.warehouse import WarehouseError, open_warehouse

    end = train_end.date()
    try:
        with open_warehouse(settings) as warehouse:
            feature_set = model_feature_set(warehouse)
            features = list(feature_set.features)
            rows = latest_seasons(training_rows(warehouse, features, end), train_seasons)
        model = train_model(rows, features, feature_set_version=feature_set.version)
    except (WarehouseError, ModelError) as exc:
        raise click.ClickException(str(exc)) from exc
    path = model.save(settings.models_dir)
    meta = model.metadata
    click.echo(
        f"trained {meta.model_version} on {meta.train_rows:,} rows "
        f"({meta.train_start} .. {meta.train_end}), {meta.best_iteration} rounds, "
        f"validation MAE {meta.validation_mae:.3f}; saved to {path}"
    )


def _pick_rule(settings: Settings, overrides: tuple[float | None, float | None]) -> PickRule:
    """The project's pick rule (dbt vars) with the command line's (min expected value, assumed
    price) where given."""
    from nba_props.contract import load_pick_rule

    rule = load_pick_rule(settings.project_dir)
    min_value, price = overrides
    return replace(
        rule,
        min_expected_value=rule.min_expected_value if min_value is None else min_value,
        assumed_price=rule.assumed_price if price is None else price,
    )


def _predict(
    settings: Settings,
    start: date,
    end: date,
    retrain_every: int,
    pick_overrides: tuple[float | None, float | None],
    train_seasons: int | None,
) -> None:
    """Walk-forward predict the window, save the models, write the batch, take it into dbt.
    ``pick_overrides`` = (min expected value, assumed price), each None for the dbt var."""
    from nba_props.dbt_runner import DbtError, run_dbt
    from nba_props.modeling import ModelError
    from nba_props.predicting import save_models, walk_forward, write_batch
    from nba_props.warehouse import WarehouseError, open_warehouse

    blocks = (end - start).days // retrain_every + 1
    console = Console(stderr=True)
    rule = _pick_rule(settings, pick_overrides)
    try:
        with (
            open_warehouse(settings) as warehouse,
            _progress(console, "blocks") as progress,
        ):
            task = progress.add_task("walk-forward predict", total=blocks)
            result = walk_forward(
                warehouse,
                start,
                end,
                retrain_every=retrain_every,
                pick_rule=rule,
                train_seasons=train_seasons,
                on_block=lambda block_start, model, n: progress.update(
                    task,
                    advance=1,
                    description=f"{block_start}: {n} candidates, {model.metadata.model_version}",
                ),
            )
            progress.update(task, completed=blocks)
        save_models(result.models, settings.models_dir)
        rows = write_batch(settings, result.batch)
        run_dbt(
            settings,
            ["build", "--quiet", "--select", "player_prop_predictions+", *_window_vars(start, end)],
        )
    except (WarehouseError, ModelError, DbtError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    predicted = int((result.batch["gate_status"] == "predicted").sum())
    console.print(
        f"[green]predicted[/green] {predicted:,} of {rows:,} candidates "
        f"({start} .. {end}) with {len(result.models)} walk-forward models",
        highlight=False,
    )


def _progress(console: Console, unit: str) -> Progress:
    """A progress bar with a count of ``unit`` and an ETA."""
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn(f"{{task.completed}}/{{task.total}} {unit}"),
        TimeRemainingColumn(),
        console=console,
    )


def _window_vars(start: date, end: date) -> list[str]:
    return ["--vars", json.dumps({"start_date": start.isoformat(), "end_date": end.isoformat()})]


RETRAIN_OPTION = click.option(
    "--retrain-every",
    type=click.IntRange(min=1),
    default=7,
    show_default=True,
    help="Days between walk-forward retrains.",
)


def _american_price(
    _ctx: click.Context, _param: click.Parameter, value: float | None
) -> float | None:
    if value is not None and -100 < value < 100:
        raise click.BadParameter("American odds are <= -100 or >= 100")
    return value


MIN_VALUE_OPTION = click.option(
    "--min-expected-value",
    type=float,
    default=None,
    help="Expected value per unit needed for OVER / UNDER (default: var pick_min_expected_value).",
)
ASSUMED_PRICE_OPTION = click.option(
    "--assumed-price",
    type=float,
    default=None,
    callback=_american_price,
    help="American odds assumed where the feed has no price (default: var pick_assumed_price).",
)


def walk_forward_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options every walk-forward command takes (predict, run, evaluate): retrain cadence,
    pick rule overrides, training seasons."""
    for option in (TRAIN_SEASONS_OPTION, ASSUMED_PRICE_OPTION, MIN_VALUE_OPTION, RETRAIN_OPTION):
        command = option(command)
    return command


@main.command()
@click.option("--start-date", type=DATE, required=True, help="First game date to predict.")
@click.option("--end-date", type=DATE, required=True, help="Last game date to predict.")
@walk_forward_options
@click.pass_obj
def predict(
    settings: Settings,
    start_date: datetime,
    end_date: datetime,
    retrain_every: int,
    min_expected_value: float | None,
    assumed_price: float | None,
    train_seasons: int | None,
) -> None:
    """Walk-forward predictions for every candidate of the window (replaces its rows)."""
    start, end = start_date.date(), end_date.date()
    _check_window(start, end)
    _predict(
        settings, start, end, retrain_every, (min_expected_value, assumed_price), train_seasons
    )


@main.command()
@click.option("--start-date", type=DATE, default=None, help="First game date to grade.")
@click.option("--end-date", type=DATE, default=None, help="Last game date to grade.")
@click.pass_obj
def grade(settings: Settings, start_date: datetime | None, end_date: datetime | None) -> None:
    """Grade predictions against box scores (dbt: prediction_accuracy and its summaries)."""
    from nba_props.dbt_runner import DbtError, run_dbt

    start, end = _as_date(start_date), _as_date(end_date)
    _check_window(start, end)
    window = _window_vars(start, end) if start and end else []
    try:
        run_dbt(settings, ["build", "--quiet", "--select", "prediction_accuracy+", *window])
    except DbtError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo("graded predictions into predictions.prediction_accuracy")


@main.command()
@click.option("--start-date", type=DATE, required=True, help="First game date to predict.")
@click.option("--end-date", type=DATE, required=True, help="Last game date to predict.")
@walk_forward_options
@click.pass_context
def run(
    ctx: click.Context,
    start_date: datetime,
    end_date: datetime,
    retrain_every: int,
    min_expected_value: float | None,
    assumed_price: float | None,
    train_seasons: int | None,
) -> None:
    """Build, walk-forward predict (each model trained on gate-passing rows before its block),
    grade and report, end to end."""
    start, end = start_date.date(), end_date.date()
    _check_window(start, end)
    ctx.invoke(build)
    _predict(ctx.obj, start, end, retrain_every, (min_expected_value, assumed_price), train_seasons)
    ctx.invoke(report, start_date=start_date, end_date=end_date)


@main.command()
@click.option("--start-date", type=DATE, required=True, help="First game date to evaluate.")
@click.option("--end-date", type=DATE, required=True, help="Last game date to evaluate.")
@walk_forward_options
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("docs/evaluation.md"),
    show_default=True,
    help="Markdown file the tables are written to (- for standard output).",
)
@click.option("--skip-predict", is_flag=True, help="Score the predictions already graded.")
@click.option(
    "--ablation-groups",
    default="",
    show_default=True,
    help="Comma-separated feature groups (feature_contract.feature_group) to remove one at a "
    "time, each variant retrained walk-forward and scored on the same rows; 'new' = the groups "
    "of the features the model's set adds over --compare-feature-set; empty = no ablation.",
)
@click.option(
    "--compare-feature-set",
    default="v9",
    show_default=True,
    help="With --ablation-groups: also retrain on this named feature set (var "
    "model_feature_sets) as a row of the ablation; empty = none.",
)
@click.option(
    "--ablation-retrain-every",
    type=click.IntRange(min=1),
    default=None,
    help="Days between the ablation variants' retrains (default: --retrain-every); fewer "
    "retrains keep ten seasons fast, and a reference variant with every group is added.",
)
@click.pass_obj
def evaluate(
    settings: Settings,
    start_date: datetime,
    end_date: datetime,
    retrain_every: int,
    min_expected_value: float | None,
    assumed_price: float | None,
    train_seasons: int | None,
    output: Path,
    skip_predict: bool,
    ablation_groups: str,
    compare_feature_set: str,
    ablation_retrain_every: int | None,
) -> None:
    """Walk-forward predict and grade a window (of a built warehouse), then write the MAE
    ablation on the same rows (with each chosen feature group removed, retrained), the
    calibration deciles and the picks' returns; fails on a leakage alarm."""
    from nba_props.evaluation import evaluate as run_evaluation
    from nba_props.evaluation import to_markdown
    from nba_props.modeling import ModelError
    from nba_props.warehouse import WarehouseError, open_warehouse

    start, end = start_date.date(), end_date.date()
    _check_window(start, end)
    if not skip_predict:
        _predict(
            settings, start, end, retrain_every, (min_expected_value, assumed_price), train_seasons
        )
    try:
        with open_warehouse(settings) as warehouse:
            result = run_evaluation(warehouse, start, end)
            if ablation_groups:
                result = _with_group_ablation(
                    warehouse,
                    result,
                    [group.strip() for group in ablation_groups.split(",") if group.strip()],
                    compare_feature_set,
                    ablation_retrain_every or retrain_every,
                    ablation_retrain_every not in (None, retrain_every),
                    train_seasons,
                    _pick_rule(settings, (min_expected_value, assumed_price)),
                )
    except (WarehouseError, ModelError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    page = to_markdown(result, str(settings.raw_dir)) + "\n"
    if str(output) == "-":
        click.echo(page)
    else:
        target = output if output.is_absolute() else settings.project_dir / output
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page)
        Console(stderr=True).print(f"wrote {target}", highlight=False)
    if result.alarms:
        raise click.ClickException("leakage alarm: " + "; ".join(result.alarms))


def _with_group_ablation(
    warehouse: Any,
    result: Any,
    groups: list[str],
    compare_feature_set: str,
    retrain_every: int,
    with_reference: bool,
    train_seasons: int | None,
    rule: PickRule,
) -> Any:
    """The evaluation with its feature-group ablation (evaluation.ablate), with a progress bar.
    ``groups`` may hold 'new': the groups of the model's features that ``compare_feature_set``
    lacks."""
    from nba_props.evaluation import AblationVariant, ablate, ablation_variants, with_groups
    from nba_props.predicting import feature_groups, model_feature_set, named_feature_set

    full = model_feature_set(warehouse)
    grouped = feature_groups(warehouse)
    others = [named_feature_set(warehouse, compare_feature_set)] if compare_feature_set else []
    if "new" in groups:
        if not others:
            raise click.UsageError("--ablation-groups new needs --compare-feature-set")
        known = set(others[0].features)
        added = [group for group, names in grouped.items() if not set(names) <= known]
        groups = [group for group in groups if group != "new"] + added
    variants = ablation_variants(full, grouped, groups, others)
    if with_reference:
        variants.insert(0, AblationVariant(f"model alone, feature set {full.version}", full))
    console = Console(stderr=True)
    with _progress(console, "variants") as progress:
        task = progress.add_task("feature-group ablation", total=len(variants))
        table = ablate(
            warehouse,
            result.start,
            result.end,
            variants,
            retrain_every=retrain_every,
            train_seasons=train_seasons,
            pick_rule=rule,
            on_variant=lambda variant: progress.update(
                task, advance=1, description=f"ablation: {variant.label}"
            ),
        )
    return with_groups(result, table)


@main.command()
@click.option("--start-date", type=DATE, required=True, help="First game date to build.")
@click.option("--end-date", type=DATE, required=True, help="Last game date to build.")
@click.option(
    "--chunk-days",
    type=click.IntRange(min=1),
    default=30,
    show_default=True,
    help="Days per dbt run.",
)
@click.option(
    "--resume/--no-resume",
    default=True,
    show_default=True,
    help="Skip chunks an earlier run of the same backfill finished.",
)
@click.pass_obj
def backfill(
    settings: Settings,
    start_date: datetime,
    end_date: datetime,
    chunk_days: int,
    resume: bool,
) -> None:
    """Build a long range of game dates in chunks (resumable), then run the data tests."""
    from rich.table import Table

    from nba_props.backfill import backfill as run_backfill
    from nba_props.backfill import chunks
    from nba_props.dbt_runner import DbtError

    start, end = start_date.date(), end_date.date()
    _check_window(start, end)
    _check_raw_files(settings)
    planned = list(chunks(start, end, chunk_days))
    console = Console(stderr=True)
    try:
        with _progress(console, "chunks") as progress:
            task = progress.add_task("backfill", total=len(planned))
            timings = run_backfill(
                settings,
                start,
                end,
                days=chunk_days,
                resume=resume,
                on_chunk=lambda chunk, seconds: progress.update(
                    task, advance=1, description=f"{chunk.key} ({seconds:.1f} s)"
                ),
            )
    except DbtError as exc:
        raise click.ClickException(
            f"{exc}\nfinished chunks are recorded; rerun the same command to resume"
        ) from exc
    table = Table(title="Backfill chunks", title_justify="left")
    table.add_column("chunk")
    table.add_column("seconds", justify="right")
    for chunk in planned:
        table.add_row(chunk.key, f"{timings[chunk.key]:.1f}")
    table.add_row("total", f"{sum(timings.values()):.1f}")
    Console(width=None if sys.stdout.isatty() else 100).print(table)


@main.command()
@click.option("--date", "day", type=DATE, required=True, help="The game day to serve (D).")
@click.option(
    "--retrain-every",
    type=click.IntRange(min=1),
    default=7,
    show_default=True,
    help="Retrain cadence: the latest saved model serves D while its last training date is at "
    "most this many days before D; else a model is trained on the rows before D first.",
)
@MIN_VALUE_OPTION
@ASSUMED_PRICE_OPTION
@TRAIN_SEASONS_OPTION
@FORMAT_OPTION
@click.pass_obj
def daily(
    settings: Settings,
    day: datetime,
    retrain_every: int,
    min_expected_value: float | None,
    assumed_price: float | None,
    train_seasons: int | None,
    output_format: str,
) -> None:
    """The morning of game day D: build D from what is known before it (no box score of D),
    test it, predict it (latest model, or retrain when it is older than the cadence), grade
    D-1, print D's picks. One line per step with its time."""
    from nba_props.daily import DailyStep
    from nba_props.daily import daily as run_daily
    from nba_props.dbt_runner import DbtError
    from nba_props.modeling import ModelError
    from nba_props.picks import day_picks
    from nba_props.relations import DbtRelations
    from nba_props.report.terminal import render_picks
    from nba_props.warehouse import WarehouseError, open_warehouse

    served = day.date()
    _check_raw_files(settings)
    console = Console(stderr=True)

    def on_step(step: DailyStep) -> None:
        console.print(
            f"[green]{step.name}[/green] {step.seconds:6.1f} s  {step.detail}", highlight=False
        )

    try:
        with console.status(f"daily {served}: build, model, predict, grade ..."):
            result = run_daily(
                settings,
                served,
                retrain_every=retrain_every,
                pick_rule=_pick_rule(settings, (min_expected_value, assumed_price)),
                train_seasons=train_seasons,
                on_step=on_step,
            )
        began = time.perf_counter()
        with open_warehouse(settings) as warehouse:
            rows = day_picks(warehouse, DbtRelations.from_project(settings.project_dir), served)
    except (DbtError, ModelError, WarehouseError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    if output_format == "json":
        payload = {
            "date": served.isoformat(),
            "steps": [asdict(step) for step in result.steps],
            "model_version": result.model_version,
            "retrained": result.retrained,
            "candidates": result.candidates,
            "predicted": result.predicted,
            "graded_previous_day": result.graded_previous_day,
            "picks": list(rows),
        }
        click.echo(json.dumps(payload, indent=2, default=str))
    else:
        render_picks(_stdout_console(), served, rows)
    on_step(DailyStep("picks", f"{len(rows)} picks", round(time.perf_counter() - began, 2)))
    total = sum(step.seconds for step in result.steps) + time.perf_counter() - began
    console.print(f"[green]daily {served}[/green] done in {total:.1f} s", highlight=False)
