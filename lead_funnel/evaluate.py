"""Scoring quality against the generator's planted truth: ``lead-funnel evaluate`` / ``make evaluate``.

Joins ``<raw-path>/_truth/lead_propensity.parquet`` (written by ``lead_funnel.generate``) to a
built warehouse and prints, per outcome (won, SQL), on the eligible training leads of
``marts.ml_lead_training_set``:

* the oracle AUC and top-decile lift: the planted propensity against the actual outcome, the
  ceiling any score can reach on these leads (outcomes are random draws from it);
* the current rule model's AUC and top-decile lift (``rule_score_at_cutoff``);
* the calibrated model's cross-validated AUC and top-decile lift (``rpt_scoring_model_evaluation``).

    lead-funnel evaluate --raw-path data/raw --database warehouse.duckdb
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from lead_funnel import settings
from lead_funnel.calibration import OUTCOMES, lift_table

TRUTH_FILE = Path("_truth") / "lead_propensity.parquet"


class EvaluationError(RuntimeError):
    """The inputs needed for the evaluation are missing."""


def _read_marts(database: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    if not Path(database).exists():
        raise EvaluationError(f"no DuckDB warehouse at {database}: run `make run` (or dbt build) first")
    con = duckdb.connect(database, read_only=True)
    try:
        try:
            training = con.execute(
                "select lead_id, cutoff_at, outcome_horizon_ends_at, has_won, has_reached_sql, rule_score_at_cutoff "
                "from marts.ml_lead_training_set where is_training_eligible"
            ).df()
            evaluation = con.execute(
                "select outcome, model, decile, auc, top_decile_lift, training_leads, is_evaluated, reason "
                "from marts.rpt_scoring_model_evaluation"
            ).df()
        except duckdb.Error as exc:
            raise EvaluationError(
                f"{database} has no calibration marts ({exc.__class__.__name__}): build them with dbt "
                "(var python_models_enabled true)"
            ) from exc
    finally:
        con.close()
    return training, evaluation


def evaluate(raw_path: str, database: str) -> dict:
    """The quality table as a dict: {"training_leads", "truth_matched", "horizon_days", "outcomes":
    {outcome: {metric: value}}, "notes": [...]}."""
    truth_path = Path(raw_path) / TRUTH_FILE
    if not truth_path.exists():
        raise EvaluationError(f"no planted truth at {truth_path}: evaluate needs a data set made by "
                              "lead_funnel.generate (`make data`)")
    training, evaluation = _read_marts(database)
    truth = pd.read_parquet(truth_path, columns=["lead_id", "propensity"])
    rows = training.merge(truth, on="lead_id", how="left")
    matched = rows["propensity"].notna()
    horizon = (rows["outcome_horizon_ends_at"] - rows["cutoff_at"]).dt.days
    result = {
        "training_leads": int(len(rows)),
        "truth_matched": int(matched.sum()),
        "horizon_days": int(horizon.iloc[0]) if len(horizon) else None,
        "outcomes": {},
        "notes": [],
    }
    if len(rows) and not matched.all():
        result["notes"].append(f"{int((~matched).sum()):,} training leads have no planted truth "
                               "(not from this generator run?): the oracle uses the others")
    for outcome, label in OUTCOMES.items():
        y = rows[label].fillna(False).astype(bool).to_numpy()
        metrics = {"positive_leads": int(y.sum())}
        for model, score, mask in (("oracle", rows["propensity"].to_numpy(dtype=float), matched.to_numpy()),
                                   ("rule", rows["rule_score_at_cutoff"].to_numpy(dtype=float), None)):
            ys, ss, ids = (y, score, rows["lead_id"]) if mask is None else (y[mask], score[mask], rows["lead_id"][mask])
            if len(ys) and 0 < ys.sum() < len(ys):
                metrics[f"{model}_auc"] = float(roc_auc_score(ys, ss))
                lifts = lift_table(ys, ss, ids)
                metrics[f"{model}_top_decile_lift"] = float(lifts.loc[lifts["decile"] == 1, "lift"].iloc[0])
            else:
                metrics[f"{model}_auc"] = metrics[f"{model}_top_decile_lift"] = float("nan")
        calibrated = evaluation[(evaluation["outcome"] == outcome) & (evaluation["model"] == "calibrated")]
        if len(calibrated) and bool(calibrated["is_evaluated"].iloc[0]):
            metrics["calibrated_auc"] = float(calibrated["auc"].iloc[0])
            metrics["calibrated_top_decile_lift"] = float(calibrated["top_decile_lift"].iloc[0])
        else:
            metrics["calibrated_auc"] = metrics["calibrated_top_decile_lift"] = float("nan")
            why = calibrated["reason"].iloc[0] if len(calibrated) else "no rows in rpt_scoring_model_evaluation"
            result["notes"].append(f"calibrated {outcome} model not evaluated: {why}")
        result["outcomes"][outcome] = metrics
    return result


ROWS = (
    ("positive_leads", "positive leads (outcome within the horizon)", "{:,.0f}"),
    ("oracle_auc", "oracle AUC (planted propensity: the ceiling)", "{:.3f}"),
    ("oracle_top_decile_lift", "oracle top-decile lift", "{:.2f}"),
    ("rule_auc", "rule model AUC (score at the cutoff)", "{:.3f}"),
    ("rule_top_decile_lift", "rule model top-decile lift", "{:.2f}"),
    ("calibrated_auc", "calibrated model AUC (cross-validated)", "{:.3f}"),
    ("calibrated_top_decile_lift", "calibrated model top-decile lift", "{:.2f}"),
)


def format_table(result: dict) -> str:
    """The quality table as text."""
    outcomes = list(result["outcomes"])
    width = max(len(label) for _, label, _ in ROWS) + 2
    horizon = f"{result['horizon_days']} days" if result["horizon_days"] is not None else "the horizon"
    lines = [
        f"Scoring quality on {result['training_leads']:,} training leads "
        f"(features frozen at the first MQL or created_at + N days; outcomes within {horizon})",
        "",
        " " * width + "".join(f"{name:>10}" for name in outcomes),
    ]
    for key, label, fmt in ROWS:
        cells = []
        for name in outcomes:
            value = result["outcomes"][name].get(key, float("nan"))
            cells.append(f"{'n/a' if value is None or (isinstance(value, float) and np.isnan(value)) else fmt.format(value):>10}")
        lines.append(f"{label:<{width}}" + "".join(cells))
    lines += [""] + [f"note: {note}" for note in result["notes"]]
    return "\n".join(lines).rstrip() + "\n"


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--raw-path", default="data/raw",
                        help="the generated raw data set (with _truth/) the warehouse was built from (default data/raw)")
    parser.add_argument("--database", default=settings.duckdb_path(),
                        help="DuckDB file built by dbt (default $DUCKDB_PATH or warehouse.duckdb)")
    return parser


def run(args: argparse.Namespace) -> int:
    try:
        result = evaluate(args.raw_path, args.database)
    except EvaluationError as exc:
        print(f"evaluate: {exc}", file=sys.stderr)
        return 1
    print(format_table(result), end="")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lead_funnel.evaluate", description=__doc__.split("\n")[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
