{{ config(enabled=lead_funnel.connector_table_enabled('salesforce', 'task')) }}
{#- Every row of Salesforce `task` with its outcome (macro connector_base). -#}
{{ lead_funnel.connector_base(
    source('salesforce', 'task'),
    [
    ('id', 'text'),
    ('who_id', 'text'),
    ('what_id', 'text'),
    ('subject', 'text'),
    ('task_subtype', 'text'),
    ('type', 'text'),
    ('status', 'text'),
    ('is_closed', 'boolean'),
    ('activity_date', 'date'),
    ('completed_date_time', 'timestamp'),
    ('created_date', 'timestamp'),
    ('last_modified_date', 'timestamp'),
    ('owner_id', 'text')
    ],
    order_by='last_modified_date desc nulls last',
    merges=false
) }}
