{{ config(enabled=lead_funnel.connector_table_enabled('salesforce', 'opportunity_contact_role')) }}
{{ lead_funnel.salesforce_rows('opportunity_contact_role', 'staged') }}
