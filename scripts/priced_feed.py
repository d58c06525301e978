"""A priced multi-book prop feed built from a raw dir's DFS lines, for trials the sample lacks.

The real feed has two pick'em books, no prices and no capture times. This writes a copy of the
raw dir whose `prop_lines` also holds four priced sportsbooks the way The Odds API reports them:
per (game, player) and book a main line near the DFS consensus (books disagree by half a point),
three snapshots before tip-off (opening, midday, closing; the line moves onto the consensus) with
vigged prices, alternates 1.5 and 3 points either side, at two books an over-only ladder 5 and 8
points above the main line (the under side unpriced: not offered, as in "25+ points" markets), and
two snapshots the pipeline must never use: one at tip-off and one 30 minutes after it whose line
is the player's final points (a feed captured in play). At two books the closing board lacks the
players who did not play: their lines were taken down on the news, and the pipeline must not bet
them there. Prices are fair for the population, as a sharp book's are: P(over) at a line is the
share of the feed's players in the same band of line whose points beat it by as much (the
season's residuals, points - consensus), so beating them takes knowing the player, not the shape
of scoring. The original DFS rows are kept as they are.
Deterministic: the same raw dir gives the same bytes.

    python scripts/priced_feed.py --source data/sample --out /tmp/priced-raw
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

BOOKS = ("draftkings", "fanduel", "betmgm", "caesars")
#: Hours before tip-off of the pre-game snapshots, and minutes after it of the in-play ones.
PRE_GAME_HOURS = (10.0, 4.0, 0.25)
IN_PLAY_MINUTES = (0, 30)
ALTERNATE_STEPS = (-3.0, -1.5, 1.5, 3.0)
#: Over-only alternates (points above the main line) and the books that hang them.
OVER_ONLY_STEPS = (5.0, 8.0)
OVER_ONLY_BOOKS = ("draftkings", "fanduel")
#: The books whose closing board lacks the players who did not play (their lines taken down).
TAKE_DOWN_BOOKS = ("draftkings", "betmgm")
#: Each book's vig (sum of the two sides' implied probabilities minus 1).
BOOK_VIG = {"draftkings": 0.045, "fanduel": 0.04, "betmgm": 0.05, "caesars": 0.048}
#: Bands of the line (upper bounds) the residual distribution is taken in.
LINE_BANDS = (8.0, 12.0, 17.0, 23.0)


class ResidualPricer:
    """Fair P(over) at a line, from the residuals (points - main line) of the line's band."""

    def __init__(self, consensus: np.ndarray, points: np.ndarray) -> None:
        played = ~np.isnan(points)
        band = np.digitize(consensus[played], LINE_BANDS)
        residuals = points[played] - consensus[played]
        self.residuals = [
            np.sort(residuals[band == b]) for b in range(len(LINE_BANDS) + 1)
        ]

    def fair_over(self, main: np.ndarray, line: np.ndarray) -> np.ndarray:
        over = np.empty(main.size)
        for b, residuals in enumerate(self.residuals):
            rows = np.digitize(main, LINE_BANDS) == b
            margin = line[rows] - main[rows]
            above = residuals.size - np.searchsorted(residuals, margin, side="right")
            ties = np.searchsorted(residuals, margin, side="right") - np.searchsorted(
                residuals, margin, side="left"
            )
            over[rows] = (above + 0.5 * ties) / residuals.size
        return over


def american(probability: np.ndarray) -> np.ndarray:
    """American odds of an implied probability, rounded to 5 the way books quote."""
    p = np.clip(probability, 0.02, 0.98)
    odds = np.where(p >= 0.5, -100.0 * p / (1.0 - p), 100.0 * (1.0 - p) / p)
    odds = np.round(odds / 5.0) * 5.0
    return np.where(np.abs(odds) < 100, np.where(p >= 0.5, -100.0, 100.0), odds).astype(
        int
    )


def _games(connection: duckdb.DuckDBPyConnection, source: Path) -> pd.DataFrame:
    """One row per (game, player) of the DFS feed: its keys, name, consensus line and the
    player's final points (NULL when he did not play)."""
    return connection.execute(
        f"""
        with lines as (
            select commence_utc, game_date, home_team_abbr, away_team_abbr, player_name,
                median(line) as consensus
            from read_parquet('{source / "prop_lines.parquet"}')
            group by all
        ),
        names as (
            select full_name as player_name, player_id
            from read_parquet('{source / "players.parquet"}')
            qualify count(*) over (partition by full_name) = 1
        ),
        final_points as (
            select b.player_id, b.game_date, max(b.points) as points
            from read_parquet('{source / "player_boxscores.parquet"}') as b
            group by all
        )
        select lines.*, final_points.points
        from lines
        left join names using (player_name)
        left join final_points
            on final_points.player_id = names.player_id
            and final_points.game_date = lines.game_date
        order by commence_utc, home_team_abbr, player_name
        """
    ).df()


def priced_rows(games: pd.DataFrame, seed: int = 7) -> pd.DataFrame:
    """Every book's snapshots for every (game, player) of ``games``.

    The market's centre opens up to a point off the DFS consensus and closes on it (closing
    lines are the sharpest); each book hangs its main line within half a point of the centre
    and prices every line it offers from the centre, so a book off the centre shades its prices
    instead of offering free value; a small per-book lean stands for book-to-book disagreement.
    """
    rng = np.random.default_rng(seed)
    consensus = games["consensus"].to_numpy(dtype=float)
    final = games["points"].to_numpy(dtype=float)
    pricer = ResidualPricer(consensus, final)
    opening_error = rng.choice([-1.0, -0.5, 0.0, 0.0, 0.5, 1.0], size=len(games))
    frames = []
    for book in BOOKS:
        offset = rng.choice([-0.5, 0.0, 0.0, 0.0, 0.5], size=len(games))
        lean = rng.normal(0.0, 0.015, size=len(games))
        for step, hours in enumerate(PRE_GAME_HOURS):
            centre = consensus + opening_error * (1 - step / (len(PRE_GAME_HOURS) - 1))
            main = np.maximum(np.round((centre + offset) * 2.0) / 2.0, 0.5)
            snapshot = games["commence_utc"] - pd.to_timedelta(hours, unit="h")
            closing = step == len(PRE_GAME_HOURS) - 1
            listed = ~np.isnan(final) if closing and book in TAKE_DOWN_BOOKS else None
            frames += _offers(
                games,
                book,
                snapshot,
                centre,
                main,
                lean,
                pricer,
                alternates=True,
                listed=listed,
            )
        for minutes in IN_PLAY_MINUTES:
            # In play the line chases the outcome: the bait a leak would take.
            centre = np.where(np.isnan(final), consensus, np.maximum(final, 0.0) + 0.5)
            snapshot = games["commence_utc"] + pd.to_timedelta(minutes, unit="m")
            frames += _offers(
                games, book, snapshot, centre, centre, lean, pricer, alternates=False
            )
    return pd.concat(frames, ignore_index=True)


def _offers(
    games: pd.DataFrame,
    book: str,
    snapshot: pd.Series,
    centre: np.ndarray,
    main: np.ndarray,
    lean: np.ndarray,
    pricer: ResidualPricer,
    alternates: bool,
    listed: np.ndarray | None = None,
) -> list[pd.DataFrame]:
    """The book's rows of one snapshot: per (game, player) the main line (and with
    ``alternates`` the ladder), for the players ``listed`` (default: all)."""
    steps = (0.0, *ALTERNATE_STEPS) if alternates else (0.0,)
    over_only = OVER_ONLY_STEPS if alternates and book in OVER_ONLY_BOOKS else ()
    vig = BOOK_VIG[book]
    frames = []
    for step in (*steps, *over_only):
        line = main + step
        fair_over = np.clip(pricer.fair_over(centre, line) + lean, 0.03, 0.97)
        offered = line > 0
        if listed is not None:
            offered &= listed
        frames.append(
            pd.DataFrame(
                {
                    "snapshot_utc": snapshot.to_numpy(),
                    "commence_utc": games["commence_utc"].to_numpy(),
                    "game_date": games["game_date"].to_numpy(),
                    "home_team_abbr": games["home_team_abbr"].to_numpy(),
                    "away_team_abbr": games["away_team_abbr"].to_numpy(),
                    "bookmaker": book,
                    "market": "player_points",
                    "player_name": games["player_name"].to_numpy(),
                    "line": line,
                    "over_price": american(fair_over * (1 + vig)),
                    "under_price": (
                        np.full(line.size, np.nan)
                        if step in over_only
                        else american((1 - fair_over) * (1 + vig))
                    ),
                    "source": "nba-props scripts/priced_feed.py",
                }
            ).loc[offered]
        )
    return frames


def write(source: Path, out: Path) -> int:
    """Copy ``source`` to ``out`` with the priced books added to prop_lines; rows written."""
    out.mkdir(parents=True, exist_ok=True)
    for path in source.glob("*.parquet"):
        if path.name != "prop_lines.parquet":
            shutil.copyfile(path, out / path.name)
    connection = duckdb.connect()
    priced = priced_rows(_games(connection, source))
    connection.register("priced", priced)
    target = out / "prop_lines.parquet"
    connection.execute(
        f"""
        copy (
            select * from read_parquet('{source / "prop_lines.parquet"}')
            union all by name
            select cast(snapshot_utc as timestamp) as snapshot_utc,
                cast(commence_utc as timestamp) as commence_utc, cast(game_date as date) as game_date,
                home_team_abbr, away_team_abbr, bookmaker, market, player_name,
                cast(line as double) as line, cast(over_price as integer) as over_price,
                cast(under_price as integer) as under_price, source
            from priced
            order by all
        ) to '{target}' (format parquet)
        """
    )
    return int(connection.execute(f"select count(*) from '{target}'").fetchall()[0][0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--source", type=Path, required=True, help="A raw dir (the contract)."
    )
    parser.add_argument(
        "--out", type=Path, required=True, help="Where to write the copy."
    )
    arguments = parser.parse_args()
    rows = write(arguments.source, arguments.out)
    print(f"wrote {arguments.out} ({rows:,} prop_lines rows)")


if __name__ == "__main__":
    main()
