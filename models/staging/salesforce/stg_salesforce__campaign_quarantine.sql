{{ config(enabled=lead_funnel.connector_table_enabled('salesforce', 'campaign')) }}
{{ lead_funnel.salesforce_rows('campaign', 'quarantined') }}
