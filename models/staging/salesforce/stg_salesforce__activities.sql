{{ config(enabled=lead_funnel.source_enabled('salesforce')) }}
{#-
    One row per staged Salesforce campaign member, task and event, with the activity it is (seeds
    salesforce_campaign_member_activity_map, salesforce_sales_touch_map), the person it counts for
    and when it happened (README "Connectors"). Rows matching no map row stay here with
    is_activity = false; stg_salesforce__as_contract_activities passes on the activities.
    Campaign members: when the member responded, created_date if it responded on the day it was
    created (a web form creates the member at the response), else last_modified_date if that falls
    on first_responded_date (a registrant updated to Attended), else first_responded_date at 00:00
    UTC, flagged is_date_only; a member that did not respond (Registered) at created_date. Tasks at
    completed_date_time, events at start_date_time (then activity_date_time), else activity_date at
    00:00 UTC, flagged is_date_only.
-#}
{%- set timestamp_type = api.Column.translate_type('timestamp') -%}
{%- set has_members = lead_funnel.connector_table_enabled('salesforce', 'campaign_member') -%}
{%- set has_campaigns = lead_funnel.connector_table_enabled('salesforce', 'campaign') -%}
{%- set has_tasks = lead_funnel.connector_table_enabled('salesforce', 'task') -%}
{%- set has_events = lead_funnel.connector_table_enabled('salesforce', 'event') -%}

with

identities as (
    select * from {{ ref('stg_salesforce__person_identities') }}
),

member_map as (
    select * from {{ ref('salesforce_campaign_member_activity_map') }}
),

touch_map as (
    select * from {{ ref('salesforce_sales_touch_map') }}
),

{% if has_members %}
    members as (
        select * from {{ ref('stg_salesforce__campaign_member') }}
    ),
{% else %}
    members as (
        -- campaign_member disabled (var salesforce__campaign_member_enabled): no rows
        select
            cast(null as {{ dbt.type_string() }}) as id,
            cast(null as {{ dbt.type_string() }}) as campaign_id,
            cast(null as {{ dbt.type_string() }}) as lead_id,
            cast(null as {{ dbt.type_string() }}) as contact_id,
            cast(null as {{ dbt.type_string() }}) as status,
            cast(null as {{ dbt.type_boolean() }}) as has_responded,
            cast(null as date) as first_responded_date,
            cast(null as {{ timestamp_type }}) as created_date,
            cast(null as {{ timestamp_type }}) as last_modified_date
        where 1 = 0
    ),
{% endif %}

{% if has_campaigns %}
    campaigns as (
        select * from {{ ref('stg_salesforce__campaign') }}
    ),
{% else %}
    campaigns as (
        -- campaign disabled: members have no campaign type or name, so no map row matches
        select
            cast(null as {{ dbt.type_string() }}) as id,
            cast(null as {{ dbt.type_string() }}) as name,
            cast(null as {{ dbt.type_string() }}) as type
        where 1 = 0
    ),
{% endif %}

{% if has_tasks %}
    tasks as (
        select * from {{ ref('stg_salesforce__task') }}
    ),
{% else %}
    tasks as (
        select
            cast(null as {{ dbt.type_string() }}) as id,
            cast(null as {{ dbt.type_string() }}) as who_id,
            cast(null as {{ dbt.type_string() }}) as subject,
            cast(null as {{ dbt.type_string() }}) as task_subtype,
            cast(null as {{ dbt.type_string() }}) as type,
            cast(null as date) as activity_date,
            cast(null as {{ timestamp_type }}) as completed_date_time
        where 1 = 0
    ),
{% endif %}

{% if has_events %}
    events as (
        select * from {{ ref('stg_salesforce__event') }}
    ),
{% else %}
    events as (
        select
            cast(null as {{ dbt.type_string() }}) as id,
            cast(null as {{ dbt.type_string() }}) as who_id,
            cast(null as {{ dbt.type_string() }}) as subject,
            cast(null as {{ dbt.type_string() }}) as type,
            cast(null as date) as activity_date,
            cast(null as {{ timestamp_type }}) as activity_date_time,
            cast(null as {{ timestamp_type }}) as start_date_time
        where 1 = 0
    ),
{% endif %}

member_matches as (
    -- the map rows each member matches, the lowest priority first
    select
        members.id as member_id,
        member_map.activity_type,
        row_number() over (partition by members.id order by member_map.priority) as match_rank
    from members
    left join campaigns
        on members.campaign_id = campaigns.id
    inner join member_map
        on
            {{ lead_funnel.normalise_enum('members.status') }} = {{ lead_funnel.normalise_enum('member_map.member_status') }}
            and (
                member_map.campaign_type is null
                or {{ lead_funnel.normalise_enum('campaigns.type') }}
                = {{ lead_funnel.normalise_enum('member_map.campaign_type') }}
            )
            and (
                member_map.campaign_name_pattern is null
                or coalesce({{ lead_funnel.regex_matches_column(
                    'lower(campaigns.name)', 'lower(member_map.campaign_name_pattern)'
                ) }}, false)
            )
),

member_activities as (
    select
        'campaign_member' as source_object,
        members.id as source_id,
        coalesce(members.lead_id, members.contact_id) as who_id,
        members.lead_id as crm_lead_id,
        members.contact_id as crm_contact_id,
        member_matches.activity_type,
        members.status as salesforce_type,
        case
            when not coalesce(members.has_responded, false) or members.first_responded_date is null
                then members.created_date
            when cast(members.created_date as date) = members.first_responded_date
                then members.created_date
            when cast(members.last_modified_date as date) = members.first_responded_date
                then members.last_modified_date
            else cast(members.first_responded_date as {{ timestamp_type }})
        end as occurred_at,
        coalesce(members.has_responded, false)
        and members.first_responded_date is not null
        and coalesce(cast(members.created_date as date) <> members.first_responded_date, true)
        and coalesce(cast(members.last_modified_date as date) <> members.first_responded_date, true)
            as is_date_only,
        campaigns.name as asset,
        members.campaign_id
    from members
    left join campaigns
        on members.campaign_id = campaigns.id
    left join member_matches
        on
            members.id = member_matches.member_id
            and member_matches.match_rank = 1
),

task_activities as (
    select
        'task' as source_object,
        tasks.id as source_id,
        tasks.who_id,
        cast(null as {{ dbt.type_string() }}) as crm_lead_id,
        cast(null as {{ dbt.type_string() }}) as crm_contact_id,
        coalesce(by_subtype.activity_type, by_type.activity_type) as activity_type,
        coalesce(tasks.task_subtype, tasks.type) as salesforce_type,
        coalesce(tasks.completed_date_time, cast(tasks.activity_date as {{ timestamp_type }})) as occurred_at,
        tasks.completed_date_time is null and tasks.activity_date is not null as is_date_only,
        tasks.subject as asset,
        cast(null as {{ dbt.type_string() }}) as campaign_id
    from tasks
    left join touch_map as by_subtype
        on
            by_subtype.salesforce_object = 'task'
            and {{ lead_funnel.normalise_enum('tasks.task_subtype') }}
            = {{ lead_funnel.normalise_enum('by_subtype.salesforce_type') }}
    left join touch_map as by_type
        on
            by_type.salesforce_object = 'task'
            and {{ lead_funnel.normalise_enum('tasks.type') }} = {{ lead_funnel.normalise_enum('by_type.salesforce_type') }}
),

event_matches as (
    select
        events.id as event_id,
        touch_map.activity_type,
        row_number() over (
            partition by events.id
            order by case when touch_map.salesforce_type is null then 1 else 0 end, touch_map.activity_type
        ) as match_rank
    from events
    inner join touch_map
        on
            touch_map.salesforce_object = 'event'
            and (
                touch_map.salesforce_type is null
                or {{ lead_funnel.normalise_enum('events.type') }} = {{ lead_funnel.normalise_enum('touch_map.salesforce_type') }}
            )
),

event_activities as (
    select
        'event' as source_object,
        events.id as source_id,
        events.who_id,
        cast(null as {{ dbt.type_string() }}) as crm_lead_id,
        cast(null as {{ dbt.type_string() }}) as crm_contact_id,
        event_matches.activity_type,
        events.type as salesforce_type,
        coalesce(
            events.start_date_time, events.activity_date_time, cast(events.activity_date as {{ timestamp_type }})
        ) as occurred_at,
        events.start_date_time is null and events.activity_date_time is null and events.activity_date is not null
            as is_date_only,
        events.subject as asset,
        cast(null as {{ dbt.type_string() }}) as campaign_id
    from events
    left join event_matches
        on
            events.id = event_matches.event_id
            and event_matches.match_rank = 1
),

activities as (
    select * from member_activities
    union all
    select * from task_activities
    union all
    select * from event_activities
),

final as (
    select
        {{ dbt.concat(["'salesforce:'", 'activities.source_id']) }} as activity_id,
        activities.source_object,
        activities.source_id,
        -- the person of who_id; an id that is no staged person keeps its own key (the contract
        -- staging quarantines it as unknown_lead), no who_id stays null (missing_lead_id)
        coalesce(
            identities.person_key,
            contact_identities.person_key,
            case when activities.who_id is not null then {{ dbt.concat(["'salesforce:'", 'activities.who_id']) }} end
        ) as lead_id,
        activities.activity_type,
        activities.activity_type is not null as is_activity,
        activities.salesforce_type,
        activities.occurred_at,
        activities.is_date_only,
        activities.asset,
        case
            when activities.campaign_id is not null then {{ dbt.concat(["'salesforce:'", 'activities.campaign_id']) }}
        end as campaign_id
    from activities
    left join identities
        on activities.who_id = identities.source_id
    left join identities as contact_identities
        on activities.crm_contact_id = contact_identities.source_id
)

select * from final
