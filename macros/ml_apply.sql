{#-
    Applying the last fit (docs/ml.md "Predictions"): the one definition of a lead's calibrated
    probability at as_of, read by ml_probability_deciles (every lead, at fit time) and
    ml_lead_predictions (the recomputed leads, daily). The fit itself is Python
    (lead_funnel.calibration); applying it is a linear predictor, a sigmoid and the Platt scaling
    over the lead's stored features, so it runs in the warehouse on any number of leads.
-#}

{% macro ml_outcomes() -%}
    {#- The predicted outcomes, in the order their reasons are listed: (outcome, probability column). -#}
    {{ return([('sql', 'predicted_sql_probability'), ('won', 'predicted_win_probability')]) }}
{%- endmacro %}


{% macro ml_recency_bins() -%}
    {#-
        The `recency` feature's bins (of ml_lead_extra_features):
        (upper bound in days since the last activity, label); beyond the last bound
        `last_activity_91d_plus`, no activity at all `no_activity`.
    -#}
    {{ return([(7, 'last_activity_0_7d'), (30, 'last_activity_8_30d'), (90, 'last_activity_31_90d')]) }}
{%- endmacro %}


{% macro ml_recency_bin_moved(column, as_of, lookback_days) -%}
    {#-
        True when the recency bin of a last activity at `column` can have moved in the lookback
        with as_of alone: `column` + a bin bound falls in [as_of - lookback_days, as_of]. Null never moves.
    -#}
    (
        {%- for bound, label in lead_funnel.ml_recency_bins() %}
        {{ "or " if not loop.first }}({{ column }} between {{ dbt.dateadd('day', -1 * bound - lookback_days, as_of) }}
            and {{ dbt.dateadd('day', -1 * bound, as_of) }})
        {%- endfor %}
    )
{%- endmacro %}


{% macro ml_sigmoid(logit) -%}
    {#- 1 / (1 + exp(-logit)), written so that exp never overflows. -#}
    case
        when ({{ logit }}) >= 0 then 1.0 / (1.0 + exp(-1.0 * ({{ logit }})))
        else exp({{ logit }}) / (1.0 + exp({{ logit }}))
    end
{%- endmacro %}


{% macro ml_scoring_fit_id(weights, cuts) -%}
    {#-
        A select of one row, one column (scoring_fit_id): the identity of a fit, a hash of the
        coefficients, Platt scaling and is_fitted of `weights` (ml_scoring_weights) and the
        lowest probability per decile of `cuts` (ml_probability_deciles' rows), numbers rounded to
        12 digits. The same fit has the same id; a prediction made under another is stale.
    -#}
    {%- set canonical = "coalesce(cast(round({0}, 12) as " ~ dbt.type_string() ~ "), 'null')" -%}
    select
        substring(
            {{ lead_funnel.sha256_hex(dbt.listagg('fit_parts.part', "'|'", 'order by fit_parts.sort_key')) }}, 1, 16
        ) as scoring_fit_id
    from (
        select
            {{ dbt.concat(["'0|'", 'outcome', "'|'", 'feature_type', "'|'", 'feature']) }} as sort_key,
            {{ dbt.concat([
                'outcome', "'|'", 'feature_type', "'|'", 'feature',
                "'|'", canonical.format('coefficient'), "'|'", canonical.format('platt_slope'),
                "'|'", canonical.format('platt_intercept'),
                "'|'", "case when is_fitted then 'true' else 'false' end"
            ]) }} as part
        from {{ weights }}
        union all
        select
            {{ dbt.concat(["'1|'", 'outcome', "'|'", dbt.right("'0' || " ~ dbt.cast('decile', dbt.type_string()), 2)]) }}
                as sort_key,
            {{ dbt.concat([
                'outcome', "'|'", dbt.cast('decile', dbt.type_string()), "'|'", canonical.format('min_probability')
            ]) }} as part
        from {{ cuts }}
    ) as fit_parts
{%- endmacro %}


{% macro ml_lead_extra_features(snapshots, activities) -%}
    {#-
        CTEs (to put in a `with` clause) ending in `ml_extra_features`: the one definition of the
        calibration's features beyond the rule model (docs/ml.md "Features"), long form (lead_id,
        feature_type, feature, feature_value), for the leads of `snapshots` (rows of
        int_ml_lead_snapshots of ONE feature_snapshot, one per lead) with `activities` (the rows of
        int_ml_lead_activity_features of the same snapshot): one-hot attributes (a missing value is
        `unknown`; size_band from the employee count), the job title's words (lowercase letters and
        digits, 2+ characters), ln(1 + count) per activity type in the recency window (when not 0)
        and over the lead's life, hand_raiser_seen, and the recency bin of the last activity
        (ml_recency_bins). The fit reads them for its training rows (ml_lead_training_extra_features),
        the application for every lead at as_of (ml_lead_probabilities): both see the same features.
    -#}
    {%- set attributes = ['lead_source', 'country', 'seniority', 'persona', 'email_type', 'industry',
                          'segment', 'path'] -%}
ml_attribute_values as (
    -- one row per lead and attribute; size_band from the employee count
    {%- for attribute in attributes %}
    select
        lead_id,
        '{{ attribute }}' as attribute,
        cast({{ attribute }} as {{ dbt.type_string() }}) as attribute_value
    from {{ snapshots }}
    union all
    {%- endfor %}
    select
        lead_id,
        'size_band' as attribute,
        case
            when employee_count <= 9 then '1_9'
            when employee_count between 10 and 49 then '10_49'
            when employee_count between 50 and 199 then '50_199'
            when employee_count between 200 and 999 then '200_999'
            when employee_count between 1000 and 4999 then '1000_4999'
            when employee_count >= 5000 then '5000_plus'
        end as attribute_value
    from {{ snapshots }}
),

ml_title_words as (
    select distinct
        lead_id,
        title_word
    from (
        select
            lead_id,
            {{ lead_funnel.split_to_rows(lead_funnel.regex_replace('lower(job_title)', '[^a-z0-9]+', ' '), ' ') }}
                as title_word
        from {{ snapshots }}
        where job_title is not null
    ) as words
    where length(title_word) >= 2
),

ml_last_activity as (
    select
        ml_snapshots.lead_id,
        ml_snapshots.snapshot_at,
        max(ml_activities.last_occurred_at) as last_activity_at
    from {{ snapshots }} as ml_snapshots
    left join {{ activities }} as ml_activities
        on ml_snapshots.lead_id = ml_activities.lead_id
    group by 1, 2
),

ml_extra_features as (
    select
        lead_id,
        'attribute' as feature_type,
        {{ dbt.concat(['attribute', "'='", "case when attribute_value is null or trim(attribute_value) = ''"
                       ~ " then 'unknown' else lower(attribute_value) end"]) }} as feature,
        1.0 as feature_value
    from ml_attribute_values
    union all
    select
        lead_id,
        'title_word' as feature_type,
        title_word as feature,
        1.0 as feature_value
    from ml_title_words
    union all
    select
        lead_id,
        'activity_window' as feature_type,
        activity_type as feature,
        ln(1.0 + window_count) as feature_value
    from {{ activities }}
    where window_count > 0
    union all
    select
        lead_id,
        'activity_lifetime' as feature_type,
        activity_type as feature,
        ln(1.0 + lifetime_count) as feature_value
    from {{ activities }}
    union all
    select distinct
        lead_id,
        'hand_raiser' as feature_type,
        'hand_raiser_seen' as feature,
        1.0 as feature_value
    from {{ activities }}
    where is_hand_raiser
    union all
    select
        lead_id,
        'recency' as feature_type,
        case
            when last_activity_at is null then 'no_activity'
            {%- for bound, label in lead_funnel.ml_recency_bins() %}
            when last_activity_at >= {{ dbt.dateadd('day', -1 * bound, 'snapshot_at') }} then '{{ label }}'
            {%- endfor %}
            else 'last_activity_91d_plus'
        end as feature,
        1.0 as feature_value
    from ml_last_activity
)
{%- endmacro %}


{% macro ml_lead_probabilities(keys=none) -%}
    {#-
        CTEs (to put in a `with` clause) ending in `lead_probabilities`: one row per lead of
        dim_leads (only those in the CTE `keys`, one column lead_id, when given) and outcome of
        ml_outcomes(): the last fit of ml_scoring_weights applied to the lead's features at as_of
        (the rule model's from int_ml_lead_features_stored, the extra ones of
        ml_lead_extra_features, the macro the fit's training rows are built with too). Columns:
        lead_id, is_disqualified, outcome, is_fitted, not_fitted_reason, probability (null for disqualified leads and outcomes not fitted).
        Each term coefficient x capped feature value is rounded to 12 decimals and summed as a
        decimal: exact and order-free, so leads with equal features get equal probabilities.
    -#}
    {%- set only_keys -%}
        {%- if keys %} and lead_id in (select {{ keys }}.lead_id from {{ keys }}){% endif -%}
    {%- endset -%}
ml_leads as (
    select
        lead_id,
        coalesce(is_disqualified, false) as is_disqualified
    from {{ ref('dim_leads') }}
    where lead_id is not null {{ only_keys }}
),

ml_weights as (
    select * from {{ ref('ml_scoring_weights') }}
),

ml_rule_features as (
    select
        lead_id,
        feature_type,
        feature,
        cast(feature_value as {{ lead_funnel.type_double() }}) as feature_value
    from {{ ref('int_ml_lead_features_stored') }}
    where feature_snapshot = 'current' {{ only_keys }}
),

ml_snapshots as (
    select * from {{ ref('int_ml_lead_snapshots') }}
    where feature_snapshot = 'current' {{ only_keys }}
),

ml_activities as (
    select * from {{ ref('int_ml_lead_activity_features') }}
    where feature_snapshot = 'current' {{ only_keys }}
),

{{ lead_funnel.ml_lead_extra_features('ml_snapshots', 'ml_activities') }},

ml_features as (
    select
        lead_id,
        feature_type,
        feature,
        feature_value
    from ml_rule_features
    union all
    select
        lead_id,
        feature_type,
        feature,
        feature_value
    from ml_extra_features
),

ml_fits as (
    -- per outcome: fitted when ml_scoring_weights has rows for it and all say is_fitted
    select
        outcomes.outcome,
        coalesce(min(case when ml_weights.is_fitted then 1 else 0 end), 0) = 1 as is_fitted,
        max(case when ml_weights.feature_type = 'intercept' then ml_weights.coefficient end) as intercept,
        max(ml_weights.platt_slope) as platt_slope,
        max(ml_weights.platt_intercept) as platt_intercept,
        coalesce(
            max(case when ml_weights.feature_type = 'intercept' then ml_weights.reason end),
            max(ml_weights.reason),
            'ml_scoring_weights has no rows for this outcome'
        ) as fit_reason
    from (
        {%- for outcome, column in lead_funnel.ml_outcomes() %}
        select '{{ outcome }}' as outcome {{ "union all" if not loop.last }}
        {%- endfor %}
    ) as outcomes
    left join ml_weights
        on outcomes.outcome = ml_weights.outcome
    group by 1
),

ml_terms as (
    select
        ml_weights.outcome,
        ml_weights.feature_type,
        ml_weights.feature,
        ml_weights.coefficient,
        ml_weights.max_counted_per_window
    from ml_weights
    inner join ml_fits
        on ml_weights.outcome = ml_fits.outcome
    where
        ml_fits.is_fitted
        and ml_weights.feature_type <> 'intercept'
        and ml_weights.coefficient is not null
),

ml_linear_parts as (
    -- per lead and fitted outcome: the sum of coefficient x feature value, capped at max_counted
    select
        ml_features.lead_id,
        ml_terms.outcome,
        sum(cast(ml_terms.coefficient * case
            when ml_features.feature_value > ml_terms.max_counted_per_window then ml_terms.max_counted_per_window
            else ml_features.feature_value
        end as decimal(38, 12))) as linear_part
    from ml_features
    inner join ml_terms
        on ml_features.feature_type = ml_terms.feature_type
        and ml_features.feature = ml_terms.feature
    group by 1, 2
),

ml_logits as (
    select
        ml_leads.lead_id,
        ml_leads.is_disqualified,
        ml_fits.outcome,
        ml_fits.is_fitted,
        case when not ml_fits.is_fitted then ml_fits.fit_reason end as not_fitted_reason,
        -- Platt scaling when both its numbers are finite (NaN and infinity compare above 1e308)
        abs(ml_fits.platt_slope) < 1e308 and abs(ml_fits.platt_intercept) < 1e308 as is_platt_scaled,
        ml_fits.platt_slope,
        ml_fits.platt_intercept,
        case when ml_fits.is_fitted and not ml_leads.is_disqualified then
            ml_fits.intercept + coalesce(cast(ml_linear_parts.linear_part as {{ lead_funnel.type_double() }}), 0)
        end as logit
    from ml_leads
    cross join ml_fits
    left join ml_linear_parts
        on ml_leads.lead_id = ml_linear_parts.lead_id
        and ml_fits.outcome = ml_linear_parts.outcome
),

lead_probabilities as (
    select
        lead_id,
        is_disqualified,
        outcome,
        is_fitted,
        not_fitted_reason,
        case
            when is_platt_scaled then {{ lead_funnel.ml_sigmoid('platt_slope * logit + platt_intercept') }}
            else {{ lead_funnel.ml_sigmoid('logit') }}
        end as probability
    from ml_logits
)
{%- endmacro %}
