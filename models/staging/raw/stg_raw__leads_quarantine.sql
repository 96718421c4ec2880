with

outcomes as (
    select * from {{ ref('base_raw__leads') }}
),

final as (
    select
        raw_row_id,
        rejection_reason,
        lead_id,
        email,
        first_name,
        last_name,
        job_title,
        company_name,
        account_id,
        lead_source,
        country,
        created_at,
        updated_at,
        is_deleted,
        raw_created_at,
        raw_updated_at
    from outcomes
    where row_outcome = 'quarantined'
)

select * from final
