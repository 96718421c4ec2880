{{ config(enabled=lead_funnel.connector_table_enabled('salesforce', 'lead_history')) }}
{#- Every row of Salesforce `lead_history` with its outcome (macro connector_base). -#}
{{ lead_funnel.connector_base(
    source('salesforce', 'lead_history'),
    [
    ('id', 'text'),
    ('lead_id', 'text'),
    ('field', 'text'),
    ('old_value', 'text'),
    ('new_value', 'text'),
    ('created_date', 'timestamp'),
    ('created_by_id', 'text')
    ],
    order_by='created_date desc nulls last',
    merges=false
) }}
