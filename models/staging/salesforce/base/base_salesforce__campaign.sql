{{ config(enabled=lead_funnel.connector_table_enabled('salesforce', 'campaign')) }}
{#- Every row of Salesforce `campaign` with its outcome (macro salesforce_base, spec salesforce_tables). -#}
{{ lead_funnel.salesforce_base('campaign') }}
