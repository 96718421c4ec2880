{{ config(enabled=lead_funnel.source_enabled('salesforce')) }}
{#- Every row of Salesforce `contact` with its outcome (macro connector_base). -#}
{{ lead_funnel.connector_base(
    source('salesforce', 'contact'),
    [
    ('id', 'text'),
    ('account_id', 'text'),
    ('email', 'text'),
    ('first_name', 'text'),
    ('last_name', 'text'),
    ('title', 'text'),
    ('lead_source', 'text'),
    ('mailing_country_code', 'text'),
    ('mailing_country', 'text'),
    ('created_date', 'timestamp'),
    ('last_modified_date', 'timestamp'),
    ('owner_id', 'text')
    ],
    order_by='last_modified_date desc nulls last',
    merges=true
) }}
