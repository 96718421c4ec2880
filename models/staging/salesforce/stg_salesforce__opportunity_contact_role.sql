{{ config(enabled=lead_funnel.connector_table_enabled('salesforce', 'opportunity_contact_role')) }}
{{ lead_funnel.connector_rows(
    ref('base_salesforce__opportunity_contact_role'),
    [
        'id', 'opportunity_id', 'contact_id', 'role',
        'is_primary', 'created_date', 'last_modified_date'
    ],
    'staged'
) }}
