{#-
    The scoring-model versions a build evaluates: every version of seed scoring_model_versions that
    took effect by as_of (and the earliest one, which also covers the history before it: backfilled),
    each in force from its effective_from until the next one's, and the draft of var
    scoring_draft_model_version (evaluated over the whole history; it may also be a version in force,
    e.g. to check that an identical draft changes nothing).
-#}

with

model_versions as (
    select
        version as model_version,
        effective_from
    from {{ ref('scoring_model_versions') }}
),

first_version as (
    select min(effective_from) as first_effective_from
    from model_versions
),

taken_effect as (
    select
        model_versions.model_version,
        model_versions.effective_from,
        model_versions.effective_from = first_version.first_effective_from as is_first_version
    from model_versions
    cross join first_version
    where
        cast(model_versions.effective_from as {{ dbt.type_timestamp() }}) <= {{ lead_funnel.as_of() }}
        or model_versions.effective_from = first_version.first_effective_from
),

in_force as (
    select
        model_version,
        effective_from,
        is_first_version,
        cast(effective_from as {{ dbt.type_timestamp() }}) as in_force_from,
        cast(
            lead(effective_from) over (order by effective_from) as {{ dbt.type_timestamp() }}
        ) as in_force_until
    from taken_effect
),

draft as (
    {%- if var('scoring_draft_model_version', none) is not none %}
        select cast('{{ var("scoring_draft_model_version") }}' as {{ dbt.type_string() }}) as model_version
    {%- else %}
        select cast(null as {{ dbt.type_string() }}) as model_version
        from first_version
        where false
    {%- endif %}
),

final as (
    select
        coalesce(in_force.model_version, draft.model_version) as model_version,
        in_force.effective_from,
        in_force.in_force_from,
        in_force.in_force_until,
        coalesce(in_force.is_first_version, false) as is_first_version,
        in_force.model_version is not null as has_been_in_force,
        coalesce(
            in_force.model_version is not null
            and (in_force.in_force_until is null or in_force.in_force_until > {{ lead_funnel.as_of() }}),
            false
        ) as is_in_force_at_as_of,
        draft.model_version is not null as is_draft
    from in_force
    full outer join draft
        on in_force.model_version = draft.model_version
)

select * from final
