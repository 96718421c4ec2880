"""The pandas peer: lead_funnel's core outputs written the way an analyst would in a notebook.

Reads the raw Parquet and the rule seeds with pandas, then: fit per lead (title regexes, account
match by CRM id or email domain, segment, ICP, email type, competitor, fit rules), engagement at
every activity with per-type caps over the segment window (one time-based rolling sum per lead
and activity type, then the caps), MQL events with recycling, the score at as_of and the monthly
funnel counts. Assumes clean input (the generator without --dirty), like the floor.
Writes the same three outputs as bench/floor.sql (Parquet) into `out`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from lead_funnel import settings

ENGAGEMENT_CAP = 40
FIT_GATE = 25
ENGAGEMENT_GATE = 10
FAST_TRACK_FIT = 25
RECYCLE_STATUSES = ["rejected", "nurture"]
SALES_STAGE_STATUSES = ["accepted", "qualified"]


_MODEL_VERSION: dict[str, str] = {}


def _seed(seeds: Path, name: str) -> pd.DataFrame:
    """Seed ``name`` wherever it lives under ``seeds`` (dbt refs seeds by name, not folder)."""
    found = sorted(Path(seeds).rglob(f"{name}.csv"))
    if len(found) != 1:
        raise FileNotFoundError(f"expected one {name}.csv under {seeds}, found {found}")
    rows = pd.read_csv(found[0], dtype={"model_version": str})
    if "model_version" in rows.columns:
        # a versioned scoring seed: the rows of the version in force at as_of (as the models do)
        rows = rows[rows["model_version"] == _MODEL_VERSION["in_force"]]
    return rows


def lead_fit(raw: Path, seeds: Path) -> pd.DataFrame:
    accounts = pd.read_parquet(raw / "accounts.parquet")
    accounts = accounts[~accounts["is_deleted"].fillna(False)].copy()
    accounts["account_id"] = accounts["account_id"].str.strip()
    accounts["domain"] = (
        accounts["domain"].str.strip().str.lower().str.replace(r"^(https?://)?(www\.)?|/.*$", "", regex=True)
    )
    accounts["industry"] = accounts["industry"].str.strip().str.lower()

    leads = pd.read_parquet(raw / "leads.parquet")
    leads = leads[~leads["is_deleted"].fillna(False)].copy()
    leads["lead_id"] = leads["lead_id"].str.strip()
    leads["email_domain"] = leads["email"].str.strip().str.lower().str.split("@").str[1]
    leads["job_title"] = leads["job_title"].str.strip().str.lower()
    leads["lead_source"] = leads["lead_source"].str.strip().str.lower()
    leads["country"] = leads["country"].str.strip().str.lower()
    leads["crm_account_id"] = leads["account_id"].str.strip()

    # seniority / persona: the first pattern (by priority) that matches the title
    patterns = _seed(seeds, "scoring_title_patterns").sort_values(["priority", "value"])
    titles = pd.DataFrame({"job_title": leads["job_title"].dropna().unique()})
    for dimension in ["seniority", "persona"]:
        titles[dimension] = None
        for row in patterns[patterns["dimension"] == dimension].itertuples():
            hit = titles[dimension].isna() & titles["job_title"].str.contains(row.pattern, regex=True)
            titles.loc[hit, dimension] = row.value
    leads = leads.merge(titles, on="job_title", how="left")
    leads[["seniority", "persona"]] = leads[["seniority", "persona"]].fillna("other")

    # account: the CRM account, else the earliest-created account of the email domain (not free mail)
    free_mail = set(_seed(seeds, "free_mail_domains")["domain"].str.lower())
    leads["is_free_mail"] = leads["email_domain"].isin(free_mail)
    by_domain = (
        accounts.dropna(subset=["domain"]).sort_values(["created_at", "account_id"]).drop_duplicates("domain")
    )
    leads["account_id"] = leads["crm_account_id"].where(leads["crm_account_id"].isin(accounts["account_id"]))
    domain_match = leads["email_domain"].map(by_domain.set_index("domain")["account_id"])
    leads["account_id"] = leads["account_id"].fillna(domain_match.where(~leads["is_free_mail"]))
    leads = leads.merge(
        accounts[["account_id", "domain", "industry", "employee_count"]], on="account_id", how="left"
    )

    # segment by headcount band (highest band first), ICP industry
    segments = _seed(seeds, "scoring_segments")
    default_segment = segments.loc[segments["is_default_segment"], "segment"].iloc[0]
    leads["segment"] = default_segment
    for row in segments.sort_values("min_employee_count", ascending=True, na_position="first").itertuples():
        low = -np.inf if pd.isna(row.min_employee_count) else row.min_employee_count
        high = np.inf if pd.isna(row.max_employee_count) else row.max_employee_count
        leads.loc[leads["employee_count"].between(low, high), "segment"] = row.segment
    icp = set(_seed(seeds, "scoring_icp_industries")["industry"].str.strip().str.lower())
    leads["is_icp_industry"] = leads["industry"].isin(icp)

    academic = "|".join(f"(?:{p})" for p in _seed(seeds, "scoring_academic_domain_patterns")["pattern"])
    leads["email_type"] = np.where(
        leads["is_free_mail"], "free_mail",
        np.where(leads["email_domain"].str.contains(academic, regex=True, na=False), "academic", "corporate"),
    )
    competitors = list(_seed(seeds, "scoring_competitor_domains")["domain"].str.strip().str.lower())
    leads["is_competitor"] = False
    for domain in competitors:
        leads["is_competitor"] |= (
            (leads["email_domain"] == domain)
            | leads["email_domain"].str.endswith("." + domain, na=False)
            | (leads["domain"] == domain)
        )

    # fit rules: one column per rule, summed
    rules = _seed(seeds, "scoring_fit_rules")
    leads["fit_score"] = 0
    leads["is_disqualified"] = False
    for rule in rules.itertuples():
        if rule.lead_attribute == "employee_count":
            low = -np.inf if pd.isna(rule.min_value) else rule.min_value
            high = np.inf if pd.isna(rule.max_value) else rule.max_value
            hit = leads["employee_count"].between(low, high)
        else:
            values = leads[rule.lead_attribute]
            if values.dtype == bool:
                values = values.map({True: "true", False: "false"})
            hit = values == str(rule.match_value).strip().lower()
        leads.loc[hit, "fit_score"] += rule.points
        if isinstance(rule.disqualification_reason, str) and rule.disqualification_reason.strip():
            leads.loc[hit, "is_disqualified"] = True

    source_rules = _seed(seeds, "scoring_lead_source_rules").set_index("lead_source")["is_hand_raiser_only"]
    leads["is_hand_raiser_only"] = leads["lead_source"].map(source_rules).fillna(False).astype(bool)
    leads = leads.merge(segments[["segment", "mql_score_threshold", "recency_window_days"]], on="segment")
    return leads[[
        "lead_id", "created_at", "segment", "fit_score", "is_disqualified", "is_hand_raiser_only",
        "mql_score_threshold", "recency_window_days",
    ]]


def _capped(values: pd.DataFrame, caps: pd.Series) -> pd.DataFrame:
    # positive caps are ceilings, negative caps (unsubscribe) floors
    return values.clip(upper=caps.where(caps >= 0), lower=caps.where(caps < 0), axis=1)


def run(raw, seeds, as_of: str, out) -> None:
    raw, seeds, out = Path(raw), Path(seeds), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    as_of_ts = pd.Timestamp(as_of)
    _MODEL_VERSION["in_force"] = settings.current_model_version(Path(seeds).parent, on=str(as_of))
    leads = lead_fit(raw, seeds)

    points = _seed(seeds, "scoring_activity_points")
    acts = pd.read_parquet(raw / "activities.parquet", columns=["activity_id", "lead_id", "activity_type", "occurred_at"])
    acts["lead_id"] = acts["lead_id"].str.strip()
    acts["activity_type"] = acts["activity_type"].str.strip().str.lower()
    # an activity sent twice counts once: its latest occurrence (not dated beyond as_of + 1 day)
    acts = acts[acts["occurred_at"] <= as_of_ts + pd.Timedelta(days=1)]
    acts = acts.sort_values("occurred_at").drop_duplicates("activity_id", keep="last")
    acts = acts[acts["occurred_at"] <= as_of_ts]
    acts = acts.merge(leads, on="lead_id").merge(points, on="activity_type", how="left")
    acts["points"] = acts["points"].fillna(0)
    acts["is_hand_raiser"] = acts["is_hand_raiser"].fillna(False).astype(bool)

    scored_types = list(points.loc[points["points"] != 0, "activity_type"])
    caps = points.set_index("activity_type")["cap_per_window"].loc[scored_types]

    # score at as_of: per type in the window ending at as_of, capped, total capped
    in_window = acts[acts["occurred_at"] >= as_of_ts - pd.to_timedelta(acts["recency_window_days"], unit="D")]
    by_type = in_window.pivot_table(index="lead_id", columns="activity_type", values="points", aggfunc="sum")
    by_type = by_type.reindex(columns=scored_types, fill_value=0).fillna(0)
    engagement_now = _capped(by_type, caps).sum(axis=1).clip(upper=ENGAGEMENT_CAP)
    scores = leads[["lead_id", "fit_score"]].copy()
    scores["engagement_score"] = scores["lead_id"].map(engagement_now).fillna(0).astype("int32")
    scores["lead_score"] = (scores["fit_score"] + scores["engagement_score"]).astype("int32")
    scores.to_parquet(out / "lead_scores.parquet", index=False)

    # engagement at every activity: a rolling sum per lead and type over the segment window
    acts = acts.sort_values(["lead_id", "occurred_at", "activity_id"]).reset_index(drop=True)
    for activity_type in scored_types:
        acts[activity_type] = np.where(acts["activity_type"] == activity_type, acts["points"], 0.0)
    rolled = []
    for window_days, part in acts.groupby("recency_window_days"):
        sums = (
            part.groupby("lead_id")
            .rolling(f"{window_days}D", on="occurred_at", closed="both")[scored_types]
            .sum()
        )
        sums.index = part.index  # groupby-rolling keeps the (sorted) row order of each lead
        rolled.append(sums)
    window_points = pd.concat(rolled).sort_index()
    # activities at the same instant count together: take the last row of each instant
    instant = [acts["lead_id"], acts["occurred_at"]]
    window_points = window_points.groupby(instant).transform("last")
    acts["engagement_score"] = _capped(window_points, caps).sum(axis=1).clip(upper=ENGAGEMENT_CAP)
    acts = acts.drop(columns=scored_types)

    lead_score = acts["fit_score"] + acts["engagement_score"]
    by_score = (
        ~acts["is_hand_raiser_only"]
        & (acts["fit_score"] >= FIT_GATE)
        & (acts["engagement_score"] >= ENGAGEMENT_GATE)
        & (lead_score >= acts["mql_score_threshold"])
    )
    by_hand_raiser = acts["is_hand_raiser"] & (acts["fit_score"] >= FAST_TRACK_FIT)
    qualifying = acts.loc[~acts["is_disqualified"] & (by_score | by_hand_raiser), ["lead_id", "activity_id", "occurred_at"]]

    # recycling: a new MQL only after a rejected / nurture status (strictly before the activity)
    statuses = pd.read_parquet(raw / "lead_status_history.parquet", columns=["lead_id", "status", "changed_at"])
    statuses["lead_id"] = statuses["lead_id"].str.strip()
    statuses["status"] = statuses["status"].str.strip().str.lower()
    statuses = statuses[statuses["changed_at"] <= as_of_ts]
    recycles = statuses.loc[statuses["status"].isin(RECYCLE_STATUSES), ["lead_id", "changed_at"]]
    stream = pd.concat([
        qualifying.rename(columns={"occurred_at": "t"}).assign(o=0),
        recycles.rename(columns={"changed_at": "t"}).assign(o=1, activity_id=None),
    ])
    stream = stream.sort_values(["lead_id", "t", "o", "activity_id"], na_position="last")
    stream["cycle"] = stream.groupby("lead_id")["o"].cumsum()
    events = (
        stream[stream["o"] == 0]
        .groupby(["lead_id", "cycle"], as_index=False)
        .first()[["lead_id", "activity_id", "t"]]
        .rename(columns={"t": "mql_at"})
    )
    events.to_parquet(out / "mql_events.parquet", index=False)

    # monthly funnel: leads by creation month; funnel MQLs (marketing entry) by MQL month
    first_mql = events.groupby("lead_id")["mql_at"].min()
    opportunities = pd.read_parquet(raw / "opportunities.parquet", columns=["lead_id", "created_at"])
    opportunities = opportunities.dropna(subset=["lead_id"])
    opportunities = opportunities[opportunities["created_at"] <= as_of_ts]
    sales = pd.concat([
        statuses.loc[statuses["status"].isin(SALES_STAGE_STATUSES), ["lead_id", "changed_at"]]
        .rename(columns={"changed_at": "reached_at"}),
        opportunities.assign(lead_id=opportunities["lead_id"].str.strip()).rename(columns={"created_at": "reached_at"}),
    ]).merge(leads[["lead_id", "created_at"]], on="lead_id")
    first_sales = sales[sales["reached_at"] >= sales["created_at"]].groupby("lead_id")["reached_at"].min()
    funnel = leads[["lead_id", "created_at"]].copy()
    funnel["first_mql_at"] = funnel["lead_id"].map(first_mql)
    funnel["first_sales_at"] = funnel["lead_id"].map(first_sales)
    marketing = funnel["first_mql_at"].notna() & ~(funnel["first_sales_at"] < funnel["first_mql_at"])
    funnel["mql_at"] = funnel["first_mql_at"].where(marketing)
    funnel["mql_at"] = funnel[["mql_at", "created_at"]].max(axis=1).where(marketing)
    monthly = pd.concat([
        funnel.groupby(funnel["created_at"].dt.to_period("M")).size().rename("n").reset_index()
        .rename(columns={"created_at": "cohort_month"}).assign(cohort_type="lead"),
        funnel.dropna(subset=["mql_at"]).groupby(funnel["mql_at"].dt.to_period("M")).size().rename("n").reset_index()
        .rename(columns={"mql_at": "cohort_month"}).assign(cohort_type="mql"),
    ])
    monthly["cohort_month"] = monthly["cohort_month"].dt.to_timestamp().dt.date
    monthly[["cohort_type", "cohort_month", "n"]].to_parquet(out / "funnel_monthly.parquet", index=False)
