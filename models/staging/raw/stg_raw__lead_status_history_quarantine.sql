with

outcomes as (
    select * from {{ ref('base_raw__lead_status_history') }}
),

final as (
    select
        raw_row_id,
        rejection_reason,
        lead_id,
        status,
        changed_at,
        reason,
        owner_id,
        raw_changed_at
    from outcomes
    where row_outcome = 'quarantined'
)

select * from final
