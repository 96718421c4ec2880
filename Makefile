# lead_funnel — `make run` builds the sample warehouse, `make test` is what CI runs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# optional dependency groups of pyproject.toml that `make install` / `make test` install
EXTRAS ?= dev,semantic,orchestration,report,spark
export DBT_PROFILES_DIR := $(CURDIR)
export DUCKDB_PATH ?= $(CURDIR)/warehouse.duckdb

# sample data: deterministic (seed 42), ~20,000 leads, ending today
LEADS ?= 20000
SEED ?= 42
RAW_PATH ?= data/raw
# as_of defaults to now (UTC); pin it for reproducible runs: make run AS_OF="2026-11-22 00:00:00"
AS_OF ?=
DBT_VARS = {raw_path: "$(RAW_PATH)"$(if $(AS_OF),$(comma) as_of: "$(AS_OF)")}
comma := ,

FIXTURE_AS_OF := 2026-01-15 12:00:00
FIXTURE_DB := $(CURDIR)/target/fixtures.duckdb

.PHONY: help install data build run test lint test-python test-python-reusing-fixtures test-dbt-fixtures test-spark clean

# Spark (README "Running on Spark"): dbt-spark `session` target; everything under target/spark
SPARK_DIR := $(CURDIR)/target/spark
SPARK_REFERENCE_DB := $(SPARK_DIR)/reference.duckdb
SPARK_RAW_VARS = raw_path: "$(CURDIR)/fixtures/edge_cases", as_of: "$(FIXTURE_AS_OF)"
# `dbt build` on Spark runs everything (seeds, models, data and unit tests: ~6 min here); narrow it
# with e.g. SPARK_SELECT="resource_type:seed resource_type:model" (no tests)
SPARK_SELECT ?=
# The Spark build runs the project's own data tests (custom generic and singular: our SQL, whose
# portability is what Spark checks) and the unit tests, not dbt's built-in generic tests (not_null,
# unique, accepted_values, relationships: dbt-spark's own SQL, ~600 of the 808, ~0.3 s each on the
# session). The DuckDB reference build (test-dbt-fixtures runs every test) builds the models only:
# the parity check compares their rows. SPARK_TEST_EXCLUDE= runs every test on Spark.
SPARK_TEST_EXCLUDE ?= test_name:not_null test_name:unique test_name:accepted_values test_name:relationships
SPARK_DBT = DBT_TARGET=spark SPARK_WORK_DIR=$(SPARK_DIR) $(BIN)/dbt
SPARK_DBT_ARGS = --target-path $(SPARK_DIR)/dbt --log-path $(SPARK_DIR)/logs --vars '{$(SPARK_RAW_VARS)}'
SPARK_PARITY = SPARK_WORK_DIR=$(SPARK_DIR) $(BIN)/python -m devtools.parity \
	--duckdb $(SPARK_REFERENCE_DB) --manifest $(SPARK_DIR)/dbt/manifest.json

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | column -t -s $$'\t'

$(STAMP): pyproject.toml requirements/constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e '.[$(EXTRAS)]'
	@touch $(STAMP)

install: $(STAMP)  ## create .venv and install the pinned dependencies

data: $(STAMP)  ## generate the sample raw data set into data/raw
	$(BIN)/lead-funnel generate --leads $(LEADS) --seed $(SEED) --out $(RAW_PATH)

build: $(STAMP)  ## dbt build on $(RAW_PATH) into $(DUCKDB_PATH)
	$(BIN)/dbt build --vars '$(DBT_VARS)'

run: data build  ## install, generate the sample, dbt build, print a summary
	$(BIN)/lead-funnel summary --database $(DUCKDB_PATH)

lint: $(STAMP)  ## sqlfluff lint (dbt templater, in-memory target)
	$(BIN)/sqlfluff lint models analyses

.PHONY: bench
TIER ?= S
bench: $(STAMP)  ## benchmark: full + incremental dbt build vs the floor and a pandas peer (TIER=S|M|L; bench/results/)
	$(BIN)/python bench/bench.py --tier $(TIER)

.PHONY: evaluate
evaluate: $(STAMP)  ## print scoring quality vs the generator's planted truth (after make run; docs/ml.md)
	$(BIN)/lead-funnel evaluate --raw-path $(RAW_PATH) --database $(DUCKDB_PATH)

test-dbt-fixtures: $(STAMP)  ## dbt build (models + data tests + unit tests) on the edge-case fixtures
	@mkdir -p target
	rm -f $(FIXTURE_DB)
	DUCKDB_PATH=$(FIXTURE_DB) $(BIN)/dbt build --target-path target/fixtures \
		--vars '{raw_path: fixtures/edge_cases, as_of: "$(FIXTURE_AS_OF)"}'

# lead_funnel installed as a dbt package by another dbt project (README "Use it in your dbt project")
INTEGRATION_DIR := $(CURDIR)/integration_tests
INTEGRATION_DBT = cd $(INTEGRATION_DIR) && DBT_PROFILES_DIR=$(INTEGRATION_DIR) \
	DUCKDB_PATH=$(INTEGRATION_DIR)/target/integration.duckdb $(CURDIR)/$(BIN)/dbt
.PHONY: test-integration
test-integration: $(STAMP)  ## integration_tests/ installs lead_funnel as a package (packages.yml local: ../): dbt deps && dbt build on Salesforce-shaped tables
	rm -f $(INTEGRATION_DIR)/target/integration.duckdb
	$(INTEGRATION_DBT) deps
	$(INTEGRATION_DBT) build

# The incremental run: selectors.yml incremental_state (the incremental models and the tables between
# them, ~25 nodes on Spark, where the intermediates are tables); not the views and the tables no
# incremental model reads (~25 more): the same SQL on the same inputs as in the full build
test-spark: $(STAMP)  ## the fixtures on Spark (dbt-spark session) and DuckDB: contracted marts equal, also after an incremental run
	rm -rf $(SPARK_DIR)
	mkdir -p $(SPARK_DIR)
	@echo "test-spark: DuckDB reference build (python_models_enabled false, as on Spark)"
	time DUCKDB_PATH=$(SPARK_REFERENCE_DB) $(BIN)/dbt build --target-path $(SPARK_DIR)/duckdb \
		--exclude resource_type:test resource_type:unit_test \
		--log-path $(SPARK_DIR)/logs_duckdb --vars '{$(SPARK_RAW_VARS), python_models_enabled: false}'
	@echo "test-spark: Spark build"
	time $(SPARK_DBT) build $(if $(strip $(SPARK_SELECT)),--select $(SPARK_SELECT) --indirect-selection empty) \
		$(if $(strip $(SPARK_TEST_EXCLUDE)),--exclude $(SPARK_TEST_EXCLUDE)) $(SPARK_DBT_ARGS)
	time $(SPARK_PARITY) --label "full build"
	@echo "test-spark: Spark incremental run (no new data) of the incremental models and the tables between them"
	time $(SPARK_DBT) run --selector incremental_state $(SPARK_DBT_ARGS)
	time $(SPARK_PARITY) --label "after an incremental run"

# pytest on both cores: pytest-xdist, one test module per worker at a time (--dist loadfile keeps a
# module's dbt build, a module-scoped fixture, in one process); --no-loadscope-reorder: modules go
# out in collection order, most expensive first (python_tests/conftest.py SLOWEST_MODULES_FIRST),
# not by test count; PYTEST_WORKERS=0 runs in-process
PYTEST_WORKERS ?= 2
PYTEST_PARALLEL = $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder)

test-python: $(STAMP)  ## pytest (generator, staging outcomes, end-to-end dbt runs)
	$(BIN)/pytest -q $(PYTEST_PARALLEL)

# make test: pytest reuses the fixture build of test-dbt-fixtures (same raw files and as_of)
test-python-reusing-fixtures: test-dbt-fixtures
	$(PYTEST_REUSE_FIXTURES) $(BIN)/pytest -q $(PYTEST_PARALLEL)

# TEST_SPARK_BESIDE_PYTEST=1: make test runs test-spark and pytest at the same time (make -j2, each
# one's output printed when it ends). Off: measured slower on a quiet machine (session 9, a fresh
# clone whose lint and dbt stages took the serial run's times): beside pytest, Spark's build took
# 10m25 and its incremental run 6m31 (4m19 and 2m37 alone) and pytest had passed 118 of 404 tests
# 25 min in. Spark's serial chain (threads: 1) leaves a core idle, but pytest
# does not: its test durations sum to twice its wall time, and each worker's dbt build runs on more
# than one core (dbt threads 2, DuckDB's own threads), so Spark only competes for the two cores.
TEST_SPARK_BESIDE_PYTEST ?= 0
ifeq ($(TEST_SPARK_BESIDE_PYTEST),1)
TEST_LAST_STAGES := test-spark-beside-pytest
else
TEST_LAST_STAGES := test-spark test-python-on-fixtures
endif
# TEST_SPARK_BESIDE_DBT=1: make test runs test-spark (one serial dbt chain, threads 1) beside the dbt
# stages and then the lint (one after the other: each mostly one core: the fixtures build ~115 CPU s
# of ~200 s, sqlfluff ~4 CPU minutes on one core), instead of lint beside the dbt stages and Spark
# after both; then pytest on both cores. Spark needs nothing the dbt stages build (its own DuckDB
# reference). On by default since session 13: CI's whole make test took 1,825 s with it (stop 29)
# against 1,994 s before (stop 28); the session's own fresh-clone run was loaded and measures nothing.
# TEST_SPARK_BESIDE_DBT=0 runs lint beside the dbt stages, then Spark, then pytest.
TEST_SPARK_BESIDE_DBT ?= 1
ifeq ($(TEST_SPARK_BESIDE_DBT),1)
TEST_FIRST_STAGES := -j2 --output-sync=target test-spark test-dbt-stages-then-lint
TEST_LAST_STAGES := test-python-on-fixtures
else
TEST_FIRST_STAGES = $(if $(filter 1,$(TEST_LINT_BESIDE_DBT)),-j2 --output-sync=target) lint test-dbt-stages
endif

.PHONY: test-spark-beside-pytest test-python-on-fixtures test-dbt-stages test-dbt-stages-then-lint
# (in make test, after test-dbt-fixtures)
test-spark-beside-pytest: $(STAMP)
	$(MAKE) --no-print-directory -j2 --output-sync=target test-spark test-python-on-fixtures

# pytest on the fixture build that is already there (target/fixtures.duckdb of test-dbt-fixtures)
# --durations: the slowest tests of every make test (CI's log) say where pytest's wall time goes
PYTEST_DURATIONS ?= 40
test-python-on-fixtures: $(STAMP)
	$(PYTEST_REUSE_FIXTURES) $(BIN)/pytest -q $(PYTEST_PARALLEL) --durations=$(PYTEST_DURATIONS)

# evaluate-project is not a stage of make test: evaluate-columns runs every one of its rules (and the
# catalog's) on the fixtures build's manifest of the same project, without a second cold dbt parse
# make test runs `make lint` (sqlfluff: ~4 CPU minutes on ONE core, --processes does not help with
# the dbt templater) beside the serial dbt stages (the fixtures build, evaluate-columns, source
# freshness, the integration project: each mostly one core), each one's output printed when it
# ends; then Spark and pytest on the fixture build. TEST_LINT_BESIDE_DBT=0 runs them one by one.
TEST_DBT_STAGES := test-dbt-fixtures evaluate-columns test-source-freshness test-integration
TEST_LINT_BESIDE_DBT ?= 1
test: install browser  ## everything CI runs
	$(MAKE) --no-print-directory $(TEST_FIRST_STAGES)
	$(MAKE) --no-print-directory $(TEST_LAST_STAGES)

# the dbt stages of make test, one after the other (whatever -j the caller has)
test-dbt-stages: $(STAMP)
	$(MAKE) --no-print-directory -j1 $(TEST_DBT_STAGES)
# (TEST_SPARK_BESIDE_DBT=1) the dbt stages, then the lint, one after the other
test-dbt-stages-then-lint: $(STAMP)
	$(MAKE) --no-print-directory -j1 $(TEST_DBT_STAGES) lint
# test-integration (before pytest in make test) runs every data test on fixtures/salesforce with the
# vars python_tests/test_salesforce.py builds it with: that module builds the models only
test: export LEAD_FUNNEL_SALESFORCE_TESTED_BY_INTEGRATION := 1

# --- fast loop and project checks (README "Tests", docs/evaluator.md) ---
EVALUATOR_DIR := $(CURDIR)/target/evaluator
# e.g. EVALUATOR_ARGS="--test-coverage-target 90"
EVALUATOR_ARGS ?=
FRESHNESS_DB := $(CURDIR)/target/freshness.duckdb
FRESHNESS_FIXTURE_VARS = raw_path: fixtures/edge_cases, raw_freshness_error_after_hours: null, raw_freshness_slow_error_after_hours: null
# pytest of make test-fast: no test marked slow (Dagster materialisation ~50 s, MetricFlow queries,
# calibration on generated data, publish failure paths) or browser; then the slow tests that are
# the suite's substance and cost well under a minute: incremental == full refresh (~50 s) and the
# staging outcomes at scale (~10 s). Spark is never in pytest (make test-spark).
PYTEST_FAST ?= not slow and not browser
PYTEST_FAST_SLOW_KEPT ?= python_tests/test_incremental.py python_tests/test_staging_at_scale.py

.PHONY: evaluate-project evaluate-columns test-source-freshness test-fast
evaluate-project: $(STAMP)  ## dbt-project-evaluator's rules on the manifest of dbt parse (docs/evaluator.md)
	$(BIN)/dbt --quiet parse --target-path $(EVALUATOR_DIR) --log-path $(EVALUATOR_DIR)/logs
	$(BIN)/python -m devtools.project_evaluator --manifest $(EVALUATOR_DIR)/manifest.json $(EVALUATOR_ARGS)

CATALOG_DIR := $(CURDIR)/target/fixtures_catalog
# docs generate starts from the fixtures build's partial parse (same vars, DuckDB path and target: dbt
# reparses nothing, where a cold parse costs ~30 CPU s) and compiles nothing (--no-compile: the catalog
# is read from the warehouse; it then writes no manifest: the evaluator reads the fixtures build's,
# the same project and vars)
evaluate-columns: test-dbt-fixtures  ## the evaluator with the fixtures' catalog: also every built column is in its model's YAML
	@mkdir -p $(CATALOG_DIR)
	-cp target/fixtures/partial_parse.msgpack $(CATALOG_DIR)/
	DUCKDB_PATH=$(FIXTURE_DB) $(BIN)/dbt --quiet docs generate --no-compile --target-path $(CATALOG_DIR) \
		--log-path $(CATALOG_DIR)/logs --vars '{raw_path: fixtures/edge_cases, as_of: "$(FIXTURE_AS_OF)"}'
	$(BIN)/python -m devtools.project_evaluator --manifest target/fixtures/manifest.json \
		--catalog $(CATALOG_DIR)/catalog.json $(EVALUATOR_ARGS)

test-source-freshness: $(STAMP)  ## dbt source freshness on the fixtures: every loaded-at query runs (old data: warns, error level off)
	@mkdir -p target
	rm -f $(FRESHNESS_DB)
	DUCKDB_PATH=$(FRESHNESS_DB) $(BIN)/dbt source freshness --target-path target/freshness \
		--log-path target/freshness/logs --vars '{$(FRESHNESS_FIXTURE_VARS)}'

# pytest reuses the fixtures build of test-dbt-fixtures (python_tests/conftest.py fixture_db copies
# it; without LEAD_FUNNEL_FIXTURE_DB each pytest worker would build the fixtures itself)
PYTEST_REUSE_FIXTURES = LEAD_FUNNEL_FIXTURE_DB=$(FIXTURE_DB) LEAD_FUNNEL_FIXTURE_TARGET=$(CURDIR)/target/fixtures
test-fast: install lint evaluate-project test-source-freshness test-dbt-fixtures  ## the fast loop: lint, evaluator, DuckDB fixtures build + pytest without slow/browser tests (no Spark)
	$(PYTEST_REUSE_FIXTURES) $(BIN)/pytest -q $(PYTEST_PARALLEL) -m "$(PYTEST_FAST)"
	$(if $(strip $(PYTEST_FAST_SLOW_KEPT)),$(PYTEST_REUSE_FIXTURES) $(BIN)/pytest -q $(PYTEST_PARALLEL) -m "slow and not browser" $(PYTEST_FAST_SLOW_KEPT))

# --- ecosystem (docs/ecosystem.md): orchestration, BI publishing, report, audience export ---
export DUCKDB_BI_PATH ?= $(CURDIR)/warehouse_bi.duckdb
export DAGSTER_HOME ?= $(CURDIR)/.dagster
DAGSTER_PORT ?= 3000
REPORT ?= reports/lead_funnel_report.html
AUDIENCE_CSV ?= mql_audience.csv

.PHONY: orchestrate publish report report-screenshot audience-export browser
orchestrate: $(STAMP)  ## Dagster UI (127.0.0.1:3000): dbt assets and checks, daily schedule, raw-files sensor
	@mkdir -p $(DAGSTER_HOME)
	@test -f $(DAGSTER_HOME)/dagster.yaml || printf 'telemetry:\n  enabled: false\n' > $(DAGSTER_HOME)/dagster.yaml
	LEAD_FUNNEL_RAW_PATH=$(RAW_PATH) $(BIN)/dagster dev -m lead_funnel.orchestration -h 127.0.0.1 -p $(DAGSTER_PORT)

publish: $(STAMP)  ## dbt build, then publish the BI marts to warehouse_bi.duckdb if all passed (NO_BUILD=1: last build)
	$(BIN)/lead-funnel publish --database $(DUCKDB_PATH) --bi-path $(DUCKDB_BI_PATH) \
		$(if $(NO_BUILD),--no-build,--raw-path $(RAW_PATH) $(if $(AS_OF),--as-of "$(AS_OF)"))

report: $(STAMP)  ## self-contained HTML report of the published marts (reports/lead_funnel_report.html)
	$(BIN)/lead-funnel report --bi-path $(DUCKDB_BI_PATH) --out $(REPORT)

report-screenshot: $(STAMP) browser  ## the report, checked in headless Chromium, screenshot to docs/report_screenshot.png
	$(BIN)/lead-funnel report --bi-path $(DUCKDB_BI_PATH) --out $(REPORT)
	$(BIN)/python -m devtools.report_browser $(REPORT) --screenshot docs/report_screenshot.png

audience-export: $(STAMP)  ## CSV of the SHA-256 hashed emails of current MQLs (mql_audience.csv)
	$(BIN)/lead-funnel audience-export --database $(DUCKDB_PATH) --out $(AUDIENCE_CSV)

# A Chromium the report finds (lead_funnel.report_browser.find_chromium: $$CHROMIUM_PATH, chromium,
# chromium-browser, google-chrome) is used as it is; apt runs only when none is there and apt can
# run (root, or password-less sudo); otherwise one line says the browser test will be skipped.
browser:  ## install Debian's chromium (apt) for the report's browser test, unless a Chromium is there; the test skips without it
	@{ [ -n "$$CHROMIUM_PATH" ] && [ -x "$$CHROMIUM_PATH" ]; } || command -v chromium >/dev/null 2>&1 \
	  || command -v chromium-browser >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1 || { \
	  if ! command -v apt-get >/dev/null 2>&1; then \
	    echo "browser: no Chromium and no apt-get: the browser test will be skipped"; \
	  elif [ "$$(id -u)" != 0 ] && ! sudo -n true >/dev/null 2>&1; then \
	    echo "browser: no Chromium, and apt needs root: the browser test will be skipped"; \
	  else \
	    SUDO=$$([ "$$(id -u)" = 0 ] || echo "sudo -n"); \
	    ( $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium ) \
	      >/dev/null 2>&1 || echo "browser: could not install chromium: the browser test will be skipped"; \
	  fi; }

clean:  ## remove build artefacts (not data/)
	rm -rf target target_* logs .duckdb_tmp warehouse.duckdb warehouse_bi.duckdb reports
