with

outcomes as (
    select * from {{ ref('base_raw__campaign_spend') }}
),

final as (
    select
        spend_id,
        spend_date,
        lead_source,
        campaign_id,
        amount_usd,
        is_known_lead_source
    from outcomes
    where row_outcome = 'staged'
)

select * from final
