{{ config(enabled=lead_funnel.connector_table_enabled('salesforce', 'opportunity_contact_role')) }}
{#- Every row of Salesforce `opportunity_contact_role` with its outcome (macro salesforce_base, spec salesforce_tables). -#}
{{ lead_funnel.salesforce_base('opportunity_contact_role') }}
