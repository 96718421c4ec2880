{{ config(materialized='table') }}
{#-
    The cohort months the monthly funnel models rebuild on an incremental run (one definition,
    docs/performance.md): the months of the cohort-member rows that change, i.e. the loaded rows
    of the recomputed leads (funnel_leads_recomputed; int_funnel_cohort_members, read before that
    model replaces them: it runs after this one) that are not among their recomputed rows
    (int_funnel_cohort_members_recomputed), and the recomputed rows that are not among the loaded
    ones (a lead's stage, SLA verdict, segment or cohort month moved, a lead is new or gone); plus
    the months whose staged spend per lead source differs from the spend loaded in
    int_funnel_spend_allocated (new, late, corrected or removed spend rows). A lead recomputed
    only because its score window moved touches no month. Every month when those loaded tables
    do not exist yet. A table: read by the pre-hook and the select of each monthly model.
-#}
-- depends_on: {{ ref('int_leads_affected') }}
{% set loaded_members = lead_funnel.loaded_relation('int_funnel_cohort_members') -%}
{%- set loaded_spend = lead_funnel.loaded_relation('int_funnel_spend_allocated') -%}

with

members_now as (
    select * from {{ ref('int_funnel_cohort_members_recomputed') }}
),

spend as (
    select * from {{ ref('int_campaign_spend_monthly') }}
),

{% if loaded_members is not none -%}
    recomputed as (
        {{ lead_funnel.funnel_leads_recomputed(loaded_members) }}
    ),

    members_before as (
        select * from {{ loaded_members }}
        where lead_id in (select recomputed.lead_id from recomputed)
    ),

    member_months as (
        select cohort_month
        from (
            select * from members_before
            except
            select * from members_now
        ) as gone
        union all
        select cohort_month
        from (
            select * from members_now
            except
            select * from members_before
        ) as added
    ),
{%- else -%}
    member_months as (
        select cohort_month from members_now
    ),
{%- endif %}

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
        select cohort_month from member_months
        union all
        select cohort_month from spend_months
    ) as touched
    where cohort_month is not null
)

select * from final
