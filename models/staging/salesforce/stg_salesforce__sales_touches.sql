{{ config(enabled=lead_funnel.source_enabled('salesforce')) }}
{#-
    One row per staged Salesforce task and event: the sales touch it is (seed
    salesforce_sales_touch_map: a task on its subtype, else its type; an event on its type, an
    empty map type matching any; null when no row matches, e.g. a to-do) and when it happened:
    tasks at completed_date_time, events at start_date_time (then activity_date_time), else
    activity_date at 00:00 UTC, flagged is_date_only.
-#}
{%- set timestamp_type = api.Column.translate_type('timestamp') -%}
{%- set has_tasks = lead_funnel.connector_table_enabled('salesforce', 'task') -%}
{%- set has_events = lead_funnel.connector_table_enabled('salesforce', 'event') -%}

with

touch_map as (
    select * from {{ ref('salesforce_sales_touch_map') }}
),

{% if has_tasks %}
    tasks as (
        select * from {{ ref('stg_salesforce__task') }}
    ),
{% else %}
    tasks as (
        {{ lead_funnel.empty_relation([
            ('id', 'text'), ('who_id', 'text'), ('subject', 'text'),
            ('task_subtype', 'text'), ('type', 'text'), ('activity_date', 'date'),
            ('completed_date_time', 'timestamp')
        ]) }}
    ),
{% endif %}

{% if has_events %}
    events as (
        select * from {{ ref('stg_salesforce__event') }}
    ),
{% else %}
    events as (
        {{ lead_funnel.empty_relation([
            ('id', 'text'), ('who_id', 'text'), ('subject', 'text'), ('type', 'text'),
            ('activity_date', 'date'), ('activity_date_time', 'timestamp'),
            ('start_date_time', 'timestamp')
        ]) }}
    ),
{% endif %}

task_activities as (
    select
        'task' as source_object,
        tasks.id as source_id,
        tasks.who_id,
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
            and {{ lead_funnel.normalise_enum('tasks.type') }}
            = {{ lead_funnel.normalise_enum('by_type.salesforce_type') }}
),

event_matches as (
    select
        events.id as event_id,
        touch_map.activity_type,
        row_number() over (
            partition by events.id
            order by
                case when {{ lead_funnel.clean_text('touch_map.salesforce_type') }} is null then 1 else 0 end,
                touch_map.activity_type
        ) as match_rank
    from events
    inner join touch_map
        on
            touch_map.salesforce_object = 'event'
            and (
                {{ lead_funnel.clean_text('touch_map.salesforce_type') }} is null
                or {{ lead_funnel.normalise_enum('events.type') }}
                = {{ lead_funnel.normalise_enum('touch_map.salesforce_type') }}
            )
),

event_activities as (
    select
        'event' as source_object,
        events.id as source_id,
        events.who_id,
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

final as (
    select * from task_activities
    union all
    select * from event_activities
)

select * from final
