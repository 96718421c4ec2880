{#-
    The backtest reads the model in force exactly as the funnel does: for every month and segment,
    the `active` row of int_scoring_model_monthly has the MQLs, MQL events, SALs, SQLs, rejected and
    decided MQLs of rpt_mql_definition_health's measures. Fails with the months that differ.
-#}

with

active as (
    select * from {{ ref('int_scoring_model_monthly') }}
    where scoring_model = 'active'
),

health as (
    select * from {{ ref('int_mql_definition_health_measures') }}
)

select
    health.report_month,
    health.segment,
    health.mqls,
    active.mql_count,
    health.mql_events,
    active.mql_event_count,
    health.sals,
    active.sal_count,
    health.sqls,
    active.sql_count,
    health.rejected_mqls,
    active.rejected_mql_count,
    health.decided_mqls,
    active.decided_mql_count
from health
left join active
    on
        health.report_month = active.report_month
        and health.segment = active.segment
where
    active.report_month is null
    or health.mqls <> active.mql_count
    or health.mql_events <> active.mql_event_count
    or health.sals <> active.sal_count
    or health.sqls <> active.sql_count
    or health.rejected_mqls <> active.rejected_mql_count
    or health.decided_mqls <> active.decided_mql_count
