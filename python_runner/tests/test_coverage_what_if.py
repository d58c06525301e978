"""The coverage what-if mart against a direct count from the candidates' gate columns.

coverage_what_if recomputes the gate (its own macros) on each blocked candidate with one feature
(or one source class) made real. Here the same numbers are bounded from prediction_candidates
alone, without the gate's formulas: a blocked candidate can only pass once its required
defaults are all fixed, so it counts for a feature only when that feature is its one required
default (or, for a source class, when all its required defaults belong to the class), it is not
blocked for its team or as out; and it surely passes when its quality score is already at least
70 and its matchup share at least 50 (making a feature real never lowers either).
"""

from __future__ import annotations

import pandas as pd
import pytest

from nba_props.warehouse import Warehouse


@pytest.fixture(scope="module")
def what_if(warehouse: Warehouse, repo_root) -> pd.DataFrame:
    return warehouse.query_df(
        f"""
        select what_if_kind, what_if_name, source_class, sum(blocked_with_gap) as blocked_with_gap,
            sum(would_pass) as would_pass, sum(would_pass_with_line) as would_pass_with_line
        from {warehouse.relation("what_if")}
        group by what_if_kind, what_if_name, source_class
        """
    ).set_index(["what_if_kind", "what_if_name"])


@pytest.fixture(scope="module")
def blocked(warehouse: Warehouse, repo_root) -> pd.DataFrame:
    return warehouse.query_df(
        f"""
        select player_id, game_date, gate_reason, team_resolution, injury_status, line_value,
            default_feature_indices, feature_quality_score, matchup_quality_pct
        from {warehouse.relation("candidates")}
        where not passes_gate and has_feature_row
        """
    )


@pytest.fixture(scope="module")
def contract(warehouse: Warehouse, repo_root) -> pd.DataFrame:
    return warehouse.query_df(
        f"select feature_index, feature_name, source_class, is_optional "
        f"from {warehouse.relation('contract')}"
    ).set_index("feature_index")


def _direct_counts(blocked: pd.DataFrame, fixed: set[int], optional: set[int]) -> dict[str, int]:
    """Blocked candidates with one of ``fixed`` default; those that may pass once they are real
    (upper bound) and those that surely pass (lower bound), each also with a line."""
    defaults = blocked["default_feature_indices"].map(lambda v: {int(i) for i in v})
    required = defaults.map(lambda v: v - optional)
    has_gap = defaults.map(lambda v: bool(v & fixed))
    side_ok = (blocked["team_resolution"] != "unresolved") & (
        blocked["injury_status"].fillna("") != "out"
    )
    may_pass = has_gap & required.map(lambda v: bool(v) and v <= fixed) & side_ok
    surely = (
        may_pass & (blocked["feature_quality_score"] >= 70) & (blocked["matchup_quality_pct"] >= 50)
    )
    line = blocked["line_value"].notna()
    return {
        "blocked_with_gap": int(has_gap.sum()),
        "upper": int(may_pass.sum()),
        "lower": int(surely.sum()),
        "upper_line": int((may_pass & line).sum()),
        "lower_line": int((surely & line).sum()),
    }


def test_what_if_gain_lies_between_direct_counts(
    what_if: pd.DataFrame, blocked: pd.DataFrame, contract: pd.DataFrame
) -> None:
    """Per required feature and per source class: the mart's blocked count equals the direct
    count, and its gain (and gain with a line) lies between the sure and the possible passes;
    on the sample the sure passes are many (the check is not vacuous)."""
    optional = set(contract.index[contract["is_optional"]])
    assert len(blocked) > 0
    variants: list[tuple[str, str, set[int]]] = [
        ("feature", row.feature_name, {int(index)})
        for index, row in contract.iterrows()
        if not row.is_optional
    ]
    variants += [
        (
            "source_class",
            source,
            {int(i) for i in contract.index[contract["source_class"] == source]},
        )
        for source in sorted(contract["source_class"].unique())
    ]
    sure_total = 0
    for kind, name, fixed in variants:
        direct = _direct_counts(blocked, fixed, optional)
        key = (kind, name)
        got = what_if.loc[key] if key in what_if.index else None
        got_gap = 0 if got is None else int(got["blocked_with_gap"])
        got_pass = 0 if got is None else int(got["would_pass"])
        got_line = 0 if got is None else int(got["would_pass_with_line"])
        assert got_gap == direct["blocked_with_gap"], key
        if fixed & optional:
            continue  # an optional feature's weight can lift a row past the score bar alone
        assert direct["lower"] <= got_pass <= direct["upper"], (key, direct, got_pass)
        assert direct["lower_line"] <= got_line <= direct["upper_line"], (key, direct, got_line)
        sure_total += direct["lower"]
    assert sure_total > 100


def test_what_if_rows_are_sorted_by_gain_in_the_report(warehouse: Warehouse, repo_root) -> None:
    """The report's what-if table lists the largest gain (with a line, then overall) first."""
    from nba_props.report.marts import MartReader
    from nba_props.report.model import Window

    section = MartReader(warehouse, Window()).what_if()
    gains = [(row["would_pass_with_line"], row["would_pass"]) for row in section.rows]
    assert section.available and gains == sorted(gains, reverse=True) and gains[0][1] > 0
