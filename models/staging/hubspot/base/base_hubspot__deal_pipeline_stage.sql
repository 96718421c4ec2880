{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'deal_pipeline_stage')) }}
{#- One row per HubSpot `deal_pipeline_stage` row: typed, with its outcome (macro connector_base). -#}
{{ lead_funnel.connector_base(
    source('hubspot', 'deal_pipeline_stage'),
    [
        ('stage_id', 'text'),
        ('stage_label', 'text', ['label']),
        ('pipeline_id', 'text'),
        ('is_closed', 'flag'),
        ('is_won', 'flag', ['closed_won']),
        ('is_deleted', 'flag', ['_fivetran_deleted'])
    ],
    key=['stage_id'],
    order_by='stage_id',
    checks=['deleted_in_source'],
    soft_delete_markers=false,
    row_hash='typed'
) }}
