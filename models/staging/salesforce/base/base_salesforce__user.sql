{{ config(enabled=lead_funnel.connector_table_enabled('salesforce', 'user')) }}
{#- Every row of Salesforce `user` with its outcome (macro salesforce_base, spec salesforce_tables). -#}
{{ lead_funnel.salesforce_base('user') }}
