"""Profile the daily run against the full build on one generated world (issue #18).

    python -m devtools.profile_daily --work target/profile20k [--leads 20000] [--skip-build]

Generates ``--leads`` leads (seed and end date of bench/bench.py) once, splits off the last day
(devtools.increments.split_last_day, as the bench does), runs the full ``dbt build`` of day 0 and
the daily selection of day 1 (``dbt build --selector daily``, tests on changed rows: what the
Dagster daily schedule runs) into its own DuckDB file and target paths under ``--work``, then
prints both node-time sums, the daily/full ratio, the model-node count of the daily selection,
the load average and the daily nodes ranked by execution_time (run_results.json; views are built
for free and charged to the models that read them). ``--skip-build`` re-runs only the daily
selection on a copy of the day-0 warehouse kept by the previous call, so a change can be profiled
without a new full build (the models it changes must still be compatible with that warehouse).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_DIR))

from bench.bench import (  # noqa: E402
    AS_OF_DAY0, AS_OF_DAY1, DAILY_ARGS, DAILY_VARS, END_DATE, SEED, dbt_env,
)


def run_dbt(args: list[str], work: Path, raw: Path, as_of: str, db: Path, target: str,
            extra_vars: dict | None = None) -> dict:
    dbt = str(Path(sys.executable).parent / "dbt")
    cmd = [dbt, *args, "--target-path", str(work / target), "--log-path", str(work / "logs"),
           "--vars", json.dumps({"raw_path": str(raw), "as_of": as_of, **(extra_vars or {})})]
    proc = subprocess.run(cmd, cwd=PROJECT_DIR, env=dbt_env(db), capture_output=True, text=True)
    (work / f"{target}.log").write_text(proc.stdout + proc.stderr)
    if proc.returncode != 0:
        print(proc.stdout[-4000:], file=sys.stderr)
        raise SystemExit(f"dbt {' '.join(args)} failed (rc {proc.returncode})")
    return json.loads((work / target / "run_results.json").read_text())


def summarize(results: dict) -> dict:
    kinds: dict[str, float] = {}
    nodes = []
    for row in results["results"]:
        kind = row["unique_id"].split(".")[0]
        kinds[kind] = kinds.get(kind, 0.0) + row["execution_time"]
        nodes.append((row["execution_time"], row["unique_id"]))
    return {"kinds": kinds, "total": sum(kinds.values()), "nodes": sorted(nodes, reverse=True),
            "models": sum(1 for _, uid in nodes if uid.startswith("model.")),
            "elapsed": results.get("elapsed_time", 0.0)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--leads", type=int, default=20_000)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--skip-build", action="store_true")
    args = parser.parse_args()
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    full_dir = work / "raw_full"
    if not (full_dir / "activities.parquet").exists():
        from lead_funnel.generate import generate
        generate(full_dir, leads=args.leads, seed=SEED, end_date=END_DATE.isoformat(), progress=False)
    from devtools.increments import split_last_day
    if not (work / "day1" / "activities.parquet").exists():
        split_last_day(full_dir, work / "day0", work / "day1", END_DATE, late_share=0.1, duplicates=True)
    db0, db = work / "day0.duckdb", work / "warehouse.duckdb"
    if not args.skip_build:
        db0.unlink(missing_ok=True)
        full = summarize(run_dbt(["build"], work, work / "day0", AS_OF_DAY0, db0, "target_full"))
        (work / "full_summary.json").write_text(json.dumps(full))
    full = json.loads((work / "full_summary.json").read_text())
    shutil.copyfile(db0, db)
    daily = summarize(run_dbt(DAILY_ARGS, work, work / "day1", AS_OF_DAY1, db, "target_daily",
                              DAILY_VARS))
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"full build node time {full['total']:.1f} s ({', '.join(f'{k} {v:.1f}' for k, v in full['kinds'].items())}); "
          f"{full['models']} model nodes; elapsed {full['elapsed']:.1f} s")
    print(f"daily run node time {daily['total']:.1f} s ({', '.join(f'{k} {v:.1f}' for k, v in daily['kinds'].items())}); "
          f"{daily['models']} model nodes; elapsed {daily['elapsed']:.1f} s")
    print(f"daily / full node time = {daily['total'] / full['total']:.1%}; "
          f"models only {daily['kinds'].get('model', 0) / full['kinds'].get('model', 1):.1%}")
    for seconds, uid in daily["nodes"][: args.top]:
        print(f"  {seconds:7.2f}  {uid}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
