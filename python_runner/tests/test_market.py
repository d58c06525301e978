"""The market module on its own: the predictive distribution of points, the second stage, and
picks by expected value across a priced multi-book feed (no warehouse needed)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from nba_props.contract import PickRule
from nba_props.market import (
    ANCHOR_LINE_RESIDUALS,
    ANCHOR_STAGE_AT_LINE,
    MIN_STAGE_ROWS,
    PointsDistribution,
    best_offers,
    decimal_odds,
    fit_line_calibration,
    fit_line_stage,
    fit_market_blend,
    market_prob_at_line,
    no_vig_prob_over,
)
from nba_props.predicting import combine_stages, recommend_by_value


def _season(rng: np.random.Generator, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """Players' true means (2..35 points) and points drawn around them (over-dispersed,
    right-skewed like real scoring: a gamma-Poisson mixture)."""
    means = rng.uniform(2.0, 35.0, rows)
    points = rng.poisson(rng.gamma(shape=6.0, scale=means / 6.0)).astype(float)
    return means, points


def test_prob_over_is_calibrated_on_rows_it_was_not_fitted_on() -> None:
    """Fitted on one season of a known scoring process, checked on another: in every decile of
    P(over) at half-point lines near each mean the observed over rate lies
    within its 95 % interval in at least 7 of 10 and within 4 points in all (the fitted scale is
    an approximation of the true spread),
    and the probability tracks the line."""
    rng = np.random.default_rng(11)
    means, points = _season(rng, 20_000)
    distribution = PointsDistribution.fit(means, points)
    means, points = _season(rng, 20_000)
    lines = np.maximum(np.round(means + rng.normal(0.0, 3.0, means.size)), 0.0) + 0.5
    probability = distribution.prob_over(means, lines)
    outcome = np.where(points > lines, 1.0, np.where(points < lines, 0.0, np.nan))
    frame = pd.DataFrame({"p": probability, "over": outcome}).dropna()
    frame["decile"] = pd.qcut(frame["p"].rank(method="first"), 10, labels=False)
    inside = 0
    for decile, rows in frame.groupby("decile"):
        observed, n = rows["over"].mean(), len(rows)
        error = 1.96 * np.sqrt(observed * (1 - observed) / n) + 1 / n
        inside += abs(rows["p"].mean() - observed) <= error
        assert abs(rows["p"].mean() - observed) <= 0.04, (decile, rows["p"].mean(), observed)
    assert inside >= 7
    assert frame.groupby("decile")["over"].mean().is_monotonic_increasing


def test_prob_over_on_whole_lines_is_the_over_rate_of_decided_bets() -> None:
    """On whole lines a push is no outcome (went_over, hit rates): fitted on one season, checked
    on another, the mean P(over) matches the over rate of the decided rows within a point and
    every decile within 4 (P(actual > line) alone sits about half a push, 2-3 points, low)."""
    rng = np.random.default_rng(12)
    distribution = PointsDistribution.fit(*_season(rng, 20_000))
    means, points = _season(rng, 20_000)
    lines = np.maximum(np.round(means + rng.normal(0.0, 3.0, means.size)), 1.0)
    probability = distribution.prob_over(means, lines)
    outcome = np.where(points > lines, 1.0, np.where(points < lines, 0.0, np.nan))
    frame = pd.DataFrame({"p": probability, "over": outcome}).dropna()
    assert abs(frame["p"].mean() - frame["over"].mean()) < 0.01
    frame["decile"] = pd.qcut(frame["p"].rank(method="first"), 10, labels=False)
    by_decile = frame.groupby("decile")[["p", "over"]].mean()
    assert (by_decile["p"] - by_decile["over"]).abs().max() <= 0.04, by_decile


def test_a_whole_line_beats_the_half_point_line_past_it_at_the_same_price() -> None:
    """Over 17 and over 17.5 both win from 18 points; on 17 the stake comes back, so at the
    same price the whole line is the better bet and the pick, whatever the book order."""
    distribution = _even_distribution()
    rows = pd.DataFrame(
        {"game_id": ["g1"], "player_id": [1], "predicted_points": [22.0], "distribution_index": [0]}
    )
    offers = pd.DataFrame(
        {
            "game_id": ["g1", "g1"],
            "player_id": [1, 1],
            "bookmaker": ["a_half_point_book", "z_whole_line_book"],
            "line": [17.5, 17.0],
            "over_price": [-110.0, -110.0],
            "under_price": [-110.0, -110.0],
        }
    )
    pick = best_offers(rows, offers, [distribution], assumed_price=-110.0).iloc[0]
    assert (pick["pick_side"], pick["pick_book"], pick["pick_line"]) == (
        "OVER",
        "z_whole_line_book",
        17.0,
    )
    predicted, line = np.array([22.0]), np.array([17.0])
    push = distribution.prob_push(predicted, line)[0]
    win = distribution.prob_over(predicted, line)[0]
    assert np.isclose(
        pick["expected_value"], (1 - push) * (win * decimal_odds(np.array([-110.0]))[0] - 1)
    )
    assert np.isclose(pick["pick_prob_win"], win)


def test_prob_over_falls_as_the_line_rises_and_sides_add_up() -> None:
    """For any prediction: P(over) never rises with the line; over and under are complements
    (given no push); the push, P(actual = line), is 0 on a half-point line and the mass at the
    line on a whole one."""
    rng = np.random.default_rng(3)
    distribution = PointsDistribution.fit(*_season(rng, 5_000))
    predicted = rng.uniform(0.0, 40.0, 500)
    for offset in np.arange(-10.0, 10.0, 0.5):
        lower = distribution.prob_over(predicted, np.maximum(predicted + offset, 0.5))
        higher = distribution.prob_over(predicted, np.maximum(predicted + offset + 0.5, 0.5))
        assert (higher <= lower + 1e-12).all()
    half = np.floor(predicted) + 0.5
    total = distribution.prob_over(predicted, half) + distribution.prob_under(predicted, half)
    assert np.allclose(total, 1.0)
    assert np.allclose(distribution.prob_push(predicted, half), 0.0)
    whole = np.floor(predicted) + 1
    push = distribution.prob_at_least(predicted, whole) - distribution.prob_at_least(
        predicted, whole + 1
    )
    sides = distribution.prob_over(predicted, whole) + distribution.prob_under(predicted, whole)
    assert np.allclose(sides, 1.0) and (push > 0).all()
    assert np.allclose(distribution.prob_push(predicted, whole), push)
    over_given_decided = distribution.prob_at_least(predicted, whole + 1) / (1 - push)
    assert np.allclose(distribution.prob_over(predicted, whole), over_given_decided)
    assert np.isnan(distribution.prob_over(np.array([20.0]), np.array([np.nan]))).all()


def _line_rows(
    rng: np.random.Generator, rows: int, model_noise: float, line_noise: float
) -> dict[str, np.ndarray]:
    means, points = _season(rng, rows)
    return {
        "model_points": means + rng.normal(0.0, model_noise, rows),
        "line": np.round(means + rng.normal(0.0, line_noise, rows)) + 0.5,
        "recent": means + rng.normal(0.0, 3.0, rows),
        "actual": points,
    }


def _mae(predicted: np.ndarray, actual: np.ndarray) -> float:
    return float(np.mean(np.abs(predicted - actual)))


def test_second_stage_beats_the_line_only_where_the_model_knows_more() -> None:
    """Fitted on earlier rows, scored on later ones: when the model is sharper than the line
    the stage moves toward the model and beats the line; when the model is noise beside the
    line the stage stays at the line (within a few hundredths)."""
    rng = np.random.default_rng(5)
    for model_noise, line_noise, must_beat in ((1.0, 3.0, True), (6.0, 1.0, False)):
        earlier = _line_rows(rng, 3_000, model_noise, line_noise)
        later = _line_rows(rng, 3_000, model_noise, line_noise)
        stage = fit_line_stage(
            earlier["model_points"], earlier["line"], earlier["recent"], earlier["actual"]
        )
        assert stage is not None and stage.rows == 3_000
        predicted = stage.predict(later["model_points"], later["line"], later["recent"])
        line_mae = _mae(later["line"], later["actual"])
        if must_beat:
            assert stage.slopes[0] > 0.3
            assert _mae(predicted, later["actual"]) < line_mae - 0.2
        else:
            assert abs(stage.slopes[0]) < 0.1
            assert _mae(predicted, later["actual"]) < line_mae + 0.03


def test_second_stage_keeps_the_median_of_a_skewed_outcome() -> None:
    """A line is set at the median of a right-skewed outcome (a few big nights pull the mean
    above it) and the model knows nothing more: the stage is judged by absolute error, so it
    stays at the line's median instead of moving every prediction up by the mean residual."""
    rng = np.random.default_rng(11)

    def rows(count: int) -> dict[str, np.ndarray]:
        line = np.round(rng.uniform(5.0, 30.0, count)) + 0.5
        excess = np.round(rng.exponential(6.0, count) - 6.0 * np.log(2.0))
        return {
            "model_points": line + rng.normal(0.0, 3.0, count),
            "line": line,
            "recent": line + rng.normal(0.0, 3.0, count),
            "actual": np.maximum(line - 0.5 + excess, 0.0),
        }

    earlier, later = rows(3_000), rows(3_000)
    assert np.mean(later["actual"] - later["line"]) > 1.0
    stage = fit_line_stage(
        earlier["model_points"], earlier["line"], earlier["recent"], earlier["actual"]
    )
    assert stage is not None
    predicted = stage.predict(later["model_points"], later["line"], later["recent"])
    assert _mae(predicted, later["actual"]) < _mae(later["line"], later["actual"]) + 0.02


def test_without_a_fitted_second_stage_a_line_row_is_predicted_at_its_line() -> None:
    """Too few earlier line rows to fit the second stage: its prior serves, the line itself
    (stage "line", the line stage's distribution), not the model's disagreement with it; a
    row without a line is the model's, a blocked row has no prediction."""
    model_points = pd.Series([24.1, 7.3, np.nan])
    line = pd.Series([18.5, np.nan, 11.5])
    recent = pd.Series([17.0, 8.0, 12.0])
    predicted, stage, distribution_index = combine_stages(model_points, line, recent, None)
    assert predicted.iloc[:2].tolist() == [18.5, 7.3] and np.isnan(predicted.iloc[2])
    assert stage.iloc[:2].tolist() == ["line", "model"] and pd.isna(stage.iloc[2])
    assert distribution_index.iloc[:2].tolist() == [1, 0]


def test_second_stage_needs_enough_earlier_line_rows() -> None:
    rng = np.random.default_rng(9)
    rows = _line_rows(rng, MIN_STAGE_ROWS, 2.0, 2.0)
    assert fit_line_stage(rows["model_points"], rows["line"], rows["recent"], rows["actual"])
    rows["line"][0] = np.nan
    assert (
        fit_line_stage(rows["model_points"], rows["line"], rows["recent"], rows["actual"]) is None
    )


def test_odds_arithmetic_on_known_prices() -> None:
    assert np.allclose(decimal_odds(np.array([-110.0, 150.0, -200.0, 100.0])),
                       [1 + 100 / 110, 2.5, 1.5, 2.0])  # fmt: skip
    assert np.isclose(no_vig_prob_over(np.array([-110.0]), np.array([-110.0]))[0], 0.5)
    assert np.isclose(
        no_vig_prob_over(np.array([-150.0]), np.array([130.0]))[0], 0.6 / (0.6 + 1 / 2.3)
    )
    assert np.isnan(no_vig_prob_over(np.array([np.nan]), np.array([-110.0]))[0])


#: A priced multi-book feed for one slate, as int_prop_lines__offers returns it (each book's
#: latest pre-game snapshot; the post-tip-off snapshot is already gone - the SQL unit test
#: offers_are_each_books_latest_pre_tip_lines_with_prices covers that cut).
PRICED_OFFERS = pd.DataFrame(
    [
        # player 1: three books around 24.5, one alternate ladder with prices.
        ("g1", 1, "draftkings", 24.5, -115, -105),
        ("g1", 1, "draftkings", 21.5, -190, 155),
        ("g1", 1, "draftkings", 27.5, 165, -200),
        ("g1", 1, "fanduel", 24.5, -110, -110),
        ("g1", 1, "pinnacle", 25.0, -102, -108),
        # player 2: only an unpriced pick'em book (the assumed price applies).
        ("g1", 2, "prizepicks", 12.5, None, None),
        # player 3: a generous under at one book.
        ("g2", 3, "fanduel", 18.5, -110, -110),
        ("g2", 3, "betmgm", 18.5, -125, 105),
    ],
    columns=["game_id", "player_id", "bookmaker", "line", "over_price", "under_price"],
)


def _even_distribution() -> PointsDistribution:
    rng = np.random.default_rng(1)
    return PointsDistribution.fit(*_season(rng, 10_000))


def test_best_offer_shops_every_book_and_line_and_names_its_price() -> None:
    distribution = _even_distribution()
    rows = pd.DataFrame(
        {
            "game_id": ["g1", "g1", "g2", "g9"],
            "player_id": [1, 2, 3, 4],
            "predicted_points": [27.0, 12.0, 17.0, 20.0],
            "distribution_index": [0, 0, 0, 0],
        },
        index=[10, 11, 12, 13],
    )
    picks = best_offers(rows, PRICED_OFFERS, [distribution], assumed_price=-110.0)
    assert list(picks.index) == [10, 11, 12, 13]
    every_side = []
    for _, offer in PRICED_OFFERS.iterrows():
        row = rows[
            (rows["game_id"] == offer["game_id"]) & (rows["player_id"] == offer["player_id"])
        ]
        predicted, line = row["predicted_points"].to_numpy(), np.array([offer["line"]])
        for side, price in (("OVER", offer["over_price"]), ("UNDER", offer["under_price"])):
            price = -110.0 if pd.isna(price) else float(price)
            p = (distribution.prob_over if side == "OVER" else distribution.prob_under)(
                predicted, line
            )[0]
            push = distribution.prob_push(predicted, line)[0]
            value = (1 - push) * (p * decimal_odds(np.array([price]))[0] - 1)
            every_side.append((row.index[0], side, offer["bookmaker"], offer["line"], price, value))
    table = pd.DataFrame(every_side, columns=["row", "side", "book", "line", "price", "ev"])
    for row_index, offers in table.groupby("row"):
        best = offers.loc[offers["ev"].idxmax()]
        pick = picks.loc[row_index]
        assert (pick["pick_side"], pick["pick_book"], pick["pick_line"], pick["pick_price"]) == (
            best["side"],
            best["book"],
            best["line"],
            best["price"],
        )
        assert np.isclose(pick["expected_value"], best["ev"])
    assert picks.loc[11, "pick_price_assumed"] and picks.loc[11, "pick_price"] == -110.0
    assert not picks.loc[[10, 12], "pick_price_assumed"].any()
    assert picks.loc[12, ["pick_side", "pick_book"]].tolist() == ["UNDER", "betmgm"]
    assert picks.loc[13].isna().all()  # no offer for that player: nothing to pick


def test_a_side_a_priced_book_leaves_unpriced_is_no_offer() -> None:
    """A book that prices a line on one side only (an over-only alternate ladder, a side off
    the board) does not offer the other side: no pick there at the assumed price. A line with
    no price on either side (pick'em) is still taken at the assumed price."""
    distribution = _even_distribution()
    offers = pd.DataFrame(
        [
            ("g1", 1, "draftkings", 24.5, -110, -110),
            # over-only alternates: at an assumed -110 the unders would be the best "value"
            ("g1", 1, "draftkings", 29.5, 250, None),
            ("g1", 1, "draftkings", 34.5, 500, None),
            # the under side priced alone
            ("g1", 2, "fanduel", 12.5, None, -120),
            # pick'em: neither side priced
            ("g1", 3, "prizepicks", 18.5, None, None),
        ],
        columns=["game_id", "player_id", "bookmaker", "line", "over_price", "under_price"],
    )
    rows = pd.DataFrame(
        {
            "game_id": ["g1", "g1", "g1"],
            "player_id": [1, 2, 3],
            "predicted_points": [24.0, 16.0, 15.0],
            "distribution_index": [0, 0, 0],
        }
    )
    picks = best_offers(rows, offers, [distribution], assumed_price=-110.0)
    assert picks.loc[0, ["pick_side", "pick_line", "pick_price"]].tolist() != [
        "UNDER", 34.5, -110.0,
    ]  # fmt: skip
    assert not picks.loc[0, "pick_price_assumed"]
    priced = {(24.5, "OVER"), (24.5, "UNDER"), (29.5, "OVER"), (34.5, "OVER")}
    assert (picks.loc[0, "pick_line"], picks.loc[0, "pick_side"]) in priced
    # player 2: only the priced under is offered, at its own price
    assert picks.loc[1, ["pick_side", "pick_price", "pick_price_assumed"]].tolist() == [
        "UNDER", -120.0, False,
    ]  # fmt: skip
    assert picks.loc[2, "pick_price_assumed"] and picks.loc[2, "pick_price"] == -110.0


def test_a_one_sided_price_is_judged_by_the_market_net_of_its_books_margin() -> None:
    """An over-only longshot the model likes is no pick while the market is trusted: its
    market view is the price's implied probability less the margin the book charges on its
    two-sided lines of the player (without one, the implied probability itself)."""
    offers = pd.DataFrame(
        [
            ("g1", 1, "draftkings", 24.5, -110, -110),
            ("g1", 1, "draftkings", 34.5, 600, None),
            ("g1", 2, "fanduel", 30.5, None, 400),
        ],
        columns=["game_id", "player_id", "bookmaker", "line", "over_price", "under_price"],
    )
    market = market_prob_at_line(offers)
    margin = 2 / decimal_odds(np.array([-110.0]))[0] - 1
    assert np.isclose(market[1], (1 / 7) / (1 + margin))
    assert np.isclose(market[2], 1 - 1 / 5)  # no two-sided line at fanduel: no margin known
    rows = pd.DataFrame(
        {"game_id": ["g1"], "player_id": [1], "predicted_points": [30.0],
         "distribution_index": [0]}
    )  # fmt: skip
    distribution = _even_distribution()
    alone = best_offers(rows, offers, [distribution], -110.0)
    assert alone.loc[0, ["pick_side", "pick_line"]].tolist() == ["OVER", 34.5]
    assert alone.loc[0, "expected_value"] > 0.2
    trusting_the_market = fit_market_blend(np.array([]), np.array([]), np.array([]))
    picks = best_offers(rows, offers, [distribution], -110.0, trusting_the_market)
    assert (picks["expected_value"] < 0).all() and picks.loc[0, "pick_market_blended"]


def test_recommend_only_above_the_expected_value_threshold() -> None:
    """At a fair coin an -110 price loses (EV < 0): PASS at threshold 0; a +EV offer is
    recommended at 0 and passed at a threshold above its value; no line = NO_LINE; blocked =
    None."""
    picks = pd.DataFrame(
        {
            "pick_side": ["OVER", "UNDER", "OVER", None, "UNDER"],
            "expected_value": [0.5 * (1 + 100 / 110) - 1, 0.04, 0.04, np.nan, 0.2],
        }  # fmt: skip
    )
    line = pd.Series([20.5, 18.5, 18.5, np.nan, 9.5])
    predicted = pd.Series([20.5, 17.0, 17.0, 15.0, np.nan])
    rule = PickRule()
    assert rule.min_expected_value == 0.0 and rule.assumed_price == -110.0
    assert recommend_by_value(picks, line, predicted, 0.0).tolist() == [
        "PASS", "UNDER", "OVER", "NO_LINE", None
    ]  # fmt: skip
    assert recommend_by_value(picks, line, predicted, 0.05).tolist()[:3] == ["PASS"] * 3


def _priced_market(
    rng: np.random.Generator, rows: int, model_noise: float, market_noise: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """P(over) of a model and of a no-vig market, each a noisy view (on the logit scale) of the
    true probability, and the outcomes drawn from the truth."""
    truth = rng.uniform(0.2, 0.8, rows)
    true_logit = np.log(truth / (1 - truth))

    def view(noise: float) -> np.ndarray:
        return 1 / (1 + np.exp(-(true_logit + rng.normal(0.0, noise, rows))))

    return view(model_noise), view(market_noise), (rng.uniform(size=rows) < truth).astype(float)


def test_market_blend_leans_on_whichever_view_knows_more() -> None:
    """Fitted on one season, the blend trusts the market when the model knows less (the model's
    weight below a half; blended probabilities score no worse than either on a new season) and
    moves toward the model when it knows more; with no rows, the market alone."""
    rng = np.random.default_rng(5)

    def log_loss(p: np.ndarray, won: np.ndarray) -> float:
        return float(-np.mean(won * np.log(p) + (1 - won) * np.log(1 - p)))

    for model_noise, market_noise, model_knows_more in ((1.2, 0.3, False), (0.3, 1.2, True)):
        blend = fit_market_blend(*_priced_market(rng, 20_000, model_noise, market_noise))
        assert blend.rows == 20_000
        assert (blend.model_weight > 0.5) == model_knows_more
        model, market, won = _priced_market(rng, 20_000, model_noise, market_noise)
        blended = blend.prob_win(model, market)
        assert log_loss(blended, won) <= min(log_loss(model, won), log_loss(market, won)) + 1e-3
        # Never outside the two views: a longshot both price at 20 % is not made value.
        low, high = np.minimum(model, market), np.maximum(model, market)
        assert ((blended >= low - 1e-12) & (blended <= high + 1e-12)).all()
        assert np.allclose(blend.prob_win(np.full(3, 0.2), np.full(3, 0.2)), 0.2)
    assert fit_market_blend(*_priced_market(rng, 0, 0.5, 0.5)).model_weight == 0.0


def test_a_fair_price_leaves_no_value_once_blended() -> None:
    """A model that knows nothing the market does not (a noisier view of the same truth) sees
    value everywhere on its own at the market's vigged prices; blended, its best side's
    expected value is about the vig, and an unpriced offer keeps the model's probability."""
    rng = np.random.default_rng(8)
    blend = fit_market_blend(*_priced_market(rng, 20_000, 1.0, 0.2))
    model, market, won = _priced_market(rng, 5_000, 1.0, 0.2)
    vig = 0.045
    odds_over, odds_under = 1 / (market * (1 + vig)), 1 / ((1 - market) * (1 + vig))

    def best_value(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        over = p * odds_over - 1
        under = (1 - p) * odds_under - 1
        realised = np.where(over >= under, won * odds_over - 1, (1 - won) * odds_under - 1)
        return np.maximum(over, under), realised

    claimed_alone, realised_alone = best_value(model)
    claimed_blended, realised_blended = best_value(blend.prob_win(model, market))
    assert claimed_alone.mean() > 0.15 > realised_alone.mean() + 0.15
    assert abs(claimed_blended.mean() - realised_blended.mean()) < 0.03
    assert claimed_blended.mean() < 0.01
    assert np.array_equal(blend.prob_win(model, np.full(model.size, np.nan)), model)


def test_pick_em_lines_take_the_priced_books_view_at_the_same_line() -> None:
    """An unpriced pick'em offer is judged by the market's no-vig probability at its line (the
    mean over books pricing that line): with the market trusted alone (no earlier rows), a fair
    -110/-110 line at both books leaves the assumed -110 price with a negative expected value
    wherever the model leans; a line no book prices keeps the model's probability."""
    offers = pd.DataFrame(
        [
            ("g1", 1, "prizepicks", 24.5, None, None),
            ("g1", 1, "draftkings", 24.5, -110, -110),
            ("g1", 1, "fanduel", 24.5, -110, -110),
            ("g1", 1, "fanduel", 27.5, 150, -180),
            ("g1", 2, "underdog", 12.5, None, None),
        ],
        columns=["game_id", "player_id", "bookmaker", "line", "over_price", "under_price"],
    )
    market = market_prob_at_line(offers)
    assert np.allclose(market[:3], 0.5) and np.isnan(market[4])
    assert np.isclose(market[3], no_vig_prob_over(np.array([150.0]), np.array([-180.0]))[0])
    rows = pd.DataFrame(
        {"game_id": ["g1", "g1"], "player_id": [1, 2], "predicted_points": [30.0, 20.0],
         "distribution_index": [0, 0]}
    )  # fmt: skip
    distribution = _even_distribution()
    trusting_the_market = fit_market_blend(np.array([]), np.array([]), np.array([]))
    picks = best_offers(rows, offers, [distribution], -110.0, trusting_the_market)
    alone = best_offers(rows, offers, [distribution], -110.0)
    assert alone.loc[0, "expected_value"] > 0.2
    assert picks.loc[0, "expected_value"] < 0 and picks.loc[0, "pick_market_blended"]
    assert picks.loc[1, ["pick_prob_win", "expected_value"]].tolist() == (
        alone.loc[1, ["pick_prob_win", "expected_value"]].tolist()
    )
    assert not picks.loc[1, "pick_market_blended"]


def _market_line(rng: np.random.Generator, means: np.ndarray, noise: float) -> np.ndarray:
    """A book's half-point line near the median of each player's points (set near even odds;
    scoring is right-skewed, so the median is below the mean), off by ``noise`` points."""
    draws = rng.poisson(rng.gamma(6.0, means[:, None] / 6.0, (means.size, 400)))
    return np.floor(np.median(draws, axis=1) + rng.normal(0.0, noise, means.size)) + 0.5


def _graded(probability: np.ndarray, points: np.ndarray, line: np.ndarray) -> pd.DataFrame:
    """Rows with an outcome against the line (no push), in ten equal-count deciles of P."""
    outcome = np.where(points > line, 1.0, np.where(points < line, 0.0, np.nan))
    frame = pd.DataFrame({"p": probability, "over": outcome}).dropna()
    frame["decile"] = pd.qcut(frame["p"].rank(method="first"), 10, labels=False)
    return frame


def _deciles_inside(frame: pd.DataFrame) -> int:
    """Deciles whose mean P lies inside the 95 % Wilson interval of their over rate (as
    prediction_probability_scores counts them)."""
    inside = 0
    for _, rows in frame.groupby("decile"):
        n, rate = len(rows), rows["over"].mean()
        centre = (rate + 1.96**2 / (2 * n)) / (1 + 1.96**2 / n)
        half = 1.96 * np.sqrt(rate * (1 - rate) / n + 1.96**2 / (4 * n * n)) / (1 + 1.96**2 / n)
        inside += abs(rows["p"].mean() - centre) <= half
    return inside


def _log_loss(p: np.ndarray, won: np.ndarray) -> float:
    return float(-np.mean(won * np.log(p) + (1 - won) * np.log(1 - p)))


def test_calibration_leaves_a_calibrated_probability_unchanged() -> None:
    """A stage that knows each player's mean (its distribution fitted on another season) gives
    a calibrated P(over) at a line that is off by 3 points: fitted on one season's rows, the
    calibration learns the weight is near 1 (from its prior 0) and on a new season moves no
    probability by more than 0.02, and the log loss is within a thousandth of the stage's."""
    rng = np.random.default_rng(21)
    distribution = PointsDistribution.fit(*_season(rng, 20_000))
    seasons = []
    for _ in range(2):
        means, points = _season(rng, 10_000)
        line = _market_line(rng, means, 3.0)
        seasons.append((distribution.prob_over(means, line), line, points))
    calibration = fit_line_calibration(*seasons[0], distribution)
    assert calibration.anchor == ANCHOR_LINE_RESIDUALS
    assert calibration.rows > 9_000 and calibration.weight > 0.9
    probability, line, points = seasons[1]
    calibrated = calibration.prob_over(probability, line, line)
    assert np.abs(calibrated - probability).max() < 0.02
    graded = _graded(calibrated, points, line).assign(raw=_graded(probability, points, line)["p"])
    assert _log_loss(graded["p"], graded["over"]) <= _log_loss(graded["raw"], graded["over"]) + 1e-3


def test_calibration_pulls_an_over_confident_probability_toward_the_outcome_rate() -> None:
    """A sharp line (near each player's median) and a stage that thinks it knows the mean but
    is 4 points off (its distribution as tight as if it knew): its P(over) runs from 0.2 to
    0.8 while every decile goes over about half the time. Calibrated on an earlier season,
    the weight stays below a half, the extreme deciles move toward their over rates, 8 of 10
    deciles lie inside their interval (2 or fewer before) and the log loss falls below the
    raw probability's."""
    rng = np.random.default_rng(22)
    tight = PointsDistribution.fit(*_season(rng, 20_000))
    seasons = []
    for _ in range(2):
        means, points = _season(rng, 10_000)
        line = _market_line(rng, means, 1.0)
        guess = means + rng.normal(0.0, 4.0, means.size)
        seasons.append((tight.prob_over(guess, line), line, points))
    calibration = fit_line_calibration(*seasons[0], tight)
    assert calibration.weight < 0.5
    probability, line, points = seasons[1]
    raw = _graded(probability, points, line)
    calibrated = _graded(calibration.prob_over(probability, line, line), points, line)
    assert _deciles_inside(raw) <= 2 and _deciles_inside(calibrated) >= 8
    for decile in (0, 9):
        rate = calibrated.loc[calibrated["decile"] == decile, "over"].mean()
        before = raw.loc[raw["decile"] == decile, "p"].mean()
        after = calibrated.loc[calibrated["decile"] == decile, "p"].mean()
        assert abs(after - rate) < abs(before - rate) / 2, (decile, before, after, rate)
    assert _log_loss(calibrated["p"], calibrated["over"]) < _log_loss(raw["p"], raw["over"]) - 0.01


def test_calibration_with_no_earlier_graded_row_is_the_line_at_even_odds() -> None:
    """No earlier row, only pushes, or no stage probability: the prior, w = 0, and P_line from
    the stage's own distribution centred on the line (fewer than MIN_STAGE_ROWS rows with a
    line), so P(over) = P(under) = 1/2 on every line whatever the stage said (on a whole one,
    given no push). Without a line, the stage's probability."""
    distribution = _even_distribution()
    empty = np.array([])
    line = np.array([20.5, 8.5, 31.5, 3.5, 25.0])
    stage = distribution.prob_over(line + np.array([6.0, -3.0, 0.0, 2.0, 1.0]), line)
    for fitted in (
        fit_line_calibration(empty, empty, empty, distribution),
        fit_line_calibration(
            np.array([0.4, 0.6]), np.array([20.0, 9.0]), np.array([20.0, 9.0]), distribution
        ),  # fmt: skip
        fit_line_calibration(np.array([np.nan]), np.array([20.5]), np.array([25.0]), distribution),
    ):
        assert (fitted.weight, fitted.rows, fitted.anchor) == (0.0, 0, ANCHOR_STAGE_AT_LINE)
        over, under = fitted.prob_over(stage, line, line), fitted.prob_under(1 - stage, line, line)
        assert np.allclose(over[:4], 0.5, atol=1e-3) and np.allclose(under[:4], 0.5, atol=1e-3)
        assert np.isclose(over[4] + under[4], 1.0) and abs(over[4] - under[4]) < 0.01
        no_line = fitted.prob_over(np.array([0.3]), np.array([np.nan]), np.array([np.nan]))
        assert no_line.tolist() == [0.3]


def test_calibrated_probability_stays_between_the_stage_and_the_line_at_any_offer() -> None:
    """At the graded line and at alternates from 10 below to 10 above it, the calibrated P(over)
    and P(under) lie between the stage's and the line's own (a far alternate stays a longshot:
    the calibration never pulls it to even odds), and P(over) never rises with the line."""
    rng = np.random.default_rng(23)
    means, points = _season(rng, 5_000)
    line = _market_line(rng, means, 1.0)
    distribution = PointsDistribution.fit(means + rng.normal(0.0, 3.0, means.size), points)
    predicted = means + rng.normal(0.0, 3.0, means.size)
    calibration = fit_line_calibration(
        distribution.prob_over(predicted, line), line, points, distribution
    )
    assert 0.0 < calibration.weight < 1.0
    previous = np.ones(means.size)
    for offset in np.arange(-10.0, 10.5, 1.0):
        offer = np.maximum(line + offset, 0.5)
        for side, stage, at_line in (
            ("over", distribution.prob_over, calibration.line_distribution.prob_over),
            ("under", distribution.prob_under, calibration.line_distribution.prob_under),
        ):
            own, market = stage(predicted, offer), at_line(line, offer)
            calibrated = getattr(calibration, f"prob_{side}")(own, line, offer)
            low, high = np.minimum(own, market), np.maximum(own, market)
            assert ((calibrated >= low - 1e-9) & (calibrated <= high + 1e-9)).all(), side
            if side == "over":
                assert (calibrated <= previous + 1e-9).all()
                previous = calibrated
    far = calibration.prob_over(distribution.prob_over(predicted, line + 10), line, line + 10)
    assert np.median(far) < 0.25
