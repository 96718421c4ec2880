"""Benchmark of lead_funnel: the dbt build against the floor and a pandas peer (docs/performance.md).

    python bench/bench.py --tier S            # make bench TIER=S (M, L: larger tiers)

One run, on the same generated data set (seed 42, ending END_DATE):
  1. `dbt parse` cold (no partial parse): dbt's own startup cost, reported apart;
  2. full `dbt build` (models, data tests, unit tests) of the data up to the day before END_DATE,
     into a fresh DuckDB file: wall time, peak RSS, the ten slowest models (run_results.json);
  3. the floor: bench/floor.sql, hand-written DuckDB SQL from the raw Parquet and the rule seeds;
  4. the pandas peer: bench/pandas_peer.py (killed and reported as out of memory above
     --pandas-memory-limit);
  5. the daily run after appending END_DATE (new activities, late ones from the two days before,
     an exact duplicate and a re-sent old activity: devtools.increments): exactly what the Dagster
     daily schedule runs, `dbt build --selector daily` with var lead_funnel_test_scope `changed`
     (selectors.yml, lead_funnel.orchestration); its per-model node times are reported (top 15);
     like the Dagster runs, every dbt step gets raw_path, as_of and the test scope as LEAD_FUNNEL_*
     environment variables (dbt_run_env), so the steps after the first keep the partial parse;
     then the weekly run on the same day (`dbt build --selector weekly`: the calibration and the
     full test suite), reported on its own row.
  6. the connector rows (issues #13, #14): per shape (salesforce, hubspot, marketo_salesforce), the
     full `dbt build` of the day-0 world in that shape (`generate --shape <shape>`) vs the same world
     in the contract shape without what the shape cannot hold (README); target: the connector path
     adds at most 30 %.
The floor and the peer must agree with the marts (MQL events and MQL leads, first MQL time per
lead, score at as_of per lead, monthly lead and MQL counts) on the day-0 data, and the floor again
after the incremental run; any mismatch fails the run (exit 1) after the results are written.
Every step runs in its own process: wall time and peak RSS (os.wait4) are that process's.
Before it starts, the run checks the disk its largest phase needs (disk_plan: bytes per lead measured
at tier M); `--skip floor` / `--skip daily` leave steps out and `--lean-disk` (tier L's default)
deletes each raw folder once no later step reads it, so tier L's full build fits a smaller disk
(`--tier L --skip extras --skip pandas --skip floor --skip daily`). A full build that fails still
writes the report (the nodes that did not pass, the disk of each step), then exits 1.
Writes bench/results/<tier>.md (a section `## Analysis` written by hand is kept across runs).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import string
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

from lead_funnel import settings

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
TIERS = {"S": 100_000, "M": 1_000_000, "L": 10_000_000}
# hidden tiers (not in the README's target table): XS runs end to end in a few minutes, to check
# the benchmark's code and look at node times without a quiet machine (`--tier XS --skip extras`)
HIDDEN_TIERS = {"XS": 5_000}
# the daily and weekly runs exactly as the Dagster schedules run them (lead_funnel.orchestration):
# the run-time vars (settings.RUN_TIME_VARS: raw_path, as_of, the test scope) by environment, so
# the steps after the first parse keep dbt's partial parse (a changed --vars re-parses everything)
DAILY_ARGS, DAILY_VARS = ["build", "--selector", "daily"], {"lead_funnel_test_scope": "changed"}
WEEKLY_ARGS = ["build", "--selector", "weekly"]
SEED = 42
END_DATE = dt.date(2026, 6, 30)  # the appended day; day 0 is the data up to the day before
AS_OF_DAY0 = f"{END_DATE - dt.timedelta(days=1)} 23:59:59"
AS_OF_DAY1 = f"{END_DATE} 23:59:59"
# issue 18: the full build within 3x the floor, the lineage of the compared marts within 2x
TARGETS = {"build_over_floor": 3.0, "lineage_over_floor": 2.0, "pandas_over_build": 5.0, "incremental_share": 0.10,
           "connector_over_contract": 1.30,
           # issue 19: replaying one draft scoring model beside the one in force (the default build)
           "draft_backtest_share": 0.40}
ANALYSIS_HEADER = "## Analysis"
ALL_TIERS = {**TIERS, **HIDDEN_TIERS}


# --- processes ---------------------------------------------------------------------------------

def run_measured(cmd: list[str], env: dict | None = None, log: Path | None = None,
                 rss_limit: int | None = None) -> dict:
    """Run `cmd` as a child; wall time, peak RSS (bytes) and exit code. With `rss_limit`
    (bytes) the child is killed once its resident memory exceeds it (reported as oom).
    The command runs under a small trampoline process (`bench.py measure`), so the peak RSS is
    the command's own, not the memory this (possibly large) process had when it forked."""
    log = log or Path(tempfile.mkstemp(suffix=".log")[1])
    report = log.with_suffix(".rusage.json")
    report.unlink(missing_ok=True)
    out = open(log, "w")
    trampoline = [sys.executable, str(Path(__file__).resolve()), "measure",
                  "--report", str(report), "--rss-limit", str(rss_limit or 0), "--", *cmd]
    started = time.perf_counter()
    code = subprocess.call(trampoline, cwd=PROJECT_DIR, env=env, stdout=out, stderr=subprocess.STDOUT)
    wall = time.perf_counter() - started
    out.close()
    measured = json.loads(report.read_text()) if report.exists() else {"rss": 0, "oom": False}
    return {"wall": wall, "rss": measured["rss"], "code": code, "oom": measured["oom"]}


def measure_main(report: str, rss_limit: int, cmd: list[str]) -> int:
    """The trampoline: run `cmd`, record its peak RSS (wait4) and whether it was killed above
    `rss_limit` bytes (0: no limit); exit with its exit code."""
    proc = subprocess.Popen(cmd, start_new_session=True)
    oom, ticks = False, 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if rss_limit and _rss(proc.pid) > rss_limit:
            oom = True
            os.killpg(proc.pid, signal.SIGKILL)
        ticks += 1
        if ticks % 50 == 0:
            # every 10 s the peak so far (VmHWM): a run cut by the end of a session keeps its peak
            Path(report).write_text(json.dumps({"rss": _rss(proc.pid, "VmHWM:"), "oom": oom, "running": True}))
        time.sleep(0.2)
    Path(report).write_text(json.dumps({"rss": usage.ru_maxrss * 1024, "oom": oom}))
    return os.waitstatus_to_exitcode(status)


def _rss(pid: int, field: str = "VmRSS:") -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def dbt_env(db: Path) -> dict:
    env = dict(os.environ)
    env["DUCKDB_PATH"] = str(db)
    env["DBT_PROFILES_DIR"] = str(PROJECT_DIR)
    env.setdefault("DUCKDB_MEMORY_LIMIT", "8GB")
    # DuckDB's spill files beside the warehouse (not the project's .duckdb_tmp): DiskWatch measures them
    env["DUCKDB_TEMP_DIRECTORY"] = str(db.parent / "duckdb_tmp")
    return env


# how a tier is built, beyond the defaults: tier L (~300M activities, 37x DuckDB's 8 GB in rows of the
# timeline alone) builds its lead-keyed activity models in buckets (var full_build_lead_buckets:
# docs/performance.md "Bucketed full builds") with one dbt thread (two queries sharing the memory
# limit ran out of memory in the proxy of L: tier M at 800MB), and keeps no raw folder longer than a
# step needs it (lean_disk). Overridable: --threads, --lead-buckets, --lean-disk / --keep-raw
TIER_RUN_SETTINGS = {"L": {"threads": 1, "lead_buckets": 16, "lean_disk": True}}


# what a tier needs on disk, per lead, measured at tier M (1M leads, 29M activities; bench/results/M.md
# "Storage" and "Disk during each step"): the raw Parquet while the two days are split from the
# generated world (world + day 0 + day 1), one day's folder, the warehouse file at its peak during the
# full build and during the daily run, and what DuckDB's spill adds at the peak of the full build over
# the final file (the proxy of tier L: tier M at a tenth of the memory, same buckets per GB)
DISK_BYTES_PER_LEAD = {
    "raw_generated": 1_420,    # session 20, M: world 0.37 GB + day 0 0.53 GB + day 1 0.52 GB
    "raw_day": 530,
    "warehouse_build": 5_620,  # session 20, M: peak file of the full build (6.36 GB in session 19)
    "warehouse_daily": 6_280,  # session 20, M: peak file of the daily run (7.41 GB in session 19)
    "spill_over_file": 2_400,  # session 19, proxy (M at 800MB, 1 thread, K=8): peak file + spill 9.3 GB, file 6.9 GB
}


def disk_plan(leads: int, skip: tuple, lean: bool) -> list[tuple[str, int]]:
    """The disk each phase of the run needs (bytes), for `leads` leads, the steps left out (`skip`)
    and lean_disk (raw folders deleted once no later step reads them): the tier needs the largest."""
    b = {k: v * leads for k, v in DISK_BYTES_PER_LEAD.items()}
    daily = "daily" not in skip
    day0_later = not lean or any(x not in skip for x in ("floor", "pandas", "extras"))
    raw_build = (b["raw_generated"] if not lean else b["raw_day"] * (1 + daily))
    phases = [("generate and split the raw data", b["raw_generated"]),
              ("full build (warehouse + spill at its peak, raw folders kept)",
               b["warehouse_build"] + b["spill_over_file"] + raw_build)]
    if daily:
        raw_daily = b["raw_generated"] if not lean else b["raw_day"] * (1 + day0_later)
        phases.append(("daily run (warehouse at its peak, raw folders kept)", b["warehouse_daily"] + raw_daily))
    return phases


class DiskWatch:
    """Samples, every second while a step runs, the warehouse file (with its WAL), DuckDB's spill
    directory and the free disk: the peaks (and the lowest free space) of the step. With `series`,
    every tenth sample is also appended to that file (UTC time, file, spill, free; bytes): lined up
    with the dbt log's node times it says which node held the peak (a tier L run takes hours)."""

    def __init__(self, db: Path, spill: Path, series: Path | None = None):
        import threading

        self.db, self.spill, self.series, self._samples = db, spill, series, 0
        self.peak_file = self.peak_spill = self.peak_sum = 0
        self.min_free = shutil.disk_usage(db.parent).free
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _size(path: Path) -> int:
        total = 0
        for root, _, files in os.walk(path):
            for name in files:
                try:
                    total += os.path.getsize(os.path.join(root, name))
                except OSError:
                    pass
        return total

    def sample(self) -> None:
        file = sum(f.stat().st_size for f in [self.db, self.db.with_name(self.db.name + ".wal")] if f.exists())
        spill = self._size(self.spill)
        self.peak_file, self.peak_spill = max(self.peak_file, file), max(self.peak_spill, spill)
        self.peak_sum = max(self.peak_sum, file + spill)
        free = shutil.disk_usage(self.db.parent).free
        self.min_free = min(self.min_free, free)
        if self.series and self._samples % 10 == 0:
            with open(self.series, "a") as out:
                out.write(f"{dt.datetime.now(dt.timezone.utc):%H:%M:%S}\t{file}\t{spill}\t{free}\n")
        self._samples += 1

    def _run(self) -> None:
        while not self._stop.wait(1.0):
            self.sample()

    def __enter__(self) -> "DiskWatch":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    def result(self) -> dict:
        return {"peak_file": self.peak_file, "peak_spill": self.peak_spill, "peak_sum": self.peak_sum,
                "min_free": self.min_free}


def disk_precheck(tier: str, work: Path, force: bool, skip: tuple = (), lean: bool = False) -> None:
    """Refuse to start a tier that cannot fit the free disk (a tier L run takes hours before it
    would fail): the largest phase of disk_plan, against the free disk plus the work folder."""
    work.mkdir(parents=True, exist_ok=True)
    phases = disk_plan(ALL_TIERS[tier], skip, lean)
    phase, need = max(phases, key=lambda p: p[1])
    free = shutil.disk_usage(work).free + DiskWatch._size(work)
    print(f"disk: tier {tier} needs about {gb(need)} ({phase}); {gb(free)} free for {work} "
          "(free disk + its work folder)", flush=True)
    for name, size in phases:
        print(f"    {name}: {gb(size)}", flush=True)
    if need > free and not force:
        sys.exit(f"tier {tier} needs about {gb(need)} of disk ({phase}; bytes per lead measured at tier M: "
                 f"bench.py DISK_BYTES_PER_LEAD), but only {gb(free)} is free for {work}. Free disk, point "
                 "--workdir at a larger disk, or leave steps out (--skip daily, --skip floor) with --lean-disk; "
                 "--force-disk starts anyway.")


def dbt_cmd(args: list[str], work: Path, extra_vars: dict | None = None, target: str = "target") -> list[str]:
    """The dbt command; --vars only for the vars that are not run-time vars (see dbt_run_env)."""
    dbt = str(Path(sys.executable).parent / "dbt")
    parse_vars = {k: v for k, v in (extra_vars or {}).items() if k not in settings.RUN_TIME_VARS}
    return [dbt, *args, "--target-path", str(work / target), "--log-path", str(work / "logs"),
            *(["--vars", json.dumps(parse_vars)] if parse_vars else [])]


def dbt_run_env(env: dict, raw: Path, as_of: str, extra_vars: dict | None = None) -> dict:
    """`env` plus the run-time vars raw_path, as_of, the test scope ("all" unless extra_vars says)
    and any other run-time var in extra_vars, as the LEAD_FUNNEL_* variables dbt reads at run time."""
    values = {"raw_path": str(raw), "as_of": as_of, "lead_funnel_test_scope": "all", **(extra_vars or {})}
    return {**env, **settings.run_time_env({k: v for k, v in values.items() if k in settings.RUN_TIME_VARS})}


# --- the connector row: the same world through the Salesforce connector (issue #13) -------------

# the connector rows (issues #13, #14): shape -> (what its folder vars are, the key of TARGETS)
CONNECTOR_SHAPES = ("salesforce", "hubspot", "marketo_salesforce")


def _connector_worlds(shape: str, day0: Path, work: Path, end: dt.date) -> tuple[Path, dict]:
    """Write the day-0 world in `shape` (the generator's transform) and its reference (the same
    world in the contract shape without what the shape cannot hold); returns the reference folder
    and the dbt vars of the connector build."""
    from lead_funnel.generator import shape_hubspot, shape_marketo, shapes

    reference, folder = work / f"contract_expressible_{shape}0", work / f"{shape}0"
    expressible, write = {
        "salesforce": (shapes.expressible_contract, shapes.to_salesforce),
        "hubspot": (shape_hubspot.expressible_contract, shape_hubspot.to_hubspot),
        "marketo_salesforce": (shape_marketo.expressible_marketo_salesforce, shape_marketo.to_marketo_salesforce),
    }[shape]
    if not (reference / "activities.parquet").exists():
        expressible(day0, reference, SEED, end)
    if not (folder / "_done").exists():
        write(day0, folder, SEED, end)
        (folder / "_done").touch()
    vars_ = {
        "salesforce": {"lead_funnel_sources": ["salesforce"], "salesforce_path": str(folder)},
        "hubspot": {"lead_funnel_sources": ["hubspot"], "hubspot_path": str(folder)},
        "marketo_salesforce": {"lead_funnel_sources": ["marketo", "salesforce"],
                               "marketo_path": str(folder / "marketo"), "salesforce_path": str(folder / "salesforce")},
    }[shape]
    return reference, vars_


def connector_steps(step, work: Path, day0: Path, as_of: str, shapes=CONNECTOR_SHAPES) -> dict:
    """Per connector shape: the full `dbt build` of the day-0 world in that shape
    (`generate --shape <shape>`'s transform) vs the same world in the contract shape without what
    the shape cannot hold (its expressible reference: the same content, so the ratio is the
    connector's own cost). Each build goes to its own DuckDB file and target folder. Returns the
    steps `<shape>_build` and `contract_expressible_<shape>_build`."""
    sys.path.insert(0, str(PROJECT_DIR))
    end = dt.date.fromisoformat(as_of[:10])
    out = {}
    for shape in shapes:
        reference, vars_ = _connector_worlds(shape, day0, work, end)
        for name, build_vars in [(f"contract_expressible_{shape}_build", {"raw_path": str(reference)}),
                                 (f"{shape}_build", vars_)]:
            folder = work / name
            if folder.exists():
                shutil.rmtree(folder)
            folder.mkdir()
            out[name] = step(name, dbt_cmd(["build"], folder, build_vars),
                             env=dbt_run_env(dbt_env(folder / "warehouse.duckdb"), reference, as_of, build_vars))
    return out


# --- the floor and the peer (run as children: `bench.py floor|pandas ...`) ---------------------

def floor_main(raw: str, as_of: str, out: str) -> None:
    import duckdb

    sql = string.Template((BENCH_DIR / "floor.sql").read_text()).substitute(
        raw=raw, seeds=PROJECT_DIR / "seeds", as_of=as_of,
        model_version=settings.current_model_version(PROJECT_DIR, on=as_of),
    )
    con = duckdb.connect()
    con.execute(f"set memory_limit = '{os.environ.get('DUCKDB_MEMORY_LIMIT', '8GB')}'")
    con.execute("set preserve_insertion_order = false")
    con.execute(sql)
    Path(out).mkdir(parents=True, exist_ok=True)
    for table, name in [("floor_lead_scores", "lead_scores"), ("floor_mql_events", "mql_events"),
                        ("floor_funnel_monthly", "funnel_monthly")]:
        con.execute(f"copy {table} to '{out}/{name}.parquet' (format parquet)")


def pandas_main(raw: str, as_of: str, out: str) -> None:
    sys.path.insert(0, str(BENCH_DIR))
    import pandas_peer

    pandas_peer.run(raw, PROJECT_DIR / "seeds", as_of, out)


# --- checks ------------------------------------------------------------------------------------

def check_against_marts(db: Path, result_dir: Path, label: str, sample: int = 2000) -> list[str]:
    """Compare one implementation's outputs with the marts; returns mismatch messages."""
    import duckdb

    con = duckdb.connect()
    con.execute(f"attach '{db}' as wh (read_only)")
    r = str(result_dir)
    problems = []

    def one(sql: str):
        return con.execute(sql).fetchone()

    mart_events, mart_leads = one("select count(*), count(distinct lead_id) from wh.marts.fct_mql_events")
    peer_events, peer_leads = one(f"select count(*), count(distinct lead_id) from '{r}/mql_events.parquet'")
    if (mart_events, mart_leads) != (peer_events, peer_leads):
        problems.append(f"{label}: MQL events/leads {peer_events}/{peer_leads} vs marts {mart_events}/{mart_leads}")
    # first MQL time per lead: every lead, and a fixed sample reported separately
    diff = one(f"""
        with mart as (select lead_id, min(mql_at) as t from wh.marts.fct_mql_events group by 1),
        peer as (select lead_id, min(cast(mql_at as timestamp)) as t from '{r}/mql_events.parquet' group by 1)
        select count(*) from mart full outer join peer using (lead_id)
        where mart.t is distinct from peer.t
    """)[0]
    if diff:
        problems.append(f"{label}: first MQL time differs for {diff} leads")
    sampled = one(f"""
        with sample as (select lead_id, first_mql_at from wh.marts.dim_leads
                        where first_mql_at is not null order by hash(lead_id) limit {sample}),
        peer as (select lead_id, min(cast(mql_at as timestamp)) as t from '{r}/mql_events.parquet' group by 1)
        select count(*), count(case when peer.t = sample.first_mql_at then 1 end)
        from sample left join peer using (lead_id)
    """)
    if sampled[0] != sampled[1]:
        problems.append(f"{label}: first MQL time differs on {sampled[0] - sampled[1]} of {sampled[0]} sampled leads")
    diff = one(f"""
        select count(*) from wh.marts.dim_leads as mart
        full outer join '{r}/lead_scores.parquet' as peer using (lead_id)
        where mart.lead_score is distinct from peer.lead_score
            or mart.fit_score is distinct from peer.fit_score
    """)[0]
    if diff:
        problems.append(f"{label}: score at as_of differs for {diff} leads")
    diff = one(f"""
        with mart as (
            select cohort_type, cohort_month,
                sum(case when cohort_type = 'lead' then lead_count else mql_count end) as n
            from wh.marts.fct_funnel_monthly where segment <> 'unallocated' group by 1, 2
            having sum(case when cohort_type = 'lead' then lead_count else mql_count end) > 0
        )
        select count(*) from mart
        full outer join '{r}/funnel_monthly.parquet' as peer using (cohort_type, cohort_month)
        where mart.n is distinct from peer.n
    """)[0]
    if diff:
        problems.append(f"{label}: monthly funnel counts differ in {diff} cohort months")
    con.close()
    return problems


# --- run_results -------------------------------------------------------------------------------

def node_times(run_results: Path) -> list[dict]:
    data = json.loads(run_results.read_text())
    return [{"id": r["unique_id"], "time": r["execution_time"], "status": r["status"]} for r in data["results"]]


def summarise(nodes: list[dict]) -> dict:
    kinds: dict = {}
    for node in nodes:
        kind = node["id"].split(".")[0]
        kinds[kind] = kinds.get(kind, 0.0) + node["time"]
    return kinds


def slowest_models(nodes: list[dict], manifest: dict, n: int = 10) -> list[dict]:
    models = [x for x in nodes if x["id"].startswith("model.")]
    out = []
    for node in sorted(models, key=lambda x: -x["time"])[:n]:
        meta = manifest.get(node["id"], {})
        out.append({**node, "name": node["id"].split(".")[-1],
                    "materialized": meta.get("materialized", "?"), "path": meta.get("path", "")})
    return out


def manifest_nodes(target: Path) -> dict:
    data = json.loads((target / "manifest.json").read_text())
    return {k: {"materialized": v["config"].get("materialized"), "path": v.get("original_file_path", ""),
                "language": v.get("language")}
            for k, v in data["nodes"].items()}


# the marts the floor and the peer are compared with: their lineage is the build's equivalent work
COMPARED_MARTS = ["dim_leads", "fct_mql_events", "fct_funnel_monthly"]


def lineage_time(target: Path, run_results: Path, marts: list[str] = COMPARED_MARTS) -> dict:
    """Node time (sum) and count of the models on the lineage of `marts` (they and every model
    upstream): the part of the build that computes what the floor computes, with the build's
    extras on that path (typing, quarantine, persisted intermediates) but without the other
    marts and the tests."""
    nodes = json.loads((target / "manifest.json").read_text())["nodes"]
    todo = [k for k, v in nodes.items() if v["resource_type"] == "model" and v["name"] in marts]
    seen: set = set()
    while todo:
        key = todo.pop()
        if key in seen or not key.startswith("model."):
            continue
        seen.add(key)
        todo += nodes[key]["depends_on"]["nodes"]
    times = {n["id"]: n["time"] for n in node_times(run_results)}
    return {"models": len(seen), "time": sum(times.get(k, 0.0) for k in seen)}


def area_of(path: str) -> str:
    parts = Path(path).parts
    if len(parts) >= 4 and parts[0] == "models":
        return f"{parts[1]}/{parts[2]}" if parts[1] != "staging" else "staging"
    if len(parts) >= 2 and parts[0] == "models":
        return parts[1]
    return parts[0] if parts else "?"


# --- a full build in parts (tier L outlasts a session) ------------------------------------------
# A session ends wherever it is and its processes end with it: tier L's full build (hours on one
# thread) may be cut. `--resume` continues it in the same warehouse: the nodes a previous part
# finished (read from its log) are excluded, the rest is built by one more `dbt build` (part 2, 3 ...).
# A cut node left nothing (DuckDB rolls its transaction back) and is built again. The report sums
# the parts: wall time of each part up to its last finished node, the highest peak RSS measured.

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_LOG_NODE = re.compile(
    r"^(?P<clock>\d\d:\d\d:\d\d)\s+\d+ of \d+ (?:OK created .*? model (?P<model>\S+)|OK loaded seed file (?P<seed>\S+)"
    r"|(?P<state>PASS|WARN \d+) (?P<test>\S+)) .*\[[^\]]*? in (?P<time>[\d.]+)s\]")
_LOG_CLOCK = re.compile(r"^(\d\d:\d\d:\d\d)\s")


def build_part_logs(work: Path) -> list[Path]:
    """The logs of the parts of the full build so far: build.log, build_part2.log, ..."""
    logs = [work / "build.log"] if (work / "build.log").exists() else []
    n = 2
    while (work / f"build_part{n}.log").exists():
        logs.append(work / f"build_part{n}.log")
        n += 1
    return logs


def finished_nodes(log: Path, manifest: Path) -> list[dict]:
    """The nodes a (possibly cut) `dbt build` log reports as finished (created, loaded, passed or
    warned), as run_results entries ({id, time, status, clock}). A name the manifest does not know
    stops the resume (never build twice silently)."""
    data = json.loads(manifest.read_text())
    by_name: dict = {}
    for uid, node in data["nodes"].items():
        by_name.setdefault((node["resource_type"], node["name"]), uid)
    for uid, node in data.get("unit_tests", {}).items():
        by_name.setdefault(("unit_test", f"{node['model']}::{node['name']}"), uid)
    out = []
    for raw in log.read_text(errors="replace").splitlines():
        match = _LOG_NODE.match(_ANSI.sub("", raw).strip())
        if not match:
            continue
        if match["model"] or match["seed"]:
            kind, name = ("model", match["model"]) if match["model"] else ("seed", match["seed"])
            key, status = (kind, name.rsplit(".", 1)[-1]), "success"
        else:
            kind = "unit_test" if "::" in match["test"] else "test"
            key, status = (kind, match["test"]), "pass" if match["state"] == "PASS" else "warn"
        uid = by_name.get(key)
        if uid is None:
            raise SystemExit(f"--resume: {log} reports {key[0]} {key[1]!r}, which {manifest} does not know")
        out.append({"id": uid, "time": float(match["time"]), "status": status, "clock": match["clock"]})
    return out


def nodes_left(manifest: Path, done: set) -> list[str]:
    """The names (dbt selects a node by its name) of the nodes `dbt build` runs that are not in `done`."""
    data = json.loads(manifest.read_text())
    built = {k: v["name"] for k, v in data["nodes"].items()
             if v["resource_type"] in ("model", "seed", "snapshot", "test") and v["config"].get("enabled", True)}
    built |= {k: v["name"] for k, v in data.get("unit_tests", {}).items()}
    if len(set(built.values())) != len(built):
        raise SystemExit("--resume: two nodes share a name, so the nodes left cannot be selected by name")
    return [name for uid, name in built.items() if uid not in done]


def log_span(log: Path, until: str | None = None) -> float:
    """Seconds between the first clock time of a dbt log and `until` (default its last one)."""
    clocks = [m[1] for m in map(_LOG_CLOCK.match, _ANSI.sub("", log.read_text(errors="replace")).splitlines()) if m]
    if not clocks:
        return 0.0
    first = dt.datetime.strptime(clocks[0], "%H:%M:%S")
    last = dt.datetime.strptime(until or clocks[-1], "%H:%M:%S")
    return (last - first).total_seconds() % 86400


def series_peaks(series: Path) -> dict | None:
    """DiskWatch's peaks from a step's `<step>.disk.tsv` (every tenth second): a cut part's disk
    (None without samples)."""
    rows = [list(map(int, line.split("\t")[1:])) for line in series.read_text().splitlines() if line.strip()] \
        if series.exists() else []
    return combine_disk([{"peak_file": f, "peak_spill": s, "peak_sum": f + s, "min_free": free} for f, s, free in rows])


def combine_disk(disks: list[dict | None]) -> dict | None:
    """The disk peaks (DiskWatch.result) of several samples or steps as one: the highest peaks, the
    lowest free disk (None when there is none)."""
    disks = [d for d in disks if d]
    if not disks:
        return None
    return {"peak_file": max(d["peak_file"] for d in disks), "peak_spill": max(d["peak_spill"] for d in disks),
            "peak_sum": max(d["peak_sum"] for d in disks), "min_free": min(d["min_free"] for d in disks)}


def cut_part(log: Path, manifest: Path) -> dict:
    """A part of the full build that did not end (its session ended): its finished nodes, its wall
    time up to the last of them, its peak RSS if the trampoline recorded one (0: not measured) and
    the disk peaks of its series."""
    done = finished_nodes(log, manifest)
    report = log.with_suffix(".rusage.json")
    rusage = json.loads(report.read_text()) if report.exists() else {}
    return {"name": log.stem, "nodes": done, "wall": log_span(log, done[-1]["clock"] if done else None),
            "rss": rusage.get("rss", 0), "code": None, "oom": False,
            "disk": series_peaks(log.with_suffix(".disk.tsv"))}


def merge_parts(parts: list[dict], last: dict, last_results: Path | None, out: Path) -> dict:
    """The full build as one step from its parts: `parts` cut ones (cut_part), `last` the step that
    ended (its run_results at `last_results`). Writes the merged run_results to `out`."""
    data = json.loads(last_results.read_text()) if last_results and last_results.exists() else \
        {"elapsed_time": 0.0, "results": []}
    results = [{"unique_id": n["id"], "execution_time": n["time"], "status": n["status"]}
               for part in parts for n in part["nodes"]] + data["results"]
    out.write_text(json.dumps({"elapsed_time": sum(p["wall"] for p in parts) + data["elapsed_time"], "results": results}))
    last_nodes = sum(not r["unique_id"].startswith("operation.") for r in data["results"])  # not the run's hooks
    return {**last, "wall": sum(p["wall"] for p in parts) + last["wall"],
            "rss": max([p["rss"] for p in parts] + [last["rss"]]),
            "disk": combine_disk([p["disk"] for p in parts] + [last["disk"]]),
            "parts": [{k: p[k] for k in ("name", "wall", "rss")} | {"nodes": len(p["nodes"])} for p in parts]
            + [{"name": "last", "wall": last["wall"], "rss": last["rss"], "nodes": last_nodes}]}


# --- machine -----------------------------------------------------------------------------------

def machine() -> dict:
    mem = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem = int(line.split()[1]) * 1024
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    versions = {}
    for package in ["dbt-core", "dbt-duckdb", "duckdb", "pandas", "numpy", "pyarrow"]:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "-"
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_DIR, text=True,
                                capture_output=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "models", "macros", "seeds", "tests",
                                "dbt_project.yml", "bench", ":!bench/results"], cwd=PROJECT_DIR, text=True,
                               capture_output=True).stdout.strip()
        commit += " (with uncommitted changes)" if dirty else ""
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return {"cores": os.cpu_count(), "memory": mem, "cpu": cpu, "python": platform.python_version(),
            "versions": versions, "system": f"{platform.system()} {platform.release()}", "commit": commit}


def load_average() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


# --- report ------------------------------------------------------------------------------------

def gb(n: int) -> str:
    return f"{n / 2**30:.2f} GB"


def fmt_s(x: float) -> str:
    return f"{x:,.1f}"


def storage(db: Path, top: int = 8) -> dict:
    """The warehouse's footprint: file bytes (with the WAL), live bytes (DuckDB blocks in use,
    pragma_storage_info) and the largest tables. Opened read-only after the dbt step has exited."""
    import duckdb

    files = sum(f.stat().st_size for f in [db, db.with_name(db.name + ".wal")] if f.exists())
    con = duckdb.connect(str(db), read_only=True)
    try:
        block = con.execute("select block_size from pragma_database_size()").fetchone()[0]
        tables = []
        for schema, table, rows in con.execute(
                "select schema_name, table_name, estimated_size from duckdb_tables() where not internal").fetchall():
            blocks = con.execute(
                f"select count(distinct block_id) from pragma_storage_info('\"{schema}\".\"{table}\"') "
                "where block_id >= 0").fetchone()[0]
            tables.append({"name": f"{schema}.{table}", "rows": rows, "bytes": blocks * block})
    finally:
        con.close()
    tables.sort(key=lambda t: -t["bytes"])
    return {"file": files, "live": sum(t["bytes"] for t in tables), "top": tables[:top]}


def storage_lines(ctx: dict, activities: int) -> list[str]:
    """The report's storage section: the footprint after the full build and after the daily run."""
    if "storage_build" not in ctx:
        return []
    lines = ["", "## Storage (the warehouse file)", "",
             "| after | file (with WAL) | live data | live bytes per activity |", "|---|---:|---:|---:|"]
    for label, key in [("full build", "storage_build"), ("daily run", "storage_daily")]:
        if key in ctx:
            st = ctx[key]
            lines.append(f"| {label} | {gb(st['file'])} | {gb(st['live'])} | {st['live'] / max(activities, 1):,.0f} |")
    lines += ["", "Largest tables after the full build:", "", "| table | rows | live data |", "|---|---:|---:|"]
    for table in ctx["storage_build"]["top"]:
        lines.append(f"| {table['name']} | {table['rows']:,} | {table['bytes'] / 2**20:,.0f} MB |")
    return lines


def disk_lines(ctx: dict) -> list[str]:
    """The report's disk section: per dbt step, DuckDB's peak spill and the warehouse file (DiskWatch)."""
    watched = [(name, st["disk"]) for name, st in ctx["steps"].items() if "disk" in st]
    if not watched:
        return []
    lines = ["", "## Disk during each step (sampled every second)", "",
             f"Free disk at the start: {gb(ctx.get('disk_free_start', 0))}. Spill: DuckDB's temporary files "
             "(memory_limit reached); file: the warehouse with its WAL.", "",
             "| step | peak spill | peak warehouse file | peak file + spill | lowest free disk |",
             "|---|---:|---:|---:|---:|"]
    for name, d in watched:
        lines.append(f"| {name} | {gb(d['peak_spill'])} | {gb(d['peak_file'])} | {gb(d['peak_sum'])} | {gb(d['min_free'])} |")
    return lines


def run_rows(label: str, run: dict, build: dict, kinds: dict, ratio: str) -> list[str]:
    """The report's two rows of a dbt run after the full build: its wall time against the build's,
    and its node time by kind."""
    return [f"| {label} | {fmt_s(run['wall'])} s | {gb(run['rss'])} | {ratio} = **{run['wall'] / build['wall']:.0%}** |",
            "| ... of which models / data tests / unit tests / seeds (node time) | "
            + " / ".join(fmt_s(kinds.get(k, 0.0)) for k in ["model", "test", "unit_test", "seed"]) + " s | | |"]


def parts_sentence(parts: list[dict]) -> str:
    """The report's account of a full build run in parts (--resume)."""
    said = [f"{p['name'] if p['name'] != 'last' else 'the last part'}: {p['nodes']} nodes in {fmt_s(p['wall'])} s, peak RSS "
            + (gb(p["rss"]) if p["rss"] else "not measured (cut before the trampoline recorded it)") for p in parts]
    return (f"The full build ran in {len(parts)} parts (`--resume`: each earlier one was cut by the end of a session "
            "or failed; it counts up to its last finished node, the node it stopped in ran again in the next part): "
            + "; ".join(said) + ". Its wall time is their sum, its peak RSS the highest measured.")


def write_report(path: Path, tier: str, ctx: dict) -> str:
    m = ctx["machine"]
    steps = ctx["steps"]
    build, incr, floor, peer = steps["build"], steps.get("incremental"), steps.get("floor"), steps.get("pandas")
    skipped = ctx.get("skip", ())
    left_out = [name for name in ("floor", "daily", "weekly", "pandas", "extras") if name in skipped]
    lines = [
        f"# Benchmark tier {tier}: {ALL_TIERS[tier]:,} leads",
        "",
        f"Run {ctx['started']} on this machine by `make bench TIER={tier}` (bench/bench.py) at commit "
        f"{m['commit']}. "
        f"Data: generator seed {SEED}, {ctx['rows']['leads']:,} leads, {ctx['rows']['activities']:,} "
        f"activities up to {END_DATE - dt.timedelta(days=1)} (day 0, as_of {AS_OF_DAY0}); the incremental "
        f"run adds {ctx['rows']['activities_added']:,} activities of {END_DATE} and late ones "
        f"(as_of {AS_OF_DAY1}).",
        "",
        f"Machine: {m['cores']} cores ({m['cpu']}), {gb(m['memory'])} memory, {m['system']}; "
        f"Python {m['python']}, " + ", ".join(f"{k} {v}" for k, v in m["versions"].items()) + ". "
        f"DuckDB memory_limit {os.environ.get('DUCKDB_MEMORY_LIMIT', '8GB')}, dbt threads "
        f"{os.environ.get('DBT_THREADS', '2')}, full_build_lead_buckets "
        f"{os.environ.get(settings.run_time_env_name('full_build_lead_buckets')) or 1}.",
        f"Load average (1/5/15 min) at start {ctx['load_start']}, at end {ctx['load_end']}: the machine is "
        "shared, other builds ran at the same time, so times are noisy (compare ratios, re-run when quiet).",
        *([f"Steps left out: {', '.join(f'`--skip {n}`' for n in left_out)}"
           + ("; lean disk: each raw folder deleted once no later step reads it." if ctx.get("lean_disk") else ".")]
          if left_out or ctx.get("lean_disk") else []),
        *([parts_sentence(build["parts"])] if build.get("parts") else []),
        "",
        "| step | wall | peak RSS | ratio |",
        "|---|---:|---:|---|",
        f"| dbt parse, cold (startup overhead, reported apart) | {fmt_s(steps['parse']['wall'])} s | "
        f"{gb(steps['parse']['rss'])} | |",
        f"| full `dbt build` (day 0){'' if build['code'] == 0 else ' — **failed**, exit ' + str(build['code'])} | "
        f"{fmt_s(build['wall'])} s | {gb(build['rss'])} | "
        + (f"build / floor = **{build['wall'] / floor['wall']:.1f}×** |" if floor else "|"),
        f"| ... of which models / data tests / unit tests / seeds (node time) | "
        + " / ".join(fmt_s(ctx['build_kinds'].get(k, 0.0)) for k in ["model", "test", "unit_test", "seed"])
        + f" s | | dbt overhead (wall − run time) {fmt_s(build['wall'] - ctx['build_elapsed'])} s |",
    ]
    if incr:
        lines += run_rows("daily run (+1 day): `dbt build --selector daily`, tests on changed rows (the Dagster "
                          "daily schedule)", incr, build, ctx["incr_kinds"], "daily / full")
    else:
        lines.append("| daily run (+1 day) | not run | | |")
    weekly = steps.get("weekly")
    if weekly:
        lines += run_rows("weekly run (same day, after the daily one): `dbt build --selector weekly` (calibration, "
                          "full test suite)", weekly, build, ctx["weekly_kinds"], "weekly / full")
    if floor:
        lines.append(f"| floor: hand-written DuckDB SQL (bench/floor.sql) | {fmt_s(floor['wall'])} s | "
                     f"{gb(floor['rss'])} | 1.0× |")
    else:
        lines.append("| floor: hand-written DuckDB SQL (bench/floor.sql) | not run | | |")
    if "build_no_draft" in steps:
        lines.append(
            f"| full `dbt build` without the draft backtest (var scoring_draft_model_version null) | "
            f"{fmt_s(steps['build_no_draft']['wall'])} s | {gb(steps['build_no_draft']['rss'])} | "
            f"backtest of one draft adds **{build['wall'] / steps['build_no_draft']['wall'] - 1:+.0%}** |")
    if "lineage" in ctx:
        lines.insert(4 + lines.index("|---|---:|---:|---|"), f"| ... of which the {ctx['lineage']['models']} models on the lineage of "
                     f"{', '.join(COMPARED_MARTS)} (the floor's outputs; node time) | "
                     f"{fmt_s(ctx['lineage']['time'])} s | | "
                     + (f"lineage / floor = **{ctx['lineage']['time'] / floor['wall']:.1f}×** |" if floor else "|"))
    for shape in CONNECTOR_SHAPES:
        con, ref = steps.get(f"{shape}_build"), steps.get(f"contract_expressible_{shape}_build")
        if con and ref:
            lines.append(f"| full `dbt build` of the same world in the contract shape without what `--shape {shape}` "
                         f"cannot hold (README) | {fmt_s(ref['wall'])} s | {gb(ref['rss'])} | |")
            lines.append(f"| full `dbt build` from `--shape {shape}` (the connector) | {fmt_s(con['wall'])} s | "
                         f"{gb(con['rss'])} | {shape} / contract = **{con['wall'] / ref['wall']:.2f}×** |")
    if peer is None:
        lines.append("| pandas peer (bench/pandas_peer.py) | not run (`--skip pandas`) | | |")
    elif peer["oom"]:
        lines.append(f"| pandas peer (bench/pandas_peer.py) | out of memory after {fmt_s(peer['wall'])} s | "
                     f"> {gb(ctx['pandas_limit'])} | pandas / build: OOM |")
    else:
        lines.append(f"| pandas peer (bench/pandas_peer.py) | {fmt_s(peer['wall'])} s | {gb(peer['rss'])} | "
                     f"pandas / build = **{peer['wall'] / build['wall']:.1f}×** |")
    lines += ["", "## Targets (set for tier M, 2 cores)", ""]
    for text, ok in ctx["targets"]:
        lines.append(f"- {'not checked' if ok is None else 'met' if ok else '**missed**'}: {text}")
    lines += ["", "## Agreement with the marts", ""]
    if ctx["problems"]:
        lines += [f"- **MISMATCH** {p}" for p in ctx["problems"]]
    else:
        lines += [f"- {c}" for c in ctx["agreement"]]
    lines += storage_lines(ctx, ctx["rows"]["activities"])
    lines += disk_lines(ctx)
    if ctx.get("failed_nodes"):
        lines += ["", "## Nodes of the full build that did not pass", "", "| node | status | time |", "|---|---|---:|"]
        for node in ctx["failed_nodes"]:
            lines.append(f"| {node['id']} | {node['status']} | {fmt_s(node['time'])} s |")
    lines += ["", "## Ten slowest models of the full build (run_results.json)", "",
              "| model | materialized | area | time |", "|---|---|---|---:|"]
    for node in ctx["slowest"]:
        lines.append(f"| {node['name']} | {node['materialized']} | {area_of(node['path'])} | {fmt_s(node['time'])} s |")
    lines += ["", "## Model time by area (full build / incremental, node time)", "",
              "| area | full build | incremental |", "|---|---:|---:|"]
    for area, (full_t, incr_t) in sorted(ctx["areas"].items(), key=lambda kv: -kv[1][0]):
        lines.append(f"| {area} | {fmt_s(full_t)} s | {fmt_s(incr_t)} s |")
    if ctx["slowest_daily_models"]:
        lines += ["", "## Fifteen slowest models of the daily run (run_results.json)", "",
                  "| model | materialized | area | daily | full build |", "|---|---|---|---:|---:|"]
        for node in ctx["slowest_daily_models"]:
            lines.append(f"| {node['name']} | {node['materialized']} | {area_of(node['path'])} | "
                         f"{fmt_s(node['time'])} s | {fmt_s(ctx['build_times'].get(node['id'], 0.0))} s |")
        lines += ["", "## Ten slowest nodes of the daily run", "", "| node | time |", "|---|---:|"]
        for node in ctx["slowest_incr"]:
            lines.append(f"| {node['id']} | {fmt_s(node['time'])} s |")
    report = "\n".join(lines) + "\n"
    analysis = ""
    if path.exists():
        old = path.read_text()
        if ANALYSIS_HEADER in old:
            analysis = old[old.index(ANALYSIS_HEADER):]
    if not analysis:
        analysis = (f"{ANALYSIS_HEADER}\n\n(Not written yet: where a target is missed, say which models "
                    "dominate and why. This section is kept when the benchmark is re-run.)\n")
    path.write_text(report + "\n" + analysis)
    return report


def connector_target(steps: dict, shape: str) -> tuple[str, bool]:
    con, ref = steps[f"{shape}_build"], steps[f"contract_expressible_{shape}_build"]
    ratio = con["wall"] / ref["wall"]
    return (f"full build from `--shape {shape}` ≤ {TARGETS['connector_over_contract']:.2f}× the build of the "
            f"same world in the contract shape: {ratio:.2f}× ({fmt_s(con['wall'])} s vs {fmt_s(ref['wall'])} s)",
            con["code"] == 0 and ratio <= TARGETS["connector_over_contract"])


# --- main --------------------------------------------------------------------------------------

def prepare_data(tier: str, work: Path, lean: bool = False) -> dict:
    """Generate the tier's world (raw_full) and split day 0 and day 1 from it. With `lean` the world is
    deleted once split (the counts are kept in raw_counts.json, so a re-run reuses the two days)."""
    sys.path.insert(0, str(PROJECT_DIR))
    from lead_funnel.generate import generate
    from devtools.increments import split_last_day

    full, counts_file = work / "raw_full", work / "raw_counts.json"
    days_kept = all((work / day / "activities.parquet").exists() for day in ("day0", "day1"))
    if lean and counts_file.exists() and days_kept and not full.exists():
        return json.loads(counts_file.read_text())
    if not (full / "activities.parquet").exists():
        print(f"generating tier {tier} ({ALL_TIERS[tier]:,} leads) into {full} ...", flush=True)
        generate(full, leads=ALL_TIERS[tier], seed=SEED, end_date=END_DATE.isoformat(), progress=False)
    # no second lead record of a known person: the floor and the pandas peer do not merge a person's
    # lead records (the generator makes none); test_incremental covers that case
    counts = split_last_day(full, work / "day0", work / "day1", END_DATE, late_share=0.1, duplicates=True,
                            duplicate_person=False)
    counts_file.write_text(json.dumps(counts))
    if lean:
        shutil.rmtree(full)
    return counts


def resume_state(work: Path, skip: tuple) -> tuple[dict, list[dict]]:
    """--resume: the counts of the raw data already split and the cut parts of the full build."""
    counts_file, target = work / "raw_counts.json", work / "target" / "manifest.json"
    days = ["day0"] + ([] if "daily" in skip else ["day1"])
    missing = [str(p) for p in [counts_file, target, *(work / d / "activities.parquet" for d in days)] if not p.exists()]
    merged = work / "run_results_build.json"
    complete = merged.exists() and all(r["status"] in ("success", "pass", "warn", "no-op")
                                       for r in json.loads(merged.read_text())["results"])
    if missing or not build_part_logs(work) or complete:
        sys.exit(f"--resume: nothing to resume in {work}: it needs a full build cut or failed (its build.log; "
                 f"a run_results_build.json without failures means it completed) and its data"
                 + (f"; missing: {', '.join(missing)}" if missing else ""))
    # a failed part (e.g. out of disk) is resumed like a cut one once its cause is fixed
    merged.unlink(missing_ok=True)
    cut = [cut_part(log, target) for log in build_part_logs(work)]
    return json.loads(counts_file.read_text()), cut


def drop_raw(folder: Path, why: str) -> None:
    """lean_disk: delete a raw folder no later step reads."""
    if folder.exists():
        print(f"    lean disk: deleting {folder} ({why})", flush=True)
        shutil.rmtree(folder)


def bench(tier: str, work: Path, pandas_limit: int, skip: tuple = (), force_disk: bool = False,
          threads: int | None = None, lead_buckets: int | None = None, lean_disk: bool | None = None,
          resume: bool = False) -> int:
    """The benchmark of one tier. `skip` leaves steps out: "extras" the connector rows and the build
    without the draft (several more full builds), "pandas" the pandas peer (out of memory from tier
    M on), "weekly" the weekly run, "floor" the floor (and with it the agreement check), "daily" the
    daily run (and the weekly run and the floor after it). `lean_disk` (tier L's default) deletes
    each raw folder once no later step reads it (disk_plan). `resume` continues a full build cut by
    the end of a session in the same work folder (see build_part_logs)."""
    tier_settings = TIER_RUN_SETTINGS.get(tier, {})
    lean = tier_settings.get("lean_disk", False) if lean_disk is None else lean_disk
    if "daily" in skip and "weekly" not in skip:
        skip = (*skip, "weekly")
    extras = "extras" not in skip
    if not resume:
        disk_precheck(tier, work, force_disk, skip, lean)
    threads = threads or tier_settings.get("threads")
    lead_buckets = lead_buckets or tier_settings.get("lead_buckets")
    if threads:
        os.environ["DBT_THREADS"] = str(threads)
    if lead_buckets:
        os.environ[settings.run_time_env_name("full_build_lead_buckets")] = str(lead_buckets)
    ctx: dict = {"started": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "machine": machine(),
                 "load_start": load_average(), "pandas_limit": pandas_limit, "steps": {}, "skip": skip,
                 "lean_disk": lean}
    cut: list[dict] = []
    if resume:
        counts, cut = resume_state(work, skip)
    else:
        counts = prepare_data(tier, work, lean)
    ctx["rows"] = {"leads": counts["leads_day0"], "activities": counts["activities_day0"],
                   "activities_added": counts["activities_day1"] - counts["activities_day0"]}
    day0, day1 = work / "day0", work / "day1"
    db = work / "warehouse.duckdb"
    for stale in [] if resume else [db, work / "target", work / "logs", *work.glob("*.disk.tsv")]:
        if stale.is_dir():
            shutil.rmtree(stale)
        elif stale.exists():
            stale.unlink()
    env = dbt_env(db)
    spill = Path(env["DUCKDB_TEMP_DIRECTORY"])
    if spill.exists():
        shutil.rmtree(spill)
    spill.mkdir(parents=True)
    ctx["disk_free_start"] = shutil.disk_usage(work).free
    steps = ctx["steps"]
    python = sys.executable
    me = str(Path(__file__).resolve())

    def step(name: str, cmd: list[str], **kw) -> dict:
        print(f"[{dt.datetime.now():%H:%M:%S}] {name} ...", flush=True)
        with DiskWatch(Path(kw["env"].get("DUCKDB_PATH", db)), Path(kw["env"].get("DUCKDB_TEMP_DIRECTORY", spill)),
                       series=work / f"{name}.disk.tsv") as watch:
            result = run_measured(cmd, log=work / f"{name}.log", **kw)
        result["disk"] = watch.result()
        steps[name] = result
        state = "out of memory" if result["oom"] else f"exit {result['code']}"
        print(f"    {result['wall']:.1f} s, peak RSS {gb(result['rss'])}, peak spill {gb(result['disk']['peak_spill'])}, "
              f"peak warehouse file {gb(result['disk']['peak_file'])}, {state}", flush=True)
        return result

    day0_later = any(x not in skip for x in ("floor", "pandas", "extras"))
    if lean and "daily" in skip:
        drop_raw(day1, "no daily run")
    step("parse", dbt_cmd(["parse", "--no-partial-parse"], work), env=dbt_run_env(env, day0, AS_OF_DAY0))
    if not cut:
        result = step("build", dbt_cmd(["build"], work), env=dbt_run_env(env, day0, AS_OF_DAY0))
        if (work / "target" / "run_results.json").exists():
            shutil.copy(work / "target" / "run_results.json", work / "run_results_build.json")
    else:
        rest = nodes_left(work / "target" / "manifest.json", {n["id"] for part in cut for n in part["nodes"]})
        name = f"build_part{len(cut) + 1}"
        print(f"    resume: {sum(len(p['nodes']) for p in cut)} nodes finished in {len(cut)} earlier part(s); "
              f"building the other {len(rest)} as {name}", flush=True)
        # exactly these nodes: --exclude would also drop the tests of a finished model that read an unfinished one
        part = step(name, dbt_cmd(["build", "--select", *rest, "--indirect-selection", "empty"], work),
                    env=dbt_run_env(env, day0, AS_OF_DAY0))
        last = work / "target" / "run_results.json"
        result = steps["build"] = merge_parts(cut, part, last if last.exists() else None, work / "run_results_build.json")
        del steps[name]
    if result["code"] != 0:
        print(f"full dbt build failed: see {work / 'build.log'}", file=sys.stderr)
        if not (work / "run_results_build.json").exists():
            return 1
        # what ran is still reported (which node failed, the disk, the slowest nodes): nothing after it runs
        ctx.update(load_end=load_average(), problems=[f"full dbt build failed (exit {result['code']}): see "
                                                      f"{work / 'build.log'}"])
        finish(tier, work, ctx, manifest_nodes(work / "target"))
        return 1
    manifest = manifest_nodes(work / "target")
    ctx["storage_build"] = storage(db)
    if lean and not day0_later:
        drop_raw(day0, "no later step reads day 0")
    if "floor" not in skip:
        step("floor", [python, me, "floor", "--raw", str(day0), "--as-of", AS_OF_DAY0, "--out", str(work / "floor0")],
             env=env)
    if "pandas" not in skip:
        step("pandas", [python, me, "pandas", "--raw", str(day0), "--as-of", AS_OF_DAY0, "--out", str(work / "pandas0")],
             env=env, rss_limit=pandas_limit)
    problems = []
    for label, folder in [("floor", work / "floor0"), ("pandas", work / "pandas0")]:
        if label not in steps:
            continue
        result = steps[label]
        if result["code"] == 0:
            problems += check_against_marts(db, folder, f"{label} (day 0)")
        elif not result["oom"]:
            problems.append(f"{label} failed (exit {result['code']}): see {work / (label + '.log')}")
    if lean and day0_later and not extras:
        drop_raw(day0, "no later step reads day 0")
    if "daily" not in skip:
        result = step("incremental", dbt_cmd(DAILY_ARGS, work, DAILY_VARS),
                      env=dbt_run_env(env, day1, AS_OF_DAY1, DAILY_VARS))
        if result["code"] != 0:
            problems.append(f"daily dbt build failed: see {work / 'incremental.log'}")
        else:
            shutil.copy(work / "target" / "run_results.json", work / "run_results_incremental.json")
            ctx["storage_daily"] = storage(db)
            if "floor" not in skip:
                floor1 = run_measured([python, me, "floor", "--raw", str(day1), "--as-of", AS_OF_DAY1,
                                       "--out", str(work / "floor1")], env=env, log=work / "floor1.log")
                if floor1["code"] == 0:
                    problems += check_against_marts(db, work / "floor1", "floor (after the incremental run)")
                else:
                    problems.append("floor on day 1 failed")
    # the weekly run of the same day, after the daily one (calibration and the full test suite)
    if "weekly" not in skip:
        result = step("weekly", dbt_cmd(WEEKLY_ARGS, work), env=dbt_run_env(env, day1, AS_OF_DAY1))
        if result["code"] != 0:
            problems.append(f"weekly dbt build failed: see {work / 'weekly.log'}")
        else:
            shutil.copy(work / "target" / "run_results.json", work / "run_results_weekly.json")
    if extras:
        for name, result in connector_steps(step, work, day0, AS_OF_DAY0).items():
            if result["code"] != 0:
                problems.append(f"{name} failed: see {work / (name + '.log')}")
        # the same full build without the draft backtest (var scoring_draft_model_version null), into
        # its own file: what replaying one draft beside the model in force adds to the full build
        no_draft_db = work / "warehouse_no_draft.duckdb"
        if no_draft_db.exists():
            no_draft_db.unlink()
        result = step("build_no_draft", dbt_cmd(["build"], work, {"scoring_draft_model_version": None},
                                                target="target_no_draft"),
                      env=dbt_run_env(dbt_env(no_draft_db), day0, AS_OF_DAY0))
        if result["code"] != 0:
            problems.append(f"full dbt build without the draft failed: see {work / 'build_no_draft.log'}")
    ctx["load_end"] = load_average()
    ctx["problems"] = problems
    return finish(tier, work, ctx, manifest)


def finish(tier: str, work: Path, ctx: dict, manifest: dict) -> int:
    """Summarise the run_results of the steps, check the targets, write the report."""
    steps, problems = ctx["steps"], ctx["problems"]
    build_nodes = node_times(work / "run_results_build.json")
    incr_nodes = node_times(work / "run_results_incremental.json") if (work / "run_results_incremental.json").exists() else []
    ctx["build_kinds"], ctx["incr_kinds"] = summarise(build_nodes), summarise(incr_nodes)
    ctx["failed_nodes"] = [n for n in build_nodes if n["status"] not in ("success", "pass", "warn", "skipped", "no-op")]
    ctx["build_elapsed"] = json.loads((work / "run_results_build.json").read_text())["elapsed_time"]
    ctx["slowest"] = slowest_models(build_nodes, manifest)
    ctx["lineage"] = lineage_time(work / "target", work / "run_results_build.json")
    ctx["slowest_incr"] = sorted(incr_nodes, key=lambda x: -x["time"])[:10]
    ctx["slowest_daily_models"] = slowest_models(incr_nodes, manifest, n=15)
    ctx["build_times"] = {n["id"]: n["time"] for n in build_nodes}
    weekly_results = work / "run_results_weekly.json"
    ctx["weekly_kinds"] = summarise(node_times(weekly_results)) if weekly_results.exists() else {}
    areas: dict = {}
    for nodes, i in [(build_nodes, 0), (incr_nodes, 1)]:
        for node in nodes:
            if node["id"].startswith("model."):
                area = area_of(manifest.get(node["id"], {}).get("path", ""))
                areas.setdefault(area, [0.0, 0.0])[i] += node["time"]
    ctx["areas"] = areas
    build, floor, peer, incr = steps["build"], steps.get("floor"), steps.get("pandas"), steps.get("incremental")
    skipped = ctx.get("skip", ())

    def not_run(name: str, key: str) -> str:
        return f"not run (`--skip {key}`)" if key in skipped else f"not run ({name} did not complete)"

    ctx["targets"] = [
        (f"full build ≤ {TARGETS['build_over_floor']}× the floor: "
         + (f"{build['wall'] / floor['wall']:.1f}× ({fmt_s(build['wall'])} s vs {fmt_s(floor['wall'])} s)" if floor
            else not_run("the build", "floor")),
         None if not floor else build["wall"] <= TARGETS["build_over_floor"] * floor["wall"]),
        (f"lineage of the compared marts (node time) ≤ {TARGETS['lineage_over_floor']}× the floor: "
         + (f"{ctx['lineage']['time'] / floor['wall']:.1f}× ({fmt_s(ctx['lineage']['time'])} s vs "
            f"{fmt_s(floor['wall'])} s)" if floor else not_run("the build", "floor")),
         None if not floor else ctx["lineage"]["time"] <= TARGETS["lineage_over_floor"] * floor["wall"]),
        (f"pandas peer ≥ {TARGETS['pandas_over_build']}× slower than the build or out of memory: "
         + ("not run (--skip pandas)" if peer is None else "out of memory" if peer["oom"]
            else f"{peer['wall'] / build['wall']:.1f}× ({fmt_s(peer['wall'])} s)"),
         None if peer is None else peer["oom"] or peer["wall"] >= TARGETS["pandas_over_build"] * build["wall"]),
        (f"daily run (selector daily) ≤ {TARGETS['incremental_share']:.0%} of the full build: "
         + (f"{incr['wall'] / build['wall']:.0%} ({fmt_s(incr['wall'])} s)" if incr else not_run("the build", "daily")),
         None if not incr else incr["code"] == 0 and incr["wall"] <= TARGETS["incremental_share"] * build["wall"]),
    ]
    if build["code"] != 0:
        ctx["targets"].insert(0, (f"the full build completes under memory_limit "
                                  f"{os.environ.get('DUCKDB_MEMORY_LIMIT', '8GB')}: exit {build['code']}"
                                  + (" (out of memory)" if build["oom"] else ""), False))
    elif tier == "L":
        ctx["targets"].insert(0, (f"the full build completes under memory_limit "
                                  f"{os.environ.get('DUCKDB_MEMORY_LIMIT', '8GB')}: exit 0, peak RSS "
                                  f"{gb(build['rss'])}", True))
    for shape in CONNECTOR_SHAPES:
        if f"{shape}_build" in steps:
            ctx["targets"].append(connector_target(steps, shape))
    no_draft = steps.get("build_no_draft")
    if no_draft and no_draft["code"] == 0:
        added = build["wall"] / no_draft["wall"] - 1
        ctx["targets"].append(
            (f"backtest of one draft adds ≤ {TARGETS['draft_backtest_share']:.0%} to the full build: "
             f"{added:+.0%} ({fmt_s(build['wall'])} s with draft {settings.project_vars(PROJECT_DIR).get('scoring_draft_model_version')}, "
             f"{fmt_s(no_draft['wall'])} s without)",
             added <= TARGETS["draft_backtest_share"]))
    if floor is None:
        ctx["agreement"] = [f"not checked: the floor {not_run('the build', 'floor')}"
                            + ("" if peer is None else " (the pandas peer alone is compared)")]
    else:
        ctx["agreement"] = [
            "floor and pandas peer (day 0) and floor after the incremental run: same number of MQL events and "
            "MQL leads as fct_mql_events, the same first MQL time for every lead (and for a fixed sample of "
            "2,000 MQL leads in dim_leads), the same fit and lead score at as_of for every lead (dim_leads), "
            "the same lead and MQL counts per cohort month (fct_funnel_monthly)."
            + (" The pandas peer was not run (--skip pandas): only the floor was compared." if peer is None
               else " The pandas peer ran out of memory: only the floor was compared." if peer["oom"] else "")
            + (" No daily run (--skip daily): the floor was compared on day 0 only." if incr is None else "")
        ]
    # hidden tiers are checks of the benchmark, not results: their report stays in the work folder
    report = write_report((BENCH_DIR / "results" if tier in TIERS else work) / f"{tier}.md", tier, ctx)
    print()
    print(report)
    if problems:
        print("\n".join(["FAILED: the floor or the peer disagree with the marts:", *problems]), file=sys.stderr)
        return 1
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command")
    for name in ["floor", "pandas"]:
        p = sub.add_parser(name, help=f"run the {name} on one raw folder (a child of the benchmark)")
        p.add_argument("--raw", required=True)
        p.add_argument("--as-of", required=True)
        p.add_argument("--out", required=True)
    p = sub.add_parser("lineage", help="node time of the models on the lineage of the compared marts")
    p.add_argument("--work", required=True, help="a tier's work folder (bench/work/<tier>)")
    p = sub.add_parser("measure", help="run a command and record its peak RSS (a child of the benchmark)")
    p.add_argument("--report", required=True)
    p.add_argument("--rss-limit", type=int, default=0)
    p.add_argument("cmd", nargs=argparse.REMAINDER)
    parser.add_argument("--tier", choices=sorted(ALL_TIERS), default="S",
                        help="S, M, L (XS: 5,000 leads, a quick check of the benchmark itself)")
    parser.add_argument("--skip", choices=["extras", "pandas", "weekly", "floor", "daily"], action="append", default=[],
                        help="extras: leave out the connector rows and the build without the draft; pandas: the "
                             "pandas peer (out of memory from tier M on); weekly: the weekly run; floor: the floor "
                             "and its agreement check; daily: the daily run and what runs after it (repeatable)")
    lean = parser.add_mutually_exclusive_group()
    lean.add_argument("--lean-disk", dest="lean_disk", action="store_true", default=None,
                      help="delete each raw folder once no later step reads it (default for tier L)")
    lean.add_argument("--keep-raw", dest="lean_disk", action="store_false",
                      help="keep the generated world and both days (default below tier L)")
    parser.add_argument("--workdir", default=os.environ.get("BENCH_WORKDIR"),
                        help="data, warehouse and logs (default bench/work/<tier>)")
    parser.add_argument("--resume", action="store_true",
                        help="continue a full build cut by the end of a session (same --workdir and options): "
                             "build the nodes its logs do not report as finished, report the parts as one build")
    parser.add_argument("--threads", type=int, help="dbt threads (default 2; tier L: 1)")
    parser.add_argument("--lead-buckets", type=int,
                        help="var full_build_lead_buckets of the full builds (default 1; tier L: 16)")
    parser.add_argument("--force-disk", action="store_true",
                        help="start even when the free disk looks too small for the tier (disk_precheck)")
    parser.add_argument("--pandas-memory-limit", default="8GB",
                        help="kill the pandas peer above this resident memory (default 8GB)")
    args = parser.parse_args(argv)
    if args.command == "floor":
        floor_main(args.raw, args.as_of, args.out)
        return 0
    if args.command == "pandas":
        pandas_main(args.raw, args.as_of, args.out)
        return 0
    if args.command == "lineage":
        print(json.dumps(lineage_time(Path(args.work) / "target", Path(args.work) / "run_results_build.json")))
        return 0
    if args.command == "measure":
        cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
        return measure_main(args.report, args.rss_limit, cmd)
    limit = args.pandas_memory_limit.upper()
    factor = {"GB": 2**30, "MB": 2**20}[re.sub(r"[0-9.]", "", limit)]
    work = Path(args.workdir) / args.tier if args.workdir else BENCH_DIR / "work" / args.tier
    return bench(args.tier, work, int(float(re.sub(r"[A-Z]", "", limit)) * factor), skip=tuple(args.skip),
                 force_disk=args.force_disk, threads=args.threads, lead_buckets=args.lead_buckets,
                 lean_disk=args.lean_disk, resume=args.resume)


if __name__ == "__main__":
    sys.exit(main())
