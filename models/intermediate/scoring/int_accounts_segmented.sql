{#- One row per account: its segment under the scoring-model version in force at as_of. -#}

with

accounts as (
    select * from {{ ref('int_accounts_segmented_by_model_version') }}
),

final as (
    select
        accounts.account_id,
        accounts.account_name,
        accounts.domain,
        accounts.industry,
        accounts.employee_count,
        accounts.country,
        accounts.segment,
        accounts.is_icp_industry
    from accounts
    where {{ lead_funnel.scoring_model_version_is('is_in_force_at_as_of') }}
)

select * from final
