{{ config(enabled=lead_funnel.connector_table_enabled('salesforce', 'campaign_member')) }}
{{ lead_funnel.salesforce_rows('campaign_member', 'quarantined') }}
