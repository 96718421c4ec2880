{{ config(enabled=lead_funnel.source_enabled('salesforce')) }}
{{ lead_funnel.salesforce_rows('opportunity', 'quarantined') }}
