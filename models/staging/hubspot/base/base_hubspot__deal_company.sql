{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'deal_company')) }}
{#- One row per HubSpot `deal_company` row: typed, with its outcome (macro connector_base). -#}
{{ lead_funnel.connector_base(
    source('hubspot', 'deal_company'),
    [
        ('deal_id', 'text'),
        ('company_id', 'text')
    ],
    key=['deal_id', 'company_id'],
    order_by='deal_id',
    soft_delete_markers=false,
    row_hash='typed'
) }}
