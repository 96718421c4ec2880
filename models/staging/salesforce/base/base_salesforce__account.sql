{{ config(enabled=lead_funnel.source_enabled('salesforce')) }}
{#- Every row of Salesforce `account` with its outcome (macro salesforce_base, spec salesforce_tables). -#}
{{ lead_funnel.salesforce_base('account') }}
