{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'form')) }}
{#- One row per HubSpot `form` row: typed, with its outcome (macro connector_base). -#}
{{ lead_funnel.connector_base(
    source('hubspot', 'form'),
    [
        ('form_id', 'text', ['guid', 'id']),
        ('form_name', 'text', ['name']),
        ('updated_at', 'timestamp'),
        ('is_deleted', 'flag', ['_fivetran_deleted'])
    ],
    key=['form_id'],
    order_by='updated_at desc nulls last',
    checks=['deleted_in_source'],
    soft_delete_markers=false,
    row_hash='typed'
) }}
