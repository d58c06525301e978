"""A deterministic synthetic raw directory at N times the volume of a real one (issue 12).

Volume grows the way a bigger league would: ``scale`` parallel leagues, each a copy of the real
league with its own teams (``BOS`` -> ``BOS2``), players (ids offset by ``PLAYER_ID_STEP`` per
league, names with a league word, ``LeBron James Lg2``), games (ids with the league in the
first two characters) and lines and injuries for them. Every distribution (minutes, points,
shot mix, rest, lines, injuries) is the real one, every file follows the raw contract, and the
same inputs always give the same bytes. Rows the pipeline would quarantine in the source (an
injury name that resolves to no player or to several, a line for a game not in the schedule)
are left out, so a build of the output has an empty raw_quarantine.

    python bench/synthetic.py --source data/sample --scale 4 --out /tmp/raw4x
"""

from __future__ import annotations

import argparse
import re
import shutil
import unicodedata
from pathlib import Path

import duckdb

PLAYER_ID_STEP = 100_000_000
TABLES = (
    "player_boxscores",
    "team_boxscores",
    "schedule",
    "player_shot_zones",
    "player_season_shot_zones",
    "player_seasons",
    "prop_lines",
    "injuries",
    "players",
    "player_aliases",
    "teams",
)


def normalise_name(name: str) -> str:
    """The data README's name normalisation (players are matched on it)."""
    ascii_name = (
        unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    )
    ascii_name = re.sub(r"[.,'’`]", "", ascii_name).replace("-", " ")
    return re.sub(
        r"\s+", " ", re.sub(r"\b(jr|sr|ii|iii|iv|v)\b", "", ascii_name)
    ).strip()


def _league_sql(league: int) -> dict[str, str]:
    """Per table, the select that writes league ``league`` (1 = the source itself) of it."""
    tag = "" if league == 1 else str(league)
    word = "" if league == 1 else f" Lg{league}"
    offset = (league - 1) * PLAYER_ID_STEP
    prefix = f"{league - 1:02d}"

    def team(column: str) -> str:
        return f"{column} || '{tag}' as {column}"

    def game(column: str = "game_id") -> str:
        return f"'{prefix}' || substr({column}, 3) as {column}"

    def name(column: str) -> str:
        return f"league_name({column}, '{word}') as {column}"

    return {
        "player_boxscores": f"select * replace ({game()}, {team('team_abbr')}, "
        f"{team('opponent_abbr')}, player_id + {offset} as player_id, {name('player_name')}) "
        "from player_boxscores",
        "team_boxscores": f"select * replace ({game()}, {team('team_abbr')}, "
        f"{team('opponent_abbr')}) from team_boxscores",
        "schedule": f"select * replace ({game()}, {team('home_team_abbr')}, "
        f"{team('away_team_abbr')}) from schedule",
        "player_shot_zones": f"select * replace ({game()}, {team('team_abbr')}, "
        f"player_id + {offset} as player_id) from player_shot_zones",
        "player_season_shot_zones": f"select * replace ({team('team_abbr')}, "
        f"player_id + {offset} as player_id, {name('player_name')}) from player_season_shot_zones",
        "player_seasons": f"select * replace ({team('team_abbr')}, player_id + {offset} as "
        f"player_id, {name('player_name')}) from player_seasons",
        "prop_lines": f"select * replace ({team('home_team_abbr')}, {team('away_team_abbr')}, "
        f"{name('player_name')}) from clean_prop_lines",
        "injuries": f"select * replace ({team('team_abbr')}, {name('player_name')}) "
        "from clean_injuries",
        "players": f"select * replace (player_id + {offset} as player_id, {name('full_name')}, "
        f"{name('last_name')}) from players",
        "player_aliases": f"select * replace ({name('alias_name')}, player_id + {offset} as "
        "player_id) from player_aliases",
        "teams": f"select * replace ({team('team_abbr')}, team_id + {league - 1} * 1000 "
        f"as team_id, {name('full_name')}) from teams",
    }


def league_name(name: str | None, word: str) -> str | None:
    """``name`` with the league word after each person's name: ``A / B (note)`` becomes
    ``A Lg2 / B Lg2 (note)``, as the injury log writes alternatives and notes."""
    if name is None or not word:
        return name
    parts = []
    for part in name.split(" / "):
        person, _, note = part.partition(" (")
        parts.append(person + word + (" (" + note if note else ""))
    return " / ".join(parts)


def _register_clean_sources(connection: duckdb.DuckDBPyConnection) -> None:
    """Views of the source without the rows its build would quarantine: injury names that do
    not resolve to exactly one player (alias first, else the one normalised full name), lines
    for games the schedule does not have."""
    connection.create_function("normalise_name", normalise_name, ["VARCHAR"], "VARCHAR")
    connection.create_function(
        "league_name",
        league_name,
        ["VARCHAR", "VARCHAR"],
        "VARCHAR",
        null_handling="special",
    )
    connection.execute(
        """
        create temp table resolvable as
        select alias_name as name from player_aliases
        union
        select full_name from players
        where normalise_name(full_name) in (
            select normalise_name(full_name) from players group by 1 having count(*) = 1
        )
        """
    )
    connection.execute(
        "create temp view clean_injuries as select * from injuries "
        "where player_name in (select name from resolvable)"
    )
    connection.execute(
        """
        create temp view clean_prop_lines as
        select lines.* from prop_lines as lines
        where exists (
            select 1 from schedule
            where schedule.game_date = lines.game_date
                and schedule.home_team_abbr = lines.home_team_abbr
                and schedule.away_team_abbr = lines.away_team_abbr
        )
        """
    )


def generate(source: Path, out: Path, scale: int) -> dict[str, int]:
    """Write ``scale`` leagues of ``source`` to ``out`` (replaced); return rows per table."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    rows: dict[str, int] = {}
    with duckdb.connect() as connection:
        connection.execute(
            "set threads = 1"
        )  # a fixed row order: the same bytes every run
        for table in TABLES:
            connection.execute(
                f"create temp table {table} as select * from read_parquet('{source / table}.parquet')"
            )
        _register_clean_sources(connection)
        for table in TABLES:
            selects = [_league_sql(league)[table] for league in range(1, scale + 1)]
            union = " union all ".join(f"({select})" for select in selects)
            target = out / f"{table}.parquet"
            connection.execute(f"copy ({union}) to '{target}' (format parquet)")
            rows[table] = int(
                connection.execute(
                    f"select count(*) from read_parquet('{target}')"
                ).fetchone()[0]
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=Path("data/sample"))
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    arguments = parser.parse_args()
    for table, count in generate(
        arguments.source, arguments.out, arguments.scale
    ).items():
        print(f"{table}: {count:,} rows")


if __name__ == "__main__":
    main()
