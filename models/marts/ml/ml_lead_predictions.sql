{#-
    Predicted probability of SQL and of a win per lead at as_of (docs/ml.md): the last fit applied
    (macro ml_lead_probabilities), each probability placed in a decile by the cut points of
    ml_probability_deciles. A lead's row depends on its own features and the fit only.
    Incremental (delete+insert on lead_id, macro incremental_by_affected_leads): a run predicts the
    leads of int_leads_affected and the leads whose recency bin moved with as_of (macro
    ml_recency_bin_moved, over the stored last activity times); every lead when the fit
    (scoring_fit_id) differs from the one the loaded rows were written with, or nothing is loaded.
    A full build with var full_build_lead_buckets = K > 1 predicts the leads in K passes of one
    bucket each (CTE bucket_keys; docs/performance.md "Bucketed full builds"): at 10M leads the
    single query spilled more than the 17 GB of disk left (tier L, session 21).
-#}

with

{{ lead_funnel.incremental_by_affected_leads(bucketed_full_build=true) }}

fit as (
    {{ lead_funnel.ml_scoring_fit_id(ref('ml_scoring_weights'), ref('ml_probability_deciles')) }}
),

{% if is_incremental() -%}
    loaded_fits as (
        select
            count(*) as loaded_rows,
            count(case when loaded.scoring_fit_id = fit.scoring_fit_id then 1 end) as current_fit_rows
        from {{ lead_funnel.incremental_loaded() }} as loaded
        cross join fit
    ),

    current_activities as (
        select
            lead_id,
            last_occurred_at
        from {{ ref('int_ml_lead_activity_features') }}
        where feature_snapshot = 'current'
    ),

    recency_moved as (
        -- candidates: an activity type last done where a bin bound was crossed; then the lead's last
        select lead_id
        from current_activities
        where lead_id in (
            select candidates.lead_id
            from current_activities as candidates
            where {{ lead_funnel.ml_recency_bin_moved(
                'candidates.last_occurred_at', lead_funnel.as_of(), var('incremental_lookback_days')
            ) }}
        )
        group by 1
        having {{ lead_funnel.ml_recency_bin_moved(
            'max(last_occurred_at)', lead_funnel.as_of(), var('incremental_lookback_days')
        ) }}
    ),

    recomputed as (
        select lead_id from affected
        union
        select lead_id from recency_moved
        union
        select every_lead.lead_id
        from {{ ref('dim_leads') }} as every_lead
        cross join loaded_fits
        where loaded_fits.current_fit_rows < loaded_fits.loaded_rows or loaded_fits.loaded_rows = 0
    ),
{%- endif %}

{#- a bucketed full build (var full_build_lead_buckets > 1): bucket_keys is one bucket's leads per pass #}
{%- set bucket_keys = lead_funnel.full_build_lead_bucket_keys('bucket_keys', ref('dim_leads')) %}
{{ bucket_keys }}

{{ lead_funnel.ml_lead_probabilities(
    keys='recomputed' if is_incremental() else ('bucket_keys' if bucket_keys | trim else none)
) }},

cut_positions as (
    select
        outcome,
        decile,
        min_probability,
        row_number() over (partition by outcome order by decile) as cut_position,
        count(*) over (partition by outcome) as outcome_cuts
    from {{ ref('ml_probability_deciles') }}
),

cuts_above as (
    -- per lead and outcome: how many cut points lie above its probability
    select
        lead_probabilities.lead_id,
        lead_probabilities.outcome,
        sum(case when lead_probabilities.probability < cut_positions.min_probability then 1 else 0 end)
            as cuts_above,
        max(cut_positions.outcome_cuts) as outcome_cuts
    from lead_probabilities
    inner join cut_positions
        on lead_probabilities.outcome = cut_positions.outcome
    where lead_probabilities.probability is not null
    group by 1, 2
),

placed as (
    -- the best decile whose lowest probability at the fit the lead reaches, else the last one
    select
        lead_probabilities.lead_id,
        lead_probabilities.outcome,
        lead_probabilities.is_disqualified,
        lead_probabilities.not_fitted_reason,
        lead_probabilities.probability,
        cut_positions.decile
    from lead_probabilities
    left join cuts_above
        on
            lead_probabilities.lead_id = cuts_above.lead_id
            and lead_probabilities.outcome = cuts_above.outcome
    left join cut_positions
        on
            cuts_above.outcome = cut_positions.outcome
            and cut_positions.cut_position = least(cuts_above.cuts_above, cuts_above.outcome_cuts - 1) + 1
),

per_lead as (
    select
        lead_id,
        max(case when outcome = 'sql' then probability end) as predicted_sql_probability,
        max(case when outcome = 'won' then probability end) as predicted_win_probability,
        max(case when outcome = 'sql' then decile end) as sql_probability_decile,
        max(case when outcome = 'won' then decile end) as win_probability_decile,
        max(case when is_disqualified then 'disqualified: never an MQL, not scored' end) as disqualified_reason,
        max(case when outcome = 'sql' then {{ dbt.concat(["'sql model not fitted: '", 'not_fitted_reason']) }} end)
            as sql_reason,
        max(case when outcome = 'won' then {{ dbt.concat(["'won model not fitted: '", 'not_fitted_reason']) }} end)
            as won_reason
    from placed
    group by 1
),

final as (
    select
        cast(per_lead.lead_id as {{ dbt.type_string() }}) as lead_id,
        cast(per_lead.predicted_sql_probability as {{ lead_funnel.type_double() }}) as predicted_sql_probability,
        cast(per_lead.predicted_win_probability as {{ lead_funnel.type_double() }}) as predicted_win_probability,
        cast(per_lead.sql_probability_decile as integer) as sql_probability_decile,
        cast(per_lead.win_probability_decile as integer) as win_probability_decile,
        cast(
            case
                when
                    per_lead.predicted_sql_probability is not null
                    and per_lead.predicted_win_probability is not null
                    then 'predicted'
                when
                    per_lead.predicted_sql_probability is null
                    and per_lead.predicted_win_probability is null
                    then 'not_predicted'
                else 'partial'
            end as {{ dbt.type_string() }}
        ) as prediction_status,
        cast(
            nullif(concat_ws('; ', per_lead.disqualified_reason, per_lead.sql_reason, per_lead.won_reason), '')
            as {{ dbt.type_string() }}
        ) as prediction_reason,
        cast(fit.scoring_fit_id as {{ dbt.type_string() }}) as scoring_fit_id
    from per_lead
    cross join fit
)

{{ lead_funnel.incremental_select('final', 'lead_id', replaced_keys='recomputed') }}
