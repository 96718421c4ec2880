{{ config(enabled=lead_funnel.source_enabled('hubspot')) }}
{#-
    One row per HubSpot contact id (staged contacts and every id merged into one): the person it
    is, keyed hubspot:<surviving contact id>. Merges come from the survivor's
    property_hs_merged_object_ids and from contact_merge_audit; chains (A into B, B into C)
    resolve to the last survivor.
-#}

with

contacts as (
    select * from {{ ref('stg_hubspot__contact') }}
),

{% if lead_funnel.connector_table_enabled('hubspot', 'contact_merge_audit') -%}
    merge_audit as (
        select * from {{ ref('stg_hubspot__contact_merge_audit') }}
    ),
{%- endif %}

merged_id_lists as (
    -- one row per id listed in a contact's merged ids (`1;2` or older `1:epoch_ms;2:epoch_ms`)
    select
        contact_id as surviving_id,
        {{ lead_funnel.split_to_rows('merged_object_ids', ';') }} as merged_entry
    from contacts
    where merged_object_ids is not null
),

merge_edges_all as (
    select
        trim({{ dbt.split_part('merged_entry', "':'", 1) }}) as merged_id,
        surviving_id,
        cast(null as {{ api.Column.translate_type('timestamp') }}) as merged_at
    from merged_id_lists
    {%- if lead_funnel.connector_table_enabled('hubspot', 'contact_merge_audit') %}
        union all
        select
            merged_contact_id as merged_id,
            canonical_contact_id as surviving_id,
            merged_at
        from merge_audit
    {%- endif %}
),

merge_edges as (
    -- one survivor per merged id (the latest merge), a contact is never merged into itself
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
            merge_edges_all.merged_id <> ''
            and merge_edges_all.merged_id <> merge_edges_all.surviving_id
    ) as ranked_edges
    where merge_rank = 1
),

resolved_merges as (
    {{ lead_funnel.resolve_merge_chains('merge_edges', var('connector_merge_max_depth')) }}
),

identities as (
    select
        contacts.contact_id as source_id,
        coalesce(resolved_merges.surviving_id, contacts.contact_id) as surviving_id,
        case when resolved_merges.surviving_id is null then 'self' else 'merged_contact' end as link_rule
    from contacts
    left join resolved_merges
        on contacts.contact_id = resolved_merges.merged_id
    union all
    select
        resolved_merges.merged_id as source_id,
        resolved_merges.surviving_id,
        'merged_contact' as link_rule
    from resolved_merges
    where resolved_merges.merged_id not in (select contacts.contact_id from contacts)
),

final as (
    select
        'hubspot' as source_system,
        'contact' as source_object,
        identities.source_id,
        {{ lead_funnel.connector_person_key('hubspot', 'identities.surviving_id') }} as person_key,
        identities.link_rule,
        survivors.email,
        survivors.created_at
    from identities
    inner join contacts as survivors
        on identities.surviving_id = survivors.contact_id
)

select * from final
