with

outcomes as (
    select * from {{ ref('base_raw__accounts') }}
),

final as (
    select
        raw_row_id,
        rejection_reason,
        account_id,
        account_name,
        domain,
        industry,
        employee_count,
        annual_revenue_usd,
        country,
        created_at,
        is_deleted,
        raw_created_at,
        raw_employee_count
    from outcomes
    where row_outcome = 'quarantined'
)

select * from final
