"""Shared pytest fixtures: run dbt in-process (dbtRunner) against throw-away DuckDB files.

dbt invocations are never run in parallel. The fixture warehouse is built once per session
from `fixtures/edge_cases` with a fixed `as_of`, and tests read it with DuckDB.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

PROJECT_DIR = Path(__file__).resolve().parents[1]
FIXTURES_RAW = PROJECT_DIR / "fixtures" / "edge_cases"
FIXTURE_AS_OF = "2026-01-15 12:00:00"
# Fivetran's Apache-2.0 connector seeds (unmodified): beside the project in ../shared/external/fivetran
# (where CI's checkout has them), or wherever LEAD_FUNNEL_FIVETRAN_SEEDS points
FIVETRAN_SEEDS_DIR = Path(os.environ.get("LEAD_FUNNEL_FIVETRAN_SEEDS",
                                         PROJECT_DIR.parent / "shared" / "external" / "fivetran"))


def fivetran_seeds(connector: str) -> Path:
    """The folder of one connector's Fivetran seeds (dbt_hubspot, dbt_marketo, dbt_salesforce); fails
    with what to do when it is missing (a clone not beside ../shared): not a skip, which would hide
    the tests of the connectors' real shapes."""
    folder = FIVETRAN_SEEDS_DIR / connector
    if not folder.is_dir():
        pytest.fail(f"Fivetran's seeds are not in {folder}: clone the project beside ../shared (as CI does) or "
                    "set LEAD_FUNNEL_FIVETRAN_SEEDS to the folder holding dbt_hubspot, dbt_marketo and dbt_salesforce",
                    pytrace=False)
    return folder


# What a build on other data leaves out (make test-dbt-fixtures runs every one of them): the dbt
# unit tests, which read only their own `given` rows, never the raw data or vars (40, ~15 s of a
# build on 2 cores), and the data tests of the seeds (seeds/*.yml, 154, ~10 % of a build's data-test
# time), which read only the shipped seeds: the same result on any data (a test that edits a seed,
# test_tune_the_model, does not use this). Cautious: a test leaves with the seeds only if its
# every parent is a seed (a relationships test from a model to a seed stays).
NO_UNIT_OR_SEED_TESTS = ["--exclude", "resource_type:unit_test", "resource_type:test,path:seeds",
                         "--indirect-selection", "cautious"]


def only(*selectors: str) -> list[str]:
    """`--select selectors` with the data tests whose every parent is built (cautious: a test
    that also reads an unbuilt model is left out instead of failing), without unit or seed tests."""
    return ["--select", *selectors, *NO_UNIT_OR_SEED_TESTS]


def run_dbt(args: list[str], duckdb_path: Path, target_path: Path, vars_: dict | None = None, manifest=None):
    """Run one dbt command in-process against `duckdb_path`; returns the dbtRunnerResult.

    manifest: a Manifest to run on instead of parsing (parsed_once: a cold parse is ~25 CPU s, and
    dbt parses the whole project again whenever a var or the DuckDB path changes); each run gets a
    copy, since dbt compiles into the manifest's nodes.
    """
    import copy

    from dbt.cli.main import dbtRunner

    os.environ["DUCKDB_PATH"] = str(duckdb_path)
    cli = [
        *args,
        "--project-dir", str(PROJECT_DIR),
        "--profiles-dir", str(PROJECT_DIR),
        "--target-path", str(target_path),
        "--log-path", str(target_path / "logs"),
    ]
    if vars_:
        import json

        cli += ["--vars", json.dumps(vars_)]
    cwd = os.getcwd()
    os.chdir(PROJECT_DIR)  # raw_path and other relative paths resolve against the project
    try:
        return dbtRunner(manifest=copy.deepcopy(manifest) if manifest is not None else None).invoke(cli)
    finally:
        os.chdir(cwd)
        release_duckdb()


# The DuckDB file name of the builds that share parsed_once's parses: the database name is in every
# relation of the manifest, so builds in their own folders under this one name, with the same vars
# but RUN_TIME_VARS (e.g. raw_path and as_of only), share one parse per pytest session
SHARED_DB_NAME = "w.duckdb"


# The vars the parse never reads (macros as_of, register_raw_sources and register_connector_sources
# read them at run time; the on-run-start hooks create the raw and connector views): a change of any
# still makes dbt parse the whole project again (~25 CPU s), which parsed_once avoids
RUN_TIME_VARS = ("raw_path", "as_of", "hubspot_path", "marketo_path", "salesforce_path")
_MANIFESTS: dict[tuple[str, str], object] = {}
# where the pytest-xdist workers of one session leave their parses for each other (pickles, set by
# the session fixture below): a key parsed by one worker is loaded, not parsed, by the other
_SHARED_PARSES: Path | None = None


def parsed_once(duckdb_path: Path, target_path: Path, vars_: dict):
    """The project's Manifest for run_dbt(manifest=...), parsed once per process for a DuckDB file
    name (the database name in every relation) and the vars, a RUN_TIME_VARS var by whether it is
    set, not by its value. Guarded: the value of a RUN_TIME_VARS var appearing anywhere in the
    manifest means the parse read it, and fails the test (then that var must leave RUN_TIME_VARS)."""
    import json

    key = (Path(duckdb_path).name,
           json.dumps({k: "<set at run time>" if k in RUN_TIME_VARS else v for k, v in vars_.items()},
                      sort_keys=True, default=str))
    if key in _MANIFESTS:
        return _MANIFESTS[key]
    import hashlib
    import pickle

    shared = None
    if _SHARED_PARSES is not None:
        shared = _SHARED_PARSES / (hashlib.sha256(repr(key).encode()).hexdigest()[:20] + ".pickle")
        if shared.exists():
            _MANIFESTS[key] = pickle.loads(shared.read_bytes())
            return _MANIFESTS[key]
    result = run_dbt(["parse"], duckdb_path, target_path, vars_)
    assert result.success, "\n".join(failure_messages(result))
    written = result.result.writable_manifest().to_dict()
    written.pop("unit_tests", None)  # unit tests carry literal as_of overrides of their own
    text = json.dumps(written, default=str)
    for name in RUN_TIME_VARS:
        if name in vars_:
            assert str(vars_[name]) not in text, f"the parse rendered var {name} = {vars_[name]!r}"
    _MANIFESTS[key] = result.result
    if shared is not None:  # written whole, then renamed: the other worker never reads half a file
        partial = shared.with_suffix(f".{os.getpid()}.partial")
        partial.write_bytes(pickle.dumps(result.result, protocol=pickle.HIGHEST_PROTOCOL))
        partial.replace(shared)
    return _MANIFESTS[key]


@pytest.fixture(scope="session", autouse=True)
def _share_parses(tmp_path_factory):
    """parsed_once's parses, shared by the session's pytest-xdist workers: under the session's
    common base temp (a worker's own is <base>/popen-gwN), which pytest clears with old sessions."""
    global _SHARED_PARSES
    base = tmp_path_factory.getbasetemp()
    _SHARED_PARSES = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "dbt_parses"
    _SHARED_PARSES.mkdir(exist_ok=True)
    yield
    _SHARED_PARSES = None


def release_duckdb() -> None:
    """dbt-duckdb keeps its DuckDB instance open in-process after a run; close it so tests (and
    the next dbt run) can open the file, possibly with another configuration."""
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:  # another adapter
        return
    env = DuckDBConnectionManager._ENV
    if env is not None:
        env.close()
        DuckDBConnectionManager._ENV = None


def failure_messages(result) -> list[str]:
    """Readable messages of the nodes that did not pass (or the exception)."""
    if result.exception is not None:
        return [str(result.exception)]
    messages = []
    for node_result in getattr(result.result, "results", []) or []:
        if str(node_result.status) not in ("success", "pass"):
            messages.append(f"{node_result.node.unique_id}: {node_result.status} {node_result.message}")
    return messages


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> Path:
    """A DuckDB file with `dbt build` of the edge-case fixtures (fails the session if the build fails)."""
    work = tmp_path_factory.mktemp("fixture_build")
    db = work / "fixtures.duckdb"
    prebuilt = os.environ.get("LEAD_FUNNEL_FIXTURE_DB")
    if prebuilt:
        # `make test` has just built the same fixtures (make test-dbt-fixtures: same raw files, same
        # as_of, artifacts in LEAD_FUNNEL_FIXTURE_TARGET): reuse a copy instead of building twice
        shutil.copy2(prebuilt, db)
        (work / "target").mkdir()
        for artifact in Path(os.environ["LEAD_FUNNEL_FIXTURE_TARGET"]).glob("*.json"):
            shutil.copy2(artifact, work / "target" / artifact.name)
        return db
    result = run_dbt(
        ["build"], db, work / "target", {"raw_path": str(FIXTURES_RAW), "as_of": FIXTURE_AS_OF}
    )
    assert result.success, "dbt build on fixtures failed:\n" + "\n".join(failure_messages(result))
    return db


@pytest.fixture(scope="session")
def fixture_con(fixture_db):
    """A DuckDB connection to the built fixture warehouse."""
    con = duckdb.connect(str(fixture_db))
    yield con
    con.close()


# The dbt-heavy modules, most expensive first (pytest --durations of make test: each is one
# xdist work unit under --dist loadfile). make test passes --no-loadscope-reorder, so xdist hands
# out modules in this order instead of by test count (which started the few-test, minutes-long
# modules last: one worker finished them while the other sat idle). Unlisted modules follow.
SLOWEST_MODULES_FIRST = [
    "test_input_robustness.py",
    "test_connectors_hubspot_marketo.py",
    "test_incremental.py",
    "test_salesforce.py",
    "test_salesforce_shape.py",
    "test_orchestration.py",
    "test_marketo_salesforce_shape.py",
    "test_tune_the_model.py",
    "test_hubspot_shape.py",
    "test_staging.py",
    "test_calibration.py",
    "test_staging_at_scale.py",
    "test_publish.py",
    "test_scoring_fixtures.py",
    "test_project_evaluator.py",
    "test_generator_rules.py",
]


def pytest_collection_modifyitems(items):
    rank = {name: position for position, name in enumerate(SLOWEST_MODULES_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: modules stay whole
