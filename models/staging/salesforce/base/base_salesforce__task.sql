{{ config(enabled=lead_funnel.connector_table_enabled('salesforce', 'task')) }}
{#- Every row of Salesforce `task` with its outcome (macro salesforce_base, spec salesforce_tables). -#}
{{ lead_funnel.salesforce_base('task') }}
