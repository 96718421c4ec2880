{#-
    dim_leads with the calibrated model's predictions, for BI to sort by (docs/ml.md).
    On targets that cannot run dbt Python models (var python_models_enabled false, or dbt-spark:
    macro python_models_enabled) the Python models are disabled and not referenced: every lead keeps its row, the prediction columns are
    null and prediction_reason says why.
-#}

with

leads as (
    select * from {{ ref('dim_leads') }}
),

predictions as (
    {% if lead_funnel.python_models_enabled() %}
        select
            lead_id,
            predicted_win_probability,
            predicted_sql_probability,
            win_probability_decile,
            sql_probability_decile,
            prediction_status,
            prediction_reason
        from {{ ref('ml_lead_predictions') }}
    {% else %}
        select
            lead_id,
            cast(null as {{ lead_funnel.type_double() }}) as predicted_win_probability,
            cast(null as {{ lead_funnel.type_double() }}) as predicted_sql_probability,
            cast(null as integer) as win_probability_decile,
            cast(null as integer) as sql_probability_decile,
            'not_predicted' as prediction_status,
            'python models are disabled on this target (var python_models_enabled)' as prediction_reason
        from leads
    {% endif %}
),

final as (
    select
        leads.lead_id,
        leads.account_id,
        leads.account_match_method,
        leads.email_domain,
        leads.email_sha256,
        leads.segment,
        leads.seniority,
        leads.persona,
        leads.email_type,
        leads.lead_source,
        leads.fit_score,
        leads.engagement_score,
        leads.lead_score,
        leads.fit_grade,
        leads.engagement_grade,
        leads.score_grade,
        leads.is_disqualified,
        leads.disqualification_reason,
        leads.meets_mql_criteria,
        leads.first_mql_at,
        leads.latest_mql_at,
        leads.mql_count,
        leads.lead_created_at,
        cast(predictions.predicted_win_probability as {{ lead_funnel.type_double() }})
            as predicted_win_probability,
        cast(predictions.predicted_sql_probability as {{ lead_funnel.type_double() }})
            as predicted_sql_probability,
        cast(predictions.win_probability_decile as integer) as win_probability_decile,
        cast(predictions.sql_probability_decile as integer) as sql_probability_decile,
        -- cast: with zero leads the Python model's empty text columns arrive typed as double
        coalesce(cast(predictions.prediction_status as {{ dbt.type_string() }}), 'not_predicted') as prediction_status,
        coalesce(
            cast(predictions.prediction_reason as {{ dbt.type_string() }}),
            case when predictions.lead_id is null then 'no row in ml_lead_predictions' end
        ) as prediction_reason
    from leads
    left join predictions
        on leads.lead_id = predictions.lead_id
)

select * from final
