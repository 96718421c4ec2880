{#-
    Staged campaign spend per month and lead source, each spend row rounded to the cent before
    summing, so the total is exact and allocations in whole cents add up to it.
-#}

with

spend as (
    select
        spend_date,
        lead_source,
        cast(amount_usd as decimal(18, 2)) as amount_usd
    from {{ ref('stg_raw__campaign_spend') }}
),

final as (
    select
        cast({{ dbt.date_trunc('month', 'spend_date') }} as date) as spend_month,
        lead_source,
        count(*) as spend_row_count,
        cast(sum(amount_usd) as decimal(18, 2)) as spend_usd,
        cast(sum(amount_usd) * 100 as bigint) as spend_cents
    from spend
    group by 1, 2
)

select * from final
