"""Paths and settings of the lead_funnel project: the one place every module resolves them.

Everything is a function evaluated when called (nothing is read or changed at import), so an
environment variable set by a test or a Makefile target after import is honoured:

* ``project_dir()``      the dbt project (``$LEAD_FUNNEL_PROJECT_DIR``, else this checkout);
* ``duckdb_path()``      the warehouse dbt builds (``$DUCKDB_PATH``, default ``warehouse.duckdb``);
* ``bi_path()``          the published BI file (``$DUCKDB_BI_PATH``, default ``warehouse_bi.duckdb``);
* ``raw_path()``         the raw files (``$LEAD_FUNNEL_RAW_PATH``, default ``data/raw``);
* ``dbt_executable()``   the dbt next to this Python (the project venv), else the one on ``PATH``;
* ``raw_tables()``       the raw tables, read from the source ``raw`` in
  ``models/staging/raw/_raw__sources.yml`` (not a copy);
* ``seed_path(name)`` / ``read_seed(name)``  a seed CSV found by name under ``seeds/`` (in
  whichever folder it lives, as dbt refs it by name);
* ``project_vars()``     the ``vars`` of ``dbt_project.yml`` (the defaults: a build run with
  ``--vars`` may differ, so read what the marts hold when you report on a build);
* ``run_time_env(values)`` the dbt run-time vars (``RUN_TIME_VARS``: as_of, raw_path, ...) as the
  ``LEAD_FUNNEL_*`` environment variables dbt's macro ``run_time_var`` reads at run time: passed
  that way, a change between runs costs no re-parse (a changed ``--vars`` re-parses the project).
"""

from __future__ import annotations

import csv
import functools
import os
import shutil
import sys
from pathlib import Path

DEFAULT_DUCKDB_PATH = "warehouse.duckdb"
DEFAULT_BI_PATH = "warehouse_bi.duckdb"
DEFAULT_RAW_PATH = "data/raw"
RAW_SOURCES_YML = Path("models") / "staging" / "raw" / "_raw__sources.yml"
RAW_SOURCE_NAME = "raw"


class SettingsError(RuntimeError):
    """A setting or project file the caller needs is missing."""


def env(name: str, default: str) -> str:
    """``$name`` stripped, or ``default`` when unset or blank."""
    value = os.environ.get(name, "").strip()
    return value or default


# the dbt vars the parse never reads (macro run_time_var in macros/run_time_vars.sql, which holds
# their defaults): each may come from --vars or from the environment variable run_time_env_name
RUN_TIME_VARS = ("as_of", "raw_path", "lead_funnel_test_scope", "salesforce_path", "hubspot_path", "marketo_path",
                 "full_build_lead_buckets")


def run_time_env_name(name: str) -> str:
    """The environment variable of run-time var ``name`` (macro run_time_env_name): ``LEAD_FUNNEL_``
    and the name in capitals without a ``lead_funnel_`` prefix (as_of -> LEAD_FUNNEL_AS_OF)."""
    if name not in RUN_TIME_VARS:
        raise SettingsError(f"{name!r} is not a run-time var ({', '.join(RUN_TIME_VARS)})")
    return "LEAD_FUNNEL_" + name.removeprefix("lead_funnel_").upper()


def run_time_env(values: dict) -> dict[str, str]:
    """``{LEAD_FUNNEL_*: value}`` of run-time vars for a dbt subprocess's environment (a None value:
    an empty variable, i.e. unset for dbt, so an inherited one does not leak in)."""
    return {run_time_env_name(name): "" if value is None else str(value) for name, value in values.items()}


def project_dir() -> Path:
    """The dbt project directory (``$LEAD_FUNNEL_PROJECT_DIR``, else the checkout of this package)."""
    configured = os.environ.get("LEAD_FUNNEL_PROJECT_DIR", "").strip()
    return Path(configured).resolve() if configured else Path(__file__).resolve().parents[1]


def project_path(value: str | os.PathLike) -> Path:
    """``value`` as an absolute path; relative paths are taken from the project directory."""
    path = Path(value)
    return path if path.is_absolute() else project_dir() / path


def duckdb_path() -> str:
    """``$DUCKDB_PATH`` (what profiles.yml builds into), default ``warehouse.duckdb``."""
    return env("DUCKDB_PATH", DEFAULT_DUCKDB_PATH)


def bi_path() -> str:
    """``$DUCKDB_BI_PATH`` (the published BI file), default ``warehouse_bi.duckdb``."""
    return env("DUCKDB_BI_PATH", DEFAULT_BI_PATH)


def raw_path() -> str:
    """``$LEAD_FUNNEL_RAW_PATH`` (the raw files dbt reads), default ``data/raw``."""
    return env("LEAD_FUNNEL_RAW_PATH", DEFAULT_RAW_PATH)


def profiles_dir() -> Path:
    """``$DBT_PROFILES_DIR``, else the project directory (which holds profiles.yml)."""
    return Path(env("DBT_PROFILES_DIR", str(project_dir())))


def dbt_executable() -> str:
    """The dbt next to this Python (the project venv), else the one on PATH."""
    candidate = Path(sys.executable).parent / "dbt"
    if candidate.exists():
        return str(candidate)
    found = shutil.which("dbt")
    if not found:
        raise SettingsError("dbt is not installed: run `make install`")
    return found


def _load_yaml(path: Path) -> dict:
    import yaml  # a dependency of dbt-core

    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


@functools.cache
def _raw_tables(sources_yml: Path) -> tuple[str, ...]:
    for source in _load_yaml(sources_yml).get("sources", []):
        if source.get("name") == RAW_SOURCE_NAME:
            return tuple(table["name"] for table in source.get("tables", []))
    raise SettingsError(f"{sources_yml} has no source named {RAW_SOURCE_NAME!r}")


def raw_tables(project: Path | None = None) -> tuple[str, ...]:
    """The raw tables, in the order the source ``raw`` lists them."""
    return _raw_tables((project or project_dir()) / RAW_SOURCES_YML)


def seed_path(name: str, project: Path | None = None) -> Path:
    """The CSV of seed ``name`` anywhere under ``seeds/`` (dbt refs seeds by name, not folder)."""
    seeds = (project or project_dir()) / "seeds"
    found = sorted(seeds.rglob(f"{name}.csv"))
    if len(found) != 1:
        where = ", ".join(str(p) for p in found) or "nowhere"
        raise SettingsError(f"expected one seed {name}.csv under {seeds}, found {where}")
    return found[0]


def read_seed(name: str, project: Path | None = None) -> list[dict[str, str]]:
    """Rows of seed ``name`` as dicts of strings (empty cells are '').

    A versioned scoring seed (a ``model_version`` column) gives the rows of the scoring-model
    version in force now (``current_model_version``), the model the sample data is generated for.
    """
    with open(seed_path(name, project), encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if rows and "model_version" in rows[0] and name != "scoring_model_versions":
        version = current_model_version(project)
        rows = [row for row in rows if row["model_version"] == version]
    return rows


def current_model_version(project: Path | None = None, on: str | None = None) -> str:
    """The scoring-model version in force on date ``on`` (ISO, default today UTC): the latest row of
    seed scoring_model_versions that took effect by then, else the earliest (as the dbt models do)."""
    import datetime as _dt

    with open(seed_path("scoring_model_versions", project), encoding="utf-8", newline="") as handle:
        versions = sorted(csv.DictReader(handle), key=lambda row: row["effective_from"])
    if not versions:
        raise ValueError("seed scoring_model_versions has no rows")
    day = on or _dt.datetime.now(_dt.timezone.utc).date().isoformat()
    taken = [row for row in versions if row["effective_from"] <= day[:10]]
    return (taken[-1] if taken else versions[0])["version"]


def in_force_rows(rows, model_versions):
    """Rows of a versioned scoring seed (pandas) of the version in force at as_of, given the rows
    of int_scoring_model_versions (pandas): what the calibration reads."""
    current = model_versions.loc[model_versions["is_in_force_at_as_of"].astype(bool), "model_version"]
    return rows[rows["model_version"].isin(set(current))].drop(columns=["model_version"]).reset_index(drop=True)


def project_vars(project: Path | None = None) -> dict:
    """The ``vars`` of dbt_project.yml (defaults; a build's ``--vars`` may override them)."""
    return _load_yaml((project or project_dir()) / "dbt_project.yml").get("vars", {}) or {}
