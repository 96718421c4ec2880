{{ config(enabled=lead_funnel.source_enabled('hubspot')) }}
{#- One row per HubSpot `company` row: typed, with its outcome (macro connector_base). -#}
{{ lead_funnel.connector_base(
    source('hubspot', 'company'),
    [
        ('company_id', 'text', ['id']),
        ('company_name', 'text', ['property_name']),
        ('domain', 'text', ['property_domain', 'property_website']),
        ('industry', 'text', ['property_industry']),
        ('employee_count', 'text', ['property_numberofemployees']),
        ('annual_revenue', 'text', ['property_annualrevenue']),
        ('country', 'text', ['property_country']),
        ('created_at', 'timestamp', ['property_createdate']),
        ('updated_at', 'timestamp', ['property_hs_lastmodifieddate', '_fivetran_synced']),
        ('is_deleted', 'flag', ['is_deleted', '_fivetran_deleted'])
    ],
    key=['company_id'],
    order_by='updated_at desc nulls last',
    checks=['deleted_in_source'],
    soft_delete_markers=false,
    row_hash='typed'
) }}
