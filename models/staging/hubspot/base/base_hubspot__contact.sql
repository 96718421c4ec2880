{{ config(enabled=lead_funnel.source_enabled('hubspot')) }}
{#- One row per HubSpot `contact` row: typed, with its outcome (macro connector_base). -#}
{{ lead_funnel.connector_base(
    source('hubspot', 'contact'),
    [
        ('contact_id', 'text', ['id']),
        ('email', 'text', ['property_email']),
        ('first_name', 'text', ['property_firstname']),
        ('last_name', 'text', ['property_lastname']),
        ('job_title', 'text', ['property_jobtitle']),
        ('company_name', 'text', ['property_company']),
        ('country', 'text', ['property_country']),
        ('lead_source', 'text', ['property_hs_analytics_source']),
        ('lifecycle_stage', 'text', ['property_lifecyclestage']),
        ('lead_status', 'text', ['property_hs_lead_status']),
        ('merged_object_ids', 'text', ['property_hs_merged_object_ids', 'property_hs_calculated_merged_vids']),
        ('created_at', 'timestamp', ['property_createdate', 'property_created_at']),
        ('updated_at', 'timestamp', ['property_lastmodifieddate', '_fivetran_synced']),
        ('is_deleted', 'flag', ['_fivetran_deleted'])
    ],
    key=['contact_id'],
    order_by='updated_at desc nulls last',
    checks=['deleted_in_source'],
    soft_delete_markers=false,
    row_hash='typed'
) }}
