"""The market module on its own: the predictive distribution of points, the second stage, and
picks by expected value across a priced multi-book feed (no warehouse needed)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from nba_props.contract import PickRule
from nba_props.market import (
    MIN_STAGE_ROWS,
    PointsDistribution,
    best_offers,
    decimal_odds,
    fit_line_stage,
    fit_market_blend,
    market_prob_at_line,
    no_vig_prob_over,
)
from nba_props.predicting import recommend_by_value


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


def test_prob_over_falls_as_the_line_rises_and_sides_add_up() -> None:
    """For any prediction: P(over) never rises with the line; on a half-point line over and
    under are complements; on a whole line they leave the push, P(actual = line), between."""
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
    whole = np.floor(predicted) + 1
    push = distribution.prob_at_least(predicted, whole) - distribution.prob_at_least(
        predicted, whole + 1
    )
    sides = distribution.prob_over(predicted, whole) + distribution.prob_under(predicted, whole)
    assert np.allclose(sides + push, 1.0) and (push > 0).all()
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
            every_side.append((row.index[0], side, offer["bookmaker"], offer["line"], price,
                               p * decimal_odds(np.array([price]))[0] - 1))  # fmt: skip
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
