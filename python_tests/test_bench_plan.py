"""The benchmark's disk plan and its report when steps are left out (bench/bench.py, issue #18).

Tier L does not fit every disk: the benchmark checks the largest phase of its run before it
starts (disk_plan), deletes raw folders no later step reads (lean disk) and reports the steps it
left out or that failed without crashing. No dbt here: the plan is arithmetic, the report a
function of the recorded steps.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import bench  # noqa: E402

LEADS = 1_000_000
PER = bench.DISK_BYTES_PER_LEAD


def phases(skip=(), lean=False) -> dict:
    return dict(bench.disk_plan(LEADS, tuple(skip), lean))


def test_full_run_keeps_every_raw_folder():
    plan = phases()
    build = next(v for k, v in plan.items() if k.startswith("full build"))
    daily = next(v for k, v in plan.items() if k.startswith("daily run"))
    assert build == LEADS * (PER["warehouse_build"] + PER["spill_over_file"] + PER["raw_generated"])
    assert daily == LEADS * (PER["warehouse_daily"] + PER["raw_generated"])


def test_lean_build_only_keeps_day0_alone():
    plan = phases(skip=("daily", "floor", "pandas", "extras"), lean=True)
    assert not any(k.startswith("daily run") for k in plan)
    build = next(v for k, v in plan.items() if k.startswith("full build"))
    assert build == LEADS * (PER["warehouse_build"] + PER["spill_over_file"] + PER["raw_day"])


def test_lean_daily_run_keeps_day1_only_when_nothing_reads_day0():
    with_floor = next(v for k, v in phases(skip=("extras",), lean=True).items() if k.startswith("daily run"))
    without = next(v for k, v in phases(skip=("extras", "floor", "pandas"), lean=True).items()
                   if k.startswith("daily run"))
    assert with_floor - without == LEADS * PER["raw_day"]


def test_precheck_refuses_and_names_the_phase(tmp_path, monkeypatch):
    monkeypatch.setitem(bench.ALL_TIERS, "XS", 10**12)  # a world no disk holds
    with pytest.raises(SystemExit, match="full build|daily run"):
        bench.disk_precheck("XS", tmp_path / "XS", force=False)
    bench.disk_precheck("XS", tmp_path / "XS", force=True)  # --force-disk starts anyway


def _ctx(steps: dict, skip=()) -> dict:
    step = {"wall": 100.0, "rss": 2**30, "code": 0, "oom": False}
    return {
        "machine": {"commit": "abc1234", "cores": 2, "cpu": "test", "memory": 2**34, "system": "test",
                    "python": "3.11", "versions": {}},
        "started": "2026-12-03 12:00", "rows": {"leads": 5, "activities": 50, "activities_added": 1},
        "load_start": "0 / 0 / 0", "load_end": "0 / 0 / 0", "pandas_limit": 2**33,
        "steps": {"parse": dict(step), **{name: {**step, **extra} for name, extra in steps.items()}},
        "skip": tuple(skip), "lean_disk": True, "build_kinds": {"model": 90.0}, "incr_kinds": {},
        "build_elapsed": 95.0, "problems": [], "agreement": ["not checked"], "slowest": [], "areas": {},
        "slowest_daily_models": [], "slowest_incr": [], "build_times": {},
        "targets": [("the full build completes", True)],
        "failed_nodes": [{"id": "model.lead_funnel.fct_x", "status": "error", "time": 3.0}] if steps.get("build", {}).get("code") else [],
    }


def test_report_without_floor_and_daily(tmp_path):
    report = bench.write_report(tmp_path / "L.md", "L", _ctx({"build": {}}, skip=("floor", "daily", "weekly")))
    assert "| floor: hand-written DuckDB SQL (bench/floor.sql) | not run |" in report
    assert "| daily run (+1 day) | not run |" in report
    assert "`--skip floor`" in report and "lean disk" in report
    assert "slowest models of the daily run" not in report
    assert "## Analysis" in (tmp_path / "L.md").read_text()


def test_report_of_a_failed_build_names_the_node(tmp_path):
    report = bench.write_report(tmp_path / "L.md", "L", _ctx({"build": {"code": 2}}, skip=("floor", "daily")))
    assert "**failed**, exit 2" in report
    assert "| model.lead_funnel.fct_x | error |" in report


def test_diskwatch_series_every_tenth_sample(tmp_path):
    db, spill = tmp_path / "w.duckdb", tmp_path / "duckdb_tmp"
    spill.mkdir()
    db.write_bytes(b"x" * 1000)
    (spill / "t.block").write_bytes(b"y" * 500)
    watch = bench.DiskWatch(db, spill, series=tmp_path / "build.disk.tsv")
    for _ in range(11):
        watch.sample()
    rows = [line.split("\t") for line in (tmp_path / "build.disk.tsv").read_text().splitlines()]
    assert len(rows) == 2 and rows[0][1:3] == ["1000", "500"]
    assert watch.result()["peak_sum"] == 1500


def test_report_with_daily_and_weekly_runs(tmp_path):
    ctx = _ctx({"build": {}, "floor": {"wall": 10.0}, "incremental": {"wall": 20.0}, "weekly": {"wall": 50.0}})
    ctx["incr_kinds"], ctx["weekly_kinds"] = {"model": 15.0, "test": 2.0}, {"model": 30.0}
    report = bench.write_report(tmp_path / "S.md", "S", ctx)
    assert "| 20.0 s | 1.00 GB | daily / full = **20%** |" in report
    assert "weekly / full = **50%** |" in report
    assert "| ... of which models / data tests / unit tests / seeds (node time) | 15.0 / 2.0 / 0.0 / 0.0 s | | |" in report
    assert "build / floor = **10.0×**" in report


# --- a full build in parts (--resume: tier L outlasts a session) --------------------------------

E = "\x1b[0m"  # dbt colours its log lines
CUT_LOG = f"""{E}14:00:00  Running with dbt=1.12.0
{E}14:00:01  1 of 2 OK hook: lead_funnel.on-run-start.0 ..... [{E}OK{E} in 0.24s]
{E}14:00:02  1 of 7 OK loaded seed file seeds.scoring_segments ..... [{E}INSERT 4{E} in 0.07s]
{E}14:00:02  2 of 7 START sql incremental model staging.base_raw__activities ..... [RUN]
{E}14:16:14  2 of 7 OK created sql incremental model staging.base_raw__activities ..... [{E}OK{E} in 972.00s]
{E}14:16:15  3 of 7 PASS unique_base_raw__activities_activity_id ..... [{E}PASS{E} in 1.50s]
{E}14:16:16  4 of 7 PASS dim_leads::dim_leads__scores_a_lead ..... [{E}PASS{E} in 0.90s]
{E}14:16:17  5 of 7 WARN 3 row_rules_dim_leads_lead_id ..... [{E}WARN 3{E} in 2.00s]
{E}14:16:18  6 of 7 START sql table model marts.dim_leads ..... [RUN]
"""


def _manifest(tmp_path) -> Path:
    import json

    nodes = {
        "seed.lead_funnel.scoring_segments": {"resource_type": "seed", "name": "scoring_segments", "config": {}},
        "model.lead_funnel.base_raw__activities": {"resource_type": "model", "name": "base_raw__activities", "config": {}},
        "model.lead_funnel.dim_leads": {"resource_type": "model", "name": "dim_leads", "config": {}},
        "test.lead_funnel.unique_base_raw__activities_activity_id.1a": {
            "resource_type": "test", "name": "unique_base_raw__activities_activity_id", "config": {}},
        "test.lead_funnel.row_rules_dim_leads_lead_id.2b": {
            "resource_type": "test", "name": "row_rules_dim_leads_lead_id", "config": {}},
        "test.lead_funnel.not_null_fct_x_id.3c": {"resource_type": "test", "name": "not_null_fct_x_id", "config": {}},
        "test.lead_funnel.unique_stg_hubspot__contact_id.4d": {  # a disabled connector's test
            "resource_type": "test", "name": "unique_stg_hubspot__contact_id", "config": {"enabled": False}},
        "analysis.lead_funnel.a": {"resource_type": "analysis", "name": "a", "config": {}},
    }
    unit_tests = {"unit_test.lead_funnel.dim_leads.dim_leads__scores_a_lead":
                  {"model": "dim_leads", "name": "dim_leads__scores_a_lead"}}
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps({"nodes": nodes, "unit_tests": unit_tests}))
    return path


def test_resume_reads_the_finished_nodes_of_a_cut_log(tmp_path):
    manifest = _manifest(tmp_path)
    (tmp_path / "build.log").write_text(CUT_LOG)
    (tmp_path / "build.disk.tsv").write_text("14:00:10\t100\t50\t900\n14:00:20\t300\t400\t500\n")
    part = bench.cut_part(tmp_path / "build.log", manifest)
    assert [(n["id"], n["status"], n["time"]) for n in part["nodes"]] == [
        ("seed.lead_funnel.scoring_segments", "success", 0.07),
        ("model.lead_funnel.base_raw__activities", "success", 972.0),
        ("test.lead_funnel.unique_base_raw__activities_activity_id.1a", "pass", 1.5),
        ("unit_test.lead_funnel.dim_leads.dim_leads__scores_a_lead", "pass", 0.9),
        ("test.lead_funnel.row_rules_dim_leads_lead_id.2b", "warn", 2.0),
    ]
    # up to the last finished node (14:16:17), not the node the session's end cut
    assert part["wall"] == 16 * 60 + 17
    assert part["rss"] == 0  # no trampoline report: not measured
    assert part["disk"] == {"peak_file": 300, "peak_spill": 400, "peak_sum": 700, "min_free": 500}
    # the cut node and the tests not yet run are left; not the disabled test, not the analysis
    left = bench.nodes_left(manifest, {n["id"] for n in part["nodes"]})
    assert sorted(left) == ["dim_leads", "not_null_fct_x_id"]


def test_resume_stops_on_a_node_the_manifest_does_not_know(tmp_path):
    manifest = _manifest(tmp_path)
    (tmp_path / "build.log").write_text(CUT_LOG.replace("scoring_segments", "renamed_seed"))
    with pytest.raises(SystemExit, match="renamed_seed"):
        bench.finished_nodes(tmp_path / "build.log", manifest)


def test_resume_merges_the_parts_into_one_build(tmp_path):
    import json

    manifest = _manifest(tmp_path)
    (tmp_path / "build.log").write_text(CUT_LOG)
    (tmp_path / "build.disk.tsv").write_text("14:00:10\t100\t50\t900\n14:00:20\t300\t400\t500\n")
    cut = bench.cut_part(tmp_path / "build.log", manifest)
    last_results = tmp_path / "run_results.json"
    last_results.write_text(json.dumps({"elapsed_time": 50.0, "results": [
        {"unique_id": "model.lead_funnel.dim_leads", "execution_time": 40.0, "status": "success"},
        {"unique_id": "test.lead_funnel.not_null_fct_x_id.3c", "execution_time": 5.0, "status": "pass"}]}))
    last = {"wall": 60.0, "rss": 3 * 2**30, "code": 0, "oom": False,
            "disk": {"peak_file": 350, "peak_spill": 100, "peak_sum": 450, "min_free": 700}}
    build = bench.merge_parts([cut], last, last_results, tmp_path / "run_results_build.json")
    assert build["wall"] == cut["wall"] + 60.0 and build["rss"] == 3 * 2**30 and build["code"] == 0
    assert build["disk"] == {"peak_file": 350, "peak_spill": 400, "peak_sum": 700, "min_free": 500}
    merged = json.loads((tmp_path / "run_results_build.json").read_text())
    assert merged["elapsed_time"] == cut["wall"] + 50.0
    assert len(merged["results"]) == 7 and len({r["unique_id"] for r in merged["results"]}) == 7
    assert [p["nodes"] for p in build["parts"]] == [5, 2]
    ctx = _ctx({"build": build}, skip=("floor", "daily"))
    report = bench.write_report(tmp_path / "L.md", "L", ctx)
    assert "The full build ran in 2 parts" in report
    assert "build: 5 nodes in 977.0 s, peak RSS not measured" in report
    assert "the last part: 2 nodes in 60.0 s, peak RSS 3.00 GB" in report
