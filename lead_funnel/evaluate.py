"""Scoring quality on any built warehouse: ``lead-funnel evaluate`` / ``make evaluate`` (docs/ml.md).

Reads ``marts.rpt_scoring_model_evaluation`` and ``marts.ml_lead_training_set`` of a built
warehouse and prints, per outcome (won, SQL), on the training leads (every lead whose outcome
horizon has elapsed: MQLs, sales-sourced and never-MQL leads), for the cross-validation and the
time split (train on the earlier cohorts, test on the latest):

* how many leads and positive leads each number covers;
* AUC, Brier score, expected calibration error, mean predicted vs observed rate and top-decile
  lift of the rule model (its score Platt-scaled) and of the calibrated model, on the same leads;
* an independent baseline: a plain scikit-learn LogisticRegression fitted here on the raw columns
  the calibration reads (one-hot attributes, title words, activity counts, recency), same leads;
* the oracle (planted propensity: the ceiling any score can reach) only when the raw path holds
  the generator's truth file ``_truth/lead_propensity.parquet``, and next to it (when the truth
  file has it) the AUC of the planted propensity without its per-lead noise term - what the lead's
  attributes alone say; it is not a ceiling: behaviour (activities, the MQL) reveals part of the
  noise, so a model can beat it (docs/ml.md);
* how far the observed rate is from the calibrated mean prediction in binomial standard errors
  (|z| <= 2: the difference is what chance makes of that many leads).

    lead-funnel evaluate --database warehouse.duckdb [--raw-path data/raw]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb
import numpy as np
import pyarrow.parquet as pq
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from threadpoolctl import threadpool_limits

from lead_funnel import settings
from lead_funnel.calibration import CROSS_VALIDATION, OUTCOMES, TIME_SPLIT, lift_table

TRUTH_FILE = Path("_truth") / "lead_propensity.parquet"
# truth column: the planted propensity without its per-lead noise term (generator.leads)
NOISE_FREE = "propensity_without_noise"
SPLITS = (CROSS_VALIDATION, TIME_SPLIT)
MODELS = ("rule", "calibrated")
BASELINE_CATEGORIES = ["lead_source", "country", "seniority", "persona", "email_type", "industry", "segment", "path"]


class EvaluationError(RuntimeError):
    """The inputs needed for the evaluation are missing."""


def _read(database: str) -> dict[str, pd.DataFrame]:
    if not Path(database).exists():
        raise EvaluationError(f"no DuckDB warehouse at {database}: run `make run` (or dbt build) first")
    con = duckdb.connect(database, read_only=True)
    out = {}
    try:
        try:
            out["training"] = con.execute(
                "select * from marts.ml_lead_training_set where is_training_eligible order by lead_id").df()
            out["evaluation"] = con.execute(
                "select * from marts.rpt_scoring_model_evaluation where decile = 1 or decile is null").df()
        except duckdb.Error as exc:
            raise EvaluationError(
                f"{database} has no calibration marts ({exc.__class__.__name__}): build them with dbt "
                "(var python_models_enabled true)"
            ) from exc
        try:  # the baseline's raw columns (absent from a hand-made warehouse: no baseline then)
            out["snapshots"] = con.execute(
                "select * from intermediate.int_ml_lead_snapshots where feature_snapshot = 'training'").df()
            out["activities"] = con.execute(
                "select * from intermediate.int_ml_lead_activity_features where feature_snapshot = 'training'").df()
        except duckdb.Error:
            pass
    finally:
        con.close()
    return out


def baseline_design(training: pd.DataFrame, snapshots: pd.DataFrame, activities: pd.DataFrame) -> pd.DataFrame:
    """One row per training lead: the raw columns a data scientist would hand to a plain model."""
    frame = training[["lead_id", "cutoff_at"]].merge(
        snapshots.drop(columns=["path"], errors="ignore"), on="lead_id", how="left")
    frame["path"] = training["path"].to_numpy() if "path" in training else "unknown"
    for col in BASELINE_CATEGORIES:
        frame[col] = frame[col].astype(object).where(frame[col].notna(), "unknown").astype(str)
    frame["job_title"] = frame["job_title"].fillna("").astype(str)
    frame["log_employee_count"] = np.log1p(pd.to_numeric(frame["employee_count"], errors="coerce").fillna(0))
    frame["meets_mql_criteria"] = frame["meets_mql_criteria"].fillna(False).astype(float)
    wide = activities.pivot_table(index="lead_id", columns="activity_type",
                                  values=["window_count", "lifetime_count"], aggfunc="sum", fill_value=0)
    wide.columns = [f"{kind}_{activity}" for kind, activity in wide.columns]
    last = activities.groupby("lead_id")["last_occurred_at"].max()
    frame = frame.join(np.log1p(wide), on="lead_id")
    days = (pd.to_datetime(frame["snapshot_at"]) - pd.to_datetime(frame["lead_id"].map(last))).dt.total_seconds()
    frame["log_days_since_last_activity"] = np.log1p((days / 86_400).clip(lower=0)).fillna(np.log1p(3650))
    return frame.fillna({c: 0 for c in wide.columns})


def baseline_probabilities(X: pd.DataFrame, y: np.ndarray, train: np.ndarray | None, random_state: int,
                           folds: int = 5) -> np.ndarray:
    """Plain LogisticRegression (one-hot categories, title words, scaled numbers; default C):
    out-of-fold probabilities (``train`` None) or fitted on ``train`` and applied to the rest."""
    numeric = [c for c in X.columns if c.startswith(("window_count_", "lifetime_count_"))] + [
        "log_employee_count", "meets_mql_criteria", "log_days_since_last_activity"]
    columns = ColumnTransformer([
        ("categories", OneHotEncoder(handle_unknown="ignore", min_frequency=10), BASELINE_CATEGORIES),
        ("title_words", CountVectorizer(binary=True, min_df=10), "job_title"),
        ("numbers", StandardScaler(), numeric),
    ])
    model = make_pipeline(columns, LogisticRegression(max_iter=5000))
    with threadpool_limits(limits=1):
        if train is None:
            cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=random_state)
            return cross_val_predict(model, X, y, cv=cv, method="predict_proba")[:, 1]
        return model.fit(X[train], y[train]).predict_proba(X[~train])[:, 1]


def rate_z(observed: float, predicted: float, leads: int) -> float:
    """(observed - predicted rate) in binomial standard errors of `leads` draws at the predicted
    rate (an upper bound of the spread of a sum of per-lead probabilities with that mean, so the
    |z| is if anything understated): |z| <= 2 is a difference chance makes."""
    if not leads or not 0 < predicted < 1 or np.isnan(observed):
        return float("nan")
    return float((observed - predicted) / np.sqrt(predicted * (1 - predicted) / leads))


def _auc(y, score) -> float:
    y = np.asarray(y)
    return float(roc_auc_score(y, score)) if len(y) and 0 < y.sum() < len(y) else float("nan")


def _time_test_mask(training: pd.DataFrame, n_test: int) -> np.ndarray:
    """The time split's test leads: the last n_test by (cutoff_at, lead_id), as the calibration."""
    order = np.lexsort((training["lead_id"].astype(str).to_numpy(), pd.to_datetime(training["cutoff_at"]).to_numpy()))
    test = np.zeros(len(training), bool)
    if n_test:
        test[order[len(training) - n_test:]] = True
    return test


def evaluate(raw_path: str | None, database: str, baseline: bool = True, random_state: int = 42) -> dict:
    """The quality table as a dict: {"training_leads", "paths", "has_truth", "truth_matched",
    "horizon_days", "outcomes": {outcome: {split: {metric: value}}}, "notes": [...]}."""
    marts = _read(database)
    training, evaluation = marts["training"], marts["evaluation"]
    truth_path = Path(raw_path) / TRUTH_FILE if raw_path else None
    has_truth = bool(truth_path and truth_path.exists())
    if has_truth:
        columns = [c for c in ("lead_id", "propensity", NOISE_FREE) if c in pq.read_schema(truth_path).names]
        truth = pd.read_parquet(truth_path, columns=columns)
        training = training.merge(truth, on="lead_id", how="left")
    horizon = (training["outcome_horizon_ends_at"] - training["cutoff_at"]).dt.days
    result = {
        "training_leads": int(len(training)),
        "paths": (training["path"].value_counts().to_dict() if "path" in training else {}),
        "has_truth": has_truth,
        "truth_matched": int(training["propensity"].notna().sum()) if has_truth else 0,
        "horizon_days": int(horizon.iloc[0]) if len(horizon) else None,
        "outcomes": {},
        "notes": [],
    }
    if has_truth and len(training) and training["propensity"].isna().any():
        result["notes"].append(f"{int(training['propensity'].isna().sum()):,} training leads have no planted truth "
                               "(not from this generator run?): the oracle uses the others")
    if not has_truth:
        result["notes"].append("no planted truth (generator's _truth/lead_propensity.parquet) under the raw path: "
                               "no oracle row")
    design = None
    if baseline and "snapshots" in marts and len(training):
        design = baseline_design(training, marts["snapshots"], marts["activities"])
    elif baseline:
        result["notes"].append("no int_ml_lead_snapshots / int_ml_lead_activity_features: no plain-model baseline")
    split_col = evaluation["evaluation_split"] if "evaluation_split" in evaluation else CROSS_VALIDATION
    for outcome, label in OUTCOMES.items():
        y = training[label].fillna(False).astype(bool).to_numpy(int)
        per_split = {}
        for split in SPLITS:
            rows = evaluation[(evaluation["outcome"] == outcome) & (split_col == split)]
            metrics: dict = {}
            calibrated = rows[rows["model"] == "calibrated"]
            evaluated = len(calibrated) and bool(calibrated["is_evaluated"].iloc[0])
            n_eval = int(calibrated["evaluated_leads"].iloc[0]) if evaluated else 0
            mask = (np.ones(len(training), bool) if split == CROSS_VALIDATION
                    else _time_test_mask(training, n_eval))
            metrics["leads"] = int(mask.sum()) if evaluated else 0
            metrics["positive_leads"] = int(y[mask].sum()) if evaluated else 0
            if evaluated:
                metrics["training_leads"] = int(calibrated["training_leads"].iloc[0])
            for model in MODELS:
                row = rows[rows["model"] == model]
                ok = len(row) and bool(row["is_evaluated"].iloc[0])
                for key in ("auc", "brier_score", "expected_calibration_error", "mean_predicted_rate",
                            "observed_rate", "top_decile_lift"):
                    metrics[f"{model}_{key}"] = float(row[key].iloc[0]) if ok else float("nan")
                if not ok:
                    why = row["reason"].iloc[0] if len(row) else "no rows in rpt_scoring_model_evaluation"
                    result["notes"].append(f"{model} {outcome} model, {split}: not evaluated: {why}")
            if evaluated and has_truth:
                matched = mask & training["propensity"].notna().to_numpy()
                metrics["oracle_auc"] = _auc(y[matched], training["propensity"].to_numpy(float)[matched])
                lifts = lift_table(y[matched], training["propensity"].to_numpy(float)[matched],
                                   training["lead_id"][matched])
                metrics["oracle_top_decile_lift"] = float(lifts.loc[lifts["decile"] == 1, "lift"].iloc[0])
                if NOISE_FREE in training:
                    metrics["oracle_noise_free_auc"] = _auc(y[matched], training[NOISE_FREE].to_numpy(float)[matched])
            if evaluated:
                metrics["calibrated_rate_z"] = rate_z(metrics["calibrated_observed_rate"],
                                                      metrics["calibrated_mean_predicted_rate"], metrics["leads"])
            if evaluated and design is not None:
                p = baseline_probabilities(design, y, None if split == CROSS_VALIDATION else ~mask, random_state)
                metrics["baseline_auc"] = _auc(y[mask], p)
            per_split[split] = metrics
        result["outcomes"][outcome] = per_split
    return result


ROWS = (
    ("leads", "leads evaluated", "{:,.0f}"),
    ("positive_leads", "positive leads (outcome within the horizon)", "{:,.0f}"),
    ("training_leads", "leads the models were fitted on", "{:,.0f}"),
    ("oracle_auc", "oracle AUC (planted propensity: the ceiling)", "{:.3f}"),
    ("oracle_noise_free_auc", "planted propensity without its noise term AUC", "{:.3f}"),
    ("rule_auc", "rule model AUC (score at the cutoff)", "{:.3f}"),
    ("calibrated_auc", "calibrated model AUC", "{:.3f}"),
    ("baseline_auc", "plain LogisticRegression AUC (same columns)", "{:.3f}"),
    ("observed_rate", "observed rate", "{:.4f}"),
    ("rule_mean_predicted_rate", "rule model mean predicted", "{:.4f}"),
    ("calibrated_mean_predicted_rate", "calibrated model mean predicted", "{:.4f}"),
    ("calibrated_rate_z", "observed - predicted, binomial SEs (|z|<=2: chance)", "{:+.2f}"),
    ("rule_brier_score", "rule model Brier score", "{:.4f}"),
    ("calibrated_brier_score", "calibrated model Brier score", "{:.4f}"),
    ("rule_expected_calibration_error", "rule model ECE (deciles)", "{:.4f}"),
    ("calibrated_expected_calibration_error", "calibrated model ECE (deciles)", "{:.4f}"),
    ("oracle_top_decile_lift", "oracle top-decile lift", "{:.2f}"),
    ("rule_top_decile_lift", "rule model top-decile lift", "{:.2f}"),
    ("calibrated_top_decile_lift", "calibrated model top-decile lift", "{:.2f}"),
)
SPLIT_TITLES = {CROSS_VALIDATION: "cross-validation (out of fold, all training leads)",
                TIME_SPLIT: "time split (fitted on the earlier cohorts, tested on the latest)"}


def _cell(metrics: dict, key: str, fmt: str) -> str:
    if key == "observed_rate":
        value = metrics.get("calibrated_observed_rate", metrics.get("rule_observed_rate", float("nan")))
    else:
        value = metrics.get(key, float("nan"))
    missing = value is None or (isinstance(value, float) and np.isnan(value))
    return "n/a" if missing else fmt.format(value)


def format_table(result: dict) -> str:
    """The quality table as text."""
    outcomes = list(result["outcomes"])
    width = max(len(label) for _, label, _ in ROWS) + 4
    horizon = f"{result['horizon_days']} days" if result["horizon_days"] is not None else "the horizon"
    paths = ", ".join(f"{n:,} {p}" for p, n in sorted(result["paths"].items()))
    lines = [
        f"Scoring quality on {result['training_leads']:,} training leads: every lead whose {horizon} outcome "
        f"horizon has elapsed ({paths or 'no path column'})",
    ]
    for split in SPLITS:
        lines += ["", SPLIT_TITLES[split], " " * width + "".join(f"{name:>10}" for name in outcomes)]
        for key, label, fmt in ROWS:
            if key.startswith("oracle") and not result["has_truth"]:
                continue
            cells = [f"{_cell(result['outcomes'][name][split], key, fmt):>10}" for name in outcomes]
            lines.append(f"  {label:<{width - 2}}" + "".join(cells))
    lines += [""] + [f"note: {note}" for note in result["notes"]]
    return "\n".join(lines).rstrip() + "\n"


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--raw-path", default="data/raw",
                        help="raw data set the warehouse was built from; its generator truth (_truth/), if any, "
                             "adds the oracle (default data/raw)")
    parser.add_argument("--database", default=settings.duckdb_path(),
                        help="DuckDB file built by dbt (default $DUCKDB_PATH or warehouse.duckdb)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the plain LogisticRegression baseline")
    return parser


def run(args: argparse.Namespace) -> int:
    try:
        result = evaluate(args.raw_path, args.database, baseline=not getattr(args, "no_baseline", False))
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
