{{ config(enabled=lead_funnel.connector_table_enabled('salesforce', 'task')) }}
{{ lead_funnel.connector_rows(
    ref('base_salesforce__task'),
    [
        'id', 'who_id', 'what_id', 'subject',
        'task_subtype', 'type', 'status', 'is_closed',
        'activity_date', 'completed_date_time', 'created_date', 'last_modified_date',
        'owner_id'
    ],
    'quarantined'
) }}
