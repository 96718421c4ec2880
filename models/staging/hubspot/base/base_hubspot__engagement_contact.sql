{{ config(enabled=lead_funnel.connector_table_enabled('hubspot', 'engagement_contact')) }}
{#- One row per HubSpot `engagement_contact` row: typed, with its outcome (macro connector_link_base). -#}
{{ lead_funnel.connector_link_base('hubspot', 'engagement_contact', ['engagement_id', 'contact_id']) }}
