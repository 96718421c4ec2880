{{ config(enabled=lead_funnel.source_enabled('hubspot')) }}
{#- One row per HubSpot table, outcome and reason: the shape of stg_raw__row_outcomes. -#}

with

outcomes as (
    {{ lead_funnel.connector_outcome_counts('hubspot', [
        'contact', 'contact_merge_audit', 'company', 'contact_company', 'email_event',
        'email_event_status_change', 'email_campaign', 'contact_form_submission', 'form', 'engagement',
        'engagement_contact', 'contact_property_history', 'deal', 'deal_contact', 'deal_company',
        'deal_pipeline_stage', 'merged_deal'
    ]) }}
),

final as (
    select
        {{ lead_funnel.row_key(['raw_table', 'row_outcome', 'outcome_reason']) }} as row_outcome_id,
        raw_table,
        row_outcome,
        outcome_reason,
        row_count
    from outcomes
)

select * from final
