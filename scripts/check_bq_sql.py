#!/usr/bin/env python3
"""Offline BigQuery check of dbt-compiled SQL (`make bq-check`, docs/bigquery.md).

Usage:
    check_bq_sql.py PATH [PATH ...]       check compiled .sql files (directories are walked)
    check_bq_sql.py --has-incremental MANIFEST
                                          print yes/no: does the manifest have an incremental model

PATH is normally `<target-path>/compiled` of
`DBT_OFFLINE_COMPILE=full dbt compile --target bq_offline --no-introspect --no-populate-cache`.
When `<target-path>/manifest.json` sits next to it, files are classified by dbt resource type
and every enabled SQL model and data test must have been compiled.

Each file goes through three checks:
  1. parse with sqlglot, read="bigquery", error level RAISE (syntax);
  2. functions sqlglot cannot resolve for BigQuery (exp.Anonymous), unless allow-listed;
  3. a lint for DuckDB-isms that sqlglot happily parses in BigQuery mode (`::`, list_*(),
     lambdas, T[] types, `* exclude`, try_cast, median(), len(), double-quoted identifiers...).
     It looks at code only: string literals and comments are masked first.

It is a syntax and dialect check, not a BigQuery dry run: types, function signatures, contracts
and cost are not verified (docs/bigquery.md lists what is not).

Exit status: 0 clean, 1 findings, 2 nothing to check / bad arguments.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import sqlglot
from sqlglot import exp
from sqlglot.dialects.bigquery import BigQuery
from sqlglot.errors import ErrorLevel, ParseError, TokenError
from sqlglot.tokens import TokenType

DIALECT = "bigquery"

# Real BigQuery functions that sqlglot 30 parses as exp.Anonymous (it resolves most others:
# safe_divide, countif, generate_uuid, range_bucket, format_date, ...). Keep it short and add a
# name only after checking the BigQuery function reference. Not `range`: DuckDB's range() table
# function would slip through.
ALLOWED_UNRESOLVED_FUNCTIONS = frozenset({"error", "ieee_divide", "array_includes"})

# (rule, regex on masked code, advice). Case-insensitive. String literals and comments are blank.
LINT_RULES: list[tuple[str, str, str]] = [
    (
        "duckdb-cast-operator",
        r"::",
        "`x::T` cast is DuckDB/Postgres; use cast(x as T) or safe_cast",
    ),
    (
        "duckdb-list-function",
        r"\blist_\w+\s*\(",
        "DuckDB list function; use array_concat/array_length/unnest",
    ),
    ("duckdb-lambda", r"\blambda\b", "DuckDB lambda; use a subquery over unnest(...)"),
    (
        "duckdb-array-type",
        (
            r"\b(?:bigint|integer|int|int64|smallint|tinyint|hugeint|double|float|float64|real|"
            r"decimal|numeric|varchar|text|string|bool|boolean|date|timestamp)\s*\[\s*\]"
        ),
        "DuckDB `T[]` array type; use array<T> (empty: array<T>[])",
    ),
    (
        "duckdb-star-exclude",
        r"\bexclude\s*\(",
        "DuckDB `* exclude (...)`; BigQuery uses `* except (...)`",
    ),
    (
        "duckdb-strip-accents",
        r"\bstrip_accents\s*\(",
        "DuckDB only; use normalize(x, nfkd) and drop non-ASCII",
    ),
    (
        "duckdb-regexp-matches",
        r"\bregexp_matches\s*\(",
        "DuckDB only; use regexp_contains(x, r'...')",
    ),
    ("duckdb-try-cast", r"\btry_cast\s*\(", "DuckDB try_cast; use safe_cast"),
    (
        "duckdb-median",
        r"\bmedian\s*\(",
        "no median() in BigQuery; percentile_cont(x, 0.5) over () or approx_quantiles",
    ),
    ("duckdb-isnan", r"\bisnan\s*\(", "DuckDB isnan; use is_nan"),
    (
        "duckdb-len",
        r"\blen\s*\(",
        "DuckDB len; use length() (strings) or array_length() (arrays)",
    ),
    (
        "duckdb-date-part-first",
        r"\b(?:date_diff|datediff|date_sub|date_add|date_trunc|date_part|datepart)\s*\(\s*'",
        (
            "DuckDB puts the date part first as a string; BigQuery: date_diff(end, start, day), "
            "date_trunc(d, month), extract(part from d)"
        ),
    ),
    ("duckdb-count-if", r"\bcount_if\s*\(", "DuckDB count_if; BigQuery countif"),
    (
        "duckdb-bool-agg",
        r"\bbool_(?:or|and)\s*\(",
        "DuckDB bool_or/bool_and; BigQuery logical_or/logical_and",
    ),
    (
        "duckdb-arg-max",
        r"\barg_(?:max|min)\s*\(",
        "DuckDB arg_max/arg_min; BigQuery max_by/min_by",
    ),
    (
        "duckdb-generate-series",
        r"\bgenerate_series\s*\(",
        "DuckDB generate_series; BigQuery generate_array",
    ),
    (
        "duckdb-first-last",
        r"\b(?:first|last)\s*\(",
        "DuckDB first()/last() aggregate; use any_value or array_agg(... limit 1)",
    ),
    (
        "duckdb-ilike",
        r"\bilike\b",
        "no ILIKE in BigQuery; lower(x) like lower(pattern)",
    ),
    ("duckdb-integer-division", r"//", "DuckDB integer division; BigQuery div(a, b)"),
    (
        "duckdb-string-interval",
        r"\binterval\s*'",
        "DuckDB interval '1 day'; BigQuery interval 1 day",
    ),
    ("duckdb-arrow", r"->", "DuckDB lambda arrow / JSON arrow; not BigQuery SQL"),
    (
        "duckdb-filter-clause",
        r"\bfilter\s*\(\s*where\b",
        "no aggregate FILTER (WHERE ...) in BigQuery; countif / case inside",
    ),
    ("duckdb-modulo-operator", r"%", "no % operator in BigQuery; use mod(a, b)"),
    (
        "duckdb-power-operator",
        r"\*\*|\^",
        "DuckDB power operator (in BigQuery ^ is bitwise XOR); use power(a, b)",
    ),
    (
        "duckdb-struct-literal",
        r"\{",
        "DuckDB {'k': v} struct literal (or unrendered Jinja); use struct(v as k)",
    ),
    (
        "duckdb-array-literal",
        r"\barray\s*\[",
        "DuckDB array[...]; BigQuery writes [...] or array<T>[...]",
    ),
]
_COMPILED_RULES = [
    (rule, re.compile(rx, re.IGNORECASE), advice) for rule, rx, advice in LINT_RULES
]

# Types BigQuery does not know as a cast target (FLOAT64, INT64, NUMERIC... are the names).
DUCKDB_ONLY_TYPES = frozenset(
    {
        "double",
        "real",
        "float",
        "hugeint",
        "ubigint",
        "uinteger",
        "usmallint",
        "utinyint",
        "varchar",
        "text",
        "blob",
        "uuid",
        "timestamptz",
        "list",
        "map",
    }
)
CAST_FUNCTIONS = frozenset({"cast", "safe_cast", "try_cast"})
# GoogleSQL reserved keywords: usable as names only in backticks (sqlglot parses them anyway).
BQ_RESERVED = frozenset(getattr(BigQuery.Generator, "RESERVED_KEYWORDS", ()))
STRING_TOKENS = frozenset(
    t
    for t in (
        getattr(TokenType, name, None)
        for name in (
            "STRING",
            "RAW_STRING",
            "BYTE_STRING",
            "NATIONAL_STRING",
            "HEREDOC_STRING",
            "UNICODE_STRING",
            "BIT_STRING",
            "HEX_STRING",
        )
    )
    if t is not None
)


@dataclass(frozen=True)
class Finding:
    path: Path
    line: int
    rule: str
    message: str
    source: str | None = None

    def render(self) -> str:
        origin = f"  [from {self.source}]" if self.source else ""
        return f"{self.path}:{self.line}: {self.rule}: {self.message}{origin}"


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def mask_code(sql: str, tokens) -> str:
    """The SQL with everything but code blanked: comments and whitespace become spaces, string
    literals keep their quotes but lose their contents. Offsets and line numbers are kept."""
    chars = ["\n" if c == "\n" else " " for c in sql]
    for tok in tokens:
        start, end = tok.start, tok.end + 1
        piece = sql[start:end]
        if tok.token_type in STRING_TOKENS and len(piece) >= 2:
            body = "".join("\n" if c == "\n" else " " for c in piece[1:-1])
            piece = piece[0] + body + piece[-1]
        chars[start:end] = list(piece)
    return "".join(chars)


def _token_findings(sql: str, tokens) -> list[tuple[int, str, str]]:
    """Double-quoted strings and DuckDB-only cast targets, from the token stream."""
    out: list[tuple[int, str, str]] = []
    paren_owner: list[str] = []
    previous = None
    for i, tok in enumerate(tokens):
        if (
            tok.token_type == TokenType.STRING
            and sql[tok.start] == '"'
            and not sql.startswith('"""', tok.start)
        ):
            out.append(
                (
                    tok.start,
                    "double-quoted-identifier",
                    (
                        f'"{tok.text}" is a STRING literal in BigQuery, not a column '
                        "(DuckDB identifier quoting?); quote identifiers with "
                        "backticks, strings with single quotes"
                    ),
                )
            )
        if tok.token_type == TokenType.L_PAREN:
            paren_owner.append(previous.text.lower() if previous is not None else "")
        elif tok.token_type == TokenType.R_PAREN and paren_owner:
            paren_owner.pop()
        elif (
            tok.token_type == TokenType.ALIAS
            and paren_owner
            and paren_owner[-1] in CAST_FUNCTIONS
            and i + 1 < len(tokens)
            and tokens[i + 1].text.lower() in DUCKDB_ONLY_TYPES
        ):
            nxt = tokens[i + 1]
            out.append(
                (
                    nxt.start,
                    "duckdb-type",
                    (
                        f"cast to `{nxt.text}` is not a BigQuery type; "
                        "use float64 / string / int64 / bytes"
                    ),
                )
            )
        previous = tok
    return out


def _ast_findings(statements) -> list[tuple[int | None, str, str]]:
    out: list[tuple[int | None, str, str]] = []
    for stmt in statements:
        if stmt is None:
            continue
        for node in stmt.find_all(exp.Anonymous):
            name = node.name.lower()
            if name not in ALLOWED_UNRESOLVED_FUNCTIONS:
                out.append(
                    (
                        node.meta.get("line"),
                        "unknown-function",
                        f"{name}() is not a function sqlglot knows for BigQuery (DuckDB-only?)",
                    )
                )
        for node in stmt.find_all(exp.Identifier):
            if not node.quoted and node.name.lower() in BQ_RESERVED:
                out.append(
                    (
                        node.meta.get("line"),
                        "reserved-keyword",
                        (
                            f"`{node.name}` is a reserved keyword in BigQuery; "
                            "rename it or quote it in backticks"
                        ),
                    )
                )
        for join in stmt.find_all(exp.Join):
            if join.side in ("LEFT", "RIGHT", "FULL") and not _has_cross_equality(join):
                out.append(
                    (
                        _first_line(join),
                        "outer-join-without-equality",
                        (
                            f"BigQuery rejects a {join.side} OUTER JOIN whose ON has "
                            "no top-level equality between columns of both sides"
                        ),
                    )
                )
        for node in stmt.find_all(exp.RegexpReplace):
            if any(
                node.args.get(k) is not None
                for k in ("position", "occurrence", "modifiers")
            ):
                out.append(
                    (
                        None,
                        "regexp-replace-arity",
                        (
                            "BigQuery regexp_replace takes 3 arguments (it always "
                            "replaces every match); drop the DuckDB 'g' flag"
                        ),
                    )
                )
    return out


def _first_line(node: exp.Expression) -> int | None:
    for sub in node.walk():
        line = sub.meta.get("line") if sub.meta else None
        if line:
            return line
    return None


def _has_cross_equality(join: exp.Join) -> bool:
    """True when the join is not ON-based (USING, UNNEST) or its ON condition has an AND-level
    `a = b` with columns on both sides from different tables."""
    on = join.args.get("on")
    if on is None or isinstance(join.this, exp.Unnest):
        return True
    for conjunct in on.flatten() if isinstance(on, exp.And) else [on]:
        conjunct = conjunct.unnest()
        if isinstance(conjunct, exp.EQ):
            left = {c.table for c in conjunct.left.find_all(exp.Column)}
            right = {c.table for c in conjunct.right.find_all(exp.Column)}
            if left and right and (left != right or left == {""}):
                return True
    return False


def check_sql(
    sql: str, path: Path, source: str | None = None
) -> tuple[int, list[Finding]]:
    """Check one compiled file. Returns (statements parsed, findings)."""
    findings: list[Finding] = []

    def add(line: int | None, rule: str, message: str) -> None:
        findings.append(Finding(path, line or 1, rule, message, source))

    statements = []
    try:
        statements = sqlglot.parse(sql, read=DIALECT, error_level=ErrorLevel.RAISE)
    except ParseError as err:
        for e in err.errors or [{"description": str(err), "line": None}]:
            add(
                e.get("line"),
                "parse-error",
                str(e.get("description") or err).splitlines()[0],
            )
    except TokenError as err:
        add(None, "parse-error", f"tokenizer: {err}")

    try:
        tokens = sqlglot.Dialect.get_or_raise(DIALECT).tokenize(sql)
    except TokenError:
        tokens = None
    code = mask_code(sql, tokens) if tokens is not None else sql

    for offset, rule, message in _token_findings(sql, tokens or []):
        add(_line_of(sql, offset), rule, message)
    for line, rule, message in _ast_findings(statements):
        if line is None and rule == "regexp-replace-arity":
            m = re.search(r"\bregexp_replace\s*\(", code, re.IGNORECASE)
            line = _line_of(code, m.start()) if m else None
        add(line, rule, message)
    for rule, rx, advice in _COMPILED_RULES:
        for m in rx.finditer(code):
            add(_line_of(code, m.start()), rule, f"`{m.group(0).strip()}`: {advice}")

    # one finding per (line, rule): `list_concat(` is both unknown-function and a list_* lint
    unique: dict[tuple[int, str], Finding] = {}
    for f in findings:
        unique.setdefault((f.line, f.rule), f)
    return sum(s is not None for s in statements), sorted(
        unique.values(), key=lambda f: (f.line, f.rule)
    )


# ---------------------------------------------------------------------------------------------
# files, manifest, resource types


def _find_manifest(root: Path) -> Path | None:
    for candidate in (root / "manifest.json", root.parent / "manifest.json"):
        if candidate.is_file():
            return candidate
    return None


def _load_manifest(path: Path | None) -> dict:
    if path is None:
        return {}
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def _compiled_key(path: str | Path) -> str | None:
    """`<project>/models/x.sql` part of a compiled path (after the last `compiled/`)."""
    parts = Path(path).parts
    if "compiled" not in parts:
        return None
    last = len(parts) - 1 - parts[::-1].index("compiled")
    return "/".join(parts[last + 1 :])


def _guess_type(rel: Path) -> str:
    parts = rel.parts
    if any(p.endswith((".yml", ".yaml")) for p in parts[:-1]) or "tests" in parts:
        return "test"
    for folder, kind in (
        ("models", "model"),
        ("snapshots", "snapshot"),
        ("analyses", "analysis"),
    ):
        if folder in parts:
            return kind
    return "sql"


def collect(paths: list[Path]) -> list[tuple[Path, Path]]:
    """(file, root it was found under) for every .sql file."""
    out = []
    for p in paths:
        if p.is_dir():
            out.extend((f, p) for f in sorted(p.rglob("*.sql")))
        elif p.is_file():
            out.append((p, p.parent))
    return out


def manifest_has_incremental(manifest_path: Path) -> bool:
    manifest = json.loads(manifest_path.read_text())
    return any(
        n.get("resource_type") == "model"
        and n.get("config", {}).get("materialized") == "incremental"
        and n.get("config", {}).get("enabled", True)
        for n in manifest.get("nodes", {}).values()
    )


def run(paths: list[Path], manifest_path: Path | None, out=None) -> int:
    out = out or sys.stdout
    started = time.perf_counter()
    files = collect(paths)
    if not files:
        print(
            f"bq-check: no .sql files under {', '.join(map(str, paths))} (did the compile run?)",
            file=out,
        )
        return 2

    manifest_path = manifest_path or next(
        (m for m in (_find_manifest(p) for p in paths if p.is_dir()) if m), None
    )
    nodes = _load_manifest(manifest_path).get("nodes", {})
    by_key = {}
    for node in nodes.values():
        key = _compiled_key(node.get("compiled_path") or "")
        if key:
            by_key[key] = node

    statements: Counter[str] = Counter()
    file_counts: Counter[str] = Counter()
    findings: list[Finding] = []
    seen_keys = set()
    for path, root in files:
        key = _compiled_key(path)
        node = by_key.get(key) if key else None
        if node is not None:
            seen_keys.add(key)
            kind = (
                "data test"
                if node["resource_type"] == "test"
                else node["resource_type"]
            )
            source = node.get("original_file_path")
        else:
            kind = _guess_type(path.relative_to(root))
            kind = "data test" if kind == "test" else kind
            source = None
        n, found = check_sql(path.read_text(encoding="utf-8"), path, source)
        statements[kind] += n
        file_counts[kind] += 1
        findings.extend(found)

    # every enabled SQL model and data test must have produced a compiled file
    for key, node in sorted(by_key.items()):
        if (
            key not in seen_keys
            and node.get("resource_type") in {"model", "test"}
            and node.get("language", "sql") == "sql"
            and node.get("config", {}).get("enabled", True)
            and node.get("config", {}).get("materialized") != "ephemeral"
        ):
            findings.append(
                Finding(
                    Path(node.get("original_file_path", key)),
                    1,
                    "not-compiled",
                    f"{node['unique_id']} is in the manifest but its compiled SQL is missing",
                )
            )

    elapsed = time.perf_counter() - started
    for f in findings:
        print(f.render(), file=out)
    verdict = "OK" if not findings else f"FAILED, {len(findings)} finding(s)"
    print(f"bq-check: sqlglot {sqlglot.__version__}, read={DIALECT}", file=out)
    for k in sorted(file_counts):
        print(
            f"  {k:<10} {file_counts[k]:>4} files {statements[k]:>5} statements",
            file=out,
        )
    print(
        f"bq-check: {sum(statements.values())} statements in {sum(file_counts.values())} files "
        f"checked in {elapsed:.2f} s: {verdict}",
        file=out,
    )
    if findings:
        by_rule = Counter(f.rule for f in findings)
        print(
            "bq-check: by rule: "
            + ", ".join(f"{r} {c}" for r, c in by_rule.most_common()),
            file=out,
        )
    return 1 if findings else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "paths", nargs="*", type=Path, help="compiled .sql files or directories"
    )
    parser.add_argument(
        "--manifest",
        type=Path,
        help="manifest.json (default: next to the compiled dir)",
    )
    parser.add_argument(
        "--has-incremental",
        type=Path,
        metavar="MANIFEST",
        help="only print yes/no: does MANIFEST have an incremental model",
    )
    args = parser.parse_args(argv)
    if args.has_incremental:
        try:
            print("yes" if manifest_has_incremental(args.has_incremental) else "no")
        except (OSError, ValueError) as err:
            print(
                f"bq-check: cannot read {args.has_incremental}: {err}", file=sys.stderr
            )
            return 2
        return 0
    if not args.paths:
        parser.error("give at least one compiled directory or .sql file")
    return run(args.paths, args.manifest)


if __name__ == "__main__":
    sys.exit(main())
