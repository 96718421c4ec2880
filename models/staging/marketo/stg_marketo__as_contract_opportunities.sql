{{ config(enabled=lead_funnel.source_enabled('marketo')) }}
{#-
    Marketo holds no opportunities (with Salesforce enabled, Salesforce supplies them): an empty
    relation in the raw contract's `opportunities` shape.
-#}

{{ lead_funnel.empty_contract_relation('opportunities', ref('stg_marketo__lead')) }}
