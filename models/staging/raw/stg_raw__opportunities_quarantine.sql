with

outcomes as (
    select * from {{ ref('base_raw__opportunities') }}
),

final as (
    select
        raw_row_id,
        rejection_reason,
        opportunity_id,
        account_id,
        lead_id,
        created_at,
        stage,
        amount_usd,
        closed_at,
        is_closed,
        is_won,
        raw_created_at,
        raw_closed_at,
        raw_amount_usd
    from outcomes
    where row_outcome = 'quarantined'
)

select * from final
