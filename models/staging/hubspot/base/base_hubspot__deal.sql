{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'deal')) }}
{#- One row per HubSpot `deal` row: typed, with its outcome (macro connector_base). -#}
{{ lead_funnel.connector_base(
    source('hubspot', 'deal'),
    [
        ('deal_id', 'text', ['deal_id', 'id']),
        ('deal_name', 'text', ['property_dealname']),
        ('pipeline_stage_id', 'text', ['deal_pipeline_stage_id', 'property_dealstage']),
        ('amount', 'text', ['property_amount']),
        ('created_at', 'timestamp', ['property_createdate']),
        ('close_date', 'timestamp', ['property_closedate']),
        ('is_deleted', 'flag', ['is_deleted', '_fivetran_deleted'])
    ],
    key=['deal_id'],
    order_by='created_at desc nulls last',
    checks=['deleted_in_source'],
    soft_delete_markers=false,
    row_hash='typed'
) }}
