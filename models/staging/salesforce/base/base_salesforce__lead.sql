{{ config(enabled=lead_funnel.source_enabled('salesforce')) }}
{#- Every row of Salesforce `lead` with its outcome (macro salesforce_base, spec salesforce_tables). -#}
{{ lead_funnel.salesforce_base('lead') }}
