{{ config(enabled=lead_funnel.source_enabled('marketo')) }}
{#-
    Marketo holds no campaign_spend (with Salesforce enabled, Salesforce supplies them): an empty
    relation in the raw contract's `campaign_spend` shape.
-#}

{{ lead_funnel.empty_contract_relation('campaign_spend', ref('stg_marketo__lead')) }}
