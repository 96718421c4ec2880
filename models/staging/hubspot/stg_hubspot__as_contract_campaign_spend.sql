{{ config(enabled=lead_funnel.source_enabled('hubspot')) }}
{#- HubSpot holds no marketing spend: an empty relation in the raw contract's `campaign_spend` shape. -#}

{{ lead_funnel.empty_contract_relation('campaign_spend', ref('stg_hubspot__contact')) }}
