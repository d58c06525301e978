# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export DBT_PROFILES_DIR := $(CURDIR)
export NBA_PROPS_DUCKDB_PATH ?= warehouse/nba_props.duckdb
export NBA_PROPS_RAW_DIR ?= data/sample

.PHONY: install run test lint docs contract-docs clean

$(STAMP): python_runner/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e 'python_runner[dev]'
	touch $(STAMP)

install: $(STAMP)

## The main job on the bundled sample: a fresh DuckDB file, the whole dbt build, the report.
run: install
	rm -f $(NBA_PROPS_DUCKDB_PATH)
	$(BIN)/nba-props build
	$(BIN)/nba-props report

## Lint, the dbt build with every data and unit test on the sample, then pytest.
test: install lint
	rm -f $(NBA_PROPS_DUCKDB_PATH)
	$(BIN)/nba-props build
	NBA_PROPS_TEST_REUSE_WAREHOUSE=$(NBA_PROPS_DUCKDB_PATH) $(BIN)/pytest python_runner/tests

lint:
	$(BIN)/ruff check python_runner
	$(BIN)/ruff format --check python_runner
	$(BIN)/nba-props contract-docs --check

## Regenerate the contract docs (docs block and column docs) from dbt_project.yml.
contract-docs: install
	$(BIN)/nba-props contract-docs

docs: install
	$(BIN)/dbt docs generate --static

clean:
	rm -rf target logs warehouse
