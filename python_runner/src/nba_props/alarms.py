"""Leakage alarms (anchors section 0): figures no honest points model reaches against a
sportsbook's line, so a run that shows them is treated as leaking until proven otherwise:

- a hit rate above LEAK_HIT_RATE on at least LEAK_MIN_PICKS graded picks. The anchor's 60 % is a
  figure for picks at the standard -110 price; picks at shorter prices (an alternate under at
  -400) win more often by design, so where the picks' prices are known the hit rate must also
  beat their break-even by the margin 60 % beats -110's (7.6 points);
- a model MAE at least LEAK_MAE_MARGIN points below the line's on LEAK_MIN_PICKS rows with a line.

`nba-props evaluate` and `nba-props run` fail on them; `nba-props report` shows them.
"""

from __future__ import annotations

import math

LEAK_HIT_RATE = 0.60
LEAK_MIN_PICKS = 1_000
LEAK_MAE_MARGIN = 1.0
#: The hit rate a pick at -110 needs to break even (110 / 210).
STANDARD_BREAK_EVEN = 110 / 210


def hit_rate_alarm(
    label: str,
    hit_rate: float | None,
    graded_picks: int | None,
    break_even: float | None = None,
) -> str | None:
    """The alarm of a slice's hit rate, or None; ``break_even`` is the hit rate the slice's
    picks needed at their prices (None: unknown, the anchor's rule alone)."""
    if hit_rate is None or graded_picks is None:
        return None
    if break_even is not None and math.isnan(break_even):
        break_even = None
    margin = None if break_even is None else hit_rate - break_even
    if (
        graded_picks >= LEAK_MIN_PICKS
        and hit_rate > LEAK_HIT_RATE
        and (margin is None or margin > LEAK_HIT_RATE - STANDARD_BREAK_EVEN)
    ):
        beyond = "" if break_even is None else f" (break-even {break_even:.1%})"
        return f"{label}: hit rate {hit_rate:.1%}{beyond} on {graded_picks:,} picks"
    return None


def mae_alarm(
    label: str, model_mae: float | None, line_mae: float | None, rows: int | None
) -> str | None:
    """The alarm of a model's MAE against the line's on the same rows, or None."""
    if model_mae is None or line_mae is None or rows is None:
        return None
    if rows >= LEAK_MIN_PICKS and model_mae <= line_mae - LEAK_MAE_MARGIN:
        return (
            f"{label}: MAE {model_mae:.3f} is {line_mae - model_mae:.2f} below the line's "
            f"on {rows:,} rows"
        )
    return None
