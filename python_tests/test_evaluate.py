"""`lead-funnel evaluate` (lead_funnel/evaluate.py) on a tiny hand-made warehouse, with and without
the generator's truth file: it runs on any data; the oracle appears only with the truth."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from lead_funnel import cli
from lead_funnel.evaluate import EvaluationError, evaluate, format_table

N = 400


def _evaluation_rows(n: int) -> pd.DataFrame:
    rows = []
    for outcome in ("won", "sql"):
        for split, leads, train in (("cross_validation", n, n), ("time_split", 100, n - 100)):
            for model, auc in (("rule", 0.7), ("calibrated", 0.8)):
                evaluated = not (outcome == "sql" and model == "calibrated" and split == "time_split")
                rows.append({
                    "outcome": outcome, "model": model, "evaluation_split": split, "decile": 1 if evaluated else None,
                    "auc": auc if evaluated else None, "top_decile_lift": 2.5 if evaluated else None,
                    "brier_score": 0.1, "expected_calibration_error": 0.02 if model == "calibrated" else 0.05,
                    "mean_predicted_rate": 0.21, "observed_rate": 0.2, "evaluated_leads": leads if evaluated else 0,
                    "evaluated_positive_leads": 20, "training_leads": train, "training_positive_leads": 40,
                    "is_evaluated": evaluated,
                    "reason": "ok" if evaluated else "time split: the latest 100 leads are all of one class",
                })
    return pd.DataFrame(rows)


@pytest.fixture()
def built(tmp_path):
    """A warehouse with the marts evaluate reads, the baseline's intermediate tables, and a raw
    path with a generator-style truth file."""
    rng = np.random.default_rng(0)
    propensity = rng.random(N)
    won = rng.random(N) < propensity * 0.5
    ids = [f"lead_{i:07d}" for i in range(N)]
    cutoff = pd.Timestamp("2026-01-01") + pd.to_timedelta(np.arange(N), unit="h")
    training = pd.DataFrame({
        "lead_id": ids, "cutoff_at": cutoff, "outcome_horizon_ends_at": cutoff + pd.Timedelta(days=180),
        "path": np.where(propensity > 0.5, "mql", "never_mql"), "is_training_eligible": True, "has_won": won,
        "has_reached_sql": won | (rng.random(N) < 0.2),
        "rule_score_at_cutoff": (propensity * 100 + rng.normal(0, 30, N)).round(),
    })
    snapshots = pd.DataFrame({
        "lead_id": ids, "feature_snapshot": "training", "snapshot_at": cutoff, "path": training["path"],
        "meets_mql_criteria": propensity > 0.5,
        "lead_source": np.where(propensity > 0.7, "referral", "paid_search"), "country": "us",
        "seniority": "vp", "persona": "marketing", "email_type": "corporate", "industry": None,
        "segment": "smb", "employee_count": 50, "job_title": np.where(propensity > 0.6, "VP Product", "Analyst"),
    })
    activities = pd.DataFrame({
        "lead_id": ids, "feature_snapshot": "training", "activity_type": "page_view", "is_hand_raiser": False,
        "window_count": rng.integers(1, 5, N), "lifetime_count": 5, "last_occurred_at": cutoff - pd.Timedelta(days=3),
    })
    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create schema marts")
    con.execute("create schema intermediate")
    for name, frame in (("marts.ml_lead_training_set", training),
                        ("marts.rpt_scoring_model_evaluation", _evaluation_rows(N)),
                        ("intermediate.int_ml_lead_snapshots", snapshots),
                        ("intermediate.int_ml_lead_activity_features", activities)):
        con.register("frame", frame)
        con.execute(f"create table {name} as select * from frame")
        con.unregister("frame")
    con.close()
    raw = tmp_path / "raw"
    (raw / "_truth").mkdir(parents=True)
    # the generator's truth: the propensity, and the same without its per-lead noise term
    without_noise = np.clip(propensity + rng.normal(0, 0.3, N), 0, 1)
    pd.DataFrame({"lead_id": ids[:-10], "propensity": propensity[:-10],
                  "propensity_without_noise": without_noise[:-10]}).to_parquet(
        raw / "_truth" / "lead_propensity.parquet")
    return raw, db


def test_evaluate_with_truth_prints_oracle_rule_calibrated_and_baseline(built, capsys):
    raw, db = built
    result = evaluate(str(raw), str(db))
    assert result["training_leads"] == N and result["truth_matched"] == N - 10 and result["horizon_days"] == 180
    assert result["has_truth"] and set(result["paths"]) == {"mql", "never_mql"}
    cv, split = result["outcomes"]["won"]["cross_validation"], result["outcomes"]["won"]["time_split"]
    assert cv["leads"] == N and split["leads"] == 100 and split["training_leads"] == N - 100
    assert cv["oracle_auc"] > 0.6  # the planted propensity drives the outcome here
    # next to the oracle, never instead of it: the propensity without its noise ranks worse here
    assert 0.5 < cv["oracle_noise_free_auc"] < cv["oracle_auc"]
    # observed 0.2 vs predicted 0.21 on 400 leads: half a standard error
    assert cv["calibrated_rate_z"] == pytest.approx((0.2 - 0.21) / np.sqrt(0.21 * 0.79 / N))
    assert cv["calibrated_auc"] == 0.8 and cv["calibrated_expected_calibration_error"] == 0.02
    assert cv["baseline_auc"] > 0.6  # the plain model, fitted here on the raw columns
    assert np.isnan(result["outcomes"]["sql"]["time_split"]["calibrated_auc"])
    assert any("no planted truth" in note for note in result["notes"])  # 10 leads without
    assert any("calibrated sql model, time_split: not evaluated" in note for note in result["notes"])

    assert cli.main(["evaluate", "--raw-path", str(raw), "--database", str(db)]) == 0
    table = capsys.readouterr().out
    for label in ("oracle AUC", "propensity without its noise term AUC", "binomial SEs", "rule model AUC",
                  "calibrated model AUC", "plain LogisticRegression AUC",
                  "calibrated model ECE", "calibrated model mean predicted", "observed rate", "time split",
                  "leads evaluated"):
        assert label in table
    assert table == format_table(result)


def test_evaluate_runs_without_the_generator_truth(built, tmp_path, capsys):
    _, db = built
    for raw_path in (str(tmp_path / "no_such_dir"), None):
        result = evaluate(raw_path, str(db), baseline=False)
        assert not result["has_truth"]
        assert "oracle_auc" not in result["outcomes"]["won"]["cross_validation"]
        assert result["outcomes"]["won"]["cross_validation"]["calibrated_auc"] == 0.8
    assert cli.main(["evaluate", "--raw-path", str(tmp_path / "no_such_dir"), "--database", str(db),
                     "--no-baseline"]) == 0
    table = capsys.readouterr().out
    assert "oracle" not in table.split("note:")[0] and "calibrated model AUC" in table


def test_evaluate_explains_missing_inputs(tmp_path, built, capsys):
    raw, _ = built
    with pytest.raises(EvaluationError, match="no DuckDB warehouse"):
        evaluate(str(raw), str(tmp_path / "missing.duckdb"))
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    assert cli.main(["evaluate", "--raw-path", str(raw), "--database", str(empty)]) == 1
    assert "no calibration marts" in capsys.readouterr().err


def test_truth_without_the_noise_free_column_still_gives_the_oracle(built):
    raw, db = built
    truth = raw / "_truth" / "lead_propensity.parquet"
    pd.read_parquet(truth, columns=["lead_id", "propensity"]).to_parquet(truth)  # an older generator's file
    cv = evaluate(str(raw), str(db), baseline=False)["outcomes"]["won"]["cross_validation"]
    assert cv["oracle_auc"] > 0.6 and "oracle_noise_free_auc" not in cv
