{{ config(enabled=lead_funnel.source_enabled('marketo')) }}
{#-
    Marketo holds no accounts (with Salesforce enabled, Salesforce supplies them): an empty
    relation in the raw contract's `accounts` shape.
-#}

{{ lead_funnel.empty_contract_relation('accounts', ref('stg_marketo__lead')) }}
