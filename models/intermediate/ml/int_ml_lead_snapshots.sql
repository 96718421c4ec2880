{{
    config(
        materialized='table'
    )
}}
{#-
    One row per lead and feature snapshot (docs/ml.md): the moment its calibration features are
    read, its path into the funnel at that moment and its attributes. The one definition of the
    training cutoff:
    - `training`: the first MQL, or (never an MQL) created_at + var ml_non_mql_feature_days days
      (macro ml_feature_cutoff) - but never later than the first sales stage (accepted, qualified
      or an opportunity): a sales-sourced lead is judged before sales touched it, so nothing sales
      did can leak into what the models learn from.
    - `current`: as_of; what the models predict from.
    path: `mql` (an MQL by the snapshot), `sales_sourced` (sales reached a stage by the snapshot,
    before any MQL), else `never_mql` (neither, so far).
-#}

with

leads as (
    select
        lead_id,
        lead_created_at,
        recency_window_days,
        lead_source,
        country,
        seniority,
        persona,
        email_type,
        industry,
        employee_count,
        segment
    from {{ ref('int_leads_enriched') }}
),

titles as (
    select
        lead_id,
        job_title
    from {{ ref('stg_raw__leads') }}
),

scores as (
    select
        lead_id,
        meets_mql_criteria
    from {{ ref('int_leads_scored') }}
),

first_mqls as (
    select
        lead_id,
        min(mql_at) as first_mql_at
    from {{ ref('int_lead_mql_events') }}
    group by 1
),

funnel_stages as (
    -- the first sales stage of a sales-sourced lead (stages before any MQL): when it reached SAL,
    -- recorded or implied by a later stage
    select
        lead_id,
        entry_path,
        case
            when entry_path = 'sales_sourced'
                then {{ lead_funnel.funnel_stage_reached_at('sal') }}
        end as first_sales_stage_at
    from {{ ref('int_lead_funnel_stages') }}
),

cutoffs as (
    select
        leads.*,
        titles.job_title,
        scores.meets_mql_criteria,
        first_mqls.first_mql_at,
        funnel_stages.first_sales_stage_at,
        {{ lead_funnel.ml_feature_cutoff('first_mqls.first_mql_at', 'leads.lead_created_at') }}
            as mql_or_days_cutoff_at
    from leads
    inner join scores
        on leads.lead_id = scores.lead_id
    left join titles
        on leads.lead_id = titles.lead_id
    left join first_mqls
        on leads.lead_id = first_mqls.lead_id
    left join funnel_stages
        on leads.lead_id = funnel_stages.lead_id
),

training_cutoffs as (
    select
        *,
        case
            when first_sales_stage_at < mql_or_days_cutoff_at then first_sales_stage_at
            else mql_or_days_cutoff_at
        end as training_cutoff_at
    from cutoffs
),

snapshots as (
    select
        *,
        'training' as feature_snapshot,
        training_cutoff_at as snapshot_at
    from training_cutoffs
    union all
    select
        *,
        'current' as feature_snapshot,
        {{ lead_funnel.as_of() }} as snapshot_at
    from training_cutoffs
),

final as (
    select
        {{ lead_funnel.row_key(['lead_id', 'feature_snapshot']) }} as lead_snapshot_id,
        lead_id,
        feature_snapshot,
        snapshot_at,
        case
            when first_sales_stage_at <= snapshot_at then 'sales_sourced'
            when first_mql_at <= snapshot_at then 'mql'
            else 'never_mql'
        end as path,  -- noqa: RF04
        case
            when feature_snapshot = 'training' then first_mql_at is not null and first_mql_at <= snapshot_at
            else meets_mql_criteria
        end as meets_mql_criteria,
        case
            when first_sales_stage_at = snapshot_at then 'first_sales_stage'
            when first_mql_at = snapshot_at then 'first_mql'
            when feature_snapshot = 'training' then 'days_after_created'
            else 'as_of'
        end as snapshot_basis,
        recency_window_days,
        lead_created_at,
        lead_source,
        country,
        seniority,
        persona,
        email_type,
        industry,
        employee_count,
        segment,
        job_title
    from snapshots
)

select * from final
