{{ config(enabled=lead_funnel.connector_table_enabled('salesforce', 'user')) }}
{{ lead_funnel.connector_rows(
    ref('base_salesforce__user'),
    [
        'id', 'name', 'email', 'is_active',
        'created_date', 'last_modified_date'
    ],
    'staged'
) }}
