{{ config(enabled=lead_funnel.connector_table_enabled('salesforce', 'event')) }}
{{ lead_funnel.salesforce_rows('event', 'staged') }}
