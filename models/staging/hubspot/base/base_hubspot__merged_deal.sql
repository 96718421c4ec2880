{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'merged_deal')) }}
{#- One row per HubSpot `merged_deal` row: typed, with its outcome (macro connector_base). -#}
{{ lead_funnel.connector_base(
    source('hubspot', 'merged_deal'),
    [
        ('deal_id', 'text'),
        ('merged_deal_id', 'text')
    ],
    key=['deal_id', 'merged_deal_id'],
    order_by='deal_id',
    soft_delete_markers=false,
    row_hash='typed'
) }}
