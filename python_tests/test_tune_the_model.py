"""The README's "tune the model" workflow end to end (issues #16, #19): a RevOps user edits the
draft's rows of the scoring seeds (`model_version` 1.1) - adopts a proposed rule (README "New rules
the data supports"), changes a shipped rule's points, an activity's points, a title pattern - and
the SLA and a health action's text, then switches the draft into force (a row of
`scoring_model_versions`, README "Switching") - and `dbt build` (models, data tests, unit tests)
still passes, scoring with the edited rules.

The SQL unit tests give their own seed rows, so they state the logic whatever the seeds say; the
shipped worked example (a finance director at a 150-person ICP company has fit 50) is stated on
purpose outside dbt build, by python_tests/test_scoring_fixtures.py on the shipped seeds.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from .conftest import FIXTURE_AS_OF, FIXTURES_RAW, PROJECT_DIR, failure_messages, release_duckdb

pytestmark = [pytest.mark.dbt, pytest.mark.slow]

PROJECT_PARTS = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests", "analyses")


def _edit_seed(project: Path, relative: str, edit) -> None:
    """Rewrite seeds/<relative> (a CSV) through edit(rows) -> rows, keeping its columns."""
    path = project / "seeds" / relative
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns, rows = reader.fieldnames, list(reader)
    rows = edit(rows)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


DRAFT = "1.1"  # the shipped draft (var scoring_draft_model_version)


def _set(rows, key: str, match: str, column: str, value: str, version: str | None = DRAFT):
    """Set `column` on the rows whose `key` is `match` (of the model version `version`, when the seed
    is versioned)."""
    chosen = [row for row in rows if row[key] == match and (version is None or row["model_version"] == version)]
    assert chosen, f"no {key} = {match} (model_version {version})"
    for row in chosen:
        row[column] = value
    return rows


def _adopt(rows, rule: dict):
    """Add the rule to the draft, or set its points when the draft already has it."""
    if any(row["rule_id"] == rule["rule_id"] and row["model_version"] == DRAFT for row in rows):
        return _set(rows, "rule_id", rule["rule_id"], "points", rule["points"])
    return rows + [{"model_version": DRAFT, **rule}]


# the seeds the user edits below: the build rebuilds them and what follows them (`<seed>+`), on a
# copy of the session's fixtures build (the same raw files and as_of, the shipped seeds)
EDITED_SEEDS = ("scoring_fit_rules", "scoring_activity_points", "scoring_title_patterns", "sla_targets",
                "funnel_health_actions", "scoring_model_versions")


def edited_project(work: Path) -> Path:
    """A scratch copy of the project under `work`, with the seeds edited as a user would."""
    project = work / "project"
    for part in PROJECT_PARTS:
        source = PROJECT_DIR / part
        if source.is_dir():
            shutil.copytree(source, project / part)
        else:
            project.mkdir(exist_ok=True)
            shutil.copy2(source, project / part)

    # 1. adopt the proposed rule the README shows, in its words, in the draft
    _edit_seed(project, "scoring/scoring_fit_rules.csv", lambda rows: _adopt(rows, {
        "rule_id": "lead_source_referral", "lead_attribute": "lead_source", "match_value": "referral",
        "min_value": "", "max_value": "", "points": "15", "disqualification_reason": "",
        "description": "Referral leads"}))
    # 2. change shipped points (the worked example's director rule among them) and a cap
    _edit_seed(project, "scoring/scoring_fit_rules.csv",
               lambda rows: _set(rows, "rule_id", "seniority_director", "points", "30"))
    _edit_seed(project, "scoring/scoring_activity_points.csv",
               lambda rows: _set(_set(rows, "activity_type", "page_view", "points", "3"),
                                 "activity_type", "page_view", "cap_per_window", "12"))
    # 3. a title pattern, the SLA and an action's wording
    _edit_seed(project, "scoring/scoring_title_patterns.csv",
               lambda rows: _set(rows, "value", "director", "pattern", r"\b(director|directeur|directora?|dir\.)\b"))
    _edit_seed(project, "funnel/sla_targets.csv", lambda rows: _set(rows, "priority", "high", "sla_minutes", "10", None))
    _edit_seed(project, "funnel/funnel_health_actions.csv",
               lambda rows: _set(rows, "verdict", "too_loose", "action", "Raise the bar: fewer, better MQLs.", None))
    # 4. switch the draft into force (README "Switching"): as_of is 2026-01-15
    _edit_seed(project, "funnel/scoring_model_versions.csv", lambda rows: rows + [{
        "version": DRAFT, "effective_from": "2026-01-01", "note": "Referral rule, directors 30"}])

    edited = {path.stem for path in (project / "seeds").rglob("*.csv")
              if path.read_bytes() != (PROJECT_DIR / path.relative_to(project)).read_bytes()}
    assert edited == set(EDITED_SEEDS), "EDITED_SEEDS must name every seed edited above (the build selects them)"
    return project


@pytest.fixture(scope="module")
def tuned_build(fixture_db, tmp_path_factory):
    """A scratch copy of the project with the seeds edited as a user would, built on the fixtures:
    a copy of the session's fixtures build (conftest fixture_db), where `dbt build --full-refresh
    --select <edited seeds>+` rebuilds the edited seeds and every node downstream of them, with
    their data and unit tests (74 of 101 models, 188 of 299 data tests); the rest is the fixtures
    build's, which no edit reaches. Checked once by hand: every relation equal (`except all` both
    ways) to a whole `dbt build` of the edited copy on an empty file."""
    work = tmp_path_factory.mktemp("tune")
    project = edited_project(work)
    # the fixtures build's file name: DuckDB names the catalog after it, and its views refer to it;
    # --full-refresh: the incremental models downstream are rebuilt as on an empty file
    db = work / fixture_db.name
    shutil.copy2(fixture_db, db)
    result = build_project(project, db, "--full-refresh", "--select", *[f"{seed}+" for seed in EDITED_SEEDS])
    return result, db


def build_project(project: Path, db: Path, *args: str):
    """`dbt build *args` of the project copy into `db`, on the fixtures' raw files and as_of."""
    from dbt.cli.main import dbtRunner

    target = db.parent / "target"
    os.environ["DUCKDB_PATH"] = str(db)
    cwd = os.getcwd()
    os.chdir(project)
    try:
        return dbtRunner().invoke([
            "build", *args,
            "--project-dir", str(project), "--profiles-dir", str(project),
            "--target-path", str(target), "--log-path", str(target / "logs"),
            "--vars", json.dumps({"raw_path": str(FIXTURES_RAW), "as_of": FIXTURE_AS_OF}),
        ])
    finally:
        os.chdir(cwd)
        release_duckdb()


def test_dbt_build_passes_after_the_users_seed_edits(tuned_build):
    result, _ = tuned_build
    assert result.success, "dbt build failed after editing the seeds:\n" + "\n".join(failure_messages(result))
    kinds = {r.node.unique_id.split(".")[0] for r in result.result.results}
    assert {"unit_test", "test", "model", "seed"} <= kinds


def test_the_edited_rules_are_the_ones_scored(tuned_build):
    _, db = tuned_build
    con = duckdb.connect(str(db), read_only=True)
    try:
        referral = con.execute("""
            select count(*) from marts.fct_lead_score_components
            where component_type = 'fit' and component = 'lead_source_referral' and points = 15
        """).fetchone()[0]
        director = con.execute("""
            select distinct points from marts.fct_lead_score_components
            where component_type = 'fit' and component = 'seniority_director'
        """).fetchall()
    finally:
        con.close()
    assert referral > 0, "the adopted referral rule scored no lead"
    assert director == [(30,)]
