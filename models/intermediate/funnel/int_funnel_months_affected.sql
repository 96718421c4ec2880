{{ config(materialized='table') }}
{#-
    The cohort months the monthly funnel models rebuild on an incremental run (one definition,
    docs/performance.md): the months the recomputed leads (funnel_leads_recomputed) were members
    of before the run (the loaded int_funnel_cohort_members, read before that model replaces
    their rows: it runs after this one) and are members of now, and the months whose staged
    spend per lead source differs from the spend loaded in int_funnel_spend_allocated (new,
    late, corrected or removed spend rows). Every month when those loaded tables do not exist yet.
    A table: read by the pre-hook and the select of each monthly model.
-#}
-- depends_on: {{ ref('int_leads_affected') }}
{% set loaded_members = lead_funnel.loaded_relation('int_funnel_cohort_members') -%}
{%- set loaded_spend = lead_funnel.loaded_relation('int_funnel_spend_allocated') -%}

with

stages as (
    select
        lead_id,
        lead_at,
        mql_at
    from {{ ref('int_lead_funnel_stages') }}
),

spend as (
    select * from {{ ref('int_campaign_spend_monthly') }}
),

cohort_types as (
    select 'lead' as cohort_type
    union all
    select 'mql' as cohort_type
),

{% if loaded_members is not none -%}
    recomputed as (
        {{ lead_funnel.funnel_leads_recomputed(loaded_members) }}
    ),

    months_before as (
        select cohort_month
        from {{ loaded_members }}
        where lead_id in (select recomputed.lead_id from recomputed)
    ),
{%- else -%}
    recomputed as (
        select lead_id from stages
    ),

    months_before as (
        select cast(null as date) as cohort_month
    ),
{%- endif %}

months_now as (
    select {{ lead_funnel.funnel_cohort_month('cohort_types.cohort_type', 'stages') }} as cohort_month
    from stages
    inner join cohort_types
        on
            cohort_types.cohort_type = 'lead'
            or stages.mql_at is not null
    where stages.lead_id in (select recomputed.lead_id from recomputed)
),

{% if loaded_spend is not none -%}
    spend_loaded as (
        -- the spend each cohort type carried: the same for both, compare the `lead` one
        select
            cohort_month as spend_month,
            lead_source,
            sum(spend_cents) as spend_cents
        from {{ loaded_spend }}
        where cohort_type = 'lead'
        group by 1, 2
    ),

    spend_months as (
        select coalesce(spend.spend_month, spend_loaded.spend_month) as cohort_month
        from spend
        full outer join spend_loaded
            on
                spend.spend_month = spend_loaded.spend_month
                and spend.lead_source = spend_loaded.lead_source
        where
            spend.spend_month is null
            or spend_loaded.spend_month is null
            or spend.spend_cents <> spend_loaded.spend_cents
    ),
{%- else -%}
    spend_months as (
        select spend_month as cohort_month from spend
    ),
{%- endif %}

final as (
    select distinct cohort_month
    from (
        select cohort_month from months_before
        union all
        select cohort_month from months_now
        union all
        select cohort_month from spend_months
    ) as touched
    where cohort_month is not null
)

select * from final
