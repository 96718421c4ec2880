{{ config(enabled=lead_funnel.connector_table_enabled('salesforce', 'campaign_member')) }}
{#- Every row of Salesforce `campaign_member` with its outcome (macro connector_base). -#}
{{ lead_funnel.connector_base(
    source('salesforce', 'campaign_member'),
    [
    ('id', 'text'),
    ('campaign_id', 'text'),
    ('lead_id', 'text'),
    ('contact_id', 'text'),
    ('status', 'text'),
    ('has_responded', 'boolean'),
    ('first_responded_date', 'date'),
    ('created_date', 'timestamp'),
    ('last_modified_date', 'timestamp')
    ],
    order_by='last_modified_date desc nulls last',
    merges=false
) }}
