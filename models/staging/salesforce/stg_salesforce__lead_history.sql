{{ config(enabled=lead_funnel.connector_table_enabled('salesforce', 'lead_history')) }}
{{ lead_funnel.connector_rows(
    ref('base_salesforce__lead_history'),
    [
        'id', 'lead_id', 'field', 'old_value',
        'new_value', 'created_date', 'created_by_id'
    ],
    'staged'
) }}
