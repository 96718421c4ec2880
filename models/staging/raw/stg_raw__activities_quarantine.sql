with

outcomes as (
    select * from {{ ref('base_raw__activities') }}
),

final as (
    select
        raw_row_id,
        rejection_reason,
        activity_id,
        lead_id,
        activity_type,
        occurred_at,
        asset,
        campaign_id,
        raw_occurred_at
    from outcomes
    where row_outcome = 'quarantined'
)

select * from final
