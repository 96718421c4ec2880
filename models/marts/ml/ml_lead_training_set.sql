{#-
    One row per lead: the moment its features are frozen (int_ml_lead_snapshots, the one
    definition of the training cutoff), its path then, the rule model's score at that moment, the
    outcomes reached within the horizon after it, and whether the models may learn from it
    (docs/ml.md): every lead whose horizon has elapsed - MQLs, sales-sourced and never-MQL leads -
    except disqualified ones. The features are int_ml_lead_features and
    int_ml_lead_activity_features (feature_snapshot `training`) and the attributes of
    int_ml_lead_snapshots.
-#}

with

leads as (
    select
        lead_id,
        segment,
        lead_source,
        fit_score,
        is_disqualified,
        first_mql_at,
        lead_created_at
    from {{ ref('dim_leads') }}
),

funnel as (
    select
        lead_id,
        entry_path,
        sal_at,
        sql_at,
        opportunity_at,
        won_at,
        rejected_at
    from {{ ref('fct_lead_funnel') }}
),

snapshots as (
    select
        lead_id,
        snapshot_at as cutoff_at,
        snapshot_basis as cutoff_basis,
        path
    from {{ ref('int_ml_lead_snapshots') }}
    where feature_snapshot = 'training'
),

training_features as (
    select
        lead_id,
        feature_type,
        rule_points
    from {{ ref('int_ml_lead_features') }}
    where feature_snapshot = 'training'
),

engagement_at_cutoff as (
    -- the rule model's engagement at the cutoff: capped type points, then the total cap
    select
        lead_id,
        {{ lead_funnel.scoring_engagement_total_capped('sum(rule_points)') }} as engagement_score
    from training_features
    where feature_type = 'activity_type'
    group by 1
),

cutoffs as (
    select
        leads.lead_id,
        leads.segment,
        leads.lead_source,
        funnel.entry_path,
        snapshots.path,
        leads.is_disqualified,
        leads.lead_created_at,
        leads.first_mql_at,
        snapshots.cutoff_at,
        snapshots.cutoff_basis,
        leads.fit_score,
        coalesce(engagement_at_cutoff.engagement_score, 0) as engagement_score,
        funnel.sal_at,
        funnel.sql_at,
        funnel.opportunity_at,
        funnel.won_at,
        funnel.rejected_at
    from leads
    inner join funnel
        on leads.lead_id = funnel.lead_id
    inner join snapshots
        on leads.lead_id = snapshots.lead_id
    left join engagement_at_cutoff
        on leads.lead_id = engagement_at_cutoff.lead_id
),

horizons as (
    select
        *,
        {{ dbt.dateadd('day', var('ml_outcome_horizon_days'), 'cutoff_at') }} as outcome_horizon_ends_at
    from cutoffs
),

labelled as (
    select
        *,
        case
            when is_disqualified then 'disqualified'
            when outcome_horizon_ends_at > {{ lead_funnel.as_of() }} then 'horizon_not_elapsed'
        end as exclusion_reason,
        outcome_horizon_ends_at <= {{ lead_funnel.as_of() }} as is_horizon_elapsed,
        -- stages are reached at or after the first MQL, or (sales-sourced) at or after the first
        -- sales stage (fct_lead_funnel): at or after the cutoff
        -- a later stage implies the SAL / SQL it skipped (a won opportunity without `qualified`)
        coalesce({{ lead_funnel.funnel_stage_reached_at('sal') }} <= outcome_horizon_ends_at, false)
            as is_sal_in_horizon,
        coalesce({{ lead_funnel.funnel_stage_reached_at('sql') }} <= outcome_horizon_ends_at, false)
            as is_sql_in_horizon,
        coalesce(won_at <= outcome_horizon_ends_at, false) as is_won_in_horizon,
        coalesce(
            {{ lead_funnel.funnel_stage_reached_at('sal') }} <= outcome_horizon_ends_at
            or rejected_at <= outcome_horizon_ends_at,
            false
        ) as is_decided_in_horizon
    from horizons
),

final as (
    select
        lead_id,
        segment,
        lead_source,
        entry_path,
        path,
        lead_created_at,
        first_mql_at,
        cutoff_at,
        cutoff_basis,
        outcome_horizon_ends_at,
        exclusion_reason is null as is_training_eligible,
        exclusion_reason,
        cast(fit_score as integer) as fit_score_at_cutoff,
        cast(engagement_score as integer) as engagement_score_at_cutoff,
        cast(fit_score + engagement_score as integer) as rule_score_at_cutoff,
        -- outcomes are unknown (null) until the whole horizon has elapsed
        case when is_horizon_elapsed then is_decided_in_horizon end as has_sales_decision,
        case when is_horizon_elapsed then is_sal_in_horizon end as has_reached_sal,
        case when is_horizon_elapsed then is_sql_in_horizon end as has_reached_sql,
        case when is_horizon_elapsed then is_won_in_horizon end as has_won
    from labelled
)

select * from final
