with

outcomes as (
    select * from {{ ref('base_raw__leads') }}
),

final as (
    select
        lead_id,
        email,
        email_domain,
        first_name,
        last_name,
        job_title,
        company_name,
        account_id,
        lead_source,
        country,
        created_at,
        coalesce(updated_at, created_at) as updated_at,
        is_known_lead_source,
        is_free_mail_domain,
        duplicate_of_lead_id,
        duplicate_of_lead_id is not null as is_duplicate_person,
        has_truncated_text,
        source_system,
        crm_lead_id,
        crm_contact_id
    from outcomes
    where row_outcome = 'staged'
)

select * from final
