{{ config(enabled=lead_funnel.source_enabled('marketo')) }}
{#-
    One row per Marketo lead status change in the raw contract's `lead_status_history` shape:
    Change Data Value activities on the field var marketo_status_field (default `Lead Status`,
    compared case-insensitively), new_value mapped by seed marketo_lead_status_map (unmapped
    values kept normalised, flagged unknown downstream), with the activity's reason.
-#}
{%- set with_changes = lead_funnel.connector_table_enabled('marketo', 'activity_change_data_value') -%}

{% if with_changes -%}
    with

    changes as (
        select * from {{ ref('stg_marketo__activity_change_data_value') }}
    ),

    identities as (
        select * from {{ ref('stg_crm__person_identities') }}
        where source_system = 'marketo'
    ),

    status_map as (
        select * from {{ ref('marketo_lead_status_map') }}
    ),

    final as (
        -- one row per person, status and time (two properties may say the same at once)
        select distinct
            coalesce(
                identities.person_key,
                {{ lead_funnel.connector_person_key('marketo', 'changes.lead_id') }}
            ) as lead_id,
            coalesce(status_map.status, {{ lead_funnel.normalise_enum('changes.new_value') }}) as status,
            changes.occurred_at as changed_at,
            changes.reason,
            cast(null as {{ dbt.type_string() }}) as owner_id
        from changes
        left join status_map
            on {{ lead_funnel.normalise_enum('changes.new_value') }} = status_map.status_value
        left join identities
            on changes.lead_id = identities.source_id
        where lower(changes.primary_attribute_value) = lower('{{ var("marketo_status_field") }}')
    )

    select * from final
{%- else %}
    {{ lead_funnel.empty_contract_relation('lead_status_history') }}
{%- endif %}
