{#-
    The scoring-model evaluation (ml_scoring_model_evaluation, fitted once) as the report mart,
    typed for its contract.
-#}

with

evaluation as (
    select * from {{ ref('ml_scoring_model_evaluation') }}
),

final as (
    select
        cast(model_evaluation_id as {{ dbt.type_string() }}) as model_evaluation_id,
        cast(outcome as {{ dbt.type_string() }}) as outcome,
        cast(model as {{ dbt.type_string() }}) as model,  -- noqa: RF04
        cast(evaluation_split as {{ dbt.type_string() }}) as evaluation_split,
        cast(decile as integer) as decile,
        cast(leads as integer) as leads,
        cast(positive_leads as integer) as positive_leads,
        cast(positive_rate as {{ lead_funnel.type_double() }}) as positive_rate,
        cast(mean_predicted_probability as {{ lead_funnel.type_double() }}) as mean_predicted_probability,
        cast(lift as {{ lead_funnel.type_double() }}) as lift,
        cast(captured_share as {{ lead_funnel.type_double() }}) as captured_share,
        cast(cumulative_captured_share as {{ lead_funnel.type_double() }}) as cumulative_captured_share,
        cast(auc as {{ lead_funnel.type_double() }}) as auc,
        cast(top_decile_lift as {{ lead_funnel.type_double() }}) as top_decile_lift,
        cast(brier_score as {{ lead_funnel.type_double() }}) as brier_score,
        cast(expected_calibration_error as {{ lead_funnel.type_double() }}) as expected_calibration_error,
        cast(mean_predicted_rate as {{ lead_funnel.type_double() }}) as mean_predicted_rate,
        cast(observed_rate as {{ lead_funnel.type_double() }}) as observed_rate,
        cast(platt_slope as {{ lead_funnel.type_double() }}) as platt_slope,
        cast(platt_intercept as {{ lead_funnel.type_double() }}) as platt_intercept,
        cast(evaluated_leads as integer) as evaluated_leads,
        cast(evaluated_positive_leads as integer) as evaluated_positive_leads,
        cast(training_leads as integer) as training_leads,
        cast(training_positive_leads as integer) as training_positive_leads,
        cast(training_population_leads as integer) as training_population_leads,
        cast(training_population_positive_leads as integer) as training_population_positive_leads,
        cast(is_evaluated as boolean) as is_evaluated,
        cast(reason as {{ dbt.type_string() }}) as reason
    from evaluation
)

select * from final
