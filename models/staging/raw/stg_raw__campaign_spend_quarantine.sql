with

outcomes as (
    select * from {{ ref('base_raw__campaign_spend') }}
),

final as (
    select
        raw_row_id,
        rejection_reason,
        spend_date,
        lead_source,
        campaign_id,
        amount_usd,
        raw_spend_date,
        raw_amount_usd
    from outcomes
    where row_outcome = 'quarantined'
)

select * from final
