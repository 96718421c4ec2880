"""Checks of the score history (marts.fct_lead_score_daily) against the scores it must reproduce,
shared by the fixture test (test_scoring_fixtures) and the generated-world test (test_incremental)."""

from __future__ import annotations

# the last history row at or before a moment: an activity leaves the window just after its expiry
# instant, so rows at the moment itself count up to change_order 0 (arrivals)
_AT = """
    select h.lead_id, h.fit_score, h.engagement_score, h.lead_score, h.score_grade, h.meets_mql_criteria
    from marts.fct_lead_score_daily as h
    inner join moments as m
        on h.lead_id = m.lead_id
        and (h.changed_at < m.at or (h.changed_at = m.at and h.change_order <= 0))
    qualify row_number() over (partition by m.key order by h.changed_at desc, h.change_order desc) = 1
"""


def history_mismatches_at_as_of(con, as_of: str) -> list[tuple]:
    """dim_leads rows whose score, grade or criteria state the history's last row by as_of does not
    reproduce (a lead created after as_of has no history: fit only, no engagement)."""
    return con.execute(f"""
        with moments as (select lead_id, lead_id as key, timestamp '{as_of}' as at from marts.dim_leads),
        at_as_of as ({_AT})
        select d.lead_id, d.lead_score, a.lead_score, d.score_grade, a.score_grade,
            d.meets_mql_criteria, a.meets_mql_criteria
        from marts.dim_leads as d
        left join at_as_of as a on d.lead_id = a.lead_id
        where a.lead_id is null and not (d.lead_created_at > timestamp '{as_of}' and d.engagement_score = 0)
            or a.lead_score is distinct from d.lead_score
            or a.engagement_score is distinct from d.engagement_score
            or a.score_grade is distinct from d.score_grade
            or a.meets_mql_criteria is distinct from d.meets_mql_criteria
    """).fetchall()


def history_mismatches_at_mqls(con) -> list[tuple]:
    """fct_mql_events rows whose fit, engagement and lead score the history at mql_at does not reproduce."""
    return con.execute(f"""
        with moments as (select lead_id, mql_event_id as key, mql_at as at from marts.fct_mql_events),
        at_mql as ({_AT.replace("h.lead_id, h.fit_score", "m.key, h.lead_id, h.fit_score")})
        select e.mql_event_id, e.lead_score_at_mql, a.lead_score
        from marts.fct_mql_events as e
        left join at_mql as a on e.mql_event_id = a.key
        where a.key is null
            or a.fit_score is distinct from e.fit_score_at_mql
            or a.engagement_score is distinct from e.engagement_score_at_mql
            or a.lead_score is distinct from e.lead_score_at_mql
    """).fetchall()
