"""The picks table as a person reads it: what produced each prediction, reasons only where the
model shaped it, and an empty day that says why it is empty."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.console import Console

from nba_props.report.terminal import no_picks_text, render_picks

DAY = date(2025, 1, 9)


def _pick(name: str, stage: str, predicted: float, line: float) -> dict[str, Any]:
    """One OVER pick at an assumed price with the model's three largest reasons."""
    reasons = {
        f"reason_{rank}_{part}": value
        for rank, (feature, points) in enumerate(
            [("points_avg_season", 2.5), ("minutes_avg_last_3", -1.25), ("pace_score", 0.5)],
            start=1,
        )
        for part, value in (("feature", feature), ("points", points))
    }
    return {
        "player_id": 1,
        "player_name": name,
        "team_abbr": "ATL",
        "opponent_abbr": "PHX",
        "line_value": line,
        "line_book": "prizepicks",
        "predicted_points": predicted,
        "prediction_stage": stage,
        "edge": predicted - line,
        "prob_over": 0.55,
        "recommendation": "OVER",
        "gate_reason": None,
        "pick_line": line - 0.5,
        "pick_book": "underdog",
        "pick_price": -110,
        "pick_price_assumed": True,
        "expected_value": 0.02,
        **reasons,
    }


def _rendered(rows: list[dict[str, Any]], predictions: int | None = None) -> str:
    console = Console(record=True, width=260, color_system=None)
    render_picks(console, DAY, rows, predictions)
    return console.export_text()


def test_each_pick_says_what_produced_its_prediction() -> None:
    """The "from" column names the stage; a pick whose prediction is the line shows no model
    reasons (they explain the model's points, not the line) and the table says why."""
    text = _rendered(
        [
            _pick("Stage Player", "model_line", 21.0, 20.5),
            _pick("Line Player", "line", 7.0, 7.0),
            _pick("Model Player", "model", 9.0, 8.0),
        ]
    )
    rows = {line.split("│")[1].strip(): line for line in text.splitlines() if "│" in line}
    header = [cell.strip() for cell in text.splitlines()[2].split("┃")[1:-1]]
    assert header[4:6] == ["predicted", "from"]
    stage = {name: [cell.strip() for cell in row.split("│")][6] for name, row in rows.items()}
    assert stage == {
        "Stage Player": "model + line",
        "Line Player": "line",
        "Model Player": "model",
    }
    reasons = "points_avg_season +2.5, minutes_avg_last_3 -1.2, pace_score +0.5"
    assert reasons in rows["Stage Player"] and reasons in rows["Model Player"]
    assert "points_avg_season" not in rows["Line Player"]
    assert rows["Line Player"].rstrip().rstrip("│").rstrip().endswith("-")
    assert "the line is the prediction and the model's reasons do not apply" in text


def test_a_table_without_a_line_stage_pick_has_no_line_note() -> None:
    text = _rendered([_pick("Model Player", "model", 9.0, 8.0)])
    assert "the line is the prediction" not in text


def test_reasons_that_do_not_apply_take_no_room() -> None:
    """Line-stage picks only: the reasons column is as narrow as its header, not as wide as the
    model's unused feature names."""
    text = _rendered([_pick("Line Player", "line", 7.0, 7.0)])
    header = text.splitlines()[2]
    assert header.rstrip().endswith("┃ reasons ┃")


def test_an_empty_day_says_whether_anything_was_predicted() -> None:
    nothing = f"{DAY}: no predictions (no game that day, or not predicted yet)"
    assert no_picks_text(DAY, 0) == nothing
    assert no_picks_text(DAY, None) == no_picks_text(DAY, 0)
    assert no_picks_text(DAY, 1234) == (
        f"{DAY}: 1,234 predictions, none an OVER / UNDER pick "
        f"(`nba-props picks --date {DAY} --all` lists them)"
    )
    assert no_picks_text(DAY, 327) in " ".join(_rendered([], 327).split())
