with

leads as (
    select * from {{ ref('stg_raw__leads') }}
),

titles as (
    select * from {{ ref('int_leads_titles_parsed') }}
),

account_matches as (
    select * from {{ ref('int_leads_account_matched') }}
),

accounts as (
    select * from {{ ref('int_accounts_segmented_by_model_version') }}
),

model_versions as (
    select model_version from {{ ref('int_scoring_model_versions') }}
),

segments as (
    select * from {{ ref('scoring_segments') }}
),

academic_domain_patterns as (
    select * from {{ ref('scoring_academic_domain_patterns') }}
),

competitor_domains as (
    select lower(trim(domain)) as domain from {{ ref('scoring_competitor_domains') }}
),

lead_source_rules as (
    select * from {{ ref('scoring_lead_source_rules') }}
),

canonical_leads as (
    -- the surviving record of each person (duplicates by email are merged into it)
    select * from leads
    where not is_duplicate_person
),

merged_duplicates as (
    select
        duplicate_of_lead_id as lead_id,
        count(*) as duplicate_lead_count
    from leads
    where is_duplicate_person
    group by 1
),

academic_domains as (
    -- patterns come from a column, so each match compiles its regex: match each domain once
    select distinct email_domains.email_domain
    from (select distinct email_domain from canonical_leads) as email_domains
    inner join academic_domain_patterns
        on {{ lead_funnel.regex_matches_column(
            'email_domains.email_domain', 'academic_domain_patterns.pattern'
        ) }}
),

account_domains as (
    -- the domain of each account (the same under every model version)
    select distinct
        account_id,
        domain
    from accounts
),

competitor_leads as (
    -- the email domain (or a subdomain of it) or the matched account's domain is a competitor's
    select distinct canonical_leads.lead_id
    from canonical_leads
    left join account_matches
        on canonical_leads.lead_id = account_matches.lead_id
    left join account_domains
        on account_matches.account_id = account_domains.account_id
    inner join competitor_domains
        on
            canonical_leads.email_domain = competitor_domains.domain
            or canonical_leads.email_domain like {{ dbt.concat(["'%.'", 'competitor_domains.domain']) }}
            or account_domains.domain = competitor_domains.domain
),

default_segments as (
    select
        model_version,
        segment
    from segments
    where is_default_segment
),

final as (
    select
        canonical_leads.lead_id,
        model_versions.model_version,
        account_matches.account_id,
        account_matches.account_match_method,
        canonical_leads.email_domain,
        {{ lead_funnel.sha256_hex('canonical_leads.email') }} as email_sha256,
        case
            when canonical_leads.is_free_mail_domain then 'free_mail'
            when academic_domains.email_domain is not null then 'academic'
            else 'corporate'
        end as email_type,
        competitor_leads.lead_id is not null as is_competitor,
        titles.seniority,
        titles.persona,
        canonical_leads.lead_source,
        coalesce(lead_source_rules.is_hand_raiser_only, false) as is_hand_raiser_only_source,
        canonical_leads.country,
        accounts.employee_count,
        accounts.industry,
        coalesce(accounts.is_icp_industry, false) as is_icp_industry,
        segments.segment,
        segments.mql_score_threshold,
        segments.recency_window_days,
        coalesce(merged_duplicates.duplicate_lead_count, 0) as duplicate_lead_count,
        canonical_leads.created_at as lead_created_at
    from canonical_leads
    cross join model_versions
    inner join default_segments
        on model_versions.model_version = default_segments.model_version
    inner join titles
        on
            canonical_leads.lead_id = titles.lead_id
            and model_versions.model_version = titles.model_version
    inner join account_matches
        on canonical_leads.lead_id = account_matches.lead_id
    left join accounts
        on
            account_matches.account_id = accounts.account_id
            and model_versions.model_version = accounts.model_version
    inner join segments
        on
            coalesce(accounts.segment, default_segments.segment) = segments.segment
            and model_versions.model_version = segments.model_version
    left join academic_domains
        on canonical_leads.email_domain = academic_domains.email_domain
    left join competitor_leads
        on canonical_leads.lead_id = competitor_leads.lead_id
    left join lead_source_rules
        on
            canonical_leads.lead_source = lead_source_rules.lead_source
            and model_versions.model_version = lead_source_rules.model_version
    left join merged_duplicates
        on canonical_leads.lead_id = merged_duplicates.lead_id
)

select * from final
