"""The evaluation's leakage alarms on crafted tables (the thresholds of issue 10)."""

from __future__ import annotations

import pandas as pd
import pytest

from nba_props.evaluation import ablation_variants, leakage_alarms
from nba_props.predicting import FeatureSet


def _ablation(model_mae: float, line_mae: float) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "predictor": ["model alone", "model + line", "line", "last-10 average"],
            "rows": 5_000,
            "mae": [model_mae, model_mae, line_mae, line_mae + 0.3],
        }
    )
    return frame.assign(minus_line=frame["mae"] - line_mae)


def _picks(hit_rate: float, graded: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "slice_name": ["all"],
            "slice_value": ["all"],
            "graded_picks": [graded],
            "hit_rate": [hit_rate],
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
