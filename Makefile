# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export DBT_PROFILES_DIR := $(CURDIR)
export NBA_PROPS_DUCKDB_PATH ?= warehouse/nba_props.duckdb
export NBA_PROPS_RAW_DIR ?= data/sample

.PHONY: install run test lint docs contract-docs clean bq-check mutate mutate-ci bench bench-ci

$(STAMP): python_runner/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e 'python_runner[dev]'
	touch $(STAMP)

install: $(STAMP)

# The sample's 2024-25 regular season; the first model trains on everything before it (2023-24).
RUN_START ?= 2024-10-22
RUN_END ?= 2025-04-13

REPORT_HTML ?= artifacts/report.html
# The evaluation's feature-group ablation in `make run`: each group v10 adds over v9 removed in
# turn, and v9 itself, each retrained walk-forward every 56 days (a reference with every group
# retrained alike is added); empty EVAL_ABLATION skips it.
EVAL_ABLATION ?= --ablation-groups new --compare-feature-set v9 --ablation-retrain-every 56

## The main job on the bundled sample: a fresh DuckDB file, dbt build, walk-forward train and
## predict, grade, the terminal report, and the same report as one HTML page ($(REPORT_HTML)).
run: install
	rm -f $(NBA_PROPS_DUCKDB_PATH)
	$(BIN)/nba-props run --start-date $(RUN_START) --end-date $(RUN_END)
	$(BIN)/nba-props report --start-date $(RUN_START) --end-date $(RUN_END) --format html --out $(REPORT_HTML)
	$(BIN)/nba-props evaluate --start-date $(RUN_START) --end-date $(RUN_END) --skip-predict $(EVAL_ABLATION) --output -

# Two test processes, each test file whole in one of them (its module fixtures build once); the
# session warehouse is shared read-only. `make test PYTEST_PARALLEL=` runs them in one process.
PYTEST_PARALLEL ?= -n 2 --dist loadfile

## Lint (ruff, mypy --strict, sqlfluff: lower case and explicit aliases), the offline BigQuery
## check, the dbt build with every data and unit test on the sample, then pytest (the runner's suite on that warehouse, and the BigQuery checker's own tests).
test: install lint bq-check
	rm -f $(NBA_PROPS_DUCKDB_PATH)
	$(BIN)/nba-props build --with-unit-tests
	NBA_PROPS_TEST_REUSE_WAREHOUSE=$(NBA_PROPS_DUCKDB_PATH) $(BIN)/pytest python_runner/tests $(PYTEST_PARALLEL)
	$(BIN)/pytest tests_bq

lint: install
	$(BIN)/ruff check python_runner scripts tests_bq bench
	$(BIN)/ruff format --check python_runner scripts tests_bq bench
	$(BIN)/mypy --config-file python_runner/pyproject.toml python_runner/src
	@# sqlfluff's dbt templater opens a DuckDB file: a scratch one, never the warehouse
	tmp=$$(mktemp -d) && NBA_PROPS_DUCKDB_PATH=$$tmp/lint.duckdb $(BIN)/sqlfluff lint models tests \
		--processes 2 --disable-progress-bar; status=$$?; rm -rf $$tmp; exit $$status
	$(BIN)/nba-props contract-docs --check
	@# every mutation's text still occurs once in its file (a rename breaks it silently otherwise)
	$(BIN)/python scripts/mutate.py --list > /dev/null 2>&1 || $(BIN)/python scripts/mutate.py --list

## Regenerate the contract docs (docs block and column docs) from dbt_project.yml.
contract-docs: install
	$(BIN)/nba-props contract-docs

## BigQuery SQL check, offline (docs/bigquery.md): compile every model and data test for the
## bq_offline target (dummy token, no network), then parse them as BigQuery SQL and lint for
## DuckDB-isms. Output goes to a temp dir (kept and printed on failure), never to target/.
## The incremental variant is compiled for a date window, as a daily run would be, with the
## per-date line cut-off (var lines_as_of) on.
BQ_CHECK_TIMEOUT ?= 300
BQ_CHECK_WINDOW_VARS ?= {start_date: 2024-11-01, end_date: 2024-11-30, lines_as_of: "10:00"}
BQ_COMPILE := timeout $(BQ_CHECK_TIMEOUT) $(BIN)/dbt compile --target bq_offline --no-introspect --no-populate-cache --quiet
BQ_LINT := timeout $(BQ_CHECK_TIMEOUT) $(BIN)/python scripts/check_bq_sql.py

bq-check: install
	@tmp=$$(mktemp -d -t nba-props-bq-check.XXXXXX) && start=$$(date +%s) && \
	echo "bq-check: DBT_OFFLINE_COMPILE=full dbt compile --target bq_offline -> $$tmp/full" && \
	DBT_OFFLINE_COMPILE=full $(BQ_COMPILE) --target-path "$$tmp/full" --log-path "$$tmp/logs" && \
	$(BQ_LINT) "$$tmp/full/compiled" && \
	incremental=$$($(BIN)/python scripts/check_bq_sql.py --has-incremental "$$tmp/full/manifest.json") && \
	if [ "$$incremental" = yes ]; then \
		echo "bq-check: DBT_OFFLINE_COMPILE=incremental dbt compile --target bq_offline --vars '$(BQ_CHECK_WINDOW_VARS)' -> $$tmp/incremental" && \
		DBT_OFFLINE_COMPILE=incremental $(BQ_COMPILE) --vars '$(BQ_CHECK_WINDOW_VARS)' --target-path "$$tmp/incremental" --log-path "$$tmp/logs" && \
		$(BQ_LINT) "$$tmp/incremental/compiled"; \
	else echo "bq-check: no incremental models, incremental variant skipped"; fi && \
	rm -rf "$$tmp" && echo "bq-check: passed in $$(( $$(date +%s) - start )) s" || \
	{ echo "bq-check: FAILED; compiled SQL and dbt logs kept in $$tmp" >&2; exit 1; }

docs: install
	$(BIN)/dbt docs generate --static

## The mutation suite (issue 14, docs/mutation.md): each fault of scripts/mutations.yml applied
## to a temporary copy of the project, its guard run there; fails unless every one is killed.
mutate: install
	$(BIN)/python scripts/mutate.py --report docs/mutation.md

## The mutations whose guard takes under a minute (`ci: true`), report not rewritten. After
## `make test` it reuses (copies, never changes) the sample warehouse that target built, whose
## tests already passed, so there is no base build and no baseline run; else it builds its own.
mutate-ci: install
	$(BIN)/python scripts/mutate.py --ci $(if $(wildcard $(NBA_PROPS_DUCKDB_PATH)),--warehouse $(NBA_PROPS_DUCKDB_PATH) --no-baseline)

## Benchmarks (issue 12, docs/benchmarks.md): full rebuild of NBA_PROPS_RAW_DIR, daily, one
## slate's predict, a walk-forward season, growth on synthetic 1x/4x/16x leagues of the sample,
## and the five features against a floor and a peer. Writes docs/benchmarks.md (between its
## markers) and bench/results/<date>.json. Never pass/fail on a time.
BENCH_ARGS ?=
bench: install
	$(BIN)/python bench/run.py --raw-dir $(NBA_PROPS_RAW_DIR) $(BENCH_ARGS)

## The bench once at 1x on the sample, to keep it working (CI; writes nothing).
bench-ci: install
	$(BIN)/python bench/run.py --ci --raw-dir data/sample

clean:
	rm -rf target logs warehouse
