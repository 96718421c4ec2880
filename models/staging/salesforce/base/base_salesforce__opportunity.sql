{{ config(enabled=lead_funnel.source_enabled('salesforce')) }}
{#- Every row of Salesforce `opportunity` with its outcome (macro salesforce_base, spec salesforce_tables). -#}
{{ lead_funnel.salesforce_base('opportunity') }}
