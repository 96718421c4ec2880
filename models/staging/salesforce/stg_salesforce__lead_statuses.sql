{{ config(
    enabled=lead_funnel.source_enabled('salesforce'),
    materialized='table'
) }}
{#-
    The status history of each person that started as a Salesforce lead (README "Connectors"),
    statuses mapped by seed salesforce_lead_status_map (unknown values kept as exported):
    - with lead_history: the status at creation (the first Status change's old_value, else the
      current status when it never changed) at created_date, then every Status change (new_value
      at created_date);
    - without it (var salesforce__lead_history_enabled false): the current status at
      last_modified_date, flagged is_lossy;
    - a converted lead reaches qualified at converted_date (00:00 UTC, not before the lead was
      created) unless a status mapped to qualified says so on or before that day.
    Leads merged away or converted into another person's contact add no statuses.
    A table: stg_salesforce__as_contract_lead_status_history and its seven tests read it (a view
    re-read the lead history for each).
-#}
{%- set timestamp_type = api.Column.translate_type('timestamp') -%}
{%- set has_history = lead_funnel.connector_table_enabled('salesforce', 'lead_history') -%}

with

identities as (
    select * from {{ ref('stg_salesforce__person_identities') }}
),

leads as (
    select leads.*
    from {{ ref('stg_salesforce__lead') }} as leads
    inner join identities
        on
            leads.id = identities.source_id
            and identities.source_object = 'lead'
            and identities.is_person_origin
),

status_map as (
    select * from {{ ref('salesforce_lead_status_map') }}
),

{% if has_history %}
    changes as (
        select
            history.lead_id,
            history.old_value,
            history.new_value,
            history.created_date,
            history.created_by_id,
            history.id
        from {{ ref('stg_salesforce__lead_history') }} as history
        where lower(history.field) in ('status', 'leadstatus')
    ),

    first_changes as (
        select
            lead_id,
            old_value,
            row_number() over (partition by lead_id order by created_date, id) as change_rank
        from changes
    ),

    recorded as (
        select
            leads.id as lead_id,
            coalesce(first_changes.old_value, leads.status) as salesforce_status,
            leads.created_date as changed_at,
            leads.owner_id,
            'created' as status_origin,
            false as is_lossy
        from leads
        left join first_changes
            on
                leads.id = first_changes.lead_id
                and first_changes.change_rank = 1
        union all
        select
            changes.lead_id,
            changes.new_value as salesforce_status,
            changes.created_date as changed_at,
            changes.created_by_id as owner_id,
            'history' as status_origin,
            false as is_lossy
        from changes
        inner join leads
            on changes.lead_id = leads.id
    ),
{% else %}
    recorded as (
        -- no lead_history: only the current status is known, at the last modification
        select
            leads.id as lead_id,
            leads.status as salesforce_status,
            coalesce(leads.last_modified_date, leads.created_date) as changed_at,
            leads.owner_id,
            'current' as status_origin,
            true as is_lossy
        from leads
    ),
{% endif %}

mapped as (
    select
        recorded.lead_id,
        recorded.salesforce_status,
        coalesce(status_map.status, recorded.salesforce_status) as status,
        status_map.status is not null as is_mapped_status,
        recorded.changed_at,
        recorded.owner_id,
        recorded.status_origin,
        recorded.is_lossy
    from recorded
    left join status_map
        on
            {{ lead_funnel.normalise_enum('recorded.salesforce_status') }}
            = {{ lead_funnel.normalise_enum('status_map.salesforce_status') }}
    where recorded.salesforce_status is not null
),

qualified_by_conversion as (
    select
        leads.id as lead_id,
        cast(null as {{ dbt.type_string() }}) as salesforce_status,
        'qualified' as status,
        true as is_mapped_status,
        case
            when cast(leads.converted_date as {{ timestamp_type }}) < leads.created_date then leads.created_date
            else cast(leads.converted_date as {{ timestamp_type }})
        end as changed_at,
        leads.owner_id,
        'converted' as status_origin,
        false as is_lossy
    from leads
    where
        leads.is_converted
        and leads.converted_date is not null
        and not exists (
            select 1 from mapped
            where
                mapped.lead_id = leads.id
                and mapped.status = 'qualified'
                and cast(mapped.changed_at as date) <= leads.converted_date
        )
),

statuses as (
    select * from mapped
    union all
    select * from qualified_by_conversion
),

final as (
    select
        {{ dbt.concat(["'salesforce:'", 'lead_id']) }} as lead_id,
        lead_id as crm_lead_id,
        salesforce_status,
        status,
        is_mapped_status,
        changed_at,
        owner_id,
        status_origin,
        is_lossy
    from statuses
)

select * from final
