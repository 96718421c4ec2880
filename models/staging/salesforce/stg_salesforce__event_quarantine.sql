{{ config(enabled=lead_funnel.connector_table_enabled('salesforce', 'event')) }}
{{ lead_funnel.connector_rows(
    ref('base_salesforce__event'),
    [
        'id', 'who_id', 'what_id', 'subject',
        'event_subtype', 'type', 'activity_date', 'activity_date_time',
        'start_date_time', 'created_date', 'last_modified_date', 'owner_id'
    ],
    'quarantined'
) }}
