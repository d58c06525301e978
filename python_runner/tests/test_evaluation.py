"""The evaluation's leakage alarms on crafted tables (the thresholds of issue 10)."""

from __future__ import annotations

import pandas as pd
import pytest

from nba_props.evaluation import ablation_variants, leakage_alarms
from nba_props.predicting import FeatureSet
from nba_props.report.marts import accuracy_alarms


def _ablation(model_mae: float, line_mae: float) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "predictor": ["model alone", "model + line", "line", "last-10 average"],
            "rows": 5_000,
            "mae": [model_mae, model_mae, line_mae, line_mae + 0.3],
        }
    )
    return frame.assign(minus_line=frame["mae"] - line_mae)


def _picks(hit_rate: float, graded: int, break_even: float = 110 / 210) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "slice_name": ["all"],
            "slice_value": ["all"],
            "graded_picks": [graded],
            "hit_rate": [hit_rate],
            "break_even_hit_rate": [break_even],
        }
    )


def test_an_honest_window_raises_no_alarm() -> None:
    assert leakage_alarms(_ablation(5.25, 5.2), _picks(0.53, 2_000)) == ()


def test_a_model_a_point_below_the_line_is_an_alarm() -> None:
    alarms = leakage_alarms(_ablation(4.1, 5.2), _picks(0.53, 2_000))
    assert len(alarms) == 2 and all("below the line" in alarm for alarm in alarms)
    assert leakage_alarms(_ablation(4.25, 5.2), _picks(0.53, 2_000)) == ()


def test_a_hit_rate_above_60_percent_on_1000_picks_is_an_alarm() -> None:
    assert len(leakage_alarms(_ablation(5.2, 5.2), _picks(0.61, 1_000))) == 1
    assert leakage_alarms(_ablation(5.2, 5.2), _picks(0.61, 999)) == ()
    assert leakage_alarms(_ablation(5.2, 5.2), _picks(0.60, 5_000)) == ()


def test_picks_at_short_prices_must_beat_their_break_even_by_the_anchors_margin() -> None:
    """60 % at -110 is 7.6 points over break-even; alternates at -400 need 80 % to break even,
    so 75 % there is no alarm and 88 % is one; unknown prices keep the anchor's 60 %."""
    at_minus_400 = 400 / 500
    assert leakage_alarms(_ablation(5.2, 5.2), _picks(0.75, 2_000, at_minus_400)) == ()
    alarms = leakage_alarms(_ablation(5.2, 5.2), _picks(0.88, 2_000, at_minus_400))
    assert alarms == ("picks all=all: hit rate 88.0% (break-even 80.0%) on 2,000 picks",)
    assert len(leakage_alarms(_ablation(5.2, 5.2), _picks(0.65, 2_000, float("nan")))) == 1


def test_the_report_raises_both_alarms_per_slice_of_its_window() -> None:
    row = {"system_id": "lgbm", "slice_name": "recommendation", "slice_value": "OVER"}
    honest = {**row, "hit_rate": 0.55, "graded_picks": 3_000, "break_even_hit_rate": 0.5238,
              "model_mae": 5.1, "line_mae": 5.0, "rows_with_line": 6_000}  # fmt: skip
    assert accuracy_alarms((honest,)) == []
    leaking = {**honest, "hit_rate": 0.7, "model_mae": 3.9}
    assert accuracy_alarms((leaking,)) == [
        "lgbm recommendation=OVER: hit rate 70.0% (break-even 52.4%) on 3,000 picks",
        "lgbm recommendation=OVER: MAE 3.900 is 1.10 below the line's on 6,000 rows",
    ]
    # no graded picks, too few rows with a line: nothing to judge
    assert accuracy_alarms(({**leaking, "hit_rate": None, "rows_with_line": 999},)) == []


def test_ablation_variants_remove_one_group_each_and_keep_the_rest_in_order() -> None:
    full = FeatureSet("v10", ("a1", "b1", "a2", "c1"))
    groups = {"a": ["a1", "a2"], "b": ["b1"], "c": ["c1"]}
    variants = ablation_variants(full, groups, ["a", "c"], [FeatureSet("v9", ("a1", "b1"))])
    assert [(v.label, v.feature_set) for v in variants] == [
        ("model alone without a", FeatureSet("v10-minus-a", ("b1", "c1"))),
        ("model alone without c", FeatureSet("v10-minus-c", ("a1", "b1", "a2"))),
        ("model alone, feature set v9", FeatureSet("v9", ("a1", "b1"))),
    ]


def test_an_unknown_ablation_group_is_refused_by_name() -> None:
    full = FeatureSet("v10", ("a1",))
    with pytest.raises(ValueError, match=r"\['nope'\]"):
        ablation_variants(full, {"a": ["a1"]}, ["nope"])
