{{ config(enabled=lead_funnel.connector_table_enabled('salesforce', 'campaign')) }}
{#- Every row of Salesforce `campaign` with its outcome (macro connector_base). -#}
{{ lead_funnel.connector_base(
    source('salesforce', 'campaign'),
    [
    ('id', 'text'),
    ('name', 'text'),
    ('type', 'text'),
    ('status', 'text'),
    ('start_date', 'date'),
    ('end_date', 'date'),
    ('actual_cost', 'number'),
    ('is_active', 'boolean'),
    ('created_date', 'timestamp'),
    ('last_modified_date', 'timestamp')
    ],
    order_by='last_modified_date desc nulls last',
    merges=false
) }}
