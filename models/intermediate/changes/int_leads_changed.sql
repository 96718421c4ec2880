{#-
    The leads whose own inputs changed within the lookback (macro incremental_lookback_start):
    leads stamped by int_lead_input_fingerprints (new, removed, changed attributes, AQL contact
    account or window, new, late, re-pointed, removed or re-sent activities and status changes,
    activities dated up to as_of that as_of reached since the last run), and every lead when the
    score at as_of moves for all (engagement decay, a scoring-model version taking force in the
    lookback: every activity's points). One definition, read by int_leads_affected (which adds the
    leads whose window state moves with as_of) and by int_aql_contact_activities (upstream of
    int_leads_affected: the rows it stores move only with these inputs). A view: leads-scale.
-#}

with

fingerprints as (
    select * from {{ ref('int_lead_input_fingerprints') }}
),

leads as (
    select lead_id from {{ ref('int_leads_enriched') }}
),

versions_taking_force as (
    select model_version
    from {{ ref('int_scoring_model_versions') }}
    where
        has_been_in_force
        and in_force_from > {{ lead_funnel.incremental_lookback_start() }}
        and in_force_from <= {{ lead_funnel.as_of() }}
),

changed_leads as (
    select lead_id
    from fingerprints
    where changed_as_of >= {{ lead_funnel.incremental_lookback_start() }}
),

every_lead as (
    select leads.lead_id
    from leads
    {% if not var('scoring_decay_enabled', false) -%}
        where exists (select 1 from versions_taking_force)
    {%- endif %}
),

final as (
    select distinct lead_id
    from (
        select lead_id from changed_leads
        union all
        select lead_id from every_lead
    ) as changed
)

select * from final
