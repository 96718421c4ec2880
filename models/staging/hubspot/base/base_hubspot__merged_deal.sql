{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'merged_deal')) }}
{#- One row per HubSpot `merged_deal` row: typed, with its outcome (macro connector_link_base). -#}
{{ lead_funnel.connector_link_base('hubspot', 'merged_deal', ['deal_id', 'merged_deal_id']) }}
