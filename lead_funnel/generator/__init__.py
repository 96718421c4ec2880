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
won).  The sales process is triggered at the moment the dbt MQL rule first
fires, applied in numpy with the project's own rules (``generator.rules`` reads
the seeds and vars): fit from the seeds' fit rules on what dbt sees (title
parsed by the seed patterns, e-mail domain, matched account), engagement over
the segment's trailing recency window (per-type and total caps), the segment
threshold and gates, the hand-raiser fast track, hand-raiser-only sources and
disqualification.  The planted seniority / persona / e-mail type drive the
propensity only.  Delays to the first sales touch range from minutes to days
(some MQLs are never worked).  The propensity and the planted outcomes are
written to ``_truth/lead_propensity.parquet`` (``fit_score`` and ``mql_at`` equal
dbt's: python_tests/test_generator_rules.py), with ``propensity_without_noise``: the
same propensity without its per-lead noise term N(0, noise), what the attributes alone say
(``lead-funnel evaluate`` prints its AUC next to the oracle's; docs/ml.md).

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

Package layout
--------------
``constants`` (streams, enumerations, behaviour, schemas), ``vocabulary`` (word lists),
``rules`` (the scoring rules, READ from the seeds under ``seeds/scoring/`` and the vars of
``dbt_project.yml``: no copies), ``common`` (helpers, run context), ``accounts`` (accounts,
campaigns, spend), ``leads``, ``activities`` (bursts and the MQL rule), ``sales``, ``chunks``,
``dirt``, ``run`` (``generate``), ``shapes`` (``--shape salesforce`` / ``salesforce-airbyte``: the
same world as a connector lands it, a transform of the contract tables), ``shape_marketo``
(``--shape marketo_salesforce``: Marketo's engagement beside that Salesforce CRM) and ``cli``.
"""

from lead_funnel.generator.run import generate, planted_rates

__all__ = ["generate", "planted_rates"]
