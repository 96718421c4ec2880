{#-
    The threshold simulation reproduces today's MQL rule: at a segment's current threshold, every
    lead's projected first MQL (int_ml_mql_threshold_crossings) is its first MQL event, and a lead
    with no first MQL has no crossing there. Returns the leads where they differ.
-#}

with

leads as (
    select
        lead_id,
        segment,
        first_mql_at
    from {{ ref('dim_leads') }}
),

current_grid as (
    select segment
    from {{ ref('int_ml_threshold_grid') }}
    where is_current_threshold
),

crossings as (
    select
        lead_id,
        projected_mql_at
    from {{ ref('int_ml_mql_threshold_crossings') }}
    where is_current_threshold
),

leads_on_grid as (
    -- only segments whose current threshold is one of the candidates
    select leads.*
    from leads
    inner join current_grid
        on leads.segment = current_grid.segment
),

final as (
    select
        coalesce(leads_on_grid.lead_id, crossings.lead_id) as lead_id,
        leads_on_grid.first_mql_at,
        crossings.projected_mql_at
    from leads_on_grid
    full outer join crossings
        on leads_on_grid.lead_id = crossings.lead_id
    where
        leads_on_grid.lead_id is null
        or crossings.lead_id is null and leads_on_grid.first_mql_at is not null
        or crossings.projected_mql_at <> leads_on_grid.first_mql_at
)

select * from final
