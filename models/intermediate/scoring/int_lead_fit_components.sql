{#-
    One row per lead, scoring-model version and fit rule it meets (seed scoring_fit_rules).
    Materialized, not a view (issue #18): its readers (int_leads_enriched_by_model_version,
    fct_lead_score_components, int_scoring_model_rule_differences, int_ml_lead_features_stored)
    each re-ran int_leads_profiled, regular-expression matching of every lead included, to keep
    a few leads' rows. Incremental on lead_id exactly like int_leads_enriched_by_model_version
    (macro incremental_by_affected_keys over int_leads_profile_changed: the leads whose staged
    rows, matched account or account row changed, removed leads, every lead when a scoring seed
    or the versions evaluated changed): a lead's rows are a function of its profile and the
    seeds only.
-#}

with

{{ lead_funnel.incremental_by_affected_keys('lead_id', 'int_leads_profile_changed', 'affected') }}

leads as (
    select * from {{ ref('int_leads_profiled') }}
    {% if is_incremental() -%}
        where lead_id in (select affected.lead_id from affected)
    {%- endif %}
),

fit_rules as (
    -- empty CSV cells are null however the seed was loaded
    select
        model_version,
        rule_id,
        lead_attribute,
        lower(nullif(trim(match_value), '')) as match_value,
        min_value,
        max_value,
        points,
        nullif(trim(disqualification_reason), '') as disqualification_reason,
        description
    from {{ ref('scoring_fit_rules') }}
),

lead_attributes as (
    -- one row per lead, model version and attribute a fit rule can test (text or numeric value)
    select
        lead_id,
        model_version,
        'seniority' as lead_attribute,
        seniority as text_value,
        cast(null as integer) as number_value
    from leads
    union all
    select
        lead_id,
        model_version,
        'persona' as lead_attribute,
        persona as text_value,
        cast(null as integer) as number_value
    from leads
    union all
    select
        lead_id,
        model_version,
        'email_type' as lead_attribute,
        email_type as text_value,
        cast(null as integer) as number_value
    from leads
    union all
    select
        lead_id,
        model_version,
        'lead_source' as lead_attribute,
        lead_source as text_value,
        cast(null as integer) as number_value
    from leads
    union all
    select
        lead_id,
        model_version,
        'country' as lead_attribute,
        lower(country) as text_value,
        cast(null as integer) as number_value
    from leads
    union all
    select
        lead_id,
        model_version,
        'segment' as lead_attribute,
        segment as text_value,
        cast(null as integer) as number_value
    from leads
    union all
    select
        lead_id,
        model_version,
        'is_icp_industry' as lead_attribute,
        case when is_icp_industry then 'true' else 'false' end as text_value,
        cast(null as integer) as number_value
    from leads
    union all
    select
        lead_id,
        model_version,
        'is_competitor' as lead_attribute,
        case when is_competitor then 'true' else 'false' end as text_value,
        cast(null as integer) as number_value
    from leads
    union all
    select
        lead_id,
        model_version,
        'employee_count' as lead_attribute,
        cast(null as {{ dbt.type_string() }}) as text_value,
        employee_count as number_value
    from leads
),

final as (
    -- one row per lead, model version and fit rule it meets: text rules by value, numeric rules by range
    select
        lead_attributes.lead_id,
        lead_attributes.model_version,
        fit_rules.rule_id,
        fit_rules.lead_attribute,
        fit_rules.points,
        fit_rules.disqualification_reason,
        fit_rules.description as rule_description
    from lead_attributes
    inner join fit_rules
        on
            lead_attributes.model_version = fit_rules.model_version
            and lead_attributes.lead_attribute = fit_rules.lead_attribute
            and (
                lead_attributes.text_value = fit_rules.match_value
                or (
                    fit_rules.match_value is null
                    and lead_attributes.number_value
                    >= coalesce(fit_rules.min_value, lead_attributes.number_value)
                    and lead_attributes.number_value
                    <= coalesce(fit_rules.max_value, lead_attributes.number_value)
                )
            )
)

{{ lead_funnel.incremental_select('final', 'lead_id', replaced_keys='affected') }}
