"""scripts/check_bq_sql.py: rejects DuckDB-only SQL, accepts the project's BigQuery SQL."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "check_bq_sql.py"
MODELS = Path("compiled") / "nba_props" / "models"

# (rule, a snippet of the line of bad_duckdb_only.sql it must be reported on)
BAD_MODEL_EXPECTATIONS = [
    ("duckdb-cast-operator", "player_id::bigint"),
    ("duckdb-list-function", "list_concat("),
    ("duckdb-list-function", "list_filter("),
    ("duckdb-lambda", "lambda i:"),
    ("parse-error", "lambda i:"),
    ("duckdb-array-type", "cast([] as bigint[])"),
    ("duckdb-strip-accents", "strip_accents("),
    ("duckdb-regexp-matches", "regexp_matches("),
    ("duckdb-try-cast", "try_cast("),
    ("duckdb-isnan", "isnan("),
    ("duckdb-len", "len(player_name)"),
    ("duckdb-date-part-first", "date_diff('day'"),
    ("double-quoted-identifier", '"player_name" as quoted_name'),
    ("duckdb-star-exclude", "exclude (player_id_cast)"),
]


def _findings(checker, path: Path):
    return checker.check_sql(path.read_text(), path)[1]


def _line_of(path: Path, snippet: str) -> int:
    lines = path.read_text().splitlines()
    matches = [i for i, line in enumerate(lines, 1) if snippet in line]
    assert len(matches) == 1, f"{snippet!r} should be on exactly one line of {path}"
    return matches[0]


# ---------------------------------------------------------------------------------------------
# the fixture project, compiled offline with dbt


def test_duckdb_only_model_is_rejected_line_by_line(checker, compiled):
    bad = compiled["fixture_full"] / MODELS / "bad_duckdb_only.sql"
    found = {(f.line, f.rule) for f in _findings(checker, bad)}
    expected = {
        (_line_of(bad, snippet), rule) for rule, snippet in BAD_MODEL_EXPECTATIONS
    }
    assert expected <= found, f"missing: {sorted(expected - found)}"


def test_good_model_tests_and_incremental_model_are_accepted(checker, compiled):
    root = compiled["fixture_full"] / "compiled"
    files = [p for p in root.rglob("*.sql") if p.name != "bad_duckdb_only.sql"]
    assert len(files) == 6  # good + incremental model, 3 generic tests, 1 singular test
    for path in files:
        assert _findings(checker, path) == [], path


def test_cli_fails_on_the_fixture_and_reports_file_line(compiled):
    root = compiled["fixture_full"] / "compiled"
    run = subprocess.run(
        [sys.executable, str(SCRIPT), str(root)],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert f"{root / 'nba_props/models/bad_duckdb_only.sql'}:" in run.stdout
    assert "[from models/bad_duckdb_only.sql]" in run.stdout
    assert "model" in run.stdout and "data test" in run.stdout
    assert "FAILED" in run.stdout
    assert "good_bigquery_model.sql:" not in run.stdout


def test_cli_passes_on_good_files_and_refuses_an_empty_dir(compiled, tmp_path):
    good = compiled["fixture_full"] / MODELS / "good_bigquery_model.sql"
    ok = subprocess.run(
        [sys.executable, str(SCRIPT), str(good)],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ok.returncode == 0, ok.stdout
    assert "OK" in ok.stdout
    empty = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path)],
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert empty.returncode == 2


def test_duckdb_rendering_of_the_same_macros_is_rejected(checker, compiled):
    """The default__ (DuckDB) branch of every macro the good model uses is caught."""
    duck = compiled["fixture_duckdb"] / MODELS / "good_bigquery_model.sql"
    rules = {f.rule for f in _findings(checker, duck)}
    assert {
        "duckdb-try-cast",
        "duckdb-median",
        "duckdb-strip-accents",
        "duckdb-regexp-matches",
        "duckdb-list-function",
        "duckdb-array-type",
        "duckdb-isnan",
        "duckdb-star-exclude",
        "duckdb-type",
        "duckdb-date-part-first",
        "parse-error",
    } <= rules


def test_offline_compile_renders_both_incremental_branches(checker, compiled):
    full = (compiled["fixture_full"] / MODELS / "incremental_window.sql").read_text()
    incremental_path = (
        compiled["fixture_incremental"] / MODELS / "incremental_window.sql"
    )
    assert "max(game_date)" not in full
    assert "max(game_date)" in incremental_path.read_text()
    assert _findings(checker, incremental_path) == []
    manifest = compiled["fixture_full"] / "manifest.json"
    assert checker.manifest_has_incremental(manifest)


def test_missing_compiled_node_is_a_finding(checker, compiled, tmp_path, capsys):
    target = tmp_path / "target"
    (target / MODELS).mkdir(parents=True)
    (target / MODELS / "good.sql").write_text("select 1 as x\n")
    node = {
        "resource_type": "model",
        "language": "sql",
        "config": {"enabled": True},
        "original_file_path": "models/skipped.sql",
        "unique_id": "model.nba_props.skipped",
        "compiled_path": str(target / MODELS / "skipped.sql"),
    }
    (target / "manifest.json").write_text(
        json.dumps({"nodes": {"model.nba_props.skipped": node}})
    )
    assert checker.run([target / "compiled"], None) == 1
    assert "not-compiled" in capsys.readouterr().out


# ---------------------------------------------------------------------------------------------
# the real project


def test_project_bigquery_sql_passes(checker, compiled, capsys):
    target = compiled["project"]
    assert checker.run([target / "compiled"], None) == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    manifest = json.loads((target / "manifest.json").read_text())
    expected = sum(
        1
        for n in manifest["nodes"].values()
        if n["resource_type"] in ("model", "test") and n["config"].get("enabled", True)
    )
    assert f"{expected} statements in {expected} files" in out


def test_project_window_build_sql_passes(checker, compiled, capsys):
    """The incremental branches and window-dependent config, as a daily run compiles them."""
    assert checker.run([compiled["project_window"] / "compiled"], None) == 0, (
        capsys.readouterr().out
    )


def test_project_layers_land_in_prefixed_datasets(compiled):
    """generate_schema_name on BigQuery: every model lands in <profile dataset>_<its folder's
    schema>, refs compile to those datasets, the raw dataset is untouched. The names come
    from the compiled manifest and the profile, so a schema change needs no edit here."""
    target = compiled["project"]
    manifest = json.loads((target / "manifest.json").read_text())
    profile = yaml.safe_load((REPO / "profiles.yml").read_text())
    prefix = profile["nba_props"]["outputs"]["bq_offline"]["dataset"]
    models = {
        n["name"]: n
        for n in manifest["nodes"].values()
        if n["resource_type"] == "model"
    }
    for name, node in models.items():
        assert node["schema"] == f"{prefix}_{node['config']['schema']}", name
    assert len({node["schema"] for node in models.values()}) >= 6, (
        "one dataset per folder"
    )
    context = (
        target / MODELS / models["upcoming_player_game_context"]["path"]
    ).read_text()
    for upstream in ("int_player_game_universe", "int_schedule__clean"):
        assert f"`{models[upstream]['schema']}`.`{upstream}`" in context
    (raw_schedule,) = [
        source
        for source in manifest["sources"].values()
        if (source["source_name"], source["name"]) == ("nba_raw", "schedule")
    ]
    assert raw_schedule["schema"] not in {node["schema"] for node in models.values()}
    staged = (target / MODELS / models["stg_nba__schedule"]["path"]).read_text()
    assert f"`{raw_schedule['schema']}`.`{raw_schedule['identifier']}`" in staged


# ---------------------------------------------------------------------------------------------
# one small case per rule: (rule, SQL it must flag, equivalent BigQuery SQL it must accept)

RULE_CASES = [
    ("parse-error", "select (1 from t", "select (1) from t"),
    ("unknown-function", "select list_value(1, 2)", "select [1, 2]"),
    (
        "duckdb-cast-operator",
        "select x::int64 from t",
        "select cast(x as int64) from t",
    ),
    (
        "duckdb-list-function",
        "select list_distinct(xs) from t",
        "select array(select distinct x from unnest(xs) as x) from t",
    ),
    (
        "duckdb-lambda",
        "select list_transform(xs, lambda x: x + 1) from t",
        "select array(select x + 1 from unnest(xs) as x) from t",
    ),
    (
        "duckdb-array-type",
        "select cast(null as double[]) from t",
        "select cast(null as array<float64>) from t",
    ),
    (
        "duckdb-star-exclude",
        "select * exclude (a) from t",
        "select * except (a) from t",
    ),
    (
        "duckdb-strip-accents",
        "select strip_accents(n) from t",
        "select regexp_replace(normalize(n, nfkd), r'\\p{M}', '') from t",
    ),
    (
        "duckdb-regexp-matches",
        "select regexp_matches(n, 'a') from t",
        "select regexp_contains(n, r'a') from t",
    ),
    (
        "duckdb-try-cast",
        "select try_cast(x as date) from t",
        "select safe_cast(x as date) from t",
    ),
    (
        "duckdb-median",
        "select median(x) from t",
        "select percentile_cont(x, 0.5) over () from t",
    ),
    ("duckdb-isnan", "select isnan(x) from t", "select is_nan(x) from t"),
    ("duckdb-len", "select len(n) from t", "select length(n) from t"),
    (
        "duckdb-date-part-first",
        "select date_diff('day', a, b) from t",
        "select date_diff(b, a, day) from t",
    ),
    (
        "duckdb-count-if",
        "select count_if(x > 1) from t",
        "select countif(x > 1) from t",
    ),
    ("duckdb-bool-agg", "select bool_or(x) from t", "select logical_or(x) from t"),
    ("duckdb-arg-max", "select arg_max(a, b) from t", "select max_by(a, b) from t"),
    (
        "duckdb-generate-series",
        "select generate_series(1, 3)",
        "select generate_array(1, 3)",
    ),
    ("duckdb-first-last", "select first(x) from t", "select any_value(x) from t"),
    (
        "duckdb-ilike",
        "select x from t where n ilike 'a%'",
        "select x from t where lower(n) like 'a%'",
    ),
    ("duckdb-integer-division", "select 7 // 2", "select div(7, 2)"),
    (
        "duckdb-string-interval",
        "select d + interval '1 day' from t",
        "select date_add(d, interval 1 day) from t",
    ),
    ("duckdb-arrow", "select j -> 'a' from t", "select json_query(j, '$.a') from t"),
    (
        "duckdb-filter-clause",
        "select count(*) filter (where x) from t",
        "select countif(x) from t",
    ),
    ("duckdb-modulo-operator", "select 7 % 2", "select mod(7, 2)"),
    ("duckdb-power-operator", "select 2 ** 3", "select power(2, 3)"),
    ("duckdb-struct-literal", "select {'a': 1} as s", "select struct(1 as a) as s"),
    ("duckdb-array-literal", "select array[1, 2] as a", "select [1, 2] as a"),
    (
        "duckdb-type",
        "select cast(x as double) from t",
        "select cast(x as float64) from t",
    ),
    (
        "double-quoted-identifier",
        'select "player_name" from t',
        "select `player_name` from t",
    ),
    ("reserved-keyword", "select t.range from t", "select t.`range` from t"),
    (
        "outer-join-without-equality",
        "select * from a left join b on b.d < a.d",
        "select * from a left join b on b.k = a.k and b.d < a.d",
    ),
    (
        "regexp-replace-arity",
        "select regexp_replace(n, 'a', 'b', 'g') from t",
        "select regexp_replace(n, r'a', 'b') from t",
    ),
]


def test_every_rule_has_a_case(checker):
    rules = {rule for rule, _, _ in checker.LINT_RULES}
    rules |= {
        "parse-error",
        "unknown-function",
        "duckdb-type",
        "double-quoted-identifier",
        "reserved-keyword",
        "outer-join-without-equality",
        "regexp-replace-arity",
    }
    assert rules == {rule for rule, _, _ in RULE_CASES}


@pytest.mark.parametrize("rule, bad, good", RULE_CASES, ids=[c[0] for c in RULE_CASES])
def test_rule(checker, rule, bad, good):
    bad_rules = {f.rule for f in checker.check_sql(bad, Path("bad.sql"))[1]}
    assert rule in bad_rules
    good_findings = checker.check_sql(good, Path("good.sql"))[1]
    assert good_findings == [], [f.render() for f in good_findings]


def test_strings_and_comments_are_not_linted(checker):
    sql = (
        "select 'a::b list_concat( median(' as s, -- try_cast( ::\n"
        "    r\"[.,'`]\" as raw_pattern, 'it\\'s 50%' as escaped, /* lambda */ x\n"
        "from t # isnan(\n"
    )
    assert checker.check_sql(sql, Path("x.sql"))[1] == []


def test_allow_listed_unresolved_function_is_accepted(checker):
    assert "ieee_divide" in checker.ALLOWED_UNRESOLVED_FUNCTIONS
    assert checker.check_sql("select ieee_divide(1, 0) as x", Path("x.sql"))[1] == []


def test_findings_report_the_line(checker):
    sql = "select\n    a,\n    isnan(b)\nfrom t\n"
    (finding,) = checker.check_sql(sql, Path("x.sql"))[1]
    assert (finding.line, finding.rule) == (3, "duckdb-isnan")
    assert finding.render().startswith("x.sql:3: duckdb-isnan:")
