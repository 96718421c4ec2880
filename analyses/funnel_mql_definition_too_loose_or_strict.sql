-- Months and segments in which the MQL definition was too loose (MQL->SQL below 5%) or too strict
-- (above 40%), with the other verdicts and the recommended action. Bands are vars
-- (funnel_mql_to_sql_*); months too recent or too small get too_early / insufficient_volume.
with

health as (
    select * from {{ ref('rpt_mql_definition_health') }}
),

final as (
    select
        report_month,
        segment,
        mql_count,
        sql_count,
        mql_to_sql_rate,
        mql_to_sql_verdict,
        sal_acceptance_verdict,
        rejection_verdict,
        capacity_verdict,
        scoring_model_verdict,
        recommended_action
    from health
    where mql_to_sql_verdict in ('too_loose', 'too_strict')
)

select * from final
order by report_month, segment
