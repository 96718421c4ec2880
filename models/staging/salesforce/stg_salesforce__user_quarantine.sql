{{ config(enabled=lead_funnel.connector_table_enabled('salesforce', 'user')) }}
{{ lead_funnel.salesforce_rows('user', 'quarantined') }}
