{{ config(enabled=lead_funnel.source_enabled('salesforce')) }}
{{ lead_funnel.connector_rows(
    ref('base_salesforce__lead'),
    [
        'id', 'email', 'first_name', 'last_name',
        'title', 'company', 'lead_source', 'status',
        'country_code', 'country', 'created_date', 'last_modified_date',
        'is_converted', 'converted_contact_id', 'converted_account_id', 'converted_opportunity_id',
        'converted_date', 'owner_id', 'master_record_id'
    ],
    'quarantined'
) }}
