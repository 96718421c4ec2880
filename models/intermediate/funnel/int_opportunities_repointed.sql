{#-
    Opportunities created up to as_of that name a staged lead, attached to the canonical lead
    (an opportunity on a duplicate-person record belongs to the surviving lead, as activities and
    statuses do). Opportunities without a lead are account-level deals, not lead conversions.
    Outcome as of as_of: a deal closed after as_of is still open.
-#}

with

opportunities as (
    select * from {{ ref('stg_raw__opportunities') }}
    where created_at <= {{ lead_funnel.as_of() }}
),

leads as (
    {{ lead_funnel.canonical_leads_select() }}
),

final as (
    select
        opportunities.opportunity_id,
        leads.canonical_lead_id as lead_id,
        opportunities.lead_id as source_lead_id,
        leads.canonical_lead_id <> opportunities.lead_id as is_repointed,
        opportunities.account_id,
        opportunities.created_at,
        opportunities.stage,
        cast(opportunities.amount_usd as decimal(18, 2)) as amount_usd,
        case
            when opportunities.is_won and opportunities.closed_at <= {{ lead_funnel.as_of() }}
                then opportunities.closed_at
        end as won_at,
        case
            when
                opportunities.is_closed
                and not opportunities.is_won
                and opportunities.closed_at <= {{ lead_funnel.as_of() }}
                then opportunities.closed_at
        end as lost_at,
        case
            when opportunities.is_won and opportunities.closed_at <= {{ lead_funnel.as_of() }} then 'won'
            when
                opportunities.is_closed
                and not opportunities.is_won
                and coalesce(opportunities.closed_at <= {{ lead_funnel.as_of() }}, true)
                then 'lost'
            else 'open'
        end as opportunity_status
    from opportunities
    inner join leads
        on opportunities.lead_id = leads.lead_id
)

select * from final
