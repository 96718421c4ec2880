{#-
    The training features are frozen at the right moment: for a lead whose cutoff is its first MQL,
    the rule score rebuilt from int_ml_lead_features (feature_snapshot `training`) is the score its first
    MQL event recorded. Counting an activity after the cutoff (a leak) or missing one inside the
    window breaks it. The features use the version in force at as_of, so after a switch of versions
    (README "Switching") a first MQL that an earlier version evaluated is not compared. Returns the
    leads where they differ.
-#}

with

training as (
    select
        lead_id,
        engagement_score_at_cutoff,
        rule_score_at_cutoff
    from {{ ref('ml_lead_training_set') }}
    where cutoff_basis = 'first_mql'
),

first_mqls as (
    select
        lead_id,
        engagement_score_at_mql,
        lead_score_at_mql
    from {{ ref('fct_mql_events') }}
    where
        mql_sequence = 1
        and {{ lead_funnel.scoring_model_version_is('is_in_force_at_as_of', 'scoring_model_version') }}
),

final as (
    select
        training.lead_id,
        training.engagement_score_at_cutoff,
        first_mqls.engagement_score_at_mql,
        training.rule_score_at_cutoff,
        first_mqls.lead_score_at_mql
    from training
    inner join first_mqls
        on training.lead_id = first_mqls.lead_id
    where
        training.engagement_score_at_cutoff <> first_mqls.engagement_score_at_mql
        or training.rule_score_at_cutoff <> first_mqls.lead_score_at_mql
)

select * from final
