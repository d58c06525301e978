"""The ``nba-props`` command line. It parses options and calls the library (pipeline, daily,
backfill, report, picks); one :class:`Cli` per invocation holds the settings and the consoles:
``console`` (stderr) for progress and messages, ``output`` (stdout) for what a command shows."""

from __future__ import annotations

import functools
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from nba_props import __version__
from nba_props.config import ENV_LINES_AS_OF, ENV_PROJECT_DIR, Settings
from nba_props.window import BuildWindow

if TYPE_CHECKING:
    from nba_props.evaluation import Evaluation
    from nba_props.pipeline import WalkForwardOptions
    from nba_props.report.model import Report
    from nba_props.warehouse import WarehouseReader

DATE = click.DateTime(formats=["%Y-%m-%d"])


@dataclass(frozen=True)
class Cli:
    """One invocation: its settings, the console for progress and messages (stderr) and the
    one for what the command shows (stdout; piped output gets a fixed width: the picks table
    with v10's long feature names in its reasons needs about 200 columns)."""

    settings: Settings
    console: Console
    output: Console

    @classmethod
    def for_settings(cls, settings: Settings) -> Cli:
        """Consoles for this process's terminal."""
        width = None if sys.stdout.isatty() else 200
        return cls(settings, Console(stderr=True), Console(width=width))


pass_cli = click.make_pass_decorator(Cli)


def _as_date(value: datetime | None) -> date | None:
    """``click.DateTime`` gives datetimes; the pipeline works in dates."""
    return value.date() if value is not None else None


def _window(start: datetime | None, end: datetime | None) -> BuildWindow:
    """The window of ``--start-date`` / ``--end-date``, checked once (start not after end)."""
    try:
        return BuildWindow(_as_date(start), _as_date(end))
    except ValueError as exc:
        raise click.BadParameter(
            f"--start-date {_as_date(start)} is after --end-date {_as_date(end)}",
            param_hint="--start-date",
        ) from exc


@contextmanager
def _library_errors(*extra: type[Exception]) -> Iterator[None]:
    """The library's errors (and ``extra``) as a clean CLI error with their message."""
    from nba_props.dbt_project import UnknownRelationError
    from nba_props.dbt_runner import DbtError
    from nba_props.modeling import ModelError
    from nba_props.raw_files import RawDataError, RawSchemaError
    from nba_props.warehouse import WarehouseError

    errors: tuple[type[Exception], ...] = (
        DbtError,
        ModelError,
        WarehouseError,
        RawDataError,
        RawSchemaError,
        UnknownRelationError,
        *extra,
    )
    try:
        yield
    except errors as exc:
        raise click.ClickException(str(exc)) from exc


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
@click.option(
    "--lines-as-of",
    metavar="HH:MM",
    default=None,
    help="Use only prop lines captured by this time (US Eastern) on each game's date, as a run "
    "that morning saw them: a backfill over a timed feed then matches the mornings' runs. "
    "Default: $NBA_PROPS_LINES_AS_OF, else every snapshot before tip-off.",
)
@click.pass_context
def main(
    ctx: click.Context,
    project_dir: Path | None,
    duckdb_path: Path | None,
    lines_as_of: str | None,
) -> None:
    """Build the NBA player-points feature store (dbt) and report on its quality."""
    environ = dict(os.environ)
    if project_dir is not None:
        environ[ENV_PROJECT_DIR] = str(project_dir)
    if lines_as_of is not None:
        environ[ENV_LINES_AS_OF] = lines_as_of
    try:
        settings = Settings.from_env(environ)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--lines-as-of") from exc
    if duckdb_path is not None:
        settings = settings.with_overrides(duckdb_path=Path.cwd() / duckdb_path)
    ctx.obj = Cli.for_settings(settings)


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
@pass_cli
def build(
    cli: Cli,
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
    from nba_props.pipeline import BuildOptions, build_warehouse

    window = _window(start_date, end_date)
    options = BuildOptions(
        select=select,
        exclude=exclude,
        full_refresh=full_refresh,
        with_unit_tests=with_unit_tests,
        verbose=verbose,
        use_colors=None if sys.stdout.isatty() else False,
    )
    with (
        cli.console.status("dbt build: starting ...") as status,
        _library_errors(FileNotFoundError),
    ):

        def on_progress(nodes: int, failed: int, unique_id: str) -> None:
            failures = f", {failed} failed" if failed else ""
            status.update(f"dbt build: {nodes} nodes done{failures} - {unique_id}")

        nodes = build_warehouse(cli.settings, window, options, on_progress)
    cli.console.print(
        f"[green]built[/green] {nodes} nodes into {cli.settings.duckdb_path}", highlight=False
    )


FORMAT_OPTION = click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Rich tables in the terminal, or JSON on stdout.",
)


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
@pass_cli
def report(
    cli: Cli,
    start_date: datetime | None,
    end_date: datetime | None,
    top: int,
    days: int,
    picks_date: datetime | None,
    output_format: str,
    out_path: Path | None,
) -> Report:
    """Summarise the feature store, the gate, the what-if of each gap, the predictions and their
    accuracy, read from the dbt marts for the window, with the leakage alarms it raises."""
    from nba_props.report.marts import build_report
    from nba_props.report.model import Window
    from nba_props.report.terminal import render_report
    from nba_props.warehouse import open_warehouse

    window = _window(start_date, end_date)
    if output_format == "html" and out_path is None:
        raise click.UsageError("--format html needs --out PATH")
    with _library_errors(), open_warehouse(cli.settings) as warehouse:
        result = build_report(
            warehouse,
            Window(window.start, window.end),
            top=top,
            recent_days=days,
            picks_date=_as_date(picks_date),
        )

    if output_format == "json":
        click.echo(json.dumps(result.to_dict(), indent=2))
    elif output_format == "html" and out_path is not None:
        from nba_props.report.html import write_html

        write_html(result, out_path, top=top)
        click.echo(f"wrote the HTML report to {out_path}")
    else:
        render_report(result, cli.output, top=top)
    return result


@main.command()
@click.option("--date", "day", type=DATE, required=True, help="The game date to list.")
@click.option(
    "--all", "include_all", is_flag=True, help="Every candidate, not only OVER / UNDER picks."
)
@FORMAT_OPTION
@pass_cli
def picks(cli: Cli, day: datetime, include_all: bool, output_format: str) -> None:
    """The day's recommendations: player, line, prediction, edge, P(over), reasons."""
    from nba_props.picks import day_picks, day_prediction_count
    from nba_props.report.terminal import render_picks
    from nba_props.warehouse import open_warehouse

    with _library_errors(), open_warehouse(cli.settings) as warehouse:
        rows = day_picks(warehouse, day.date(), include_all)
        predictions = None if rows else day_prediction_count(warehouse, day.date())
    if output_format == "json":
        click.echo(json.dumps(list(rows), indent=2))
    else:
        render_picks(cli.output, day.date(), rows, predictions)


@main.command("contract-docs")
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 if the generated docs are out of date with the contract.",
)
@pass_cli
def contract_docs(cli: Cli, check: bool) -> None:
    """Regenerate the feature-contract docs from dbt_project.yml (var feature_contract)."""
    from nba_props.contract import pending_contract_docs, write_contract_docs

    try:
        if check:
            stale = list(pending_contract_docs(cli.settings.project_dir))
            if stale:
                names = ", ".join(str(path) for path in stale)
                raise click.ClickException(
                    f"contract docs out of date: {names}; run `nba-props contract-docs`"
                )
            click.echo("contract docs are up to date")
            return
        changed = write_contract_docs(cli.settings.project_dir)
    except (OSError, KeyError, ValueError) as exc:
        raise click.ClickException(f"cannot generate contract docs: {exc}") from exc
    click.echo(
        "updated " + ", ".join(str(path) for path in changed)
        if changed
        else "contract docs are up to date"
    )


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
@pass_cli
def train(cli: Cli, train_end: datetime, train_seasons: int | None) -> None:
    """Train the points model on gate-passing rows before --train-end and save it."""
    from nba_props.pipeline import train_and_save

    with _library_errors():
        model, path = train_and_save(cli.settings, train_end.date(), train_seasons)
    meta = model.metadata
    click.echo(
        f"trained {meta.model_version} on {meta.train_rows:,} rows "
        f"({meta.train_start} .. {meta.train_end}), {meta.best_iteration} rounds, "
        f"validation MAE {meta.validation_mae:.3f}; saved to {path}"
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


def _predict(cli: Cli, window: BuildWindow, options: WalkForwardOptions) -> None:
    """Walk-forward predict the window with a progress bar of its blocks."""
    from nba_props.pipeline import predict_window

    blocks = options.blocks(window)
    with _library_errors(ValueError), _progress(cli.console, "blocks") as progress:
        task = progress.add_task("walk-forward predict", total=blocks)
        run = predict_window(
            cli.settings,
            window,
            options,
            on_block=lambda block_start, model, n: progress.update(
                task,
                advance=1,
                description=f"{block_start}: {n} candidates, {model.metadata.model_version}",
            ),
        )
        progress.update(task, completed=blocks)
    cli.console.print(
        f"[green]predicted[/green] {run.predicted:,} of {run.candidates:,} candidates "
        f"({window}) with {run.models} walk-forward models",
        highlight=False,
    )


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
    pick rule overrides, training seasons; the command gets them as one ``walk_forward``
    (:class:`~nba_props.pipeline.WalkForwardOptions`, the pick rule from the dbt vars with the
    overrides)."""

    @functools.wraps(command)
    def with_options(
        *args: Any,
        retrain_every: int,
        min_expected_value: float | None,
        assumed_price: float | None,
        train_seasons: int | None,
        **kwargs: Any,
    ) -> Any:
        from nba_props.pipeline import WalkForwardOptions, pick_rule

        cli = click.get_current_context().find_object(Cli)
        assert cli is not None, "main() sets the Cli context object"
        rule = pick_rule(cli.settings, min_expected_value, assumed_price)
        options = WalkForwardOptions(retrain_every, rule, train_seasons)
        return command(*args, walk_forward=options, **kwargs)

    wrapped: Callable[..., Any] = with_options
    for option in (TRAIN_SEASONS_OPTION, ASSUMED_PRICE_OPTION, MIN_VALUE_OPTION, RETRAIN_OPTION):
        wrapped = option(wrapped)
    return wrapped


@main.command()
@click.option("--start-date", type=DATE, required=True, help="First game date to predict.")
@click.option("--end-date", type=DATE, required=True, help="Last game date to predict.")
@walk_forward_options
@pass_cli
def predict(
    cli: Cli, start_date: datetime, end_date: datetime, walk_forward: WalkForwardOptions
) -> None:
    """Walk-forward predictions for every candidate of the window (replaces its rows)."""
    _predict(cli, _window(start_date, end_date), walk_forward)


@main.command()
@click.option("--start-date", type=DATE, default=None, help="First game date to grade.")
@click.option("--end-date", type=DATE, default=None, help="Last game date to grade.")
@pass_cli
def grade(cli: Cli, start_date: datetime | None, end_date: datetime | None) -> None:
    """Grade predictions against box scores (dbt: prediction_accuracy and its summaries)."""
    from nba_props.pipeline import grade as grade_window

    window = _window(start_date, end_date)
    with _library_errors():
        relation = grade_window(cli.settings, window)
    cli.console.print(f"graded predictions into {relation}", highlight=False)


@main.command()
@click.option("--start-date", type=DATE, required=True, help="First game date to predict.")
@click.option("--end-date", type=DATE, required=True, help="Last game date to predict.")
@walk_forward_options
@click.pass_context
def run(
    ctx: click.Context, start_date: datetime, end_date: datetime, walk_forward: WalkForwardOptions
) -> None:
    """Build, walk-forward predict (each model trained on gate-passing rows before its block),
    grade and report, end to end; fails after the report on a leakage alarm (a hit rate above
    60 % on 1,000+ picks, or a model MAE a point below the line's)."""
    cli: Cli = ctx.obj
    window = _window(start_date, end_date)
    ctx.invoke(build)
    _predict(cli, window, walk_forward)
    shown: Report = ctx.invoke(report, start_date=start_date, end_date=end_date)
    if shown.leakage_alarms:
        raise click.ClickException("leakage alarm: " + "; ".join(shown.leakage_alarms))


ABLATION_GROUPS_OPTION = click.option(
    "--ablation-groups",
    default="",
    show_default=True,
    help="Comma-separated feature groups (feature_contract.feature_group) to remove one at a "
    "time, each variant retrained walk-forward and scored on the same rows; 'new' = the groups "
    "of the features the model's set adds over --compare-feature-set; empty = no ablation.",
)
COMPARE_SET_OPTION = click.option(
    "--compare-feature-set",
    default="v9",
    show_default=True,
    help="With --ablation-groups: also retrain on this named feature set (var "
    "model_feature_sets) as a row of the ablation; empty = none.",
)
ABLATION_RETRAIN_OPTION = click.option(
    "--ablation-retrain-every",
    type=click.IntRange(min=1),
    default=None,
    help="Days between the ablation variants' retrains (default: --retrain-every); fewer "
    "retrains keep ten seasons fast, and a reference variant with every group is added.",
)


@dataclass(frozen=True)
class AblationRequest:
    """What `evaluate --ablation-groups` asks for: the groups (may hold 'new'), the named
    feature set compared, and the variants' retrain cadence (None: the run's)."""

    groups: tuple[str, ...]
    compare_feature_set: str
    retrain_every: int | None


def ablation_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The feature-group ablation options of `evaluate`, given to it as one ``ablation``."""

    @functools.wraps(command)
    def with_options(
        *args: Any,
        ablation_groups: str,
        compare_feature_set: str,
        ablation_retrain_every: int | None,
        **kwargs: Any,
    ) -> Any:
        groups = tuple(group.strip() for group in ablation_groups.split(",") if group.strip())
        request = AblationRequest(groups, compare_feature_set, ablation_retrain_every)
        return command(*args, ablation=request, **kwargs)

    wrapped: Callable[..., Any] = with_options
    for option in (ABLATION_RETRAIN_OPTION, COMPARE_SET_OPTION, ABLATION_GROUPS_OPTION):
        wrapped = option(wrapped)
    return wrapped


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
@ablation_options
@pass_cli
def evaluate(
    cli: Cli,
    start_date: datetime,
    end_date: datetime,
    walk_forward: WalkForwardOptions,
    output: Path,
    skip_predict: bool,
    ablation: AblationRequest,
) -> None:
    """Walk-forward predict and grade a window (of a built warehouse), then write the MAE
    ablation on the same rows (with each chosen feature group removed, retrained), the
    calibration deciles and the picks' returns; fails on a leakage alarm."""
    from nba_props.pipeline import evaluate_window

    window = _window(start_date, end_date)
    if not skip_predict:
        _predict(cli, window, walk_forward)
    to_stdout = str(output) == "-"
    cadence = ablation.retrain_every or walk_forward.retrain_every

    def with_ablation(warehouse: WarehouseReader, result: Evaluation) -> Evaluation:
        return _with_group_ablation(
            cli,
            warehouse,
            result,
            list(ablation.groups),
            ablation.compare_feature_set,
            replace(walk_forward, retrain_every=cadence),
            cadence != walk_forward.retrain_every,
        )

    with _library_errors():
        result, page, target = evaluate_window(
            cli.settings,
            window,
            None if to_stdout else output,
            with_ablation if ablation.groups else None,
        )
    if target is None:
        click.echo(page)
    else:
        cli.console.print(f"wrote {target}", highlight=False)
    if result.alarms:
        raise click.ClickException("leakage alarm: " + "; ".join(result.alarms))


def _with_group_ablation(
    cli: Cli,
    warehouse: WarehouseReader,
    result: Evaluation,
    groups: list[str],
    compare_feature_set: str,
    options: WalkForwardOptions,
    with_reference: bool,
) -> Evaluation:
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
    with _progress(cli.console, "variants") as progress:
        task = progress.add_task("feature-group ablation", total=len(variants))
        table = ablate(
            warehouse,
            result.start,
            result.end,
            variants,
            retrain_every=options.retrain_every,
            train_seasons=options.train_seasons,
            pick_rule=options.rule,
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
@pass_cli
def backfill(
    cli: Cli,
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
    from nba_props.pipeline import check_raw_data

    start, end = _window(start_date, end_date).bounds()
    with _library_errors():
        check_raw_data(cli.settings)
    planned = list(chunks(start, end, chunk_days))
    try:
        with _progress(cli.console, "chunks") as progress:
            task = progress.add_task("backfill", total=len(planned))
            timings = run_backfill(
                cli.settings,
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
    cli.output.print(table)


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
@click.option(
    "--with-diagnostics",
    is_flag=True,
    help="Also rebuild the whole-history diagnosis marts (models/diagnostics) that the report "
    "reads; by default the morning leaves them to `nba-props build` or a backfill.",
)
@MIN_VALUE_OPTION
@ASSUMED_PRICE_OPTION
@TRAIN_SEASONS_OPTION
@FORMAT_OPTION
@pass_cli
def daily(
    cli: Cli,
    day: datetime,
    retrain_every: int,
    with_diagnostics: bool,
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
    from nba_props.picks import day_picks
    from nba_props.pipeline import check_raw_data, pick_rule
    from nba_props.report.terminal import render_picks
    from nba_props.warehouse import open_warehouse

    served = day.date()

    def on_step(step: DailyStep) -> None:
        cli.console.print(
            f"[green]{step.name}[/green] {step.seconds:6.1f} s  {step.detail}", highlight=False
        )

    with _library_errors(ValueError):
        check_raw_data(cli.settings)
        with cli.console.status(f"daily {served}: build, model, predict, grade ..."):
            result = run_daily(
                cli.settings,
                served,
                retrain_every=retrain_every,
                pick_rule=pick_rule(cli.settings, min_expected_value, assumed_price),
                train_seasons=train_seasons,
                with_diagnostics=with_diagnostics,
                on_step=on_step,
            )
        began = time.perf_counter()
        with open_warehouse(cli.settings) as warehouse:
            rows = day_picks(warehouse, served)
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
        render_picks(cli.output, served, rows, result.candidates)
    on_step(DailyStep("picks", f"{len(rows)} picks", round(time.perf_counter() - began, 2)))
    total = sum(step.seconds for step in result.steps) + time.perf_counter() - began
    cli.console.print(f"[green]daily {served}[/green] done in {total:.1f} s", highlight=False)
