{{ config(enabled=lead_funnel.source_enabled('hubspot')) }}
{#- One row per HubSpot table, outcome and reason: the shape of stg_raw__row_outcomes. -#}
{{ lead_funnel.connector_row_outcomes('hubspot', [
    'contact', 'contact_merge_audit', 'company', 'contact_company', 'email_event',
    'email_event_status_change', 'email_campaign', 'contact_form_submission', 'form', 'engagement',
    'engagement_contact', 'contact_property_history', 'deal', 'deal_contact', 'deal_company',
    'deal_pipeline_stage', 'merged_deal'
]) }}
