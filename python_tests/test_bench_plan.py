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
