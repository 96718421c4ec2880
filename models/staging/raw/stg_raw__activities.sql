with

outcomes as (
    select * from {{ ref('base_raw__activities') }}
),

final as (
    select
        activity_id,
        lead_id,
        activity_type,
        occurred_at,
        asset,
        campaign_id,
        is_known_activity_type,
        content_hash
    from outcomes
    where row_outcome = 'staged'
)

select * from final
