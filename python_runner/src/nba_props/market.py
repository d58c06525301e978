"""The market: a second stage that combines the model with the line, a predictive distribution
of points for ``prob_over``, and picks chosen by expected value at a book's price.

- **Predictive distribution.** Points scatter more, and less skewed, for a player who scores
  more, so errors are kept on the player's scale, ``z = (actual - predicted) / sqrt(v)`` with
  ``v = a + b x predicted + c x predicted^2`` fitted to the squared errors, separately per band of
  the prediction (SCALE_BANDS points; a band with fewer than MIN_BAND_ROWS rows uses all rows).
  The sorted z of rows the predictor did not fit on (the model's holdout; for the second stage
  its own training rows, three coefficients on hundreds of rows) give P(actual >= x) for any x.
  Points are whole numbers, so a line L is over at ``floor(L) + 1`` and under at
  ``ceil(L) - 1``: on a whole-number line a push is neither.
- **Second stage.** Where a row has a line: the line is the prior, and the model must earn
  any move away from it. Least absolute deviations (the loss a prediction of points is judged
  by: the median, not the mean, of a skewed outcome) of ``actual - line`` on ``[model - line,
  line - points_avg_last_10]`` (both standardised; the intercept is free), the slopes shrunk
  toward 0 with a penalty worth STAGE_PRIOR_ROWS rows, fitted only on earlier rows that had a
  line and a first-stage prediction made before their date (walk-forward). With a line and
  fewer than MIN_STAGE_ROWS such rows, the prior alone: the line is the prediction (nothing
  yet shows the model knows more than the line). Without a line, the model alone.
- **Calibration toward the line.** A line is set near even odds, and where the stage disagrees
  with it the stage's probability has been too far from it (the points distribution is skewed,
  and a move the stage makes on its training rows does not carry over whole). Where a row has a
  line, its P(over) is recalibrated on the logit scale, ``logit P = w x logit(P_stage) + (1 -
  w) x logit(P_line)``: P_line from the distribution of points around the line on earlier rows
  with a line (the line as the prediction: what the market prices, alternates included; with
  fewer than MIN_STAGE_ROWS such rows, the stage's own distribution centred on the line, even
  odds), w fitted only on earlier graded rows with a line (walk-forward) and shrunk toward
  "the line is right" (w = 0) with a prior worth CALIBRATION_PRIOR_ROWS rows, as the second
  stage and the market blend are: the model must show it knows more than the line before its
  disagreement moves the probability.
- **The market's probability.** Where an offer is priced, its no-vig probability is the
  market's view of the same event, and a fair price leaves no value unless the model knows more
  than the book. P(win) at a priced offer blends the two on the logit scale, ``logit P = w x
  logit(P_model) + (1 - w) x logit(P_market)``, the weight w fitted only on earlier predictions
  whose graded line was priced (walk-forward, both sides) and shrunk toward "the market is
  right" (w = 0) with a prior worth BLEND_PRIOR_ROWS rows, so a new feed's prices are trusted
  until the model has shown it knows more. An unpriced offer (a pick'em book) takes the market's
  probability at the same line from the books that price it; with none, the model's alone.
- **Expected value.** For every offer of every book (its line, over and under price; an unpriced
  offer at the assumed price) and each side, per unit staked: ``(1 - P(push)) x (P(win) x
  decimal odds - 1)``, P(win) given the bet is decided (a push returns the stake, so a whole
  line beats the half-point line past it at the same price). The best one is the pick; it is
  recommended only when its expected value exceeds the threshold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Floor of the error variance (points^2): a predicted 0 must not give a zero spread.
MIN_SCALE = 1.0
#: Upper edges (predicted points) of the scale bands the error distribution is kept per band.
SCALE_BANDS = (10.0, 20.0)
MIN_BAND_ROWS = 100
#: Rows with a line and an earlier first-stage prediction needed to fit the second stage.
MIN_STAGE_ROWS = 300
#: Weight of the prior "the line is right" (slopes 0), in rows: with few line rows the second
#: stage stays near the line, with many it follows the data.
STAGE_PRIOR_ROWS = 300
#: The feature the second stage compares the line to.
RECENT_AVERAGE = "points_avg_last_10"
STAGE_MODEL = "model"
STAGE_MODEL_LINE = "model_line"
#: A line and no fitted second stage: the stage's prior, the line itself.
STAGE_LINE = "line"
#: Residuals are floored at this many points in the reweighted least-squares steps of the
#: absolute-deviation fit (a residual of exactly 0 would get an infinite weight).
LAD_RESIDUAL_FLOOR = 0.01
LAD_MAX_ITERATIONS = 100
LAD_TOLERANCE = 1e-7
#: Weight in rows of the market blend's prior (the market's probability alone).
BLEND_PRIOR_ROWS = 300
#: Weight in rows of the calibration's prior (the line's probability alone).
CALIBRATION_PRIOR_ROWS = 300
#: Where the calibration's P_line comes from: points around the line on earlier rows with a
#: line, or (fewer than MIN_STAGE_ROWS of them) the stage's distribution centred on the line.
ANCHOR_LINE_RESIDUALS = "line_residuals"
ANCHOR_STAGE_AT_LINE = "stage_median_at_line"
#: Probabilities are clipped this far from 0 and 1 before taking logits.
LOGIT_EPSILON = 1e-4


def fit_variance(predicted: np.ndarray, actual: np.ndarray) -> tuple[float, float, float]:
    """(a, b, c) of the error variance a + b x predicted + c x predicted^2: least squares of
    the squared errors (the spread of points grows with the scorer's level)."""
    predicted = np.asarray(predicted, dtype=float)
    squared = (np.asarray(actual, dtype=float) - predicted) ** 2
    design = np.column_stack([np.ones_like(predicted), predicted, predicted**2])
    coefficients, *_ = np.linalg.lstsq(design, squared, rcond=None)
    return float(coefficients[0]), float(coefficients[1]), float(coefficients[2])


def points_scale(predicted: np.ndarray, variance: tuple[float, float, float]) -> np.ndarray:
    """The spread unit of a prediction: sqrt of the fitted error variance, floored."""
    predicted = np.asarray(predicted, dtype=float)
    a, b, c = variance
    return np.sqrt(np.maximum(a + b * predicted + c * predicted**2, MIN_SCALE))


def scale_band(predicted: np.ndarray) -> np.ndarray:
    """The scale band (0 .. len(SCALE_BANDS)) of each prediction."""
    return np.searchsorted(np.asarray(SCALE_BANDS), np.asarray(predicted, dtype=float), "right")


@dataclass(frozen=True)
class PointsDistribution:
    """Predictive distribution of points: predicted + z x scale, z drawn from the sorted scaled
    errors of the prediction's scale band (``band_errors[band]``)."""

    band_errors: tuple[tuple[float, ...], ...]
    #: The error variance as a function of the prediction (fit_variance).
    variance: tuple[float, float, float]

    @classmethod
    def fit(cls, predicted: np.ndarray, actual: np.ndarray) -> PointsDistribution:
        """From predictions and outcomes of rows the predictor was not fitted on."""
        predicted = np.asarray(predicted, dtype=float)
        if predicted.size == 0:
            raise ValueError("a points distribution needs at least one outcome")
        variance = fit_variance(predicted, actual)
        errors = (np.asarray(actual, dtype=float) - predicted) / points_scale(predicted, variance)
        bands = scale_band(predicted)
        pooled = np.sort(errors)
        per_band = []
        for band in range(len(SCALE_BANDS) + 1):
            own = np.sort(errors[bands == band])
            per_band.append(own if own.size >= MIN_BAND_ROWS else pooled)
        return cls(
            band_errors=tuple(tuple(float(e) for e in band) for band in per_band),
            variance=variance,
        )

    def median_centred(self) -> PointsDistribution:
        """The same spread with each band's errors shifted to a median of 0: centred at a
        line, P(over) = P(under) = 1/2 on a half-point line."""
        return PointsDistribution(
            band_errors=tuple(
                tuple(float(e) for e in np.asarray(band) - np.median(band))
                for band in self.band_errors
            ),
            variance=self.variance,
        )

    def prob_at_least(self, predicted: np.ndarray, points: np.ndarray) -> np.ndarray:
        """P(actual >= points), smoothed by half a count so it never reaches 0 or 1; the
        outcome is whole, so ``points`` - 0.5 splits it. NaN where either input is NaN."""
        predicted = np.asarray(predicted, dtype=float)
        cut = (np.asarray(points, dtype=float) - 0.5 - predicted) / points_scale(
            predicted, self.variance
        )
        bands = scale_band(np.nan_to_num(predicted, nan=0.0))
        probability = np.full(cut.shape, np.nan)
        for band, errors in enumerate(self.band_errors):
            mask = bands == band
            sorted_errors = np.asarray(errors)
            below = np.searchsorted(sorted_errors, np.nan_to_num(cut[mask], nan=0.0), "left")
            probability[mask] = (len(sorted_errors) - below + 0.5) / (len(sorted_errors) + 1.0)
        return np.where(np.isnan(cut), np.nan, probability)

    def outcome_probabilities(
        self, predicted: np.ndarray, line: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """(P(actual > line | no push), P(actual = line)). A push returns the stake, so the bet
        and its grading (went_over, hit rates) are decided by the other outcomes; on a
        half-point line there is no push and the first is P(actual > line)."""
        line = np.asarray(line, dtype=float)
        over = self.prob_at_least(predicted, np.floor(line) + 1)
        under = 1.0 - self.prob_at_least(predicted, np.ceil(line))
        return over / (over + under), 1.0 - over - under

    def prob_over(self, predicted: np.ndarray, line: np.ndarray) -> np.ndarray:
        """P(actual > line | no push) (outcome_probabilities)."""
        return self.outcome_probabilities(predicted, line)[0]

    def prob_under(self, predicted: np.ndarray, line: np.ndarray) -> np.ndarray:
        """P(actual < line | no push): the complement of prob_over."""
        under: np.ndarray = 1.0 - self.prob_over(predicted, line)
        return under

    def prob_push(self, predicted: np.ndarray, line: np.ndarray) -> np.ndarray:
        """P(actual = line): 0 on a half-point line."""
        return self.outcome_probabilities(predicted, line)[1]


@dataclass(frozen=True)
class LineStage:
    """The second stage: actual = line + intercept + slopes . standardised [model - line,
    line - recent average]."""

    intercept: float
    #: Slopes per unit of the raw inputs (the standardisation folded in) and their centres.
    slopes: tuple[float, float]
    centres: tuple[float, float]
    rows: int
    distribution: PointsDistribution

    def predict(self, model_points: np.ndarray, line: np.ndarray, recent: np.ndarray) -> np.ndarray:
        """Points from the model's prediction and the line (NaN without a line)."""
        inputs = stage_inputs(model_points, line, recent) - np.asarray(self.centres)
        line = np.asarray(line, dtype=float)
        predicted: np.ndarray = np.clip(
            line + self.intercept + inputs @ np.asarray(self.slopes), 0, None
        )
        return predicted


def stage_inputs(model_points: np.ndarray, line: np.ndarray, recent: np.ndarray) -> np.ndarray:
    """[model - line, line - recent average]; a default recent average adds no change; NaN
    rows without a line or a model prediction."""
    line = np.asarray(line, dtype=float)
    move = np.asarray(model_points, dtype=float) - line
    change = np.nan_to_num(line - np.asarray(recent, dtype=float), nan=0.0)
    change = np.where(np.isnan(line), np.nan, change)
    return np.column_stack([move, change])


def fit_line_stage(
    model_points: np.ndarray, line: np.ndarray, recent: np.ndarray, actual: np.ndarray
) -> LineStage | None:
    """Penalised absolute-deviation fit on rows with a line and an outcome; None below
    MIN_STAGE_ROWS of them."""
    inputs = stage_inputs(model_points, line, recent)
    line = np.asarray(line, dtype=float)
    actual = np.asarray(actual, dtype=float)
    usable = ~np.isnan(inputs).any(axis=1) & ~np.isnan(actual)
    rows = int(usable.sum())
    if rows < MIN_STAGE_ROWS:
        return None
    x, target = inputs[usable], actual[usable] - line[usable]
    centres = x.mean(axis=0)
    spread = x.std(axis=0)
    spread = np.where(spread > 0, spread, 1.0)
    intercept, weights = penalised_lad((x - centres) / spread, target, STAGE_PRIOR_ROWS)
    slopes = weights / spread
    fitted = np.clip(line[usable] + intercept + (x - centres) @ slopes, 0, None)
    return LineStage(
        intercept=intercept,
        slopes=(float(slopes[0]), float(slopes[1])),
        centres=(float(centres[0]), float(centres[1])),
        rows=rows,
        distribution=PointsDistribution.fit(fitted, actual[usable]),
    )


def penalised_lad(z: np.ndarray, target: np.ndarray, prior_rows: float) -> tuple[float, np.ndarray]:
    """(intercept, slopes) minimising sum |target - intercept - z . slopes| + mu |slopes|^2 by
    iteratively reweighted least squares; the intercept is free. ``mu`` makes the prior worth
    ``prior_rows`` rows, as a ridge penalty of ``prior_rows`` is on standardised inputs in least
    squares: the absolute loss curves by 1 / b per row at its minimum (b the mean absolute
    deviation, a Laplace scale), so mu = prior_rows / (2 b)."""
    design = np.column_stack([np.ones(len(target)), z])
    penalty = np.diag([0.0] + [1.0] * z.shape[1])
    scale = max(float(np.mean(np.abs(target - np.median(target)))), LAD_RESIDUAL_FLOOR)
    coefficients = np.zeros(design.shape[1])
    coefficients[0] = float(np.median(target))
    for _ in range(LAD_MAX_ITERATIONS):
        residual = np.abs(target - design @ coefficients)
        weight = 1.0 / np.maximum(residual, LAD_RESIDUAL_FLOOR)
        updated = np.linalg.solve(
            design.T @ (design * weight[:, None]) + (prior_rows / scale) * penalty,
            design.T @ (weight * target),
        )
        converged = np.max(np.abs(updated - coefficients)) < LAD_TOLERANCE
        coefficients = updated
        if converged:
            break
    return float(coefficients[0]), coefficients[1:]


def logit(probability: np.ndarray) -> np.ndarray:
    """log(p / (1 - p)), p clipped to [LOGIT_EPSILON, 1 - LOGIT_EPSILON]."""
    p = np.clip(np.asarray(probability, dtype=float), LOGIT_EPSILON, 1 - LOGIT_EPSILON)
    log_odds: np.ndarray = np.log(p / (1 - p))
    return log_odds


def logit_pool(weight: float, probability: np.ndarray, anchor: np.ndarray) -> np.ndarray:
    """sigmoid(w x logit(probability) + (1 - w) x logit(anchor)): ``probability`` pooled with
    the ``anchor`` it is shrunk toward (w = 0: the anchor alone)."""
    pooled = weight * logit(probability) + (1 - weight) * logit(anchor)
    result: np.ndarray = 1.0 / (1.0 + np.exp(-pooled))
    return result


@dataclass(frozen=True)
class MarketBlend:
    """P(win) = sigmoid(w x logit(P_model) + (1 - w) x logit(P_market)) at a priced offer."""

    #: The model's weight w, in [0, 1]: 0 = the market alone.
    model_weight: float
    rows: int

    def prob_win(self, model_prob: np.ndarray, market_prob: np.ndarray) -> np.ndarray:
        """The blended probability; the model's where the market's is NaN (unpriced)."""
        model_prob = np.asarray(model_prob, dtype=float)
        market_prob = np.asarray(market_prob, dtype=float)
        blended = logit_pool(self.model_weight, model_prob, market_prob)
        return np.where(np.isnan(market_prob), model_prob, blended)


def fit_market_blend(
    model_prob_over: np.ndarray, market_prob_over: np.ndarray, went_over: np.ndarray
) -> MarketBlend:
    """Penalised maximum likelihood (fit_logit_weight) of the outcome on both sides of each
    row (over with the over probabilities, under with their complements); NaN rows (unpriced,
    push, no outcome) are left out; with none, the prior: the market alone.

    One weight, and no intercept or free scale: graded lines sit near even odds, where a free
    scale is not identified, and a scale fitted there would shrink every longshot toward
    even odds and make alternates look like value."""
    model_prob_over = np.asarray(model_prob_over, dtype=float)
    market_prob_over = np.asarray(market_prob_over, dtype=float)
    went_over = np.asarray(went_over, dtype=float)
    usable = ~(np.isnan(model_prob_over) | np.isnan(market_prob_over) | np.isnan(went_over))
    rows = int(usable.sum())
    if rows == 0:
        return MarketBlend(model_weight=0.0, rows=0)
    weight = fit_logit_weight(
        logit(np.concatenate([model_prob_over[usable], 1 - model_prob_over[usable]])),
        logit(np.concatenate([market_prob_over[usable], 1 - market_prob_over[usable]])),
        np.concatenate([went_over[usable], 1 - went_over[usable]]),
        prior_weight=0.0,
        prior_outcomes=2 * BLEND_PRIOR_ROWS,
    )
    return MarketBlend(model_weight=weight, rows=rows)


@dataclass(frozen=True)
class LineCalibration:
    """P(over) at a line recalibrated toward the line's own view: ``logit P = w x
    logit(P_stage) + (1 - w) x logit(P_line)``, P_line from ``line_distribution`` (points around
    the row's graded line, the line as the prediction)."""

    line_distribution: PointsDistribution
    #: Which distribution P_line comes from: ANCHOR_LINE_RESIDUALS or ANCHOR_STAGE_AT_LINE.
    anchor: str
    #: The stage's weight w, in [0, 1]: 0 = the line's probability alone.
    weight: float
    #: Earlier graded rows with a line the weight was fitted on (0 = the prior alone).
    rows: int

    def calibrate(self, probability: np.ndarray, line_probability: np.ndarray) -> np.ndarray:
        """The recalibrated probability; the stage's where either is NaN (no line)."""
        probability = np.asarray(probability, dtype=float)
        line_probability = np.asarray(line_probability, dtype=float)
        calibrated = logit_pool(self.weight, probability, line_probability)
        return np.where(np.isnan(line_probability), probability, calibrated)

    def prob_over(
        self, probability: np.ndarray, graded: np.ndarray, line: np.ndarray
    ) -> np.ndarray:
        """The stage's P(actual > ``line``) recalibrated, for rows graded at ``graded``."""
        return self.calibrate(probability, self.line_distribution.prob_over(graded, line))

    def prob_under(
        self, probability: np.ndarray, graded: np.ndarray, line: np.ndarray
    ) -> np.ndarray:
        """The stage's P(actual < ``line``) recalibrated, for rows graded at ``graded``."""
        return self.calibrate(probability, self.line_distribution.prob_under(graded, line))


def fit_line_calibration(
    stage_prob_over: np.ndarray,
    line: np.ndarray,
    actual: np.ndarray,
    stage_distribution: PointsDistribution,
) -> LineCalibration:
    """From earlier rows with a line: the distribution of points around the line, then the
    stage's weight against it.

    The distribution: with MIN_STAGE_ROWS rows with a line and an outcome, fitted on them
    (PointsDistribution with the line as the prediction: what the market prices); with fewer,
    ``stage_distribution`` re-centred on its median (a line is set at even odds). The weight:
    fit_logit_weight on the over side of the graded rows (a push is no outcome), the prior "the
    line is right" (w = 0) worth CALIBRATION_PRIOR_ROWS rows; with no graded row, the prior.

    The line's probability of these rows comes from a distribution fitted on them too: an
    empirical distribution of one residual per row, so a row's own weight in it is 1 / rows."""
    stage_prob_over = np.asarray(stage_prob_over, dtype=float)
    line = np.asarray(line, dtype=float)
    actual = np.asarray(actual, dtype=float)
    lined = ~(np.isnan(line) | np.isnan(actual))
    if lined.sum() >= MIN_STAGE_ROWS:
        line_distribution = PointsDistribution.fit(line[lined], actual[lined])
        anchor = ANCHOR_LINE_RESIDUALS
    else:
        line_distribution, anchor = stage_distribution.median_centred(), ANCHOR_STAGE_AT_LINE
    went_over = np.where(actual > line, 1.0, np.where(actual < line, 0.0, np.nan))
    usable = lined & ~(np.isnan(stage_prob_over) | np.isnan(went_over))
    rows = int(usable.sum())
    if rows == 0:
        return LineCalibration(line_distribution, anchor, weight=0.0, rows=0)
    weight = fit_logit_weight(
        logit(stage_prob_over[usable]),
        logit(line_distribution.prob_over(line[usable], line[usable])),
        went_over[usable],
        prior_weight=0.0,
        prior_outcomes=CALIBRATION_PRIOR_ROWS,
    )
    return LineCalibration(line_distribution, anchor, weight=weight, rows=rows)


def fit_logit_weight(
    own: np.ndarray,
    anchor: np.ndarray,
    won: np.ndarray,
    prior_weight: float,
    prior_outcomes: float,
) -> float:
    """The weight w in [0, 1] of ``P(won) = sigmoid(w x own + (1 - w) x anchor)`` (both
    logits): penalised maximum likelihood by Newton steps, the prior w = ``prior_weight`` worth
    ``prior_outcomes`` outcomes."""
    gap = own - anchor
    # An outcome's information on the weight is about p(1 - p) gap^2 = gap^2 / 4 near even
    # odds, so the prior is worth that many average outcomes.
    penalty = prior_outcomes * float((gap**2).mean()) / 4 + 1e-12
    weight = prior_weight
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(anchor + weight * gap)))
        gradient = float(gap @ (p - won)) + penalty * (weight - prior_weight)
        curvature = float((p * (1 - p)) @ gap**2) + penalty
        step = gradient / curvature
        weight = float(np.clip(weight - step, 0.0, 1.0))
        if abs(step) < 1e-10:
            break
    return weight


def decimal_odds(american: np.ndarray) -> np.ndarray:
    """Decimal odds (stake returned included) of American odds; NaN stays NaN."""
    american = np.asarray(american, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(american > 0, 1 + american / 100.0, 1 + 100.0 / np.abs(american))


def no_vig_prob_over(over_price: np.ndarray, under_price: np.ndarray) -> np.ndarray:
    """The market's P(over) with the margin removed: 1/over / (1/over + 1/under) in decimal
    odds; NaN unless both sides are priced."""
    over = 1.0 / decimal_odds(over_price)
    under = 1.0 / decimal_odds(under_price)
    return over / (over + under)


OFFER_COLUMNS = ["game_id", "player_id", "bookmaker", "line", "over_price", "under_price"]


def market_prob_at_line(offers: pd.DataFrame) -> np.ndarray:
    """The market's P(over) at each offer's line: the no-vig probability of its own two prices,
    else the mean of that of the other books' offers at the same player, game and line; else,
    priced on one side only (an over-only alternate), that price's implied probability less
    the margin its book charges on its two-sided lines of the player and game (none known:
    the implied probability itself); NaN for an unpriced line no book prices."""
    over_price = offers["over_price"].to_numpy(dtype=float, na_value=np.nan)
    under_price = offers["under_price"].to_numpy(dtype=float, na_value=np.nan)
    own = no_vig_prob_over(over_price, under_price)
    keys = ["game_id", "player_id", "line"]
    same_line = (
        offers[keys].assign(own=own).groupby(keys)["own"].transform("mean").to_numpy(dtype=float)
    )
    implied_over, implied_under = 1.0 / decimal_odds(over_price), 1.0 / decimal_odds(under_price)
    book = ["game_id", "player_id", "bookmaker"]
    margin = (
        offers[book]
        .assign(margin=implied_over + implied_under - 1.0)
        .groupby(book)["margin"]
        .transform("median")
        .fillna(0.0)
        .to_numpy(dtype=float)
    )
    one_sided = np.where(
        np.isnan(under_price), implied_over / (1 + margin), 1 - implied_under / (1 + margin)
    )
    return np.where(np.isnan(own), np.where(np.isnan(same_line), one_sided, same_line), own)


def best_offers(
    rows: pd.DataFrame,
    offers: pd.DataFrame,
    distributions: Sequence[PointsDistribution],
    assumed_price: float,
    blend: MarketBlend | None = None,
    calibration: LineCalibration | None = None,
) -> pd.DataFrame:
    """For each row (game_id, player_id, predicted_points, ``distribution_index`` into
    ``distributions``, and line_value when ``calibration`` is given; NaN prediction = nothing to
    pick) the offer and side with the highest expected value: columns pick_side, pick_book,
    pick_line, pick_price, pick_price_assumed, pick_prob_win, expected_value,
    pick_market_blended, indexed like ``rows``. P(win) is the distribution's, recalibrated
    (``calibration``, toward the points around the row's line_value), then blended (``blend``)
    with the market's no-vig probability at the offer's line: the offer's own prices, else the
    mean over the books pricing the same line. A side without a price is an offer (at
    ``assumed_price``) only where the line has no price on either side. Ties go to the book
    name, the line, then OVER. A row without an offer gets NULLs."""
    columns = ["game_id", "player_id", "predicted_points", "distribution_index"]
    if calibration is not None:
        columns.append("line_value")
    keyed = rows[columns].copy()
    keyed["row_key"] = np.arange(len(keyed))
    pairs = keyed.dropna(subset=["predicted_points"]).merge(
        offers[OFFER_COLUMNS], on=["game_id", "player_id"], how="inner"
    )
    market_over = market_prob_at_line(pairs) if blend is not None else np.full(len(pairs), np.nan)
    # each offer's P(over | no push) and P(push) under its row's distribution, for both sides
    decided_over, push = np.full(len(pairs), np.nan), np.full(len(pairs), np.nan)
    for index, distribution in enumerate(distributions):
        mask = (pairs["distribution_index"] == index).to_numpy()
        if mask.any():
            decided_over[mask], push[mask] = distribution.outcome_probabilities(
                pairs.loc[mask, "predicted_points"].to_numpy(dtype=float),
                pairs.loc[mask, "line"].to_numpy(dtype=float),
            )
    sides = []
    for side, price_column, other_column in (
        ("OVER", "over_price", "under_price"),
        ("UNDER", "under_price", "over_price"),
    ):
        price = pairs[price_column].astype("float64")
        assumed = price.isna()
        # a side is offered at its price, or at the assumed one on a line priced on neither
        # side (pick'em); a book that prices only the other side (an over-only alternate) does
        # not offer this one
        offered = (~assumed | pairs[other_column].isna()).to_numpy()
        price = price.fillna(assumed_price)
        probability = decided_over if side == "OVER" else 1.0 - decided_over
        if calibration is not None:
            graded = pairs["line_value"].to_numpy(dtype=float, na_value=np.nan)
            line = pairs["line"].to_numpy(dtype=float)
            probability = (
                calibration.prob_over(probability, graded, line)
                if side == "OVER"
                else calibration.prob_under(probability, graded, line)
            )
        if blend is not None:
            market_side = market_over if side == "OVER" else 1 - market_over
            probability = blend.prob_win(probability, market_side)
        blended = ~np.isnan(market_over) & ~np.isnan(probability)
        sides.append(
            pd.DataFrame(
                {
                    "row_key": pairs["row_key"].to_numpy(),
                    "pick_side": side,
                    "pick_book": pairs["bookmaker"].to_numpy(),
                    "pick_line": pairs["line"].to_numpy(dtype=float),
                    "pick_price": price.to_numpy(),
                    "pick_price_assumed": assumed.to_numpy(),
                    "pick_prob_win": probability,
                    "expected_value": (1.0 - push)
                    * (probability * decimal_odds(price.to_numpy()) - 1.0),
                    "pick_market_blended": blended,
                }
            )[offered]
        )
    every = pd.concat(sides, ignore_index=True)
    every = every.assign(side_order=(every["pick_side"] == "UNDER").astype(int))
    every = every.sort_values(
        ["row_key", "expected_value", "pick_book", "pick_line", "side_order"],
        ascending=[True, False, True, True, True],
        kind="mergesort",
    )
    best = every.drop_duplicates("row_key").set_index("row_key").drop(columns="side_order")
    return best.reindex(np.arange(len(keyed))).set_axis(rows.index)
