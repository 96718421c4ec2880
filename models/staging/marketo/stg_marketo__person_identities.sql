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
        {{ lead_funnel.empty_relation([('merged_id', 'text'), ('surviving_id', 'text'), ('merged_at', 'timestamp')]) }}
    {%- endif %}
),

{{ lead_funnel.connector_merged_identities('leads', 'lead_id', 'merge_edges_all', 'merged_lead') }},

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
