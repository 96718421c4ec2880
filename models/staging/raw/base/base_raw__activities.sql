{%- set raw_types = lead_funnel.column_types(source('raw', 'activities')) -%}

with

source as (
    select * from {{ source('raw', 'activities') }}
),

known_activity_types as (
    select enum_value from {{ ref('enum_values') }}
    where enum_name = 'activity_type'
),

leads as (
    -- every raw lead row's outcome, to tell unknown leads from leads that were not staged
    select
        lead_id,
        max(case when row_outcome = 'staged' then 1 else 0 end) as is_staged
    from {{ ref('base_raw__leads') }}
    where lead_id is not null
    group by 1
),

typed as (
    select
        {{ lead_funnel.row_key([
            'activity_id', 'lead_id', 'activity_type', 'occurred_at', 'asset', 'campaign_id'
        ]) }} as raw_row_hash,
        {{ lead_funnel.clean_text('activity_id') }} as activity_id,
        {{ lead_funnel.clean_text('lead_id') }} as lead_id,
        {{ lead_funnel.clean_enum('activity_type') }} as activity_type,
        {{ lead_funnel.safe_timestamp('occurred_at', raw_types) }} as occurred_at,
        {{ lead_funnel.clean_text('asset', var('max_text_length')) }} as asset,
        {{ lead_funnel.clean_text('campaign_id') }} as campaign_id,
        {{ lead_funnel.unparsed_text('occurred_at', lead_funnel.safe_timestamp('occurred_at', raw_types)) }}
            as raw_occurred_at
    from source
),

validated as (
    select
        typed.*,
        known_activity_types.enum_value is not null as is_known_activity_type,
        case
            when typed.activity_id is null then 'missing_activity_id'
            when typed.lead_id is null then 'missing_lead_id'
            when typed.occurred_at is null then 'invalid_occurred_at'
            when typed.occurred_at > {{ dbt.dateadd('day', var('future_tolerance_days'), lead_funnel.as_of()) }}
                then 'future_dated'
            when leads.lead_id is null then 'unknown_lead'
            when leads.is_staged = 0 then 'lead_not_staged'
        end as rejection_reason
    from typed
    left join known_activity_types
        on typed.activity_type = known_activity_types.enum_value
    left join leads
        on typed.lead_id = leads.lead_id
),

outcomes as (
    -- among valid rows sharing an activity_id, the latest occurrence wins
    {{ lead_funnel.raw_row_outcomes('validated', ['activity_id'], 'occurred_at desc, raw_row_hash') }}
),

final as (
    select * from outcomes
)

select * from final
