{#-
    dim_leads with the calibrated model's predictions, for BI to sort by (docs/ml.md).
    On targets that cannot run dbt Python models (var python_models_enabled false, or dbt-spark:
    macro python_models_enabled) the Python models are disabled and not referenced: every lead
    keeps its row, the prediction columns are null and prediction_reason says why.
    Incremental (delete+insert on lead_id, macro incremental_by_affected_leads): a run recomputes
    the leads of int_leads_affected and the leads whose prediction in ml_lead_predictions differs
    from their loaded row (ml_lead_predictions also re-predicts leads whose recency bin moved, and
    every lead after a refit).
-#}
{%- set disabled_reason = 'python models are disabled on this target (var python_models_enabled)' %}

with

{{ lead_funnel.incremental_by_affected_leads() }}

{% if is_incremental() -%}
    {% if lead_funnel.python_models_enabled() -%}
        repredicted as (
            -- leads whose prediction moved without a change of their dim_leads row
            select predicted.lead_id
            from {{ ref('ml_lead_predictions') }} as predicted
            inner join {{ lead_funnel.incremental_loaded() }} as loaded
                on predicted.lead_id = loaded.lead_id
            where
                predicted.predicted_win_probability is distinct from loaded.predicted_win_probability
                or predicted.predicted_sql_probability is distinct from loaded.predicted_sql_probability
                or predicted.win_probability_decile is distinct from loaded.win_probability_decile
                or predicted.sql_probability_decile is distinct from loaded.sql_probability_decile
                or predicted.prediction_status is distinct from loaded.prediction_status
                or predicted.prediction_reason is distinct from loaded.prediction_reason
        ),
    {%- else -%}
        repredicted as (
            -- leads predicted before the Python models were turned off
            select lead_id
            from {{ lead_funnel.incremental_loaded() }}
            where coalesce(prediction_reason, '') <> '{{ disabled_reason }}'
        ),
    {%- endif %}

    recomputed as (
        select lead_id from affected
        union
        select lead_id from repredicted
    ),
{%- endif %}

leads as (
    select * from {{ ref('dim_leads') }}
    {% if is_incremental() -%}
        where lead_id in (select recomputed.lead_id from recomputed)
    {%- endif %}
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
        {% if is_incremental() -%}
            where lead_id in (select recomputed.lead_id from recomputed)
        {%- endif %}
    {% else %}
        select
            lead_id,
            cast(null as {{ lead_funnel.type_double() }}) as predicted_win_probability,
            cast(null as {{ lead_funnel.type_double() }}) as predicted_sql_probability,
            cast(null as integer) as win_probability_decile,
            cast(null as integer) as sql_probability_decile,
            'not_predicted' as prediction_status,
            '{{ disabled_reason }}' as prediction_reason
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

{{ lead_funnel.incremental_select('final', 'lead_id', replaced_keys='recomputed') }}
