{%- set raw_types = lead_funnel.raw_input_types('lead_status_history') -%}

with

source as (
    select * from {{ lead_funnel.raw_input('lead_status_history') }}
),

known_statuses as (
    select enum_value from {{ ref('enum_values') }}
    where enum_name = 'status'
),

leads as (
    -- every raw lead row's outcome, to tell unknown leads from leads that were not staged
    select
        lead_id,
        max(case when row_outcome = 'staged' then created_at end) as created_at,
        max(case when row_outcome = 'staged' then 1 else 0 end) as is_staged
    from {{ ref('base_raw__leads') }}
    where lead_id is not null
    group by 1
),

typed as (
    select
        {{ lead_funnel.row_key(['lead_id', 'status', 'changed_at', 'reason', 'owner_id']) }}
            as raw_row_hash,
        {{ lead_funnel.clean_text('lead_id') }} as lead_id,
        {{ lead_funnel.canonical_enum('status', 'status') }} as status,
        {{ lead_funnel.clean_text('status', 200) }} as raw_status,
        {{ lead_funnel.safe_timestamp('changed_at', raw_types) }} as changed_at,
        {{ lead_funnel.clean_text('reason', var('max_text_length')) }} as reason,
        {{ lead_funnel.clean_text('owner_id') }} as owner_id,
        {{ lead_funnel.unparsed_text('changed_at', lead_funnel.safe_timestamp('changed_at', raw_types)) }}
            as raw_changed_at,
        {{ lead_funnel.timestamp_problem('changed_at', lead_funnel.safe_timestamp('changed_at', raw_types)) }}
            as changed_at_problem
    from source
),

validated as (
    select
        typed.*,
        {{ lead_funnel.row_key(['typed.lead_id', 'typed.status', 'typed.changed_at']) }}
            as status_change_id,
        known_statuses.enum_value is not null as is_known_status,
        case
            when typed.lead_id is null then 'missing_lead_id'
            when typed.status is null then 'missing_status'
            {{ lead_funnel.raw_time_and_lead_rejections('typed', 'changed_at', leads='leads') }}
            when typed.changed_at < leads.created_at then 'before_lead_created'
        end as rejection_reason
    from typed
    left join known_statuses
        on typed.status = known_statuses.enum_value
    left join leads
        on typed.lead_id = leads.lead_id
),

-- the status_change_ids more than one row has (counted once, read by both branches of outcomes)
repeated_status_change_ids as (
    {{ lead_funnel.raw_row_repeated_keys('validated', 'status_change_id') }}
),

-- one status per lead and instant; the same change exported twice counts as a duplicate.
-- skip_unique_keys: the rows whose status_change_id no other row has (nearly all) skip the window
-- functions (same outcomes: rows sharing a raw_row_hash share the id's columns)
outcomes as (
    {{ lead_funnel.raw_row_outcomes(
        'validated', ['status_change_id'], 'raw_row_hash', skip_unique_keys=true,
        repeated_keys='repeated_status_change_ids'
    ) }}
),

final as (
    select * from outcomes
)

-- AM04: the columns are validated's plus the outcome columns (raw_row_outcomes, skip_unique_keys)
select * from final  -- noqa: AM04
