"""The generator applies the scoring rules of the dbt project (seeds and vars), not copies of them.

* unit tests on a copy of the project whose seeds / vars are edited: the generator follows the edit
  (activity caps, the recency window's edge, thresholds, gates, title patterns, competitors);
* an end-to-end test: the generator's planted first MQL (``_truth``) equals the first qualifying
  activity of ``int_lead_mql_evaluations`` built by dbt on the generated data, for every lead, and
  its fit equals ``int_leads_enriched.fit_score``. It fails whenever a seed or var and the
  generator disagree.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import duckdb
import numpy as np
import pytest
import yaml

from lead_funnel import settings
from lead_funnel.generate import generate
from lead_funnel.generator.activities import Activities, _window_engagement
from lead_funnel.generator.constants import A, US_PER_DAY
from lead_funnel.generator.rules import load_rules
from .conftest import SHARED_DB_NAME, failure_messages, parsed_once, run_dbt

END_DATE = "2026-03-31"
AS_OF = "2026-04-01 00:00:00"


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """The seeds and dbt_project.yml of this project, in a folder a test may edit."""
    project = tmp_path / "project"
    shutil.copytree(settings.project_dir() / "seeds", project / "seeds")
    shutil.copy(settings.project_dir() / "dbt_project.yml", project / "dbt_project.yml")
    return project


def _edit_seed(project: Path, name: str, key: str, match: str, column: str, value: str) -> None:
    path = settings.seed_path(name, project)
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert any(r[key] == match for r in rows), f"{name} has no {key}={match}"
    for row in rows:
        if row[key] == match:
            row[column] = value
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _edit_var(project: Path, name: str, value) -> None:
    path = project / "dbt_project.yml"
    config = yaml.safe_load(path.read_text())
    config["vars"][name] = value
    path.write_text(yaml.safe_dump(config))


def _acts(types: list[str], days: list[float]) -> Activities:
    """One lead's activities at ``days`` after the epoch of the run (sorted)."""
    t = (np.array(days) * US_PER_DAY).astype(np.int64)
    return Activities(lead=np.zeros(len(t), np.int64), type=np.array([A[x] for x in types], np.int8), t=t,
                      campaign=np.full(len(t), -1, np.int64))


# --- the rules are the project's ----------------------------------------------------------------


def test_rules_are_read_from_the_seeds_and_vars():
    rules = load_rules()
    with open(settings.seed_path("scoring_activity_points"), encoding="utf-8") as handle:
        # the rows of the scoring-model version in force (the seed holds every version and the draft)
        seed = {r["activity_type"]: r for r in csv.DictReader(handle)
                if r["model_version"] == settings.current_model_version()}
    assert set(rules.activity_points) == set(seed)
    for activity_type, (points, cap) in rules.activity_points.items():
        assert points == int(seed[activity_type]["points"])
        assert cap == (int(seed[activity_type]["cap_per_window"]) if seed[activity_type]["cap_per_window"] else None)
    assert rules.activity_points["unsubscribe"] == (-10, -10)  # the drift the generator had (no cap)
    variables = settings.project_vars()
    assert (rules.engagement_cap, rules.fit_gate, rules.engagement_gate, rules.fast_track_min_fit) == (
        variables["scoring_engagement_cap"], variables["scoring_fit_gate"], variables["scoring_engagement_gate"],
        variables["scoring_fast_track_min_fit"])
    assert settings.seed_path("scoring_segments").parent.name == "scoring"


def test_negative_cap_is_a_floor_and_follows_the_seed(project_copy):
    acts = _acts(["unsubscribe", "email_bounce", "unsubscribe", "unsubscribe"], [1, 2, 3, 4])
    window = np.full(4, 30)
    assert _window_engagement(load_rules(), acts, window).tolist() == [-10, -20, -20, -20]
    _edit_seed(project_copy, "scoring_activity_points", "activity_type", "unsubscribe", "cap_per_window", "")
    assert _window_engagement(load_rules(project_copy), acts, window).tolist() == [-10, -20, -30, -40]


def test_activity_exactly_window_days_old_counts(project_copy):
    # pricing page view (20 points) at day 0; e-mail opens at day 30 exactly (it still counts, as in
    # int_lead_engagement_timeline: expiries come after arrivals at the same time) and 1 µs later
    acts = _acts(["pricing_page_view", "email_open", "email_open"], [0, 30, 30])
    acts.t[2] += 1
    rules = load_rules()
    assert _window_engagement(rules, acts, np.full(3, 30)).tolist() == [20, 21, 2]
    _edit_seed(project_copy, "scoring_activity_points", "activity_type", "pricing_page_view", "points", "7")
    _edit_seed(project_copy, "scoring_activity_points", "activity_type", "pricing_page_view", "cap_per_window", "7")
    assert _window_engagement(load_rules(project_copy), acts, np.full(3, 30)).tolist() == [7, 8, 2]


def test_same_time_activities_are_peers():
    acts = _acts(["email_click", "page_view", "page_view"], [1, 2, 2])
    assert _window_engagement(load_rules(), acts, np.full(3, 30)).tolist() == [3, 7, 7]


def test_title_patterns_email_types_and_competitors_follow_the_seeds(project_copy):
    rules = load_rules()
    assert rules.parse_title("Business Development Representative") == ("other", "sales")
    assert rules.parse_title("Vice President, Marketing") == ("vp", "marketing")
    assert rules.parse_title(None) == ("other", "other")
    assert rules.email_type("gmail.com") == "free_mail" and rules.email_type("oxbridge.ac.uk") == "academic"
    assert rules.is_competitor("rivalfunnel.com") and rules.is_competitor("eu.rivalfunnel.com")
    assert not rules.is_competitor("competitor-analytics.io")  # not in the seed: an ordinary company
    _edit_seed(project_copy, "scoring_title_patterns", "pattern", r"\bpresident\b", "pattern",
               r"\bbusiness development\b")
    edited = load_rules(project_copy)
    assert edited.parse_title("Business Development Representative") == ("executive", "sales")
    assert edited.parse_title("President") == ("other", "other")


def test_generated_mqls_follow_edited_thresholds_and_gates(project_copy, tmp_path):
    base = dict(leads=600, seed=5, end_date=END_DATE, months=12, progress=False)
    generate(tmp_path / "default", **base)
    default = duckdb.sql(f"select count(*) filter (where is_mql) from "
                         f"read_parquet('{tmp_path}/default/_truth/lead_propensity.parquet')").fetchall()[0][0]
    assert default > 0
    for segment in ("smb", "mid_market", "enterprise"):
        _edit_seed(project_copy, "scoring_segments", "segment", segment, "mql_score_threshold", "1000")
    _edit_var(project_copy, "scoring_fast_track_min_fit", 1000)
    generate(tmp_path / "never", rules=load_rules(project_copy), **base)
    never = duckdb.sql(f"select count(*) filter (where is_mql) from "
                       f"read_parquet('{tmp_path}/never/_truth/lead_propensity.parquet')").fetchall()[0][0]
    assert never == 0


# --- the generator's MQL rule equals dbt's on generated data ----------------------------------


@pytest.mark.dbt
@pytest.mark.slow
def test_planted_first_mql_equals_the_dbt_rule(tmp_path):
    raw = tmp_path / "raw"
    generate(raw, leads=1_500, seed=23, end_date=END_DATE, months=12, progress=False)
    db = tmp_path / SHARED_DB_NAME  # conftest.parsed_once: the session's parse of raw_path and as_of
    vars_ = {"raw_path": str(raw), "as_of": AS_OF}
    result = run_dbt(["build", "--select", "+int_lead_mql_evaluations", "+int_leads_enriched",
                      "--resource-type", "seed", "--resource-type", "model"], db, tmp_path / "target", vars_,
                     manifest=parsed_once(db, tmp_path / "target", vars_))
    assert result.success, "\n".join(failure_messages(result))
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(f"""
            with sql_first as (
                select lead_id, min(occurred_at) as sql_mql_at
                from intermediate.int_lead_mql_evaluations
                where is_qualifying and is_active_evaluation  -- the version in force, not the draft
                group by 1
            )
            select truth.lead_id, truth.mql_at, sql_first.sql_mql_at, truth.fit_score, leads.fit_score
            from read_parquet('{raw}/_truth/lead_propensity.parquet') as truth
            left join sql_first using (lead_id)
            left join intermediate.int_leads_enriched as leads using (lead_id)
        """).fetchall()
    finally:
        con.close()
    assert len(rows) == 1_500
    assert sum(r[1] is not None for r in rows) > 100  # enough MQLs to mean something
    assert [r for r in rows if r[1] != r[2]] == [], "first MQL: generator != dbt"
    assert [r for r in rows if r[3] != r[4]] == [], "fit score: generator != dbt"
    assert all(isinstance(r[1], dt.datetime) for r in rows if r[1] is not None)


def test_window_bounds_are_exact_for_any_history_length():
    """The one-key search and the merge used for very long histories agree, to the microsecond."""
    from lead_funnel.generator.activities import _rank_within

    rng = np.random.default_rng(1)
    lead = np.sort(rng.integers(0, 50, 2_000))
    t = rng.integers(0, 10 ** 9, 2_000)
    order = np.lexsort((t, lead))
    lead, t = lead[order], t[order]
    q_t = np.concatenate([t, t - 30, t + 1])
    q_lead = np.concatenate([lead, lead, lead])
    far = 2 ** 50  # lead numbers this large force the merge
    for inclusive in (False, True):
        small = _rank_within(lead, t, q_lead, q_t, inclusive)
        large = _rank_within(lead + far, t, q_lead + far, q_t, inclusive)
        brute = np.array([np.sum((lead < ql) | ((lead == ql) & ((t <= qt) if inclusive else (t < qt))))
                          for ql, qt in zip(q_lead, q_t)])
        assert small.tolist() == large.tolist() == brute.tolist()
