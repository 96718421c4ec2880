"""Synthetic raw-data generator for the lead_funnel dbt project.

Data model
----------
The generator writes six raw tables (Parquet) that look like a B2B marketing
automation + CRM export, plus a ``_truth`` folder with what was planted:

* ``accounts``            one row per company (about leads / 8). Company size is
  heavy-tailed (~60% smb < 200 employees, ~28% mid_market 200-999, ~12%
  enterprise >= 1000); industries mix ICP and non-ICP; each account owns a
  unique domain such as ``bluestone-logistics.com``.
* ``leads``               one row per person. Leads are assigned to accounts with
  a Zipf-like weight (a few accounts get thousands of contacts). ~75% carry an
  ``account_id``; ~15% have a null ``account_id`` but a corporate e-mail on an
  account's domain (the pipeline must match by domain); the rest use free-mail,
  academic, unmatched-corporate or competitor domains.
* ``activities``          engagement events. Every lead gets a number of *bursts*
  (a buying journey or a nurture touch) after its creation; "hot" bursts are
  dense and intent-heavy (pricing views, webinars, demo requests), "cold" ones
  are mostly e-mail opens / page views. Sales activities (``sales_call``,
  ``sales_email``, ``meeting_held``) are only written once a lead is worked.
* ``lead_status_history`` ``open`` at creation, then the sales process:
  ``working`` -> ``accepted`` / ``rejected`` (-> ``nurture``, possibly
  recycled and worked again) -> ``qualified`` / ``disqualified``.
* ``opportunities``       created for qualified leads (plus a few sales-sourced
  ones, some without lead), with log-normal amounts, stages and close dates.
* ``campaign_spend``      daily spend per paid lead source and campaign.

Planted truth
-------------
Every lead has a latent propensity::

    propensity = sigmoid(intercept + seniority + persona + company size
                         + ICP industry + e-mail type + N(0, noise))

It drives *both* engagement (number of bursts, share of hot bursts, burst
size, hence the intent mix) *and* the sales outcomes (accepted, qualified,
won).  The sales process is triggered at the moment a numpy re-implementation
of the dbt MQL rule first fires: fit score + engagement over the segment's
trailing recency window (per-type and total caps) against the segment
threshold, the hand-raiser override and the source restrictions.  Delays to
the first sales touch range from minutes to days (some MQLs are never worked).  The propensity and
the planted outcomes are written to ``_truth/lead_propensity.parquet``.

Determinism and scale
---------------------
Leads are produced in fixed-size chunks (``LEADS_PER_CHUNK``); each chunk has
its own ``numpy.random.Generator`` seeded with ``SeedSequence(seed,
spawn_key=(stream, chunk))``, so output is identical for the same arguments
and memory is bounded by one chunk.  Large tables are streamed with
``pyarrow.parquet.ParquetWriter``.  Everything is vectorised with numpy /
pyarrow.compute; Python loops only run over chunks, enumerations and
activity types.

Dirty mode
----------
``--dirty RATE`` injects every bad-input class (duplicates, malformed e-mails,
null / unparseable / future timestamps, unknown enum values, orphans, ...) at
roughly RATE per table.  Timestamp and date columns are then written as
ISO-8601 strings so unparseable values can be represented.  Injected counts
per class go to ``_truth/dirty_manifest.json``.  Dirty injections use their
own random streams, so a dirty run is the clean run plus injections.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

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

TABLES = (
    "accounts",
    "leads",
    "activities",
    "opportunities",
    "lead_status_history",
    "campaign_spend",
)

# ---------------------------------------------------------------------------
# Enumerations
# ---------------------------------------------------------------------------

LEAD_SOURCES = (
    "organic_search", "paid_search", "paid_social", "content_syndication",
    "webinar", "event", "trade_show", "list_import", "referral", "direct",
    "outbound", "partner", "product_signup",
)
LEAD_SOURCE_MIX = (0.16, 0.14, 0.09, 0.10, 0.08, 0.05, 0.04, 0.07, 0.04, 0.06, 0.06, 0.05, 0.06)
# these sources become MQL only through a hand-raiser activity
HAND_RAISER_ONLY_SOURCES = ("list_import", "trade_show", "event", "outbound")

ACTIVITY_TYPES = (
    "email_open", "email_click", "page_view", "pricing_page_view",
    "content_download", "webinar_registered", "webinar_attended",
    "demo_request", "contact_form", "free_trial_signup", "roi_calculator",
    "product_usage", "unsubscribe", "email_bounce", "sales_call",
    "sales_email", "meeting_held",
)
A = {name: i for i, name in enumerate(ACTIVITY_TYPES)}
HAND_RAISERS = ("demo_request", "contact_form")
EMAIL_TYPES = ("email_open", "email_click", "unsubscribe", "email_bounce")

STATUSES = ("open", "working", "accepted", "rejected", "qualified", "disqualified", "nurture")
S = {name: i for i, name in enumerate(STATUSES)}
STAGES = ("discovery", "proposal", "negotiation", "closed_won", "closed_lost")
REASONS = ("no_budget", "not_icp", "bad_timing", "student", "competitor", "no_response")
R = {name: i for i, name in enumerate(REASONS)}

# engagement points and per-type cap inside the recency window (None = uncapped)
ENGAGEMENT_POINTS = {
    "email_open": (1, 5), "email_click": (3, 15), "page_view": (2, 10),
    "content_download": (5, 15), "webinar_registered": (5, 10),
    "webinar_attended": (15, 30), "pricing_page_view": (20, 20),
    "roi_calculator": (20, 20), "contact_form": (25, 25),
    "free_trial_signup": (30, 30), "demo_request": (40, 40),
    "product_usage": (2, 20), "unsubscribe": (-10, None), "email_bounce": (-10, None),
}
ENGAGEMENT_TOTAL_CAP = 40
MQL_MIN_FIT, MQL_MIN_ENGAGEMENT = 25, 10
MQL_THRESHOLD = {"enterprise": 70, "mid_market": 75, "smb": 75}

# ---------------------------------------------------------------------------
# Firmographics
# ---------------------------------------------------------------------------

ICP_INDUSTRIES = (
    "software", "saas", "internet", "information technology",
    "financial services", "fintech", "healthcare technology",
)
# industry -> (share of accounts, words used in company names / domains)
INDUSTRIES = {
    "software": (0.12, ("Software", "Systems", "Apps", "Code")),
    "saas": (0.08, ("Cloud", "Platform", "HQ", "Suite")),
    "internet": (0.05, ("Online", "Web", "Net", "Social")),
    "information technology": (0.08, ("IT", "Technologies", "Tech", "Networks")),
    "financial services": (0.06, ("Capital", "Financial", "Bank", "Insurance")),
    "fintech": (0.03, ("Pay", "Payments", "Fintech", "Ledger")),
    "healthcare technology": (0.03, ("Health", "Medtech", "Care", "Bio")),
    "manufacturing": (0.09, ("Manufacturing", "Industries", "Machinery", "Components")),
    "retail": (0.07, ("Retail", "Stores", "Outfitters", "Market")),
    "logistics": (0.05, ("Logistics", "Freight", "Shipping", "Transport")),
    "construction": (0.04, ("Construction", "Builders", "Engineering")),
    "hospitality": (0.03, ("Hotels", "Hospitality", "Resorts")),
    "media": (0.04, ("Media", "Studios", "Publishing")),
    "telecommunications": (0.03, ("Telecom", "Communications", "Wireless")),
    "energy": (0.03, ("Energy", "Power", "Solar")),
    "real estate": (0.03, ("Realty", "Properties", "Estates")),
    "healthcare": (0.05, ("Clinic", "Medical", "Hospital")),
    "education": (0.03, ("Academy", "Learning", "Education")),
    "government": (0.02, ("County", "Authority")),
    "nonprofit": (0.02, ("Foundation", "Trust", "Alliance")),
    "consulting": (0.02, ("Consulting", "Advisory", "Strategy")),
}
INDUSTRY_NAMES = tuple(INDUSTRIES)
# used only for corporate domains that match no account
UNMATCHED_WORDS = ("Ventures", "Studio", "Collective", "Agency", "Labs", "Designs")
# suffix words that keep names/domains unique when brand x word combos run out
NAME_VARIANTS = ("Group", "Global", "International", "USA", "Europe", "Holdings", "Worldwide", "Partners")

BRAND_PREFIXES = (
    "acme", "blue", "north", "summit", "nova", "bright", "iron", "silver",
    "green", "red", "clear", "true", "swift", "peak", "prime", "bold",
    "open", "cedar", "maple", "oak", "pine", "river", "lake", "stone",
    "sun", "moon", "star", "sky", "polar", "coral", "amber", "jade",
    "onyx", "cobalt", "crimson", "golden", "harbor", "eagle", "falcon", "fox",
    "wolf", "bear", "lion", "atlas", "vertex",
)
BRAND_ROOTS = (
    "field", "bridge", "point", "line", "gate", "path", "wave", "crest",
    "ridge", "rock", "view", "way", "forge", "works", "hub", "spring",
    "wood", "light", "mark", "port", "base", "core", "shift", "scale",
    "sight", "well", "brook", "haven", "vale", "land", "bay", "dale",
    "ford", "mont", "quest", "trail", "wing", "yard", "zone", "craft",
)
COUNTRIES = ("US", "GB", "DE", "CA", "FR", "NL", "AU", "IN", "SE", "ES", "BR", "SG", "IE", "JP", "IT", "CH")
COUNTRY_MIX = (0.52, 0.10, 0.07, 0.05, 0.04, 0.03, 0.03, 0.04, 0.02, 0.02, 0.02, 0.015, 0.015, 0.01, 0.01, 0.01)
LEGAL_SUFFIX = {"US": " Inc.", "GB": " Ltd", "DE": " GmbH", "FR": " SAS", "NL": " B.V."}

# segment thresholds and mix (accounts)
SEGMENTS = ("smb", "mid_market", "enterprise")
SEGMENT_MIX = (0.60, 0.28, 0.12)
RECENCY_WINDOW_DAYS = {"smb": 30, "mid_market": 45, "enterprise": 60}
ACCOUNT_DELETED_SHARE = 0.01
# lead-to-account assignment weight: employees ** exponent * lognormal noise (Zipf-like tail)
CONTACT_WEIGHT_EXPONENT, CONTACT_WEIGHT_SIGMA = 0.5, 1.2

FREE_MAIL_DOMAINS = (
    "gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com",
    "aol.com", "protonmail.com", "gmx.de", "yahoo.co.uk", "live.com",
)
FREE_MAIL_MIX = (0.45, 0.12, 0.12, 0.10, 0.07, 0.03, 0.03, 0.03, 0.03, 0.02)
ACADEMIC_DOMAINS = (
    ("northfield.edu", "Northfield University"), ("lakeside-state.edu", "Lakeside State University"),
    ("riverton.edu", "Riverton College"), ("westbrook.edu", "Westbrook University"),
    ("oxbridge.ac.uk", "University of Oxbridge"), ("kingsgate.ac.uk", "Kingsgate College London"),
    ("hokkai-u.ac.jp", "Hokkai University"), ("aukland-tech.ac.nz", "Aukland Institute of Technology"),
)
COMPETITOR_DOMAINS = (("rivalfunnel.com", "RivalFunnel"), ("competitor-analytics.io", "Competitor Analytics"))

# lead kinds: how the lead relates to an account
KIND_ACCOUNT, KIND_DOMAIN, KIND_FREE, KIND_ACADEMIC, KIND_UNMATCHED, KIND_COMPETITOR = range(6)
KIND_MIX = (0.75, 0.15, 0.065, 0.015, 0.017, 0.003)
ACCOUNT_LEAD_FREE_MAIL_SHARE = 0.03  # leads with account_id but a gmail address
EMAIL_CORPORATE, EMAIL_FREE, EMAIL_ACADEMIC, EMAIL_COMPETITOR = range(4)

# ---------------------------------------------------------------------------
# Job titles: (title, seniority, persona, weight in corporate pool, weight in free-mail pool)
# ---------------------------------------------------------------------------

SENIORITIES = ("executive", "vp", "director", "manager", "other", "student")
PERSONAS = ("marketing", "sales", "revops", "finance", "other")
SEN = {name: i for i, name in enumerate(SENIORITIES)}
PER = {name: i for i, name in enumerate(PERSONAS)}

TITLES = (
    ("Chief Executive Officer", "executive", "other", 1.2, 0.6),
    ("CEO", "executive", "other", 0.8, 0.6),
    ("Founder & CEO", "executive", "other", 1.0, 1.5),
    ("Co-Founder", "executive", "other", 0.6, 1.0),
    ("Owner", "executive", "other", 0.6, 2.0),
    ("President", "executive", "other", 0.4, 0.3),
    ("Chief Marketing Officer", "executive", "marketing", 1.0, 0.2),
    ("CMO", "executive", "marketing", 0.5, 0.1),
    ("Chief Revenue Officer", "executive", "sales", 0.7, 0.1),
    ("Chief Financial Officer", "executive", "finance", 0.8, 0.2),
    ("Chief Technology Officer", "executive", "other", 0.8, 0.4),
    ("Chief Operating Officer", "executive", "other", 0.5, 0.2),
    ("VP of Marketing", "vp", "marketing", 2.2, 0.3),
    ("Vice President, Marketing", "vp", "marketing", 0.8, 0.1),
    ("vp marketing", "vp", "marketing", 0.3, 0.1),
    ("VP Sales", "vp", "sales", 1.5, 0.3),
    ("Vice President of Sales", "vp", "sales", 0.8, 0.1),
    ("SVP, Global Sales", "vp", "sales", 0.3, 0.0),
    ("VP Revenue Operations", "vp", "revops", 0.6, 0.0),
    ("Head of Growth", "vp", "revops", 1.0, 0.5),
    ("Head of Marketing", "vp", "marketing", 1.5, 0.4),
    ("Head of Sales", "vp", "sales", 0.9, 0.3),
    ("VP of Finance", "vp", "finance", 0.5, 0.1),
    ("VP Engineering", "vp", "other", 0.8, 0.2),
    ("Head of Product", "vp", "other", 0.6, 0.2),
    ("Director of Marketing", "director", "marketing", 2.0, 0.3),
    ("Marketing Director", "director", "marketing", 1.2, 0.3),
    ("Director, Revenue Operations", "director", "revops", 0.8, 0.1),
    ("Sales Director", "director", "sales", 1.2, 0.3),
    ("Director of Sales Operations", "director", "revops", 0.5, 0.0),
    ("Director of Growth Marketing", "director", "revops", 0.6, 0.1),
    ("Finance Director", "director", "finance", 0.7, 0.1),
    ("Director of Engineering", "director", "other", 0.9, 0.2),
    ("IT Director", "director", "other", 0.8, 0.2),
    ("Marketing Manager", "manager", "marketing", 4.0, 1.5),
    ("Senior Marketing Manager", "manager", "marketing", 1.8, 0.5),
    ("Product Marketing Manager", "manager", "marketing", 1.6, 0.5),
    ("Sales Manager", "manager", "sales", 1.8, 0.6),
    ("Marketing Operations Manager", "manager", "revops", 1.2, 0.2),
    ("Sales Operations Manager", "manager", "revops", 0.8, 0.2),
    ("Growth Manager", "manager", "revops", 0.8, 0.5),
    ("Finance Manager", "manager", "finance", 0.9, 0.3),
    ("Engineering Manager", "manager", "other", 1.0, 0.3),
    ("Project Manager", "manager", "other", 1.4, 1.0),
    ("Product Manager", "manager", "other", 1.2, 0.6),
    ("Customer Success Manager", "manager", "other", 1.0, 0.5),
    ("Office Manager", "manager", "other", 0.5, 0.5),
    ("Account Executive", "other", "sales", 2.0, 0.8),
    ("Sales Development Representative", "other", "sales", 1.8, 0.8),
    ("Marketing Specialist", "other", "marketing", 2.2, 1.0),
    ("Marketing Coordinator", "other", "marketing", 1.8, 1.0),
    ("Growth Marketer", "other", "revops", 0.8, 0.6),
    ("mktg mgr", "manager", "marketing", 0.3, 0.2),
    ("Financial Analyst", "other", "finance", 1.2, 0.5),
    ("Accountant", "other", "finance", 0.8, 0.6),
    ("Software Engineer", "other", "other", 4.0, 3.0),
    ("Senior Software Engineer", "other", "other", 2.0, 1.5),
    ("Data Analyst", "other", "other", 2.2, 2.0),
    ("Data Scientist", "other", "other", 1.2, 1.2),
    ("Business Development Representative", "other", "other", 1.0, 0.6),
    ("Consultant", "other", "other", 1.5, 2.5),
    ("Operations Analyst", "other", "other", 1.0, 0.6),
    ("HR Generalist", "other", "other", 0.6, 0.5),
    ("Designer", "other", "other", 0.8, 1.5),
    ("Content Writer", "other", "other", 0.6, 1.2),
    ("Intern", "student", "other", 0.5, 1.5),
    ("Marketing Intern", "student", "marketing", 0.4, 1.2),
    ("Student", "student", "other", 0.1, 3.0),
)
ACADEMIC_TITLES = (
    ("Student", "student", "other", 5.0),
    ("Graduate Student", "student", "other", 2.0),
    ("PhD Student", "student", "other", 1.5),
    ("MBA Student", "student", "other", 1.0),
    ("Intern", "student", "other", 1.0),
    ("Research Assistant", "other", "other", 1.5),
    ("Professor", "other", "other", 1.0),
    ("Lecturer", "other", "other", 0.7),
)

FIRST_NAMES = (
    "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William", "Elizabeth",
    "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
    "Christopher", "Nancy", "Daniel", "Lisa", "Matthew", "Betty", "Anthony", "Margaret", "Mark", "Sandra",
    "Donald", "Ashley", "Steven", "Kimberly", "Paul", "Emily", "Andrew", "Donna", "Joshua", "Michelle",
    "Kenneth", "Carol", "Kevin", "Amanda", "Brian", "Melissa", "George", "Deborah", "Timothy", "Stephanie",
    "Ronald", "Rebecca", "Edward", "Sharon", "Jason", "Laura", "Jeffrey", "Cynthia", "Ryan", "Kathleen",
    "Jacob", "Amy", "Gary", "Angela", "Nicholas", "Shirley", "Eric", "Anna", "Jonathan", "Brenda",
    "Stephen", "Pamela", "Larry", "Emma", "Justin", "Nicole", "Scott", "Helen", "Brandon", "Samantha",
    "Benjamin", "Katherine", "Samuel", "Christine", "Gregory", "Debra", "Alexander", "Rachel", "Frank", "Carolyn",
    "Patrick", "Janet", "Raymond", "Catherine", "Jack", "Maria", "Dennis", "Heather", "Jerry", "Diane",
    "Tyler", "Ruth", "Aaron", "Julie", "Jose", "Olivia", "Adam", "Joyce", "Nathan", "Virginia",
    "Henry", "Victoria", "Douglas", "Kelly", "Zachary", "Lauren", "Peter", "Christina", "Kyle", "Joan",
    "Lukas", "Sophie", "Felix", "Lena", "Pierre", "Camille", "Hugo", "Chloe", "Arjun", "Priya",
    "Rahul", "Ananya", "Wei", "Mei", "Hiroshi", "Yuki", "Lars", "Ingrid", "Mateo", "Lucia",
    "Diego", "Valentina", "Liam", "Aoife", "Noah", "Freya", "Oliver", "Isla", "Finn", "Saoirse",
)
LAST_NAMES = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
    "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
    "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
    "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
    "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
    "Gomez", "Phillips", "Evans", "Turner", "Diaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes",
    "Stewart", "Morris", "Morales", "Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper",
    "Peterson", "Bailey", "Reed", "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson",
    "Watson", "Brooks", "Chavez", "Wood", "James", "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes",
    "Price", "Alvarez", "Castillo", "Sanders", "Patel", "Myers", "Long", "Ross", "Foster", "Jimenez",
    "Powell", "Jenkins", "Perry", "Russell", "Sullivan", "Bell", "Coleman", "Butler", "Henderson", "Barnes",
    "Gonzales", "Fisher", "Vasquez", "Simmons", "Romero", "Jordan", "Patterson", "Alexander", "Hamilton", "Graham",
    "Reynolds", "Griffin", "Wallace", "Moreno", "West", "Cole", "Hayes", "Bryant", "Herrera", "Gibson",
    "Ellis", "Tran", "Medina", "Aguilar", "Stevens", "Murray", "Ford", "Castro", "Marshall", "Owens",
    "Muller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Dubois", "Laurent",
    "Lefebvre", "Moreau", "Sharma", "Gupta", "Singh", "Kumar", "Wang", "Zhang", "Chen", "Liu",
    "Tanaka", "Suzuki", "Sato", "Larsen", "Nielsen", "Johansson", "Andersson", "Rossi", "Russo", "Ferrari",
    "Silva", "Santos", "Oliveira", "Costa", "Byrne", "Walsh", "OBrien", "Doyle", "Novak", "Kowalski",
    "Jansen", "DeVries", "Bakker", "Visser", "Smit", "Meijer", "Hoffmann", "Koch", "Richter", "Klein",
    "Wolf", "Schroeder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Hofmann", "Hartmann", "Lange", "Werner",
)

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
])


def dirty_schema(schema: pa.Schema) -> pa.Schema:
    """Same schema with timestamp/date columns as ISO-8601 strings (dirty mode)."""
    return pa.schema([
        pa.field(f.name, STR) if pa.types.is_timestamp(f.type) or pa.types.is_date(f.type) else f
        for f in schema
    ])


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------


def _rng(seed: int, *key: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=tuple(key)))


def _probs(weights) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    return w / w.sum()


def _choice(rng: np.random.Generator, weights, size: int) -> np.ndarray:
    """Vectorised categorical draw (integer codes) from a fixed weight vector."""
    cdf = np.cumsum(_probs(weights))
    cdf[-1] = 1.0
    return np.searchsorted(cdf, rng.random(size), side="right")


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _logit(p):
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def _log_uniform(rng, low, high, size):
    return np.exp(rng.uniform(math.log(low), math.log(high), size))


def _ids(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    """``prefix`` + zero-padded number, built in Arrow (fast for millions of rows)."""
    digits = pc.utf8_lpad(pc.cast(pa.array(numbers, pa.int64()), STR), width=width, padding="0")
    return pc.binary_join_element_wise(prefix, digits, "")


def _take(dictionary, codes: np.ndarray) -> pa.Array:
    """Strings from a dictionary by integer code; negative codes become null."""
    if not isinstance(dictionary, pa.Array):
        dictionary = pa.array(list(dictionary), STR)
    codes = np.asarray(codes)
    return pc.take(dictionary, pa.array(codes.astype(np.int64), mask=codes < 0))


def _join(*parts) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def _ts(us: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    return pa.array(np.asarray(us, dtype=np.int64), TS, mask=null)


def _to_us(d: dt.date) -> int:
    return (d - EPOCH).days * US_PER_DAY


def _months_before(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.year * 12 + d.month - 1 - months, 12)
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _segment_codes(emp: np.ndarray) -> np.ndarray:
    """0 smb (< 200 or unknown), 1 mid_market, 2 enterprise."""
    return np.where(emp >= 1000, 2, np.where(emp >= 200, 1, 0)).astype(np.int8)


def _size_band(emp: np.ndarray) -> np.ndarray:
    band = np.select([emp < 0, emp < 10, emp < 50, emp < 200, emp < 1000], [5, 0, 1, 2, 3], 4)
    return band.astype(np.int8)


def _coprime_multiplier(modulus: int) -> int:
    a = max(3, int(modulus * 0.6180339887)) | 1
    while math.gcd(a, modulus) != 1:
        a += 2
    return a


def _segment_starts(event_sizes: np.ndarray) -> np.ndarray:
    """Segment start offsets for ``np.repeat``-expanded arrays."""
    return np.cumsum(event_sizes) - event_sizes


# ---------------------------------------------------------------------------
# Run context
# ---------------------------------------------------------------------------


@dataclass
class Context:
    """Everything shared by all chunks of one run."""

    n_leads: int
    seed: int
    start_date: dt.date
    end_date: dt.date
    start_us: int
    end_us: int  # end-date 23:59:59.999999
    dirty: float
    lead_width: int
    act_width: int
    n_sdr: int
    n_ae: int
    # accounts (numpy + arrow columns)
    acc_ids: pa.Array
    acc_names: pa.Array
    acc_domains: pa.Array
    acc_emp: np.ndarray
    acc_icp: np.ndarray
    acc_country: np.ndarray
    acc_cdf: np.ndarray
    # naming permutation for people
    name_modulus: int
    name_mult: int
    name_offset: int
    # campaign catalogue
    campaign_ids: pa.Array
    source_campaign_base: dict
    source_periods: dict
    email_campaign_base: int
    asset_dict: pa.Array
    asset_ranges: dict  # activity type code -> (start, count) in asset_dict
    webinar_asset_base: int
    webinar_period_us: int

    @property
    def history_us(self) -> int:
        return self.end_us - self.start_us

    def lead_ids(self, numbers: np.ndarray) -> pa.Array:
        return _ids("lead_", numbers, self.lead_width)


# ---------------------------------------------------------------------------
# Accounts
# ---------------------------------------------------------------------------


def _check_word_lists() -> None:
    words = [w.lower() for _, ws in INDUSTRIES.values() for w in ws] + [w.lower() for w in UNMATCHED_WORDS]
    variants = [v.lower() for v in NAME_VARIANTS]
    if len(set(words)) != len(words) or set(words) & set(variants):  # pragma: no cover
        raise ValueError("industry words must be unique so that account names and domains are unique")


_check_word_lists()


def _brand_names() -> tuple[list[str], list[str]]:
    """Capitalised brand names and their slugs ('Bluestone', 'bluestone'), checked unique."""
    slugs = [p + r for p in BRAND_PREFIXES for r in BRAND_ROOTS]
    if len(set(slugs)) != len(slugs):  # pragma: no cover - guards the word lists
        raise ValueError("brand word lists produce ambiguous names")
    return [s.capitalize() for s in slugs], slugs


def _make_accounts(ctx_seed: int, n_accounts: int, start_us: int, end_us: int):
    """Return a dict of numpy/arrow columns for the accounts table."""
    rng = _rng(ctx_seed, STREAM_ACCOUNTS)
    n = n_accounts
    industry = _choice(rng, [v[0] for v in INDUSTRIES.values()], n)

    # company size: segment first, then a log-scale draw inside the band
    seg = _choice(rng, SEGMENT_MIX, n)
    smb = np.where(rng.random(n) < 0.2, _log_uniform(rng, 1, 9.99, n), _log_uniform(rng, 10, 199.99, n))
    mid = _log_uniform(rng, 200, 999.99, n)
    ent = np.minimum(1000 * (1 - rng.random(n)) ** (-1 / 1.1), 350_000)  # Pareto tail
    emp = np.floor(np.choose(seg, [smb, mid, ent])).astype(np.int32)

    rev_per_emp = rng.lognormal(math.log(180_000), 0.5, n)
    revenue = np.round(emp * rev_per_emp, -3)
    country = _choice(rng, COUNTRY_MIX, n)
    # created before or during the history; moved before first use once all leads exist (see _accounts_table)
    span = 3 * 365 * US_PER_DAY + 0.9 * (end_us - start_us)
    created = start_us - 3 * 365 * US_PER_DAY + (rng.random(n) * span).astype(np.int64)
    lead_time = (rng.uniform(1, 30 * 24, n) * US_PER_HOUR).astype(np.int64)  # account created before first use
    u = rng.random(n)
    is_deleted = u < ACCOUNT_DELETED_SHARE
    is_deleted[np.argmin(u)] = True  # always a few

    # unique names: within each industry, account k gets combination perm(k) of brand x word x variant
    brands, brand_slugs = _brand_names()
    name_parts, slug_parts = [], []
    order = np.argsort(industry, kind="stable")
    counts = np.bincount(industry, minlength=len(INDUSTRY_NAMES))
    rank = np.empty(n, np.int64)
    rank[order] = np.arange(n) - np.repeat(_segment_starts(counts), counts)
    for ind, words in enumerate(v[1] for v in INDUSTRIES.values()):
        members = order[np.repeat(np.arange(len(counts)), counts) == ind]
        if len(members) == 0:
            continue
        base = len(brands) * len(words)
        k_max = -(-len(members) // base)
        modulus = base * k_max
        mult = _coprime_multiplier(modulus)
        c = (rank[members] * mult + ctx_seed * 7919 + ind) % modulus
        b, w, k = c % len(brands), (c // len(brands)) % len(words), c // base
        variants = [""] + [f" {NAME_VARIANTS[(j - 1) % len(NAME_VARIANTS)]}"
                           + ("" if j <= len(NAME_VARIANTS) else f" {(j - 1) // len(NAME_VARIANTS) + 1}")
                           for j in range(1, k_max)]
        name_parts.append((members, _join(_take(brands, b), " ", _take(words, w), _take(variants, k))))
        slug_variants = [v.lower().replace(" ", "-") for v in variants]
        slug_parts.append((members, _join(_take(brand_slugs, b), "-", _take([x.lower() for x in words], w),
                                          _take(slug_variants, k))))
    names = _scatter_strings(n, name_parts)
    slugs = _scatter_strings(n, slug_parts)

    # top-level domain by country / industry
    tld_code = np.zeros(n, np.int8)  # .com
    tld_code[(np.asarray(COUNTRIES)[country] == "GB") & (rng.random(n) < 0.4)] = 1
    tld_code[(np.asarray(COUNTRIES)[country] == "DE") & (rng.random(n) < 0.5)] = 2
    techy = np.isin(industry, [INDUSTRY_NAMES.index(x) for x in ("software", "saas", "internet")])
    tld_code[techy & (rng.random(n) < 0.25)] = 3
    domains = _join(slugs, _take([".com", ".co.uk", ".de", ".io"], tld_code))

    # Zipf-like contact weight: bigger companies have far more contacts
    weight = emp.astype(float) ** CONTACT_WEIGHT_EXPONENT * rng.lognormal(0, CONTACT_WEIGHT_SIGMA, n)
    cdf = np.cumsum(weight)
    cdf /= cdf[-1]
    return {
        "ids": _ids("acc_", np.arange(1, n + 1), max(6, len(str(n)))),
        "names": names, "domains": domains, "industry": industry, "emp": emp, "revenue": revenue,
        "country": country, "created": created, "lead_time": lead_time, "is_deleted": is_deleted,
        "first_used": np.full(n, np.iinfo(np.int64).max),
        "icp": np.isin(industry, [INDUSTRY_NAMES.index(x) for x in ICP_INDUSTRIES]), "cdf": cdf,
    }


def _scatter_strings(n: int, parts) -> pa.Array:
    """Assemble a string array from (positions, values) pieces covering 0..n-1."""
    positions = np.concatenate([p for p, _ in parts])
    values = pa.concat_arrays([v for _, v in parts])
    inverse = np.empty(n, np.int64)
    inverse[positions] = np.arange(n)
    return values.take(pa.array(inverse))


def _accounts_table(acc) -> pa.Table:
    created = np.minimum(acc["created"], acc["first_used"] - acc["lead_time"])
    return pa.table({
        "account_id": acc["ids"], "account_name": acc["names"], "domain": acc["domains"],
        "industry": _take(INDUSTRY_NAMES, acc["industry"]),
        "employee_count": pa.array(acc["emp"], pa.int32()),
        "annual_revenue_usd": pa.array(acc["revenue"], pa.float64()),
        "country": _take(COUNTRIES, acc["country"]), "created_at": _ts(created),
        "is_deleted": pa.array(acc["is_deleted"]),
    }, schema=SCHEMAS["accounts"])


# ---------------------------------------------------------------------------
# Campaign catalogue and assets
# ---------------------------------------------------------------------------


def _campaign_catalogue(start_us: int, end_us: int):
    base, periods, n = {}, {}, 0
    for source, (_, tracks, days) in PAID_SOURCES.items():
        n_periods = -(-(end_us - start_us) // (days * US_PER_DAY))
        base[source] = n
        periods[source] = (days * US_PER_DAY, int(n_periods), tracks)
        n += tracks * int(n_periods)
    email_base = n
    n_months = -(-(end_us - start_us) // (30 * US_PER_DAY))
    n += int(n_months)
    return _ids("cmp_", np.arange(1, n + 1), 5), base, periods, email_base


def _campaign_for(ctx: Context, source: str, t_us: np.ndarray, track: np.ndarray) -> np.ndarray:
    period_us, n_periods, _ = ctx.source_periods[source]
    idx = np.clip((t_us - ctx.start_us) // period_us, 0, n_periods - 1)
    return ctx.source_campaign_base[source] + track * n_periods + idx


def _asset_catalogue(start_us: int, webinar_period_us: int, n_webinars: int):
    values, ranges = [], {}

    def add(types, items):
        for t in types:
            ranges[A[t]] = (len(values), len(items))
        values.extend(items)

    add(["page_view"], PAGES)
    add(["pricing_page_view"], ["/pricing"])
    add(["content_download"], CONTENT)
    add(["roi_calculator"], ["/roi-calculator"])
    add(["demo_request"], ["/demo"])
    add(["contact_form"], ["/contact"])
    add(["free_trial_signup"], ["/signup"])
    add(["product_usage"], APP_PAGES)
    webinar_base = len(values)
    for i in range(n_webinars):
        month = dt.datetime.fromtimestamp((start_us + i * webinar_period_us) / US_PER_SEC, dt.UTC)
        values.append(f"Webinar: {WEBINAR_TOPICS[i % len(WEBINAR_TOPICS)]} ({month:%Y-%m})")
    return pa.array(values, STR), ranges, webinar_base


# ---------------------------------------------------------------------------
# Leads
# ---------------------------------------------------------------------------


@dataclass
class LeadChunk:
    gidx: np.ndarray  # global lead number (1-based)
    ids: pa.Array
    kind: np.ndarray
    email_type: np.ndarray
    account: np.ndarray  # account index matched by id or domain, -1 if none
    emp: np.ndarray  # employee count of matched account, -1 if unknown
    icp: np.ndarray
    seniority: np.ndarray
    persona: np.ndarray
    title: np.ndarray  # index into TITLES (+ len(TITLES) for academic titles)
    source: np.ndarray
    country: np.ndarray
    created: np.ndarray
    propensity: np.ndarray
    fit: np.ndarray
    segment: np.ndarray

    @property
    def n(self) -> int:
        return len(self.gidx)


def _title_tables():
    titles = [t[0] for t in TITLES] + [t[0] for t in ACADEMIC_TITLES]
    sen = np.array([SEN[t[1]] for t in TITLES] + [SEN[t[1]] for t in ACADEMIC_TITLES], np.int8)
    per = np.array([PER[t[2]] for t in TITLES] + [PER[t[2]] for t in ACADEMIC_TITLES], np.int8)
    return titles, sen, per


TITLE_STRINGS, TITLE_SENIORITY, TITLE_PERSONA = _title_tables()


def _created_times(rng, ctx: Context, n: int) -> np.ndarray:
    """Creation timestamps: volume grows over the history, business-hours heavy, fewer weekends."""
    g = math.log(GROWTH_OVER_HISTORY)
    frac = np.log1p(rng.random(n) * (math.exp(g) - 1)) / g
    n_days = ctx.history_us // US_PER_DAY + 1
    day = np.minimum((frac * n_days).astype(np.int64), n_days - 1)
    weekday = (ctx.start_date.weekday() + day) % 7
    shift = (weekday >= 5) & (rng.random(n) < 0.6)
    day = np.where(shift, np.minimum(day + (7 - weekday), n_days - 1), day)
    office = rng.random(n) < 0.75
    hour = np.where(office, np.clip(rng.normal(14.5, 3.0, n), 0, 23.99), rng.uniform(0, 24, n))
    t = ctx.start_us + day * US_PER_DAY + (hour * US_PER_HOUR).astype(np.int64)
    return np.minimum(t, ctx.end_us)


def fit_score_points(seniority, persona, emp, icp, email_type) -> np.ndarray:
    """The dbt fit score, re-implemented on the planted attributes."""
    sen_pts = np.array([25, 25, 20, 10, 0, -50])[seniority]
    per_pts = np.where(persona != PER["other"], 10, 0)
    size_pts = np.select([emp >= 200, emp >= 50, (emp >= 0) & (emp < 10)], [15, 10, -30], 0)
    mail_pts = np.array([0, -20, -50, 0])[email_type]
    return (sen_pts + per_pts + size_pts + np.where(icp, 10, 0) + mail_pts).astype(np.int32)


def _make_leads(rng, ctx: Context, lo: int, hi: int):
    """Lead attributes, propensity and the leads Arrow columns for leads lo+1..hi."""
    n = hi - lo
    gidx = np.arange(lo + 1, hi + 1)
    kind = _choice(rng, KIND_MIX, n)
    account = np.where(kind <= KIND_DOMAIN, np.searchsorted(ctx.acc_cdf, rng.random(n), side="right"), -1)
    account = np.minimum(account, len(ctx.acc_emp) - 1)
    email_type = np.select(
        [kind == KIND_FREE, kind == KIND_ACADEMIC, kind == KIND_COMPETITOR],
        [EMAIL_FREE, EMAIL_ACADEMIC, EMAIL_COMPETITOR], EMAIL_CORPORATE).astype(np.int8)
    email_type[(kind == KIND_ACCOUNT) & (rng.random(n) < ACCOUNT_LEAD_FREE_MAIL_SHARE)] = EMAIL_FREE

    has_acc = account >= 0
    emp = np.where(has_acc, ctx.acc_emp[np.maximum(account, 0)], -1)
    icp = has_acc & ctx.acc_icp[np.maximum(account, 0)]

    # job titles from three pools
    corp_w = [t[3] for t in TITLES]
    free_w = [t[4] for t in TITLES]
    title = _choice(rng, corp_w, n)
    free_title = _choice(rng, free_w, n)
    acad_title = _choice(rng, [t[3] for t in ACADEMIC_TITLES], n) + len(TITLES)
    title = np.where(kind == KIND_FREE, free_title, np.where(kind == KIND_ACADEMIC, acad_title, title))
    seniority = TITLE_SENIORITY[title]
    persona = TITLE_PERSONA[title]

    z = (PROPENSITY_INTERCEPT
         + np.array([SENIORITY_EFFECT[s] for s in SENIORITIES])[seniority]
         + np.array([PERSONA_EFFECT[p] for p in PERSONAS])[persona]
         + np.array(SIZE_EFFECT)[_size_band(emp)]
         + np.where(icp, ICP_EFFECT, 0.0)
         + np.array(EMAIL_EFFECT)[email_type]
         + rng.normal(0, PROPENSITY_NOISE_SD, n))
    propensity = _sigmoid(z)
    fit = fit_score_points(seniority, persona, emp, icp, email_type)

    source = _choice(rng, LEAD_SOURCE_MIX, n)
    country = np.where(has_acc, ctx.acc_country[np.maximum(account, 0)], _choice(rng, COUNTRY_MIX, n))
    created = _created_times(rng, ctx, n)

    chunk = LeadChunk(gidx=gidx, ids=ctx.lead_ids(gidx), kind=kind, email_type=email_type, account=account,
                      emp=emp, icp=icp, seniority=seniority, persona=persona, title=title, source=source,
                      country=country, created=created, propensity=propensity, fit=fit,
                      segment=_segment_codes(emp))
    return chunk, _person_columns(rng, ctx, chunk)


def _person_columns(rng, ctx: Context, L: LeadChunk) -> dict:
    """Names, e-mail and company name.  (first, last, k) is a bijection of the lead number,
    so every e-mail local part is unique across the whole dataset."""
    n = L.n
    F, LN = len(FIRST_NAMES), len(LAST_NAMES)
    c = ((L.gidx - 1) * ctx.name_mult + ctx.name_offset) % ctx.name_modulus
    first, last, k = c % F, (c // F) % LN, c // (F * LN)
    # k = 0: john.smith, 1..26: john.b.smith, beyond: john.b.smith2
    k_max = int(ctx.name_modulus // (F * LN))
    seps = (".", "_")
    # middle initial (with the separator) for k > 0: code = k * 2 + separator
    middles = [""] * 2 + [f"{chr(97 + (j - 1) % 26)}{sp}" for j in range(1, k_max) for sp in seps]
    digits = [""] * min(k_max, 27) + [str((j - 1) // 26 + 1) for j in range(27, k_max)]
    sep = np.where(rng.random(n) < 0.8, 0, 1)
    lower_first = [x.lower() for x in FIRST_NAMES]
    lower_last = [x.lower() for x in LAST_NAMES]
    local = _join(_take(lower_first, first), _take(seps, sep), _take(middles, k * 2 + sep),
                  _take(lower_last, last), _take(digits, k))

    # domain per kind
    n_acc_dom = len(ctx.acc_domains)
    pool = pa.concat_arrays([
        ctx.acc_domains, pa.array(FREE_MAIL_DOMAINS, STR),
        pa.array([d for d, _ in ACADEMIC_DOMAINS], STR), pa.array([d for d, _ in COMPETITOR_DOMAINS], STR),
    ])
    free = n_acc_dom + _choice(rng, FREE_MAIL_MIX, n)
    acad_i = rng.integers(0, len(ACADEMIC_DOMAINS), n)
    comp_i = rng.integers(0, len(COMPETITOR_DOMAINS), n)
    code = np.select(
        [L.email_type == EMAIL_FREE, L.email_type == EMAIL_ACADEMIC, L.email_type == EMAIL_COMPETITOR,
         L.account >= 0],
        [free, n_acc_dom + len(FREE_MAIL_DOMAINS) + acad_i,
         n_acc_dom + len(FREE_MAIL_DOMAINS) + len(ACADEMIC_DOMAINS) + comp_i, L.account], 0)
    domain = pool.take(pa.array(code))
    brands, slugs = _brand_names()
    b = rng.integers(0, len(brands), n)
    w = rng.integers(0, len(UNMATCHED_WORDS), n)
    unmatched = L.kind == KIND_UNMATCHED
    domain = pc.if_else(pa.array(unmatched), _join(_take(slugs, b), "-",
                                                   _take([x.lower() for x in UNMATCHED_WORDS], w), ".com"), domain)
    email = _join(local, "@", domain)

    # company name as typed by the lead
    acc_name = ctx.acc_names.take(pa.array(np.maximum(L.account, 0)))
    legal = np.array([LEGAL_SUFFIX.get(c, " Inc.") for c in COUNTRIES], dtype=object)
    style = rng.random(n)
    typed = pc.if_else(pa.array(style < 0.2), _join(acc_name, _take(list(legal), L.country)), acc_name)
    typed = pc.if_else(pa.array(style > 0.88), pc.utf8_lower(acc_name), typed)
    other_company = _join(_take(brands, b), " ", _take(list(UNMATCHED_WORDS), w))
    company = pc.if_else(pa.array(L.account >= 0), typed, other_company)
    company = pc.if_else(pa.array(L.kind == KIND_ACADEMIC), _take([x for _, x in ACADEMIC_DOMAINS], acad_i), company)
    company = pc.if_else(pa.array(L.kind == KIND_COMPETITOR), _take([x for _, x in COMPETITOR_DOMAINS], comp_i),
                         company)
    freelancer = (L.kind == KIND_FREE) & (rng.random(n) < 0.3)
    company = pc.if_else(pa.array(freelancer), pa.scalar(None, STR), company)

    return {
        "email": email, "first_name": _take(FIRST_NAMES, first), "last_name": _take(LAST_NAMES, last),
        "job_title": _take(TITLE_STRINGS, L.title), "company_name": company,
        "account_id": _take(ctx.acc_ids, np.where(L.kind == KIND_ACCOUNT, L.account, -1)),
    }


# ---------------------------------------------------------------------------
# Activities (engagement bursts)
# ---------------------------------------------------------------------------


@dataclass
class Activities:
    lead: np.ndarray  # local lead index
    type: np.ndarray
    t: np.ndarray
    campaign: np.ndarray  # campaign code, -1 = null


def _mix_cdf(mix: dict) -> np.ndarray:
    w = np.zeros(len(ACTIVITY_TYPES))
    for k, v in mix.items():
        w[A[k]] = v
    cdf = np.cumsum(w / w.sum())
    cdf[-1] = 1.0
    return cdf


COLD_CDF, HOT_CDF = _mix_cdf(COLD_MIX), _mix_cdf(HOT_MIX)


def _negbin(rng, mean: np.ndarray, shape: float) -> np.ndarray:
    return rng.negative_binomial(shape, shape / (shape + mean))


def _burst_activities(rng, ctx: Context, L: LeadChunk) -> Activities:
    """Engagement bursts after creation; hot bursts carry the buying intent."""
    n, p = L.n, L.propensity
    life = (ctx.end_us - L.created).astype(float)
    rate = (BURST_RATE_PER_30D[0] + BURST_RATE_PER_30D[1] * p) / (30 * US_PER_DAY)
    n_bursts = 1 + rng.poisson(rate * life)
    b_lead = np.repeat(np.arange(n), n_bursts)
    nb = len(b_lead)
    first = np.zeros(nb, bool)
    first[_segment_starts(n_bursts)] = True

    web_created = np.array([SOURCE_FIRST_ACTIVITY[s] is not None for s in LEAD_SOURCES])[L.source]
    offset = rng.random(nb) * life[b_lead]
    delayed = rng.uniform(1, 10, nb) * US_PER_DAY  # imported / scanned leads: first e-mails come later
    offset[first] = np.where(web_created[b_lead[first]], 0.0, delayed[first])
    start = L.created[b_lead] + offset.astype(np.int64)
    order = np.lexsort((start, b_lead))
    start, first = start[order], first[order]

    pb = p[b_lead]
    hot = rng.random(nb) < HOT_BURST_PROB[0] + HOT_BURST_PROB[1] * pb
    days = np.where(hot, rng.uniform(*HOT_BURST_DAYS, nb), rng.uniform(*COLD_BURST_DAYS, nb))
    next_start = np.append(start[1:], 0)
    last_of_lead = np.append(b_lead[1:] != b_lead[:-1], True)
    room = np.where(last_of_lead, ctx.end_us - start, next_start - start - 1)
    duration = np.clip((days * US_PER_DAY).astype(np.int64), 0, np.maximum(room, 0))
    mean = np.where(hot, HOT_BURST_SIZE[0] + HOT_BURST_SIZE[1] * pb, COLD_BURST_SIZE[0] + COLD_BURST_SIZE[1] * pb)
    size = 1 + _negbin(rng, mean, BURST_SIZE_DISPERSION)

    a_burst = np.repeat(np.arange(nb), size)
    na = len(a_burst)
    a_lead = b_lead[a_burst]
    is_burst_first = np.zeros(na, bool)
    is_burst_first[_segment_starts(size)] = True
    frac = rng.random(na) ** 1.3
    frac[is_burst_first] = 0.0
    t = start[a_burst] + (frac * duration[a_burst]).astype(np.int64)
    u = rng.random(na)
    hot_a = hot[a_burst]
    a_type = np.where(hot_a, np.searchsorted(HOT_CDF, u, side="right"),
                      np.searchsorted(COLD_CDF, u, side="right")).astype(np.int8)

    # the activity that created the lead, carrying the source campaign
    campaign = np.full(na, -1, np.int64)
    creation = is_burst_first & first[a_burst] & web_created[a_lead]
    first_type = np.array([A.get(SOURCE_FIRST_ACTIVITY[s], 0) for s in LEAD_SOURCES], np.int8)
    a_type[creation] = first_type[L.source[a_lead[creation]]]
    for si, source in enumerate(LEAD_SOURCES):
        if source not in PAID_SOURCES:
            continue
        m = creation & (L.source[a_lead] == si)
        if m.any():
            track = rng.integers(0, ctx.source_periods[source][2], int(m.sum()))
            campaign[m] = _campaign_for(ctx, source, t[m], track)

    # product usage only after a trial signup
    has_trial = np.bincount(a_lead[a_type == A["free_trial_signup"]], minlength=n) > 0
    a_type[(a_type == A["product_usage"]) & ~has_trial[a_lead]] = A["page_view"]

    keep = t <= ctx.end_us
    acts = Activities(lead=a_lead[keep], type=a_type[keep], t=t[keep], campaign=campaign[keep])
    _attach_campaigns(rng, ctx, acts)
    return acts


def _attach_campaigns(rng, ctx: Context, acts: Activities) -> None:
    """Nurture e-mails carry the monthly e-mail campaign; webinars the webinar campaign."""
    is_email = np.isin(acts.type, [A[x] for x in EMAIL_TYPES]) & (acts.campaign < 0)
    month = np.clip((acts.t - ctx.start_us) // (30 * US_PER_DAY), 0, None)
    with_cmp = is_email & (rng.random(len(acts.t)) < 0.85)
    acts.campaign[with_cmp] = ctx.email_campaign_base + month[with_cmp]
    web = np.isin(acts.type, [A["webinar_registered"], A["webinar_attended"]]) & (acts.campaign < 0)
    acts.campaign[web] = _campaign_for(ctx, "webinar", acts.t[web], np.zeros(int(web.sum()), np.int64))


def _window_engagement(acts: Activities, window_days: np.ndarray, start_us: int) -> np.ndarray:
    """Engagement score as of each activity over the lead's trailing recency window
    (points per type capped, total capped), i.e. what the dbt model computes."""
    sec = (acts.t - start_us) // US_PER_SEC  # seconds since history start (< 2**34)
    key = acts.lead.astype(np.int64) * (1 << 34) + sec
    lower = acts.lead.astype(np.int64) * (1 << 34) + np.maximum(sec - window_days * 86_400, -1)
    first = np.searchsorted(key, lower, side="right")  # first activity inside the window
    score = np.zeros(len(key), np.int64)
    for name, (pts, cap) in ENGAGEMENT_POINTS.items():
        m = acts.type == A[name]
        if not m.any():
            continue
        cs = np.concatenate([[0], np.cumsum(m, dtype=np.int64)])
        count = cs[1:] - cs[first]
        score += count * pts if cap is None else np.minimum(count * pts, cap)
    return np.minimum(score, ENGAGEMENT_TOTAL_CAP)


def _mql_candidates(ctx: Context, L: LeadChunk, acts: Activities) -> np.ndarray:
    """Boolean per activity: the dbt MQL rule would fire at this activity (approximation)."""
    window = np.array([RECENCY_WINDOW_DAYS[s] for s in SEGMENTS])[L.segment[acts.lead]]
    eng = _window_engagement(acts, window, ctx.start_us)
    fit = L.fit[acts.lead]
    threshold = np.array([MQL_THRESHOLD[s] for s in SEGMENTS])[L.segment[acts.lead]]
    score_ok = ~np.isin(L.source, [LEAD_SOURCES.index(s) for s in HAND_RAISER_ONLY_SOURCES])[acts.lead]
    by_score = score_ok & (fit + eng >= threshold) & (eng >= MQL_MIN_ENGAGEMENT)
    hand_raiser = np.isin(acts.type, [A[x] for x in HAND_RAISERS])
    return (fit >= MQL_MIN_FIT) & (by_score | hand_raiser) & (L.email_type[acts.lead] != EMAIL_COMPETITOR)


def _first_per_lead(n: int, lead: np.ndarray, t: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Earliest masked time per lead (activities sorted by lead, time); -1 if none."""
    out = np.full(n, -1, np.int64)
    idx = np.flatnonzero(mask)
    leads, first = np.unique(lead[idx], return_index=True)
    out[leads] = t[idx[first]]
    return out


# ---------------------------------------------------------------------------
# Sales process
# ---------------------------------------------------------------------------


class _Events:
    """Append-only buffers for status rows, sales activities and opportunities of a chunk."""

    def __init__(self):
        self.status = []  # (lead, status, t, reason, owner)
        self.sales = []  # (lead, type, t)
        self.opps = []  # (lead, created_t)

    def add_status(self, lead, status, t, reason=None, owner=None):
        n = len(lead)
        if n == 0:
            return
        reason = np.full(n, -1, np.int16) if reason is None else reason
        owner = np.full(n, -1, np.int32) if owner is None else owner
        self.status.append((lead, np.full(n, status, np.int8), t, reason, owner))

    def add_sales(self, lead, type_code, t):
        if len(lead):
            self.sales.append((lead, np.broadcast_to(np.asarray(type_code, np.int8), lead.shape).copy(), t))


def _reasons(rng, mix: dict, n: int) -> np.ndarray:
    return np.array([R[k] for k in mix], np.int16)[_choice(rng, list(mix.values()), n)]


def _work_cycle(rng, ctx: Context, L: LeadChunk, idx: np.ndarray, mql_t: np.ndarray, ev: _Events, state: dict,
                allow_recycle: bool) -> np.ndarray:
    """One sales cycle for MQL leads ``idx`` starting at ``mql_t``.  Returns the time from which
    rejected-and-nurtured leads can be recycled (-1 otherwise)."""
    n, end = len(idx), ctx.end_us
    p = L.propensity[idx]
    shares = [b[0] for b in TOUCH_DELAY_BUCKETS]
    bucket = _choice(rng, shares, n)
    delay = np.zeros(n, np.int64)
    for i, (_, lo, hi) in enumerate(TOUCH_DELAY_BUCKETS):
        m = bucket == i
        if lo is not None:
            delay[m] = _log_uniform(rng, lo, hi, int(m.sum())).astype(np.int64)
    touch = mql_t + delay
    touched = (bucket < len(TOUCH_DELAY_BUCKETS) - 1) & (touch <= end)
    sdr = rng.integers(0, ctx.n_sdr, n).astype(np.int32)
    state["worked"][idx[touched]] = True
    ev.add_status(idx[touched], S["working"], touch[touched], owner=sdr[touched])
    first_sales = np.where(rng.random(n) < 0.45, A["sales_call"], A["sales_email"])
    ev.add_sales(idx[touched], first_sales[touched], touch[touched])

    decide = touch + np.minimum(rng.lognormal(math.log(1.5 * US_PER_DAY), 1.0, n), 30 * US_PER_DAY).astype(np.int64)
    # follow-up e-mails / calls while working
    n_follow = np.where(touched, rng.poisson(1.5, n), 0)
    f_lead = np.repeat(np.arange(n), n_follow)
    f_t = touch[f_lead] + (rng.random(len(f_lead)) * (np.minimum(decide, end) - touch)[f_lead]).astype(np.int64)
    ev.add_sales(idx[f_lead], np.where(rng.random(len(f_lead)) < 0.6, A["sales_email"], A["sales_call"]), f_t)

    decided = touched & (decide <= end)
    forced_reject = (L.seniority[idx] == SEN["student"]) | (L.email_type[idx] == EMAIL_ACADEMIC)
    p_accept = _sigmoid(ACCEPT_MODEL[0] + ACCEPT_MODEL[1] * _logit(p))
    accept = decided & ~forced_reject & (rng.random(n) < p_accept)
    reject = decided & ~accept
    reason = _reasons(rng, REJECT_REASON_MIX, n)
    reason[forced_reject] = R["student"]
    # students hiding behind a free-mail address and a grown-up title
    reason[(L.email_type[idx] == EMAIL_FREE) & (rng.random(n) < 0.3)] = R["student"]
    meeting = accept & (rng.random(n) < 0.6)
    ev.add_sales(idx[meeting], A["meeting_held"], decide[meeting])
    ev.add_status(idx[accept], S["accepted"], decide[accept], owner=sdr[accept])
    ev.add_status(idx[reject], S["rejected"], decide[reject], reason=reason[reject], owner=sdr[reject])
    state["accepted"][idx[accept]] = True

    nurture_t = decide + (rng.uniform(1, 21, n) * US_PER_DAY).astype(np.int64)
    nurture = reject & (rng.random(n) < NURTURE_AFTER_REJECT) & (nurture_t <= end)
    ev.add_status(idx[nurture], S["nurture"], nurture_t[nurture])

    # accepted -> qualified (SQL) / disqualified, handled by an account executive
    q_t = decide + np.minimum(rng.lognormal(math.log(7 * US_PER_DAY), 0.7, n), 45 * US_PER_DAY).astype(np.int64)
    q_decided = accept & (q_t <= end)
    p_qual = _sigmoid(QUALIFY_MODEL[0] + QUALIFY_MODEL[1] * _logit(p))
    qualify = q_decided & (rng.random(n) < p_qual)
    disq = q_decided & ~qualify
    ae = (ctx.n_sdr + rng.integers(0, ctx.n_ae, n)).astype(np.int32)
    meeting2 = qualify & (rng.random(n) < 0.8)
    ev.add_sales(idx[meeting2], A["meeting_held"], q_t[meeting2])
    ev.add_status(idx[qualify], S["qualified"], q_t[qualify], owner=ae[qualify])
    ev.add_status(idx[disq], S["disqualified"], q_t[disq], reason=_reasons(rng, DISQUALIFY_REASON_MIX, n)[disq],
                  owner=ae[disq])
    d_nurture_t = q_t + (rng.uniform(1, 30, n) * US_PER_DAY).astype(np.int64)
    d_nurture = disq & (rng.random(n) < 0.5) & (d_nurture_t <= end)
    ev.add_status(idx[d_nurture], S["nurture"], d_nurture_t[d_nurture])
    state["qualified"][idx[qualify]] = True

    opp_t = q_t + (rng.random(n) * 3 * US_PER_DAY).astype(np.int64)
    with_opp = qualify & (L.account[idx] >= 0) & (opp_t <= end)
    ev.opps.append((idx[with_opp], opp_t[with_opp]))

    recycle_from = np.full(n, -1, np.int64)
    if allow_recycle:
        recycle_from[nurture] = nurture_t[nurture] + RECYCLE_COOL_OFF_DAYS * US_PER_DAY
    return recycle_from


def _sales_sourced(rng, ctx: Context, L: LeadChunk, is_mql: np.ndarray, ev: _Events, state: dict) -> None:
    """Outbound sales works a few account leads that never became MQLs."""
    n, end = L.n, ctx.end_us
    eligible = (~is_mql & (L.kind == KIND_ACCOUNT) & (L.seniority != SEN["student"])
                & (rng.random(n) < SALES_SOURCED_SHARE * (0.5 + 2 * L.propensity)))
    idx = np.flatnonzero(eligible)
    m = len(idx)
    work_t = L.created[idx] + (rng.uniform(0.05, 0.9, m) * (end - L.created[idx])).astype(np.int64)
    acc_t = work_t + (rng.uniform(1, 6, m) * US_PER_DAY).astype(np.int64)
    q_t = acc_t + (rng.uniform(3, 20, m) * US_PER_DAY).astype(np.int64)
    opp_t = q_t + (rng.random(m) * 2 * US_PER_DAY).astype(np.int64)
    sdr = rng.integers(0, ctx.n_sdr, m).astype(np.int32)
    ae = (ctx.n_sdr + rng.integers(0, ctx.n_ae, m)).astype(np.int32)
    ok = opp_t <= end
    idx, work_t, acc_t, q_t, opp_t, sdr, ae = (x[ok] for x in (idx, work_t, acc_t, q_t, opp_t, sdr, ae))
    ev.add_status(idx, S["working"], work_t, owner=sdr)
    ev.add_sales(idx, A["sales_call"], work_t)
    ev.add_sales(idx, A["meeting_held"], acc_t)
    ev.add_status(idx, S["accepted"], acc_t, owner=sdr)
    ev.add_status(idx, S["qualified"], q_t, owner=ae)
    ev.opps.append((idx, opp_t))
    state["worked"][idx] = True
    state["accepted"][idx] = True
    state["qualified"][idx] = True


def _reject_competitors(rng, ctx: Context, L: LeadChunk, acts: Activities, ev: _Events) -> None:
    """A competitor asking for a demo gets a look from an SDR, who rejects it."""
    hand_raiser = np.isin(acts.type, [A[x] for x in HAND_RAISERS])
    first = _first_per_lead(L.n, acts.lead, acts.t, hand_raiser & (L.email_type[acts.lead] == EMAIL_COMPETITOR))
    idx = np.flatnonzero(first >= 0)
    touch = first[idx] + _log_uniform(rng, 10 * 60 * US_PER_SEC, 48 * US_PER_HOUR, len(idx)).astype(np.int64)
    reject = touch + (rng.uniform(1, 30, len(idx)) * 60 * US_PER_SEC).astype(np.int64)
    ok = reject <= ctx.end_us
    idx, touch, reject = idx[ok], touch[ok], reject[ok]
    sdr = rng.integers(0, ctx.n_sdr, len(idx)).astype(np.int32)
    ev.add_status(idx, S["working"], touch, owner=sdr)
    ev.add_sales(idx, A["sales_email"], touch)
    ev.add_status(idx, S["rejected"], reject, reason=np.full(len(idx), R["competitor"], np.int16), owner=sdr)


def _close_opportunities(rng, ctx: Context, created: np.ndarray, segment: np.ndarray, propensity: np.ndarray):
    """Stage, amount, close date and outcome for opportunities created at ``created``."""
    n = len(created)
    cycle = rng.lognormal(np.log(np.array(OPP_CYCLE_MEDIAN_DAYS)[segment]), 0.6) * US_PER_DAY
    close_t = created + cycle.astype(np.int64)
    closed = close_t <= ctx.end_us
    won = closed & (rng.random(n) < _sigmoid(WIN_MODEL[0] + WIN_MODEL[1] * _logit(propensity)))
    amount = rng.lognormal(np.log(np.array(OPP_AMOUNT_MEDIAN)[segment]), 0.7)
    amount = np.where(won, amount, amount * rng.uniform(0.8, 1.3, n))
    amount = np.maximum(np.round(amount / 100) * 100, 500.0)
    progress = (ctx.end_us - created) / np.maximum(cycle, 1)
    open_stage = np.select([progress < 0.3, progress < 0.7], [0, 1], 2)
    stage = np.where(closed, np.where(won, 3, 4), open_stage).astype(np.int8)
    return stage, amount, np.where(closed, close_t, -1), closed, won


# ---------------------------------------------------------------------------
# Chunk assembly
# ---------------------------------------------------------------------------


@dataclass
class ChunkResult:
    tables: dict  # table name -> pa.Table (clean)
    truth: pa.Table
    opps: dict  # numpy columns, written at the end of the run
    lead_created: np.ndarray
    status_lead: np.ndarray  # local lead index per status row
    linked_account: np.ndarray  # account index of leads carrying an account_id
    linked_created: np.ndarray  # ... and their created_at
    counters: dict


def _simulate_sales(rng, ctx: Context, L: LeadChunk, acts: Activities):
    """Status history, sales activities and opportunities for one chunk of leads."""
    n = L.n
    candidates = _mql_candidates(ctx, L, acts)
    mql_t = _first_per_lead(n, acts.lead, acts.t, candidates)
    is_mql = mql_t >= 0
    ev = _Events()
    state = {k: np.zeros(n, bool) for k in ("worked", "accepted", "qualified")}
    ev.add_status(np.arange(n), S["open"], L.created)
    mql_idx = np.flatnonzero(is_mql)
    recycle_from = _work_cycle(rng, ctx, L, mql_idx, mql_t[mql_idx], ev, state, allow_recycle=True)
    # recycling: a rejected + nurtured lead that fires the MQL rule again is worked again
    ready = np.full(n, np.iinfo(np.int64).max)
    ready[mql_idx[recycle_from >= 0]] = recycle_from[recycle_from >= 0]
    mql2_t = _first_per_lead(n, acts.lead, acts.t, candidates & (acts.t >= ready[acts.lead]))
    recycled = np.flatnonzero(mql2_t >= 0)
    _work_cycle(rng, ctx, L, recycled, mql2_t[recycled], ev, state, allow_recycle=False)
    _sales_sourced(rng, ctx, L, is_mql, ev, state)
    _reject_competitors(rng, ctx, L, acts, ev)
    # marketing automation parks some untouched leads in nurture
    auto_t = L.created + (rng.uniform(60, 120, n) * US_PER_DAY).astype(np.int64)
    auto = ~is_mql & ~state["worked"] & (rng.random(n) < AUTO_NURTURE_SHARE) & (auto_t <= ctx.end_us)
    ev.add_status(np.flatnonzero(auto), S["nurture"], auto_t[auto])
    return ev, state, mql_t, len(recycled)


def _status_rows(ev: _Events):
    """Concatenated status rows sorted by lead, time, status."""
    st = [np.concatenate(x) for x in zip(*ev.status)]
    order = np.lexsort((st[1], st[2], st[0]))
    return [x[order] for x in st]


def _all_activities(ctx: Context, acts: Activities, ev: _Events) -> Activities:
    """Engagement + sales activities up to end-date, sorted by lead and time."""
    parts = [acts]
    if ev.sales:
        sl, stype, stt = (np.concatenate(x) for x in zip(*ev.sales))
        parts.append(Activities(sl, stype, stt, np.full(len(sl), -1, np.int64)))
    lead, typ, t, cmp_ = (np.concatenate([getattr(p, f) for p in parts]) for f in ("lead", "type", "t", "campaign"))
    keep = t <= ctx.end_us
    order = np.lexsort((typ[keep], t[keep], lead[keep]))
    return Activities(lead[keep][order], typ[keep][order], t[keep][order], cmp_[keep][order])


def _make_chunk(ctx: Context, chunk_index: int, act_offset: int) -> ChunkResult:
    """Leads ``chunk_index * LEADS_PER_CHUNK + 1 ...`` with their activities, statuses and opportunities."""
    rng = _rng(ctx.seed, STREAM_LEADS, chunk_index)
    lo = chunk_index * LEADS_PER_CHUNK
    L, person = _make_leads(rng, ctx, lo, min(ctx.n_leads, lo + LEADS_PER_CHUNK))
    n = L.n
    acts = _burst_activities(rng, ctx, L)
    order = np.lexsort((acts.t, acts.lead))
    acts = Activities(*(getattr(acts, f)[order] for f in ("lead", "type", "t", "campaign")))
    ev, state, mql_t, n_recycled = _simulate_sales(rng, ctx, L, acts)
    is_mql = mql_t >= 0

    # opportunities of this chunk (ids are assigned once all chunks are done)
    opp_lead = np.concatenate([o[0] for o in ev.opps]) if ev.opps else np.zeros(0, np.int64)
    opp_created = np.concatenate([o[1] for o in ev.opps]) if ev.opps else np.zeros(0, np.int64)
    stage, amount, closed_t, closed, won = _close_opportunities(
        rng, ctx, opp_created, L.segment[opp_lead], L.propensity[opp_lead])
    has_opp, is_won = np.zeros(n, bool), np.zeros(n, bool)
    has_opp[opp_lead] = True
    is_won[opp_lead[won]] = True
    opps = {"account": L.account[opp_lead], "lead": L.gidx[opp_lead], "created": opp_created, "stage": stage,
            "amount": amount, "closed_t": closed_t, "closed": closed, "won": won}

    s_lead, s_status, s_t, s_reason, s_owner = _status_rows(ev)
    last_change = np.full(n, -1, np.int64)
    np.maximum.at(last_change, s_lead, s_t)
    edit_t = L.created + (rng.random(n) * 0.5 * (ctx.end_us - L.created)).astype(np.int64)
    updated = np.maximum(np.maximum(last_change, L.created), np.where(rng.random(n) < 0.4, edit_t, -1))

    a = _all_activities(ctx, acts, ev)
    asset = _assets(rng, ctx, a.type, a.t)
    tables = {
        "leads": pa.table({
            "lead_id": L.ids, **{k: person[k] for k in ("email", "first_name", "last_name", "job_title",
                                                         "company_name", "account_id")},
            "lead_source": _take(LEAD_SOURCES, L.source), "country": _take(COUNTRIES, L.country),
            "created_at": _ts(L.created), "updated_at": _ts(updated), "is_deleted": pa.array(np.zeros(n, bool)),
        }, schema=SCHEMAS["leads"]),
        "activities": pa.table({
            "activity_id": _ids("act_", np.arange(act_offset + 1, act_offset + len(a.t) + 1), ctx.act_width),
            "lead_id": L.ids.take(pa.array(a.lead)), "activity_type": _take(ACTIVITY_TYPES, a.type),
            "occurred_at": _ts(a.t), "asset": _take(ctx.asset_dict, asset),
            "campaign_id": _take(ctx.campaign_ids, a.campaign),
        }, schema=SCHEMAS["activities"]),
        "lead_status_history": pa.table({
            "lead_id": L.ids.take(pa.array(s_lead)), "status": _take(STATUSES, s_status),
            "changed_at": _ts(s_t), "reason": _take(REASONS, s_reason), "owner_id": _owner_ids(s_owner),
        }, schema=SCHEMAS["lead_status_history"]),
    }
    truth = pa.table({
        "lead_id": L.ids, "propensity": pa.array(L.propensity), "is_accepted": pa.array(state["accepted"]),
        "is_qualified": pa.array(state["qualified"]), "has_opportunity": pa.array(has_opp),
        "is_won": pa.array(is_won), "is_mql": pa.array(is_mql), "mql_at": _ts(mql_t, null=~is_mql),
        "fit_score": pa.array(L.fit, pa.int32()),
    }, schema=TRUTH_SCHEMA)
    counters = {
        "leads": n, "mql": int(is_mql.sum()), "mql_worked": int((is_mql & state["worked"]).sum()),
        "mql_accepted": int((is_mql & state["accepted"]).sum()),
        "mql_qualified": int((is_mql & state["qualified"]).sum()),
        "mql_opps": int((is_mql & has_opp).sum()), "mql_won": int((is_mql & is_won).sum()),
        "mql_closed": int(np.isin(np.flatnonzero(is_mql), opp_lead[closed]).sum()),
        "recycled": n_recycled, "free_mail": int((L.email_type == EMAIL_FREE).sum()),
        "hand_raisers": int(np.isin(a.type, [A[x] for x in HAND_RAISERS]).sum()),
    }
    linked = L.kind == KIND_ACCOUNT
    return ChunkResult(tables, truth, opps, L.created, s_lead, L.account[linked], L.created[linked], counters)


def _owner_ids(owner: np.ndarray) -> pa.Array:
    ids = _ids("usr_", np.maximum(owner, 0) + 1, 4)
    return pc.if_else(pa.array(owner >= 0), ids, pa.scalar(None, STR))


def _assets(rng, ctx: Context, a_type: np.ndarray, a_t: np.ndarray) -> np.ndarray:
    code = np.full(len(a_type), -1, np.int64)
    u = rng.random(len(a_type))
    for type_code, (start, count) in ctx.asset_ranges.items():
        m = a_type == type_code
        code[m] = start + (u[m] * count).astype(np.int64)
    web = np.isin(a_type, [A["webinar_registered"], A["webinar_attended"]])
    n_web = len(ctx.asset_dict) - ctx.webinar_asset_base
    code[web] = ctx.webinar_asset_base + np.clip((a_t[web] - ctx.start_us) // ctx.webinar_period_us, 0, n_web - 1)
    return code


def _null_lead_opportunities(ctx: Context, rng: np.random.Generator, n: int) -> dict:
    """Account-level opportunities created by sales with no lead attached."""
    account = np.minimum(np.searchsorted(ctx.acc_cdf, rng.random(n), side="right"), len(ctx.acc_emp) - 1)
    created = _created_times(rng, ctx, n)
    seg = _segment_codes(ctx.acc_emp[account])
    stage, amount, closed_t, closed, won = _close_opportunities(rng, ctx, created, seg, np.full(n, 0.3))
    return {"account": account, "lead": np.full(n, -1), "created": created, "stage": stage, "amount": amount,
            "closed_t": closed_t, "closed": closed, "won": won}


def _opportunities_table(ctx: Context, parts: list) -> pa.Table:
    cols = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    order = np.lexsort((cols["lead"], cols["created"]))
    cols = {k: v[order] for k, v in cols.items()}
    n = len(order)
    return pa.table({
        "opportunity_id": _ids("opp_", np.arange(1, n + 1), 7),
        "account_id": _take(ctx.acc_ids, cols["account"]),
        "lead_id": pc.if_else(pa.array(cols["lead"] > 0), ctx.lead_ids(np.maximum(cols["lead"], 1)),
                              pa.scalar(None, STR)),
        "created_at": _ts(cols["created"]), "stage": _take(STAGES, cols["stage"]),
        "amount_usd": pa.array(cols["amount"], pa.float64()),
        "closed_at": _ts(np.maximum(cols["closed_t"], 0), null=cols["closed_t"] < 0),
        "is_closed": pa.array(cols["closed"]), "is_won": pa.array(cols["won"]),
    }, schema=SCHEMAS["opportunities"])


# ---------------------------------------------------------------------------
# Campaign spend
# ---------------------------------------------------------------------------


def _campaign_spend(ctx: Context) -> pa.Table:
    """Daily spend per paid source and campaign, proportional to expected lead volume."""
    rng = _rng(ctx.seed, STREAM_SPEND)
    n_days = int(ctx.history_us // US_PER_DAY) + 1
    g = math.log(GROWTH_OVER_HISTORY)
    edges = np.exp(g * np.arange(n_days + 1) / n_days)
    day_share = np.diff(edges) / (edges[-1] - edges[0])
    weekday = (ctx.start_date.weekday() + np.arange(n_days)) % 7
    day_us = ctx.start_us + np.arange(n_days, dtype=np.int64) * US_PER_DAY
    mix = _probs(LEAD_SOURCE_MIX)
    dates, sources, campaigns, amounts = [], [], [], []
    for source, (cpl, tracks, _) in PAID_SOURCES.items():
        si = LEAD_SOURCES.index(source)
        budget = cpl * ctx.n_leads * mix[si] * day_share * rng.lognormal(0, 0.25, n_days)
        if source in LUMPY_SOURCES:
            active = rng.random(n_days) < 0.06
            active[-1] = active[-1] or not active.any()
            budget = np.where(active, budget.sum() * budget / budget[active].sum(), 0.0)
        else:
            budget *= np.where(weekday >= 5, 0.6, 1.0) / np.average(np.where(weekday >= 5, 0.6, 1.0))
        split = rng.dirichlet(np.ones(tracks) * 3, n_days)
        for track in range(tracks):
            amount = budget * split[:, track]
            m = amount > 0
            dates.append(np.arange(n_days)[m])
            sources.append(np.full(int(m.sum()), si))
            campaigns.append(_campaign_for(ctx, source, day_us[m], np.full(int(m.sum()), track)))
            amounts.append(amount[m])
        if source in ("paid_search", "paid_social", "partner"):  # monthly platform / agency fees
            first_of_month = np.flatnonzero(
                [(ctx.start_date + dt.timedelta(days=int(d))).day == 1 for d in range(n_days)])
            dates.append(first_of_month)
            sources.append(np.full(len(first_of_month), si))
            campaigns.append(np.full(len(first_of_month), -1))
            amounts.append(np.full(len(first_of_month), budget.sum() / max(n_days / 30, 1) * 0.05))
    d, s, c, a = (np.concatenate(x) for x in (dates, sources, campaigns, amounts))
    order = np.lexsort((c, s, d))
    d, s, c, a = d[order], s[order], c[order], a[order]
    epoch_day = (ctx.start_date - EPOCH).days
    return pa.table({
        "spend_date": pa.array((d + epoch_day).astype(np.int32), pa.date32()),
        "lead_source": _take(LEAD_SOURCES, s), "campaign_id": _take(ctx.campaign_ids, c),
        "amount_usd": pa.array(np.round(a, 2), pa.float64()),
    }, schema=SCHEMAS["campaign_spend"])


# ---------------------------------------------------------------------------
# Dirty-data injection
# ---------------------------------------------------------------------------


def _complement(n: int, *taken: np.ndarray) -> np.ndarray:
    """Row numbers 0..n-1 not in any of ``taken``."""
    free = np.ones(n, bool)
    for rows in taken:
        free[rows] = False
    return np.flatnonzero(free)


class Dirt:
    """Injects bad-input classes into Arrow tables and counts them in a manifest."""

    def __init__(self, ctx: Context, rng: np.random.Generator, manifest: dict, force: bool):
        self.ctx, self.rng, self.manifest, self.force = ctx, rng, manifest, force

    # -- bookkeeping -------------------------------------------------------
    def _count(self, n_rows: int) -> int:
        k = int(self.rng.binomial(n_rows, self.ctx.dirty)) if n_rows else 0
        return max(k, 1) if self.force and n_rows else k

    def _record(self, key: str, k: int) -> None:
        self.manifest[key] = self.manifest.get(key, 0) + int(k)

    def pick(self, n_rows: int, classes: list[str], pool: np.ndarray | None = None) -> dict:
        """Disjoint random row sets, one per class (scaled down if the table is tiny)."""
        pool = np.arange(n_rows) if pool is None else pool
        ks = np.array([self._count(n_rows) for _ in classes])
        if ks.sum() > len(pool):  # tiny table: share the rows out evenly
            ks = np.minimum(ks, len(pool) // len(classes))
        rows = self.rng.choice(pool, size=int(ks.sum()), replace=False) if ks.sum() else np.zeros(0, np.int64)
        out, pos = {}, 0
        for cls, k in zip(classes, ks):
            out[cls] = np.sort(rows[pos:pos + k])
            pos += k
        return out

    # -- generic edits -----------------------------------------------------
    @staticmethod
    def replace(table: pa.Table, col: str, rows: np.ndarray, values) -> pa.Table:
        if len(rows) == 0:
            return table
        arr = table.column(col).combine_chunks()
        mask = np.zeros(len(table), bool)
        mask[rows] = True
        values = values if isinstance(values, pa.Array) else pa.array(values, arr.type)
        new = pc.replace_with_mask(arr, pa.array(mask), values.cast(arr.type))
        return table.set_column(table.schema.get_field_index(col), col, new)

    @staticmethod
    def stringify(table: pa.Table) -> pa.Table:
        """Timestamp/date columns -> ISO-8601 strings ('2026-01-05 13:45:10.123456', '2026-01-05')."""
        for i, f in enumerate(table.schema):
            if pa.types.is_timestamp(f.type) or pa.types.is_date(f.type):
                table = table.set_column(i, f.name, pc.cast(table.column(i), STR))
        return table

    def bad_strings(self, options, k: int) -> pa.Array:
        return pa.array(np.asarray(options, dtype=object)[self.rng.integers(0, len(options), k)].tolist(), STR)

    def timestamps(self, table: pa.Table, name: str, col: str, rows: dict) -> pa.Table:
        table = self.replace(table, col, rows["null_ts"], pa.nulls(len(rows["null_ts"]), STR))
        table = self.replace(table, col, rows["bad_ts"], self.bad_strings(BAD_TIMESTAMPS, len(rows["bad_ts"])))
        self._record(f"{name}.null_{col}", len(rows["null_ts"]))
        self._record(f"{name}.unparseable_{col}", len(rows["bad_ts"]))
        return table

    def enum(self, table: pa.Table, name: str, col: str, rows: dict, unknown) -> pa.Table:
        table = self.replace(table, col, rows["unknown"], self.bad_strings(unknown, len(rows["unknown"])))
        cased = pc.utf8_title(table.column(col).combine_chunks().take(pa.array(rows["cased"])))
        table = self.replace(table, col, rows["cased"], cased)
        self._record(f"{name}.unknown_{col}", len(rows["unknown"]))
        self._record(f"{name}.cased_{col}", len(rows["cased"]))
        return table

    def fmt(self, us: np.ndarray) -> pa.Array:
        return pc.cast(_ts(us), STR)

    # -- tables ------------------------------------------------------------
    def leads(self, t: pa.Table, next_extra_lead: int) -> tuple[pa.Table, int]:
        rng, n = self.rng, len(t)
        end = self.ctx.end_us
        # appended rows: duplicate lead_id with a later updated_at (and a promotion)
        dup = np.sort(rng.choice(n, size=min(n, self._count(n)), replace=False))
        copies = t.take(pa.array(dup))
        upd = copies.column("updated_at").cast(pa.int64()).to_numpy()
        later = upd + (rng.random(len(dup)) * (end - upd)).astype(np.int64) + 1
        copies = self.replace(copies, "updated_at", np.arange(len(dup)), _ts(np.minimum(later, end)))
        copies = self.replace(copies, "job_title", np.arange(len(dup)),
                              _take(TITLE_STRINGS, rng.integers(0, len(TITLES), len(dup))))
        self._record("leads.duplicate_lead_id", len(dup))
        # same person, new lead_id, e-mail differently cased / padded
        same = np.sort(rng.choice(n, size=min(n, self._count(n)), replace=False))
        people = t.take(pa.array(same))
        emails = pc.utf8_title(people.column("email").combine_chunks())
        pad = rng.integers(0, 3, len(same))
        emails = _join(_take(["", "  ", " "], pad), emails, _take(["", " ", "  "], pad))
        people = self.replace(people, "email", np.arange(len(same)), emails)
        new_ids = self.ctx.lead_ids(np.arange(next_extra_lead, next_extra_lead + len(same)))
        people = self.replace(people, "lead_id", np.arange(len(same)), new_ids)
        created = people.column("created_at").cast(pa.int64()).to_numpy()
        created2 = created + (rng.random(len(same)) * (end - created)).astype(np.int64)
        people = self.replace(people, "created_at", np.arange(len(same)), _ts(created2))
        people = self.replace(people, "updated_at", np.arange(len(same)), _ts(created2))
        self._record("leads.email_case_padding_duplicate", len(same))
        t = self.stringify(pa.concat_tables([t, copies, people]))

        pool = _complement(n, dup, same)
        rows = self.pick(n, ["null_email", "malformed_email", "unknown", "cased", "null_ts", "bad_ts", "deleted"],
                         pool=pool)
        t = self.replace(t, "email", rows["null_email"], pa.nulls(len(rows["null_email"]), STR))
        emails = t.column("email").combine_chunks().take(pa.array(rows["malformed_email"]))
        broken = pc.if_else(pa.array(rng.random(len(emails)) < 0.5),
                            pc.replace_substring_regex(emails, pattern="@.*$", replacement="@"),
                            pc.replace_substring(emails, pattern="@", replacement="."))
        t = self.replace(t, "email", rows["malformed_email"], broken)
        t = self.enum(t, "leads", "lead_source", rows, UNKNOWN_LEAD_SOURCES)
        t = self.timestamps(t, "leads", "created_at", rows)
        t = self.replace(t, "is_deleted", rows["deleted"], pa.array(np.ones(len(rows["deleted"]), bool)))
        self._record("leads.null_email", len(rows["null_email"]))
        self._record("leads.malformed_email", len(rows["malformed_email"]))
        self._record("leads.is_deleted", len(rows["deleted"]))
        if self.force:  # huge strings: at most MAX_HUGE_ROWS in the whole run
            k = min(MAX_HUGE_ROWS, max(1, int(rng.binomial(self.ctx.n_leads, self.ctx.dirty))))
            huge = np.sort(rng.choice(n, size=min(k, n), replace=False))
            filler = ("VP of Marketing " * (HUGE_STRING_BYTES // 16 + 1))[:HUGE_STRING_BYTES]
            t = self.replace(t, "job_title", huge, pa.array([filler] * len(huge), STR))
            self._record("leads.huge_job_title", len(huge))
        return t, next_extra_lead + len(same)

    def activities(self, t: pa.Table, next_act: int) -> tuple[pa.Table, int]:
        rng, n = self.rng, len(t)
        exact_rows = np.sort(rng.choice(n, size=min(n, self._count(n)), replace=False))
        exact = t.take(pa.array(exact_rows))
        changed_rows = np.sort(rng.choice(n, size=min(n, self._count(n)), replace=False))
        changed = t.take(pa.array(changed_rows))
        occ = changed.column("occurred_at").cast(pa.int64()).to_numpy()
        shifted = np.minimum(occ + rng.integers(1, 3600, len(occ)) * US_PER_SEC, self.ctx.end_us)
        changed = self.replace(changed, "occurred_at", np.arange(len(occ)), _ts(shifted))
        changed = self.replace(changed, "activity_type", np.arange(len(occ)),
                               _take(ACTIVITY_TYPES, rng.integers(0, 3, len(occ))))
        orphans = t.take(pa.array(np.sort(rng.choice(n, size=min(n, self._count(n)), replace=False))))
        k = len(orphans)
        unknown = 10 ** self.ctx.lead_width - 1 - rng.integers(0, 10 ** (self.ctx.lead_width - 1) // 2, k)
        orphans = self.replace(orphans, "lead_id", np.arange(k), self.ctx.lead_ids(unknown))
        orphans = self.replace(orphans, "activity_id", np.arange(k),
                               _ids("act_", np.arange(next_act + 1, next_act + k + 1), self.ctx.act_width))
        self._record("activities.duplicate_id_same_content", len(exact))
        self._record("activities.duplicate_id_different_content", len(changed))
        self._record("activities.unknown_lead_id", k)
        t = self.stringify(pa.concat_tables([t, exact, changed, orphans]))

        # in-place edits never touch the source of a duplicate (keeps "same content" exact)
        pool = _complement(n, exact_rows, changed_rows)
        rows = self.pick(n, ["future", "unknown", "cased", "null_ts", "bad_ts"], pool=pool)
        future = self.ctx.end_us + (rng.uniform(2, 400, len(rows["future"])) * US_PER_DAY).astype(np.int64)
        t = self.replace(t, "occurred_at", rows["future"], self.fmt(future))
        self._record("activities.future_dated", len(rows["future"]))
        t = self.enum(t, "activities", "activity_type", rows, UNKNOWN_ACTIVITY_TYPES)
        t = self.timestamps(t, "activities", "occurred_at", rows)
        return t, next_act + k

    def status_history(self, t: pa.Table, status_created: np.ndarray) -> pa.Table:
        rng, n = self.rng, len(t)
        rows = self.pick(n, ["before_creation", "unknown", "cased", "null_ts", "bad_ts"])
        early = status_created[rows["before_creation"]] - (rng.uniform(1, 60, len(rows["before_creation"]))
                                                           * US_PER_DAY).astype(np.int64)
        t = self.stringify(t)
        t = self.replace(t, "changed_at", rows["before_creation"], self.fmt(early))
        self._record("lead_status_history.status_before_lead_creation", len(rows["before_creation"]))
        t = self.enum(t, "lead_status_history", "status", rows, UNKNOWN_STATUSES)
        return self.timestamps(t, "lead_status_history", "changed_at", rows)

    def opportunities(self, t: pa.Table) -> pa.Table:
        rng, n = self.rng, len(t)
        won = np.flatnonzero(t.column("is_won").to_numpy(zero_copy_only=False))
        won_rows = self.pick(n, ["won_null_closed"], pool=won if len(won) else None)["won_null_closed"]
        rest = _complement(n, won_rows)
        rows = self.pick(n, ["null_account", "negative", "unknown", "cased", "null_ts", "bad_ts"], pool=rest)
        t = self.stringify(t)
        k = len(won_rows)  # (no won opportunity at all in tiny runs: the picked rows become won)
        t = self.replace(t, "is_won", won_rows, pa.array(np.ones(k, bool)))
        t = self.replace(t, "is_closed", won_rows, pa.array(np.ones(k, bool)))
        t = self.replace(t, "stage", won_rows, pa.array(["closed_won"] * k, STR))
        t = self.replace(t, "closed_at", won_rows, pa.nulls(k, STR))
        t = self.replace(t, "account_id", rows["null_account"], pa.nulls(len(rows["null_account"]), STR))
        amounts = t.column("amount_usd").combine_chunks().take(pa.array(rows["negative"]))
        t = self.replace(t, "amount_usd", rows["negative"], pc.negate(amounts))
        self._record("opportunities.won_null_closed_at", len(won_rows))
        self._record("opportunities.null_account_id", len(rows["null_account"]))
        self._record("opportunities.negative_amount", len(rows["negative"]))
        t = self.enum(t, "opportunities", "stage", rows, UNKNOWN_STAGES)
        return self.timestamps(t, "opportunities", "created_at", rows)

    def accounts(self, t: pa.Table) -> pa.Table:
        rows = self.pick(len(t), ["deleted", "null_ts", "bad_ts"])
        t = self.stringify(t)
        t = self.replace(t, "is_deleted", rows["deleted"], pa.array(np.ones(len(rows["deleted"]), bool)))
        self._record("accounts.is_deleted", len(rows["deleted"]))
        return self.timestamps(t, "accounts", "created_at", rows)

    def spend(self, t: pa.Table) -> pa.Table:
        rows = self.pick(len(t), ["null_ts", "bad_ts"])
        t = self.stringify(t)
        t = self.replace(t, "spend_date", rows["null_ts"], pa.nulls(len(rows["null_ts"]), STR))
        t = self.replace(t, "spend_date", rows["bad_ts"], self.bad_strings(BAD_TIMESTAMPS[:2], len(rows["bad_ts"])))
        self._record("campaign_spend.null_spend_date", len(rows["null_ts"]))
        self._record("campaign_spend.unparseable_spend_date", len(rows["bad_ts"]))
        return t


# ---------------------------------------------------------------------------
# Orchestration
# ---------------------------------------------------------------------------


def _parse_end_date(end_date) -> dt.date:
    if end_date is None:
        return dt.datetime.now(dt.UTC).date()
    if isinstance(end_date, dt.datetime):
        return end_date.date()
    if isinstance(end_date, dt.date):
        return end_date
    return dt.date.fromisoformat(str(end_date))


def _build_context(leads: int, seed: int, end_date: dt.date, months: int, dirty: float):
    start_date = _months_before(end_date, months)
    start_us = _to_us(start_date)
    end_us = _to_us(end_date) + US_PER_DAY - 1
    acc = _make_accounts(seed, max(20, round(leads / 8)), start_us, end_us)
    campaign_ids, base, periods, email_base = _campaign_catalogue(start_us, end_us)
    webinar_period_us, n_webinars = periods["webinar"][0], periods["webinar"][1]
    assets, ranges, webinar_base = _asset_catalogue(start_us, webinar_period_us, n_webinars)
    people = len(FIRST_NAMES) * len(LAST_NAMES)
    name_modulus = people * -(-leads // people)
    ctx = Context(
        n_leads=leads, seed=seed, start_date=start_date, end_date=end_date, start_us=start_us, end_us=end_us,
        dirty=dirty, lead_width=max(7, len(str(leads)) + 1), act_width=max(10, len(str(leads * 100))),
        n_sdr=max(4, leads // 2_500), n_ae=max(3, leads // 5_000),
        acc_ids=acc["ids"], acc_names=acc["names"], acc_domains=acc["domains"], acc_emp=acc["emp"],
        acc_icp=acc["icp"], acc_country=acc["country"], acc_cdf=acc["cdf"],
        name_modulus=name_modulus, name_mult=_coprime_multiplier(name_modulus),
        name_offset=(seed * 104_729) % name_modulus,
        campaign_ids=campaign_ids, source_campaign_base=base, source_periods=periods,
        email_campaign_base=email_base, asset_dict=assets, asset_ranges=ranges,
        webinar_asset_base=webinar_base, webinar_period_us=webinar_period_us,
    )
    return ctx, acc


class _Writers:
    def __init__(self, out: Path, dirty: bool):
        (out / "_truth").mkdir(parents=True, exist_ok=True)
        self.writers = {}
        for name in TABLES:
            schema = dirty_schema(SCHEMAS[name]) if dirty else SCHEMAS[name]
            self.writers[name] = pq.ParquetWriter(out / f"{name}.parquet", schema, compression=PARQUET_COMPRESSION)
        self.writers["truth"] = pq.ParquetWriter(out / "_truth" / "lead_propensity.parquet", TRUTH_SCHEMA,
                                                 compression=PARQUET_COMPRESSION)
        self.rows = {name: 0 for name in TABLES}

    def write(self, name: str, table: pa.Table) -> None:
        self.writers[name].write_table(table)
        if name in self.rows:
            self.rows[name] += len(table)

    def close(self) -> None:
        for w in self.writers.values():
            w.close()


def planted_rates(counters: dict) -> dict:
    """Funnel conversion rates of the MQL cohort, as planted (as of end-date)."""
    def ratio(a, b):
        return round(counters[a] / counters[b], 4) if counters[b] else float("nan")

    return {
        "mql_rate": ratio("mql", "leads"),
        "worked_rate": ratio("mql_worked", "mql"),
        "sal_acceptance": ratio("mql_accepted", "mql_worked"),
        "mql_to_sql": ratio("mql_qualified", "mql"),
        "sql_to_won": ratio("mql_won", "mql_qualified"),
        "win_rate_closed": ratio("mql_won", "mql_closed"),
    }


def generate(out_dir, leads: int = 20_000, seed: int = 42, end_date=None, months: int = 24, dirty: float = 0.0,
             progress: bool = True) -> dict:
    """Generate the raw tables into ``out_dir``; returns row counts per table."""
    if leads < 1:
        raise ValueError("leads must be >= 1")
    if months < 1:
        raise ValueError("months must be >= 1")
    if not 0.0 <= dirty <= 0.5:
        raise ValueError("dirty rate must be within [0, 0.5]")
    out = Path(out_dir)
    end = _parse_end_date(end_date)
    started = time.perf_counter()
    ctx, acc = _build_context(leads, seed, end, months, dirty)
    is_dirty = dirty > 0
    manifest: dict = {}
    writers = _Writers(out, is_dirty)
    counters: dict = {}
    opp_parts = []
    n_chunks = -(-leads // LEADS_PER_CHUNK)
    next_act, next_extra_lead = 0, 10 ** (ctx.lead_width - 1) // 2 + leads
    bar = _progress_bar(leads, progress)
    try:
        for ci in range(n_chunks):
            res = _make_chunk(ctx, ci, next_act)
            next_act += len(res.tables["activities"])
            for k, v in res.counters.items():
                counters[k] = counters.get(k, 0) + v
            t_leads, t_acts, t_status = (res.tables[k] for k in ("leads", "activities", "lead_status_history"))
            if is_dirty:
                dirt = Dirt(ctx, _rng(seed, STREAM_DIRTY_CHUNK, ci), manifest, force=ci == 0)
                t_leads, next_extra_lead = dirt.leads(t_leads, next_extra_lead)
                t_acts, next_act = dirt.activities(t_acts, next_act)
                t_status = dirt.status_history(t_status, res.lead_created[res.status_lead])
            writers.write("leads", t_leads)
            writers.write("activities", t_acts)
            writers.write("lead_status_history", t_status)
            writers.write("truth", res.truth)
            opp_parts.append(res.opps)
            np.minimum.at(acc["first_used"], res.linked_account, res.linked_created)
            bar.update(res.counters["leads"])
        bar.close()
        n_lead_opps = sum(len(p["lead"]) for p in opp_parts)
        n_null = int(round(NULL_LEAD_OPP_SHARE * n_lead_opps)) + 1
        opp_parts.append(_null_lead_opportunities(ctx, _rng(seed, STREAM_OPPS), n_null))
        for part in opp_parts:  # an account exists before its first lead or opportunity
            np.minimum.at(acc["first_used"], part["account"], part["created"])
        if is_dirty and n_lead_opps + n_null < MIN_DIRTY_OPPORTUNITIES:  # room for every dirty class
            opp_parts.append(_null_lead_opportunities(ctx, _rng(seed, STREAM_DIRTY_OPPS),
                                                      MIN_DIRTY_OPPORTUNITIES - n_lead_opps - n_null))
        t_opps = _opportunities_table(ctx, opp_parts)
        t_acc = _accounts_table(acc)
        t_spend = _campaign_spend(ctx)
        if is_dirty:
            dirt = Dirt(ctx, _rng(seed, STREAM_DIRTY_FINAL), manifest, force=True)
            t_opps, t_acc, t_spend = dirt.opportunities(t_opps), dirt.accounts(t_acc), dirt.spend(t_spend)
        writers.write("opportunities", t_opps)
        writers.write("accounts", t_acc)
        writers.write("campaign_spend", t_spend)
    finally:
        writers.close()

    rates = planted_rates(counters)
    if is_dirty:
        manifest["leads.free_mail_domain"] = counters["free_mail"]
    manifest_path = out / "_truth" / "dirty_manifest.json"
    manifest_path.write_text(json.dumps(
        {"dirty_rate": dirty, "seed": seed, "classes": dict(sorted(manifest.items()))}, indent=2) + "\n")
    summary = {
        "leads": leads, "seed": seed, "end_date": end.isoformat(), "start_date": ctx.start_date.isoformat(),
        "months": months, "dirty_rate": dirty, "row_counts": writers.rows, "planted_rates": rates,
        "counters": counters,
    }
    (out / "_truth" / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    if progress:
        elapsed = time.perf_counter() - started
        print(f"wrote {', '.join(f'{k}={v:,}' for k, v in writers.rows.items())} to {out} in {elapsed:.1f}s")
        print("planted funnel (MQL cohort, as of end-date): "
              f"MQL rate {rates['mql_rate']:.1%}, worked {rates['worked_rate']:.1%}, "
              f"SAL acceptance {rates['sal_acceptance']:.1%}, MQL->SQL {rates['mql_to_sql']:.1%}, "
              f"SQL->won {rates['sql_to_won']:.1%} (win rate of closed {rates['win_rate_closed']:.1%})")
    return dict(writers.rows)


def _progress_bar(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="lead", unit_scale=True, desc="generating", disable=not enabled,
                file=sys.stderr)


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------


def _date_arg(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value!r}") from exc


def _positive_int(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError("must be >= 1")
    return n


def _rate(value: str) -> float:
    r = float(value)
    if not 0.0 <= r <= 0.5:
        raise argparse.ArgumentTypeError("must be within [0, 0.5]")
    return r


def add_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--leads", type=_positive_int, default=20_000, help="number of leads (default 20000)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--end-date", type=_date_arg, default=None,
                        help="last day of history, YYYY-MM-DD (default: today UTC)")
    parser.add_argument("--months", type=_positive_int, default=24, help="history length in months (default 24)")
    parser.add_argument("--out", default="data/raw", help="output directory (default data/raw)")
    parser.add_argument("--dirty", type=_rate, default=0.0,
                        help="inject every bad-input class at roughly this rate per table (default 0)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    return parser


def run(args: argparse.Namespace) -> int:
    generate(args.out, leads=args.leads, seed=args.seed, end_date=args.end_date, months=args.months,
             dirty=args.dirty, progress=not args.quiet)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lead_funnel.generate", description=__doc__.split("\n")[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
