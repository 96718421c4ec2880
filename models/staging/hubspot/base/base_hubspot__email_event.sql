{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'email_event')) }}
{#- One row per HubSpot `email_event` row: typed, with its outcome (macro connector_base). -#}
{%- set event_types -%}
-- per event type: whether any mapping makes it an activity (STATUSCHANGE: only to unsubscribed)
select
    upper(event_type) as mapped_event_type,
    max(case when activity_type is not null then 1 else 0 end) as is_engagement
from {{ ref('hubspot_email_event_type_map') }}
group by 1
{%- endset -%}
{%- set outcome_note -%}
case
    when typed.is_filtered then 'filtered_event'
    when event_types.mapped_event_type is null then 'unmapped_event_type'
    when event_types.is_engagement = 0 then 'not_engagement'
end
{%- endset -%}
{{ lead_funnel.connector_base(
    source('hubspot', 'email_event'),
    [
        ('email_event_id', 'text', ['id']),
        ('event_type', 'text', ['type']),
        ('recipient', 'text'),
        ('email_campaign_id', 'text'),
        ('occurred_at', 'timestamp', ['created']),
        ('is_filtered', 'flag', ['filtered_event']),
        ('is_deleted', 'flag', ['_fivetran_deleted'])
    ],
    key=['email_event_id'],
    order_by='occurred_at desc nulls last',
    checks=['invalid_occurred_at', 'deleted_in_source'],
    outcome_note=outcome_note,
    lookup={
        'name': 'event_types',
        'sql': event_types,
        'on': 'upper(typed.event_type) = event_types.mapped_event_type'
    },
    soft_delete_markers=false,
    row_hash='typed'
) }}
