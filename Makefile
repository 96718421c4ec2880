# lead_funnel — `make run` builds the sample warehouse, `make test` is what CI runs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
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

.PHONY: help install data build run test lint test-python test-dbt-fixtures clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | column -t -s $$'\t'

$(STAMP): pyproject.toml requirements/constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)  ## create .venv and install the pinned dependencies

data: $(STAMP)  ## generate the sample raw data set into data/raw
	$(BIN)/python -m lead_funnel.generate --leads $(LEADS) --seed $(SEED) --out $(RAW_PATH)

build: $(STAMP)  ## dbt build on $(RAW_PATH) into $(DUCKDB_PATH)
	$(BIN)/dbt build --vars '$(DBT_VARS)'

run: data build  ## install, generate the sample, dbt build, print a summary
	$(BIN)/python -m lead_funnel.summary --database $(DUCKDB_PATH)

lint: $(STAMP)  ## sqlfluff lint (dbt templater, in-memory target)
	$(BIN)/sqlfluff lint models analyses

test-dbt-fixtures: $(STAMP)  ## dbt build (models + data tests + unit tests) on the edge-case fixtures
	@mkdir -p target
	rm -f $(FIXTURE_DB)
	DUCKDB_PATH=$(FIXTURE_DB) $(BIN)/dbt build --target-path target/fixtures \
		--vars '{raw_path: fixtures/edge_cases, as_of: "$(FIXTURE_AS_OF)"}'

test-python: $(STAMP)  ## pytest (generator, staging outcomes, end-to-end dbt runs)
	$(BIN)/pytest -q

test: install lint test-dbt-fixtures test-python  ## everything CI runs

clean:  ## remove build artefacts (not data/)
	rm -rf target target_* logs .duckdb_tmp warehouse.duckdb
