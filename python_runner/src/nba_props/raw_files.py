"""The raw files against the raw contract, before dbt starts.

The contract is the ``nba_raw`` source of ``models/staging/_nba__sources.yml`` (columns and
types), read from the dbt manifest (``DbtProject.raw_columns``). A missing file, a missing
column or a column whose type can never cast is named with the file and the expected type;
a castable type is read value by value in staging.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from nba_props.config import Settings

#: Table -> column -> contract type, e.g. ``{"player_boxscores": {"game_id": "varchar"}}``.
RawContract = Mapping[str, Mapping[str, str]]
#: Where the contract is written, for messages.
SOURCES_FILE = "models/staging/_nba__sources.yml"

#: Raw types (DuckDB's names for Parquet columns) that staging can read, value by value, into a
#: column of each contract type; a value that still does not cast quarantines its row. A text
#: column must be text: a number there would already have lost an id's leading zeros.
_INTEGER_TYPES = frozenset(
    {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"}
    | {"UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT"}
)
_NUMBER_TYPES = _INTEGER_TYPES | {"FLOAT", "DOUBLE", "DECIMAL", "VARCHAR"}
_TIME_TYPES = frozenset(
    {"DATE", "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "VARCHAR"}
)
CASTABLE_RAW_TYPES: Mapping[str, frozenset[str]] = {
    "varchar": frozenset({"VARCHAR"}),
    "integer": _NUMBER_TYPES,
    "bigint": _NUMBER_TYPES,
    "double": _NUMBER_TYPES,
    "boolean": _INTEGER_TYPES | {"BOOLEAN", "VARCHAR"},
    "date": _TIME_TYPES,
    "timestamp": _TIME_TYPES,
}


def missing_raw_files(settings: Settings, contract: RawContract) -> list[Path]:
    """The ``<table>.parquet`` files of the raw contract that are not in the raw directory.
    Only the DuckDB target reads them; BigQuery reads tables."""
    files = [settings.raw_dir / f"{table}.parquet" for table in contract]
    return [path for path in files if not path.is_file()]


def _base_type(raw_type: str) -> str:
    """``DECIMAL(18,3)`` -> ``DECIMAL``; other names unchanged."""
    return raw_type.split("(", 1)[0].strip().upper()


def raw_column_problems(settings: Settings, contract: RawContract) -> list[str]:
    """Every contract column that a present raw file lacks, or holds in a type that can never
    cast to the contract's, one line each naming the file, the column and the expected type.
    Extra columns are ignored; a type that casts (CASTABLE_RAW_TYPES) is fine here."""
    import duckdb

    problems: list[str] = []
    with duckdb.connect() as con:
        for table, columns in contract.items():
            path = settings.raw_dir / f"{table}.parquet"
            if not path.is_file():
                continue
            relation = con.read_parquet(str(path))
            found = {
                name: str(kind) for name, kind in zip(relation.columns, relation.types, strict=True)
            }
            for column, expected in columns.items():
                if column not in found:
                    problems.append(
                        f"{path.name}: column {column} is missing (expected {expected.upper()})"
                    )
                elif _base_type(found[column]) not in CASTABLE_RAW_TYPES.get(expected, ()):
                    problems.append(
                        f"{path.name}: column {column} is {found[column]}, which cannot be read "
                        f"as {expected.upper()}"
                    )
    return problems


class RawDataError(FileNotFoundError):
    """Raw Parquet files of the contract are missing from the raw directory."""


class RawSchemaError(ValueError):
    """A raw Parquet file lacks a contract column or holds one in a type that cannot cast."""


def check_raw_files(settings: Settings, contract: RawContract) -> None:
    """Fail before dbt starts when raw files are missing or break the raw contract's columns
    (``DbtProject.raw_columns``), naming every missing file, or every file, column and
    expected type, at once.

    Raises:
        RawDataError: a raw Parquet file is missing.
        RawSchemaError: a raw file lacks a contract column or has one in a type that can never
            cast to the contract's.
    """
    missing = missing_raw_files(settings, contract)
    if missing:
        names = ", ".join(path.name for path in missing)
        raise RawDataError(f"raw data missing in {settings.raw_dir} (NBA_PROPS_RAW_DIR): {names}")
    problems = raw_column_problems(settings, contract)
    if problems:
        raise RawSchemaError(
            f"raw data in {settings.raw_dir} (NBA_PROPS_RAW_DIR) breaks the raw contract "
            f"({SOURCES_FILE}):\n" + "\n".join(f"  - {line}" for line in problems)
        )
