with

leads as (
    select
        lead_id,
        account_id,
        email_domain,
        is_free_mail_domain
    from {{ ref('stg_raw__leads') }}
    where not is_duplicate_person
),

accounts as (
    select * from {{ ref('stg_raw__accounts') }}
),

accounts_by_domain as (
    -- one account per domain: the earliest created (then the lowest account_id)
    select
        domain,
        account_id
    from (
        select
            domain,
            account_id,
            row_number() over (partition by domain order by created_at, account_id) as domain_rank
        from accounts
        where domain is not null
    ) as ranked
    where domain_rank = 1
),

final as (
    -- the CRM account when it exists; else the account whose domain is the email domain
    -- (free-mail domains never match); else none
    select
        leads.lead_id,
        coalesce(by_account_id.account_id, by_email_domain.account_id) as account_id,
        case
            when by_account_id.account_id is not null then 'account_id'
            when by_email_domain.account_id is not null then 'email_domain'
            else 'none'
        end as account_match_method,
        leads.account_id as crm_account_id
    from leads
    left join accounts as by_account_id
        on leads.account_id = by_account_id.account_id
    left join accounts_by_domain as by_email_domain
        on
            leads.email_domain = by_email_domain.domain
            and not leads.is_free_mail_domain
)

select * from final
