{{ config(enabled=lead_funnel.connector_table_enabled('salesforce', 'campaign')) }}
{{ lead_funnel.connector_rows(
    ref('base_salesforce__campaign'),
    [
        'id', 'name', 'type', 'status',
        'start_date', 'end_date', 'actual_cost', 'is_active',
        'created_date', 'last_modified_date'
    ],
    'quarantined'
) }}
