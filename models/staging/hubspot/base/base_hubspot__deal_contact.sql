{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'deal_contact')) }}
{#- One row per HubSpot `deal_contact` row: typed, with its outcome (macro connector_link_base). -#}
{{ lead_funnel.connector_link_base('hubspot', 'deal_contact', ['deal_id', 'contact_id']) }}
