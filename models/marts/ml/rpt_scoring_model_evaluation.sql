{#- The scoring-model evaluation (ml_scoring_model_evaluation, fitted once) as the report mart. -#}

with

evaluation as (
    select * from {{ ref('ml_scoring_model_evaluation') }}
),

final as (
    select
        model_evaluation_id,
        outcome,
        model,
        decile,
        leads,
        positive_leads,
        positive_rate,
        lift,
        captured_share,
        cumulative_captured_share,
        auc,
        top_decile_lift,
        training_leads,
        training_positive_leads,
        is_evaluated,
        reason
    from evaluation
)

select * from final
