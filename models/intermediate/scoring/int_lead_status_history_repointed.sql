with

status_history as (
    select * from {{ ref('stg_raw__lead_status_history') }}
),

leads as (
    {{ lead_funnel.canonical_leads_select() }}
),

final as (
    select
        status_history.status_change_id,
        leads.canonical_lead_id as lead_id,
        status_history.lead_id as source_lead_id,
        leads.canonical_lead_id <> status_history.lead_id as is_repointed,
        status_history.status,
        status_history.changed_at,
        status_history.reason,
        status_history.owner_id,
        status_history.is_known_status
    from status_history
    inner join leads
        on status_history.lead_id = leads.lead_id
)

select * from final
