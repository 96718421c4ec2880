{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'deal_company')) }}
{#- One row per HubSpot `deal_company` row: typed, with its outcome (macro connector_link_base). -#}
{{ lead_funnel.connector_link_base('hubspot', 'deal_company', ['deal_id', 'company_id']) }}
