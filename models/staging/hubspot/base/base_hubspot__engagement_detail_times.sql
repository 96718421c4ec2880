{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'engagement')) }}
{#-
    One row per HubSpot engagement id whose detail table holds its time: engagement_call and
    engagement_email (`property_hs_timestamp`), engagement_meeting (`property_hs_timestamp`, else
    `property_hs_meeting_start_time`, older syncs `start_time`); soft-deleted detail rows skipped,
    the earliest time when an id has several. Times a loader read wrongly (an epoch in seconds as
    milliseconds: 1970-01-19) are repaired (repair_misread_epoch); times still implausible are skipped. Fivetran's `engagement` rows carry no time of their
    own (older syncs: `timestamp`): base_hubspot__engagement falls back to this. The detail tables
    are read for this time only (optional: var hubspot__engagement_<type>_enabled).
-#}
{%- set detail_tables = [
    ('engagement_call', ['property_hs_timestamp']),
    ('engagement_email', ['property_hs_timestamp']),
    ('engagement_meeting', ['property_hs_timestamp', 'property_hs_meeting_start_time', 'start_time']),
] -%}
{%- set parts = [] -%}

with

{% for table, time_columns in detail_tables
    if lead_funnel.connector_table_enabled('hubspot', table) %}
    {%- set relation = source('hubspot', table) %}
    {%- set found = lead_funnel.connector_found_columns(relation) %}
    {%- do parts.append(table ~ '_times') %}
    {{ table }}_times as (
        select
            {{ lead_funnel.connector_column(found, 'text', ['engagement_id']) }} as engagement_id,
            {{ lead_funnel.connector_column(found, 'timestamp', time_columns) }} as occurred_at
        from {{ relation }}
        where not {{ lead_funnel.connector_column(found, 'flag', ['_fivetran_deleted']) }}
    ),

{% endfor %}
detail_times as (
    -- typed and empty, then every enabled detail table
    select
        cast(null as {{ dbt.type_string() }}) as engagement_id,
        cast(null as {{ api.Column.translate_type('timestamp') }}) as occurred_at
    where 1 = 0
    {%- for part in parts %}
        union all
        select * from {{ part }}
    {%- endfor %}
),

repaired_times as (
    -- an epoch in seconds some loader read as milliseconds (1970-01-19 ...) is that instant
    select
        engagement_id,
        {{ lead_funnel.repair_misread_epoch('occurred_at') }} as occurred_at
    from detail_times
    where engagement_id is not null and occurred_at is not null
),

final as (
    -- a time still before var min_plausible_date is no time: the engagement falls back on its creation
    select
        engagement_id,
        min(occurred_at) as occurred_at
    from repaired_times
    where not {{ lead_funnel.is_implausible_timestamp('occurred_at') }}
    group by 1
)

select * from final
