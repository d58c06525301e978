"""The runner's jobs over a project and warehouse, as the CLI runs them: build, walk-forward
predict and take the batch into dbt, grade, evaluate. Each reports progress through optional
callbacks; none prints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from nba_props.config import Settings
from nba_props.contract import PickRule, load_pick_rule
from nba_props.dbt_project import DbtProject, target_type
from nba_props.dbt_runner import FAILING_STATUSES, build, run_dbt
from nba_props.evaluation import Evaluation, evaluate, to_markdown
from nba_props.modeling import TrainedModel, train
from nba_props.predicting import (
    BlockCallback,
    latest_seasons,
    model_feature_set,
    save_models,
    training_rows,
    walk_forward,
    write_batch,
)
from nba_props.raw_files import check_raw_files
from nba_props.warehouse import WarehouseReader, open_warehouse
from nba_props.window import BuildWindow

#: dbt's selection of its unit tests, left out of production builds.
UNIT_TESTS = "test_type:unit"

BuildProgress = Callable[[int, int, str], None]
"""Called after each node of a build as ``(nodes done, nodes failed, unique_id)``."""


def production_exclude(exclude: str | None, *, with_unit_tests: bool) -> str | None:
    """The ``--exclude`` of a build: the user's, plus the dbt unit tests unless they are wanted."""
    if with_unit_tests:
        return exclude
    parts = (exclude or "").split()
    return " ".join(parts if UNIT_TESTS in parts else [*parts, UNIT_TESTS])


def check_raw_data(settings: Settings) -> None:
    """On DuckDB, every raw Parquet file must be there, with the contract's columns in types
    that cast, before dbt spends time on a build (BigQuery reads tables).

    Raises:
        RawDataError: a raw file is missing.
        RawSchemaError: a raw file breaks the raw contract's columns.
    """
    if target_type(settings) == "duckdb":
        check_raw_files(settings, DbtProject.load(settings).raw_columns)


@dataclass(frozen=True)
class BuildOptions:
    """What ``nba-props build`` builds: a node selection, a full refresh, the unit tests."""

    select: str | None = None
    exclude: str | None = None
    full_refresh: bool = False
    with_unit_tests: bool = False
    verbose: bool = False
    use_colors: bool | None = None


def build_warehouse(
    settings: Settings,
    window: BuildWindow,
    options: BuildOptions,
    on_progress: BuildProgress | None = None,
) -> int:
    """Check the raw files, then ``dbt build`` the window; returns the nodes dbt finished.

    Raises:
        FileNotFoundError: there is no dbt project at ``settings.project_dir``.
        RawDataError, RawSchemaError: the raw files break the raw contract.
        DbtError: a node failed.
    """
    if not (settings.project_dir / "dbt_project.yml").is_file():
        raise FileNotFoundError(
            f"no dbt_project.yml in {settings.project_dir}; run from the repo root, pass "
            "--project-dir or set NBA_PROPS_PROJECT_DIR"
        )
    check_raw_data(settings)
    counts = {"nodes": 0, "failed": 0}

    def on_node_finished(unique_id: str, node_status: str) -> None:
        counts["nodes"] += 1
        counts["failed"] += int(node_status in FAILING_STATUSES)
        if on_progress is not None:
            on_progress(counts["nodes"], counts["failed"], unique_id)

    build(
        settings,
        window,
        select=options.select,
        exclude=production_exclude(options.exclude, with_unit_tests=options.with_unit_tests),
        full_refresh=options.full_refresh,
        quiet=not options.verbose,
        use_colors=options.use_colors,
        on_node_finished=on_node_finished,
    )
    return counts["nodes"]


def pick_rule(
    settings: Settings, min_expected_value: float | None, assumed_price: float | None
) -> PickRule:
    """The project's pick rule (dbt vars) with the given overrides where not None."""
    rule = load_pick_rule(settings.project_dir)
    return replace(
        rule,
        min_expected_value=(
            rule.min_expected_value if min_expected_value is None else min_expected_value
        ),
        assumed_price=rule.assumed_price if assumed_price is None else assumed_price,
    )


def train_and_save(
    settings: Settings, train_end: date, train_seasons: int | None
) -> tuple[TrainedModel, Path]:
    """Train the points model on the gate-passing rows before ``train_end`` (the
    ``train_seasons`` latest seasons of them; all when None) and save it.

    Raises:
        WarehouseError, ModelError: a read or the training failed.
    """
    with open_warehouse(settings) as warehouse:
        feature_set = model_feature_set(warehouse)
        features = list(feature_set.features)
        rows = latest_seasons(training_rows(warehouse, features, train_end), train_seasons)
    model = train(rows, features, feature_set_version=feature_set.version)
    return model, model.save(settings.models_dir)


@dataclass(frozen=True)
class WalkForwardOptions:
    """How a window is predicted: retrain cadence, pick rule, training seasons."""

    retrain_every: int = 7
    rule: PickRule = PickRule()
    train_seasons: int | None = None

    def blocks(self, window: BuildWindow) -> int:
        """How many retrain blocks ``window`` (bounded) is cut into."""
        start, end = window.bounds()
        return (end - start).days // self.retrain_every + 1


@dataclass(frozen=True)
class PredictionRun:
    """What a walk-forward predict wrote: candidates, predicted rows, models."""

    candidates: int
    predicted: int
    models: int


def predict_window(
    settings: Settings,
    window: BuildWindow,
    options: WalkForwardOptions,
    on_block: BlockCallback | None = None,
) -> PredictionRun:
    """Walk-forward predict ``window``, save the models, write the batch and take it into dbt
    (player_prop_predictions and everything downstream, selector ``take_predictions``).

    Raises:
        ValueError: the window is unbounded or has no candidates.
        WarehouseError, ModelError, DbtError: a read, a training or the dbt build failed.
    """
    start, end = window.bounds()
    project = DbtProject.load(settings)
    with open_warehouse(settings) as warehouse:
        result = walk_forward(
            warehouse,
            start,
            end,
            retrain_every=options.retrain_every,
            pick_rule=options.rule,
            train_seasons=options.train_seasons,
            on_block=on_block,
        )
    save_models(result.models, settings.models_dir)
    rows = write_batch(settings, result.batch)
    run_dbt(settings, ["build", "--quiet", *project.selector("take_predictions")], window=window)
    predicted = int((result.batch["gate_status"] == "predicted").sum())
    return PredictionRun(candidates=rows, predicted=predicted, models=len(result.models))


def grade(settings: Settings, window: BuildWindow) -> str:
    """Grade the window's predictions (selector ``grade``); returns the graded relation.

    Raises:
        DbtError: the grading models or their tests failed.
    """
    project = DbtProject.load(settings)
    run_dbt(settings, ["build", "--quiet", *project.selector("grade")], window=window)
    relation = project.relation("accuracy")
    return f"{relation.schema}.{relation.identifier}"


def evaluate_window(
    settings: Settings,
    window: BuildWindow,
    output: Path | None,
    ablation: Callable[[WarehouseReader, Evaluation], Evaluation] | None = None,
) -> tuple[Evaluation, str, Path | None]:
    """Score the graded window (and, with ``ablation``, add its feature-group rows), render the
    markdown page and write it to ``output`` (relative to the project; None: not written).
    Returns the evaluation, the page and where it went.

    Raises:
        ValueError: the window is unbounded.
        WarehouseError: a read failed.
    """
    start, end = window.bounds()
    with open_warehouse(settings) as warehouse:
        result = evaluate(warehouse, start, end)
        if ablation is not None:
            result = ablation(warehouse, result)
    page = to_markdown(result, str(settings.raw_dir)) + "\n"
    if output is None:
        return result, page, None
    target = output if output.is_absolute() else settings.project_dir / output
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page)
    return result, page, target
