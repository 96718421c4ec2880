{{ config(enabled=lead_funnel.source_enabled('salesforce')) }}
{{ lead_funnel.connector_rows(
    ref('base_salesforce__account'),
    [
        'id', 'name', 'website', 'industry',
        'number_of_employees', 'annual_revenue', 'billing_country_code', 'billing_country',
        'created_date', 'last_modified_date', '_fivetran_synced', 'master_record_id'
    ],
    'staged'
) }}
