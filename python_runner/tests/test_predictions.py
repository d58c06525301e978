"""The runner end to end on a copy of the sample warehouse: gate, walk-forward, train/serve
vector parity, idempotent reruns, deterministic training."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from nba_props.cli import main
from nba_props.config import Settings
from nba_props.contract import load_contract
from nba_props.evaluation import AblationVariant, ablate, ablation_variants, evaluate
from nba_props.explaining import contributions
from nba_props.modeling import (
    ModelError,
    TrainedModel,
    feature_matrix,
    train,
)
from nba_props.predicting import (
    candidates,
    feature_groups,
    latest_seasons,
    model_feature_set,
    model_features,
    training_rows,
)
from nba_props.warehouse import Warehouse
from predicted_window import END, START, predict_window

RUN_COLUMNS = {"run_id", "predicted_at"}


def _table(warehouse: Warehouse, model: str) -> str:
    """The model's ``schema.table``, from the manifest."""
    return warehouse.project.model(model).schema_table


def _rows(settings: Settings) -> pd.DataFrame:
    with Warehouse.from_settings(settings) as warehouse:
        predictions = _table(warehouse, "player_prop_predictions")
        return warehouse.query_df(f"select * from {predictions} order by player_id, game_date")


def test_every_candidate_has_one_row(predicted: Settings) -> None:
    with Warehouse.from_settings(predicted) as warehouse:
        candidates = warehouse.query_df(
            f"select player_id, game_date from {_table(warehouse, 'upcoming_player_game_context')} "
            "where in_universe and game_date between ? and ? order by player_id, game_date",
            [START, END],
        )
    rows = _rows(predicted)
    assert len(rows) == len(candidates) > 0
    assert rows[["player_id", "game_date"]].reset_index(drop=True).equals(candidates)


def test_no_prediction_from_a_contaminated_row(predicted: Settings) -> None:
    rows = _rows(predicted)
    made = rows[rows["gate_status"] == "predicted"]
    blocked = rows[rows["gate_status"] == "blocked"]
    assert len(made) > 0 and len(blocked) > 0
    assert (made["required_default_count"] == 0).all()
    assert made["is_quality_ready"].all()
    assert made["feature_quality_score"].notna().all()
    assert made["predicted_points"].notna().all()
    assert blocked["gate_reason"].notna().all()
    assert blocked["predicted_points"].isna().all()
    with Warehouse.from_settings(predicted) as warehouse:
        store = warehouse.query_df(
            "select player_id, game_date, is_quality_ready as store_ready, "
            "required_default_count as store_required_defaults "
            f"from {_table(warehouse, 'ml_feature_store_v2')} where game_date between ? and ?",
            [START, END],
        )
    gated = rows.merge(store, on=["player_id", "game_date"], validate="one_to_one")
    assert len(gated) == len(rows)
    refused = gated[~gated["store_ready"] | (gated["store_required_defaults"] > 0)]
    assert len(refused) > 0
    assert (refused["gate_status"] == "blocked").all()
    assert refused["predicted_points"].isna().all()
    assert set(made["recommendation"]) <= {"OVER", "UNDER", "PASS", "NO_LINE"}
    assert (made.loc[made["line_value"].isna(), "recommendation"] == "NO_LINE").all()


def test_no_pick_on_a_player_known_to_be_out(predicted: Settings) -> None:
    """A row that passes the feature gate is still blocked when the injury log had the player
    out before the date; every other reason stays the feature gate's."""
    with Warehouse.from_settings(predicted) as warehouse:
        rows = warehouse.query_df(
            f"select predictions.gate_status, predictions.gate_reason, "
            f"predictions.is_quality_ready, context.injury_status "
            f"from {_table(warehouse, 'player_prop_predictions')} as predictions "
            f"inner join {_table(warehouse, 'upcoming_player_game_context')} as context "
            f"using (player_id, game_date)"
        )
    out = rows[rows["injury_status"] == "out"]
    assert len(out) > 0
    assert (out["gate_status"] == "blocked").all()
    assert (out.loc[out["is_quality_ready"], "gate_reason"] == "player_out").all()
    player_out = rows[rows["gate_reason"] == "player_out"]
    assert len(player_out) > 0
    assert (player_out["injury_status"] == "out").all() and player_out["is_quality_ready"].all()


def test_walk_forward_models_end_before_the_date(predicted: Settings) -> None:
    made = _rows(predicted).query("gate_status == 'predicted'")
    train_end = pd.to_datetime(made["model_train_end"])
    assert (train_end < pd.to_datetime(made["game_date"])).all()
    assert made["model_version"].nunique() == 2  # two weekly blocks
    for version in made["model_version"].unique():
        metadata = json.loads((predicted.models_dir / version / "metadata.json").read_text())
        assert metadata["file_sha256"] in set(made["model_file_sha256"])


def test_serving_vector_equals_the_stored_model_vector(predicted: Settings) -> None:
    """The vector built from the named columns (training and serving both use feature_matrix)
    equals the store's `features` array at the model's contract indices (v10 is no prefix of
    the contract), NaN for NaN."""
    with Warehouse.from_settings(predicted) as warehouse:
        names = model_features(warehouse)
        columns = ", ".join(names)
        store = warehouse.query_df(
            f"select features, {columns} from {_table(warehouse, 'ml_feature_store_v2')} "
            "where game_date between ? and ?",
            [START, END],
        )
        positions = warehouse.query_df(
            f"select feature_index from {_table(warehouse, 'feature_contract')} where in_model "
            "order by feature_index"
        )["feature_index"].to_numpy()
    built = feature_matrix(store, names)
    stored = np.stack(store["features"].to_numpy())[:, positions]
    assert built.shape == stored.shape
    assert np.array_equal(built, stored, equal_nan=True)


def test_rerun_replaces_the_window_without_duplicates(predicted: Settings) -> None:
    before = _rows(predicted)
    predict_window(predicted)
    after = _rows(predicted)
    assert len(after) == len(before)
    columns = [c for c in before.columns if c not in RUN_COLUMNS]
    pd.testing.assert_frame_equal(before[columns], after[columns])
    assert after["run_id"].nunique() == 1


#: Trains on the rows of a Parquet file with the given features and saves the model; prints
#: its file hash. Run in fresh interpreters so nothing of one training is left for the next.
TRAIN_IN_A_PROCESS = """
import sys
from pathlib import Path

import pandas as pd

from nba_props.modeling import train

model = train(pd.read_parquet(sys.argv[1]), sys.argv[2].split(","))
model.save(Path(sys.argv[3]))
print(model.metadata.model_version, model.metadata.file_sha256)
"""


def test_training_is_deterministic_across_processes(
    warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Two interpreters (other hash seeds, other OpenMP thread counts) train the same file;
    the saved model records the pinned seed, thread count and deterministic mode."""
    names = model_features(warehouse)
    rows = training_rows(warehouse, names, START)
    assert rows["game_date"].max() < pd.Timestamp(START)
    work = tmp_path_factory.mktemp("determinism")
    rows.to_parquet(work / "rows.parquet")
    trained = []
    for hash_seed, threads in (("1", "1"), ("2", "3")):
        environment = {**os.environ, "PYTHONHASHSEED": hash_seed, "OMP_NUM_THREADS": threads}
        done = subprocess.run(
            [sys.executable, "-c", TRAIN_IN_A_PROCESS, str(work / "rows.parquet"),
             ",".join(names), str(work / f"models_{threads}")],
            env=environment, capture_output=True, text=True, check=True,
        )  # fmt: skip
        trained.append(done.stdout.split())
    (first_version, first_sha), (second_version, second_sha) = trained
    assert first_sha == second_sha
    parameters = set((work / "models_1" / first_version / "model.txt").read_text().splitlines())
    assert "[deterministic: 1]" in parameters
    assert not parameters & {"[num_threads: 0]", "[seed: 0]"}
    assert any(line.startswith("[num_threads: ") for line in parameters)
    assert any(line.startswith("[seed: ") for line in parameters)


def test_saved_model_loads_and_refuses_a_tampered_file(
    predicted: Settings, tmp_path_factory: pytest.TempPathFactory
) -> None:
    with Warehouse.from_settings(predicted) as warehouse:
        names = model_features(warehouse)
        rows = training_rows(warehouse, names, START)
    model = train(rows, names)
    folder = model.save(tmp_path_factory.mktemp("saved"))
    loaded = TrainedModel.load(folder)
    assert loaded.metadata == model.metadata
    assert np.array_equal(loaded.predict(rows.head(50)), model.predict(rows.head(50)))
    (folder / "model.txt").write_text((folder / "model.txt").read_text() + "\n")
    with pytest.raises(ModelError):
        TrainedModel.load(folder)


def test_train_seasons_keeps_the_latest_seasons_only(predicted: Settings) -> None:
    """Both sample seasons precede START; --train-seasons 1 keeps 2024-25's earlier dates."""
    with Warehouse.from_settings(predicted) as warehouse:
        names = model_features(warehouse)
        rows = training_rows(warehouse, names, START)
    assert set(rows["season"]) == {2023, 2024}
    latest = latest_seasons(rows, 1)
    assert set(latest["season"]) == {2024}
    assert latest_seasons(rows, 2).equals(rows)
    assert latest_seasons(rows, None).equals(rows)
    model = train(latest, names)
    assert model.metadata.train_start >= date(2024, 10, 22)
    assert model.metadata.train_rows == len(latest)


def test_calibration_counts_and_brier_match_the_graded_rows(predicted: Settings) -> None:
    """prediction_calibration and the summary's probability columns agree with a recompute from
    prediction_accuracy (rows with a line, no push, no void)."""
    with Warehouse.from_settings(predicted) as warehouse:
        graded = warehouse.query_df(
            f"select prob_over, went_over from {_table(warehouse, 'prediction_accuracy')} "
            "where gate_status = 'predicted' and went_over is not null"
        )
        buckets = warehouse.query_df(f"select * from {_table(warehouse, 'prediction_calibration')}")
        summary = warehouse.query_df(
            f"select * from {_table(warehouse, 'prediction_accuracy_summary')} "
            "where slice_name = 'all'"
        ).iloc[0]
    assert len(graded) > 0
    outcome = graded["went_over"].astype(float)
    assert buckets["rows_with_outcome"].sum() == len(graded) == summary["rows_with_outcome"]
    assert np.isclose(summary["over_rate"], outcome.mean())
    assert np.isclose(summary["mean_prob_over"], graded["prob_over"].mean())
    assert np.isclose(summary["brier_score"], ((graded["prob_over"] - outcome) ** 2).mean())
    tenth = np.minimum(np.floor(graded["prob_over"] * 10), 9).astype(int)
    assert dict(tenth.value_counts()) == dict(
        zip(buckets["bucket_index"], buckets["rows_with_outcome"], strict=True)
    )


def test_prob_over_is_calibrated_on_games_the_model_never_saw(predicted: Settings) -> None:
    """Graded rows (after each model's training end): in each half (below and above the median
    P) and overall the observed over rate lies within three standard errors of the mean P(over)
    (the monotone shape is test_market's)."""
    with Warehouse.from_settings(predicted) as warehouse:
        graded = warehouse.query_df(
            "select model_version, game_date, model_train_end, predicted_points, line_value, "
            f"prob_over, went_over from {_table(warehouse, 'prediction_accuracy')} "
            "where gate_status = 'predicted' and went_over is not null"
        )
    assert len(graded) >= 300
    assert (pd.to_datetime(graded["model_train_end"]) < pd.to_datetime(graded["game_date"])).all()
    median = graded["prob_over"].median()
    halves = {
        "all": graded,
        "lower half": graded[graded["prob_over"] < median],
        "upper half": graded[graded["prob_over"] >= median],
    }
    for name, rows in halves.items():
        assert len(rows) >= 50, name
        observed = rows["went_over"].astype(float).mean()
        expected = rows["prob_over"].mean()
        error = np.sqrt(expected * (1 - expected) / len(rows))
        assert abs(observed - expected) <= 3 * error, (name, observed, expected, len(rows))


def test_second_stage_serves_line_rows_only_after_enough_earlier_line_rows(
    predicted: Settings, repo_root: Path
) -> None:
    """The first block has no earlier line rows: a row with a line is predicted by the second
    stage's prior, the line itself, a row without one by the model alone. The second block's
    rows with a line are the second stage's, fitted on the first block's line rows (all dated
    before the block); rows without a line stay the model's. Every predicted row records its
    stage and feature list version."""
    made = _rows(predicted).query("gate_status == 'predicted'").copy()
    made["game_date"] = pd.to_datetime(made["game_date"])
    assert (made["feature_set_version"] == load_contract(repo_root).feature_set).all()
    assert made["model_points"].notna().all()
    first = made[made["game_date"] < pd.Timestamp(START) + pd.Timedelta(days=7)]
    second = made[made["game_date"] >= pd.Timestamp(START) + pd.Timedelta(days=7)]
    lined = first[first["line_value"].notna()]
    unlined = first[first["line_value"].isna()]
    assert len(lined) > 0 and len(unlined) > 0
    assert (lined["prediction_stage"] == "line").all()
    assert (lined["predicted_points"] == lined["line_value"]).all()
    assert (unlined["prediction_stage"] == "model").all()
    assert (unlined["predicted_points"] == unlined["model_points"]).all()
    with_line = second[second["line_value"].notna()]
    assert len(with_line) > 0 and (with_line["prediction_stage"] == "model_line").all()
    assert (with_line["line_stage_rows"] <= first["line_value"].notna().sum()).all()
    assert (second.loc[second["line_value"].isna(), "prediction_stage"] == "model").all()
    assert (with_line["predicted_points"] != with_line["model_points"]).any()


def test_prob_over_is_recalibrated_on_earlier_graded_line_rows_only(predicted: Settings) -> None:
    """The first block has no earlier graded row with a line: the calibration is its prior, the
    line's probability (the model's distribution centred on the line: 1/2 on a half-point line)
    whatever the model predicted. In the second block every row with a line is
    recalibrated on the first block's graded rows with a line (no push, so at most that many;
    the points around those lines), and its probability moves off even odds. A row without a
    line has none. A pick at the graded line wins with that same recalibrated probability
    (1 - prob_over for an UNDER at a half-point line)."""
    with Warehouse.from_settings(predicted) as warehouse:
        made = warehouse.query_df(
            "select predictions.*, accuracy.went_over "
            f"from {_table(warehouse, 'player_prop_predictions')} as predictions "
            f"left join {_table(warehouse, 'prediction_accuracy')} as accuracy "
            "on accuracy.player_id = predictions.player_id "
            "and accuracy.game_date = predictions.game_date "
            "and accuracy.system_id = predictions.system_id "
            "where predictions.gate_status = 'predicted'"
        )
    made["game_date"] = pd.to_datetime(made["game_date"])
    second_block = made["game_date"] >= pd.Timestamp(START) + pd.Timedelta(days=7)
    lined = made["line_value"].notna()
    half_point = made["line_value"] % 1 == 0.5
    first, second = made[~second_block & lined], made[second_block & lined]
    assert (first["calibration_rows"] == 0).all()
    assert (first["calibration_anchor"] == "stage_median_at_line").all()
    assert np.allclose(first.loc[half_point, "prob_over"], 0.5, atol=0.01)
    # the model disagreed with the line; no earlier line row says it knows more
    assert (first["model_points"] - first["line_value"]).abs().max() > 2
    assert np.allclose(first.loc[half_point, "distribution_prob_over"], 0.5, atol=0.05)
    graded_first = int(first["went_over"].notna().sum())
    assert len(second) > 0 and graded_first > 0
    assert (second["calibration_rows"] > 0).all()
    assert (second["calibration_rows"] <= graded_first).all()
    assert (second["calibration_anchor"] == "line_residuals").all()
    assert (second["prob_over"] - 0.5).abs().max() > 0.01
    without_line = made[~lined]
    assert without_line[["prob_over", "calibration_rows", "calibration_anchor"]].isna().all().all()
    at_line = made[made["pick_line"].eq(made["line_value"]) & made["pick_price_assumed"]]
    over = at_line[at_line["recommendation"] == "OVER"]
    under = at_line[(at_line["recommendation"] == "UNDER") & (at_line["line_value"] % 1 == 0.5)]
    assert len(over) + len(under) > 0
    assert np.allclose(over["pick_prob_win"], over["prob_over"])
    assert np.allclose(under["pick_prob_win"], 1 - under["prob_over"])


def test_every_pick_names_an_offer_a_book_made_before_tip_off(predicted: Settings) -> None:
    """An OVER/UNDER names a (book, line) that int_prop_lines__offers lists for that player and
    game, a price, and an expected value above the threshold; a PASS's best offer is not."""
    with Warehouse.from_settings(predicted) as warehouse:
        rows = warehouse.query_df(
            f"select predictions.*, offers.line as offered_line "
            f"from {_table(warehouse, 'player_prop_predictions')} as predictions "
            f"left join {_table(warehouse, 'int_prop_lines__offers')} as offers "
            f"on offers.game_id = predictions.game_id "
            f"and offers.player_id = predictions.player_id "
            f"and offers.bookmaker = predictions.pick_book "
            f"and offers.line = predictions.pick_line "
            f"where predictions.gate_status = 'predicted'"
        )
    picks = rows[rows["recommendation"].isin(["OVER", "UNDER"])]
    assert len(picks) > 0
    assert picks["offered_line"].notna().all()
    assert picks["pick_price"].notna().all() and picks["pick_book"].notna().all()
    assert (picks["expected_value"] > picks["min_expected_value"]).all()
    passes = rows[rows["recommendation"] == "PASS"]
    assert len(passes) > 0 and (passes["expected_value"] <= passes["min_expected_value"]).all()


def _picks(settings: Settings, *args: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(
        main,
        ["picks", "--date", END.isoformat(), "--format", "json", *args],
        env={
            "NBA_PROPS_PROJECT_DIR": str(settings.project_dir),
            "NBA_PROPS_DUCKDB_PATH": str(settings.duckdb_path),
        },
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_picks_list_the_days_recommendations_best_value_first(predicted: Settings) -> None:
    day = _rows(predicted)
    day = day[pd.to_datetime(day["game_date"]).dt.date == END]
    picks = _picks(predicted)
    assert len(picks) == day["recommendation"].isin(["OVER", "UNDER"]).sum() > 0
    assert {pick["recommendation"] for pick in picks} <= {"OVER", "UNDER"}
    values = [pick["expected_value"] for pick in picks]
    assert values == sorted(values, reverse=True)
    # every pick names the offer it is graded at, and was worth taking at its price
    assert all(pick["pick_book"] and pick["pick_line"] is not None for pick in picks)
    assert all(pick["pick_price"] is not None and pick["expected_value"] > 0 for pick in picks)
    assert all(pick["player_name"] for pick in picks)
    everyone = _picks(predicted, "--all")
    assert len(everyone) == len(day)
    blocked = [pick for pick in everyone if pick["gate_status"] == "blocked"]
    assert blocked and all(
        pick["gate_reason"] and pick["predicted_points"] is None for pick in blocked
    )


def test_contributions_add_up_to_every_prediction(predicted: Settings) -> None:
    """On the rows each saved walk-forward model predicted: base + every feature's contribution
    is the model's raw prediction (1e-6), the stored base, reasons and rest add up to it too,
    the reasons are the largest contributions by size, and model_points is that raw value
    clipped at 0 and rounded."""
    stored = _rows(predicted)
    stored = stored[stored["gate_status"] == "predicted"]
    checked = 0
    with Warehouse.from_settings(predicted) as warehouse:
        names = model_features(warehouse)
        pool = candidates(warehouse, names, START, END)
    pool = pool[pool["passes_gate"].astype(bool)]
    pool["game_date"] = pd.to_datetime(pool["game_date"]).dt.date
    for version, rows in stored.groupby("model_version"):
        model = TrainedModel.load(predicted.models_dir / str(version))
        keys = rows.assign(game_date=pd.to_datetime(rows["game_date"]).dt.date)
        block = pool.merge(keys[["player_id", "game_date"]], on=["player_id", "game_date"])
        joined = block.merge(keys, on=["player_id", "game_date"], suffixes=("", "_stored"))
        assert len(joined) == len(rows) > 0
        base, parts = contributions(model, joined)
        raw = model.booster.predict(
            feature_matrix(joined, model.metadata.features),
            num_iteration=model.metadata.best_iteration,
        )
        assert np.allclose(base + parts.sum(axis=1), raw, rtol=0, atol=1e-6)
        stored_reasons = joined[[f"reason_{rank}_points" for rank in range(1, 6)]].to_numpy(float)
        total = joined["explanation_base_points"] + stored_reasons.sum(axis=1)
        assert np.allclose(total + joined["explanation_rest_points"], raw, rtol=0, atol=1e-6)
        assert np.allclose(joined["explanation_base_points"], base, rtol=0, atol=1e-9)
        largest = np.sort(np.abs(parts), axis=1)[:, ::-1][:, :5]
        assert np.allclose(np.abs(stored_reasons), largest, rtol=0, atol=1e-9)
        top = [model.metadata.features.index(name) for name in joined["reason_1_feature"]]
        assert np.allclose(parts[np.arange(len(joined)), top], stored_reasons[:, 0], atol=1e-9)
        # the first stage's points (the second stage moves predicted_points toward the line)
        assert np.allclose(joined["model_points"], np.clip(raw, 0, None).round(2), atol=1e-9)
        checked += len(joined)
    assert checked == len(stored) > 100


def test_picks_show_the_top_three_reasons_in_words(predicted: Settings) -> None:
    """Each pick of the table names its three largest contributions with signed points, in the
    order of the stored reasons."""
    picks = _picks(predicted)
    result = CliRunner().invoke(
        main,
        ["picks", "--date", END.isoformat()],
        env={
            "NBA_PROPS_PROJECT_DIR": str(predicted.project_dir),
            "NBA_PROPS_DUCKDB_PATH": str(predicted.duckdb_path),
        },
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    first = picks[0]
    words = ", ".join(
        f"{first[f'reason_{rank}_feature']} {first[f'reason_{rank}_points']:+.1f}"
        for rank in range(1, 4)
    )
    assert re.fullmatch(r"\w+ [+-]\d+\.\d(, \w+ [+-]\d+\.\d){2}", words)
    # the table may wrap a long cell between words, never inside one
    tokens = result.output.split()
    assert all(word.rstrip(",") in " ".join(tokens) for word in words.split())


def test_evaluation_scores_every_predictor_on_the_same_graded_rows(predicted: Settings) -> None:
    """The ablation's rows are the graded rows with a line and a last-10 average, and each MAE
    is that predictor's mean error on exactly them; the probability sources split the graded
    probability rows by calibration."""
    with Warehouse.from_settings(predicted) as warehouse:
        result = evaluate(warehouse, START, END)
        graded = warehouse.query_df(
            "select model_points, predicted_points, line_value, baseline_points, actual_points "
            f"from {_table(warehouse, 'prediction_accuracy')} where gate_status = 'predicted' "
            "and not is_void and line_value is not null and baseline_points is not null"
        )
    assert (result.ablation["rows"] == len(graded)).all() and len(graded) > 0
    expected = [
        (graded[column] - graded["actual_points"]).abs().mean()
        for column in ("model_points", "predicted_points", "line_value", "baseline_points")
    ]
    assert np.allclose(result.ablation["mae"], expected)
    assert result.alarms == ()
    assert result.calibration["decile_index"].notna().sum() == 10
    # the calibration's sources cover the graded probability rows once, with their mean
    sources, overall = result.sources, result.calibration.query("decile_index.isna()").iloc[0]
    assert (
        sources is not None and sources["rows_with_outcome"].sum() == overall["rows_with_outcome"]
    )
    weighted = (sources["calibrated_mean"] * sources["rows_with_outcome"]).sum()
    assert np.isclose(weighted / overall["rows_with_outcome"], overall["mean_prob_over"])
    assert set(sources["calibration_anchor"]) == {"stage_median_at_line", "line_residuals"}


def test_feature_group_ablation_retrains_the_served_walk_forward_on_the_same_rows(
    predicted: Settings,
) -> None:
    """The ablation reuses the served walk-forward: retrained on the full feature list it
    reproduces the served model-alone MAE exactly (deterministic training, same rows); without
    the role group it trains on four features fewer, on the same rows, and differs."""
    with Warehouse.from_settings(predicted) as warehouse:
        served = evaluate(warehouse, START, END)
        full = model_feature_set(warehouse)
        variants = ablation_variants(full, feature_groups(warehouse), ["role"])
        table = ablate(
            warehouse,
            START,
            END,
            [AblationVariant("reference", full), *variants],
            retrain_every=7,
            train_seasons=None,
        )
    model_alone = served.ablation.set_index("predictor").loc["model alone"]
    reference, without_role = table.iloc[0], table.iloc[1]
    assert (table["rows"] == model_alone["rows"]).all()
    assert reference["mae"] == pytest.approx(model_alone["mae"], abs=1e-12)
    assert without_role["feature_set_version"] == f"{full.version}-minus-role"
    assert without_role["features"] == len(full.features) - 4
    assert without_role["mae"] != pytest.approx(reference["mae"], abs=1e-9)


def test_picks_of_a_day_without_predictions_say_so(predicted: Settings) -> None:
    """A day before the predicted window has no prediction: the table says that, not that the
    day had no pick; every pick of the window's last day names what produced it."""
    env = {
        "NBA_PROPS_PROJECT_DIR": str(predicted.project_dir),
        "NBA_PROPS_DUCKDB_PATH": str(predicted.duckdb_path),
    }
    before = date(START.year - 1, START.month, START.day)
    result = CliRunner().invoke(
        main, ["picks", "--date", before.isoformat()], env=env, catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert f"{before}: no predictions (no game that day, or not predicted yet)" in " ".join(
        result.output.split()
    )
    stages = {pick["prediction_stage"] for pick in _picks(predicted)}
    assert stages and stages <= {"model", "model_line", "line"}
