{{ config(materialized='table') }}
{#-
    One row per recomputed lead and funnel cohort it belongs to now: its `lead` cohort (month of
    lead_at) and, when it has a funnel MQL, its `mql` cohort (month of mql_at), with what the
    monthly cohorts count of it. A later stage implies the earlier ones it skipped (a won
    opportunity without a `qualified` status reached SQL; an SQL without an `accepted` status
    reached SAL): those stages count as reached - implied. The recomputed leads
    (funnel_leads_recomputed: int_leads_affected and the leads whose SLA window closed) on an
    incremental run, every lead when int_funnel_cohort_members is not loaded yet or on
    --full-refresh. int_funnel_months_affected compares these rows with the loaded ones,
    int_funnel_cohort_members then replaces them (both run after this model). The recomputed
    leads' stages and SLA come from the views' definitions with their inputs filtered to those
    leads first (macro funnel_lead_rows_ctes).
-#}
-- depends_on: {{ ref('int_leads_affected') }}
{{ lead_funnel.funnel_lead_rows_depends_on() }}
{% set loaded_members = lead_funnel.loaded_relation('int_funnel_cohort_members') -%}
{%- set recompute_all = loaded_members is none or flags.FULL_REFRESH -%}

with

{% if not recompute_all -%}
    recomputed as (
        {{ lead_funnel.funnel_leads_recomputed(loaded_members) }}
    ),

    -- stages, sla (and sales_touches) of the recomputed leads only
    {{ lead_funnel.funnel_lead_rows_ctes('recomputed', with_current_stage=false) }},
{%- else %}
    stages as (
        select * from {{ ref('int_lead_funnel_stages') }}
    ),

    sla as (
        select * from {{ ref('int_lead_mql_sla') }}
    ),
{%- endif %}

cohort_types as (
    select 'lead' as cohort_type
    union all
    select 'mql' as cohort_type
),

final as (
    select
        stages.lead_id,
        cohort_types.cohort_type,
        {{ lead_funnel.funnel_cohort_month('cohort_types.cohort_type', 'stages') }} as cohort_month,
        stages.segment,
        coalesce(stages.lead_source, 'unknown') as lead_source,
        stages.entry_path = 'marketing' as is_marketing,
        stages.entry_path = 'sales_sourced' as is_sales_sourced,
        stages.mql_at,
        stages.opportunity_at,
        stages.won_at,
        stages.won_amount_usd,
        -- a later stage implies the earlier ones it skipped (macros/funnel.sql, one definition)
        {{ lead_funnel.funnel_stage_reached_at('sal', 'stages') }} as sal_reached_at,
        {{ lead_funnel.funnel_stage_reached_at('sql', 'stages') }} as sql_reached_at,
        {{ lead_funnel.funnel_stage_is_implied('sal', 'stages') }} as is_sal_implied,
        {{ lead_funnel.funnel_stage_is_implied('sql', 'stages') }} as is_sql_implied,
        stages.is_rejected,
        {{ lead_funnel.elapsed_days('stages.mql_at', 'stages.sql_at') }} as days_mql_to_sql,
        sla.sla_met as is_sla_met,
        sla.sla_due_at
    from stages
    inner join sla
        on stages.lead_id = sla.lead_id
    inner join cohort_types
        on
            cohort_types.cohort_type = 'lead'
            or stages.mql_at is not null
)

select * from final
