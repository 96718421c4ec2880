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

{{ lead_funnel.connector_merged_identities('contacts', 'contact_id', 'merge_edges_all', 'merged_contact') }},

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
