"""The morning job of a game day D (``nba-props daily --date D``).

1. build: a dbt build of the window D-1..D from what is known on the morning of D (var
   ``known_before``: no box score, shot zone or injury transaction of D or later, lines of games
   up to D), with its data tests on the window and the same-day freshness test (``run_date`` D):
   the ``serving`` selector, so neither the whole-history diagnosis marts (unless
   ``with_diagnostics``) nor the prediction marts (built once, in step 3) are built here.
   D-1 is in the window so that its box scores, known by then, reach player_game_summary and
   its predictions can be graded.
2. model: the latest saved model trained before D on this warehouse's rows (the count and
   points total of its training window still match), when it is at most ``retrain_every``
   days old (its last training date); else a new one, trained on the gate-passing rows before D.
3. predict: D's candidates scored by that model, the batch taken into player_prop_predictions
   (D's rows replaced: a rerun never duplicates), and D-1's predictions graded
   (prediction_accuracy and its summaries), in one dbt build.
4. picks: D's OVER / UNDER recommendations.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from nba_props.config import Settings
from nba_props.contract import PickRule
from nba_props.dbt_project import DbtProject
from nba_props.dbt_runner import parse_project, run_dbt
from nba_props.modeling import ModelError, ModelMetadata, TrainedModel, train
from nba_props.predicting import (
    TRAINING_ROWS,
    latest_seasons,
    model_feature_set,
    predict_with_model,
    training_rows,
    write_batch,
)
from nba_props.warehouse import WarehouseReader, open_warehouse
from nba_props.window import BuildWindow

StepCallback = Callable[["DailyStep"], None]
"""Called once per finished step."""
#: Points totals of the same rows agree to float rounding (the warehouse sums in its order).
POINTS_TOLERANCE = 1e-6


@dataclass(frozen=True)
class DailyStep:
    """One finished step of the daily job: its name, what it did and how long it took."""

    name: str
    detail: str
    seconds: float


@dataclass(frozen=True)
class DailyResult:
    """What a daily run did: its steps, the model that predicted D and whether it was trained
    by this run, the candidates / predictions of D and the graded rows of D-1."""

    day: date
    steps: tuple[DailyStep, ...]
    model_version: str
    retrained: bool
    candidates: int
    predicted: int
    graded_previous_day: int


def saved_models(directory: Path) -> Iterator[Path]:
    """Folders under ``directory`` holding a saved model (``metadata.json`` and ``model.txt``)."""
    if not directory.is_dir():
        return
    for folder in sorted(directory.iterdir()):
        if (folder / "metadata.json").is_file() and (folder / "model.txt").is_file():
            yield folder


def latest_model_before(
    directory: Path,
    day: date,
    features: Sequence[str],
    trained_here: Callable[[ModelMetadata], bool] | None = None,
) -> TrainedModel | None:
    """The saved model with the latest training end before ``day`` whose features are
    ``features`` (the current contract) and, given ``trained_here``, whose training rows it
    accepts; None when there is none. A model trained on ``day`` or later would have seen the
    future and is never taken; one saved in a format this version cannot read (an older one)
    is never taken either."""
    found: list[tuple[date, str, Path, ModelMetadata]] = []
    for folder in saved_models(directory):
        try:
            metadata = ModelMetadata.from_json((folder / "metadata.json").read_text())
        except ModelError:
            continue
        if metadata.train_end >= day or list(metadata.features) != list(features):
            continue
        found.append((metadata.train_end, metadata.model_version, folder, metadata))
    for _, _, folder, metadata in sorted(found, key=lambda entry: entry[:2], reverse=True):
        if trained_here is None or trained_here(metadata):
            return TrainedModel.load(folder)
    return None


def trained_on_these_rows(warehouse: WarehouseReader, metadata: ModelMetadata) -> bool:
    """Whether the warehouse's training rows of the model's training window are the ones it
    was trained on (their count and points total): a model trained on another warehouse (the
    sample's, say, in a shared models folder) or before a rebuild from other raw data never
    serves."""
    if metadata.train_points is None:
        return False
    found = warehouse.query_df(
        f"""
        select count(*) as row_count, sum(actual_points) as points
        from {warehouse.relation(TRAINING_ROWS)}
        where game_date between ? and ?
        """,
        [metadata.train_start, metadata.train_end],
    )
    rows, points = int(found["row_count"].iloc[0]), found["points"].iloc[0]
    return rows == metadata.train_rows and bool(
        pd.notna(points) and abs(float(points) - metadata.train_points) < POINTS_TOLERANCE
    )


def model_is_current(model: TrainedModel, day: date, retrain_every: int) -> bool:
    """A model serves ``day`` while its last training date is at most ``retrain_every`` days
    before it (the walk-forward cadence: the block after a retrain is served by one model)."""
    return (day - model.metadata.train_end).days <= retrain_every


def serving_model(
    settings: Settings,
    day: date,
    retrain_every: int,
    train_seasons: int | None,
    project: DbtProject | None = None,
) -> tuple[TrainedModel, bool]:
    """The model that predicts ``day`` and whether it was trained now: the latest saved one
    when it is current, else one trained (and saved) on the gate-passing rows before ``day``.

    Raises:
        ModelError: there are no training rows before ``day``.
    """
    with open_warehouse(settings, project) as warehouse:
        feature_set = model_feature_set(warehouse)
        features = list(feature_set.features)
        saved = latest_model_before(
            settings.models_dir,
            day,
            features,
            lambda metadata: trained_on_these_rows(warehouse, metadata),
        )
        if saved is not None and model_is_current(saved, day, retrain_every):
            return saved, False
        rows = latest_seasons(training_rows(warehouse, features, day), train_seasons)
    if rows.empty:
        raise ModelError(f"no training rows before {day}: build the history first")
    model = train(rows, features, feature_set_version=feature_set.version)
    model.save(settings.models_dir)
    return model, True


def daily(
    settings: Settings,
    day: date,
    *,
    retrain_every: int = 7,
    pick_rule: PickRule | None = None,
    train_seasons: int | None = None,
    with_diagnostics: bool = False,
    on_step: StepCallback | None = None,
) -> DailyResult:
    """Build, test, predict D and grade D-1 (module docstring).

    Raises:
        DbtError: the build, a data test or the grading failed.
        UnknownRelationError: a selector or role of the job is not in the dbt project.
        ModelError: no model could be trained (no training rows before D).
        ValueError: D has no candidates (no game that day).
        WarehouseError: a warehouse read failed.
    """
    steps: list[DailyStep] = []

    def finish(name: str, detail: str, began: float) -> None:
        step = DailyStep(name, detail, round(time.perf_counter() - began, 2))
        steps.append(step)
        if on_step is not None:
            on_step(step)

    project = DbtProject.load(settings)
    window = BuildWindow.morning_of(day)
    began = time.perf_counter()
    # One parse for both dbt invocations of the morning (same window).
    manifest = parse_project(settings, window)
    run_dbt(
        settings,
        ["build", "--quiet", *project.selector("serving")],
        window=window,
        manifest=manifest,
    )
    lines = "" if settings.lines_as_of is None else f", lines as of {settings.lines_as_of:%H:%M} ET"
    finish(
        "build", f"{day - timedelta(days=1)}..{day}, raw known before {day}{lines}, tested", began
    )
    if with_diagnostics:
        began = time.perf_counter()
        run_dbt(
            settings,
            ["build", "--quiet", *project.selector("diagnostics")],
            window=window,
            manifest=manifest,
        )
        finish("diagnostics", "the diagnosis marts rebuilt over the whole history", began)

    began = time.perf_counter()
    model, retrained = serving_model(settings, day, retrain_every, train_seasons, project)
    meta = model.metadata
    how = "trained" if retrained else "reused"
    finish("model", f"{how} {meta.model_version} (rows up to {meta.train_end})", began)

    began = time.perf_counter()
    with open_warehouse(settings, project) as warehouse:
        batch = predict_with_model(warehouse, model, day, day, pick_rule)
    write_batch(settings, batch, project)
    run_dbt(
        settings,
        ["build", "--quiet", *project.selector("take_predictions")],
        window=window,
        manifest=manifest,
    )
    with open_warehouse(settings, project) as warehouse:
        graded = warehouse.query_df(
            f"select count(*) as n from {warehouse.relation('accuracy')} "
            "where game_date = ? and not is_void",
            [day - timedelta(days=1)],
        )
    predicted = int((batch["gate_status"] == "predicted").sum())
    graded_rows = int(graded["n"].iloc[0])
    finish(
        "predict and grade",
        f"{predicted} of {len(batch)} candidates of {day} predicted; "
        f"{graded_rows} predictions of {day - timedelta(days=1)} graded",
        began,
    )
    return DailyResult(
        day=day,
        steps=tuple(steps),
        model_version=meta.model_version,
        retrained=retrained,
        candidates=len(batch),
        predicted=predicted,
        graded_previous_day=graded_rows,
    )
