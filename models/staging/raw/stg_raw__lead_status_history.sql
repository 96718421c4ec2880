with

outcomes as (
    select * from {{ ref('base_raw__lead_status_history') }}
),

final as (
    select
        status_change_id,
        lead_id,
        status,
        changed_at,
        reason,
        owner_id,
        is_known_status
    from outcomes
    where row_outcome = 'staged'
)

select * from final
