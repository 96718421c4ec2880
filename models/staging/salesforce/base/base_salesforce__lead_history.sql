{{ config(enabled=lead_funnel.connector_table_enabled('salesforce', 'lead_history')) }}
{#- Every row of Salesforce `lead_history` with its outcome (macro salesforce_base, spec salesforce_tables). -#}
{{ lead_funnel.salesforce_base('lead_history') }}
