{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'contact_company')) }}
{#- One row per HubSpot `contact_company` row: typed, with its outcome (macro connector_base). -#}
{{ lead_funnel.connector_base(
    source('hubspot', 'contact_company'),
    [
        ('contact_id', 'text'),
        ('company_id', 'text'),
        ('is_primary', 'flag'),
        ('is_deleted', 'flag', ['_fivetran_deleted'])
    ],
    key=['contact_id', 'company_id'],
    order_by='is_primary desc',
    checks=['deleted_in_source'],
    soft_delete_markers=false,
    row_hash='typed'
) }}
