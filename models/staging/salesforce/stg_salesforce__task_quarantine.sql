{{ config(enabled=lead_funnel.connector_table_enabled('salesforce', 'task')) }}
{{ lead_funnel.salesforce_rows('task', 'quarantined') }}
