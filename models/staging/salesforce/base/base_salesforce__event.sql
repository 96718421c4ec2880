{{ config(enabled=lead_funnel.connector_table_enabled('salesforce', 'event')) }}
{#- Every row of Salesforce `event` with its outcome (macro connector_base). -#}
{{ lead_funnel.connector_base(
    source('salesforce', 'event'),
    [
    ('id', 'text'),
    ('who_id', 'text'),
    ('what_id', 'text'),
    ('subject', 'text'),
    ('event_subtype', 'text'),
    ('type', 'text'),
    ('activity_date', 'date'),
    ('activity_date_time', 'timestamp'),
    ('start_date_time', 'timestamp'),
    ('created_date', 'timestamp'),
    ('last_modified_date', 'timestamp'),
    ('owner_id', 'text')
    ],
    order_by='last_modified_date desc nulls last',
    merges=false
) }}
