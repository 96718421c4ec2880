"""`lead-funnel evaluate` (lead_funnel/evaluate.py) on a tiny hand-made warehouse and truth file."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from lead_funnel import cli
from lead_funnel.evaluate import EvaluationError, evaluate, format_table


@pytest.fixture()
def built(tmp_path):
    """A warehouse with the two marts evaluate reads and a generator-style truth file."""
    rng = np.random.default_rng(0)
    n = 400
    propensity = rng.random(n)
    won = rng.random(n) < propensity * 0.5
    training = pd.DataFrame({
        "lead_id": [f"lead_{i:07d}" for i in range(n)],
        "cutoff_at": pd.Timestamp("2026-01-01"),
        "outcome_horizon_ends_at": pd.Timestamp("2026-06-30"),
        "is_training_eligible": True,
        "has_won": won,
        "has_reached_sql": won | (rng.random(n) < 0.2),
        "rule_score_at_cutoff": (propensity * 100 + rng.normal(0, 30, n)).round(),
    })
    evaluation = pd.DataFrame({
        "outcome": ["won", "won", "sql", "sql"], "model": ["rule", "calibrated"] * 2, "decile": [1, 1, 1, None],
        "auc": [0.7, 0.8, 0.7, None], "top_decile_lift": [2.0, 2.5, 1.8, None], "training_leads": n,
        "is_evaluated": [True, True, True, False],
        "reason": ["rule", "cv", "rule", "only 3 of 400 training leads reached SQL"],
    })
    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create schema marts")
    con.register("t", training)
    con.execute("create table marts.ml_lead_training_set as select * from t")
    con.register("e", evaluation)
    con.execute("create table marts.rpt_scoring_model_evaluation as select * from e")
    con.close()
    raw = tmp_path / "raw"
    (raw / "_truth").mkdir(parents=True)
    pd.DataFrame({"lead_id": training["lead_id"][:-10], "propensity": propensity[:-10]}).to_parquet(
        raw / "_truth" / "lead_propensity.parquet")
    return raw, db


def test_evaluate_prints_oracle_rule_and_calibrated_rows(built, capsys):
    raw, db = built
    result = evaluate(str(raw), str(db))
    won = result["outcomes"]["won"]
    assert result["training_leads"] == 400 and result["truth_matched"] == 390 and result["horizon_days"] == 180
    assert won["oracle_auc"] > won["rule_auc"] > 0.5  # the planted propensity is the ceiling here
    assert won["calibrated_auc"] == 0.8 and won["calibrated_top_decile_lift"] == 2.5
    assert np.isnan(result["outcomes"]["sql"]["calibrated_auc"])
    assert any("no planted truth" in note for note in result["notes"])
    assert any("calibrated sql model not evaluated: only 3" in note for note in result["notes"])

    assert cli.main(["evaluate", "--raw-path", str(raw), "--database", str(db)]) == 0
    table = capsys.readouterr().out
    for label in ("oracle AUC", "rule model AUC", "rule model top-decile lift", "calibrated model AUC"):
        assert label in table
    assert "n/a" in table  # the sql calibrated model
    assert table == format_table(result)


def test_evaluate_explains_missing_inputs(tmp_path, built, capsys):
    raw, db = built
    with pytest.raises(EvaluationError, match="no planted truth"):
        evaluate(str(tmp_path / "nowhere"), str(db))
    with pytest.raises(EvaluationError, match="no DuckDB warehouse"):
        evaluate(str(raw), str(tmp_path / "missing.duckdb"))
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    assert cli.main(["evaluate", "--raw-path", str(raw), "--database", str(empty)]) == 1
    assert "no calibration marts" in capsys.readouterr().err
