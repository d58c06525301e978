"""Player-name resolution and raw-row accounting in the staging layer, checked against the raw
files and the data README's rules rather than against other dbt models."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from nba_props.warehouse import Warehouse

PLAYERS_IN_SAMPLE = 5198
RECONCILED_TABLES = {
    "player_boxscores",
    "team_boxscores",
    "schedule",
    "player_shot_zones",
    "prop_lines",
    "injuries",
}


def normalize(name: str) -> str:
    """The data README's normalisation rule, verbatim."""
    return re.sub(
        r"\s+",
        " ",
        re.sub(
            r"\b(jr|sr|ii|iii|iv|v)\b",
            "",
            re.sub(
                r"[.,'’`]",
                "",
                unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower(),
            ).replace("-", " "),
        ),
    ).strip()


def resolve(name: str, aliases: dict[str, int], by_normalized: dict[str, list[int]]) -> int | None:
    """The README's resolution order: exact alias, else the one player with the normalised name."""
    if name in aliases:
        return aliases[name]
    candidates = by_normalized.get(normalize(name), [])
    return candidates[0] if len(candidates) == 1 else None


def _name_indexes(sample_dir: Path) -> tuple[dict[str, int], dict[str, list[int]]]:
    players = pd.read_parquet(sample_dir / "players.parquet", columns=["player_id", "full_name"])
    raw_aliases = pd.read_parquet(sample_dir / "player_aliases.parquet")
    aliases = dict(
        zip(raw_aliases["alias_name"], raw_aliases["player_id"].astype(int), strict=True)
    )
    by_normalized: dict[str, list[int]] = {}
    for player_id, full_name in zip(players["player_id"], players["full_name"], strict=True):
        by_normalized.setdefault(normalize(full_name), []).append(int(player_id))
    return aliases, by_normalized


def test_readme_rule_examples() -> None:
    assert normalize("Nikola Jokić") == "nikola jokic"
    assert normalize("Luka Dončić") == "luka doncic"
    assert normalize("Tim Hardaway Jr.") == "tim hardaway"
    assert normalize("Shai Gilgeous-Alexander") == "shai gilgeous alexander"
    assert normalize("De'Andre  Hunter") == "deandre hunter"


def test_sql_normalisation_matches_readme_rule_for_every_player(
    warehouse: Warehouse, sample_dir: Path, tables: dict[str, str]
) -> None:
    raw = pd.read_parquet(sample_dir / "players.parquet", columns=["player_id", "full_name"])
    sql = warehouse.query_df(
        f"select player_id, normalized_name from {tables['stg_nba__players']} order by player_id"
    )
    assert len(raw) == PLAYERS_IN_SAMPLE
    assert len(sql) == PLAYERS_IN_SAMPLE
    merged = raw.merge(sql, on="player_id", how="outer", validate="one_to_one", indicator=True)
    assert (merged["_merge"] == "both").all(), "player ids differ between raw and staging"
    merged["expected"] = merged["full_name"].map(normalize)
    wrong = merged[merged["expected"] != merged["normalized_name"]]
    assert wrong.empty, (
        f"{len(wrong)} names normalised differently, e.g.\n"
        + wrong[["player_id", "full_name", "normalized_name", "expected"]].head(10).to_string()
    )


def test_every_clean_prop_line_has_the_readme_player(
    warehouse: Warehouse, sample_dir: Path, tables: dict[str, str]
) -> None:
    aliases, by_normalized = _name_indexes(sample_dir)
    lines = warehouse.query_df(
        f"select player_name, player_id from {tables['int_prop_lines__clean']}"
    )
    assert len(lines) > 0
    assert lines["player_id"].notna().all(), "a clean prop line has no player_id"
    expected = [resolve(name, aliases, by_normalized) for name in lines["player_name"]]
    lines["expected"] = pd.array(expected, dtype="Int64")
    wrong = lines[lines["expected"].ne(lines["player_id"]).fillna(True)]
    assert wrong.empty, f"{len(wrong)} player ids differ from the README rule:\n{wrong.head(10)}"


def test_every_raw_prop_line_name_resolves(
    warehouse: Warehouse, sample_dir: Path, tables: dict[str, str]
) -> None:
    """The README promises every book name resolves, so no line is quarantined for its name."""
    aliases, by_normalized = _name_indexes(sample_dir)
    names = pd.read_parquet(sample_dir / "prop_lines.parquet", columns=["player_name"])
    unresolved = sorted(
        {name for name in names["player_name"] if resolve(name, aliases, by_normalized) is None}
    )
    assert unresolved == []
    reasons = warehouse.query_df(
        f"select distinct quarantine_reason from {tables['raw_quarantine']} "
        "where source_table = 'prop_lines'"
    )
    assert not set(reasons["quarantine_reason"]) & {
        "unresolved_player_name",
        "ambiguous_player_name",
    }


def test_raw_rows_reconcile(warehouse: Warehouse, sample_dir: Path, tables: dict[str, str]) -> None:
    recon = warehouse.query_df(
        "select source_table, raw_rows, clean_rows, quarantined_rows "
        f"from {tables['raw_row_reconciliation']}"
    )
    assert set(recon["source_table"]) == RECONCILED_TABLES
    unbalanced = recon[recon["raw_rows"] != recon["clean_rows"] + recon["quarantined_rows"]]
    assert unbalanced.empty, unbalanced.to_string()
    for row in recon.itertuples(index=False):
        # raw_rows is what the source files really hold ...
        assert (
            row.raw_rows
            == pq.ParquetFile(sample_dir / f"{row.source_table}.parquet").metadata.num_rows
        )
        # ... and every quarantined row is listed with a reason.
        listed = warehouse.query_df(
            f"select count(*) as n from {tables['raw_quarantine']} "
            "where source_table = ? and quarantine_reason is not null",
            [row.source_table],
        )
        assert int(listed["n"].iloc[0]) == row.quarantined_rows
