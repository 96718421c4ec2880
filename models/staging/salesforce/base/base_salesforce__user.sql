{{ config(enabled=lead_funnel.connector_table_enabled('salesforce', 'user')) }}
{#- Every row of Salesforce `user` with its outcome (macro connector_base). -#}
{{ lead_funnel.connector_base(
    source('salesforce', 'user'),
    [
    ('id', 'text'),
    ('name', 'text'),
    ('email', 'text'),
    ('is_active', 'boolean'),
    ('created_date', 'timestamp'),
    ('last_modified_date', 'timestamp')
    ],
    order_by='last_modified_date desc nulls last',
    merges=false
) }}
