{{ config(enabled=lead_funnel.source_enabled('salesforce')) }}
{{ lead_funnel.connector_rows(
    ref('base_salesforce__contact'),
    [
        'id', 'account_id', 'email', 'first_name',
        'last_name', 'title', 'lead_source', 'mailing_country_code',
        'mailing_country', 'created_date', 'last_modified_date', 'owner_id',
        'master_record_id'
    ],
    'staged'
) }}
