{#- One row per account: its segment under the scoring-model version in force at as_of. -#}

with

accounts as (
    select * from {{ ref('int_accounts_segmented_by_model_version') }}
),

current_version as (
    select model_version from {{ ref('int_scoring_model_versions') }}
    where is_in_force_at_as_of
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
    inner join current_version
        on accounts.model_version = current_version.model_version
)

select * from final
