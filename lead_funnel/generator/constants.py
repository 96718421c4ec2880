"""Generation constants of the synthetic data: streams, enumerations, behaviour, dirty classes, schemas.

Scoring rules are NOT here: they are read from the seeds and vars (lead_funnel.generator.rules)."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

# ---------------------------------------------------------------------------
# Generation constants
# ---------------------------------------------------------------------------

LEADS_PER_CHUNK = 25_000  # fixed: chunking must never depend on the machine
US_PER_SEC = 1_000_000
US_PER_HOUR = 3_600 * US_PER_SEC
US_PER_DAY = 86_400 * US_PER_SEC
EPOCH = dt.date(1970, 1, 1)
PARQUET_COMPRESSION = "zstd"

# random-stream identifiers (SeedSequence spawn keys)
STREAM_ACCOUNTS, STREAM_LEADS, STREAM_SPEND, STREAM_OPPS = 0, 1, 2, 3
STREAM_DIRTY_CHUNK, STREAM_DIRTY_FINAL, STREAM_DIRTY_OPPS = 10, 11, 12

# ---------------------------------------------------------------------------
# Enumerations
# ---------------------------------------------------------------------------

LEAD_SOURCES = (
    "organic_search", "paid_search", "paid_social", "content_syndication",
    "webinar", "event", "trade_show", "list_import", "referral", "direct",
    "outbound", "partner", "product_signup",
)
LEAD_SOURCE_MIX = (0.16, 0.14, 0.09, 0.10, 0.08, 0.05, 0.04, 0.07, 0.04, 0.06, 0.06, 0.05, 0.06)

ACTIVITY_TYPES = (
    "email_open", "email_click", "page_view", "pricing_page_view",
    "content_download", "webinar_registered", "webinar_attended",
    "demo_request", "contact_form", "free_trial_signup", "roi_calculator",
    "product_usage", "unsubscribe", "email_bounce", "sales_call",
    "sales_email", "meeting_held",
)
A = {name: i for i, name in enumerate(ACTIVITY_TYPES)}
EMAIL_TYPES = ("email_open", "email_click", "unsubscribe", "email_bounce")

STATUSES = ("open", "working", "accepted", "rejected", "qualified", "disqualified", "nurture")
S = {name: i for i, name in enumerate(STATUSES)}
STAGES = ("discovery", "proposal", "negotiation", "closed_won", "closed_lost")
REASONS = ("no_budget", "not_icp", "bad_timing", "student", "competitor", "no_response")
R = {name: i for i, name in enumerate(REASONS)}

# Scoring rules (activity points and caps, hand-raisers, hand-raiser-only sources, gates,
# thresholds, windows, fit rules): NOT here, read from the seeds and vars (generator.rules).

# ---------------------------------------------------------------------------
# Behaviour: propensity, engagement and sales process
# ---------------------------------------------------------------------------

PROPENSITY_INTERCEPT = -3.0
PROPENSITY_NOISE_SD = 0.8
SENIORITY_EFFECT = {"executive": 1.1, "vp": 1.1, "director": 0.9, "manager": 0.5, "other": 0.0, "student": -2.0}
PERSONA_EFFECT = {"marketing": 0.6, "sales": 0.5, "revops": 0.7, "finance": 0.4, "other": 0.0}
# size bands: micro (<10), small (10-49), smb (50-199), mid_market, enterprise, unknown (no account)
SIZE_EFFECT = (-1.0, 0.0, 0.3, 0.6, 0.7, -0.2)
ICP_EFFECT = 0.6
EMAIL_EFFECT = (0.0, -0.8, -2.0, -1.5)  # corporate, free, academic, competitor

# bursts of activity: a Poisson process of bursts after creation
BURST_RATE_PER_30D = (0.15, 0.6)  # base + slope * propensity
HOT_BURST_PROB = (0.005, 0.28)  # base + slope * propensity
HOT_BURST_SIZE = (10.0, 12.0)  # mean activities: base + slope * propensity
COLD_BURST_SIZE = (4.5, 3.5)
BURST_SIZE_DISPERSION = 1.3  # negative binomial shape (smaller = longer tail)
HOT_BURST_DAYS = (1.0, 12.0)
COLD_BURST_DAYS = (0.2, 8.0)

# activity-type mixes (burst activities only; sales activities come from the sales process)
COLD_MIX = {
    "email_open": 0.52, "page_view": 0.25, "email_click": 0.10, "content_download": 0.035,
    "webinar_registered": 0.02, "webinar_attended": 0.004, "pricing_page_view": 0.004,
    "roi_calculator": 0.001, "demo_request": 0.0008, "contact_form": 0.0012,
    "free_trial_signup": 0.001, "product_usage": 0.02, "unsubscribe": 0.02, "email_bounce": 0.012,
}
HOT_MIX = {
    "email_open": 0.22, "page_view": 0.31, "email_click": 0.12, "content_download": 0.06,
    "webinar_registered": 0.045, "webinar_attended": 0.035, "pricing_page_view": 0.075,
    "roi_calculator": 0.02, "demo_request": 0.028, "contact_form": 0.016,
    "free_trial_signup": 0.012, "product_usage": 0.06, "unsubscribe": 0.003, "email_bounce": 0.002,
}
# activity that created the lead (None: the lead was imported / scanned, no web touch)
SOURCE_FIRST_ACTIVITY = {
    "organic_search": "content_download", "paid_search": "page_view", "paid_social": "content_download",
    "content_syndication": "content_download", "webinar": "webinar_registered", "event": None,
    "trade_show": None, "list_import": None, "referral": "contact_form", "direct": "page_view",
    "outbound": None, "partner": "page_view", "product_signup": "free_trial_signup",
}

# first sales touch after MQL: (share, low, high) delay; last bucket = never touched
TOUCH_DELAY_BUCKETS = (
    (0.14, 20 * US_PER_SEC, 5 * 60 * US_PER_SEC),  # within 5 minutes
    (0.44, 5 * 60 * US_PER_SEC, 12 * US_PER_HOUR),  # within hours
    (0.30, 12 * US_PER_HOUR, 10 * US_PER_DAY),  # days
    (0.12, None, None),  # never
)
ACCEPT_MODEL = (1.25, 1.1)  # sigmoid(a + b * logit(propensity))
QUALIFY_MODEL = (-0.45, 1.2)
WIN_MODEL = (-0.9, 0.9)
REJECT_REASON_MIX = {"no_response": 0.30, "bad_timing": 0.25, "not_icp": 0.25, "no_budget": 0.20}
DISQUALIFY_REASON_MIX = {"no_budget": 0.35, "bad_timing": 0.25, "not_icp": 0.20, "no_response": 0.20}
NURTURE_AFTER_REJECT = 0.75
RECYCLE_COOL_OFF_DAYS = 14
AUTO_NURTURE_SHARE = 0.15  # non-MQL leads moved to nurture by automation
SALES_SOURCED_SHARE = 0.004  # non-MQL account leads worked by outbound sales
NULL_LEAD_OPP_SHARE = 0.06  # opportunities without a lead, relative to lead opportunities
OPP_CYCLE_MEDIAN_DAYS = (35.0, 60.0, 95.0)  # smb, mid, enterprise
OPP_AMOUNT_MEDIAN = (14_000.0, 42_000.0, 130_000.0)

# paid lead sources: cost per lead, parallel campaign tracks, campaign length (days)
PAID_SOURCES = {
    "paid_search": (160.0, 3, 90), "paid_social": (120.0, 2, 60),
    "content_syndication": (65.0, 2, 90), "webinar": (90.0, 1, 30),
    "event": (320.0, 1, 90), "trade_show": (450.0, 1, 180),
    "list_import": (12.0, 1, 180), "partner": (110.0, 2, 180),
}
LUMPY_SOURCES = ("event", "trade_show", "list_import")  # spend on a few days only

PAGES = (
    "/", "/product", "/product/lead-scoring", "/product/attribution", "/integrations",
    "/customers", "/blog/what-is-an-mql", "/blog/lead-scoring-models", "/blog/funnel-benchmarks",
    "/blog/speed-to-lead", "/about", "/careers", "/security", "/docs", "/compare",
)
CONTENT = (
    "State of B2B Funnels 2025 (report)", "Lead Scoring Playbook (ebook)", "MQL to SQL Benchmarks (report)",
    "Speed-to-Lead Checklist", "RevOps Maturity Model (whitepaper)", "Attribution 101 (ebook)",
    "ABM Starter Kit", "Pipeline Forecasting Template", "Buyer Intent Guide (ebook)",
    "Marketing Budget Planner", "Case Study: Bluestone Software", "Demand Gen Metrics Cheat Sheet",
)
WEBINAR_TOPICS = (
    "Funnel Metrics That Matter", "Scoring Leads Without Guesswork", "From MQL to Pipeline",
    "RevOps for Scale-ups", "Attribution in a Cookieless World", "Building an SDR Machine",
)
APP_PAGES = ("/app/dashboard", "/app/leads", "/app/scoring", "/app/reports", "/app/integrations")

GROWTH_OVER_HISTORY = 2.5  # lead volume at end-date vs at start

# ---------------------------------------------------------------------------
# Dirty-data classes
# ---------------------------------------------------------------------------

BAD_TIMESTAMPS = ("not a date", "2025-13-45 25:00:00", "", "N/A", "31/12/2025 10:00", "0000-00-00 00:00:00")
UNKNOWN_ACTIVITY_TYPES = ("chat_started", "g2_review", "linkedin_ad_click")
UNKNOWN_LEAD_SOURCES = ("tiktok", "podcast", "g2")
UNKNOWN_STATUSES = ("ghosted", "on_hold")
UNKNOWN_STAGES = ("verbal_commit", "legal_review")
HUGE_STRING_BYTES = 1_000_000
MAX_HUGE_ROWS = 3
MIN_DIRTY_OPPORTUNITIES = 16  # tiny runs: pad opportunities so every class fits

# ---------------------------------------------------------------------------
# Schemas
# ---------------------------------------------------------------------------

TS = pa.timestamp("us")
STR = pa.string()
SCHEMAS = {
    "accounts": pa.schema([
        ("account_id", STR), ("account_name", STR), ("domain", STR), ("industry", STR),
        ("employee_count", pa.int32()), ("annual_revenue_usd", pa.float64()), ("country", STR),
        ("created_at", TS), ("is_deleted", pa.bool_()),
    ]),
    "leads": pa.schema([
        ("lead_id", STR), ("email", STR), ("first_name", STR), ("last_name", STR),
        ("job_title", STR), ("company_name", STR), ("account_id", STR), ("lead_source", STR),
        ("country", STR), ("created_at", TS), ("updated_at", TS), ("is_deleted", pa.bool_()),
    ]),
    "activities": pa.schema([
        ("activity_id", STR), ("lead_id", STR), ("activity_type", STR), ("occurred_at", TS),
        ("asset", STR), ("campaign_id", STR),
    ]),
    "opportunities": pa.schema([
        ("opportunity_id", STR), ("account_id", STR), ("lead_id", STR), ("created_at", TS),
        ("stage", STR), ("amount_usd", pa.float64()), ("closed_at", TS), ("is_closed", pa.bool_()),
        ("is_won", pa.bool_()),
    ]),
    "lead_status_history": pa.schema([
        ("lead_id", STR), ("status", STR), ("changed_at", TS), ("reason", STR), ("owner_id", STR),
    ]),
    "campaign_spend": pa.schema([
        ("spend_date", pa.date32()), ("lead_source", STR), ("campaign_id", STR), ("amount_usd", pa.float64()),
    ]),
}
TRUTH_SCHEMA = pa.schema([
    ("lead_id", STR), ("propensity", pa.float64()), ("is_accepted", pa.bool_()),
    ("is_qualified", pa.bool_()), ("has_opportunity", pa.bool_()), ("is_won", pa.bool_()),
    ("is_mql", pa.bool_()), ("mql_at", TS), ("fit_score", pa.int32()),
    # the propensity without its per-lead noise term (last: earlier readers keep their columns)
    ("propensity_without_noise", pa.float64()),
])


def dirty_schema(schema: pa.Schema) -> pa.Schema:
    """Same schema with timestamp/date columns as ISO-8601 strings (dirty mode)."""
    return pa.schema([
        pa.field(f.name, STR) if pa.types.is_timestamp(f.type) or pa.types.is_date(f.type) else f
        for f in schema
    ])
