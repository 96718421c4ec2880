with

accounts as (
    select * from {{ ref('int_accounts_segmented') }}
),

fit_rules as (
    -- empty CSV cells are null however the seed was loaded
    select
        rule_id,
        attribute,
        lower(nullif(trim(match_value), '')) as match_value,
        min_value,
        max_value,
        points,
        description
    from {{ ref('aql_account_fit_rules') }}
),

account_attributes as (
    -- one row per account and attribute an account fit rule can test (text or numeric value)
    select
        account_id,
        'employee_count' as attribute_name,
        cast(null as {{ dbt.type_string() }}) as text_value,
        employee_count as number_value
    from accounts
    union all
    select
        account_id,
        'is_icp_industry' as attribute_name,
        case when is_icp_industry then 'true' else 'false' end as text_value,
        cast(null as integer) as number_value
    from accounts
    union all
    select
        account_id,
        'industry' as attribute_name,
        lower(industry) as text_value,
        cast(null as integer) as number_value
    from accounts
    union all
    select
        account_id,
        'country' as attribute_name,
        lower(country) as text_value,
        cast(null as integer) as number_value
    from accounts
    union all
    select
        account_id,
        'segment' as attribute_name,
        segment as text_value,
        cast(null as integer) as number_value
    from accounts
),

final as (
    -- one row per account and fit rule it meets
    select
        account_attributes.account_id,
        fit_rules.rule_id,
        fit_rules.attribute,
        fit_rules.points,
        fit_rules.description as rule_description
    from account_attributes
    inner join fit_rules
        on
            account_attributes.attribute_name = fit_rules.attribute
            and (
                (
                    fit_rules.match_value is not null
                    and account_attributes.text_value = fit_rules.match_value
                )
                or (
                    fit_rules.match_value is null
                    and account_attributes.number_value
                    >= coalesce(fit_rules.min_value, account_attributes.number_value)
                    and account_attributes.number_value
                    <= coalesce(fit_rules.max_value, account_attributes.number_value)
                )
            )
)

select * from final
