{{ config(enabled=lead_funnel.source_enabled('salesforce')) }}
{{ lead_funnel.connector_rows(
    ref('base_salesforce__opportunity'),
    [
        'id', 'account_id', 'stage_name', 'amount',
        'close_date', 'is_closed', 'is_won', 'created_date',
        'last_modified_date', 'owner_id'
    ],
    'staged'
) }}
