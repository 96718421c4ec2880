{{ config(enabled=lead_funnel.source_enabled('salesforce')) }}
{#- Every row of Salesforce `account` with its outcome (macro connector_base). -#}
{{ lead_funnel.connector_base(
    source('salesforce', 'account'),
    [
    ('id', 'text'),
    ('name', 'text'),
    ('website', 'text'),
    ('industry', 'text'),
    ('number_of_employees', 'number'),
    ('annual_revenue', 'number'),
    ('billing_country_code', 'text'),
    ('billing_country', 'text'),
    ('created_date', 'timestamp'),
    ('last_modified_date', 'timestamp'),
    ('_fivetran_synced', 'timestamp')
    ],
    order_by='last_modified_date desc nulls last',
    merges=true
) }}
