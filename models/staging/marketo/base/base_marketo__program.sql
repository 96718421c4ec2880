{{ config(enabled=lead_funnel.connector_table_enabled('marketo', 'program')) }}
{#- One row per Marketo `program` row: typed, with its outcome (macro connector_base). -#}
{{ lead_funnel.connector_base(
    source('marketo', 'program'),
    [
        ('program_id', 'text', ['id']),
        ('program_name', 'text', ['name']),
        ('channel', 'text'),
        ('updated_at', 'timestamp'),
        ('is_deleted', 'flag', ['_fivetran_deleted'])
    ],
    key=['program_id'],
    order_by='updated_at desc nulls last',
    checks=['deleted_in_source'],
    soft_delete_markers=false,
    row_hash='typed'
) }}
