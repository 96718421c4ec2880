{%- set raw_types = lead_funnel.raw_input_types('leads') -%}
{%- set max_text = var('max_text_length') -%}

with

source as (
    select * from {{ lead_funnel.raw_input('leads') }}
),

known_lead_sources as (
    select enum_value from {{ ref('enum_values') }}
    where enum_name = 'lead_source'
),

free_mail_domains as (
    select lower(domain) as domain from {{ ref('free_mail_domains') }}
),

typed as (
    select
        {{ lead_funnel.row_key([
            'lead_id', 'email', 'first_name', 'last_name', 'job_title', 'company_name',
            'account_id', 'lead_source', 'country', 'created_at', 'updated_at', 'is_deleted'
        ]) }} as raw_row_hash,
        {{ lead_funnel.clean_text('lead_id') }} as lead_id,
        lower({{ lead_funnel.clean_text('email') }}) as email,
        {{ lead_funnel.clean_text('first_name', max_text) }} as first_name,
        {{ lead_funnel.clean_text('last_name', max_text) }} as last_name,
        {{ lead_funnel.clean_text('job_title', max_text) }} as job_title,
        {{ lead_funnel.clean_text('company_name', max_text) }} as company_name,
        {{ lead_funnel.clean_text('account_id') }} as account_id,
        {{ lead_funnel.canonical_enum('lead_source', 'lead_source') }} as lead_source,
        {{ lead_funnel.clean_text('lead_source', 200) }} as raw_lead_source,
        upper({{ lead_funnel.clean_text('country') }}) as country,
        {{ lead_funnel.safe_timestamp('created_at', raw_types) }} as created_at,
        {{ lead_funnel.safe_timestamp('updated_at', raw_types) }} as updated_at,
        coalesce({{ lead_funnel.safe_cast_or_null('is_deleted', dbt.type_boolean()) }}, false) as is_deleted,
        -- which source the row came from (var lead_funnel_sources) and its CRM ids (reverse ETL)
        {{ lead_funnel.clean_text('source_system') }} as source_system,
        {{ lead_funnel.clean_text('crm_lead_id') }} as crm_lead_id,
        {{ lead_funnel.clean_text('crm_contact_id') }} as crm_contact_id,
        coalesce(
            {{ lead_funnel.text_length('job_title') }} > {{ max_text }}
            or {{ lead_funnel.text_length('company_name') }} > {{ max_text }}
            or {{ lead_funnel.text_length('first_name') }} > {{ max_text }}
            or {{ lead_funnel.text_length('last_name') }} > {{ max_text }},
            false
        ) as has_truncated_text,
        {{ lead_funnel.unparsed_text('created_at', lead_funnel.safe_timestamp('created_at', raw_types)) }}
            as raw_created_at,
        {{ lead_funnel.unparsed_text('updated_at', lead_funnel.safe_timestamp('updated_at', raw_types)) }}
            as raw_updated_at,
        {{ lead_funnel.timestamp_problem('created_at', lead_funnel.safe_timestamp('created_at', raw_types)) }}
            as created_at_problem
    from source
),

parsed as (
    select
        typed.*,
        {{ dbt.split_part('typed.email', "'@'", 2) }} as email_domain,
        coalesce(
            {{ lead_funnel.regex_matches('typed.email', '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$') }}, false
        ) as is_valid_email,
        known_lead_sources.enum_value is not null as is_known_lead_source
    from typed
    left join known_lead_sources
        on typed.lead_source = known_lead_sources.enum_value
),

validated as (
    select
        parsed.*,
        case
            when parsed.lead_id is null then 'missing_lead_id'
            when parsed.is_deleted then 'deleted_in_source'
            when parsed.email is null then 'missing_email'
            when not parsed.is_valid_email then 'malformed_email'
            {{ lead_funnel.raw_time_and_lead_rejections('parsed', 'created_at') }}
        end as rejection_reason
    from parsed
),

-- the lead_ids more than one row has (counted once, read by both branches of outcomes)
repeated_lead_ids as (
    {{ lead_funnel.raw_row_repeated_keys('validated', 'lead_id') }}
),

-- among valid rows, the latest updated_at wins for a lead_id. skip_unique_keys: the rows whose
-- lead_id no other row has (nearly all) skip the window functions (same outcomes: rows sharing a
-- raw_row_hash share the lead_id)
outcomes as (
    {{ lead_funnel.raw_row_outcomes(
        'validated', ['lead_id'], 'coalesce(updated_at, created_at) desc, raw_row_hash',
        skip_unique_keys=true, repeated_keys='repeated_lead_ids'
    ) }}
),

same_person as (
    -- staged leads sharing a normalised email: the earliest created lead is the surviving one
    select
        outcomes.*,
        case
            when outcomes.row_outcome = 'staged'
                then first_value(outcomes.lead_id) over (
                    partition by outcomes.row_outcome, outcomes.email
                    order by outcomes.created_at, outcomes.lead_id
                    rows between unbounded preceding and unbounded following
                )
        end as surviving_lead_id
    from outcomes
),

final as (
    select
        same_person.*,
        free_mail_domains.domain is not null as is_free_mail_domain,
        case
            when same_person.surviving_lead_id <> same_person.lead_id
                then same_person.surviving_lead_id
        end as duplicate_of_lead_id
    from same_person
    left join free_mail_domains
        on same_person.email_domain = free_mail_domains.domain
)

-- AM04: the columns are validated's plus the outcome columns (raw_row_outcomes, skip_unique_keys)
select * from final  -- noqa: AM04
