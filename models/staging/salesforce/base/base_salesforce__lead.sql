{{ config(enabled=lead_funnel.source_enabled('salesforce')) }}
{#- Every row of Salesforce `lead` with its outcome (macro connector_base). -#}
{{ lead_funnel.connector_base(
    source('salesforce', 'lead'),
    [
    ('id', 'text'),
    ('email', 'text'),
    ('first_name', 'text'),
    ('last_name', 'text'),
    ('title', 'text'),
    ('company', 'text'),
    ('lead_source', 'text'),
    ('status', 'text'),
    ('country_code', 'text'),
    ('country', 'text'),
    ('created_date', 'timestamp'),
    ('last_modified_date', 'timestamp'),
    ('is_converted', 'boolean'),
    ('converted_contact_id', 'text'),
    ('converted_account_id', 'text'),
    ('converted_opportunity_id', 'text'),
    ('converted_date', 'date'),
    ('owner_id', 'text')
    ],
    order_by='last_modified_date desc nulls last',
    merges=true
) }}
