{{ config(enabled=lead_funnel.connector_table_enabled('salesforce', 'opportunity_contact_role')) }}
{#- Every row of Salesforce `opportunity_contact_role` with its outcome (macro connector_base). -#}
{{ lead_funnel.connector_base(
    source('salesforce', 'opportunity_contact_role'),
    [
    ('id', 'text'),
    ('opportunity_id', 'text'),
    ('contact_id', 'text'),
    ('role', 'text'),
    ('is_primary', 'boolean'),
    ('created_date', 'timestamp'),
    ('last_modified_date', 'timestamp')
    ],
    order_by='last_modified_date desc nulls last',
    merges=false
) }}
