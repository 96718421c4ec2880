{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'engagement')) }}
{#- One row per HubSpot `engagement` row: typed, with its outcome (macro connector_base). -#}
{%- set engagement_types -%}
select
    upper(engagement_type) as mapped_engagement_type,
    activity_type as mapped_activity_type
from {{ ref('hubspot_engagement_activity_map') }}
{%- endset -%}
{%- set outcome_note -%}
case
    when engagement_types.mapped_engagement_type is null then 'unmapped_engagement_type'
    when engagement_types.mapped_activity_type is null then 'not_a_sales_touch'
end
{%- endset -%}
{{ lead_funnel.connector_base(
    source('hubspot', 'engagement'),
    [
        ('engagement_id', 'text', ['id']),
        ('engagement_type', 'text', ['type']),
        ('occurred_at', 'timestamp', ['property_hs_timestamp', 'timestamp', 'property_hs_createdate', 'created_at']),
        ('is_deleted', 'flag', ['_fivetran_deleted'])
    ],
    key=['engagement_id'],
    order_by='occurred_at desc nulls last',
    checks=['invalid_occurred_at', 'deleted_in_source'],
    outcome_note=outcome_note,
    lookup={
        'name': 'engagement_types',
        'sql': engagement_types,
        'on': 'upper(typed.engagement_type) = engagement_types.mapped_engagement_type'
    },
    soft_delete_markers=false,
    row_hash='typed'
) }}
