{#- The scoring-model evaluation (ml_scoring_model_evaluation, fitted once) as the report mart. -#}

with

evaluation as (
    select * from {{ ref('ml_scoring_model_evaluation') }}
),

final as (
    select * from evaluation
)

select * from final
