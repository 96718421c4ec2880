"""The scoring rules the generator applies, READ from the dbt project: no copies.

The generator plants a sales process that starts when the dbt MQL rule first fires, so it needs the
rule exactly as dbt applies it. Everything comes from the seeds (found by name under ``seeds/``,
``seeds/scoring/`` today) and the ``vars`` of ``dbt_project.yml``:

* ``scoring_activity_points``: points, per-window cap (the ``scoring_capped`` macro: a negative cap
  is a floor, an empty one no cap) and the hand-raiser flag per activity type;
* ``scoring_segments``: employee bands, the default segment, thresholds and recency windows;
* ``scoring_fit_rules``: fit points and disqualifiers on the observed lead attributes;
* ``scoring_title_patterns``: seniority and persona parsed from the job title (lowest priority wins);
* ``scoring_icp_industries``, ``scoring_academic_domain_patterns``, ``scoring_competitor_domains``,
  ``free_mail_domains``: what the attributes are made from;
* ``scoring_lead_source_rules``: the hand-raiser-only sources;
* vars ``scoring_engagement_cap``, ``scoring_fit_gate``, ``scoring_engagement_gate``,
  ``scoring_fast_track_min_fit``.

Edit a seed or var and the generator follows (python_tests/test_generator_rules.py).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from lead_funnel import settings


@dataclass(frozen=True)
class Segment:
    name: str
    min_employees: int | None
    max_employees: int | None
    is_default: bool
    threshold: int
    window_days: int


@dataclass(frozen=True)
class FitRule:
    rule_id: str
    attribute: str
    match_value: str | None  # lowercased; None: a numeric range rule
    min_value: int | None
    max_value: int | None
    points: int
    disqualification_reason: str | None


@dataclass(frozen=True)
class ScoringRules:
    """The MQL rule and its inputs as the dbt project defines them."""

    activity_points: dict  # activity_type -> (points, cap per window or None)
    hand_raisers: tuple
    engagement_cap: int
    fit_gate: int
    engagement_gate: int
    fast_track_min_fit: int
    segments: tuple  # Segment, in seed order
    hand_raiser_only_sources: frozenset
    fit_rules: tuple  # FitRule
    title_patterns: dict  # dimension -> ((priority, value, compiled regex), ...) by priority, value
    icp_industries: frozenset
    academic_patterns: tuple  # compiled regexes
    competitor_domains: tuple
    free_mail_domains: frozenset

    # -- segments ------------------------------------------------------------------------
    @property
    def default_segment(self) -> Segment:
        return next(s for s in self.segments if s.is_default)

    def segment_of(self, employee_count: np.ndarray, names: tuple) -> np.ndarray:
        """Index into ``names`` of the segment dbt gives each headcount (< 0: unknown, the default
        segment); overlapping bands: the highest ``min_employees`` wins, as in int_accounts_segmented."""
        emp = np.asarray(employee_count)
        known = emp >= 0
        code = np.full(len(emp), names.index(self.default_segment.name), np.int8)
        for seg in sorted(self.segments, key=lambda s: (s.min_employees is None, -(s.min_employees or 0), s.name),
                          reverse=True):  # lowest priority first, so the winner is written last
            lo = -np.inf if seg.min_employees is None else seg.min_employees
            hi = np.inf if seg.max_employees is None else seg.max_employees
            code[known & (emp >= lo) & (emp <= hi)] = names.index(seg.name)
        return code

    def segment_values(self, attribute: str, names: tuple) -> np.ndarray:
        """Per segment of ``names``: its ``threshold`` or ``window_days``."""
        by_name = {s.name: s for s in self.segments}
        return np.array([getattr(by_name[n], attribute) for n in names])

    # -- lead attributes -----------------------------------------------------------------
    def parse_title(self, title: str | None) -> tuple[str, str]:
        """(seniority, persona) of a job title, as int_leads_titles_parsed parses it."""
        text = (title or "").strip().lower()
        out = []
        for dimension in ("seniority", "persona"):
            value = "other"
            if title is not None:
                for _, candidate, pattern in self.title_patterns.get(dimension, ()):
                    if pattern.search(text):
                        value = candidate
                        break
            out.append(value)
        return out[0], out[1]

    def email_type(self, domain: str) -> str:
        """free_mail, academic or corporate, as int_leads_profiled classifies the e-mail domain."""
        domain = domain.strip().lower()
        if domain in self.free_mail_domains:
            return "free_mail"
        if any(p.search(domain) for p in self.academic_patterns):
            return "academic"
        return "corporate"

    def is_competitor(self, domain: str) -> bool:
        domain = domain.strip().lower()
        return any(domain == c or domain.endswith("." + c) for c in self.competitor_domains)

    def is_icp(self, industry: str) -> bool:
        return industry.strip().lower() in self.icp_industries

    def fit(self, attributes: dict) -> tuple[np.ndarray, np.ndarray]:
        """Fit score and disqualified flag per lead, applying every fit rule to ``attributes``
        (attribute -> array; text attributes as lowercased strings, booleans as bools,
        ``employee_count`` as integers with < 0 for unknown)."""
        n = len(next(iter(attributes.values())))
        score = np.zeros(n, np.int64)
        disqualified = np.zeros(n, bool)
        for rule in self.fit_rules:
            if rule.attribute not in attributes:
                raise ValueError(f"fit rule {rule.rule_id}: the generator has no attribute {rule.attribute!r}")
            values = np.asarray(attributes[rule.attribute])
            if rule.match_value is not None:
                if values.dtype == bool:
                    values = np.where(values, "true", "false")
                hit = values.astype(str) == rule.match_value
            else:
                hit = values >= 0
                if rule.min_value is not None:
                    hit &= values >= rule.min_value
                if rule.max_value is not None:
                    hit &= values <= rule.max_value
            score += np.where(hit, rule.points, 0)
            if rule.disqualification_reason:
                disqualified |= hit
        return score.astype(np.int32), disqualified


def _int(value: str) -> int | None:
    value = (value or "").strip()
    return int(float(value)) if value else None


def _bool(value: str) -> bool:
    return (value or "").strip().lower() == "true"


def load_rules(project: Path | None = None) -> ScoringRules:
    """The scoring rules of the dbt project at ``project`` (default: settings.project_dir())."""
    return _load_rules(Path(project or settings.project_dir()).resolve())


@functools.cache
def _load_rules(project: Path) -> ScoringRules:
    seed = functools.partial(settings.read_seed, project=project)
    variables = settings.project_vars(project)
    points = {r["activity_type"].strip(): (int(r["points"]), _int(r["cap_per_window"]))
              for r in seed("scoring_activity_points")}
    hand_raisers = tuple(r["activity_type"].strip() for r in seed("scoring_activity_points")
                         if _bool(r["is_hand_raiser"]))
    segments = tuple(Segment(r["segment"].strip(), _int(r["min_employee_count"]), _int(r["max_employee_count"]),
                             _bool(r["is_default_segment"]), int(r["mql_score_threshold"]),
                             int(r["recency_window_days"])) for r in seed("scoring_segments"))
    if sum(s.is_default for s in segments) != 1:
        raise ValueError("scoring_segments needs exactly one default segment")
    fit_rules = tuple(
        FitRule(r["rule_id"], r["lead_attribute"].strip(), (r["match_value"] or "").strip().lower() or None,
                _int(r["min_value"]), _int(r["max_value"]), int(r["points"]),
                (r["disqualification_reason"] or "").strip() or None)
        for r in seed("scoring_fit_rules"))
    patterns: dict = {}
    for r in sorted(seed("scoring_title_patterns"), key=lambda r: (int(r["priority"]), r["value"])):
        patterns.setdefault(r["dimension"], []).append((int(r["priority"]), r["value"], re.compile(r["pattern"])))
    return ScoringRules(
        activity_points=points,
        hand_raisers=hand_raisers,
        engagement_cap=int(variables["scoring_engagement_cap"]),
        fit_gate=int(variables["scoring_fit_gate"]),
        engagement_gate=int(variables["scoring_engagement_gate"]),
        fast_track_min_fit=int(variables["scoring_fast_track_min_fit"]),
        segments=segments,
        hand_raiser_only_sources=frozenset(r["lead_source"].strip() for r in seed("scoring_lead_source_rules")
                                           if _bool(r["is_hand_raiser_only"])),
        fit_rules=fit_rules,
        title_patterns={k: tuple(v) for k, v in patterns.items()},
        icp_industries=frozenset(r["industry"].strip().lower() for r in seed("scoring_icp_industries")),
        academic_patterns=tuple(re.compile(r["pattern"]) for r in seed("scoring_academic_domain_patterns")),
        competitor_domains=tuple(r["domain"].strip().lower() for r in seed("scoring_competitor_domains")),
        free_mail_domains=frozenset(r["domain"].strip().lower() for r in seed("free_mail_domains")),
    )


def capped(value: np.ndarray, cap: int | None) -> np.ndarray:
    """The ``scoring_capped`` macro: at most a positive cap, at least a negative one, no cap if None."""
    if cap is None:
        return value
    return np.minimum(value, cap) if cap >= 0 else np.maximum(value, cap)
