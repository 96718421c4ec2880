{{ config(enabled=lead_funnel.source_enabled('salesforce')) }}
{#- Every row of Salesforce `opportunity` with its outcome (macro connector_base). -#}
{{ lead_funnel.connector_base(
    source('salesforce', 'opportunity'),
    [
    ('id', 'text'),
    ('account_id', 'text'),
    ('stage_name', 'text'),
    ('amount', 'number'),
    ('close_date', 'date'),
    ('is_closed', 'boolean'),
    ('is_won', 'boolean'),
    ('created_date', 'timestamp'),
    ('last_modified_date', 'timestamp'),
    ('owner_id', 'text')
    ],
    order_by='last_modified_date desc nulls last',
    merges=false
) }}
