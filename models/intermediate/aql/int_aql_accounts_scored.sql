{{ config(materialized='table') }}
{#-
    A table, not a view (issue #18): the fingerprints, the contacts, the account timeline,
    fct_aql_events, dim_accounts and the qualifications each read it, and as a view every one of
    them re-ran the fit rules and the opportunities scan.
-#}

with

accounts as (
    select * from {{ ref('int_accounts_segmented') }}
),

segments as (
    -- the segments of the scoring-model version in force at as_of
    select * from {{ ref('scoring_segments') }}
    where {{ lead_funnel.scoring_model_version_is('is_in_force_at_as_of') }}
),

fit_components as (
    select * from {{ ref('int_aql_account_fit_components') }}
),

opportunities as (
    select * from {{ ref('stg_raw__opportunities') }}
    where created_at <= {{ lead_funnel.as_of() }}
),

fit_scores as (
    select
        account_id,
        sum(points) as account_fit_score
    from fit_components
    group by 1
),

won_deals as (
    -- an account is a customer from its first won opportunity closed by as_of
    select
        account_id,
        min(closed_at) as customer_since_at
    from opportunities
    where
        is_won
        and closed_at <= {{ lead_funnel.as_of() }}
    group by 1
),

final as (
    select
        accounts.account_id,
        -- an integer key: the account timeline groups, partitions and sorts on it (cheaper than text)
        row_number() over (order by accounts.account_id) as account_key,
        accounts.account_name,
        accounts.domain,
        accounts.industry,
        accounts.employee_count,
        accounts.country,
        accounts.segment,
        segments.recency_window_days,
        cast(coalesce(fit_scores.account_fit_score, 0) as integer) as account_fit_score,
        coalesce(fit_scores.account_fit_score, 0) >= {{ var('aql_account_fit_gate') }} as meets_fit_gate,
        won_deals.customer_since_at,
        won_deals.customer_since_at is not null as is_customer
    from accounts
    inner join segments
        on accounts.segment = segments.segment
    left join fit_scores
        on accounts.account_id = fit_scores.account_id
    left join won_deals
        on accounts.account_id = won_deals.account_id
)

select * from final
