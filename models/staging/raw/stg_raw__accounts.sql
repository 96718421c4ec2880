with

outcomes as (
    select * from {{ ref('base_raw__accounts') }}
),

final as (
    select
        account_id,
        account_name,
        domain,
        industry,
        employee_count,
        annual_revenue_usd,
        country,
        created_at
    from outcomes
    where row_outcome = 'staged'
)

select * from final
