{{ config(enabled=lead_funnel.source_enabled('marketo')) }}
{#-
    One row per Marketo lead id (staged leads and every id merged into one by a Merge Leads
    activity): the person it is, keyed marketo:<surviving lead id>, with the survivor's email,
    creation time and Salesforce ids (the cross-system links of stg_crm__person_identities).
    Chained merges resolve to the last survivor.
-#}

with

leads as (
    select * from {{ ref('stg_marketo__lead') }}
),

{% if lead_funnel.connector_table_enabled('marketo', 'activity_merge_leads') -%}
    merge_activities as (
        select * from {{ ref('stg_marketo__activity_merge_leads') }}
    ),
{%- endif %}

merge_edges_all as (
    {%- if lead_funnel.connector_table_enabled('marketo', 'activity_merge_leads') %}
        -- one row per id of merge_ids (`[1286861]`, `[1,2]`)
        select
            trim({{ lead_funnel.split_to_rows(
                "replace(replace(replace(merge_activities.merge_ids, '[', ''), ']', ''), ' ', '')", ','
            ) }}) as merged_id,
            merge_activities.lead_id as surviving_id,
            merge_activities.occurred_at as merged_at
        from merge_activities
        where merge_activities.merge_ids is not null
    {%- else %}
        select
            cast(null as {{ dbt.type_string() }}) as merged_id,
            cast(null as {{ dbt.type_string() }}) as surviving_id,
            cast(null as {{ api.Column.translate_type('timestamp') }}) as merged_at
        where 1 = 0
    {%- endif %}
),

merge_edges as (
    -- one survivor per merged id (the latest merge); a lead is never merged into itself
    select
        merged_id,
        surviving_id
    from (
        select
            merge_edges_all.*,
            row_number() over (
                partition by merge_edges_all.merged_id
                order by merge_edges_all.merged_at desc nulls last, merge_edges_all.surviving_id asc
            ) as merge_rank
        from merge_edges_all
        where
            merge_edges_all.merged_id is not null
            and merge_edges_all.merged_id <> ''
            and merge_edges_all.merged_id <> merge_edges_all.surviving_id
    ) as ranked_edges
    where merge_rank = 1
),

resolved_merges as (
    {{ lead_funnel.resolve_merge_chains('merge_edges', var('connector_merge_max_depth')) }}
),

identities as (
    select
        leads.lead_id as source_id,
        coalesce(resolved_merges.surviving_id, leads.lead_id) as surviving_id,
        case when resolved_merges.surviving_id is null then 'self' else 'merged_lead' end as link_rule
    from leads
    left join resolved_merges
        on leads.lead_id = resolved_merges.merged_id
    union all
    select
        resolved_merges.merged_id as source_id,
        resolved_merges.surviving_id,
        'merged_lead' as link_rule
    from resolved_merges
    where resolved_merges.merged_id not in (select leads.lead_id from leads)
),

final as (
    select
        'marketo' as source_system,
        'lead' as source_object,
        identities.source_id,
        {{ lead_funnel.connector_person_key('marketo', 'identities.surviving_id') }} as person_key,
        identities.link_rule,
        survivors.email,
        survivors.created_at,
        survivors.sfdc_lead_id,
        survivors.sfdc_contact_id
    from identities
    inner join leads as survivors
        on identities.surviving_id = survivors.lead_id
)

select * from final
