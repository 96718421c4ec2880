"""Dagster code location of lead_funnel: ``make orchestrate`` (``dagster dev -m lead_funnel.orchestration``).

* every dbt model, seed and snapshot is an asset (dagster-dbt reads the manifest), every dbt
  data test an asset check; materializing runs ``dbt build`` with the run-time vars ``raw_path``,
  ``as_of`` and ``lead_funnel_test_scope`` from the run config (``LeadFunnelBuildConfig``), passed
  as the environment variables ``LEAD_FUNNEL_RAW_PATH``, ``LEAD_FUNNEL_AS_OF`` and
  ``LEAD_FUNNEL_TEST_SCOPE`` (dbt macro run_time_var), not ``--vars``: a changed ``--vars``
  re-parses the whole project, so the parse prepared in ``target_dagster/`` stays valid;
* ``bi_warehouse`` publishes the BI-facing marts (lead_funnel.publish) after them: it runs only
  when the dbt build of the run succeeded, tests included, so a failed build never reaches BI;
* ``lead_funnel_daily``: the daily run (job ``lead_funnel_daily_build``: the dbt selector ``daily``
  of selectors.yml, i.e. everything but the calibration, and only the data tests tagged ``daily``
  as asset checks: those of the incremental models on their changed rows, var
  ``lead_funnel_test_scope: changed``, the conservation tests and the incremental guarantees; no
  unit tests) and publish, on
  ``$LEAD_FUNNEL_SCHEDULE_CRON`` (default ``0 6 * * *``) in ``$LEAD_FUNNEL_SCHEDULE_TIMEZONE``
  (default ``UTC``). It keeps the last fit: the predictions apply ml_scoring_weights as stored;
* ``lead_funnel_weekly``: the rest (job ``lead_funnel_weekly_build``: selector ``calibration``,
  i.e. the refit, and every data test as an asset check, whole tables) and publish, on
  ``$LEAD_FUNNEL_WEEKLY_SCHEDULE_CRON`` (default ``0 5 * * 1``, Monday 05:00) in the same
  timezone (``$LEAD_FUNNEL_WEEKLY_SCHEDULE_STATUS`` like the daily one);
* ``lead_funnel_build``: the whole build (the sensor's job, and the first build of a warehouse);
* ``raw_files_sensor``: rebuilds when the raw files in ``$LEAD_FUNNEL_RAW_PATH`` change (name,
  size or modification time of the six raw tables), once they have been still for
  ``$LEAD_FUNNEL_RAW_SETTLE_SECONDS``.

The manifest is parsed into ``target_dagster/`` when missing or older than a project file (and
at every ``dagster dev`` start), with the project venv's dbt (lead_funnel.settings.dbt_executable):
nothing here changes the process environment, except while the dbt asset starts its dbt
subprocess (``_dbt_environ``). Paths come from lead_funnel.settings.
"""


import contextlib
import hashlib
import os
import threading
import time
from pathlib import Path

from dagster import (
    AssetExecutionContext,
    AssetSelection,
    Config,
    DefaultScheduleStatus,
    DefaultSensorStatus,
    Definitions,
    MaterializeResult,
    RunConfig,
    RunRequest,
    ScheduleDefinition,
    SensorEvaluationContext,
    SkipReason,
    asset,
    define_asset_job,
    sensor,
)
from dagster_dbt import (
    DagsterDbtProjectPreparer,
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    DbtProject,
    build_dbt_asset_selection,
    dbt_assets,
    get_asset_key_for_model,
)

from lead_funnel import publish, settings
from lead_funnel.settings import env as _env
from lead_funnel.settings import project_path as _project_path

PROJECT_DIR = settings.project_dir()
DBT_ASSETS_OP = "lead_funnel_dbt_assets"


def raw_path_default() -> str:
    return settings.raw_path()


def warehouse_path() -> Path:
    return _project_path(settings.duckdb_path())


def bi_path() -> Path:
    return _project_path(settings.bi_path())


class _VenvDbtPreparer(DagsterDbtProjectPreparer):
    """Parses the project with the project venv's dbt: dagster-dbt's own preparer runs the `dbt`
    found on PATH, which need not be this venv's (and changing PATH at import is a side effect)."""

    def _prepare_manifest(self, project: DbtProject) -> None:
        cli = DbtCliResource(project_dir=project, dbt_executable=settings.dbt_executable())
        cli.cli(self._prepare_project_cli_args, target_path=project.target_path).wait()
        self._invalidate_seeds_in_partial_parse(project)


lead_funnel_project = DbtProject(project_dir=PROJECT_DIR, profiles_dir=PROJECT_DIR, target_path="target_dagster")
_preparer = _VenvDbtPreparer()


def _manifest_is_stale(manifest: Path) -> bool:
    """No manifest, or a project file changed after it was parsed."""
    if not manifest.exists():
        return True
    parsed_at = manifest.stat().st_mtime
    sources = [PROJECT_DIR / "dbt_project.yml", PROJECT_DIR / "selectors.yml"]
    for folder in ("models", "macros", "seeds", "snapshots", "tests", "analyses"):
        sources += [path for path in (PROJECT_DIR / folder).rglob("*") if path.is_file()]
    return any(path.stat().st_mtime > parsed_at for path in sources if path.exists())


_preparer.prepare_if_dev(lead_funnel_project)  # `dagster dev`: re-parse so the assets follow the code
if _manifest_is_stale(lead_funnel_project.manifest_path):
    _preparer.prepare(lead_funnel_project)

translator = DagsterDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


class LeadFunnelBuildConfig(Config):
    """dbt vars of the build (see the README's configuration table)."""

    raw_path: str = raw_path_default()
    # the evaluation time; empty = the run's start (UTC)
    as_of: str = ""
    # var lead_funnel_test_scope: "all" (every row) or "changed" (the data tests of the
    # incremental models check their changed rows only: macro test_scope_where)
    test_scope: str = "all"


@dbt_assets(
    manifest=lead_funnel_project.manifest_path,
    project=lead_funnel_project,
    dagster_dbt_translator=translator,
    name=DBT_ASSETS_OP,
)
def lead_funnel_dbt_assets(context: AssetExecutionContext, dbt: DbtCliResource, config: LeadFunnelBuildConfig):
    """``dbt build`` of the selected models, seeds, snapshots and their tests; the run config's
    run-time vars by environment (an empty as_of: unset, the run's start)."""
    run_time_vars = {
        "raw_path": str(_project_path(config.raw_path)),
        "as_of": config.as_of.strip() or None,
        "lead_funnel_test_scope": config.test_scope.strip() or "all",
    }
    # artifacts of each run under target_dagster/ (not the target/ of manual dbt runs)
    target_path = lead_funnel_project.target_path / f"run-{context.run.run_id[:8]}"
    with _dbt_environ(settings.run_time_env(run_time_vars)):
        invocation = dbt.cli(["build"], context=context, target_path=target_path)
    yield from invocation.stream()


_ENVIRON_LOCK = threading.Lock()


@contextlib.contextmanager
def _dbt_environ(values: dict[str, str]):
    """The process environment plus ``values`` while dagster-dbt starts a dbt subprocess, restored
    after: ``DbtCliResource.cli`` has no env argument (it copies ``os.environ``). Also
    ``DBT_TARGET_PATH``: the folder dagster-dbt copies ``partial_parse.msgpack`` from into the run's
    target (default ``target/``, the manual runs'), here the prepared parse in ``target_dagster/``."""
    values = {**values, "DBT_TARGET_PATH": str(PROJECT_DIR / lead_funnel_project.target_path)}
    with _ENVIRON_LOCK:
        saved = {name: os.environ.get(name) for name in values}
        os.environ.update(values)
        try:
            yield
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


def _bi_model_names() -> list[str]:
    return [node["name"] for node in publish.bi_nodes(lead_funnel_project.manifest_path)]


@asset(
    deps=[get_asset_key_for_model([lead_funnel_dbt_assets], name) for name in _bi_model_names()],
    description="The published BI file ($DUCKDB_BI_PATH): the BI-facing marts, swapped in atomically after "
    "a successful dbt build (lead_funnel.publish).",
    group_name="bi",
)
def bi_warehouse(context: AssetExecutionContext) -> MaterializeResult:
    result = publish.publish_from_warehouse(
        warehouse_path(),
        bi_path(),
        lead_funnel_project.manifest_path,
        build_info={"invocation_id": context.run.run_id},
    )
    context.log.info(f"published {len(result.relations)} relations to {result.bi_path}")
    return MaterializeResult(
        metadata={
            "path": str(result.bi_path),
            "relations": len(result.relations),
            "rows": sum(result.row_counts.values()),
        }
    )


lead_funnel_build_job = define_asset_job(
    "lead_funnel_build",
    selection=AssetSelection.all(),
    description="dbt build of the whole project (models, seeds, snapshots, tests), then publish to BI.",
)


def _status(name: str, default: str, kind):
    return kind.STOPPED if _env(name, default).lower() in ("stopped", "off", "false", "0") else kind.RUNNING


# the dbt selectors of selectors.yml: one definition of what each schedule builds
DAILY_SELECTOR, CALIBRATION_SELECTOR = "daily", "calibration"
_BI = AssetSelection.assets(bi_warehouse)

lead_funnel_daily_job = define_asset_job(
    "lead_funnel_daily_build",
    selection=build_dbt_asset_selection([lead_funnel_dbt_assets], dbt_selector=DAILY_SELECTOR) | _BI,
    description="The daily run: dbt build of the selector `daily` (everything but the calibration, which "
    "keeps its last fit; the data tests tagged daily, those of the incremental models on their changed rows), "
    "then publish to BI.",
)

lead_funnel_weekly_job = define_asset_job(
    "lead_funnel_weekly_build",
    selection=build_dbt_asset_selection([lead_funnel_dbt_assets], dbt_selector=CALIBRATION_SELECTOR)
    | AssetSelection.all_asset_checks()
    | _BI,
    description="The weekly run: the calibration (refit, selector `calibration`) and the full data-test suite "
    "on whole tables, then publish to BI.",
)


def _schedule_run_config(test_scope: str) -> RunConfig:
    return RunConfig(ops={DBT_ASSETS_OP: LeadFunnelBuildConfig(test_scope=test_scope)})


def daily_schedule() -> ScheduleDefinition:
    """The daily run: $LEAD_FUNNEL_SCHEDULE_CRON (default 06:00) in $LEAD_FUNNEL_SCHEDULE_TIMEZONE (UTC)."""
    return ScheduleDefinition(
        name="lead_funnel_daily",
        job=lead_funnel_daily_job,
        cron_schedule=_env("LEAD_FUNNEL_SCHEDULE_CRON", "0 6 * * *"),
        execution_timezone=_env("LEAD_FUNNEL_SCHEDULE_TIMEZONE", "UTC"),
        default_status=_status("LEAD_FUNNEL_SCHEDULE_STATUS", "running", DefaultScheduleStatus),
        run_config=_schedule_run_config("changed"),
        description="The daily run (selector daily, tests on changed rows) and publish "
        "($LEAD_FUNNEL_SCHEDULE_CRON in $LEAD_FUNNEL_SCHEDULE_TIMEZONE).",
    )


def weekly_schedule() -> ScheduleDefinition:
    """The weekly run: $LEAD_FUNNEL_WEEKLY_SCHEDULE_CRON (default Monday 05:00) in
    $LEAD_FUNNEL_SCHEDULE_TIMEZONE (UTC)."""
    return ScheduleDefinition(
        name="lead_funnel_weekly",
        job=lead_funnel_weekly_job,
        cron_schedule=_env("LEAD_FUNNEL_WEEKLY_SCHEDULE_CRON", "0 5 * * 1"),
        execution_timezone=_env("LEAD_FUNNEL_SCHEDULE_TIMEZONE", "UTC"),
        default_status=_status("LEAD_FUNNEL_WEEKLY_SCHEDULE_STATUS", "running", DefaultScheduleStatus),
        run_config=_schedule_run_config("all"),
        description="The weekly calibration refit and full test suite, then publish "
        "($LEAD_FUNNEL_WEEKLY_SCHEDULE_CRON in $LEAD_FUNNEL_SCHEDULE_TIMEZONE).",
    )


lead_funnel_daily = daily_schedule()
lead_funnel_weekly = weekly_schedule()


def raw_files_fingerprint(raw_path: str | os.PathLike) -> tuple[str | None, float | None, list[str]]:
    """(fingerprint, newest modification time, missing tables) of the raw files in ``raw_path``.

    The fingerprint hashes name, size and mtime of each ``{table}.parquet`` / ``{table}.csv``;
    it is None while a table has no file.
    """
    folder = _project_path(raw_path)
    parts, missing, newest = [], [], None
    for table in settings.raw_tables():
        files = [folder / f"{table}.{ext}" for ext in ("parquet", "csv") if (folder / f"{table}.{ext}").is_file()]
        if not files:
            missing.append(table)
            continue
        for file in files:
            stat = file.stat()
            parts.append(f"{file.name}:{stat.st_size}:{stat.st_mtime_ns}")
            newest = stat.st_mtime if newest is None else max(newest, stat.st_mtime)
    if missing:
        return None, newest, missing
    return hashlib.sha256("\n".join(parts).encode()).hexdigest(), newest, []


@sensor(
    job=lead_funnel_build_job,
    minimum_interval_seconds=int(_env("LEAD_FUNNEL_RAW_SENSOR_INTERVAL_SECONDS", "60")),
    default_status=_status("LEAD_FUNNEL_RAW_SENSOR_STATUS", "running", DefaultSensorStatus),
    description="Rebuild and publish when the raw files change ($LEAD_FUNNEL_RAW_PATH).",
)
def raw_files_sensor(context: SensorEvaluationContext):
    raw_path = raw_path_default()
    fingerprint, newest, missing = raw_files_fingerprint(raw_path)
    if fingerprint is None:
        return SkipReason(f"raw files missing in {raw_path}: {', '.join(missing)}")
    settle = float(_env("LEAD_FUNNEL_RAW_SETTLE_SECONDS", "30"))
    if newest is not None and time.time() - newest < settle:
        return SkipReason(f"raw files changed less than {settle:.0f} s ago: waiting until they are complete")
    if context.cursor == fingerprint:
        return SkipReason("raw files unchanged since the last build request")
    first_tick = context.cursor is None
    context.update_cursor(fingerprint)
    if first_tick and warehouse_path().exists():
        return SkipReason("first look at the raw files: fingerprint recorded, the warehouse exists")
    return RunRequest(
        run_key=fingerprint,
        run_config=RunConfig(ops={DBT_ASSETS_OP: LeadFunnelBuildConfig(raw_path=raw_path)}),
        tags={"lead_funnel/trigger": "raw_files_changed"},
    )


dbt_resource = DbtCliResource(
    project_dir=lead_funnel_project,
    profiles_dir=str(PROJECT_DIR),
    dbt_executable=settings.dbt_executable(),
)

defs = Definitions(
    assets=[lead_funnel_dbt_assets, bi_warehouse],
    jobs=[lead_funnel_build_job, lead_funnel_daily_job, lead_funnel_weekly_job],
    schedules=[lead_funnel_daily, lead_funnel_weekly],
    sensors=[raw_files_sensor],
    resources={"dbt": dbt_resource},
)
