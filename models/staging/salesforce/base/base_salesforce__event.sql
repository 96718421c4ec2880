{{ config(enabled=lead_funnel.connector_table_enabled('salesforce', 'event')) }}
{#- Every row of Salesforce `event` with its outcome (macro salesforce_base, spec salesforce_tables). -#}
{{ lead_funnel.salesforce_base('event') }}
