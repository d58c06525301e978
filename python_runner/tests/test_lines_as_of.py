"""Prop lines as of a time on each game's date (``--lines-as-of``, var ``lines_as_of``).

Over a timed feed a backfill sees every snapshot up to tip-off, which the morning's run of the
same date never saw. The sample's pick'em lines carry no capture times, so two priced books are
added to it, each with a morning snapshot (09:00 US Eastern on the game's date), an afternoon
one whose line has moved and one taken in play. On D, the universe rows and every column of
their feature rows of a backfill cut at 10:00 equal, row for row, the build of the morning of D
from the feed as it stood at 10:00; so do the books' offers the picks are chosen from. The cut
takes each date's own morning, in its own daylight-saving offset.

At 15:00 one book takes down the line of one player per game (its afternoon board lacks him):
as of the morning the line is up; a build that sees the afternoon flags the morning offer
withdrawn, keeps it, and the runner never shops it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from nba_props.cli import main
from nba_props.config import Settings, parse_lines_as_of
from nba_props.dbt_runner import run_dbt
from nba_props.predicting import book_offers
from nba_props.warehouse import Warehouse
from nba_props.window import BuildWindow
from test_serving import STORE_SQL, UNIVERSE_SQL, _assert_same_rows, _query
from test_serving import _morning_raw as serving_morning_raw
from warehouse_compare import copy_raw, edit_parquet, private_settings

D = date(2024, 12, 2)
AS_OF = "10:00"
#: D's 10:00 US Eastern (EST, UTC-5) in UTC.
D_CUT_UTC = "2024-12-02 15:00:00"
TIMED_BOOKS = ("bookone", "booktwo")
#: The timed books' lines against the sample's pick'em line of the same player and game.
MORNING_MOVE, AFTERNOON_MOVE, IN_PLAY_MOVE = 2.0, 4.0, 10.0
#: The book whose afternoon board lacks one player per game (his line taken down), and its time.
TAKEN_DOWN_BOOK, TAKEN_DOWN_AT = "bookone", "15:00"
OFFERS_SQL = """
    select game_id, player_id, bookmaker, snapshot_utc, line, over_price, under_price,
        withdrawn_snapshot_utc, is_withdrawn
    from {int_prop_lines__offers} where game_date = ?
    order by game_id, player_id, bookmaker, line
"""


def _timed_feed(sample_dir: Path, work: Path) -> Path:
    """The sample with two priced books' timed snapshots beside each pick'em line: 09:00 and
    15:00 US Eastern on the game's date (the UTC offset of that date) and 30 minutes in play;
    TAKEN_DOWN_BOOK's 15:00 board lacks the first player (by name) of each game."""
    raw = copy_raw(sample_dir, work)
    snapshots = []
    for book in TIMED_BOOKS:
        for local_time, move in (("09:00", MORNING_MOVE), (TAKEN_DOWN_AT, AFTERNOON_MOVE)):
            taken_down = book == TAKEN_DOWN_BOOK and local_time == TAKEN_DOWN_AT
            snapshots.append(
                f"""select * replace (
                    timezone('UTC', timezone('America/New_York', game_date + time '{local_time}'))
                        as snapshot_utc,
                    '{book}' as bookmaker, line + {move} as line,
                    -110 as over_price, -110 as under_price)
                from {"board_after_take_down" if taken_down else "pick_em"}"""
            )
        snapshots.append(
            f"""select * replace (commence_utc + interval 30 minute as snapshot_utc,
                '{book}' as bookmaker, line + {IN_PLAY_MOVE} as line,
                -110 as over_price, -110 as under_price)
            from pick_em"""
        )
    edit_parquet(
        raw / "prop_lines.parquet",
        "with pick_em as (select * from raw where bookmaker = 'prizepicks'), "
        "board_after_take_down as (select * from pick_em where player_name != "
        "(select min(player_name) from pick_em as game_lines "
        "where game_lines.commence_utc = pick_em.commence_utc "
        "and game_lines.home_team_abbr = pick_em.home_team_abbr)) "
        f"select * from raw union all {' union all '.join(snapshots)}",
    )
    return raw


def _morning_raw(timed_raw: Path, work: Path, day: date, cut_utc: str) -> Path:
    """The timed feed as it stood at ``cut_utc`` on the morning of ``day``: the serving test's
    morning cut, and of D's lines only the snapshots taken by then (undated ones stay)."""
    raw = serving_morning_raw(timed_raw, work, day)
    edit_parquet(
        raw / "prop_lines.parquet",
        f"select * from raw where game_date < '{day}' "
        f"or snapshot_utc is null or snapshot_utc <= '{cut_utc}'",
    )
    return raw


def _build_day(settings: Settings, day: date) -> None:
    """The feature store of ``day`` and everything it reads (a window build)."""
    run_dbt(
        settings,
        ["run", "--quiet", "--select", "+ml_feature_store_v2 +int_prop_lines__offers"],
        window=BuildWindow(start=day, end=day, run_date=day),
    )


@pytest.fixture(scope="module")
def timed_raw(sample_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _timed_feed(sample_dir, tmp_path_factory.mktemp("timed_feed"))


@pytest.fixture(scope="module")
def morning(
    settings: Settings, timed_raw: Path, tmp_path_factory: pytest.TempPathFactory
) -> Settings:
    """D built from the timed feed as it stood at 10:00 on D (no cut of its own)."""
    work = tmp_path_factory.mktemp("lines_morning")
    built = private_settings(settings, work, "morning", _morning_raw(timed_raw, work, D, D_CUT_UTC))
    _build_day(built, D)
    return built


@pytest.fixture(scope="module")
def backfill(
    settings: Settings, timed_raw: Path, tmp_path_factory: pytest.TempPathFactory
) -> Settings:
    """D built from the whole timed feed (every later box score and snapshot in it), lines cut
    at 10:00 on each game's date."""
    work = tmp_path_factory.mktemp("lines_backfill")
    built = private_settings(settings, work, "backfill", timed_raw)
    built = replace(built, lines_as_of=parse_lines_as_of(AS_OF))
    _build_day(built, D)
    return built


def test_backfill_with_lines_as_of_equals_the_morning_build(
    morning: Settings, backfill: Settings
) -> None:
    _assert_same_rows(
        _query(morning, UNIVERSE_SQL, [D]), _query(backfill, UNIVERSE_SQL, [D]), "universe"
    )
    _assert_same_rows(
        _query(morning, STORE_SQL, [D]), _query(backfill, STORE_SQL, [D]), "feature rows"
    )
    morning_offers = _query(morning, OFFERS_SQL, [D])
    pd.testing.assert_frame_equal(morning_offers, _query(backfill, OFFERS_SQL, [D]))
    # The timed books reach the offers with their morning line only.
    timed = morning_offers[morning_offers["bookmaker"].isin(TIMED_BOOKS)]
    assert len(timed) > 0
    assert (timed["snapshot_utc"] <= pd.Timestamp(D_CUT_UTC)).all()
    # The afternoon's take-down came after the cut: as of the morning every line is up.
    assert not morning_offers["is_withdrawn"].any()


def test_the_timed_feed_moves_after_the_cut_and_reaches_the_features(
    backfill: Settings, timed_raw: Path
) -> None:
    """Without the cut the whole feed offers the afternoon's moved lines of D: the cut, not the
    feed, is what made the backfill equal the morning."""
    afternoon = _query(
        backfill,
        f"select count(*) as n from '{timed_raw / 'prop_lines.parquet'}' "
        "where game_date = ? and snapshot_utc > ? and snapshot_utc < commence_utc",
        [D, pd.Timestamp(D_CUT_UTC)],
    )
    assert int(afternoon["n"].iloc[0]) > 0
    store = _query(
        backfill,
        "select count(*) as n from {ml_feature_store_v2} "
        "where game_date = ? and vegas_opening_line is not null",
        [D],
    )
    assert int(store["n"].iloc[0]) > 0, "the timed books' snapshots must reach the features"


@pytest.fixture(scope="module")
def uncut(
    settings: Settings, timed_raw: Path, tmp_path_factory: pytest.TempPathFactory
) -> Settings:
    """D's lines (offers and consensus) built from the whole timed feed, no cut: every
    pre-game snapshot counts."""
    work = tmp_path_factory.mktemp("lines_uncut")
    built = private_settings(settings, work, "uncut", timed_raw)
    run_dbt(
        built,
        ["run", "--quiet", "--select", "+int_prop_lines__offers +int_prop_lines__consensus"],
        window=BuildWindow(start=D, end=D, run_date=D),
    )
    return built


def test_a_line_taken_down_before_the_run_is_kept_flagged_and_never_shopped(
    uncut: Settings,
) -> None:
    """Seen from after the afternoon, each game's first player lost TAKEN_DOWN_BOOK's line at
    its 15:00 board: his morning offer stays in the offers, flagged withdrawn at that time;
    the runner's offers lack it (and only it); his graded line is a book still offering one."""
    offers = _query(uncut, OFFERS_SQL, [D])
    withdrawn = offers[offers["is_withdrawn"]]
    assert len(withdrawn) > 0
    assert set(withdrawn["bookmaker"]) == {TAKEN_DOWN_BOOK}
    taken_down_utc = pd.Timestamp(f"{D} {TAKEN_DOWN_AT}").tz_localize("America/New_York")
    taken_down_utc = taken_down_utc.tz_convert("UTC").tz_localize(None)
    assert (withdrawn["withdrawn_snapshot_utc"] == taken_down_utc).all()
    assert (withdrawn["snapshot_utc"] < taken_down_utc).all()
    live = offers[~offers["is_withdrawn"] & (offers["bookmaker"] == TAKEN_DOWN_BOOK)]
    assert (live["snapshot_utc"] == taken_down_utc).all()
    with Warehouse.from_settings(uncut) as warehouse:
        shopped = book_offers(warehouse, D, D)
    keys = ["game_id", "player_id", "bookmaker", "line"]
    expected = offers.loc[~offers["is_withdrawn"], keys].reset_index(drop=True)
    pd.testing.assert_frame_equal(shopped[keys].reset_index(drop=True), expected)
    graded = _query(
        uncut,
        "select player_id, line_book, line_withdrawn_book_count, line_is_withdrawn "
        "from {int_prop_lines__consensus} where game_date = ?",
        [D],
    ).set_index("player_id")
    taken_down_players = graded.loc[withdrawn["player_id"].unique()]
    assert (taken_down_players["line_book"] != TAKEN_DOWN_BOOK).all()
    assert (taken_down_players["line_withdrawn_book_count"] == 1).all()
    assert not graded["line_is_withdrawn"].any()
    others = graded.drop(index=withdrawn["player_id"].unique())
    assert (others["line_withdrawn_book_count"] == 0).all()


def test_lines_as_of_must_be_a_time_of_day() -> None:
    assert parse_lines_as_of("9:30") == time(9, 30)
    assert parse_lines_as_of(" ") is None
    for wrong in ("10", "25:00", "10:00:00", "ten"):
        with pytest.raises(ValueError, match="HH:MM"):
            parse_lines_as_of(wrong)
    result = CliRunner().invoke(main, ["--lines-as-of", "10h", "report"])
    assert result.exit_code == 2
    assert "--lines-as-of" in result.output and "HH:MM" in result.output
