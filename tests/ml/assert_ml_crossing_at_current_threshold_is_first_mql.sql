{#-
    The threshold simulation reproduces today's MQL rule: at a segment's current threshold, every
    lead's projected first MQL (int_ml_mql_threshold_crossings) is its first MQL event, and a lead
    with no first MQL has no crossing there. The simulation replays the version in force at as_of
    over all history, so after a switch of versions (README "Switching") only the moments that
    version decided are compared: a first MQL or crossing before it took force (an event the earlier
    version evaluated) is not. Returns the leads where they differ.
-#}

with

leads as (
    select
        lead_id,
        segment,
        first_mql_at
    from {{ ref('dim_leads') }}
),

in_force as (
    -- when the version in force at as_of took force (null: the first version, which covers all history)
    select case when not is_first_version then in_force_from end as in_force_from
    from {{ ref('int_scoring_model_versions') }}
    where {{ lead_funnel.scoring_model_version_is('is_in_force_at_as_of') }}
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
    cross join in_force
    where
        (
            leads_on_grid.lead_id is null
            or crossings.lead_id is null and leads_on_grid.first_mql_at is not null
            or crossings.projected_mql_at <> leads_on_grid.first_mql_at
        )
        and (
            in_force.in_force_from is null
            or coalesce(leads_on_grid.first_mql_at, in_force.in_force_from) >= in_force.in_force_from
            and coalesce(crossings.projected_mql_at, in_force.in_force_from) >= in_force.in_force_from
        )
)

select * from final
