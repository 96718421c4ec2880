{#-
    One row per canonical lead: its funnel stages, current stage and speed to lead at as_of.
    Incremental (delete+insert on lead_id, macro incremental_by_affected_leads): a run recomputes
    the leads of int_leads_affected (their inputs changed, opportunities included) and the leads
    whose SLA window closed since their row was written (is_sla_met still null, sla_due_at now at
    or before as_of): nothing else in a row moves with as_of. An incremental run computes those
    leads' stages, current stage and SLA from the views' definitions with their inputs filtered to
    the leads first (macro funnel_lead_rows_ctes): a filter on the views' output is applied after
    every lead is computed.
-#}
{{ lead_funnel.funnel_lead_rows_depends_on() }}
with

{{ lead_funnel.incremental_by_affected_leads() }}

{% if is_incremental() -%}
    recomputed as (
        -- int_leads_affected and the leads whose SLA window closed (macros/funnel_months.sql)
        {{ lead_funnel.funnel_leads_recomputed(lead_funnel.incremental_loaded(), 'affected') }}
    ),

    -- stages, current_stages, sla (and sales_touches) of the recomputed leads only
    {{ lead_funnel.funnel_lead_rows_ctes('recomputed') }},
{%- else %}
    stages as (
        select * from {{ ref('int_lead_funnel_stages') }}
    ),

    current_stages as (
        select * from {{ ref('int_lead_funnel_current_stage') }}
    ),

    sla as (
        select * from {{ ref('int_lead_mql_sla') }}
    ),
{%- endif %}

final as (
    select
        stages.lead_id,
        stages.account_id,
        stages.segment,
        stages.lead_source,
        stages.entry_path,
        stages.lead_at,
        stages.mql_at,
        stages.sal_at,
        stages.sql_at,
        stages.opportunity_at,
        stages.won_at,
        stages.won_amount_usd,
        current_stages.current_stage,
        {{ lead_funnel.elapsed_days('stages.lead_at', 'stages.mql_at') }} as days_lead_to_mql,
        {{ lead_funnel.elapsed_days('stages.mql_at', 'stages.sql_at') }} as days_mql_to_sql,
        {{ lead_funnel.elapsed_days('stages.sql_at', 'stages.won_at') }} as days_sql_to_won,
        sla.first_sales_touch_at,
        sla.minutes_to_first_touch,
        sla.sla_minutes,
        sla.sla_met as is_sla_met,
        stages.is_rejected,
        stages.rejection_reason,
        stages.mql_priority,
        stages.mql_trigger,
        sla.sla_due_at,
        stages.rejected_at,
        stages.opportunity_id,
        stages.opportunity_status,
        current_stages.mql_count,
        current_stages.recycle_count,
        stages.has_out_of_order_stages,
        -- a later stage implies the earlier ones it skipped (macros/funnel.sql, one definition)
        {{ lead_funnel.funnel_stage_is_implied('sal', 'stages') }} as is_sal_implied,
        {{ lead_funnel.funnel_stage_is_implied('sql', 'stages') }} as is_sql_implied
    from stages
    inner join current_stages
        on stages.lead_id = current_stages.lead_id
    inner join sla
        on stages.lead_id = sla.lead_id
)

{{ lead_funnel.incremental_select('final', 'lead_id', replaced_keys='recomputed') }}
