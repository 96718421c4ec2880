"""The connector rows of `make bench` (bench.connector_steps) on their own, on prepared data.

    .venv/bin/python -m devtools.bench_connectors --data DATA_DIR --work target/bench_conn \
        [--project DIR] [salesforce hubspot marketo_salesforce]

`--data` holds the prepared folders of a tier (bench.py writes them: `<shape>0` and
`contract_expressible_<shape>0`); they are linked, never written, into `--work`, where each build
gets its folder, DuckDB file and target. Per shape: wall time of the connector build and of its
contract reference (run one after the other, as `make bench` does), their ratio against
TARGETS['connector_over_contract'], the sum of node times from each run_results.json (robust to
the load of a shared machine) and the load average. `--project` benchmarks another checkout of
the project (e.g. `git archive main` unpacked) with the same data, for a before/after.
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import sys
from pathlib import Path

DEFAULT_PROJECT = Path(__file__).resolve().parent.parent


def load_bench(project: Path):
    spec = importlib.util.spec_from_file_location("bench_under_test", project / "bench" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(project))
    spec.loader.exec_module(module)
    return module


def node_times(folder: Path) -> dict:
    """Sum of node execution times of one build and the slowest nodes."""
    results = json.loads((folder / "target" / "run_results.json").read_text())["results"]
    slowest = sorted(results, key=lambda r: -r["execution_time"])[:8]
    return {"node_seconds": sum(r["execution_time"] for r in results), "nodes": len(results),
            "failed": [r["unique_id"] for r in results if r["status"] in ("error", "fail")],
            "slowest": [(round(r["execution_time"], 1), r["unique_id"]) for r in slowest]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="folder of the prepared shapes")
    parser.add_argument("--work", type=Path, required=True, help="where the builds go")
    parser.add_argument("--project", type=Path, default=DEFAULT_PROJECT)
    parser.add_argument("shapes", nargs="*")
    args = parser.parse_args(argv)
    bench = load_bench(args.project.resolve())
    shapes = tuple(args.shapes) or bench.CONNECTOR_SHAPES
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    for shape in shapes:
        for name in (f"{shape}0", f"contract_expressible_{shape}0"):
            link, target = work / name, args.data.resolve() / name
            if not target.exists():
                parser.error(f"{target} is missing: prepare the tier with bench.py first")
            if not link.exists():
                os.symlink(target, link)

    def step(name, cmd, **kw):
        print(f"[{dt.datetime.now(dt.timezone.utc):%H:%M:%S}] {name} (load {bench.load_average()}) ...", flush=True)
        result = bench.run_measured(cmd, log=work / f"{name}.log", **kw)
        print(f"    {result['wall']:.1f} s, peak RSS {bench.gb(result['rss'])}, exit {result['code']}", flush=True)
        return result

    out = bench.connector_steps(step, work, work / "day0", bench.AS_OF_DAY0, shapes)
    summary = {"load_at_end": bench.load_average(), "shapes": {}}
    for shape in shapes:
        con, ref = out[f"{shape}_build"], out[f"contract_expressible_{shape}_build"]
        con_nodes, ref_nodes = node_times(work / f"{shape}_build"), node_times(work / f"contract_expressible_{shape}_build")
        row = {"wall": con["wall"], "reference_wall": ref["wall"], "wall_ratio": con["wall"] / ref["wall"],
               "node_seconds": con_nodes["node_seconds"], "reference_node_seconds": ref_nodes["node_seconds"],
               "node_ratio": con_nodes["node_seconds"] / ref_nodes["node_seconds"],
               "exit": [con["code"], ref["code"]], "connector": con_nodes, "reference": ref_nodes}
        summary["shapes"][shape] = row
        target = bench.TARGETS["connector_over_contract"]
        print(f"{shape}: wall {row['wall']:.1f} s vs {row['reference_wall']:.1f} s = {row['wall_ratio']:.2f}x; "
              f"node time {row['node_seconds']:.1f} s vs {row['reference_node_seconds']:.1f} s = "
              f"{row['node_ratio']:.2f}x (target <= {target:.2f}x; exit {con['code']}/{ref['code']})", flush=True)
        for label, nodes in (("connector", con_nodes), ("reference", ref_nodes)):
            print(f"  {label} {nodes['nodes']} nodes, failed {nodes['failed'] or 'none'}; slowest {nodes['slowest']}")
    print("load at end", summary["load_at_end"])
    (work / f"summary_{'_'.join(shapes)}.json").write_text(json.dumps(summary, indent=1))
    return 0 if all(r["exit"] == [0, 0] for r in summary["shapes"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
