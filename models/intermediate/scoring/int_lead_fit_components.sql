with

leads as (
    select * from {{ ref('int_leads_profiled') }}
),

fit_rules as (
    select * from {{ ref('scoring_fit_rules') }}
),

lead_attributes as (
    -- one row per lead and attribute a fit rule can test (text or numeric value)
    select
        lead_id,
        'seniority' as attribute,
        seniority as text_value,
        cast(null as integer) as number_value
    from leads
    union all
    select lead_id, 'persona', persona, cast(null as integer) from leads
    union all
    select lead_id, 'email_type', email_type, cast(null as integer) from leads
    union all
    select lead_id, 'lead_source', lead_source, cast(null as integer) from leads
    union all
    select lead_id, 'country', lower(country), cast(null as integer) from leads
    union all
    select lead_id, 'segment', segment, cast(null as integer) from leads
    union all
    select
        lead_id,
        'is_icp_industry',
        case when is_icp_industry then 'true' else 'false' end,
        cast(null as integer)
    from leads
    union all
    select
        lead_id,
        'is_competitor',
        case when is_competitor then 'true' else 'false' end,
        cast(null as integer)
    from leads
    union all
    select lead_id, 'employee_count', cast(null as {{ dbt.type_string() }}), employee_count from leads
),

final as (
    -- one row per lead and fit rule it meets
    select
        lead_attributes.lead_id,
        fit_rules.rule_id,
        fit_rules.attribute,
        fit_rules.points,
        fit_rules.disqualification_reason,
        fit_rules.description as rule_description
    from lead_attributes
    inner join fit_rules
        on lead_attributes.attribute = fit_rules.attribute
        and (
            (
                fit_rules.match_value is not null
                and lead_attributes.text_value = lower(trim(fit_rules.match_value))
            )
            or (
                fit_rules.match_value is null
                and lead_attributes.number_value >= coalesce(fit_rules.min_value, lead_attributes.number_value)
                and lead_attributes.number_value <= coalesce(fit_rules.max_value, lead_attributes.number_value)
            )
        )
)

select * from final
