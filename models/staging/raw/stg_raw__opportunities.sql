with

outcomes as (
    select * from {{ ref('base_raw__opportunities') }}
),

final as (
    select
        opportunity_id,
        account_id,
        lead_id,
        created_at,
        stage,
        amount_usd,
        closed_at,
        is_closed,
        is_won,
        is_known_stage
    from outcomes
    where row_outcome = 'staged'
)

select * from final
