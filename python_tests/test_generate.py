"""Tests for the synthetic raw-data generator (lead_funnel.generator, `python -m lead_funnel.generate`).

A small data set (2,000 leads) is generated once per module, clean and dirty; each test checks a
property of the raw-data contract or of the planted behaviour.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from lead_funnel import cli
from lead_funnel.generate import generate

N_LEADS = 2_000
SEED = 7
END_DATE = "2025-06-30"
MONTHS = 24
END_OF_DAY = dt.datetime(2025, 6, 30, 23, 59, 59, 999999)
START = dt.datetime(2023, 6, 30)

TS, STR, BOOL, F64 = pa.timestamp("us"), pa.string(), pa.bool_(), pa.float64()
# the raw-data contract, written out independently of the generator's own constants
CONTRACT = {
    "accounts": [("account_id", STR), ("account_name", STR), ("domain", STR), ("industry", STR),
                 ("employee_count", pa.int32()), ("annual_revenue_usd", F64), ("country", STR),
                 ("created_at", TS), ("is_deleted", BOOL)],
    "leads": [("lead_id", STR), ("email", STR), ("first_name", STR), ("last_name", STR), ("job_title", STR),
              ("company_name", STR), ("account_id", STR), ("lead_source", STR), ("country", STR),
              ("created_at", TS), ("updated_at", TS), ("is_deleted", BOOL)],
    "activities": [("activity_id", STR), ("lead_id", STR), ("activity_type", STR), ("occurred_at", TS),
                   ("asset", STR), ("campaign_id", STR)],
    "opportunities": [("opportunity_id", STR), ("account_id", STR), ("lead_id", STR), ("created_at", TS),
                      ("stage", STR), ("amount_usd", F64), ("closed_at", TS), ("is_closed", BOOL),
                      ("is_won", BOOL)],
    "lead_status_history": [("lead_id", STR), ("status", STR), ("changed_at", TS), ("reason", STR),
                            ("owner_id", STR)],
    "campaign_spend": [("spend_date", pa.date32()), ("lead_source", STR), ("campaign_id", STR),
                       ("amount_usd", F64)],
}
LEAD_SOURCES = {"organic_search", "paid_search", "paid_social", "content_syndication", "webinar", "event",
                "trade_show", "list_import", "referral", "direct", "outbound", "partner", "product_signup"}
ACTIVITY_TYPES = {"email_open", "email_click", "page_view", "pricing_page_view", "content_download",
                  "webinar_registered", "webinar_attended", "demo_request", "contact_form", "free_trial_signup",
                  "roi_calculator", "product_usage", "unsubscribe", "email_bounce", "sales_call", "sales_email",
                  "meeting_held"}
STATUSES = {"open", "working", "accepted", "rejected", "qualified", "disqualified", "nurture"}
STAGES = {"discovery", "proposal", "negotiation", "closed_won", "closed_lost"}
REASONS = {"no_budget", "not_icp", "bad_timing", "student", "competitor", "no_response"}
DIRTY_CLASSES = {
    "activities.duplicate_id_same_content", "activities.duplicate_id_different_content",
    "activities.future_dated", "activities.unknown_lead_id", "activities.unknown_activity_type",
    "activities.cased_activity_type", "activities.null_occurred_at", "activities.unparseable_occurred_at",
    "leads.duplicate_lead_id", "leads.email_case_padding_duplicate", "leads.null_email",
    "leads.malformed_email", "leads.free_mail_domain", "leads.unknown_lead_source", "leads.cased_lead_source",
    "leads.null_created_at", "leads.unparseable_created_at", "leads.is_deleted", "leads.huge_job_title",
    "lead_status_history.status_before_lead_creation", "lead_status_history.unknown_status",
    "lead_status_history.cased_status", "lead_status_history.null_changed_at",
    "lead_status_history.unparseable_changed_at", "opportunities.null_account_id",
    "opportunities.negative_amount", "opportunities.won_null_closed_at", "opportunities.unknown_stage",
    "opportunities.cased_stage", "opportunities.null_created_at", "opportunities.unparseable_created_at",
    "accounts.is_deleted", "accounts.null_created_at", "accounts.unparseable_created_at",
    "campaign_spend.null_spend_date", "campaign_spend.unparseable_spend_date",
}


def _generate(out, **kw):
    args = dict(leads=N_LEADS, seed=SEED, end_date=END_DATE, months=MONTHS, progress=False)
    args.update(kw)
    return generate(out, **args)


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    out = tmp_path_factory.mktemp("clean")
    counts = _generate(out)
    return out, counts


@pytest.fixture(scope="module")
def dirty(tmp_path_factory):
    out = tmp_path_factory.mktemp("dirty")
    _generate(out, dirty=0.02)
    return out


@pytest.fixture(scope="module")
def con(clean):
    out, _ = clean
    c = duckdb.connect()
    for table in [*CONTRACT, "_truth/lead_propensity"]:
        c.execute(f"create view {table.split('/')[-1]} as select * from read_parquet('{out}/{table}.parquet')")
    yield c
    c.close()


def _one(con, sql):
    return con.execute(sql).fetchone()[0]


def _hashes(out):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.rglob("*.parquet"))}


# --- contract -----------------------------------------------------------------------------------


@pytest.mark.parametrize("table", list(CONTRACT))
def test_schema_matches_contract(clean, table):
    out, counts = clean
    schema = pq.read_schema(out / f"{table}.parquet")
    assert [(f.name, f.type) for f in schema] == CONTRACT[table]
    assert pq.read_metadata(out / f"{table}.parquet").num_rows == counts[table] > 0


def test_row_counts_and_ids(con, clean):
    _, counts = clean
    assert counts["leads"] == N_LEADS
    assert 0.1 * N_LEADS <= counts["accounts"] <= 0.15 * N_LEADS
    for table, key, prefix in [("leads", "lead_id", "lead_"), ("accounts", "account_id", "acc_"),
                               ("activities", "activity_id", "act_"), ("opportunities", "opportunity_id", "opp_")]:
        n, distinct, good, same_len = con.execute(
            f"select count(*), count(distinct {key}), count(*) filter (where {key} like '{prefix}%'),"
            f" count(distinct length({key})) = 1 from {table}").fetchone()
        assert n == distinct == good and same_len, table
    assert _one(con, "select count(*) from lead_status_history where owner_id is not null "
                     "and owner_id not like 'usr_%'") == 0


def test_truth_file(con, clean):
    out, _ = clean
    n, lo, hi, distinct = con.execute(
        "select count(*), min(propensity), max(propensity), count(distinct lead_id) from lead_propensity").fetchone()
    assert n == distinct == N_LEADS and 0 <= lo < hi <= 1
    assert _one(con, "select count(*) from lead_propensity t anti join leads using (lead_id)") == 0
    schema = pq.read_schema(out / "_truth" / "lead_propensity.parquet")
    assert schema.names[:6] == ["lead_id", "propensity", "is_accepted", "is_qualified", "has_opportunity", "is_won"]
    for col in ("is_accepted", "is_qualified", "has_opportunity", "is_won"):
        assert schema.field(col).type == pa.bool_()
    assert schema.field("propensity_without_noise").type == pa.float64()
    # outcome flags are nested: won => opportunity => qualified => accepted
    assert _one(con, "select count(*) from lead_propensity where (is_won and not has_opportunity) "
                     "or (has_opportunity and not is_qualified) or (is_qualified and not is_accepted)") == 0


# --- determinism --------------------------------------------------------------------------------


def test_same_seed_is_byte_identical(clean, tmp_path):
    out, _ = clean
    _generate(tmp_path)
    assert _hashes(tmp_path) == _hashes(out)


def test_different_seed_differs(clean, tmp_path):
    out, _ = clean
    _generate(tmp_path, seed=SEED + 1)
    a = pq.read_table(out / "leads.parquet")
    b = pq.read_table(tmp_path / "leads.parquet")
    assert not a.equals(b)
    assert a.column("email").to_pylist() != b.column("email").to_pylist()


def test_dirty_run_is_deterministic(dirty, tmp_path):
    _generate(tmp_path, dirty=0.02)
    assert _hashes(tmp_path) == _hashes(dirty)
    assert (tmp_path / "_truth" / "dirty_manifest.json").read_text() == \
        (dirty / "_truth" / "dirty_manifest.json").read_text()


def test_chunk_boundaries(tmp_path, monkeypatch):
    """Several chunks: ids stay unique and continuous, output stays deterministic."""
    from lead_funnel.generator import chunks, run

    monkeypatch.setattr(chunks, "LEADS_PER_CHUNK", 400)
    monkeypatch.setattr(run, "LEADS_PER_CHUNK", 400)
    a, b = tmp_path / "a", tmp_path / "b"
    _generate(a, leads=1_000, dirty=0.01)
    _generate(b, leads=1_000, dirty=0.01)
    assert _hashes(a) == _hashes(b)
    classes = json.loads((a / "_truth" / "dirty_manifest.json").read_text())["classes"]
    assert all(v > 0 for v in classes.values())
    truth = pq.read_table(a / "_truth" / "lead_propensity.parquet").column("lead_id").to_pylist()
    assert truth == [f"lead_{i:07d}" for i in range(1, 1_001)]
    n, distinct = duckdb.sql(f"select count(*), count(distinct activity_id) from "
                             f"read_parquet('{a}/activities.parquet')").fetchall()[0]
    assert n - distinct == classes["activities.duplicate_id_same_content"] + \
        classes["activities.duplicate_id_different_content"]


# --- referential sanity (clean) -----------------------------------------------------------------


def test_activities_reference_leads_in_time(con):
    assert _one(con, "select count(*) from activities a anti join leads l using (lead_id)") == 0
    assert _one(con, "select count(*) from activities a join leads l using (lead_id) "
                     "where a.occurred_at < l.created_at") == 0
    assert _one(con, "select max(occurred_at) from activities") <= END_OF_DAY
    assert _one(con, "select min(occurred_at) from activities") >= START
    assert _one(con, "select count(*) from activities where occurred_at is null or activity_type is null") == 0


def test_lead_timestamps(con):
    assert _one(con, "select count(*) from leads where updated_at < created_at") == 0
    assert _one(con, "select max(updated_at) from leads") <= END_OF_DAY
    assert _one(con, "select min(created_at) from leads") >= START
    # volume grows over the history
    first_half, second_half = con.execute(
        f"select count(*) filter (where created_at < '{START + (END_OF_DAY - START) / 2}'),"
        f" count(*) filter (where created_at >= '{START + (END_OF_DAY - START) / 2}') from leads").fetchone()
    assert second_half > 1.2 * first_half


def test_status_history_sane(con):
    assert _one(con, "select count(*) from lead_status_history s anti join leads using (lead_id)") == 0
    assert _one(con, "select count(*) from lead_status_history s join leads l using (lead_id) "
                     "where s.changed_at < l.created_at") == 0
    assert _one(con, "select max(changed_at) from lead_status_history") <= END_OF_DAY
    # every lead starts open at creation
    assert _one(con, "select count(*) from leads l left join lead_status_history s "
                     "on s.lead_id = l.lead_id and s.status = 'open' and s.changed_at = l.created_at "
                     "where s.lead_id is null") == 0
    # reasons exactly on rejected / disqualified rows; owners on sales statuses
    assert _one(con, "select count(*) from lead_status_history where (reason is not null) "
                     "<> (status in ('rejected', 'disqualified'))") == 0
    assert _one(con, "select count(*) from lead_status_history where status in "
                     "('working', 'accepted', 'rejected', 'qualified', 'disqualified') and owner_id is null") == 0


def test_sales_activities_follow_working(con):
    early = _one(con, """
        select count(*) from activities a
        where a.activity_type in ('sales_call', 'sales_email', 'meeting_held')
          and not exists (select 1 from lead_status_history s where s.lead_id = a.lead_id
                          and s.status = 'working' and s.changed_at <= a.occurred_at)""")
    assert early == 0
    assert _one(con, "select count(*) from activities where activity_type = 'sales_call'") > 0


def test_opportunities_sane(con):
    assert _one(con, "select count(*) from opportunities o anti join accounts using (account_id)") == 0
    assert _one(con, "select count(*) from opportunities where account_id is null") == 0
    assert _one(con, "select count(*) from opportunities o join accounts a using (account_id) "
                     "where a.created_at > o.created_at") == 0
    assert _one(con, "select count(*) from leads l join accounts a using (account_id) "
                     "where a.created_at > l.created_at") == 0
    assert _one(con, "select max(created_at) from accounts") <= END_OF_DAY
    assert _one(con, "select count(*) from opportunities o join leads l using (lead_id) "
                     "where o.created_at < l.created_at") == 0
    assert _one(con, "select count(*) from opportunities where lead_id is not null and lead_id not in "
                     "(select lead_id from leads)") == 0
    assert _one(con, "select count(*) from opportunities where lead_id is null") > 0
    bad = _one(con, """select count(*) from opportunities where amount_usd <= 0
        or is_closed <> (closed_at is not null) or (is_won and not is_closed)
        or closed_at < created_at or closed_at > ? or created_at > ?
        or (stage = 'closed_won') <> is_won or (stage in ('closed_won', 'closed_lost')) <> is_closed""".replace(
        "?", f"'{END_OF_DAY}'"))
    assert bad == 0
    assert _one(con, "select count(*) from opportunities where not is_closed") > 0
    # qualified leads that have an opportunity: same account as the lead
    assert _one(con, "select count(*) from opportunities o join leads l using (lead_id) "
                     "where l.account_id is not null and l.account_id <> o.account_id") == 0


def test_enums_within_lists(con):
    def values(sql):
        return {r[0] for r in con.execute(sql).fetchall()}

    assert values("select distinct lead_source from leads") == LEAD_SOURCES
    assert values("select distinct activity_type from activities") == ACTIVITY_TYPES
    assert values("select distinct status from lead_status_history") == STATUSES
    assert values("select distinct stage from opportunities") <= STAGES
    assert values("select distinct reason from lead_status_history where reason is not null") <= REASONS
    assert values("select distinct lead_source from campaign_spend") <= LEAD_SOURCES
    countries = values("select distinct country from leads") | values("select distinct country from accounts")
    assert all(len(c) == 2 and c.isupper() for c in countries)
    industries = values("select distinct industry from accounts")
    assert {"software", "saas", "fintech", "healthcare technology"} <= industries and len(industries) > 10


# --- realism ------------------------------------------------------------------------------------


def test_activity_volume_and_mix(con):
    per_lead = _one(con, "select count(*) / (select count(*) from leads) from activities")
    assert 20 <= per_lead <= 45
    core, hand_raisers = con.execute(
        "select avg((activity_type in ('email_open', 'page_view', 'email_click'))::int),"
        " avg((activity_type in ('demo_request', 'contact_form'))::int) from activities").fetchone()
    assert 0.75 <= core <= 0.85
    assert 0.005 <= hand_raisers <= 0.025
    # long tail: the busiest lead has far more activity than the median lead
    median, top = con.execute("select median(n), max(n) from (select count(*) n from activities group by lead_id)"
                              ).fetchone()
    assert top > 8 * median


def test_account_matching_mix(con):
    with_id, by_domain, free = con.execute("""
        select avg((account_id is not null)::int),
               avg((account_id is null and split_part(email, '@', 2) in (select domain from accounts))::int),
               avg((split_part(email, '@', 2) in ('gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com',
                   'icloud.com', 'aol.com', 'protonmail.com', 'gmx.de', 'yahoo.co.uk', 'live.com'))::int)
        from leads""").fetchone()
    assert 0.70 <= with_id <= 0.80
    assert 0.11 <= by_domain <= 0.19
    assert 0.03 <= free <= 0.15
    assert _one(con, "select count(*) from leads where email like '%.edu' or email like '%.ac.__'") > 0
    assert _one(con, "select count(distinct lower(email)) from leads") == N_LEADS
    assert _one(con, "select count(distinct domain) from accounts") == _one(con, "select count(*) from accounts")


def test_account_sizes(con):
    smb, mid, ent, micro = con.execute(
        "select avg((employee_count < 200)::int), avg((employee_count between 200 and 999)::int),"
        " avg((employee_count >= 1000)::int), avg((employee_count < 10)::int) from accounts").fetchone()
    assert 0.52 <= smb <= 0.68 and 0.2 <= mid <= 0.36 and 0.07 <= ent <= 0.17 and micro > 0.03
    top = _one(con, "select max(n) from (select count(*) n from leads where account_id is not null "
                    "group by account_id)")
    assert top >= 40  # a few accounts with very many contacts (Zipf-like)
    assert 0 < _one(con, "select count(*) from accounts where is_deleted") < 0.05 * _one(
        con, "select count(*) from accounts")


def test_titles_exercise_seniority_parsing(con):
    titles = {r[0] for r in con.execute("select distinct job_title from leads").fetchall()}
    for expected in ("VP of Marketing", "Director, Revenue Operations", "Chief Financial Officer",
                     "Marketing Manager", "Software Engineer", "Student", "Intern", "Founder & CEO",
                     "Head of Growth", "Account Executive", "Data Analyst"):
        assert expected in titles


def test_competitor_domains_are_rare(con):
    n = _one(con, "select count(*) from leads where email like '%@rivalfunnel.com' "
                  "or email like '%@competitor-analytics.io'")
    assert 0 < n < 0.01 * N_LEADS


def test_campaign_spend_covers_history(con):
    lo, hi, total, sources = con.execute(
        "select min(spend_date), max(spend_date), sum(amount_usd), count(distinct lead_source) from campaign_spend"
    ).fetchone()
    assert lo == START.date() and hi == END_OF_DAY.date()
    assert total > 0 and sources == 8
    assert _one(con, "select count(*) from campaign_spend where amount_usd <= 0") == 0
    assert _one(con, "select count(*) from campaign_spend where campaign_id is null") > 0
    # paid campaigns in spend are the ones activities are attributed to
    assert _one(con, "select count(distinct a.campaign_id) from activities a join campaign_spend s "
                     "using (campaign_id)") > 5


def test_propensity_drives_outcomes(con):
    rows = con.execute("""
        select q, avg(is_won::int), avg(is_qualified::int), avg(is_mql::int), avg(n_acts)
        from (select t.*, ntile(5) over (order by propensity) q, coalesce(a.n, 0) n_acts
              from lead_propensity t left join (select lead_id, count(*) n from activities group by 1) a
              using (lead_id))
        group by q order by q""").fetchall()
    bottom, top = rows[0], rows[-1]
    assert top[1] > bottom[1] and top[1] > 0.03
    assert top[2] > 3 * bottom[2]
    assert top[3] > bottom[3]
    assert top[4] > 1.5 * bottom[4]  # engagement intensity grows with propensity
    # won leads really have a won opportunity
    assert _one(con, "select count(*) from lead_propensity t where is_won and not exists (select 1 from "
                     "opportunities o where o.lead_id = t.lead_id and o.is_won)") == 0


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """10,000 leads: enough closed opportunities to see the win model itself."""
    out = tmp_path_factory.mktemp("large")
    _generate(out, leads=10_000, seed=11)
    return out


def test_propensity_drives_win_among_closed_opportunities(large):
    won_p, lost_p, n_won = duckdb.sql(f"""
        select avg(propensity) filter (where o.is_won), avg(propensity) filter (where not o.is_won),
               count(*) filter (where o.is_won)
        from read_parquet('{large}/opportunities.parquet') o
        join read_parquet('{large}/_truth/lead_propensity.parquet') using (lead_id)
        where o.is_closed""").fetchall()[0]
    assert n_won > 80
    assert won_p > lost_p + 0.05


def test_planted_funnel_rates(con):
    mql, worked, accepted, qualified, won = con.execute("""
        with s as (select lead_id, bool_or(status = 'working') w, bool_or(status = 'accepted') a,
                          bool_or(status = 'qualified') q from lead_status_history group by 1)
        select count(*), count(*) filter (where w), count(*) filter (where a), count(*) filter (where q),
               count(*) filter (where t.is_won)
        from lead_propensity t join s using (lead_id) where t.is_mql""").fetchone()
    assert 0.1 <= mql / N_LEADS <= 0.45
    assert 0.75 <= worked / mql < 1.0  # some MQLs are never touched
    assert 0.5 <= accepted / worked <= 0.8
    assert 0.08 <= qualified / mql <= 0.3
    assert 0.15 <= won / qualified <= 0.4


def test_speed_to_lead_spread(con):
    delays = con.execute("""
        select epoch(min(s.changed_at) - t.mql_at) from lead_propensity t
        join lead_status_history s on s.lead_id = t.lead_id and s.status = 'working' and s.changed_at >= t.mql_at
        where t.is_mql group by t.lead_id, t.mql_at""").fetchall()
    delays = [d[0] for d in delays]
    assert any(d <= 300 for d in delays)
    assert any(300 < d <= 12 * 3600 for d in delays)
    assert any(d > 86_400 for d in delays)


def test_recycled_leads_exist(con):
    recycled = _one(con, "select count(*) from (select lead_id from lead_status_history where status = 'working' "
                         "group by 1 having count(*) > 1)")
    assert recycled > 0


# --- dirty mode ---------------------------------------------------------------------------------


def test_dirty_manifest_has_every_class(dirty):
    manifest = json.loads((dirty / "_truth" / "dirty_manifest.json").read_text())
    classes = manifest["classes"]
    assert set(classes) == DIRTY_CLASSES
    assert all(v > 0 for v in classes.values()), {k: v for k, v in classes.items() if v <= 0}
    assert classes["leads.huge_job_title"] <= 3


def test_dirty_timestamps_are_strings(dirty):
    for table, cols in CONTRACT.items():
        schema = pq.read_schema(dirty / f"{table}.parquet")
        assert schema.names == [c for c, _ in cols]
        for name, typ in cols:
            expected = STR if pa.types.is_timestamp(typ) or pa.types.is_date(typ) else typ
            assert schema.field(name).type == expected, (table, name)


def test_dirty_data_matches_manifest(dirty, clean):
    clean_twin = clean[0]  # same arguments without dirt: injections use separate random streams
    classes = json.loads((dirty / "_truth" / "dirty_manifest.json").read_text())["classes"]
    c = duckdb.connect()
    for t in CONTRACT:
        c.execute(f"create view {t} as select * from read_parquet('{dirty}/{t}.parquet')")

    def one(sql):
        return c.execute(sql).fetchone()[0]

    exact_dups = one("select count(*) - count(distinct (activity_id, lead_id, activity_type, occurred_at, asset,"
                     " campaign_id)) from activities")
    assert exact_dups == classes["activities.duplicate_id_same_content"]
    all_dups = one("select count(*) - count(distinct activity_id) from activities")
    assert all_dups == exact_dups + classes["activities.duplicate_id_different_content"]
    assert one("select count(*) - count(distinct lead_id) from leads") == classes["leads.duplicate_lead_id"]
    assert one("select count(*) from leads where email is null") == classes["leads.null_email"]
    assert one("select count(*) from leads where email <> trim(email)") > 0
    assert one("select count(*) from leads where email is not null and (email not like '%@%' or email like '%@')"
               ) == classes["leads.malformed_email"]
    assert one("select count(*) from leads where length(job_title) >= 1000000") == classes["leads.huge_job_title"]
    assert one("select count(*) from activities where occurred_at is not null and "
               "try_cast(occurred_at as timestamp) is null") == classes["activities.unparseable_occurred_at"]
    assert one(f"select count(*) from activities where try_cast(occurred_at as timestamp) > "
               f"'{END_OF_DAY + dt.timedelta(days=1)}'") == classes["activities.future_dated"]
    assert one("select count(*) from activities a anti join leads using (lead_id)") == \
        classes["activities.unknown_lead_id"]
    assert one("select count(*) from activities where activity_type in ('chat_started', 'g2_review', "
               "'linkedin_ad_click')") == classes["activities.unknown_activity_type"]
    assert one("select count(*) from leads where lead_source <> lower(lead_source)") == \
        classes["leads.cased_lead_source"]
    assert one("select count(*) from opportunities where amount_usd < 0") == classes["opportunities.negative_amount"]
    assert one("select count(*) from opportunities where is_won and closed_at is null") == \
        classes["opportunities.won_null_closed_at"]
    # dirty = the clean run with the same seed + injections: compare with the clean twin
    c.execute(f"create view clean_leads as select * from read_parquet('{clean_twin}/leads.parquet')")
    assert one("select count(*) from lead_status_history s join clean_leads l using (lead_id) "
               "where try_cast(s.changed_at as timestamp) < l.created_at") == \
        classes["lead_status_history.status_before_lead_creation"]
    assert one("select count(*) from clean_leads anti join leads using (lead_id)") == 0
    assert one("select count(*) from leads anti join clean_leads using (lead_id)") == \
        classes["leads.email_case_padding_duplicate"]
    assert one("select count(*) from activities") == sum(
        classes[f"activities.{k}"] for k in ("duplicate_id_same_content", "duplicate_id_different_content",
                                             "unknown_lead_id")) + pq.read_metadata(
        clean_twin / "activities.parquet").num_rows
    # valid rows still parse as the ISO-8601 format of the contract
    assert one("select count(*) from leads where try_strptime(created_at, '%Y-%m-%d %H:%M:%S.%f') is not null"
               ) > 0.9 * N_LEADS
    c.close()


def test_clean_run_has_no_dirt(clean):
    out, _ = clean
    manifest = json.loads((out / "_truth" / "dirty_manifest.json").read_text())
    assert manifest["dirty_rate"] == 0 and manifest["classes"] == {}


# --- interface ----------------------------------------------------------------------------------


def test_cli_generate(tmp_path, capsys):
    rc = cli.main(["generate", "--leads", "300", "--seed", "1", "--end-date", "2025-01-15", "--months", "6",
                   "--out", str(tmp_path / "raw"), "--quiet"])
    assert rc == 0
    assert capsys.readouterr().out == ""
    for table in CONTRACT:
        assert (tmp_path / "raw" / f"{table}.parquet").exists()
    leads = pq.read_table(tmp_path / "raw" / "leads.parquet")
    assert leads.num_rows == 300
    assert max(leads.column("created_at").to_pylist()) <= dt.datetime(2025, 1, 15, 23, 59, 59, 999999)


def test_cli_rejects_bad_arguments(tmp_path):
    with pytest.raises(SystemExit):
        cli.main(["generate", "--end-date", "2025-13-01", "--out", str(tmp_path)])
    with pytest.raises(SystemExit):
        cli.main(["generate", "--dirty", "-1", "--out", str(tmp_path)])


def test_overwrites_existing_output(tmp_path):
    _generate(tmp_path, leads=500, dirty=0.05)
    counts = _generate(tmp_path, leads=300)
    assert pq.read_metadata(tmp_path / "leads.parquet").num_rows == counts["leads"] == 300
    assert pq.read_schema(tmp_path / "activities.parquet").field("occurred_at").type == TS
