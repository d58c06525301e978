"""One gate for training and serving: the runner's training rows and candidates both come from
dbt models built from one SQL definition (macros/serving_gate.sql), so a row serving blocks is
never trained on (``player_out`` included), and only universe rows are candidates.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from nba_props.predicting import candidates, model_features, training_rows
from nba_props.warehouse import Warehouse

CONTEXT = "upcoming_player_game_context"
STORE = "ml_feature_store_v2"
GAMES = "player_game_summary"


def _table(warehouse: Warehouse, model: str) -> str:
    """The model's ``schema.table``, from the manifest."""
    return warehouse.project.model(model).schema_table


def _with_context(warehouse: Warehouse, rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` (player_id, game_date) with the row's injury status, universe flag, store gate."""
    context = warehouse.query_df(
        f"select context.player_id, context.game_date, context.injury_status, "
        f"context.in_universe, store.is_quality_ready "
        f"from {_table(warehouse, CONTEXT)} as context "
        f"inner join {_table(warehouse, STORE)} as store using (player_id, game_date)"
    )
    context["game_date"] = pd.to_datetime(context["game_date"])
    keyed = rows.assign(game_date=pd.to_datetime(rows["game_date"]))
    return keyed.merge(context, on=["player_id", "game_date"], how="left", validate="1:1")


def test_no_training_row_that_serving_would_block(warehouse: Warehouse) -> None:
    features = model_features(warehouse)
    rows = _with_context(warehouse, training_rows(warehouse, features, date(2026, 1, 1)))
    assert len(rows) > 0
    assert rows["is_quality_ready"].all()
    assert not (rows["injury_status"] == "out").any(), "player_out rows are trained on"
    assert rows["actual_points"].notna().all()


def test_training_rows_are_every_played_row_that_passes_the_gate(warehouse: Warehouse) -> None:
    """Exactly the played rows whose store row is ready and whose player was not out, universe
    or not: nothing passing the gate is lost, and played rows outside the universe count."""
    expected = warehouse.query_df(
        f"select count(*) as n, count(*) filter (where not context.in_universe) as outside "
        f"from {_table(warehouse, STORE)} as store "
        f"inner join {_table(warehouse, CONTEXT)} as context using (player_id, game_date) "
        f"inner join {_table(warehouse, GAMES)} as games on games.player_id = store.player_id "
        f"and games.game_id = store.game_id "
        f"where store.is_quality_ready and games.is_played "
        f"and context.injury_status != 'out' and context.team_resolution != 'unresolved'"
    )
    rows = _with_context(
        warehouse, training_rows(warehouse, model_features(warehouse), date(2026, 1, 1))
    )
    assert len(rows) == int(expected["n"].iloc[0])
    assert int((~rows["in_universe"].astype(bool)).sum()) == int(expected["outside"].iloc[0]) > 0


def test_candidates_are_the_universe_and_blocked_out_players(warehouse: Warehouse) -> None:
    start, end = date(2024, 11, 1), date(2024, 11, 30)
    pool = candidates(warehouse, model_features(warehouse), start, end)
    universe = warehouse.query_df(
        f"select count(*) as n from {_table(warehouse, CONTEXT)} "
        "where in_universe and game_date between ? and ?",
        [start, end],
    )
    assert len(pool) == int(universe["n"].iloc[0]) > 0
    rows = _with_context(warehouse, pool[["player_id", "game_date", "gate_reason", "passes_gate"]])
    assert rows["in_universe"].all()
    out = rows[rows["injury_status"] == "out"]
    assert len(out) > 0 and not out["passes_gate"].any()
    assert (out.loc[out["is_quality_ready"], "gate_reason"] == "player_out").all()
    assert (rows["passes_gate"] == rows["gate_reason"].isna()).all()
