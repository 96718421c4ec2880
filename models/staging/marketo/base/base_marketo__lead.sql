{{ config(enabled=lead_funnel.source_enabled('marketo')) }}
{#- One row per Marketo `lead` row: typed, with its outcome (macro connector_base). -#}
{{ lead_funnel.connector_base(
    source('marketo', 'lead'),
    [
        ('lead_id', 'text', ['id']),
        ('email', 'text'),
        ('first_name', 'text'),
        ('last_name', 'text'),
        ('job_title', 'text', ['title']),
        ('company_name', 'text', ['company']),
        ('country', 'text'),
        ('lead_source', 'text'),
        ('sfdc_lead_id', 'text'),
        ('sfdc_contact_id', 'text'),
        ('sfdc_account_id', 'text'),
        ('created_at', 'timestamp'),
        ('updated_at', 'timestamp'),
        ('is_deleted', 'flag', ['_fivetran_deleted'])
    ],
    key=['lead_id'],
    order_by='updated_at desc nulls last',
    checks=['deleted_in_source'],
    soft_delete_markers=false,
    row_hash='typed'
) }}
