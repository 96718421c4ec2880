{{ config(enabled=lead_funnel.connector_table_enabled('salesforce', 'campaign_member')) }}
{{ lead_funnel.connector_rows(
    ref('base_salesforce__campaign_member'),
    [
        'id', 'campaign_id', 'lead_id', 'contact_id',
        'status', 'has_responded', 'first_responded_date', 'created_date',
        'last_modified_date'
    ],
    'staged'
) }}
