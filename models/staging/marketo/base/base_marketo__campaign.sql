{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'campaign')) }}
{#- One row per Marketo `campaign` row: typed, with its outcome (macro connector_base). -#}
{{ lead_funnel.connector_base(
    source('marketo', 'campaign'),
    [
        ('campaign_id', 'text', ['id']),
        ('campaign_name', 'text', ['name']),
        ('program_id', 'text'),
        ('updated_at', 'timestamp'),
        ('is_deleted', 'flag', ['_fivetran_deleted'])
    ],
    key=['campaign_id'],
    order_by='updated_at desc nulls last',
    checks=['deleted_in_source'],
    soft_delete_markers=false,
    row_hash='typed'
) }}
