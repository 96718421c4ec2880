{{ config(enabled=lead_funnel.connector_table_enabled('salesforce', 'lead_history')) }}
{{ lead_funnel.salesforce_rows('lead_history', 'staged') }}
